"""Tests of herz.models.glaser: herz's formalisation of Glaser's (1997) security dilemma
(severity from the offence-defence balance and distinguishability; the arm-or-cooperate
threshold belief of a security-seeker; greed).

Glaser argues verbally, so every expected number here is analytic (herz's derivation in the
module docstring) or a limit the article states in words; none is a published figure.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.errors import HerzInputError
from herz.models.glaser import (
    GlaserParams,
    compensating_defence,
    decide,
    net_value_of_arming,
    reference_checks,
    security,
    severity,
    threshold_belief,
)


@settings(max_examples=60, deadline=None)
@given(theta=st.floats(0.05, 20), delta=st.floats(0, 1), s=st.floats(0.05, 0.95),
       x=st.floats(0.01, 5))
def test_severity_matches_root_finder(theta: float, delta: float, s: float, x: float) -> None:
    """Kind: analytic — the rival's defence needed to restore security s after a build-up x,
    found by brentq on sigma = D / (D + theta O), equals M x with
    M = (1 - delta) theta s / (1 - s) (herz's derivation)."""
    assert compensating_defence(theta, delta, s, x) == pytest.approx(
        severity(theta, delta, s) * x, rel=1e-7, abs=1e-9)


def test_limits_stated_by_glaser() -> None:
    """Kind: analytic — the limits of Jervis's and Glaser's verbal argument in herz's measure:
    with perfect distinguishability defensive arming does not reduce the other's security
    (M = 0 and the rival's security is untouched); defence dominance eases the dilemma (M
    falls to 0 as theta -> 0, monotonically); offence dominance worsens it."""
    assert severity(3.0, 1.0, 0.9) == 0.0
    assert compensating_defence(3.0, 1.0, 0.9, 2.0) == pytest.approx(0.0, abs=1e-9)
    # the rival's security is unchanged when the whole build-up is distinguishable
    assert security(1.0, 1.0 + 0.0 * 5.0, 2.0) == security(1.0, 1.0, 2.0)
    thetas = [10.0, 3.0, 1.0, 0.3, 0.1, 1e-3, 1e-6]
    ms = [severity(t, 0.2, 0.8) for t in thetas]
    assert all(a > b for a, b in zip(ms, ms[1:], strict=False)) and ms[-1] < 1e-5
    assert severity(1.0, 0.0, 0.99) > severity(1.0, 0.0, 0.5)


def test_threshold_closed_form_and_linearity() -> None:
    """Kind: analytic — N(p) is linear in p and vanishes at p*; defaults (theta=1, s=0.8, M=4,
    Dsigma = 2/3 - 1/2 = 1/6, c=0.05, k=0.2, x=1): p* = 0.85 / (1/6 + 0.8)."""
    base = GlaserParams()
    p_star = threshold_belief(base)
    assert p_star == pytest.approx(0.85 / (1 / 6 + 0.8), abs=1e-12)
    n = [net_value_of_arming(GlaserParams(belief=b)) for b in (0.0, 0.5, 1.0)]
    assert n[1] == pytest.approx((n[0] + n[2]) / 2, abs=1e-12)
    assert net_value_of_arming(GlaserParams(belief=p_star)) == pytest.approx(0.0, abs=1e-12)
    assert decide(GlaserParams(belief=p_star - 0.01)).advice == "cooperate"
    assert decide(GlaserParams(belief=p_star + 0.01)).advice == "arm"


@settings(max_examples=60, deadline=None)
@given(g1=st.floats(0, 2), g2=st.floats(0, 2), delta=st.floats(0, 0.99),
       theta=st.floats(0.1, 5))
def test_greed_raises_the_value_of_competition(g1: float, g2: float, delta: float,
                                               theta: float) -> None:
    """Kind: analytic — greed adds g Dw (Dw > 0 unless delta = 1) to the value of arming, so
    p* falls with greed (Glaser: greedy states see more value in competition)."""
    lo, hi = sorted((g1, g2))
    a = GlaserParams(theta=theta, distinguishability=delta, greed=lo)
    b = GlaserParams(theta=theta, distinguishability=delta, greed=hi)
    assert net_value_of_arming(b) >= net_value_of_arming(a) - 1e-12
    assert threshold_belief(b) <= threshold_belief(a) + 1e-12


def test_distinguishability_helps_a_security_seeker_arm_safely() -> None:
    """Kind: analytic — with delta = 1 there is no spiral cost, so p* = c x / (V Dsigma) = 0.3,
    below the p* with indistinguishable forces; greed then adds nothing (no offence is bought)."""
    d = GlaserParams(distinguishability=1.0)
    assert threshold_belief(d) == pytest.approx(0.3, abs=1e-12)
    assert threshold_belief(d) < threshold_belief(GlaserParams())
    assert threshold_belief(GlaserParams(distinguishability=1.0, greed=5.0)) == pytest.approx(0.3)


def test_spiral_vs_deterrence_regions() -> None:
    """Kind: analytic — the security-seeker's advice switches from cooperate (spiral model) to
    arm (deterrence model) as its belief that the rival is greedy crosses p*; a severe dilemma
    (offence advantage) raises p* when forces are indistinguishable."""
    mild = GlaserParams(theta=0.25)
    severe = GlaserParams(theta=4.0)
    assert threshold_belief(severe) > threshold_belief(mild)
    assert [decide(GlaserParams(belief=b)).advice for b in (0.2, 0.95)] == ["cooperate", "arm"]


def test_bad_inputs() -> None:
    """Kind: regression — out-of-range inputs raise HerzInputError naming the field."""
    with pytest.raises(HerzInputError, match="distinguishability"):
        GlaserParams(distinguishability=1.5)
    with pytest.raises(HerzInputError, match="wanted_security"):
        severity(1.0, 0.0, 1.0)
    with pytest.raises(HerzInputError, match="theta"):
        security(1.0, 1.0, 0.0)
    with pytest.raises(HerzInputError):
        GlaserParams(belief=math.nan)


def test_reference_checks_pass() -> None:
    """Kind: analytic — every check ``herz validate`` runs for this model passes."""
    checks = reference_checks()
    assert checks and all(c.passed and c.kind == "analytic" for c in checks)
