"""Shared machinery of the signal extractors.

Every signal joins two kinds of knowledge:

* **rules** — editable regex lexicons under ``pipeline/resources/`` whose
  matches become evidence spans with a cue name. Each cue carries a prior
  confidence from the lexicon, updated in :meth:`SignalExtractor.fit` with how
  often the cue co-occurs with a positive label in the signal's corpus
  (a Beta posterior mean, so a cue the corpus never shows keeps its prior);
* **a learned text model** — TF-IDF word n-grams and logistic regression fitted
  on the signal's corpus; its strongest positive n-grams become evidence too.

The signal score is the noisy-OR of the strongest rule cue confidences and the
learned probability, adjusted by each signal (e.g. a named source lowers
anonymous attribution).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import NamedTuple

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from ..tokens import WORDS
from .pattern_index import PatternIndex



class Cue(NamedTuple):
    """A match inside one sentence: sentence-relative offsets, cue name and confidence.

    ``key`` names the lexicon entry (or parser rule) that matched; confidences
    are learned per key, so one noisy entry does not drag down its whole cue.
    (Named tuples: immutable, and built five times faster than frozen dataclasses,
    which matters at several per sentence.)
    """

    start: int
    end: int
    cue: str
    confidence: float
    key: str = ""


class SignalResult(NamedTuple):
    """What one extractor found in one sentence (``counts``: rule cue name -> matches)."""

    score: float
    cues: tuple[Cue, ...] = ()
    learned: float = 0.0
    counts: Mapping[str, int] = MappingProxyType({})


@dataclass(frozen=True)
class Pattern:
    """A compiled lexicon pattern with its cue, prior confidence and key (``file:row``).

    ``lowered`` marks a case-insensitive pattern compiled without IGNORECASE, to
    run on lower-cased text: Python's regex engine is a third faster that way.
    """

    regex: re.Pattern
    cue: str
    confidence: float
    key: str
    lowered: bool = False


def read_resource_rows(name: str) -> list[list[str]]:
    """Rows of a TSV lexicon in ``pipeline/resources`` (comment lines and header dropped)."""
    text = resources.files("pipeline").joinpath("resources", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return rows[1:]


#: Joins the sentences of a batch so each pattern scans them in one pass. No
#: lexicon pattern can match it (they use no ``.``, negated classes, ``\W``,
#: ``\S`` or ``\D``), so no match crosses from one sentence into the next.
SEPARATOR = "\x00"


def load_patterns(name: str, *, flags: int = re.IGNORECASE) -> list[Pattern]:
    """Compile a ``pattern<TAB>cue<TAB>confidence`` lexicon; a leading ``^`` means sentence start."""
    out = []
    for row, (p, cue, conf) in enumerate(read_resource_rows(name), start=1):
        if p.startswith("^"):
            p = f"(?:^|(?<={SEPARATOR}))" + p[1:]
        # an all-lower-case pattern matched case-insensitively can run on lower-cased text instead
        lowered = bool(flags & re.IGNORECASE) and p == p.lower()
        compiled = re.compile(p, flags & ~re.IGNORECASE if lowered else flags)
        out.append(Pattern(compiled, cue, float(conf), f"{name}:{row}", lowered))
    return out


def _joined(texts: Sequence[str]) -> tuple[str, str]:
    """The sentences joined by :data:`SEPARATOR`, as given and lower-cased (same length)."""
    joined = SEPARATOR.join(texts)
    lowered = joined.lower()
    if len(lowered) != len(joined):  # a few characters lower-case to two; keep offsets exact
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in joined)
    return joined, lowered


#: Scans of one batch made for several lexicons in one walk (:func:`scanned_together`): by the
#: ``id`` of a lexicon's pattern list, the list, the sentences and its ``(pattern, start, end)``
#: spans. A value depends only on its key objects, so concurrent threads cannot make one wrong.
_SCANNED: dict[int, tuple[Sequence[Pattern], list[str], list[tuple[int, int, int]]]] = {}


@contextmanager
def scanned_together(lexicons: Sequence[Sequence[Pattern]], texts: Sequence[str]) -> Iterator[None]:
    """Walk the words of ``texts`` once for all ``lexicons``; :func:`scan_patterns` then reads it.

    Parameters
    ----------
    lexicons
        Pattern lists (the extractors' ``patterns_``, kept as the same objects).
    texts
        The batch's sentences, as the extractors will be given them.

    Notes
    -----
    Each lexicon's head-word regex pass cost about 3.5 us a sentence; one pass over
    the union of their heads tries, per pattern, the same word starts (see
    :mod:`.pattern_index`). Entries are dropped on exit.
    """
    texts = list(texts)
    combined = tuple(p for patterns in lexicons for p in patterns)
    index = _pattern_index(combined)
    if not texts or not _combinable(index):
        yield
        return
    spans = index.finditer_spans(*_joined(texts))
    keys, offset = [], 0
    for patterns in lexicons:
        lo = bisect.bisect_left(spans, (offset,))
        hi = bisect.bisect_left(spans, (offset + len(patterns),))
        _SCANNED[id(patterns)] = (patterns, texts, [(j - offset, a, b) for j, a, b in spans[lo:hi]])
        keys.append(id(patterns))
        offset += len(patterns)
    try:
        yield
    finally:
        for key in keys:
            _SCANNED.pop(key, None)


def _combinable(index: PatternIndex) -> bool:
    """Whether a union index tries each pattern where its own index would.

    A word found through another lexicon's head is offered to the digit-led
    patterns when its first character ``isdigit``; their own index finds such words
    by ``\\d`` only, so no head may start with a digit that is not a decimal one.
    """
    return not any(h[0].isdigit() and not h[0].isdecimal() for h in index.heads())


def _prescanned(patterns: Sequence[Pattern], texts: Sequence[str]) -> list[tuple[int, int, int]] | None:
    entry = _SCANNED.get(id(patterns))
    if entry is None or entry[0] is not patterns or entry[1] != (texts if isinstance(texts, list) else list(texts)):
        return None
    return entry[2]


def scan_patterns(patterns: Sequence[Pattern], texts: Sequence[str],
                  confidence: dict[str, float]) -> list[list[Cue]]:
    """Matches of every pattern in every sentence, sentence-relative, in pattern then text order.

    The sentences are joined and walked once (see :mod:`.pattern_index`), or read
    from a walk :func:`scanned_together` made; the matches are those of each
    pattern's ``finditer``.
    """
    spans = _prescanned(patterns, texts)
    if spans is None:
        spans = _pattern_index(tuple(patterns)).finditer_spans(*_joined(texts))
    starts, pos = [], 0
    for t in texts:
        starts.append(pos)
        pos += len(t) + 1
    found: list[list[Cue]] = [[] for _ in texts]
    for j, start, end in spans:
        if end > start:
            p = patterns[j]
            i = bisect.bisect_right(starts, start) - 1
            found[i].append(Cue(start - starts[i], end - starts[i], p.cue, confidence[p.key], p.key))
    return found


@lru_cache(maxsize=16)
def _pattern_index(patterns: tuple[Pattern, ...]) -> PatternIndex:
    """One index per lexicon (kept out of the fitted extractor, so model files do not change)."""
    return PatternIndex([p.regex for p in patterns], [p.lowered for p in patterns])


def pattern_priors(patterns: Iterable[Pattern]) -> dict[str, float]:
    """Prior confidence of each lexicon entry, by key."""
    return {p.key: p.confidence for p in patterns}


def noisy_or(probabilities: Iterable[float]) -> float:
    """Probability that at least one of independent events happens."""
    miss = 1.0
    for p in probabilities:
        miss *= 1.0 - p
    return 1.0 - miss


def strongest_per_cue(cues: Sequence[Cue]) -> list[float]:
    """The highest confidence of each cue name (repeats of a cue do not stack)."""
    best: dict[str, float] = {}
    for c in cues:
        best[c.cue] = max(best.get(c.cue, 0.0), c.confidence)
    return list(best.values())


def drop_overlaps(cues: Iterable[Cue], kept: Sequence[Cue] = ()) -> list[Cue]:
    """Keep the most confident of overlapping cues (ties: the longest), in text order.

    ``kept`` are cues already chosen (disjoint); new cues must not overlap them.
    Runs in O(k log k): kept spans stay sorted and disjoint, so only the
    neighbours of a candidate's position can overlap it.
    """
    starts = [c.start for c in sorted(kept, key=lambda c: c.start)]
    chosen = sorted(kept, key=lambda c: c.start)
    ranked = sorted(cues, key=lambda c: (-c.confidence, -(c.end - c.start), c.start))
    for c in ranked:
        i = bisect.bisect_left(starts, c.start)
        if i < len(chosen) and chosen[i].start < c.end:
            continue
        if i > 0 and chosen[i - 1].end > c.start:
            continue
        starts.insert(i, c.start)
        chosen.insert(i, c)
    return chosen


def _is_content(token: str) -> bool:
    """A token worth showing as evidence: not a stop word, not only punctuation."""
    return token.lower() not in ENGLISH_STOP_WORDS and any(c.isalnum() for c in token)


def strip_unstable_state(vectorizer) -> None:
    """Remove what makes a fitted vectorizer's pickle differ between identical runs.

    ``stop_words_`` is introspection only, large, and a set whose order follows
    the per-process string hash; ``_stop_words_id`` is an ``id()`` cache key.
    Without them ``misinfo train`` writes byte-identical model files.
    """
    for attr in ("stop_words_", "_stop_words_id"):
        if hasattr(vectorizer, attr):
            delattr(vectorizer, attr)


def plain_vocabulary(vectorizer) -> None:
    """Make a fitted vectorizer's ``vocabulary_`` map terms to Python ints.

    scikit-learn leaves ``numpy.int64`` values there after ``max_features``;
    each one is pickled as its own reduce call, which made loading the model
    (joblib unpickles in Python) take three times as long. Columns are unchanged.
    """
    vectorizer.vocabulary_ = {term: int(column) for term, column in vectorizer.vocabulary_.items()}


def as_texts(X) -> list[str]:
    """Accept a list/array/Series of strings (the sklearn text-transformer convention)."""
    if isinstance(X, str):
        raise TypeError("expected an iterable of sentences, got a single string")
    texts = list(X.ravel()) if isinstance(X, np.ndarray) else list(X)
    for t in texts:
        if not isinstance(t, str):
            raise TypeError(f"sentences must be str, got {type(t).__name__}")
    return texts


class SignalExtractor(TransformerMixin, BaseEstimator):
    """Base of the three signal extractors (a scikit-learn transformer over sentences).

    ``transform`` gives, per sentence, one column per rule cue (match counts),
    the learned probability and the signal score; :meth:`analyze` gives the same
    with evidence. Subclasses set :attr:`name`, :attr:`rule_cues`,
    :attr:`learned_cue` and :attr:`lexicon_file`, and may add cues found other
    than by regex with :meth:`_extra_cues` / :meth:`_extra_priors`.

    Parameters
    ----------
    learned
        Fit the learned text model when labels are given to ``fit``.
    prior_strength
        Pseudo-count of the lexicon's prior confidence against corpus evidence.
    C
        Inverse regularisation of the learned logistic regression.
    max_features
        Vocabulary size of the learned model.
    evidence_weight
        Smallest logistic-regression weight for an n-gram to be shown as evidence.
    evidence_terms
        At most this many of the strongest positive n-grams are kept as evidence
        terms (n-grams made only of stop words never are).
    """

    name: str = "signal"
    rule_cues: tuple[str, ...] = ()
    learned_cue: str = "learned_term"
    #: The regex lexicon in ``pipeline/resources`` and how to compile it.
    lexicon_file: str = ""
    lexicon_flags: int = re.IGNORECASE
    #: Share of the learned probability that enters the score. Below 1 when the
    #: signal's corpus is far from news (Wikipedia, debates), so that the learned
    #: part alone fires only when it is sure; rules then carry most sentences.
    learned_weight: float = 1.0

    def __init__(self, *, learned: bool = True, prior_strength: float = 20.0, C: float = 4.0,
                 max_features: int = 40000, evidence_weight: float = 1.0,
                 evidence_terms: int = 400) -> None:
        self.learned = learned
        self.prior_strength = prior_strength
        self.C = C
        self.max_features = max_features
        self.evidence_weight = evidence_weight
        self.evidence_terms = evidence_terms

    # -- fitting ---------------------------------------------------------
    def fit(self, X, y=None):
        """Load the lexicons; with labels, update cue confidences and fit the text model."""
        texts = as_texts(X)
        self._load_rules()
        priors = self._prior_confidences()
        self.cue_confidence_ = dict(priors)
        self.vectorizer_ = None
        self.classifier_ = None
        self.evidence_terms_ = {}
        if y is not None:
            labels = np.asarray(y, dtype=int)
            if labels.shape[0] != len(texts):
                raise ValueError(f"{len(texts)} sentences but {labels.shape[0]} labels")
            self._update_confidences(texts, labels, priors)
            if self.learned and len(set(labels.tolist())) == 2:
                self._fit_text_model(texts, labels)
        self.n_features_out_ = len(self.rule_cues) + 2
        return self

    def _load_rules(self) -> None:
        self.patterns_ = load_patterns(self.lexicon_file, flags=self.lexicon_flags)

    def _prior_confidences(self) -> dict[str, float]:
        return {**pattern_priors(self.patterns_), **self._extra_priors()}

    def _extra_priors(self) -> dict[str, float]:
        """Prior confidences of the cues :meth:`_extra_cues` gives, by key."""
        return {}

    def _extra_cues(self, text: str) -> list[Cue]:
        """Cues found other than by the regex lexicon (e.g. by a parser)."""
        return []

    def _rule_cues_batch(self, texts: Sequence[str]) -> list[list[Cue]]:
        return self._add_extra_cues(scan_patterns(self.patterns_, texts, self.cue_confidence_), texts)

    def _add_extra_cues(self, found: list[list[Cue]], texts: Sequence[str]) -> list[list[Cue]]:
        """Each sentence's lexicon matches ``found`` extended with its :meth:`_extra_cues`."""
        for cues, text in zip(found, texts):
            cues.extend(self._extra_cues(text))
        return found

    def _update_confidences(self, texts: list[str], labels: np.ndarray, priors: dict[str, float]) -> None:
        seen = {key: [0, 0] for key in priors}
        for cues, label in zip(self._rule_cues_batch(texts), labels):
            for key in {c.key for c in cues}:
                seen[key][0] += 1
                seen[key][1] += int(label)
        k = self.prior_strength
        # Beta posterior mean; a key whose prior is 0 (a named source) stays 0
        self.cue_confidence_ = {
            key: 0.0 if priors[key] == 0 else (priors[key] * k + pos) / (k + n)
            for key, (n, pos) in seen.items()
        }

    def _make_vectorizer(self) -> TfidfVectorizer:
        """The learned model's TF-IDF: lower-cased word 1-2 grams (the words scheme)."""
        return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                               max_features=self.max_features, dtype=np.float32)

    def _fit_text_model(self, texts: list[str], labels: np.ndarray) -> None:
        """Fit the learned logistic regression on the vectorizer's terms (and any
        :meth:`_training_columns`) and keep the strongest terms as evidence."""
        self.vectorizer_ = self._make_vectorizer()
        matrix = self._training_columns(texts, self.vectorizer_.fit_transform(texts))
        self.classifier_ = LogisticRegression(C=self.C, max_iter=2000, class_weight="balanced")
        self.classifier_.fit(matrix, labels)
        vocab = self.vectorizer_.get_feature_names_out()
        weights = self.classifier_.coef_[0][:len(vocab)]
        ranked = sorted(
            ((float(w), str(term)) for term, w in zip(vocab, weights)
             if w >= self.evidence_weight and any(_is_content(t) for t in term.split())),
            reverse=True,
        )[: self.evidence_terms]
        self.evidence_terms_ = {term: w for w, term in ranked}

    # -- scoring ---------------------------------------------------------
    def analyze(self, X, *, tfidf=None, learned_evidence: bool = True) -> list[SignalResult]:
        """Score and evidence for each sentence.

        ``tfidf`` may hold this extractor's TF-IDF matrix of ``X`` when a caller
        has already computed it (see :class:`pipeline.features.SharedTfidf`).
        ``learned_evidence=False`` leaves out the learned part's evidence: a caller
        that replaces this signal's evidence (a gold-fitted head, which reads only
        the rule cues) need not pay for it.
        """
        check_is_fitted(self, "cue_confidence_")
        texts = as_texts(X)
        learned = self._learned_probabilities(texts, tfidf)
        return [self._result(text, float(p), cues, learned_evidence)
                for text, p, cues in zip(texts, learned, self._rule_cues_batch(texts))]

    def transform(self, X) -> np.ndarray:
        """Feature matrix: rule cue counts, learned probability, score."""
        check_is_fitted(self, "cue_confidence_")
        return self.results_to_matrix(self.analyze(X))

    def results_to_matrix(self, results: Sequence[SignalResult]) -> np.ndarray:
        """Feature rows of :meth:`transform` for already analysed sentences."""
        out = np.zeros((len(results), len(self.rule_cues) + 2), dtype=np.float64)
        index = {cue: i for i, cue in enumerate(self.rule_cues)}
        for row, res in enumerate(results):
            for cue, n in res.counts.items():
                if cue in index:
                    out[row, index[cue]] = n
        out[:, -2] = [res.learned for res in results]
        out[:, -1] = [res.score for res in results]
        return out

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """Stable names: the rule cues, ``learned`` and ``score``."""
        check_is_fitted(self, "cue_confidence_")
        return np.asarray([*self.rule_cues, "learned", "score"], dtype=object)

    def _learned_probabilities(self, texts: list[str], tfidf=None) -> np.ndarray:
        if self.classifier_ is None or not texts:
            return np.zeros(len(texts))
        matrix = self.vectorizer_.transform(texts) if tfidf is None else tfidf
        return self.classifier_.predict_proba(self._scoring_columns(texts, matrix))[:, 1]

    def _training_columns(self, texts: list[str], terms):
        """The learned model's training matrix: the term matrix ``terms``, which a subclass may
        extend with columns of its own after the terms (see :meth:`_scoring_columns`)."""
        return terms

    def _scoring_columns(self, texts: list[str], terms):
        """The learned model's input when scoring: the same columns as :meth:`_training_columns`."""
        return terms

    def _result(self, text: str, learned: float, cues: list[Cue], learned_evidence: bool = True) -> SignalResult:
        counts: dict[str, int] = {}
        for c in cues:
            counts[c.cue] = counts.get(c.cue, 0) + 1
        score = self._combine(text, cues, learned)
        evidence = drop_overlaps(cues) if cues else []  # most sentences have no rule cue
        if learned_evidence and self._wants_learned_evidence(score, learned):
            # learned n-grams only fill in where no rule cue already explains the text
            evidence = drop_overlaps(self._learned_evidence(text, learned), kept=evidence)
        return SignalResult(float(min(1.0, max(0.0, score))), tuple(evidence), learned, counts)

    def _combine(self, text: str, cues: Sequence[Cue], learned: float) -> float:
        return noisy_or([*strongest_per_cue(cues), self.learned_weight * learned])

    def _wants_learned_evidence(self, score: float, learned: float) -> bool:
        """Show learned evidence when the learned part alone makes the signal fire."""
        return self.learned_weight * learned >= 0.5 and bool(self.evidence_terms_)

    def _evidence_tokens(self, text: str) -> list[tuple[int, int, str]]:
        """The sentence's tokens as the learned model sees them, with offsets."""
        return [(m.start(), m.end(), m.group().lower()) for m in WORDS.finditer(text)]

    def _learned_evidence(self, text: str, learned: float) -> list[Cue]:
        """Spans of the sentence's strongest positive n-grams of the learned model."""
        tokens = self._evidence_tokens(text)
        found: list[Cue] = []
        terms = self.evidence_terms_
        for i, (start, end, tok) in enumerate(tokens):
            if tok in terms:
                found.append(Cue(start, end, self.learned_cue, learned))
            if i + 1 < len(tokens):
                bigram = f"{tok} {tokens[i + 1][2]}"
                if bigram in terms:
                    found.append(Cue(start, tokens[i + 1][1], self.learned_cue, learned))
        return found
