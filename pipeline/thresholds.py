"""Decision thresholds chosen on out-of-fold predictions (never on dev), and calibration error."""

from __future__ import annotations

import numpy as np


def best_f1_threshold(risk: np.ndarray, labels: np.ndarray, tolerance: float = 0.005) -> tuple[float, float]:
    """A stable risk cut-off for flagging (flag when risk > cut-off) and the best F1.

    F1 is flat near its maximum, so the arg-max jumps with tiny changes in the
    scores. The cut-off is the median of every cut-off whose F1 is within
    ``tolerance`` of the best: the middle of the plateau.
    """
    order = np.argsort(-risk, kind="stable")
    sorted_risk, sorted_y = risk[order], labels[order]
    tp = np.cumsum(sorted_y)
    k = np.arange(1, len(risk) + 1)
    f1 = 2 * tp / (k + sorted_y.sum())
    # only cut between distinct values
    distinct = np.r_[sorted_risk[1:] != sorted_risk[:-1], True]
    f1 = np.where(distinct, f1, -1)
    nxt = np.r_[sorted_risk[1:], 0.0]
    cuts = (sorted_risk + nxt) / 2
    best = float(f1.max())
    plateau = np.sort(cuts[f1 >= best - tolerance])
    return float(plateau[(len(plateau) - 1) // 2]), best


def expected_calibration_error(prob: np.ndarray, labels: np.ndarray, bins: int = 10) -> float:
    """ECE over equal-width probability bins."""
    prob = np.asarray(prob, dtype=float)
    labels = np.asarray(labels, dtype=float)
    if len(prob) == 0:
        return 0.0
    idx = np.minimum((prob * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.sum() * abs(prob[mask].mean() - labels[mask].mean())
    return float(total / len(prob))
