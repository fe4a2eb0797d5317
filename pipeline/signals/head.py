"""A signal fitted to what the guideline means: the sentence gold decides.

The extractors (:mod:`.attribution`, :mod:`.sensational`, :mod:`.specifics`)
know their lexicons, the attribution parser and text models taught by proxy
corpora (Wikipedia weasels, clickbait headlines, debate claims). A
:class:`SignalHead` turns those into the signal a careful reader means: a
logistic regression fitted on the ``signals_gold`` train sentences over

* every extractor's features for the sentence (rule cue counts, proxy
  probability, proxy score — of all three signals, since a named source
  matters to specifics and a hedge to attribution), and
* the sentence structure the guideline judges (:mod:`.structure`: hedges and
  who stands next to a reporting verb, numbers and dates, exclamations...), and
* word 1-2 grams of the gold sentences;

its decision is shifted so that 0.5 is the threshold that maximises F1 in a
cross-validation grouped by article. Evidence comes from a word tagger
(:class:`.span_tagger.SpanTagger`) taught by the gold evidence spans; a tagged
run takes the cue of a rule match it overlaps (``unnamed_source``,
``quantity``...), else the signal's learned cue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from ..thresholds import best_f1_threshold
from .base import Cue, SignalExtractor, SignalResult, drop_overlaps
from .span_tagger import SpanTagger, join_runs
from .attributions import WEEKDAYS
from .structure import FIGURE_LEADS, FIGURE_PHRASE_STOPS, MONTHS, STRUCTURE

#: Folds of the grouped cross-validation that picks the thresholds.
CV_FOLDS = 5
#: Where evidence comes from (see :meth:`SignalHead._evidence`), least to most preferred: lexicon
#: and parser cues are named and editable, tagged words are not. Grouped CV on train picks one.
EVIDENCE_MODES = ("tagger", "rules", "union")
#: Evidence choices whose CV character F1 is this close to the best count as equal (the F1
#: differences between neighbouring thresholds are of this size from fold to fold).
EVIDENCE_TOLERANCE = 0.01
#: Word probabilities tried as the evidence threshold (grouped CV on train picks one; on a tie
#: to three decimals, the higher).
EVIDENCE_THRESHOLDS = (0.05, 0.08, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5)
#: Least confidence (the lexicon entry's posterior, or the parser's) of a rule cue shown as
#: evidence: grouped CV on train picks one (on a tie within EVIDENCE_TOLERANCE, the higher): a
#: weak entry is a guess the lexicon makes, not a word that carries the signal.
CUE_FLOORS = (0.0, 0.25, 0.5)
#: Signals whose evidence is figures. Their tagger reads whether the neighbouring words are
#: numbers (:class:`.span_tagger.SpanTagger`, ``neighbour_digits``: grouped CV evidence F1 on gold
#: train, specifics 0.479 -> 0.494; anonymous attribution did not move), and a tagged run takes
#: the word that opens the figure's phrase (:data:`.structure.FIGURE_LEADS`: "on" of "on Friday",
#: as the guideline's evidence does; CV 0.508 -> 0.513) and, after a number, the word it counts
#: (:func:`_with_unit`: "11" -> "11 senators"; CV 0.513 -> 0.520). Its words keep a figure
#: and "U.S." whole (``figure_tokens``: "58,000" is no longer "58" and "000"; CV 0.522 -> 0.527).
FIGURE_SIGNALS = frozenset({"unverifiable_specifics"})
#: The lower-case word right after a span.
_NEXT_WORD = re.compile(r" ([a-z][a-z\-]*)\b")


def extractor_features(extractors: Mapping[str, SignalExtractor],
                       results: Mapping[str, Sequence[SignalResult]]) -> np.ndarray:
    """Every extractor's feature columns, side by side in report order."""
    return np.hstack([ext.results_to_matrix(results[name]) for name, ext in extractors.items()])


def make_gold_vectorizer() -> TfidfVectorizer:
    """Lower-cased word 1-2 grams (the shared ``words`` token scheme, so scoring counts them once)."""
    return TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, dtype=np.float32)


#: Names of months and weekdays, which the structure features read as dates: the structure's
#: :data:`~.structure.MONTHS` and the weekdays, with "jun" and "jul" ("May" and "March", with its
#: "Mar", are also a modal and a protest, so their words stay).
CALENDAR_WORDS = (MONTHS - {"may", "march", "mar"}) | {"jun", "jul"} | WEEKDAYS


def fit_gold_vectorizer(texts: Sequence[str]) -> TfidfVectorizer:
    """:func:`make_gold_vectorizer` fitted on ``texts``, without the terms that hold a calendar word.

    A date is a figure the structure features read ("month", "day"); fitted on the gold, a month's
    word also learned the dates that named sources carry and weighed against it: "since his June
    arrest" read less specific than "since his arrest" (the word "june" -0.87 against "month" +1.2).
    """
    fitted = make_gold_vectorizer().fit(texts)
    kept = sorted(t for t in fitted.vocabulary_ if CALENDAR_WORDS.isdisjoint(t.split()))
    vectorizer = make_gold_vectorizer()
    vectorizer.set_params(vocabulary=kept)
    return vectorizer.fit(texts)


def evidence_char_f1(gold: Sequence[Sequence[tuple[int, int]]],
                     found: Sequence[Sequence[tuple[int, int]]]) -> tuple[float, float, float]:
    """Character-overlap F1, precision and recall of evidence spans, summed over sentences."""
    tp = n_gold = n_found = 0
    for g, f in zip(gold, found):
        gset = {i for a, b in g for i in range(a, b)}
        fset = {i for a, b in f for i in range(a, b)}
        tp += len(gset & fset)
        n_gold += len(gset)
        n_found += len(fset)
    p = tp / n_found if n_found else 0.0
    r = tp / n_gold if n_gold else 0.0
    return (2 * p * r / (p + r) if p + r else 0.0), p, r


@dataclass
class LabelledExtra:
    """Sentences labelled like the gold for one signal, with their extractor results."""

    texts: Sequence[str]
    results: Mapping[str, Sequence[SignalResult]]
    labels: Sequence[int]
    spans: Sequence[Sequence[tuple[int, int]]]
    groups: Sequence[str]


def _balanced(y: np.ndarray) -> np.ndarray:
    """Per-row weights that give both classes the same total (scikit-learn's "balanced")."""
    return np.where(y == 1, len(y) / (2.0 * max(1, y.sum())), len(y) / (2.0 * max(1, (y == 0).sum())))


class SignalHead:
    """One signal refitted on the sentence gold (see the module docstring).

    Parameters
    ----------
    name
        The signal (a key of :data:`pipeline.signals.SIGNALS`).
    C
        Inverse regularisation of the sentence classifier.
    cut_on_gated
        When the head gates, choose its decision cut again on the gated decisions (a sentence that
        shows no words never fires), the decisions it reports, instead of keeping the cut chosen
        before the gate (see ``training.CUT_ON_GATED``).
    """

    #: Whether a firing sentence must show words (set by fit from grouped CV; see ``_gated``).
    gate_: bool = False
    #: Least confidence of a rule cue shown as evidence (set by fit; see CUE_FLOORS).
    cue_floor_: float = 0.0

    def __init__(self, name: str, *, C: float = 1.0, cut_on_gated: bool = False) -> None:
        self.name = name
        self.C = C
        self.cut_on_gated = cut_on_gated

    # -- fitting ---------------------------------------------------------
    def fit(self, texts: Sequence[str], extractors: Mapping[str, SignalExtractor],
            results: Mapping[str, Sequence[SignalResult]], labels: Sequence[int],
            spans: Sequence[Sequence[tuple[int, int]]], groups: Sequence[str],
            proxy: tuple[Sequence[str], Mapping[str, Sequence[SignalResult]], Sequence[int]] | None = None,
            proxy_weight: float = 0.5, more: "LabelledExtra | None" = None) -> "SignalHead":
        """Fit on gold sentences; cross-validated figures go to :attr:`cv_` and out-of-fold
        scores (0.5 = the chosen threshold) to :attr:`oof_scores_`.

        ``proxy`` (texts, extractor results, labels) adds a proxy corpus's sentences to every
        fit of the classifier, together weighing ``proxy_weight`` times the gold; they are
        never among the sentences the cross-validation scores. ``more`` adds sentences labelled
        like the gold, each weighing as a gold sentence, to the classifier and the tagger: in
        cross-validation only those of articles outside the held-out fold (so the figures stay
        grouped by article), and they are never scored.
        """
        texts = list(texts)
        y = np.asarray(labels, dtype=int)
        more_texts = list(more.texts) if more is not None else []
        self.structure_ = DictVectorizer(dtype=np.float64).fit(
            [self._structure(t) for t in texts + more_texts]
            + [self._structure(t) for t in (proxy[0] if proxy else ())])
        own = self._own(texts, extractor_features(extractors, results))
        if more is not None:
            more_own = self._own(more_texts, extractor_features(extractors, more.results))
            more_y = np.asarray(more.labels, dtype=int)
        self._proxy = None
        if proxy is not None and len(proxy[0]):
            weight = proxy_weight * len(texts) / len(proxy[0])
            self._proxy = (list(proxy[0]), self._own(proxy[0], extractor_features(extractors, proxy[1])),
                           np.asarray(proxy[2], dtype=int), weight)
        folds = list(GroupKFold(n_splits=CV_FOLDS).split(texts, y, groups))
        oof = np.zeros(len(texts))
        # the extra sentences' own out-of-fold decisions (of the fold that holds their article out)
        more_oof = np.full(len(more_texts), np.nan)
        more_words: list[list[tuple[int, int, float]]] = [[] for _ in more_texts]
        oof_words: list[list[tuple[int, int, float]]] = [[] for _ in texts]
        for train_idx, test_idx in folds:
            fold_texts, fold_own, fold_y = [texts[i] for i in train_idx], own[train_idx], y[train_idx]
            fold_spans = [spans[i] for i in train_idx]
            if more is not None:
                held = {groups[i] for i in test_idx}
                rows = [k for k, g in enumerate(more.groups) if g not in held]
                fold_texts = fold_texts + [more_texts[k] for k in rows]
                fold_own = sp.vstack([fold_own, more_own[rows]], format="csr")
                fold_y = np.r_[fold_y, more_y[rows]]
                fold_spans = fold_spans + [more.spans[k] for k in rows]
            vectorizer, classifier = self._fit_classifier(fold_texts, fold_own, fold_y)
            oof[test_idx] = classifier.decision_function(
                self._matrix(vectorizer, [texts[i] for i in test_idx], own[test_idx]))
            tagger = self._tagger().fit(fold_texts, fold_spans)
            if more is not None:
                out = [k for k, g in enumerate(more.groups) if g in held]
                if out:
                    more_oof[out] = classifier.decision_function(
                        self._matrix(vectorizer, [more_texts[k] for k in out], more_own[out]))
                    for k in out:
                        more_words[k] = tagger.word_probabilities(more_texts[k])
            for i in test_idx:
                oof_words[i] = tagger.word_probabilities(texts[i])
        # a stable cut between out-of-fold decisions (the middle of the F1 plateau)
        probabilities = 1.0 / (1.0 + np.exp(-oof))
        cut, cv_f1 = best_f1_threshold(probabilities, y)
        self.shift_ = math.log(cut / (1.0 - cut))
        fires = oof > self.shift_
        # a tuple, not a set: a set pickles in per-process hash order and the model file must not vary
        self.rule_cues_ = tuple(sorted(extractors[self.name].rule_cues))
        rule_cues = results[self.name]
        gold_spans = [spans[i] if y[i] else [] for i in range(len(texts))]
        # which evidence, word threshold and rule-cue floor a reader would mark, judged out of fold
        table = {(mode, t, floor): evidence_char_f1(gold_spans, [
            [(c.start, c.end)
             for c in self._evidence(texts[i], oof_words[i], rule_cues[i].cues, mode, t, floor)]
            if fires[i] else [] for i in range(len(texts))])[0]
            for mode in EVIDENCE_MODES for t in EVIDENCE_THRESHOLDS for floor in CUE_FLOORS}
        # within EVIDENCE_TOLERANCE of the best, prefer named rule cues, then fewer tagged words,
        # then fewer (stronger) rule cues
        best = max(table.values())
        (self.evidence_mode_, self.evidence_threshold_, self.cue_floor_), evidence_f1 = max(
            ((choice, f) for choice, f in table.items() if f >= best - EVIDENCE_TOLERANCE),
            key=lambda pair: (EVIDENCE_MODES.index(pair[0][0]), pair[0][1], pair[0][2]))
        # a signal shown present without words that carry it tells no story: where grouped CV
        # F1 allows (within EVIDENCE_TOLERANCE), a firing sentence must show a rule cue or a
        # tagged run, else its score is halved (below 0.5, still ordered)
        visible = np.asarray([self._visible(oof_words[i], rule_cues[i].cues) for i in range(len(texts))])
        ungated_f1 = cv_f1
        gated_f1 = 2 * int((fires & visible & (y == 1)).sum()) / max(1, int((fires & visible).sum()) + int(y.sum()))
        self.gate_ = bool(gated_f1 >= ungated_f1 - EVIDENCE_TOLERANCE)
        if self.gate_ and self.cut_on_gated:
            # the cut chosen again on the decisions the head reports: a sentence that shows no words
            # never fires, so the plateau is that of the gated scores
            cut, gated_f1 = best_f1_threshold(np.where(visible, probabilities, 0.0), y)
            self.shift_ = math.log(cut / (1.0 - cut))
            fires = oof > self.shift_
        if self.gate_:
            fires, cv_f1 = fires & visible, gated_f1
        tp = int((fires & (y == 1)).sum())
        self.cv_ = {
            "sentences": len(texts), "positives": int(y.sum()), "folds": CV_FOLDS,
            "f1": round(cv_f1, 4), "f1_ungated": round(ungated_f1, 4), "f1_gated": round(gated_f1, 4),
            "gated": self.gate_, "precision": round(tp / max(1, int(fires.sum())), 4),
            "recall": round(tp / max(1, int(y.sum())), 4), "evidence_char_f1": round(evidence_f1, 4),
            "evidence_threshold": self.evidence_threshold_,
            "evidence_mode": self.evidence_mode_,
            "evidence_cue_floor": self.cue_floor_,
            "evidence_cv": {" ".join(map(str, choice)): round(f, 4) for choice, f in table.items()},
            "decision_cut": round(cut, 4),
        }
        self.oof_scores_ = self._gated(1.0 / (1.0 + np.exp(-(oof - self.shift_))), visible)
        # NaN for an extra sentence whose article no fold held out
        self.more_oof_scores_ = self._gated(1.0 / (1.0 + np.exp(-(more_oof - self.shift_))), np.asarray(
            [self._visible(more_words[k], more.results[self.name][k].cues) for k in range(len(more_texts))],
            dtype=bool)) if more is not None else np.zeros(0)
        if more is not None:
            texts, own = texts + more_texts, sp.vstack([own, more_own], format="csr")
            y, spans = np.r_[y, more_y], list(spans) + list(more.spans)
        self.vectorizer_, self.classifier_ = self._fit_classifier(texts, own, y)
        self.tagger_ = self._tagger().fit(texts, spans)
        del self._proxy
        return self

    def _tagger(self) -> SpanTagger:
        figures = self.name in FIGURE_SIGNALS
        return SpanTagger(neighbour_digits=figures, figure_tokens=figures)

    def _fit_classifier(self, texts: list[str], own: np.ndarray, y: np.ndarray):
        weights = _balanced(y)
        if self._proxy is not None:  # the proxy rows join with their own (balanced) weight
            p_texts, p_own, p_y, p_weight = self._proxy
            p_weights = p_weight * _balanced(p_y)
            texts, own = texts + p_texts, sp.vstack([own, p_own], format="csr")
            y, weights = np.r_[y, p_y], np.r_[weights, p_weights]
        vectorizer = fit_gold_vectorizer(texts)
        classifier = LogisticRegression(C=self.C, max_iter=5000)
        classifier.fit(self._matrix(vectorizer, texts, own), y, sample_weight=weights)
        return vectorizer, classifier

    def _structure(self, text: str) -> dict[str, float]:
        return STRUCTURE[self.name](text)

    def _own(self, texts: Sequence[str], extracted: np.ndarray) -> sp.csr_matrix:
        """The extractors' columns and this signal's structure features."""
        # what DictVectorizer.transform gives, without its per-value type checks (a hot path)
        vocabulary = self.structure_.vocabulary_
        rows, columns, values = [], [], []
        for i, text in enumerate(texts):
            for feature, value in self._structure(text).items():
                j = vocabulary.get(feature)
                if j is not None:
                    rows.append(i)
                    columns.append(j)
                    values.append(value)
        structure = sp.csr_matrix((values, (rows, columns)), shape=(len(texts), len(vocabulary)))
        return sp.hstack([sp.csr_matrix(extracted), structure], format="csr")

    @staticmethod
    def _matrix(vectorizer, texts: list[str], own: sp.csr_matrix, words=None) -> sp.csr_matrix:
        words = vectorizer.transform(texts) if words is None else words
        return sp.hstack([own, words], format="csr")

    # -- scoring ---------------------------------------------------------
    def scores(self, texts: Sequence[str], extracted: np.ndarray, words=None) -> np.ndarray:
        """The signal's score per sentence (``extracted``: :func:`extractor_features` rows)."""
        if len(texts) == 0:
            return np.zeros(0)
        own = self._own(texts, extracted)
        z = self.classifier_.decision_function(self._matrix(self.vectorizer_, list(texts), own, words))
        return 1.0 / (1.0 + np.exp(-(z - self.shift_)))

    def apply(self, texts: Sequence[str], extracted: np.ndarray, results: Sequence[SignalResult],
              words=None) -> list[SignalResult]:
        """The extractor's results with the gold-fitted score and evidence."""
        scores = self.scores(texts, extracted, words)
        # the evidence tagger reads only the sentences that may fire: it serves gate and evidence
        tagged = [self.tagger_.word_probabilities(t) if s >= 0.5 else None for t, s in zip(texts, scores)]
        scores = self._gated(scores, np.asarray(
            [p is None or self._visible(p, res.cues) for p, res in zip(tagged, results)], dtype=bool))
        out = []
        for text, score, probabilities, res in zip(texts, scores, tagged, results):
            score = float(score)
            if score >= 0.5:
                cues = self._evidence(text, probabilities, res.cues, self.evidence_mode_,
                                      self.evidence_threshold_, self.cue_floor_)
            else:  # a quiet signal still says which named source it saw ("The Pentagon said")
                cues = tuple(c for c in res.cues if c.confidence == 0 and c.cue in self.rule_cues_)
            out.append(SignalResult(score, cues, res.learned, res.counts))
        return out

    def evidence(self, text: str, cues: Sequence[Cue]) -> tuple[Cue, ...]:
        """The words a reader would mark (``cues``: the extractor's cues in the sentence)."""
        return self._evidence(text, self.tagger_.word_probabilities(text), cues, self.evidence_mode_,
                              self.evidence_threshold_, self.cue_floor_)

    def gate(self, scores: np.ndarray, texts: Sequence[str], cues: Sequence[Sequence[Cue]]) -> np.ndarray:
        """:meth:`scores` as :meth:`apply` reports them: halved where a firing sentence shows no
        words, when the head gates (``cues``: the extractor's cues of each sentence)."""
        if not self.gate_:
            return np.array(scores, dtype=float)
        return self._gated(scores, np.asarray([
            s < 0.5 or self._visible(self.tagger_.word_probabilities(t), c) for s, t, c in zip(scores, texts, cues)],
            dtype=bool))

    def _visible(self, words: Sequence[tuple[int, int, float]], cues: Sequence[Cue]) -> bool:
        """Whether the signal has words to show: a rule cue at the floor, or a tagged run."""
        threshold = self.evidence_threshold_
        return bool(self._rules(cues, self.cue_floor_)) or any(p >= threshold for _, _, p in words)

    def _gated(self, scores: np.ndarray, visible: np.ndarray) -> np.ndarray:
        """``scores`` with those of sentences that show no words halved, when the head gates."""
        return np.where(visible | (not self.gate_), scores, np.asarray(scores, dtype=float) / 2)

    def _rules(self, cues: Sequence[Cue], floor: float) -> list[Cue]:
        """The rule cues that carry the signal (named sources carry none) at ``floor`` or above."""
        return [c for c in cues if c.cue in self.rule_cues_ and c.confidence > 0 and c.confidence >= floor]

    def _evidence(self, text: str, words: Sequence[tuple[int, int, float]], cues: Sequence[Cue],
                  mode: str, threshold: float, floor: float = 0.0) -> tuple[Cue, ...]:
        """Evidence from tagged words and rule cues.

        ``mode`` ``"rules"``: the rule cues (lexicon, parser) where there are any, else the
        tagged runs; ``"tagger"``: the tagged runs, each widened to the rule cues it overlaps
        and named by the strongest of them (for a signal of figures, with the word that opens
        the figure's phrase and the word a number counts); ``"union"``: the rule cues and the
        tagged runs beside them. Without either, the most probable word, so a firing signal
        always shows words.
        """
        rules = self._rules(cues, floor)
        if mode == "rules" and rules:
            return tuple(drop_overlaps(rules))
        runs = [(a, b) for a, b, _ in join_runs(words, threshold)]
        if mode == "union" and rules:
            kept = drop_overlaps(rules)
            tagged = [Cue(a, b, self.default_cue, 0.0, "tagger") for a, b in runs]
            return tuple(drop_overlaps(tagged, kept=kept))
        if not runs:
            if rules:
                return tuple(drop_overlaps(rules))
            best = max(words, key=lambda w: w[2], default=None)
            runs = [(best[0], best[1])] if best else []
        found: list[Cue] = []
        for start, end in runs:
            over = [c for c in rules if c.start < end and start < c.end]
            cue = max(over, key=lambda c: c.confidence).cue if over else self.default_cue
            # a run inside a rule's phrase shows the whole phrase ("early", "next" of "as early
            # as next week"): a reader marks the phrase, not the words the tagger was sure of
            # (grouped CV evidence F1 on specifics 0.495 -> 0.508; the rule's phrase alone in
            # place of the run, 0.486)
            start, end = min([start, *(c.start for c in over)]), max([end, *(c.end for c in over)])
            if self.name in FIGURE_SIGNALS:
                start, end = _with_lead(text, start), _with_unit(text, end)
            if found and start < found[-1].end:  # two runs in one phrase: one span
                last = found.pop()
                start, end, cue = last.start, max(last.end, end), last.cue
            found.append(Cue(start, end, cue, 1.0, "tagger"))
        return tuple(found)

    @property
    def default_cue(self) -> str:
        """Cue of tagged evidence that no rule explains."""
        return DEFAULT_CUES[self.name]


def _with_lead(text: str, start: int) -> int:
    """``start`` moved back over the word before it, one space away, when that word opens a
    figure's phrase (:data:`.structure.FIGURE_LEADS`)."""
    if start < 2 or text[start - 1] != " ":
        return start
    begin = start - 1
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return begin if text[begin:start - 1].lower() in FIGURE_LEADS else start


def _with_unit(text: str, end: int) -> int:
    """``end`` moved over the lower-case word after it, one space away, when the span ends in a
    number and that word goes on the figure's phrase (:data:`.structure.FIGURE_PHRASE_STOPS`
    never do)."""
    if not end or not text[end - 1].isdigit():
        return end
    m = _NEXT_WORD.match(text, end)
    return m.end(1) if m and m.group(1) not in FIGURE_PHRASE_STOPS else end


#: The cue of tagged words no rule match explains, per signal.
DEFAULT_CUES = {
    "anonymous_attribution": "vague_attribution",
    "sensational_wording": "loaded_term",
    "unverifiable_specifics": "specific_detail",
}

