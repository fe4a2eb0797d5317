"""Token schemes: what each text model counts, and which scheme a fitted vectorizer belongs to."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from pipeline.tokens import CASED, CASED_SCHEME, WORD_SCHEME, WORDS, cased_tokens, inner_words, scheme_of, text_tokens


def test_tokens_cased_equal_sklearn_cased_bigrams(seed_sentences):
    analyzer = CountVectorizer(ngram_range=(1, 2), lowercase=False, token_pattern=CASED.pattern).build_analyzer()
    for sentence in seed_sentences:
        assert cased_tokens(sentence) == analyzer(sentence)


def test_tokens_cased_keep_case_and_punctuation(seed_sentences):
    headline = seed_sentences[0]  # "Behind Closed Doors: ..."
    tokens = cased_tokens(headline)
    assert "Closed" in tokens and ":" in tokens
    assert "closed" in text_tokens(headline) and "Closed" not in text_tokens(headline)


@pytest.mark.parametrize("vectorizer,scheme", [
    (TfidfVectorizer(analyzer=text_tokens), WORD_SCHEME),
    (TfidfVectorizer(analyzer=cased_tokens), CASED_SCHEME),
    (TfidfVectorizer(ngram_range=(1, 2)), WORD_SCHEME),
    (TfidfVectorizer(), WORD_SCHEME),
    (TfidfVectorizer(ngram_range=(1, 3)), None),      # trigrams: not counted by a scheme
    (TfidfVectorizer(lowercase=False), None),
    (TfidfVectorizer(stop_words="english"), None),
    (TfidfVectorizer(analyzer="char_wb"), None),
])
def test_tokens_scheme_of_vectorizer(vectorizer, scheme):
    assert scheme_of(vectorizer) is scheme


def test_tokens_shipped_sensational_model_is_cased(scorer):
    assert scheme_of(scorer.model.signals["sensational_wording"].vectorizer_) is CASED_SCHEME
    assert scheme_of(scorer.model.text_vectorizer) is WORD_SCHEME


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("aZé_1 .,'’-\u00a0\u0307İ\n")), max_size=40))
def test_tokens_fast_patterns_equal_the_bounded_ones(text):
    import re

    from pipeline.tokens import WORDS, _WORDS_FAST

    assert _WORDS_FAST.findall(text) == WORDS.findall(text)
    assert CASED.findall(text) == re.findall(r"(?u)\b\w+\b|[^\w\s]", text)


def test_tokens_inner_words_skip_the_first_word_and_title_case_headlines(seed_sentences):
    # the seed's headline is in title case: its capitals mark no names
    assert inner_words(seed_sentences[0]) == []
    # "According to a European diplomat, ...": every word after "According"
    sentence = seed_sentences[3]
    assert inner_words(sentence) == WORDS.findall(sentence)[1:]
    assert "European" in inner_words(sentence)
