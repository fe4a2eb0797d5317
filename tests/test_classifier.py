"""BoundedLogisticRegression: scikit-learn's objective, with floors on chosen weights."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression

from pipeline.classifier import BoundedLogisticRegression


@pytest.fixture(scope="module")
def problem():
    # a real corpus is not needed to check the optimiser: a seeded logistic problem
    # where column 0 helps the negative class, so an unbounded fit gives it a negative weight
    rng = np.random.default_rng(0)
    X = rng.normal(size=(600, 5))
    logits = -1.5 * X[:, 0] + 1.0 * X[:, 1] + 0.5 * X[:, 2] - 0.3
    y = (rng.random(600) < 1 / (1 + np.exp(-logits))).astype(int)
    return X, y


def test_classifier_without_bounds_matches_sklearn(problem):
    X, y = problem
    ours = BoundedLogisticRegression(C=0.7).fit(sp.csr_matrix(X), y)
    theirs = LogisticRegression(C=0.7, class_weight="balanced", tol=1e-10, max_iter=10000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-4)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=1e-4)


def test_classifier_floor_holds_and_binds(problem):
    X, y = problem
    free = BoundedLogisticRegression().fit(X, y)
    assert free.coef_[0, 0] < 0
    bounded = BoundedLogisticRegression(lower_bounds={0: 0.25}).fit(X, y)
    assert bounded.coef_[0, 0] == pytest.approx(0.25)
    assert bounded.coef_[0, 1] > 0  # the others are still learned


def test_classifier_decision_and_probabilities_agree(problem):
    X, y = problem
    clf = BoundedLogisticRegression(lower_bounds={0: 0.0}).fit(X, y)
    z = clf.decision_function(X)
    np.testing.assert_allclose(z, X @ clf.coef_[0] + clf.intercept_[0])
    np.testing.assert_allclose(clf.predict_proba(X)[:, 1], 1 / (1 + np.exp(-z)))
    assert set(clf.predict(X)) <= {0, 1}


def test_classifier_needs_two_classes():
    with pytest.raises(ValueError, match="two classes"):
        BoundedLogisticRegression().fit(np.ones((3, 2)), [1, 1, 1])
