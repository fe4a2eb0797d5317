"""How sentences become terms for the text models (one place, so counting and fitting agree).

Two schemes:

* **words** — lower-cased words of two or more characters (scikit-learn's
  default pattern) and their bigrams; the classifier's :func:`text_tokens` adds
  5-letter prefixes and 3-letter suffixes. The attribution and specifics
  models and the classifier use it.
* **cased** — :func:`cased_tokens`: words *as written* and punctuation marks,
  and their bigrams. Headline style lives in case and punctuation ("You Won't
  Believe...", "?"): the sensational-wording model uses it.

A :class:`TokenScheme` says, per scheme, how a sentence splits into tokens and
which terms one token brings, so :class:`pipeline.features.SharedTfidf` can
count every model of a scheme in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: scikit-learn's default word token pattern (the signals' vectorizers use it too).
WORDS = re.compile(r"(?u)\b\w\w+\b")
#: The same tokens, found a fifth faster: a greedy ``\w\w+`` scanning left to right only
#: ever starts at a word's first character and takes the whole word, so the ``\b`` add nothing.
_WORDS_FAST = re.compile(r"\w\w+")
#: Words as written and single punctuation marks (no ``\b``, for the same reason).
CASED = re.compile(r"\w+|[^\w\s]")


def text_tokens(doc: str) -> list[str]:
    """Words, word bigrams, 5-letter prefixes (``p:``) and 3-letter suffixes (``s:``).

    Words and bigrams are exactly what a default ``TfidfVectorizer(ngram_range=(1, 2))``
    sees, so the word-scheme signals' vocabularies are a subset of what this yields.
    Affixes catch inflections and spellings the word vocabulary misses at a twelfth
    of the cost of character n-grams (grouped-CV F1 0.550 vs 0.557 for char 2-5
    grams, 0.537 for words alone).
    """
    words = _lower_words(doc)
    affixes = [word_affixes(w) for w in words]
    # prefixes before suffixes: the vocabulary's first-seen order (and so the model file) depends on it
    return words + word_bigrams(words) + [a[0] for a in affixes] + [a[1] for a in affixes if len(a) > 1]


def cased_tokens(doc: str) -> list[str]:
    """Words as written, punctuation marks, and their bigrams (the cased scheme's terms)."""
    tokens = CASED.findall(doc)
    return tokens + word_bigrams(tokens)


def word_bigrams(words: Sequence[str]) -> list[str]:
    """Adjacent word pairs, space-joined (scikit-learn's bigram form)."""
    return [f"{a} {b}" for a, b in zip(words, words[1:])]


def word_affixes(word: str) -> tuple[str, ...]:
    """A word's 5-letter prefix (``p:``) and, for words over four letters, 3-letter suffix (``s:``)."""
    return ("p:" + word[:5], "s:" + word[-3:]) if len(word) > 4 else ("p:" + word[:5],)


def inner_words(text: str, pattern: re.Pattern = WORDS) -> list[str]:
    """The words of ``text`` after its first (as ``pattern`` finds them), where a capital marks a
    name; none for a headline in title case ("Hilarious Video Shows ..."), whose capitals mark
    nothing: more than half its words capitalised."""
    words = pattern.findall(text)
    inner = words[1:]
    return [] if sum(w[0].isupper() for w in inner) * 2 > len(words) else inner


@dataclass(frozen=True)
class TokenScheme:
    """How one scheme tokenises: ``split`` a sentence into tokens; the terms one token brings."""

    name: str
    split: Callable[[str], list[str]]
    token_terms: Callable[[str], tuple[str, ...]]


def _lower_words(doc: str) -> list[str]:
    return _WORDS_FAST.findall(doc.lower())


def _word_and_affixes(word: str) -> tuple[str, ...]:
    return (word, *word_affixes(word))


def _token_alone(token: str) -> tuple[str, ...]:
    return (token,)


WORD_SCHEME = TokenScheme("words", _lower_words, _word_and_affixes)
CASED_SCHEME = TokenScheme("cased", CASED.findall, _token_alone)


def scheme_of(vectorizer) -> TokenScheme | None:
    """The scheme whose terms include every term of a fitted vectorizer, or ``None``.

    Bigrams of the scheme's tokens are always counted; a vectorizer that sees
    fewer terms (no affixes, unigrams only) just ignores the columns it lacks.
    """
    analyzer = getattr(vectorizer, "analyzer", None)
    if analyzer is text_tokens:
        return WORD_SCHEME
    if analyzer is cased_tokens:
        return CASED_SCHEME
    default_words = (analyzer == "word" and vectorizer.lowercase and vectorizer.tokenizer is None
                     and vectorizer.preprocessor is None and not vectorizer.strip_accents
                     and vectorizer.token_pattern == WORDS.pattern and vectorizer.stop_words is None
                     and tuple(vectorizer.ngram_range) in ((1, 1), (1, 2)))
    return WORD_SCHEME if default_words else None
