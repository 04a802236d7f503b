"""Tests of herz.models.surprise_attack: Schelling's (1960, ch. 9) reciprocal fear of surprise
attack, in herz's formalisation (a fixed point of mutually dependent strike probabilities).

Each test names its kind (published, analytic, regression) and where its expected number comes
from.
"""

from __future__ import annotations

import math

import nashpy
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.errors import HerzInputError
from herz.models.surprise_attack import (
    SurpriseAttackParams,
    closed_form_uniform,
    equilibria,
    linear_response,
    reference_checks,
    regress,
    strike_probability,
)

EXAMPLE = SurpriseAttackParams(first_strike=-0.5, struck=-3.0, mutual=-2.0, scale=2.0)


def test_worked_example() -> None:
    """Kind: analytic — F=-0.5, S=-3, W=-2, V=0, uniform h=2: g=-0.5, d=1.5, alpha=beta=3/8, so
    the fear-free probability 0.375 compounds to 0.375/(1-0.375) = 0.6 (herz's derivation)."""
    assert (EXAMPLE.g, EXAMPLE.d) == (-0.5, 1.5)
    assert linear_response(EXAMPLE) == pytest.approx((0.375, 0.375))
    (eq,) = equilibria(EXAMPLE)
    assert eq.s1 == pytest.approx(0.6, abs=1e-12) and eq.stable
    assert closed_form_uniform(EXAMPLE) == pytest.approx((0.6, 0.6))


@settings(max_examples=60, deadline=None)
@given(alpha=st.floats(0.0, 0.9), beta=st.floats(0.0, 0.9), k=st.integers(0, 30))
def test_regress_is_the_geometric_series(alpha: float, beta: float, k: int) -> None:
    """Kind: analytic — in the uniform model each level of 'he thinks I think' adds
    alpha beta^k: s^(k) = alpha (1 - beta^(k+1)) / (1 - beta) while it stays below 1."""
    h = 1.0
    g, d = 2 * h * alpha - h, 2 * h * beta
    p = SurpriseAttackParams(first_strike=g, struck=-d - g, mutual=0.0, scale=h)
    assert linear_response(p) == pytest.approx((alpha, beta), abs=1e-12)
    expected = alpha * (1 - beta ** (k + 1)) / (1 - beta)
    if expected <= 1.0:
        assert regress(p, k)[k] == pytest.approx(expected, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(f1=st.floats(-2, 0), gap1=st.floats(0, 3), w1=st.floats(-3, 0), h1=st.floats(2, 6),
       f2=st.floats(-2, 0), gap2=st.floats(0, 3), w2=st.floats(-3, 0), h2=st.floats(2, 6))
def test_asymmetric_closed_form(f1: float, gap1: float, w1: float, h1: float, f2: float,
                                gap2: float, w2: float, h2: float) -> None:
    """Kind: analytic — for two uniform sides with an interior fixed point the solver returns
    s_1 = (alpha_1 + beta_1 alpha_2) / (1 - beta_1 beta_2) and its mirror."""
    a = SurpriseAttackParams(first_strike=f1, struck=w1 - gap1, mutual=w1, scale=h1)
    b = SurpriseAttackParams(first_strike=f2, struck=w2 - gap2, mutual=w2, scale=h2)
    try:
        s1, s2 = closed_form_uniform(a, b)
    except HerzInputError:
        return
    found = equilibria(a, b)
    assert any(abs(e.s1 - s1) < 1e-9 and abs(e.s2 - s2) < 1e-9 for e in found)


def test_monte_carlo_consistency() -> None:
    """Kind: analytic — Monte Carlo: when the other strikes with the equilibrium probability
    s*, the share of 400k seeded sides whose private reason makes them strike is s* (within 5
    standard errors), for each noise family."""
    rng = np.random.default_rng(1960)
    n = 400_000
    for noise in ("uniform", "logistic", "normal"):
        p = SurpriseAttackParams(first_strike=-0.5, struck=-3.0, mutual=-2.0, noise=noise,
                                 scale=2.0)
        for eq in equilibria(p):
            s = eq.s1
            if noise == "uniform":
                e = rng.uniform(-2.0, 2.0, n)
            elif noise == "logistic":
                e = rng.logistic(0.0, 2.0, n)
            else:
                e = rng.normal(0.0, 2.0, n)
            share = float(np.mean(p.g + p.d * s + e > 0.0))
            assert abs(share - s) < 5 * math.sqrt(max(s * (1 - s), 1e-12) / n), (noise, s, share)


@pytest.mark.parametrize(("f", "s_", "w"), [(-1.0, -6.0, -2.0), (-0.3, -4.0, -1.0)])
def test_vanishing_noise_gives_the_mixed_equilibrium_of_nashpy(f: float, s_: float,
                                                               w: float) -> None:
    """Kind: analytic, independent check — as the private reasons vanish the unstable middle
    equilibrium tends to the mixed Nash equilibrium of the 2x2 strike/wait game, computed by
    nashpy's support enumeration; the two stable ones tend to (wait, wait) and (strike,
    strike)."""
    a = np.array([[w, f], [s_, 0.0]])  # rows: strike, wait; columns: the other strikes, waits
    game = nashpy.Game(a, a.T)
    mixed = [sigma for sigma, _ in game.support_enumeration()
             if 0.0 < sigma[0] < 1.0]
    assert len(mixed) == 1
    p = SurpriseAttackParams(first_strike=f, struck=s_, mutual=w, noise="logistic", scale=1e-5)
    eqs = equilibria(p)
    assert [e.stable for e in eqs] == [True, False, True]
    assert eqs[1].s1 == pytest.approx(mixed[0][0], abs=1e-4)
    assert eqs[0].s1 < 1e-6 and eqs[2].s1 > 1 - 1e-6


def test_a_larger_first_strike_premium_raises_the_fear() -> None:
    """Kind: analytic — dG/dd = q H'(.) / h >= 0: a larger premium on not being caught second
    (worse 'struck' payoff) raises the equilibrium strike probability (Schelling's point)."""
    s = [equilibria(SurpriseAttackParams(first_strike=-0.5, struck=-3.0 - x, mutual=-2.0,
                                         scale=4.0))[0].s1 for x in (0.0, 0.5, 1.0, 2.0)]
    assert all(b > a for a, b in zip(s, s[1:], strict=False))


def test_strike_probability_shapes_and_bad_inputs() -> None:
    """Kind: regression — G is a probability and increasing in q when d > 0; bad input refused."""
    for noise in ("uniform", "logistic", "normal"):
        p = SurpriseAttackParams(first_strike=-0.5, struck=-3.0, mutual=-2.0, noise=noise)
        g = strike_probability(np.linspace(0, 1, 11), p)
        assert np.all((g >= 0) & (g <= 1)) and np.all(np.diff(g) >= 0)
    with pytest.raises(HerzInputError):
        SurpriseAttackParams(first_strike=0, struck=0, mutual=0, scale=0.0)
    with pytest.raises(HerzInputError):
        SurpriseAttackParams(first_strike=0, struck=0, mutual=0, noise="cauchy")  # type: ignore[arg-type]
    with pytest.raises(HerzInputError):
        linear_response(SurpriseAttackParams(first_strike=0, struck=0, mutual=0,
                                             noise="normal"))
    with pytest.raises(HerzInputError):
        regress(EXAMPLE, -1)


def test_reference_checks_pass() -> None:
    """Kind: analytic — every check of ``herz validate`` for this model passes."""
    checks = reference_checks()
    assert checks and all(c.passed for c in checks), [c for c in checks if not c.passed]
