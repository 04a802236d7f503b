"""Tests of herz.models.intriligator_brito: deterrence regions and missile races."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from herz.errors import HerzInputError
from herz.models import intriligator_brito as ib
from herz.models.intriligator_brito import Deterrence, classify, cone_vertex


def test_reference_checks_all_pass() -> None:
    """Kind: analytic and regression — every check in reference_checks() (sources in each)."""
    checks = ib.reference_checks()
    assert {c.kind for c in checks} == {"analytic", "regression"}
    assert [c.quantity for c in checks if not c.passed] == []


def test_classification_by_hand() -> None:
    """Kind: analytic — default parameters (f = 0.5, v = 1, Cbar = 100, C* = 20), by hand.

    (300, 10): B keeps max(0, 10 - 150) = 0 after A strikes -> A may initiate; A keeps
    300 - 5 = 295 >= 100 after B strikes -> B deterred.
    """
    c = classify(300.0, 10.0)
    assert c.region == "A may initiate"
    assert (c.a_may_initiate, c.b_deterred, c.a_deterred, c.b_may_initiate) == (
        True, True, False, False)
    assert classify(10.0, 300.0).region == "B may initiate"
    assert classify(0.0, 0.0).region == "both may initiate"
    assert classify(400.0, 400.0).region == "mutual deterrence"
    # (120, 120): each keeps 60 after the other's strike: 20 < 60 < 100 -> neither condition
    assert classify(120.0, 120.0).region == "deterrence incomplete"


def test_boundaries_are_inclusive() -> None:
    """Kind: analytic — exactly on the B-deters-A line, B deters A (>=)."""
    p = Deterrence()
    m_a = 300.0
    m_b = p.deter_need_b + p.f_a * m_a
    assert classify(m_a, m_b, p).a_deterred is True
    assert classify(m_a, m_b - 1e-6, p).a_deterred is False


def test_cone_vertex_closed_form() -> None:
    """Kind: analytic — vertex (mbar_A + f_B mbar_B, mbar_B + f_A mbar_A) / (1 - f_A f_B)."""
    p = Deterrence(f_a=0.4, f_b=0.8, v_a=2.0, v_b=0.5, unacceptable_a=50.0, unacceptable_b=120.0,
                   acceptable_a=10.0, acceptable_b=30.0)
    # mbar_A = 120 / 2 = 60, mbar_B = 50 / 0.5 = 100, 1 - 0.32 = 0.68
    assert cone_vertex(p) == pytest.approx(((60 + 80) / 0.68, (100 + 24) / 0.68))
    vx, vy = cone_vertex(p)
    assert classify(vx * 1.01, vy * 1.01, p).region == "mutual deterrence"
    assert classify(vx * 0.99, vy * 0.99, p).region != "mutual deterrence"


def test_no_cone_when_counterforce_is_strong() -> None:
    """Kind: analytic — with f_A f_B >= 1 the deterrence lines never meet in the quadrant."""
    p = Deterrence(f_a=1.5, f_b=1.0)
    assert not p.cone_exists
    with pytest.raises(HerzInputError, match="f_a"):
        cone_vertex(p)
    m = np.linspace(0, 10_000, 101)
    ma, mb = np.meshgrid(m, m)
    assert not np.any(ib.region_codes(ma, mb, p) == 0)


@given(m_a=st.floats(0, 1e4), m_b=st.floats(0, 1e4))
def test_statuses_are_consistent(m_a: float, m_b: float) -> None:
    """Kind: analytic (property) — a side is never both deterred and willing to initiate."""
    c = classify(m_a, m_b)
    assert not (c.a_deterred and c.a_may_initiate)
    assert not (c.b_deterred and c.b_may_initiate)
    assert c.region in ib.REGIONS


@given(s=st.floats(1.0, 50.0))
def test_scaling_up_inside_cone_stays_inside(s: float) -> None:
    """Kind: analytic (property) — scaling a point beyond the vertex keeps it in the cone."""
    vx, vy = cone_vertex()
    assert classify(vx * 1.1 * s, vy * 1.1 * s).region == "mutual deterrence"


def test_vectorised_classification_matches_scalar() -> None:
    """Kind: analytic — arrays give the same labels as a loop."""
    ma = np.array([0.0, 300.0, 10.0, 400.0, 120.0])
    mb = np.array([0.0, 10.0, 300.0, 400.0, 120.0])
    c = classify(ma, mb)
    assert list(c.region) == [classify(a, b).region for a, b in zip(ma, mb, strict=True)]


# ----------------------------------------------------------------------------- the race
def test_strategic_race_is_richardson_with_vertex_equilibrium() -> None:
    """Kind: analytic — Intriligator (1975): k = rate f, g = rate (1 + margin) mbar."""
    p = Deterrence(f_a=0.3, f_b=0.6)
    r = ib.deterrence_race(p, rate_a=0.4, rate_b=0.7, margin=0.0)
    assert (r.k_a, r.k_b, r.a_a, r.a_b) == pytest.approx((0.24, 0.21, 0.4, 0.7))
    assert r.equilibrium() == pytest.approx(cone_vertex(p))
    assert r.stable == p.cone_exists


def test_race_closed_form_matches_numerical_integration() -> None:
    """Kind: analytic — closed form e^{Kt} against scipy's RK45 at several times."""
    r = ib.Race(k_a=0.3, k_b=0.2, a_a=0.5, a_b=0.4, g_a=10.0, g_b=25.0)
    t = np.array([0.0, 1.0, 3.5, 10.0])
    traj = ib.simulate_race(r, (50.0, 5.0), t)
    sol = solve_ivp(lambda _t, m: r.matrix @ m + [r.g_a, r.g_b], (0, 10), [50.0, 5.0],
                    t_eval=t, rtol=1e-10, atol=1e-10)
    assert traj.m_a == pytest.approx(sol.y[0], rel=1e-7)
    assert traj.m_b == pytest.approx(sol.y[1], rel=1e-7)


def test_singular_race_uses_augmented_solution() -> None:
    """Kind: analytic — with no reaction or fatigue, stocks grow linearly: M = M0 + g t."""
    r = ib.Race(k_a=0.0, k_b=0.0, a_a=0.0, a_b=0.0, g_a=10.0, g_b=5.0)
    traj = ib.simulate_race(r, (1.0, 2.0), [0.0, 4.0])
    assert traj.m_a == pytest.approx([1.0, 41.0])
    assert traj.m_b == pytest.approx([2.0, 22.0])
    with pytest.raises(HerzInputError, match="equilibrium"):
        r.equilibrium()


def test_arms_race_moves_dyad_into_the_cone() -> None:
    """Kind: analytic — more missiles can be stabilising (Intriligator and Brito 1984).

    From (5, 40), where B may strike first, the strategic race with a 20 % margin ends at
    1.2 x the vertex (240, 240), strictly inside the cone.
    """
    r = ib.deterrence_race()
    traj = ib.simulate_race(r, (5.0, 40.0), np.linspace(0, 20, 2001))
    visits = [name for _, name in traj.visits()]
    assert visits[0] == "B may initiate"
    assert visits[-1] == "mutual deterrence"
    assert traj.m_a[-1] == pytest.approx(240.0, rel=1e-2)


def test_disarmament_race_leads_out_of_the_cone() -> None:
    """Kind: analytic — mutual disarmament from the cone towards zero ends where both may strike."""
    r = ib.Race(k_a=0.0, k_b=0.0, a_a=0.3, a_b=0.3, g_a=0.0, g_b=0.0)
    traj = ib.simulate_race(r, (400.0, 400.0), np.linspace(0, 30, 301))
    visits = [name for _, name in traj.visits()]
    assert visits[0] == "mutual deterrence"
    assert visits[-1] == "both may initiate"


def test_regression_entry_year() -> None:
    """Kind: regression — pinned: the default race enters the cone in year 6.81 (0.01 grid)."""
    traj = ib.simulate_race(ib.deterrence_race(), (5.0, 40.0), np.linspace(0, 20, 2001))
    assert next(t for t, r in traj.visits() if r == "mutual deterrence") == pytest.approx(6.81)


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: Deterrence(f_a=-0.1), "f_a"),
        (lambda: Deterrence(v_b=0.0), "v_b"),
        (lambda: Deterrence(acceptable_a=150.0), "acceptable_a"),
        (lambda: classify(-1.0, 3.0), "m_a"),
        (lambda: classify(1.0, "x"), "m_b"),
        (lambda: ib.Race(1, 1, 1, 1, -1, 0), "g_a"),
        (lambda: ib.deterrence_race(rate_a=0.0), "rate_a"),
        (lambda: ib.deterrence_race(margin=-0.5), "margin"),
        (lambda: ib.simulate_race(ib.deterrence_race(), (1.0, 1.0), [-1.0]), "t"),
        (lambda: ib.simulate_race(ib.deterrence_race(), (1.0, 1.0, 1.0), [1.0]), "m0"),
    ],
)
def test_bad_input_names_the_field(call: object, field: str) -> None:
    """Kind: analytic — bad parameters raise HerzInputError naming the field."""
    with pytest.raises(HerzInputError, match=field):
        call()  # type: ignore[operator]


def test_repeated_eigenvalue_race_matches_numerical_integration() -> None:
    """Kind: analytic — a defective matrix (a_A = a_B, k_B = 0) through the d -> 0 limit."""
    r = ib.Race(k_a=0.3, k_b=0.0, a_a=0.5, a_b=0.5, g_a=2.0, g_b=4.0)
    t = np.array([0.5, 2.0, 7.0])
    traj = ib.simulate_race(r, (10.0, 1.0), t)
    sol = solve_ivp(lambda _t, m: r.matrix @ m + [r.g_a, r.g_b], (0, 7), [10.0, 1.0],
                    t_eval=t, rtol=1e-10, atol=1e-10)
    assert traj.m_a == pytest.approx(sol.y[0], rel=1e-7)
