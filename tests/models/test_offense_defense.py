"""Tests of herz.models.offense_defense (Glaser & Kaufmann 1998: the balance as a cost ratio).

Each test names its kind (published, analytic, regression) and where its expected number comes
from.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import brentq

from herz.errors import HerzInputError
from herz.models.offense_defense import (
    OffenseDefenseParams,
    balance,
    multiplier_band,
    reference_checks,
    required_ratio,
    success_probability,
)


@given(q=st.floats(0.01, 0.99), theta=st.floats(0.1, 10), m=st.floats(0.2, 5))
def test_required_ratio_inverts_the_contest(q: float, theta: float, m: float) -> None:
    """Kind: analytic — B(q) solves pi(B, 1) = q, checked against an independent root-finder."""
    r = required_ratio(q, theta, m)
    assert success_probability(r, 1.0, theta, m) == pytest.approx(q, abs=1e-12)
    root = brentq(lambda a: success_probability(a, 1.0, theta, m) - q, 1e-12, 1e12,
                  xtol=1e-15, rtol=1e-14)
    assert r == pytest.approx(root, rel=1e-9)


@given(theta=st.floats(0.1, 10), m=st.floats(0.2, 5))
def test_even_fight_boundary(theta: float, m: float) -> None:
    """Kind: analytic — at q = 1/2 the balance is 1/theta whatever m: offence has the advantage
    iff theta > 1 (Glaser & Kaufmann's balance below 1)."""
    b = balance(OffenseDefenseParams(theta=theta, m=m, q=0.5))
    assert b.ratio == pytest.approx(1 / theta, rel=1e-12)
    expected = ("offence_advantage" if b.ratio < 1 else
                "defence_advantage" if b.ratio > 1 else "neutral")
    assert b.classification == expected


def test_three_to_one_and_band() -> None:
    """Kind: analytic — neutral technology, m = 2, q = 0.9: sqrt(9) = 3; the band of theta for
    B in [1/2, 2] is [3/2, 6], and the ends classify as neutral."""
    assert required_ratio(0.9, 1.0, 2.0) == pytest.approx(3.0)
    lo, hi = multiplier_band(0.9, 2.0, 0.5, 2.0)
    assert (lo, hi) == pytest.approx((1.5, 6.0))
    for theta, cls in ((1.4, "defence_advantage"), (3.0, "neutral"), (6.5, "offence_advantage")):
        params = OffenseDefenseParams(theta=theta, m=2.0, q=0.9, band=(0.5, 2.0))
        assert balance(params).classification == cls


def test_success_probability_monte_carlo() -> None:
    """Kind: analytic — the ratio contest with m = 1 is the probability that an exponential
    'strength' draw of the attacker (rate 1/(theta A)) beats the defender's (rate 1/D)
    (Hirshleifer 1989's ratio form as a race of exponentials); 200k seeded draws agree within
    5 standard errors."""
    rng = np.random.default_rng(1998)
    theta, a, d, n = 1.7, 2.0, 3.0, 200_000
    wins = (rng.exponential(theta * a, n) > rng.exponential(d, n)).mean()
    p = success_probability(a, d, theta, 1.0)
    assert abs(wins - p) < 5 * np.sqrt(p * (1 - p) / n)


def test_edges_and_bad_inputs() -> None:
    """Kind: regression — A = 0 never wins, D = 0 < A always does; bad parameters are refused."""
    assert success_probability(0.0, 1.0) == 0.0 and success_probability(1.0, 0.0) == 1.0
    for kwargs in ({"theta": 0.0}, {"m": -1.0}, {"q": 1.0}, {"band": (2.0, 1.0)}):
        with pytest.raises(HerzInputError):
            OffenseDefenseParams(**kwargs)  # type: ignore[arg-type]
    with pytest.raises(HerzInputError):
        success_probability(0.0, 0.0)


def test_reference_checks_pass() -> None:
    """Kind: analytic — every check of ``herz validate`` for this model passes."""
    checks = reference_checks()
    assert checks and all(c.passed for c in checks), [c for c in checks if not c.passed]
