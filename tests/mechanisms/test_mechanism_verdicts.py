"""The paired interval and the verdict, on synthetic data.

Kind: analytic (values derived by hand) and property-based (hypothesis).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from herz.mechanisms import paired_interval, verdict


def test_interval_is_students_t_on_the_paired_differences() -> None:
    off = np.array([1.0, 2.0, 3.0, 4.0])
    on = off + np.array([0.5, 1.5, 1.0, 1.0])
    mean, low, high = paired_interval(on, off)
    diff = on - off
    half = stats.t.ppf(0.975, 3) * diff.std(ddof=1) / 2.0
    assert mean == pytest.approx(1.0)
    assert (low, high) == pytest.approx((1.0 - half, 1.0 + half))


def test_pairing_removes_the_common_noise() -> None:
    """Common random numbers: a small shift on top of large shared noise is shown paired."""
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 10, 200)
    mean, low, high = paired_interval(noise + 0.1 + rng.normal(0, 0.01, 200), noise)
    assert low > 0 and mean == pytest.approx(0.1, abs=0.01)


@pytest.mark.parametrize(
    ("shift", "expected", "want"),
    [(1.0, 1, "ok"), (-1.0, -1, "ok"), (1.0, -1, "wrong-sign"), (-1.0, 1, "wrong-sign"),
     (0.0, 1, "null"), (0.0, -1, "null")],
)
def test_verdict_on_synthetic_data(shift: float, expected: int, want: str) -> None:
    rng = np.random.default_rng(1)
    off = rng.normal(0, 1, 400)
    on = off + shift + rng.normal(0, 0.5, 400) - (rng.normal(0, 0.5, 400) if shift == 0 else 0)
    _, low, high = paired_interval(on, off)
    assert verdict(low, high, expected) == want


def test_identical_arms_are_null() -> None:
    x = np.linspace(0, 1, 50)
    assert paired_interval(x, x) == (0.0, 0.0, 0.0)
    assert verdict(0.0, 0.0, 1) == verdict(0.0, 0.0, -1) == "null"


def test_threshold() -> None:
    """An effect must clear the threshold in its expected direction to be ok; one short of it
    is null, one of the other sign wrong-sign."""
    assert verdict(0.6, 0.9, 1, 0.5) == "ok"
    assert verdict(0.4, 0.9, 1, 0.5) == "null"
    assert verdict(0.1, 0.3, 1, 0.5) == "null"
    assert verdict(0.0, 0.0, 1, 0.5) == "null"
    assert verdict(-0.3, -0.1, 1, 0.5) == "wrong-sign"
    assert verdict(-0.9, -0.6, -1, -0.5) == "ok"
    with pytest.raises(ValueError):
        verdict(0.6, 0.9, 1, -0.5)


def test_bad_input() -> None:
    with pytest.raises(ValueError):
        verdict(0.0, 1.0, 0)
    with pytest.raises(ValueError):
        verdict(1.0, 0.0, 1)
    with pytest.raises(ValueError):
        paired_interval(np.ones(1), np.ones(1))
    with pytest.raises(ValueError):
        paired_interval(np.array([1.0, np.nan]), np.ones(2))


@settings(max_examples=200, deadline=None)
@given(low=st.floats(-10, 10), width=st.floats(0, 10), expected=st.sampled_from([1, -1]))
def test_verdict_flips_with_the_sign(low: float, width: float, expected: int) -> None:
    """Kind: property. Mirroring the interval and the expected sign keeps the verdict; ok and
    wrong-sign exclude 0, null contains it."""
    high = low + width
    v = verdict(low, high, expected)
    assert verdict(-high, -low, -expected) == v
    assert (v == "null") == (low <= 0 <= high)
