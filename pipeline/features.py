"""The credibility classifier's features: the signal extractors plus word n-grams and affixes.

:func:`build_feature_union` gives the plain scikit-learn ``FeatureUnion`` (names
such as ``anonymous_attribution__unnamed_source``). :class:`FeatureBuilder`
computes the same matrix faster: every text model (the three signals' and the
classifier's) reads the same word counts, so each sentence is tokenised once
(:class:`SharedTfidf`), and each extractor's per-sentence results are kept for
the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize

from .signals import SignalExtractor, SignalResult

TEXT_FEATURES = "text"

#: scikit-learn's default word token pattern (the signals' vectorizers use it too).
_WORD = re.compile(r"(?u)\b\w\w+\b")

#: Words whose columns :class:`SharedTfidf` keeps before it empties its cache.
MAX_CACHED_WORDS = 500_000


def text_tokens(doc: str) -> list[str]:
    """Words, word bigrams, 5-letter prefixes (``p:``) and 3-letter suffixes (``s:``).

    Words and bigrams are exactly what a default ``TfidfVectorizer(ngram_range=(1, 2))``
    sees, so the signals' vocabularies are a subset of what this yields. Affixes
    catch inflections and spellings the word vocabulary misses at a twelfth of the
    cost of character n-grams (grouped-CV F1 0.550 vs 0.557 for char 2-5 grams,
    0.537 for words alone).
    """
    words = _WORD.findall(doc.lower())
    affixes = [word_affixes(w) for w in words]
    # prefixes before suffixes: the vocabulary's first-seen order (and so the model file) depends on it
    return words + word_bigrams(words) + [a[0] for a in affixes] + [a[1] for a in affixes if len(a) > 1]


def word_bigrams(words: Sequence[str]) -> list[str]:
    """Adjacent word pairs, space-joined (scikit-learn's bigram form)."""
    return [f"{a} {b}" for a, b in zip(words, words[1:])]


def word_affixes(word: str) -> tuple[str, ...]:
    """A word's 5-letter prefix (``p:``) and, for words over four letters, 3-letter suffix (``s:``)."""
    return ("p:" + word[:5], "s:" + word[-3:]) if len(word) > 4 else ("p:" + word[:5],)


def make_text_vectorizer(max_features: int = 80000) -> TfidfVectorizer:
    """TF-IDF over :func:`text_tokens` (the lexical part of the classifier)."""
    return TfidfVectorizer(analyzer=text_tokens, min_df=2, sublinear_tf=True,
                           max_features=max_features, dtype=np.float32)


class SharedTfidf:
    """Several fitted word TF-IDF vectorizers computed from one tokenisation.

    One count over the union of their vocabularies finds every term once; each
    vectorizer's matrix is then its columns of those counts with its own
    sublinear tf, idf and l2 norm, equal to its own ``transform``.
    """

    def __init__(self, vectorizers: Sequence[TfidfVectorizer]) -> None:
        union: dict[str, int] = {}
        for vec in vectorizers:
            for term in vec.get_feature_names_out():
                union.setdefault(str(term), len(union))
        self.vocabulary = union
        #: per word: the columns of the word and its affixes (words repeat, so this is cached)
        self._word_columns: dict[str, tuple[int, ...]] = {}
        self.parts = []
        for vec in vectorizers:
            # position of each union column in this vectorizer, -1 where it has no such term
            position = np.full(len(union), -1, dtype=np.int64)
            for j, term in enumerate(vec.get_feature_names_out()):
                position[union[str(term)]] = j
            self.parts.append((position, vec.idf_.astype(np.float64), vec.sublinear_tf, vec.dtype,
                               len(vec.idf_)))

    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Term counts over the union vocabulary (what ``CountVectorizer.transform`` gives).

        The terms are those of :func:`text_tokens`; a word's own columns are
        looked up once per process, its bigrams per sentence. scipy sums repeats.
        """
        lookup = self.vocabulary.get
        cached = self._word_columns.get
        columns: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for i, doc in enumerate(texts):
            before = len(columns)
            words = _WORD.findall(doc.lower())
            for w in words:
                found = cached(w)
                if found is None:
                    found = self._columns_of_word(w)
                columns.extend(found)
            columns.extend(j for j in map(lookup, word_bigrams(words)) if j is not None)
            lengths[i] = len(columns) - before
        rows = np.repeat(np.arange(len(texts)), lengths)
        counts = sp.csr_matrix((np.ones(len(columns)), (rows, np.asarray(columns, dtype=np.int64))),
                               shape=(len(texts), len(self.vocabulary)))
        counts.sum_duplicates()  # canonical: one sorted entry per term
        return counts

    def _columns_of_word(self, word: str) -> tuple[int, ...]:
        if len(self._word_columns) >= MAX_CACHED_WORDS:
            self._word_columns.clear()  # bounded on an archive with an endless vocabulary
        lookup = self.vocabulary.get
        found = tuple(j for j in map(lookup, (word, *word_affixes(word))) if j is not None)
        self._word_columns[word] = found
        return found

    def transform(self, texts: Sequence[str]) -> list[sp.csr_matrix]:
        """Each vectorizer's TF-IDF matrix of ``texts``, in the order given."""
        counts = self.counts(texts)
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        out = []
        for position, idf, sublinear, dtype, width in self.parts:
            # cost follows the counts' non-zeros, not the union's width
            cols = position[counts.indices]
            keep = cols >= 0
            data = counts.data[keep]
            if sublinear:
                data = np.log(data) + 1.0
            cols = cols[keep]
            part = sp.csr_matrix((data * idf[cols], (rows[keep], cols)), shape=(counts.shape[0], width))
            out.append(normalize(part, copy=False).astype(dtype))
        return out


def build_feature_union(signals: Mapping[str, SignalExtractor],
                        text_vectorizer: TfidfVectorizer) -> FeatureUnion:
    """A ``FeatureUnion`` of the fitted extractors and vectorizer (frozen: fit is a no-op)."""
    parts = [(name, FrozenEstimator(ext)) for name, ext in signals.items()]
    parts.append((TEXT_FEATURES, FrozenEstimator(text_vectorizer)))
    return FeatureUnion(parts)


class FeatureBuilder:
    """Signal results and classifier features for a batch of sentences.

    Parameters
    ----------
    signals
        Fitted extractors keyed by signal name (report order).
    text_vectorizer
        Fitted :func:`make_text_vectorizer`.
    """

    def __init__(self, signals: Mapping[str, SignalExtractor], text_vectorizer: TfidfVectorizer) -> None:
        self.signals = dict(signals)
        self.text_vectorizer = text_vectorizer
        self._learned = [name for name, ext in self.signals.items() if ext.vectorizer_ is not None]
        self.shared = SharedTfidf([*(self.signals[n].vectorizer_ for n in self._learned), text_vectorizer])

    def feature_names(self) -> list[str]:
        """Names in column order, as ``build_feature_union`` gives them."""
        names = [f"{n}__{f}" for n, ext in self.signals.items() for f in ext.get_feature_names_out()]
        names += [f"{TEXT_FEATURES}__{f}" for f in self.text_vectorizer.get_feature_names_out()]
        return names

    def analyze(self, texts: Sequence[str]) -> tuple[dict[str, list[SignalResult]], sp.csr_matrix]:
        """Each extractor's results for each sentence, and the classifier's text matrix."""
        texts = list(texts)
        matrices = self.shared.transform(texts)
        tfidf = dict(zip(self._learned, matrices))
        results = {name: ext.analyze(texts, tfidf=tfidf.get(name)) for name, ext in self.signals.items()}
        return results, matrices[-1]

    def matrix(self, results: Mapping[str, list[SignalResult]], text_matrix: sp.csr_matrix) -> sp.csr_matrix:
        """The feature matrix from already computed results."""
        blocks = [sp.csr_matrix(ext.results_to_matrix(results[name])) for name, ext in self.signals.items()]
        blocks.append(text_matrix)
        return sp.hstack(blocks, format="csr")
