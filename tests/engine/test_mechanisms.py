"""Mechanisms one at a time: strategic stability, security, belief updating, arming.

Kinds: analytic (values derived by hand from the equations in the module docstrings) and
property-based (hypothesis: invariants that must hold for any input).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.engine.arming import desired_spending
from herz.engine.beliefs import act_evidence, regress, spending_evidence, update
from herz.engine.forces import ForceCatalogue, default_classes
from herz.engine.perception import offense_multiplier, second_strike, security
from herz.engine.scenario import WorldSpec

CAT = ForceCatalogue.from_classes(default_classes())


def _pair(**extra: float) -> np.ndarray:
    """Forces of two actors (one run): each with submarines and silos, Blue with extras."""
    f = np.zeros((1, 2, len(CAT)))
    for side in (0, 1):
        f[0, side, CAT.index("ssbn")] = 1.0
        f[0, side, CAT.index("silo_missiles")] = 2.0
    for name, value in extra.items():
        f[0, 0, CAT.index(name)] += value
    return f


def _stability(forces: np.ndarray) -> tuple[float, float, float, float]:
    sss, full = second_strike(forces, CAT)
    fsi = 1.0 - sss / full  # fsi[0, i, j]: j's incentive to strike i first
    return sss[0, 0, 1], sss[0, 1, 0], fsi[0, 1, 0], fsi[0, 0, 1]


def test_submarines_raise_own_second_strike_without_lowering_the_rivals() -> None:
    """Kind: analytic. SSBNs carry no counterforce, ASW or intercept capacity."""
    base = _stability(_pair())
    more = _stability(_pair(ssbn=2.0))
    assert more[0] > base[0]  # Blue's secure second strike against Red
    assert more[1] == base[1]  # Red's against Blue, unchanged


def test_counterforce_asw_and_missile_defence_threaten_the_rivals_deterrent() -> None:
    """Kind: analytic. Each lowers Red's secure second strike and raises Blue's incentive to
    strike first (the share of Red's retaliation Blue removes by going first)."""
    red_sss, blue_incentive = _stability(_pair())[1], _stability(_pair())[2]
    for lever in ("counterforce", "strategic_asw", "missile_defense"):
        after = _stability(_pair(**{lever: 2.0}))
        assert after[1] < red_sss, lever
        assert after[2] > blue_incentive, lever


def test_offense_multiplier_spans_defence_to_offence_dominance() -> None:
    """Kind: analytic. lam = M ** (2 delta - 1): 1/M, 1 and M at delta 0, 1/2, 1."""
    for delta, expected in ((0.0, 1 / 3), (0.5, 1.0), (1.0, 3.0)):
        spec = WorldSpec(offense_dominance=delta, offense_multiplier=3.0)
        assert np.isclose(offense_multiplier(spec), expected)


def test_security_is_relative() -> None:
    """Kind: analytic. S = D / (D + threat); more threat, less security; none, full."""
    s = security(np.array([[2.0, 2.0]]), np.array([[[0.0, 2.0], [0.0, 0.0]]]))
    assert np.allclose(s, [[0.5, 1.0]])


def test_trust_asymmetry_makes_rebuilding_slower_than_losing() -> None:
    """Kind: analytic. With asymmetry tau, good news moves log-odds 1/tau as far as bad."""
    tau = np.array([3.0, 3.0])
    b = np.full((1, 2, 2), 0.2)
    lost = 0
    while b[0, 0, 1] < 0.8:
        b = update(b, np.full((1, 2, 2), 0.5), tau)
        lost += 1
    regained = 0
    while b[0, 0, 1] > 0.2:
        b = update(b, np.full((1, 2, 2), -0.5), tau)
        regained += 1
    assert regained >= 3 * lost - 1


def test_act_evidence_comes_from_the_rule_with_trembles() -> None:
    """Kind: analytic. An act only a greedy state's rule takes (fear 0, greed 1) gives the
    bounded ratio log((1 - eps) / eps); an act both types take out of fear gives nothing."""
    assert np.isclose(act_evidence(0.0, 1.0, 0.1), np.log(0.9 / 0.1))
    assert np.isclose(act_evidence(1.0, 0.3, 0.1), 0.0)
    # the transparency illusion: the less fear the observer allows for, the more telling
    assert act_evidence(0.0, 0.3, 0.1) > act_evidence(0.5, 0.3, 0.1) > 0


def test_spending_evidence_sign() -> None:
    """Kind: analytic. Spending what a security-seeker would is evidence of benign motives,
    what a greedy state would of greed, with equal weight midway in log spending."""
    s, g, sigma, f = np.array([1.0]), np.array([1.3]), np.array([0.5]), np.array([0.0])
    assert spending_evidence(s, s, g, sigma, f)[0] < 0 < spending_evidence(g, s, g, sigma, f)[0]
    mid = np.sqrt(1.3)
    assert np.isclose(spending_evidence(mid, s, g, sigma, f)[0], 0.0)
    assert np.isclose(spending_evidence(g, s, g, sigma, f)[0],
                      -spending_evidence(s, s, g, sigma, f)[0])


def test_changes_of_motive_pull_beliefs_to_the_prior() -> None:
    """Kind: analytic. The prediction step of a two-state hidden Markov model."""
    assert np.isclose(regress(np.array(0.9), np.array(0.2), 0.1), 0.83)
    assert regress(np.array(0.9), np.array(0.2), 0.0) == 0.9


@settings(max_examples=200, deadline=None)
@given(
    belief=st.lists(st.floats(0, 1), min_size=4, max_size=4),
    evidence=st.lists(st.floats(-50, 50), min_size=4, max_size=4),
    tau=st.floats(1, 100),
)
def test_beliefs_stay_probabilities(belief: list[float], evidence: list[float], tau: float) -> None:
    """Kind: property. Any evidence leaves beliefs in [0, 1] and the diagonal at 0."""
    b = update(
        np.array(belief).reshape(1, 2, 2), np.array(evidence).reshape(1, 2, 2), np.array([tau, tau])
    )
    assert np.all((b >= 0) & (b <= 1))
    assert b[0, 0, 0] == 0 and b[0, 1, 1] == 0


@settings(max_examples=200, deadline=None)
@given(
    threat=st.floats(0, 1e4),
    defense=st.floats(0, 1e4),
    gdp=st.floats(1, 1e5),
    share=st.floats(0.01, 1),
    cost=st.floats(0, 10),
    target=st.floats(0.05, 0.95),
    ambition=st.floats(1, 3),
)
def test_spending_respects_the_budget(
    threat: float,
    defense: float,
    gdp: float,
    share: float,
    cost: float,
    target: float,
    ambition: float,
) -> None:
    """Kind: property. The arming rule never spends below zero or above max share x GDP."""
    s = desired_spending(
        np.array(threat),
        np.array(0.0),
        np.array(defense),
        np.array(0.05 * defense),
        np.array(0.7),
        np.array(gdp),
        np.array(target),
        np.array(cost),
        np.array(share),
        ambition,
        0.3,
    )
    assert 0.0 <= float(s) <= share * gdp * (1 + 1e-12)


def test_minimum_budget_share_keeps_a_free_rider_spending() -> None:
    """Kind: analytic. An actor whose allies cover all its needs spends nothing, unless a
    minimum budget share holds its spending up."""
    args = (np.array(1.0), np.array(10.0), np.array(5.0), np.array(0.5), np.array(0.7),
            np.array(100.0), np.array(0.6), np.array(1.0), np.array(0.1), 1.0, 0.3)
    assert float(desired_spending(*args)) == 0.0
    assert float(desired_spending(*args, min_share=0.02)) == 2.0
