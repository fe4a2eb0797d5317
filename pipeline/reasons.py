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

import numpy as np
import scipy.sparse as sp

from .report import WORDING, Reason

#: Words named in a wording reason.
WORDING_TERMS = 3

#: Words as :func:`pipeline.tokens.text_tokens` finds them (it lower-cases first; the same words).
_WORD = re.compile(r"\w\w+")


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
        self._is_bigram = [" " in t for t in self._term_list]

    def bias(self, intercept: float) -> float:
        """The log-odds of a sentence at every baseline with no weighted word: the classifier's
        ``intercept`` plus what the baselines contribute."""
        return float(intercept + self._shift.sum())

    def contributions(self, matrix: sp.spmatrix) -> np.ndarray:
        """Each sentence's contribution per reason (rows: sentences, columns: ``groups``)."""
        weighted = sp.csr_matrix(matrix, dtype=np.float64).multiply(self.coef).tocsr()
        return np.asarray((weighted @ self._membership).todense()) - self._shift

    def reasons(self, matrix: sp.spmatrix, texts: Sequence[str]) -> list[tuple[Reason, ...]]:
        """The reasons of each sentence (row of ``matrix``, text in ``texts``), in ``groups`` order."""
        totals = self.contributions(matrix)
        wording = None
        if self._wording is not None:
            start, end = self._wording
            wording = sp.csr_matrix(matrix[:, start:end], dtype=np.float64).multiply(self.coef[start:end]).tocsr()
        out = []
        for i, text in enumerate(texts):
            row = []
            for k, (name, _, _) in enumerate(self.groups):
                value = float(totals[i, k])
                terms = self._carrying_terms(wording, i, text, value) if name == WORDING else ()
                row.append(Reason(name, value, terms))
            out.append(tuple(row))
        return out

    def _carrying_terms(self, wording: sp.csr_matrix, row: int, text: str, total: float) -> tuple[str, ...]:
        """The words of ``text`` whose weights pushed the wording the way it went (strongest first).

        A word carries its own weight and its affixes' (an affix shared by several words of the
        sentence in equal shares); a bigram carries its own.
        """
        lo, hi = wording.indptr[row], wording.indptr[row + 1]
        if total == 0.0 or lo == hi:
            return ()
        sign = 1.0 if total > 0 else -1.0
        terms = self._term_list
        cols = wording.indices[lo:hi].tolist()
        values = (wording.data[lo:hi] * sign).tolist()
        value_of = dict(zip([terms[c] for c in cols], values))
        words = list(dict.fromkeys(_WORD.findall(text.lower())))
        # how many of the sentence's words share each affix
        share: dict[str, int] = {}
        for w in words:
            share["p:" + w[:5]] = share.get("p:" + w[:5], 0) + 1
            if len(w) > 4:
                share["s:" + w[-3:]] = share.get("s:" + w[-3:], 0) + 1
        get = value_of.get
        carried = {}
        for w in words:
            prefix = "p:" + w[:5]
            value = get(w, 0.0) + get(prefix, 0.0) / share[prefix]
            if len(w) > 4:
                suffix = "s:" + w[-3:]
                value += get(suffix, 0.0) / share[suffix]
            carried[w] = value
        carried.update((terms[c], v) for c, v in zip(cols, values) if self._is_bigram[c])
        shown: list[str] = []
        for term, value in sorted(carried.items(), key=lambda kv: (-kv[1], kv[0])):
            if value <= 0 or len(shown) == WORDING_TERMS:
                break
            written = as_written(term, text)
            if written and written not in shown:
                shown.append(written)
        return tuple(shown)


def as_written(term: str, text: str) -> str | None:
    """A lower-cased word or bigram ``term`` as it is written in ``text`` (None if not found)."""
    lower = text.lower()
    if " " not in term and len(lower) == len(text):
        # a word: a plain search with word edges (most terms; a regex per term costs more)
        start = lower.find(term)
        while start >= 0:
            end = start + len(term)
            if (start == 0 or not _is_word_char(lower[start - 1])) and (
                    end == len(lower) or not _is_word_char(lower[end])):
                return text[start:end]
            start = lower.find(term, start + 1)
        return None
    pattern = r"\W+".join(re.escape(part) for part in term.split(" "))
    found = re.search(rf"(?<!\w){pattern}(?!\w)", text, flags=re.IGNORECASE)
    return found.group(0) if found else None


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"
