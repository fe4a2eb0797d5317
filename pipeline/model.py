"""The credibility model: signals and wording in, calibrated risk and its reasons out.

The classifier is a logistic regression over the three signal scores and word
n-grams (:mod:`pipeline.classifier`), its weight on each signal's score held at
or above a floor so that a stronger signal never raises credibility. Its
log-odds is calibrated by isotonic regression read between its blocks' centres
(:mod:`pipeline.calibration`: monotone too, with no flat steps), and splits
exactly into one reason per signal and one for the wording
(:mod:`pipeline.reasons`). Training lives in :mod:`pipeline.training`, the
model file and its card in :mod:`pipeline.artifact`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from .calibration import CentredIsotonic
from .features import FeatureBuilder
from .reasons import ReasonExplainer
from .report import WORDING, Reason
from .signals import SignalExtractor, SignalResult
from .signals.head import SignalHead

#: Credibility labels, from least to most credible; the first applies below
#: ``flag_threshold``, the last at or above ``credible_threshold``.
LABELS = ("low", "uncertain", "credible")

#: P(misinformation signal) at or below which a sentence is labelled credible.
CREDIBLE_MAX_RISK = 0.15

#: A signal's score at which it counts as present; its reason is measured from here.
SIGNAL_PRESENT = 0.5

#: The part of a signal feature name after ``{signal}__`` that the classifier reads.
SCORE_FEATURE = "score"


@dataclass
class Assessment:
    """What the model says of a batch of sentences."""

    #: the classifier's log-odds before calibration (bias plus the reasons)
    log_odds: np.ndarray
    #: calibrated probability of a misinformation signal (credibility is 1 minus it)
    risk: np.ndarray
    #: per sentence, one reason per signal (report order) then the wording
    reasons: list[tuple[Reason, ...]]


@dataclass
class CredibilityModel:
    """Fitted signals, text vectorizer, classifier, calibrator and thresholds."""

    signals: dict[str, SignalExtractor]
    text_vectorizer: Any
    classifier: Any
    calibrator: CentredIsotonic
    flag_threshold: float
    credible_threshold: float
    #: gold-fitted heads by signal (see :mod:`pipeline.signals.head`)
    heads: dict[str, SignalHead] = field(default_factory=dict)

    @property
    def builder(self) -> FeatureBuilder:
        """Feature builder over this model's extractors (built once, never pickled)."""
        cached = self.__dict__.get("_builder")
        if cached is None:
            cached = self.__dict__["_builder"] = FeatureBuilder(self.signals, self.text_vectorizer, self.heads)
        return cached

    @property
    def explainer(self) -> ReasonExplainer:
        """Splits the classifier's log-odds into reasons (built once, never pickled)."""
        cached = self.__dict__.get("_explainer")
        if cached is None:
            # a signal is measured from where it counts as present, so it lowers credibility
            # only where it fires (and speaks for a sentence where it does not)
            baselines = {j: SIGNAL_PRESENT for j in range(len(self.signals))}
            cached = self.__dict__["_explainer"] = ReasonExplainer(
                self.classifier.coef_[0], reason_groups(list(self.signals), len(self.text_terms())),
                self.text_terms(), baselines)
        return cached

    @property
    def bias(self) -> float:
        """The log-odds of a sentence whose signals all sit at :data:`SIGNAL_PRESENT` and whose
        words weigh nothing: with a sentence's reasons, it adds up to the sentence's log-odds."""
        return self.explainer.bias(float(self.classifier.intercept_[0]))

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k not in ("_builder", "_explainer")}

    def text_terms(self) -> np.ndarray:
        """The wording columns' terms."""
        return self.text_vectorizer.get_feature_names_out()

    def signal_weights(self) -> dict[str, float]:
        """The classifier's weight on each signal's score (at or above its floor, so never negative)."""
        return {name: float(w) for name, w in zip(self.signals, self.classifier.coef_[0])}

    def assess(self, results: Mapping[str, Sequence[SignalResult]], text_matrix: sp.csr_matrix,
               texts: Sequence[str]) -> Assessment:
        """Log-odds, calibrated risk and reasons of sentences from their signal results and words."""
        matrix = classifier_matrix(list(self.signals), results, text_matrix)
        if matrix.shape[0] == 0:
            return Assessment(np.zeros(0), np.zeros(0), [])
        log_odds = self.classifier.decision_function(matrix)
        return Assessment(log_odds, self.calibrate(log_odds), self.explainer.reasons(matrix, texts))

    def calibrate(self, log_odds: np.ndarray) -> np.ndarray:
        """Calibrated risk of log-odds (non-decreasing in them)."""
        return np.clip(self.calibrator.predict(np.asarray(log_odds, dtype=np.float64)), 0.0, 1.0)

    def vectorizers(self) -> list[Any]:
        """Every fitted text vectorizer inside the model."""
        found = [self.text_vectorizer]
        found += [ext.vectorizer_ for ext in self.signals.values() if ext.vectorizer_ is not None]
        found += [head.vectorizer_ for head in self.heads.values()]
        return found

    def label_for(self, credibility: float) -> str:
        """Categorical label of a credibility (thresholds from the card)."""
        if credibility < self.flag_threshold:
            return LABELS[0]
        if credibility < self.credible_threshold:
            return LABELS[1]
        return LABELS[2]


def classifier_matrix(signal_names: Sequence[str], results: Mapping[str, Sequence[SignalResult]],
                      text_matrix: sp.csr_matrix) -> sp.csr_matrix:
    """The classifier's input: one column per signal score (in ``signal_names`` order), then the words."""
    n = text_matrix.shape[0]
    scores = np.zeros((n, len(signal_names)))
    for j, name in enumerate(signal_names):
        scores[:, j] = [res.score for res in results[name]]
    return sp.hstack([sp.csr_matrix(scores), text_matrix], format="csr")


def classifier_feature_names(signal_names: Sequence[str], terms: Sequence[str]) -> list[str]:
    """Column names of :func:`classifier_matrix` (``{signal}__score``, then ``text__{term}``)."""
    return [f"{name}__{SCORE_FEATURE}" for name in signal_names] + [f"text__{t}" for t in terms]


def reason_groups(signal_names: Sequence[str], n_terms: int) -> list[tuple[str, int, int]]:
    """Which columns of :func:`classifier_matrix` make up each reason."""
    groups = [(name, j, j + 1) for j, name in enumerate(signal_names)]
    groups.append((WORDING, len(signal_names), len(signal_names) + n_terms))
    return groups


def sentence_assessment(model: CredibilityModel, texts: Sequence[str]
                        ) -> tuple[dict[str, list[SignalResult]], Assessment]:
    """Signal results and the model's assessment of sentences (shared by scorer and evaluation)."""
    results, text_matrix = model.builder.analyze(texts)
    return results, model.assess(results, text_matrix, texts)
