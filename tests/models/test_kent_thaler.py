"""Tests of herz.models.kent_thaler: first-strike stability with 0/1/2 warheads per silo,
launch under attack and a general cost (herz's derivation of the Kent and Thaler 1989 method).

The report itself was not available, so no expected number comes from it: each test says
whether its number is analytic (herz's derivation), a Monte Carlo of the exchange, or a pinned
regression value.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import numpy as np
import pytest

from herz.errors import HerzInputError
from herz.models import stability as st
from herz.models.kent_thaler import (
    DAMAGE_ONLY,
    HERZ_COST,
    CostFunction,
    allocation,
    exchange_cost,
    first_strike,
    posture_table,
    reference_checks,
    simulate_exchange,
    stability,
)
from herz.models.stability import ForcePosture

SMALL = ForcePosture(silos=12.0, warheads_per_missile=2.0, slbm_warheads=40.0,
                     bomber_warheads=10.0, value_targets=30.0)


def test_allocation_is_the_brute_force_optimum() -> None:
    """Kind: analytic — over every (n1, n2) with n1 + 2 n2 = x and n1 + n2 <= N, the allocation
    that covers each silo once before doubling leaves the fewest expected survivors."""
    n = 12
    for p in (0.2, 0.6, 0.95):
        for x in range(0, 2 * n + 1):
            best = min(n - a * p - b * (1 - (1 - p) ** 2)
                       for a, b in itertools.product(range(n + 1), repeat=2)
                       if a + 2 * b == x and a + b <= n)
            a, b = allocation(x, n)
            assert n - a * p - b * (1 - (1 - p) ** 2) == pytest.approx(best, abs=1e-12)


def test_brute_force_first_strike_small_forces() -> None:
    """Kind: analytic — on a small posture the optimal strike found over integer x equals the
    minimum over every feasible (n1, n2) pair evaluated by the same exchange."""
    best = first_strike(SMALL, SMALL)
    costs = []
    for a, b in itertools.product(range(13), repeat=2):
        if a + b <= 12 and a + 2 * b <= 24:
            c, _, _ = exchange_cost(SMALL, SMALL, a + 2 * b)
            costs.append(float(c))
    assert best.cost_to_attacker == pytest.approx(min(costs), abs=1e-12)


def test_agrees_with_stability_module_setting() -> None:
    """Kind: analytic — with the herz cost (a=1, b=0.5, e=1), no launch under attack and at most
    2 warheads per silo, the index equals herz.models.stability's on a grid through the
    integers (two implementations of one optimum)."""
    for post in (ForcePosture(), ForcePosture(at_sea_fraction=0.3, icbm_cep_nmi=0.05)):
        old = st.first_strike_stability(post, post, max_warheads_per_silo=2.0, grid=1001)
        assert stability(post, post).index == pytest.approx(float(old.index), abs=1e-12)


def test_cost_family_reduces_to_herz_k() -> None:
    """Kind: analytic — C = a D^e + b (1-D')^e with a=1, e=1 is herz.models.stability's cost
    with k = b; scaling both weights leaves the index unchanged (it is a ratio)."""
    assert HERZ_COST(0.3, 0.6) == pytest.approx(0.3 + 0.5 * 0.4)
    base = ForcePosture()
    assert stability(base, base, cost=CostFunction(3.0, 1.5, 1.0)).index == pytest.approx(
        stability(base, base).index, abs=1e-12)
    assert DAMAGE_ONLY(0.3, 0.6) == pytest.approx(0.3)


def test_launch_under_attack_and_submarines_raise_stability() -> None:
    """Kind: analytic — certain launch under attack with every boat at sea and every bomber on
    alert makes striking first pointless (FSS = 1, x* = 0); for the default posture the index
    rises with the at-sea fraction and with the launch-under-attack probability."""
    ready = ForcePosture(at_sea_fraction=1.0, alert_fraction=1.0)
    r = stability(ready, ready, lua_a=1.0, lua_b=1.0)
    assert r.index == pytest.approx(1.0, abs=1e-12) and r.a_first.counterforce_warheads == 0
    grid = posture_table([0.2, 0.6, 1.0], [0.0, 0.5, 0.9])
    assert np.all(np.diff(grid, axis=0) > 0) and np.all(np.diff(grid, axis=1) > 0)


def test_monte_carlo_of_the_exchange() -> None:
    """Kind: analytic — Monte Carlo (seed 1989, 20,000 exchanges, kills warhead by warhead,
    launch under attack as a coin, every warhead arriving independently): mean ride-out survivors
    within 5 standard errors of the closed form; mean costs within 2e-3 of the mean-field costs
    (the gap is Jensen's, from damage 1 - exp(-n/V) being concave in the arriving count)."""
    base = ForcePosture()
    for lua in (0.0, 0.5):
        s = first_strike(base, base, launch_under_attack=lua)
        c_att, c_def, ride = exchange_cost(base, base, s.counterforce_warheads,
                                           launch_under_attack=lua)
        mc = simulate_exchange(base, base, s.counterforce_warheads, launch_under_attack=lua)
        p = float(st.kill_probability(float(st.sspk(0.3, 0.1, 2000.0)), 0.85))
        n1, n2 = s.one_shot_silos, s.two_shot_silos
        var = 9.0 * (n1 * p * (1 - p) + n2 * (1 - p) ** 2 * (1 - (1 - p) ** 2))
        assert mc["ride_out_survivors"] == pytest.approx(float(ride),
                                                         abs=5 * np.sqrt(var / 20_000))
        assert mc["cost_to_attacker"] == pytest.approx(float(c_att), abs=2e-3)
        assert mc["cost_to_defender"] == pytest.approx(float(c_def), abs=2e-3)


def test_figures_regression() -> None:
    """Kind: regression — the at-sea x launch-under-attack table of the explanation page
    (herz values, pinned; deterministic)."""
    grid = posture_table([0.2, 0.6, 1.0], [0.0, 0.5, 0.9])
    assert grid[1, 0] == pytest.approx(0.7339851344821781, abs=1e-9)
    assert grid[0, 0] == pytest.approx(0.42226746, abs=1e-6)
    assert grid[2, 2] == pytest.approx(0.99976184, abs=1e-6)


def test_bad_inputs() -> None:
    """Kind: regression — bad inputs raise HerzInputError naming the field."""
    with pytest.raises(HerzInputError, match="exponent"):
        CostFunction(exponent=0.0)
    with pytest.raises(HerzInputError, match="launch_under_attack"):
        first_strike(ForcePosture(), ForcePosture(), launch_under_attack=1.5)
    with pytest.raises(HerzInputError, match="counterforce_warheads"):
        allocation(30, 12)
    with pytest.raises(HerzInputError, match="silos"):
        stability(replace(ForcePosture(), silos=np.array([1.0, 2.0])), ForcePosture())


def test_reference_checks_pass() -> None:
    """Kind: analytic/regression — every check ``herz validate`` runs for this model passes."""
    assert all(c.passed for c in reference_checks())
