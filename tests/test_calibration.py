"""The centred isotonic calibration: monotone, continuous, and faithful to the pooled values."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.isotonic import IsotonicRegression

from pipeline.calibration import CentredIsotonic

_SAMPLES = st.lists(st.tuples(st.floats(-8, 8, allow_nan=False), st.integers(0, 1)), min_size=2, max_size=200)


@settings(max_examples=200, deadline=None)
@given(_SAMPLES, st.lists(st.floats(-12, 12, allow_nan=False), min_size=2, max_size=50))
def test_centred_isotonic_is_monotone_and_bounded(samples, queries):
    x, y = (np.array(v, dtype=float) for v in zip(*samples))
    cal = CentredIsotonic().fit(x, y)
    q = np.sort(np.array(queries))
    p = cal.predict(q)
    assert np.all((p >= 0) & (p <= 1))
    assert np.all(np.diff(p) >= -1e-12)


@settings(max_examples=200, deadline=None)
@given(_SAMPLES)
def test_centred_isotonic_keeps_the_pooled_values_at_the_block_centres(samples):
    x, y = (np.array(v, dtype=float) for v in zip(*samples))
    cal = CentredIsotonic().fit(x, y)
    iso = IsotonicRegression(out_of_bounds="clip", y_min=0.0, y_max=1.0).fit(x, y)
    assert np.allclose(cal.predict(cal.x_), cal.y_)
    assert set(np.round(cal.y_, 9)) == set(np.round(np.unique(iso.predict(x)), 9))
    assert np.all(np.diff(cal.x_) > 0) and np.all(np.diff(cal.y_) > 0)


def test_centred_isotonic_separates_what_a_step_pools():
    # -0.45 and 0.4 fall in one pooled block of plain isotonic regression (0.5 both); read between
    # the blocks' centres they keep their order, and a small move of the log-odds moves the value
    # by a small amount, not by a whole step
    x = np.array([-2.0, -1.0, -0.5, -0.4, 0.3, 0.5, 1.5, 2.0])
    y = np.array([0, 0, 1, 0, 1, 0, 1, 1])
    iso = IsotonicRegression(out_of_bounds="clip").fit(x, y)
    cal = CentredIsotonic().fit(x, y)
    assert iso.predict([-0.45])[0] == iso.predict([0.4])[0] == 0.5
    assert cal.predict([-0.45])[0] < cal.predict([0.4])[0]
    assert abs(cal.predict([0.0])[0] - cal.predict([-0.01])[0]) < 0.01
