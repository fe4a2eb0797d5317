"""Which words of a sentence carry its sensational wording: a linear word tagger.

Trained on the words of PTC train sentences, labelled by whether they fall in a
gold ``Loaded_Language`` or ``Exaggeration,Minimisation`` span (for a sentence
of the signals gold, in its sensational evidence instead: see
``training._ptc_sensational``); the signal heads' taggers, on the gold evidence
of their signal. A word's score is a logistic regression over hashed features
of the word, its shape, 3-letter suffix and 5-letter prefix, the previous and
next words (and, for a tagger of figures, whether they are numbers) and its
position (0, 1, 2, 3+). Words scoring at least :data:`THRESHOLD` become
evidence; neighbours within :data:`JOIN_GAP` characters join into one span.

Chosen by grouped 5-fold CV on PTC train (``benchmarks/evidence_cv.py``: the
sensational signal cross-fitted, char-overlap F1 of the tagged words against
the gold spans, counted where the signal fires): F1 0.220 at thresholds 0.06
and 0.08, 0.215 at 0.10, 0.206 at 0.12, so 0.08, the middle of that plateau; the
former span lexicon (words inside gold spans at least half the time) reached
0.124. In a prototype, word-pair context features added nothing. Whether the
neighbours are numbers (``neighbour_digits``: "in" before a year, "troops" after
a count) taught the specifics head's tagger where a figure's phrase starts and
ends: its grouped-CV evidence F1 on the signals_gold train part rose from 0.479
to 0.494 (the neighbours' full shapes, case included, reached 0.502 but marked
title-case words of headlines, "Closed", "Wall"); the sensational tagger's CV
did not move with them (0.220 at 0.08), so it keeps the words alone.

The model is linear in per-word parts, so scoring caches, per distinct word,
the sum of its own weights and its weights as a previous or next word: a
sentence costs a few dict lookups per word.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from itertools import repeat

import numpy as np
from sklearn.feature_extraction import FeatureHasher
from sklearn.linear_model import LogisticRegression
from sklearn.utils import murmurhash3_32

#: Words the tagger scores (hyphenated and apostrophe words kept whole).
TOKEN = re.compile(r"\w+(?:['’\-]\w+)*")
#: Words of a tagger of figures: also a figure whole ("58,000", "1.6%", "4.4M", "9/11", "10:30")
#: and a dotted abbreviation ("U.S."), which :data:`TOKEN` cuts at the point or comma.
FIGURE_TOKEN = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.|\w+(?:['’\-]\w+|[.,:/](?=\d)\w+)*%?")
#: Hashed feature space (the weights are stored as float32: 1 MB).
N_FEATURES = 2**18
#: Smallest word probability shown as evidence (grouped CV on PTC train, see above).
THRESHOLD = 0.08
#: Characters between two tagged words that still join them into one span.
JOIN_GAP = 2
#: Sentence edges as context words.
START, END = "<s>", "</s>"
#: Distinct words cached before the caches are emptied.
MAX_CACHED_WORDS = 200_000


def _shape(word: str) -> str:
    if word.isupper() and len(word) > 1:
        return "U"
    if word[:1].isupper():
        return "C"
    return "d" if word[:1].isdigit() else "l"


def own_features(word: str) -> list[str]:
    """Features of a word by itself (as written: the shape needs its case)."""
    low = word.lower()
    return [f"w={low}", f"sh={_shape(word)}", f"s3={low[-3:]}", f"p5={low[:5]}"]


def token_features(words: Sequence[str], i: int, neighbour_digits: bool = False) -> list[str]:
    """All features of word ``i`` of a sentence (``neighbour_digits``: with whether the words
    before and after it are numbers)."""
    prev = words[i - 1].lower() if i else START
    nxt = words[i + 1].lower() if i + 1 < len(words) else END
    prev_features, next_features = _CONTEXT[neighbour_digits]
    return [*own_features(words[i]), *prev_features(prev), *next_features(nxt), f"pos={min(i, 3)}"]


def _prev_features(low: str) -> list[str]:
    return [f"p={low}"]


def _next_features(low: str) -> list[str]:
    return [f"n={low}"]


def _prev_digits(low: str) -> list[str]:
    """:func:`_prev_features`, and whether the word before is a number."""
    return [*_prev_features(low), "p=<num>"] if low[:1].isdigit() else _prev_features(low)


def _next_digits(low: str) -> list[str]:
    """:func:`_next_features`, and whether the word after is a number."""
    return [*_next_features(low), "n=<num>"] if low[:1].isdigit() else _next_features(low)


#: The context features of a word, by whether they say that a neighbour is a number.
_CONTEXT: dict[bool, tuple[Callable[[str], list[str]], Callable[[str], list[str]]]] = {
    False: (_prev_features, _next_features),
    True: (_prev_digits, _next_digits),
}


def feature_index(feature: str) -> int:
    """The column ``FeatureHasher(N_FEATURES, alternate_sign=False)`` puts a string feature in
    (its signed 32-bit murmurhash, made non-negative as scikit-learn does), without building a
    matrix: a word the caches have not seen costs a few hashes, not a hasher call."""
    h = murmurhash3_32(feature.encode("utf-8"), seed=0)
    if h == -2**31:
        return (2**31 - 1 - (N_FEATURES - 1)) % N_FEATURES
    return abs(h) % N_FEATURES


class SpanTagger:
    """Word-level tagger of evidence spans (fit on gold spans, then :meth:`runs`).

    Parameters
    ----------
    C
        Inverse regularisation of the word classifier.
    neighbour_digits
        Whether a word also reads whether the words before and after it are numbers.
    figure_tokens
        Whether a figure and a dotted abbreviation are one word (:data:`FIGURE_TOKEN`).
    """

    def __init__(self, C: float = 1.0, neighbour_digits: bool = False, figure_tokens: bool = False) -> None:
        self.C = C
        self.neighbour_digits = neighbour_digits
        self.figure_tokens = figure_tokens
        self._caches()

    @property
    def _token(self) -> re.Pattern:
        return FIGURE_TOKEN if self.figure_tokens else TOKEN

    def _caches(self) -> None:
        self._own: dict[str, float] = {}
        self._as_prev: dict[str, float] = {}
        self._as_next: dict[str, float] = {}
        # the last sentence read and its words: the sensational extractor reads a sentence that
        # fires twice (its tagged runs, then the neighbours its evidence widens over); one tuple,
        # replaced whole, so a thread never reads another sentence's words
        self._last: tuple[str, list] | None = None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("_own", "_as_prev", "_as_next", "_last")}

    def __setstate__(self, state: dict) -> None:
        # a model saved before the options
        self.__dict__.update({"neighbour_digits": False, "figure_tokens": False, **state})
        self._caches()

    @staticmethod
    def _hasher() -> FeatureHasher:
        return FeatureHasher(N_FEATURES, input_type="string", alternate_sign=False)

    def fit(self, texts: Sequence[str], spans: Sequence[Sequence[tuple[int, int]]]) -> "SpanTagger":
        """Learn from sentences and their gold spans (sentence-relative ``(start, end)``)."""
        features: list[list[str]] = []
        labels: list[int] = []
        for text, gold in zip(texts, spans):
            matches = list(self._token.finditer(text))
            words = [m.group() for m in matches]
            for i, m in enumerate(matches):
                features.append(token_features(words, i, self.neighbour_digits))
                labels.append(int(any(a < m.end() and m.start() < b for a, b in gold)))
        if len(set(labels)) < 2:
            raise ValueError("the gold spans must mark some words and leave others")
        clf = LogisticRegression(C=self.C, max_iter=2000)
        clf.fit(self._hasher().transform(features), labels)
        self.coef_ = clf.coef_[0].astype(np.float32)
        self.intercept_ = float(clf.intercept_[0])
        self.position_weights_ = [self._weight([f"pos={k}"]) for k in range(4)]
        self._caches()
        return self

    def _weight(self, features: list[str]) -> float:
        coef = self.coef_
        return float(sum(float(coef[feature_index(f)]) for f in features))

    def _cached(self, cache: dict[str, float], key: str, features: list[str]) -> float:
        value = cache.get(key)
        if value is None:
            if len(cache) >= MAX_CACHED_WORDS:
                cache.clear()
            value = cache[key] = self._weight(features)
        return value

    def _weights(self, cache: dict[str, float], keys: list[str],
                 features: Callable[[str], list[str]]) -> list[float]:
        """The cached weight of each key (a miss computes ``features(key)``'s)."""
        values = list(map(cache.get, keys))  # hits are C lookups
        if None in values:
            for k, value in enumerate(values):
                if value is None:
                    values[k] = self._cached(cache, keys[k], features(keys[k]))
        return values

    def word_probabilities(self, text: str) -> list[tuple[int, int, float]]:
        """``(start, end, probability)`` of each word of ``text`` lying in a sensational span.

        Equal to :meth:`word_probabilities_plain`, the sums taken in the same order in one
        comprehension (the position weights as a list beside the words): 24 -> 21 us a PTC
        train sentence. Sharing a sentence's words between the three taggers that may read
        it (a cache) cost more than it saved: 30 us, as few sentences are tagged twice.
        """
        last = self._last
        if last is not None and last[0] is text:
            return last[1]
        matches = list(self._token.finditer(text))
        words = [m.group() for m in matches]
        lows = [START, *map(str.lower, words), END]
        n = len(words)
        own = self._weights(self._own, words, own_features)
        prev_features, next_features = _CONTEXT[self.neighbour_digits]
        prev = self._weights(self._as_prev, lows[:-2], prev_features)
        nxt = self._weights(self._as_next, lows[2:], next_features)
        position = self.position_weights_  # word i reads position[min(i, 3)]
        positions = position[:n] if n <= 4 else [*position, *repeat(position[3], n - 4)]
        intercept, exp = self.intercept_, math.exp
        # this order of the sums: float sums must not change
        out = [(*m.span(), 1.0 / (1.0 + exp(-(intercept + a + b + c + p))))
               for m, a, b, c, p in zip(matches, own, prev, nxt, positions)]
        self._last = (text, out)
        return out

    def word_probabilities_plain(self, text: str) -> list[tuple[int, int, float]]:
        """:meth:`word_probabilities` word by word (the plain form the tests compare it with)."""
        matches = list(self._token.finditer(text))
        words = [m.group() for m in matches]
        lows = [START, *map(str.lower, words), END]
        own = self._weights(self._own, words, own_features)
        prev_features, next_features = _CONTEXT[self.neighbour_digits]
        prev = self._weights(self._as_prev, lows[:-2], prev_features)
        nxt = self._weights(self._as_next, lows[2:], next_features)
        position = self.position_weights_
        intercept, exp = self.intercept_, math.exp
        out = []
        for i, (m, a, b, c) in enumerate(zip(matches, own, prev, nxt)):
            z = intercept + a + b + c + position[min(i, 3)]  # this order: float sums must not change
            out.append((*m.span(), 1.0 / (1.0 + exp(-z))))
        return out

    def runs(self, text: str, threshold: float = THRESHOLD) -> list[tuple[int, int, float]]:
        """Spans of tagged words (probability >= ``threshold``), neighbours joined; each
        with its highest word probability."""
        return join_runs(self.word_probabilities(text), threshold)


def join_runs(words: Sequence[tuple[int, int, float]], threshold: float) -> list[tuple[int, int, float]]:
    """Runs of words scoring at least ``threshold`` (``(start, end, probability)`` each),
    neighbours within :data:`JOIN_GAP` characters joined; each with its highest probability."""
    found: list[list] = []
    for start, end, p in words:
        if p < threshold:
            continue
        if found and start - found[-1][1] <= JOIN_GAP:
            found[-1][1] = end
            found[-1][2] = max(found[-1][2], p)
        else:
            found.append([start, end, p])
    return [(a, b, p) for a, b, p in found]
