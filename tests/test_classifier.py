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


def test_classifier_pairs_put_their_sentences_in_order(problem):
    X, y = problem
    # pairs whose first sentence differs from the second by +1 in column 1 (which the labels reward):
    # the free fit gives the first the higher log-odds; weighed pairs pull column 1 toward 0
    diffs = sp.csr_matrix(np.tile([0.0, 1.0, 0.0, 0.0, 0.0], (50, 1)))
    free = BoundedLogisticRegression().fit(X, y, pairs=diffs)  # pair_weight 0: the pairs are ignored
    assert (diffs @ free.coef_[0] > 0).all()
    np.testing.assert_allclose(free.coef_, BoundedLogisticRegression().fit(X, y).coef_)
    ordered = BoundedLogisticRegression(pair_weight=100.0).fit(X, y, pairs=diffs)
    assert abs(ordered.coef_[0, 1]) < 0.05 * abs(free.coef_[0, 1])
    assert ordered.coef_[0, 2] > 0  # the other columns are still learned


def test_classifier_pair_gradient_is_exact(problem):
    # the optimiser converges to a stationary point of the full objective, pairs included
    X, y = problem
    rng = np.random.default_rng(1)
    diffs = sp.csr_matrix(rng.normal(size=(30, 5)))
    clf = BoundedLogisticRegression(pair_weight=3.0, tol=1e-10).fit(X, y, pairs=diffs)
    coef, b = clf.coef_[0], clf.intercept_[0]
    sign = np.where(y == 1, 1.0, -1.0)
    w = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))

    def objective(c):
        margin = sign * (X @ c + b)
        excess = np.maximum(diffs @ c, 0.0)
        return w @ np.logaddexp(0.0, -margin) + 0.5 * c @ c + 3.0 * excess @ excess

    step = 1e-6
    grad = [(objective(coef + step * e) - objective(coef - step * e)) / (2 * step) for e in np.eye(5)]
    # the objective sums 600 rows: 1e-2 is a millionth of its scale, while a wrong pair gradient
    # (a lost factor 2, say) leaves components of order one
    np.testing.assert_allclose(grad, 0.0, atol=1e-2)
