"""The evidence word tagger: cached scoring equals its logistic regression; spans are sane."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.signals.span_tagger import FIGURE_TOKEN, JOIN_GAP, THRESHOLD, TOKEN, SpanTagger, token_features


@pytest.fixture(scope="module")
def tagger(scorer):
    return scorer.model.signals["sensational_wording"].tagger_


@pytest.mark.parametrize("owner", ["sensational_wording", "unverifiable_specifics"])
def test_span_tagger_cached_scores_equal_the_regression(scorer, owner, seed_sentences):
    # the extractor's tagger reads words alone, the specifics head's also whether neighbours are
    # numbers, over words that keep a figure whole
    model = scorer.model
    tagger = model.signals[owner].tagger_ if owner == "sensational_wording" else model.heads[owner].tagger_
    figures = owner == "unverifiable_specifics"
    assert tagger.neighbour_digits == figures and tagger.figure_tokens == figures
    hasher = tagger._hasher()
    for text in seed_sentences:
        words = [m.group() for m in (FIGURE_TOKEN if figures else TOKEN).finditer(text)]
        features = [token_features(words, i, tagger.neighbour_digits) for i in range(len(words))]
        rows = hasher.transform(features)
        want = 1 / (1 + np.exp(-(rows @ tagger.coef_.astype(np.float64) + tagger.intercept_)))
        got = [p for _, _, p in tagger.word_probabilities(text)]
        np.testing.assert_allclose(got, want, rtol=1e-5)


def test_span_tagger_number_neighbours_are_a_feature_only_when_asked(seed_sentences):
    # seed sentence 2: "... over 10,000 troops ...": "over" and "troops" stand beside a number
    words = [m.group() for m in TOKEN.finditer(seed_sentences[2])]
    at = words.index("troops")
    assert "p=<num>" in token_features(words, at, neighbour_digits=True)
    assert "n=<num>" in token_features(words, words.index("over"), neighbour_digits=True)
    assert not any("<num>" in f for i in range(len(words)) for f in token_features(words, i))


def test_span_tagger_saved_before_the_option_reads_words_alone(tagger, seed_sentences):
    state = tagger.__getstate__()
    del state["neighbour_digits"], state["figure_tokens"]
    old = SpanTagger.__new__(SpanTagger)
    old.__setstate__(state)
    assert old.neighbour_digits is False and old.figure_tokens is False
    assert old.runs(seed_sentences[27]) == tagger.runs(seed_sentences[27])


def test_figure_words_keep_a_figure_and_an_abbreviation_whole(data_dir):
    # signals_gold train sentences whose evidence has a figure with a point or comma, or "U.S.":
    # TOKEN cuts "58,000" and "U.S." at the mark, the figure tagger reads each as one word
    from pipeline.datasets import load_signals_gold

    gold = load_signals_gold(data_dir, "train")
    seen = 0
    for text, spans in zip(gold.texts, gold.spans["unverifiable_specifics"]):
        for a, b in spans:
            for m in TOKEN.finditer(text, a, b):
                joined = text[m.end():m.end() + 1] in {",", "."} and text[m.end() + 1:m.end() + 2].isdigit()
                if not joined or not m.group().isdigit():
                    continue
                seen += 1
                whole = next(f for f in FIGURE_TOKEN.finditer(text) if f.start() <= m.start() < f.end())
                assert whole.end() > m.end() + 1, (text, whole.group())
                assert not any(ch.isspace() for ch in whole.group())
    assert seen >= 50
    abbreviations = [m.group() for text in gold.texts for m in FIGURE_TOKEN.finditer(text) if m.group() == "U.S."]
    assert len(abbreviations) >= 10


def test_span_tagger_marks_the_seed_fear_words(tagger, seed_sentences):
    # sentence 27: "... the shadow of ... looms": both words are loaded language
    text = seed_sentences[27]
    marked = " ".join(text[a:b] for a, b, _ in tagger.runs(text))
    assert "shadow" in marked and "looms" in marked


def test_span_tagger_survives_pickling(tagger, seed_sentences):
    copy = pickle.loads(pickle.dumps(tagger))
    assert "_own" not in copy.__getstate__()
    assert copy.runs(seed_sentences[26]) == tagger.runs(seed_sentences[26])


def test_span_tagger_needs_marked_and_unmarked_words(seed_sentences):
    with pytest.raises(ValueError, match="must mark some words"):
        SpanTagger().fit(seed_sentences[:3], [[], [], []])


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_span_tagger_runs_are_ordered_disjoint_and_confident(tagger, text):
    runs = tagger.runs(text)
    _check_runs(runs, text)


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("0123456789.,:/%-'’ aAsSU\n"), max_size=120) | st.text(max_size=200))
def test_figure_tagger_runs_are_ordered_disjoint_and_confident(scorer, text):
    # the specifics head's tagger reads figure words ("58,000", "U.S."): same guarantees
    runs = scorer.model.heads["unverifiable_specifics"].tagger_.runs(text)
    _check_runs(runs, text)
    words = [m.span() for m in FIGURE_TOKEN.finditer(text)]
    assert all(a < b for a, b in words) and all(b1 <= a2 for (_, b1), (a2, _) in zip(words, words[1:]))


def _check_runs(runs, text):
    for a, b, p in runs:
        assert 0 <= a < b <= len(text)
        assert THRESHOLD <= p <= 1.0 and not math.isnan(p)
    for (_, b1, _), (a2, _, _) in zip(runs, runs[1:]):
        assert a2 - b1 > JOIN_GAP


def test_span_tagger_comprehension_equals_the_plain_scoring(scorer, data_dir, seed_sentences):
    # the one-comprehension sums give exactly the word-by-word probabilities, for the
    # sensational extractor's tagger and the heads'
    from pipeline.datasets import load_ptc_sentences

    texts = list(load_ptc_sentences(data_dir, "dev").texts)[:1500] + seed_sentences + ["", seed_sentences[0][:1]]
    taggers = [scorer.model.signals["sensational_wording"].tagger_]
    taggers += [head.tagger_ for head in scorer.model.heads.values()]
    for tagger in taggers:
        for text in texts:
            assert tagger.word_probabilities(text) == tagger.word_probabilities_plain(text)


def test_span_tagger_reads_a_sentence_again_from_its_last_reading(tagger, seed_sentences):
    # the sensational extractor asks twice for a sentence that fires; the second answer is the first
    first, second = seed_sentences[2], seed_sentences[3]
    words = tagger.word_probabilities(first)
    assert tagger.word_probabilities(first) is words
    other = tagger.word_probabilities(second)
    assert other != words and other == tagger.word_probabilities_plain(second)
    assert tagger.word_probabilities("".join(first)) == words  # an equal text read afresh reads the same
    assert "_last" not in tagger.__getstate__()
