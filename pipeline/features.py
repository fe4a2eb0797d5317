"""The credibility classifier's features: the signal extractors plus word n-grams and affixes.

:func:`build_feature_union` gives the plain scikit-learn ``FeatureUnion`` (names
such as ``anonymous_attribution__unnamed_source``). :class:`FeatureBuilder`
computes the same matrix faster: the text models (the three signals' and the
classifier's) of one token scheme (:mod:`pipeline.tokens`) read the same
counts, so each sentence is tokenised once per scheme (:class:`SharedTfidf`),
and each extractor's per-sentence results are kept for the evidence.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from itertools import chain, islice, repeat

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.base import BaseEstimator, TransformerMixin, clone
from sklearn.frozen import FrozenEstimator
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize
from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

from .signals import SignalExtractor, SignalResult
from .signals.base import as_texts, scanned_together
from .signals.head import SignalHead, extractor_features
from .tokens import WORDS, TokenScheme, inner_words, scheme_of, text_tokens, word_affixes

__all__ = ["FeatureBuilder", "HeadedSignal", "SharedTfidf", "build_feature_union", "make_text_vectorizer",
           "name_words", "text_tokens", "without_names"]

TEXT_FEATURES = "text"

#: Words whose columns :class:`SharedTfidf` keeps before it empties its cache.
MAX_CACHED_WORDS = 500_000


def make_text_vectorizer(max_features: int = 80000) -> TfidfVectorizer:
    """TF-IDF over :func:`text_tokens` (the lexical part of the classifier)."""
    return TfidfVectorizer(analyzer=text_tokens, min_df=2, sublinear_tf=True,
                           max_features=max_features, dtype=np.float32)


#: A word is a name when texts write it capitalised inside a sentence at least this often ...
NAME_MIN_CAPITALISED = 3
#: ... and in lower case at most this share of those times.
NAME_MAX_LOWER_SHARE = 0.1
#: An affix is a name's when name words bring at least this share of its occurrences.
NAME_AFFIX_SHARE = 0.9


def name_words(texts: Sequence[str]) -> set[str]:
    """The words (lower-cased) that ``texts`` write as names: capitalised inside a sentence at
    least :data:`NAME_MIN_CAPITALISED` times and in lower case at most
    :data:`NAME_MAX_LOWER_SHARE` of that ("russia", "obama", "muslim"; not "president"). Month
    and weekday names are among them ("april", "monday"; not "may"): a date is the specifics
    signal's to weigh, not the wording's."""
    capitalised: dict[str, int] = {}
    lower: dict[str, int] = {}
    for text in texts:
        for w in inner_words(text):
            if w.islower():
                lower[w] = lower.get(w, 0) + 1
            elif w[0].isupper():
                key = w.lower()
                capitalised[key] = capitalised.get(key, 0) + 1
    return {w for w, n in capitalised.items()
            if n >= NAME_MIN_CAPITALISED and lower.get(w, 0) <= NAME_MAX_LOWER_SHARE * n}


def without_names(vectorizer: TfidfVectorizer, texts: Sequence[str]) -> TfidfVectorizer:
    """``vectorizer`` (fitted on ``texts``) refitted without the terms that spell a name: a name
    word (:func:`name_words`), a bigram with one, an affix that name words bring
    (:data:`NAME_AFFIX_SHARE`). The kept terms' idf are unchanged (the same texts count them).

    The classifier's wording then reads how a sentence is written, not whom or what it is about:
    fitted with names, it learned PTC's topics ("Russia", "European", "Muslim") and showed them
    as the reason a sentence was flagged. Grouped CV on PTC train: F1 0.5306 -> 0.5304, ROC AUC
    0.7383 -> 0.7359 (1,114 name words; training.SIGNAL_WEIGHT_FLOORS says what followed).
    """
    names = name_words(texts)
    brought: dict[str, list[int]] = {}
    for text in texts:
        for w in WORDS.findall(text.lower()):
            for affix in word_affixes(w):
                counts = brought.setdefault(affix, [0, 0])
                counts[0] += w in names
                counts[1] += 1
    kept = []
    for term in map(str, vectorizer.get_feature_names_out()):
        if term[:2] in ("p:", "s:"):
            named, total = brought.get(term, (0, 0))
            if total and named >= NAME_AFFIX_SHARE * total:
                continue
        elif any(w in names for w in term.split()):
            continue
        kept.append(term)
    return clone(vectorizer).set_params(vocabulary=kept, min_df=1, max_features=None).fit(texts)


class _TokenColumns(dict):
    """Token -> the union columns of the terms it brings alone, filled on first lookup.

    A ``dict`` whose misses go to ``__missing__``, so a hit is a plain C lookup
    (``map(columns.__getitem__, tokens)`` stays out of the interpreter).
    """

    def __init__(self, vocabulary: Mapping[str, int], scheme: TokenScheme) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.scheme = scheme

    def __missing__(self, token: str) -> tuple[int, ...]:
        if len(self) >= MAX_CACHED_WORDS:
            self.clear()  # bounded on an archive with an endless vocabulary
        lookup = self.vocabulary.get
        found = tuple(j for j in map(lookup, self.scheme.token_terms(token)) if j is not None)
        self[token] = found
        return found


class _Growing:
    """An int64 array appended to in amortised constant time (its capacity doubles)."""

    def __init__(self) -> None:
        self._data = np.zeros(1024, dtype=np.int64)
        self.size = 0

    def extend(self, values: np.ndarray) -> None:
        """Append ``values``."""
        end = self.size + len(values)
        if end > len(self._data):
            grown = np.zeros(max(end, 2 * len(self._data)), dtype=np.int64)
            grown[:self.size] = self._data[:self.size]
            self._data = grown
        self._data[self.size:end] = values
        self.size = end

    @property
    def values(self) -> np.ndarray:
        """The appended values (a view)."""
        return self._data[:self.size]


class _TokenTable(dict):
    """Token -> its number, given on first lookup; per number, in numpy, the union columns of
    the terms the token brings alone and its number among the bigrams' words.

    One C-level dict lookup per token of a batch (:meth:`numbers`) is all the
    interpreter does; the columns and bigram keys are then gathered in numpy.
    """

    def __init__(self, vocabulary: Mapping[str, int], scheme: TokenScheme, pair_words: Mapping[str, int]) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.scheme = scheme
        self.pair_words = pair_words
        self._lock = threading.Lock()
        self._reset()

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_lock"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._lock = threading.Lock()

    def _reset(self) -> None:
        self.clear()
        self._pending: list[str] = []  # tokens numbered since the arrays were last extended
        self.start, self.length, self.pair_word, self.columns = _Growing(), _Growing(), _Growing(), _Growing()

    def __missing__(self, token: str) -> int:
        number = self[token] = len(self)
        self._pending.append(token)
        return number

    def numbers(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Each token's number (new tokens get theirs, and their columns, here), and the
        tables they index: per number its first column's place in ``columns``, its number
        of columns and its bigram-word number (-1: none).

        Under a lock: numbering a batch's new tokens and extending the tables is one step,
        and the tables returned are those the numbers index (another thread may later
        empty or grow them), so threads sharing a scorer cannot interleave them.
        """
        with self._lock:
            numbers = self._numbers(tokens)
            return numbers, self.start.values, self.length.values, self.columns.values, self.pair_word.values

    def _numbers(self, tokens: Sequence[str]) -> np.ndarray:
        if len(self) >= MAX_CACHED_WORDS:
            self._reset()  # bounded on an archive with an endless vocabulary (a batch may pass it)
        numbers = np.fromiter(map(self.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        if self._pending:
            lookup = self.vocabulary.get
            found = [tuple(j for j in map(lookup, self.scheme.token_terms(t)) if j is not None)
                     for t in self._pending]
            lengths = np.fromiter(map(len, found), dtype=np.int64, count=len(found))
            self.start.extend(self.columns.size + np.cumsum(lengths) - lengths)
            self.length.extend(lengths)
            self.columns.extend(np.fromiter(chain.from_iterable(found), dtype=np.int64, count=int(lengths.sum())))
            self.pair_word.extend(np.fromiter(map(self.pair_words.get, self._pending, repeat(-1)),
                                              dtype=np.int64, count=len(self._pending)))
            self._pending = []
        return numbers


def _bigram_columns(vocabulary: Mapping[str, int]) -> dict[tuple[str, str], int]:
    """Bigram terms by their word pair (no scheme token holds a space, so the split is exact).

    The pair's words are the vocabulary's own unigram strings where it has them, so
    the table costs about half the memory of fresh strings (some 9 MB in all).
    """
    unigrams = {term: term for term in vocabulary if " " not in term}
    pairs = {}
    for term, j in vocabulary.items():
        if " " in term:
            a, _, b = term.partition(" ")
            if " " not in b:
                pairs[unigrams.get(a, a), unigrams.get(b, b)] = j
    return pairs


def _pair_tables(pairs: Mapping[tuple[str, str], int]) -> tuple[dict[str, int], np.ndarray, np.ndarray]:
    """The bigram terms as integer keys, for a lookup of a whole batch's pairs in numpy.

    Returns each word of some bigram with its number ``k``, the sorted keys
    ``k(a) * len(words) + k(b)`` of the bigrams, and their columns in the same order.
    """
    words: dict[str, int] = {}
    for a, b in pairs:
        words.setdefault(a, len(words))
        words.setdefault(b, len(words))
    keys = np.fromiter((words[a] * len(words) + words[b] for a, b in pairs), dtype=np.int64, count=len(pairs))
    columns = np.fromiter(pairs.values(), dtype=np.int64, count=len(pairs))
    order = np.argsort(keys)
    return words, keys[order], columns[order]


class SharedTfidf:
    """Several fitted TF-IDF vectorizers of one token scheme computed from one tokenisation.

    One count over the union of their vocabularies finds every term once; each
    vectorizer's matrix is then its columns of those counts with its own
    sublinear tf, idf and l2 norm, equal to its own ``transform``.

    Parameters
    ----------
    vectorizers
        Fitted vectorizers whose terms the scheme yields (see :func:`pipeline.tokens.scheme_of`).
    scheme
        How sentences split into tokens and which terms a token brings.
    """

    def __init__(self, vectorizers: Sequence[TfidfVectorizer], scheme: TokenScheme) -> None:
        self.scheme = scheme
        # each vectorizer's terms, read once (scikit-learn sorts its vocabulary on every call)
        names = [list(map(str, vec.get_feature_names_out())) for vec in vectorizers]
        # the union's columns in sorted term order, the order scikit-learn gives each vectorizer's
        # own (so :meth:`transform` finds every vectorizer's columns in the union's order)
        union = {term: j for j, term in enumerate(sorted(set(chain.from_iterable(names))))}
        self.vocabulary = union
        #: per token: the columns of the terms it brings alone (tokens repeat, so this is cached)
        self._token_columns = _TokenColumns(union, scheme)
        self._bigram_columns = _bigram_columns(union)
        self._pair_words, self._pair_keys, self._pair_key_columns = _pair_tables(self._bigram_columns)
        self._tokens = _TokenTable(union, scheme, self._pair_words)
        self.parts = []
        for vec, terms in zip(vectorizers, names):
            # position of each union column in this vectorizer, -1 where it has no such term
            position = np.full(len(union), -1, dtype=np.int64)
            position[np.fromiter(map(union.__getitem__, terms), dtype=np.int64, count=len(terms))] = \
                np.arange(len(terms))
            self.parts.append((position, vec.idf_.astype(np.float64), vec.sublinear_tf, vec.dtype,
                               len(vec.idf_)))
        # scikit-learn numbers a vectorizer's terms in sorted order, so its columns usually keep the
        # union's order (the union takes them in that order): then a row's sorted union columns map
        # to sorted columns of its own and :meth:`transform` needs no sort
        self._in_order = [bool(np.all(np.diff(position[position >= 0]) > 0)) for position, *_ in self.parts]

    def counts(self, texts: Sequence[str]) -> sp.csr_matrix:
        """Term counts over the union vocabulary (what ``CountVectorizer.transform`` gives).

        The whole batch is looked up in one pass: every sentence's tokens go into one
        list, so the lookups run as a few C loops over the batch instead of a Python
        loop over its sentences (which cost about as much as the lookups themselves).
        A token's own terms are looked up once per process (:class:`_TokenTable`), a
        batch's bigrams in one ``searchsorted``; scipy sums repeats. Equal to
        :meth:`counts_by_sentence`.
        """
        n = len(texts)
        token_lists = list(map(self.scheme.split, texts))
        per_sentence = np.fromiter(map(len, token_lists), dtype=np.int64, count=n)
        flat = list(chain.from_iterable(token_lists))
        if not flat:
            return self._count_matrix(np.zeros(0, dtype=np.int64), np.zeros(n, dtype=np.int64))
        token_row = np.repeat(np.arange(n), per_sentence)
        # unigrams (and affixes): each token's columns, gathered from the table by its number
        numbers, starts, lengths, token_columns, pair_words = self._tokens.numbers(flat)
        per_token = lengths[numbers]
        ends = np.cumsum(per_token)
        at = np.repeat(starts[numbers] - (ends - per_token), per_token) + np.arange(int(ends[-1]))
        uni_columns = token_columns[at]
        uni_rows = np.repeat(token_row, per_token)
        # bigrams: every neighbouring pair of the flat list whose two words both start or end
        # some bigram, as an integer key looked up in numpy (a dict lookup of each pair as a
        # tuple cost about 4 us a sentence); a pair across two sentences is dropped
        word = pair_words[numbers]
        first, second = word[:-1], word[1:]
        candidate = np.flatnonzero((first >= 0) & (second >= 0) & (token_row[:-1] == token_row[1:]))
        keys = first[candidate] * len(self._pair_words) + second[candidate]
        at = np.searchsorted(self._pair_keys, keys)
        at[at == len(self._pair_keys)] = 0  # past the last key: no match (checked below)
        found_pair = self._pair_keys[at] == keys if len(self._pair_keys) else np.zeros(len(keys), dtype=bool)
        rows = np.concatenate([uni_rows, token_row[candidate[found_pair]]])
        columns = np.concatenate([uni_columns, self._pair_key_columns[at[found_pair]]])
        # COO to CSR groups the rows with a counting sort (no comparison sort) and sums repeats
        counts = sp.coo_matrix((np.ones(len(columns)), (rows, columns)),
                               shape=(n, len(self.vocabulary))).tocsr()
        counts.sum_duplicates()  # canonical: one sorted entry per term (tocsr gives it; be sure)
        return counts

    def counts_by_sentence(self, texts: Sequence[str]) -> sp.csr_matrix:
        """:meth:`counts` sentence by sentence (the plain form the tests compare it with)."""
        pair_column = self._bigram_columns.get
        token_columns = self._token_columns.__getitem__
        split = self.scheme.split
        columns: list[int] = []
        lengths = np.zeros(len(texts), dtype=np.int64)
        for i, doc in enumerate(texts):
            before = len(columns)
            tokens = split(doc)
            # the loops run in C: a token's columns come from the cache, a bigram (looked up as
            # the pair of its words, so its string is never built) absent from the vocabulary
            # gives -1, dropped below
            columns.extend(chain.from_iterable(map(token_columns, tokens)))
            columns.extend(map(pair_column, zip(tokens, islice(tokens, 1, None)), repeat(-1)))
            lengths[i] = len(columns) - before
        return self._count_matrix(np.asarray(columns, dtype=np.int64), lengths)

    def _count_matrix(self, columns: np.ndarray, lengths: np.ndarray) -> sp.csr_matrix:
        """Canonical CSR counts from each row's columns in row order (-1: no such term)."""
        rows = np.repeat(np.arange(len(lengths)), lengths)
        known = columns >= 0
        rows, columns = rows[known], columns[known]
        indptr = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=len(lengths)), out=indptr[1:])
        counts = sp.csr_matrix((np.ones(len(columns)), columns, indptr),
                               shape=(len(lengths), len(self.vocabulary)))
        counts.sum_duplicates()  # canonical: one sorted entry per term
        return counts

    def transform(self, texts: Sequence[str]) -> list[sp.csr_matrix]:
        """Each vectorizer's TF-IDF matrix of ``texts``, in the order given.

        Equal to :meth:`transform_plain`: where a vectorizer's columns keep the union's
        order its CSR arrays are cut straight from the counts' (no COO round trip and
        sort), the sublinear tf is taken once for all, and rows are l2-normalised by the
        routine ``normalize`` calls, without its input checks.
        """
        counts = self.counts(texts)
        logged = None
        out = []
        for (position, idf, sublinear, dtype, width), in_order in zip(self.parts, self._in_order):
            if not in_order or not counts.shape[0]:  # (no rows: normalize raises, as it always did)
                out.append(self._part_plain(counts, position, idf, sublinear, dtype, width))
                continue
            cols = position[counts.indices]
            keep = cols >= 0
            if sublinear:
                if logged is None:
                    logged = np.log(counts.data) + 1.0
                data = logged[keep]
            else:
                data = counts.data[keep]
            cols = cols[keep]
            kept = np.zeros(len(keep) + 1, dtype=np.int64)
            np.cumsum(keep, out=kept[1:])
            part = sp.csr_matrix((data * idf[cols], cols, kept[counts.indptr]), shape=(counts.shape[0], width))
            inplace_csr_row_normalize_l2(part)
            out.append(part.astype(dtype))
        return out

    def transform_plain(self, texts: Sequence[str]) -> list[sp.csr_matrix]:
        """:meth:`transform` the plain way, each matrix built from COO triples and normalised by
        ``sklearn.preprocessing.normalize`` (what the tests compare it with)."""
        counts = self.counts(texts)
        return [self._part_plain(counts, *part) for part in self.parts]

    @staticmethod
    def _part_plain(counts: sp.csr_matrix, position: np.ndarray, idf: np.ndarray, sublinear: bool,
                    dtype, width: int) -> sp.csr_matrix:
        rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
        # cost follows the counts' non-zeros, not the union's width
        cols = position[counts.indices]
        keep = cols >= 0
        data = counts.data[keep]
        if sublinear:
            data = np.log(data) + 1.0
        cols = cols[keep]
        part = sp.csr_matrix((data * idf[cols], (rows[keep], cols)), shape=(counts.shape[0], width))
        return normalize(part, copy=False).astype(dtype)


def _head_key(name: str) -> str:
    """Key of a head's word counts among the shared TF-IDF matrices."""
    return f"head:{name}"


class HeadedSignal(TransformerMixin, BaseEstimator):
    """One signal's feature columns as the classifier reads them: its extractor's columns, with
    the score of its gold-fitted head (the plain, slow path :class:`FeatureBuilder` equals).

    Parameters
    ----------
    name
        The signal.
    signals, heads
        Fitted extractors and heads of every signal (a head reads all extractors). ``fit`` is a
        no-op: they stay as fitted.
    """

    def __init__(self, name: str, signals: Mapping[str, SignalExtractor],
                 heads: Mapping[str, SignalHead]) -> None:
        self.name = name
        self.signals = signals
        self.heads = heads

    def fit(self, X, y=None):
        """Nothing to learn: the extractors and heads come fitted."""
        return self

    def transform(self, X) -> np.ndarray:
        """The signal's columns for each sentence."""
        texts = as_texts(X)
        results = {name: ext.analyze(texts) for name, ext in self.signals.items()}
        own = extractor_features(self.signals, results)
        scored = self.heads[self.name].apply(texts, own, results[self.name])
        return self.signals[self.name].results_to_matrix(scored)

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """The extractor's names (the head replaces only the values of ``score``)."""
        return self.signals[self.name].get_feature_names_out()


def build_feature_union(signals: Mapping[str, SignalExtractor], text_vectorizer: TfidfVectorizer,
                        heads: Mapping[str, SignalHead] | None = None) -> FeatureUnion:
    """A ``FeatureUnion`` of the fitted extractors (with their heads) and vectorizer (fit is a no-op)."""
    heads = heads or {}
    parts = [(name, HeadedSignal(name, signals, heads) if name in heads else FrozenEstimator(ext))
             for name, ext in signals.items()]
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
    heads
        Gold-fitted heads by signal name (:mod:`pipeline.signals.head`): a signal that has
        one reports the head's score and evidence instead of the extractor's.
    """

    def __init__(self, signals: Mapping[str, SignalExtractor], text_vectorizer: TfidfVectorizer,
                 heads: Mapping[str, SignalHead] | None = None) -> None:
        self.signals = dict(signals)
        self.text_vectorizer = text_vectorizer
        self.heads = dict(heads or {})
        # the text models grouped by token scheme: each group is counted in one pass
        groups: dict[str, tuple] = {}
        self._own: dict[str, TfidfVectorizer] = {}  # a vectorizer no scheme covers transforms alone
        models = [(n, ext.vectorizer_) for n, ext in self.signals.items() if ext.vectorizer_ is not None]
        models += [(_head_key(n), head.vectorizer_) for n, head in self.heads.items()]
        for name, vectorizer in [*models, (TEXT_FEATURES, text_vectorizer)]:
            scheme = scheme_of(vectorizer)
            if scheme is None:
                self._own[name] = vectorizer
                continue
            _, names, vectorizers = groups.setdefault(scheme.name, (scheme, [], []))
            names.append(name)
            vectorizers.append(vectorizer)
        self.shared = [(names, SharedTfidf(vectorizers, scheme)) for scheme, names, vectorizers in groups.values()]

    def feature_names(self) -> list[str]:
        """Names in column order, as ``build_feature_union`` gives them."""
        names = [f"{n}__{f}" for n, ext in self.signals.items() for f in ext.get_feature_names_out()]
        names += [f"{TEXT_FEATURES}__{f}" for f in self.text_vectorizer.get_feature_names_out()]
        return names

    def analyze(self, texts: Sequence[str]) -> tuple[dict[str, list[SignalResult]], sp.csr_matrix]:
        """Each extractor's results for each sentence, and the classifier's text matrix."""
        texts = list(texts)
        tfidf = {name: vec.transform(texts) for name, vec in self._own.items()}
        for names, shared in self.shared:
            tfidf.update(zip(names, shared.transform(texts)))
        # one walk over the words finds every lexicon's matches; a headed signal's evidence is
        # the head's, made from rule cues only: skip the learned part's
        with scanned_together([ext.patterns_ for ext in self.signals.values()], texts):
            results = {name: ext.analyze(texts, tfidf=tfidf.get(name), learned_evidence=name not in self.heads)
                       for name, ext in self.signals.items()}
        if self.heads:
            own = extractor_features(self.signals, results)  # every head reads the proxies' view
            results.update({name: head.apply(texts, own, results[name], tfidf[_head_key(name)])
                            for name, head in self.heads.items()})
        return results, tfidf[TEXT_FEATURES]

    def matrix(self, results: Mapping[str, list[SignalResult]], text_matrix: sp.csr_matrix) -> sp.csr_matrix:
        """The feature matrix from already computed results."""
        blocks = [sp.csr_matrix(ext.results_to_matrix(results[name])) for name, ext in self.signals.items()]
        blocks.append(text_matrix)
        return sp.hstack(blocks, format="csr")
