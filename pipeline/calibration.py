"""Calibration of the classifier's log-odds: isotonic regression read between its blocks' centres."""

from __future__ import annotations

import numpy as np
from sklearn.isotonic import IsotonicRegression


class CentredIsotonic:
    """Isotonic regression, read linearly between the centres of its blocks.

    Plain isotonic regression is flat over each block of log-odds it pools, so
    sentences whose log-odds differ get one credibility, and a retrain that
    moves a sentence across a block's edge moves its credibility by the whole
    step. Read between the blocks' mean log-odds (and flat beyond the first and
    last), the calibration keeps the pooled values' fit but is strictly
    increasing between those centres: credibility follows the log-odds order
    and moves with them continuously.
    """

    def fit(self, log_odds: np.ndarray, labels: np.ndarray) -> CentredIsotonic:
        """Fit on out-of-fold ``log_odds`` and their 0/1 ``labels``."""
        x = np.asarray(log_odds, dtype=np.float64)
        iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(x, labels)
        order = np.argsort(x, kind="stable")
        xs, fitted = x[order], iso.predict(x[order])
        starts = np.flatnonzero(np.r_[True, fitted[1:] != fitted[:-1]])
        ends = np.r_[starts[1:], len(xs)]
        self.x_ = np.array([xs[a:b].mean() for a, b in zip(starts, ends)])
        self.y_ = fitted[starts]
        return self

    def predict(self, log_odds: np.ndarray) -> np.ndarray:
        """Calibrated probabilities of ``log_odds``."""
        return np.interp(np.asarray(log_odds, dtype=np.float64), self.x_, self.y_)
