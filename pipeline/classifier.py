"""A logistic regression whose weights on chosen columns are bounded below.

scikit-learn's ``LogisticRegression`` has no bounds on its weights, and its
``HistGradientBoosting`` monotonic constraints would give up the linear form
the reasons rest on (:mod:`pipeline.reasons`). This estimator minimises the same
objective as ``LogisticRegression(penalty="l2", C=C, class_weight="balanced")``
with L-BFGS-B, whose box bounds keep a signal's weight at or above its floor:
raising a signal's score can then only raise the log-odds, and (through a
monotone calibrator) only lower credibility.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import expit
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted


class BoundedLogisticRegression(ClassifierMixin, BaseEstimator):
    """L2-penalised, class-balanced logistic regression with lower bounds on some weights.

    Parameters
    ----------
    C
        Inverse penalty strength, as in scikit-learn (the intercept is not penalised).
    lower_bounds
        Column index -> the least weight that column may take (e.g. ``0.5`` for a signal's
        score, so that the signal always counts against credibility).
    max_iter
        L-BFGS-B iterations.
    tol
        Stopping tolerance on the projected gradient.
    pair_weight
        Weight of the ordered pairs given to :meth:`fit` (``pairs``): each pair whose first
        sentence gets the higher log-odds adds ``C * pair_weight`` times the squared excess to
        the loss.
    """

    def __init__(self, C: float = 1.0, lower_bounds: Mapping[int, float] | None = None,
                 max_iter: int = 5000, tol: float = 1e-6, pair_weight: float = 0.0) -> None:
        self.C = C
        self.lower_bounds = lower_bounds
        self.max_iter = max_iter
        self.tol = tol
        self.pair_weight = pair_weight

    def fit(self, X, y, pairs=None) -> "BoundedLogisticRegression":
        """Fit on a (sparse) matrix ``X`` and binary labels ``y``.

        ``pairs`` (optional) holds one row per ordered pair of sentences: the features of the
        one that must not get the higher log-odds minus those of the other (for instance a
        sentence without its figures minus the sentence with them). A pair out of order costs
        its squared excess, weighed by ``pair_weight``.
        """
        X = sp.csr_matrix(X, dtype=np.float64)
        D = None if pairs is None or not self.pair_weight else sp.csr_matrix(pairs, dtype=np.float64)
        pair_cost = float(self.C) * float(self.pair_weight)
        y = np.asarray(y)
        self.classes_ = np.unique(y)
        if len(self.classes_) != 2:
            raise ValueError(f"needs two classes, got {len(self.classes_)}")
        positive = y == self.classes_[1]
        sign = np.where(positive, 1.0, -1.0)
        # "balanced": each class weighs half of the sample, as in scikit-learn
        weight = np.where(positive, 0.5 / positive.mean(), 0.5 / (1.0 - positive.mean()))
        n_features = X.shape[1]
        C = float(self.C)

        def loss_and_gradient(params: np.ndarray) -> tuple[float, np.ndarray]:
            coef, intercept = params[:n_features], params[n_features]
            margin = sign * (X @ coef + intercept)
            loss = C * float(weight @ np.logaddexp(0.0, -margin)) + 0.5 * float(coef @ coef)
            slope = -sign * weight * expit(-margin)
            gradient = np.empty(n_features + 1)
            gradient[:n_features] = C * (X.T @ slope) + coef
            gradient[n_features] = C * slope.sum()
            if D is not None:
                excess = np.maximum(D @ coef, 0.0)  # the intercept cancels in a difference
                loss += pair_cost * float(excess @ excess)
                gradient[:n_features] += 2.0 * pair_cost * (D.T @ excess)
            return loss, gradient

        bounds: list[tuple[float | None, float | None]] = [(None, None)] * (n_features + 1)
        for column, floor in (self.lower_bounds or {}).items():
            bounds[column] = (float(floor), None)
        start = np.zeros(n_features + 1)
        for column, floor in (self.lower_bounds or {}).items():
            start[column] = max(0.0, float(floor))  # a feasible start
        result = minimize(loss_and_gradient, start, jac=True, method="L-BFGS-B", bounds=bounds,
                          options={"maxiter": self.max_iter, "gtol": self.tol})
        self.coef_ = result.x[:n_features].reshape(1, -1)
        self.intercept_ = np.array([result.x[n_features]])
        self.n_iter_ = np.array([result.nit])
        self.n_features_in_ = n_features
        return self

    def decision_function(self, X) -> np.ndarray:
        """The log-odds of the positive class."""
        check_is_fitted(self, "coef_")
        return np.asarray(X @ self.coef_[0] + self.intercept_[0], dtype=np.float64).ravel()

    def predict_proba(self, X) -> np.ndarray:
        """Probabilities of both classes (columns in ``classes_`` order)."""
        p = expit(self.decision_function(X))
        return np.column_stack([1.0 - p, p])

    def predict(self, X) -> np.ndarray:
        """The more probable class."""
        return self.classes_[(self.decision_function(X) > 0).astype(int)]
