"""Why a sentence got its credibility: the classifier's log-odds split into signed reasons.

The credibility classifier is linear, so its log-odds before calibration is its
intercept plus one product per feature column. :class:`ReasonExplainer` sums those
products per signal (the signal's columns) and for the wording (the word
n-gram columns), so the reasons add up, with the bias, to the log-odds exactly
(up to float rounding). The wording reason names the words of the sentence that
carried the most of it, as they are written there.

A column may be measured from a baseline: a signal's score from 0.5, where the
signal counts as present, so that a signal lowers credibility (a positive
reason) only where it is present, and speaks for the sentence where it is
absent. The baselines' products move into the bias (:meth:`ReasonExplainer.bias`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache

import numpy as np
import scipy.sparse as sp

from .report import WORDING, Reason

#: Words named in a wording reason.
WORDING_TERMS = 3


class ReasonExplainer:
    """Per-sentence reasons of a fitted linear classifier.

    Parameters
    ----------
    coef
        The classifier's weights, one per feature column.
    groups
        ``(name, start, end)``: the columns ``start:end`` belong to reason ``name`` (a signal, or
        :data:`~pipeline.report.WORDING` for the word n-grams, whose term names are ``terms``).
    terms
        Names of the wording columns, in column order.
    baselines
        Column index -> the value a column is measured from (0 where not given).
    """

    def __init__(self, coef: np.ndarray, groups: Sequence[tuple[str, int, int]], terms: Sequence[str],
                 baselines: Mapping[int, float] | None = None) -> None:
        self.coef = np.asarray(coef, dtype=np.float64).ravel()
        self.groups = list(groups)
        self.terms = np.asarray(terms, dtype=object)
        width = len(self.coef)
        base = np.zeros(width)
        for column, value in (baselines or {}).items():
            base[column] = value
        weighted_base = self.coef * base
        # column -> reason: one sparse product sums every reason of every sentence at once
        rows = np.concatenate([np.arange(start, end) for _, start, end in self.groups])
        cols = np.concatenate([np.full(end - start, k) for k, (_, start, end) in enumerate(self.groups)])
        self._membership = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(width, len(self.groups)))
        #: per reason: what its baseline contributes (subtracted from it, added to the bias)
        self._shift = np.asarray(self._membership.T @ weighted_base).ravel()
        self._wording = next(((start, end) for name, start, end in self.groups if name == WORDING), None)
        self._term_list = [str(t) for t in self.terms]
        self._units = _WordUnits(self._term_list)

    def bias(self, intercept: float) -> float:
        """The log-odds of a sentence at every baseline with no weighted word: the classifier's
        ``intercept`` plus what the baselines contribute."""
        return float(intercept + self._shift.sum())

    def _weighted(self, matrix: sp.spmatrix) -> sp.csr_matrix:
        """Each feature's product with its weight, with the matrix's own non-zeros (a term whose
        weight is 0 still marks a word of the sentence)."""
        weighted = sp.csr_matrix(matrix, dtype=np.float64, copy=True)
        weighted.sort_indices()
        weighted.data *= self.coef[weighted.indices]
        return weighted

    def _totals(self, weighted: sp.csr_matrix) -> np.ndarray:
        """Each sentence's contribution per reason (rows: sentences, columns: ``groups``)."""
        return np.asarray((weighted @ self._membership).todense()) - self._shift

    def reasons(self, matrix: sp.spmatrix, texts: Sequence[str]) -> list[tuple[Reason, ...]]:
        """The reasons of each sentence (row of ``matrix``, text in ``texts``), in ``groups`` order."""
        weighted = self._weighted(matrix)
        totals = self._totals(weighted)
        carriers: list[list[int]] = [[] for _ in texts]
        wording_column = next((k for k, (name, _, _) in enumerate(self.groups) if name == WORDING), None)
        if wording_column is not None:
            start, end = self._wording
            wording = weighted[:, start:end]
            wording.sort_indices()  # carriers() looks entries up by (row, column) key
            carriers = self._units.carriers(wording, np.sign(totals[:, wording_column]))
        names = [name for name, _, _ in self.groups]
        out = []
        for text, values, carried in zip(texts, totals.tolist(), carriers):
            out.append(tuple(
                Reason(name, value, self._as_written(carried, text) if k == wording_column and value != 0.0 else ())
                for k, (name, value) in enumerate(zip(names, values))))
        return out

    def _as_written(self, columns: Sequence[int], text: str) -> tuple[str, ...]:
        shown: list[str] = []
        lower = text.lower()
        for col in columns:
            written = as_written(self._term_list[col], text, lower)
            if written and written not in shown:
                shown.append(written)
                if len(shown) == WORDING_TERMS:
                    break
        return tuple(shown)


class _WordUnits:
    """What a reader can be shown of the wording's terms: words and bigrams.

    A word of the vocabulary carries its own weight and its affixes' (``p:`` prefix, ``s:``
    suffix of :func:`pipeline.tokens.text_tokens`), an affix shared by several words of the
    sentence in equal shares; a bigram carries its own. Computed for a whole batch at once.
    """

    def __init__(self, terms: Sequence[str]) -> None:
        index = {t: j for j, t in enumerate(terms)}
        n = len(terms)
        self.n_terms = n
        self.is_word = np.zeros(n, dtype=bool)
        self.is_bigram = np.zeros(n, dtype=bool)
        self.prefix = np.full(n, -1, dtype=np.int64)
        self.suffix = np.full(n, -1, dtype=np.int64)
        for j, term in enumerate(terms):
            if term[:2] in ("p:", "s:"):
                continue
            if " " in term:
                self.is_bigram[j] = True
                continue
            self.is_word[j] = True
            self.prefix[j] = index.get("p:" + term[:5], -1)
            if len(term) > 4:
                self.suffix[j] = index.get("s:" + term[-3:], -1)

    def carriers(self, words: sp.csr_matrix, direction: np.ndarray, keep: int = 2 * WORDING_TERMS
                 ) -> list[list[int]]:
        """Per sentence, the columns of the words and bigrams that pushed ``direction`` (+1, -1)
        most, strongest first (at most ``keep``; ties by column)."""
        n_rows = words.shape[0]
        out: list[list[int]] = [[] for _ in range(n_rows)]
        if words.nnz == 0:
            return out
        rows = np.repeat(np.arange(n_rows), np.diff(words.indptr))
        cols = words.indices.astype(np.int64)
        values = words.data * direction[rows]
        keys = rows * self.n_terms + cols  # sorted: csr rows in order, sorted indices
        word = self.is_word[cols]
        unit_rows, unit_cols = rows[word], cols[word]
        carried = values[word].copy()
        for affix_of in (self.prefix, self.suffix):
            affix = affix_of[unit_cols]
            has = affix >= 0
            affix_keys = unit_rows[has] * self.n_terms + affix[has]
            # how many of the sentence's words share the affix
            _, inverse, counts = np.unique(affix_keys, return_inverse=True, return_counts=True)
            at = np.minimum(np.searchsorted(keys, affix_keys), len(keys) - 1)
            found = keys[at] == affix_keys
            carried[has] += np.where(found, values[at], 0.0) / counts[inverse]
        bigram = self.is_bigram[cols]
        unit_rows = np.concatenate([unit_rows, rows[bigram]])
        unit_cols = np.concatenate([unit_cols, cols[bigram]])
        carried = np.concatenate([carried, values[bigram]])
        positive = carried > 0
        unit_rows, unit_cols, carried = unit_rows[positive], unit_cols[positive], carried[positive]
        order = np.lexsort((unit_cols, -carried, unit_rows))
        sorted_rows, sorted_cols = unit_rows[order], unit_cols[order]
        rank = np.arange(len(sorted_rows)) - np.searchsorted(sorted_rows, sorted_rows, side="left")
        first = rank < keep
        for r, c in zip(sorted_rows[first].tolist(), sorted_cols[first].tolist()):
            out[r].append(c)
        return out


def as_written(term: str, text: str, lower: str | None = None) -> str | None:
    """A lower-cased word or bigram ``term`` as it is written in ``text`` (None if not found);
    ``lower`` is ``text.lower()`` when the caller has it."""
    lower = text.lower() if lower is None else lower
    if " " not in term and len(lower) == len(text):
        # a word: a plain search with word edges (most terms; a regex per term costs more)
        start = lower.find(term)
        while start >= 0:
            end = start + len(term)
            before = lower[start - 1] if start else " "
            after = lower[end] if end < len(lower) else " "
            if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                return text[start:end]
            start = lower.find(term, start + 1)
        return None
    found = _bigram_pattern(term).search(text)
    return found.group(0) if found else None


@lru_cache(maxsize=8192)
def _bigram_pattern(term: str) -> re.Pattern:
    """The regex of a bigram ``term`` as written. A bigram's words may have one-letter words
    between them ("may be a critical"), which the wording's tokens skip. Cached: the wording has
    thousands of bigrams, more than ``re``'s own cache holds, and compiling one costs more than
    the search."""
    pattern = r"(?:\W|(?<!\w)\w(?!\w))+".join(re.escape(part) for part in term.split(" "))
    return re.compile(rf"(?<!\w){pattern}(?!\w)", flags=re.IGNORECASE)
