"""Tests of herz.models.bargaining (Fearon 1995; Powell 2006).

No numerical tables from these articles are available to herz, so the tests are analytic (closed
form against an independent numerical or brute-force computation, derived in the test) or
properties of the model; each docstring names its kind and source.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.errors import HerzInputError
from herz.models import bargaining as bg

probs = st.floats(0.0, 1.0)
costs = st.floats(0.0, 2.0)
deltas = st.floats(0.5, 0.98)


def test_reference_checks_all_pass() -> None:
    """Kind: analytic — every check that `herz validate` runs for this model."""
    checks = bg.reference_checks()
    assert checks and all(c.passed for c in checks), [c for c in checks if not c.passed]


def test_bargaining_range_endpoints() -> None:
    """Kind: analytic — Fearon 1995 ("When will there exist bargains..."): the range
    [p - c_A, p + c_B], clipped to [0, 1]."""
    r = bg.bargaining_range(0.9, 0.2, 0.3)
    assert (r.low, r.high) == pytest.approx((0.7, 1.2))
    assert (r.feasible_low, r.feasible_high) == pytest.approx((0.7, 1.0))
    assert r.width == pytest.approx(0.3)


@given(p=probs, ca=costs, cb=costs)
def test_every_settlement_in_range_beats_war_for_both(p: float, ca: float, cb: float) -> None:
    """Kind: property — Fearon 1995: inside the range, x >= p - c_A and 1 - x >= 1 - p - c_B."""
    r = bg.bargaining_range(p, ca, cb)
    for x in np.linspace(r.feasible_low, r.feasible_high, 7):
        assert x >= p - ca - 1e-12
        assert 1 - x >= 1 - p - cb - 1e-12


@pytest.mark.parametrize(("p", "ca", "lo", "hi"), [
    (0.5, 0.05, 0.0, 0.4),   # interior optimum, war risk
    (0.3, 0.5, 0.0, 0.4),    # c_A above h: concede to the sure-acceptance point
    (0.5, 0.0, 0.3, 0.5),    # corner at p + l: h - c_A < 2 l
    (0.9, 0.0, 0.0, 0.6),    # cap x <= 1 binds
    (0.4, 0.1, 0.2, 0.2),    # no uncertainty: demand p + c_B exactly
])
def test_uniform_closed_form_matches_numerical_optimum(
    p: float, ca: float, lo: float, hi: float
) -> None:
    """Kind: analytic — Fearon 1995 ("Incentives to misrepresent"); closed-form x* vs
    brute-force maximisation."""
    closed = bg.risk_return_uniform(p, ca, lo, hi)
    numeric = bg.optimal_offer_numeric(p, ca, bg.uniform_cost_cdf(lo, hi))
    assert closed.expected_utility_a == pytest.approx(numeric.expected_utility_a, abs=1e-9)
    if hi > lo:  # the optimiser's x is unique except in the degenerate case
        assert closed.offer == pytest.approx(numeric.offer, abs=1e-5)


def test_interior_solution_formula() -> None:
    """Kind: analytic — derivation: x* = p + (h - c_A)/2, Pr(war) = ((h - c_A)/2 - l)/(h - l)."""
    x, war, _ = bg.optimal_offer_uniform(0.4, 0.1, 0.1, 0.7)
    assert float(x) == pytest.approx(0.4 + 0.3)
    assert float(war) == pytest.approx((0.3 - 0.1) / 0.6)


def test_risk_return_is_vectorised_and_war_risk_falls_with_a_costs() -> None:
    """Kind: property — Fearon 1995: a state that finds war costlier takes less risk."""
    ca = np.linspace(0.0, 0.5, 11)
    x, war, u = bg.optimal_offer_uniform(0.5, ca, 0.0, 0.4)
    assert x.shape == war.shape == u.shape == (11,)
    assert np.all(np.diff(war) <= 1e-15) and war[0] > 0 and war[-1] == 0


def test_numeric_optimum_for_a_nonuniform_cdf() -> None:
    """Kind: analytic — exponential cost, F(z) = 1 - exp(-z/s): FOC 1 - (x - p + c_A)/s = 0."""
    s, p, ca = 0.2, 0.3, 0.05

    def cdf(z: np.ndarray) -> np.ndarray:
        return np.where(z > 0, 1 - np.exp(-np.maximum(z, 0) / s), 0.0)

    sol = bg.optimal_offer_numeric(p, ca, cdf)
    assert sol.offer == pytest.approx(p + s - ca, abs=1e-6)


def test_one_shift_closed_form_matches_backward_induction_on_a_grid() -> None:
    """Kind: analytic — Powell 2006 (preventive war): herz's condition vs the solved game, both
    protocols, over a grid of shifts, costs and discount factors."""
    for proposer in ("declining", "rising"):
        for p0 in (0.0, 0.2, 0.5):
            for p1 in np.linspace(p0, 1.0, 7):
                for ca, cb, d in [(0.2, 0.3, 0.9), (1.0, 0.5, 0.8), (0.0, 2.0, 0.95)]:
                    sol = bg.solve_commitment_game((p0, p1), ca, cb, d, proposer)
                    closed = bool(bg.preventive_war(p0, p1, ca, cb, d, proposer))
                    assert (sol.war_period == 0) == closed, (proposer, p0, p1, ca, cb, d)
                    if closed:
                        assert sol.attacker == "B"


@settings(max_examples=30, deadline=None)
@given(p0=st.floats(0.0, 0.9), ca=costs, cb=st.floats(0.01, 2.0), d=deltas)
def test_critical_shift_matches_bisection_of_solved_game(
    p0: float, ca: float, cb: float, d: float
) -> None:
    """Kind: analytic — Delta* = (1-d)(p0 + c_B + d c_A)/d vs bisection on backward induction.

    c_B >= 0.01 keeps away from the degenerate tie p0 = c_B = 0, where B's war payoff equals the
    whole pie and B is indifferent between war and peace for every small shift."""
    crit = float(bg.critical_shift(p0, ca, cb, d))
    dp = bg._bisect_critical_shift_dp(p0, ca, cb, d, "declining")
    if crit > 1 - p0 + 1e-9:
        assert dp == float("inf")
    elif crit < 1 - p0 - 1e-9:
        assert dp == pytest.approx(crit, abs=1e-9)


def test_peace_without_shift_and_war_values() -> None:
    """Kind: analytic — constant power: the proposer gives the responder exactly its war value."""
    sol = bg.solve_commitment_game((0.4,), 0.3, 0.2, 0.9)
    wa, wb = bg.war_values(0.4, 0.3, 0.2, 0.9)
    assert sol.war_period is None
    assert sol.value_a[0] == pytest.approx(float(wa))
    assert sol.value_a[0] + sol.value_b[0] == pytest.approx(1 / (1 - 0.9))


def test_slow_shift_avoids_the_war_a_fast_shift_causes() -> None:
    """Kind: analytic — Powell 2006: war needs a *rapid* shift. The same total shift in one
    period causes war, spread over eight periods it does not (solved game)."""
    fast = bg.solve_commitment_game(bg.linear_shift_path(0.2, 0.6, 1), 0.5, 0.5, 0.9)
    slow = bg.solve_commitment_game(bg.linear_shift_path(0.2, 0.6, 8), 0.5, 0.5, 0.9)
    assert fast.war_period == 0 and slow.war_period is None
    assert all(0.0 <= s <= 1.0 for s in slow.share_a)


def test_declining_a_attacks_under_b_proposer() -> None:
    """Kind: analytic — the labels are symmetric: if A's power collapses, A is the attacker."""
    sol = bg.solve_commitment_game((0.9, 0.0), 0.0, 0.0, 0.95, "declining")
    assert sol.war_period == 0 and sol.attacker == "A"


def test_preventive_war_is_vectorised() -> None:
    """Kind: property — the closed forms broadcast over numpy arrays (reused by the engine)."""
    shifts = np.linspace(0.0, 0.5, 6)
    war = bg.preventive_war(0.3, 0.3 + shifts, 0.5, 0.5, 0.9)
    assert war.tolist() == (shifts > float(bg.critical_shift(0.3, 0.5, 0.5, 0.9))).tolist()


@pytest.mark.parametrize(("call", "field"), [
    (lambda: bg.bargaining_range(1.2, 0.1, 0.1), "p"),
    (lambda: bg.bargaining_range(0.5, -0.1, 0.1), "c_a"),
    (lambda: bg.optimal_offer_uniform(0.5, 0.1, 0.5, 0.2), "c_b_high"),
    (lambda: bg.preventive_war(0.5, 0.6, 0.1, 0.1, 1.0), "delta"),
    (lambda: bg.preventive_war(0.5, 0.6, 0.1, 0.1, 0.9, "nobody"), "proposer"),  # type: ignore[arg-type]
    (lambda: bg.critical_shift(0.5, 0.1, 0.1, 0.9, "nobody"), "proposer"),  # type: ignore[arg-type]
    (lambda: bg.solve_commitment_game((), 0.1, 0.1, 0.9), "p_path"),
    (lambda: bg.solve_commitment_game((0.5,), 0.1, 0.1, 0.9, "x"), "proposer"),  # type: ignore[arg-type]
    (lambda: bg.linear_shift_path(0.1, 0.2, 0), "periods"),
    (lambda: bg.optimal_offer_numeric(0.5, 0.1, bg.uniform_cost_cdf(0, 1), grid_points=2),
     "grid_points"),
    (lambda: bg.war_values(0.5, float("nan"), 0.1, 0.9), "c_a"),
])
def test_bad_parameters_name_the_field(call: object, field: str) -> None:
    """Kind: input validation — never a silent nan."""
    assert callable(call)
    with pytest.raises(HerzInputError, match=field):
        call()


# ---------------------------------------------------------------------------------------------
# Risk aversion (Fearon 1995)


@given(p=st.floats(0.0, 1.0), c_a=st.floats(0.0, 0.5), c_b=st.floats(0.0, 0.5),
       r_a=st.floats(0.05, 1.0), r_b=st.floats(0.05, 1.0))
def test_risk_aversion_widens_the_range(p: float, c_a: float, c_b: float, r_a: float,
                                        r_b: float) -> None:
    """Kind: analytic — Fearon 1995: with concave utilities x^r every bound moves outward, so the
    range contains the risk-neutral one; at the bounds each state is indifferent with war."""
    from herz.models.bargaining import risk_averse_range

    r = risk_averse_range(p, c_a, c_b, r_a, r_b)
    assert r.low <= r.neutral.feasible_low + 1e-12 and r.high >= r.neutral.feasible_high - 1e-12
    assert r.widening >= -1e-12
    if p - c_a > 0:
        assert r.low ** r_a == pytest.approx(p - c_a, abs=1e-9)
    if 1 - p - c_b > 0 and 1 - r.high > 1e-3:
        # (1 - high is computed as 1 - z^(1/r): near high = 1 its digits cancel, so only a
        # margin well inside the unit interval is compared)
        assert (1 - r.high) ** r_b == pytest.approx(1 - p - c_b, rel=1e-9)


def test_risk_neutral_limit_and_example() -> None:
    """Kind: analytic — r = 1 gives the risk-neutral range; u = sqrt(x), p = 1/2, c = 0.1: the
    range is [0.4^2, 1 - 0.4^2] = [0.16, 0.84] (herz's derivation)."""
    from herz.models.bargaining import bargaining_range, risk_averse_range

    one = risk_averse_range(0.6, 0.1, 0.15, 1.0)
    neutral = bargaining_range(0.6, 0.1, 0.15)
    assert (one.low, one.high) == pytest.approx((neutral.feasible_low, neutral.feasible_high))
    half = risk_averse_range(0.5, 0.1, 0.1, 0.5)
    assert (half.low, half.high, half.width) == pytest.approx((0.16, 0.84, 0.68))
    with pytest.raises(HerzInputError):
        risk_averse_range(0.5, 0.1, 0.1, 1.5)
    with pytest.raises(HerzInputError):
        risk_averse_range(0.5, 0.1, 0.1, 0.5, 0.0)
