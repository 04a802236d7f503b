"""Tests of herz.models.arms_race_talk: Baliga and Sjöström's (2004) arms-race game with private
costs (uniform types): the fear spiral without talk and the dove/hawk/dove cheap-talk
equilibrium. The article's propositions are qualitative (its abstract); every number here is
herz's (analytic, numerical or Monte Carlo, as marked)."""

from __future__ import annotations

import math

import nashpy
import numpy as np
import pytest

from herz.errors import HerzInputError
from herz.models.arms_race_talk import (
    PLANS,
    ArmsRaceParams,
    TalkEquilibrium,
    equilibria,
    message_values,
    monte_carlo_deviations,
    no_talk_arms_race_probability,
    reference_checks,
    spiral,
    stage_game,
    talk_audit,
    talk_equilibria,
)

EXAMPLE = ArmsRaceParams(mu=0.05, d=1.0, lo=0.0, hi=1.0)


def test_complete_information_games_nashpy() -> None:
    """Kind: analytic — nashpy: two coordination types (mu <= c <= d) play a Stag Hunt with pure
    equilibria (Build, Build) and (Not, Not); a hawk (c < mu) builds whatever the other does."""
    p = ArmsRaceParams()
    eqs = {tuple(np.round(np.concatenate(e), 9)) for e in
           nashpy.Game(*stage_game(0.5, 0.6, p)).support_enumeration()}
    assert (1.0, 0.0, 1.0, 0.0) in eqs and (0.0, 1.0, 0.0, 1.0) in eqs
    eqs = [np.concatenate(e) for e in nashpy.Game(*stage_game(0.05, 0.6, p)).support_enumeration()]
    assert len(eqs) == 1 and eqs[0][0] == pytest.approx(1.0) and eqs[0][2] == pytest.approx(1.0)


def test_fear_spiral_all_build() -> None:
    """Kind: analytic — U[0, 0.9], mu = 0.1, d = 1: t_k = 0.1 (k + 1) while F < 1, so the
    spiral passes hi after 9 steps and the unique equilibrium is an arms race for sure."""
    t = spiral(ArmsRaceParams(), 12)
    assert t[:9] == pytest.approx([0.1 * (k + 1) for k in range(9)])
    assert t[-1] == pytest.approx(1.0)
    assert equilibria(ArmsRaceParams()) == [1.0]
    for lo_hawks in (1e-4, 0.01, 0.05):  # however few the hawks
        assert equilibria(ArmsRaceParams(mu=lo_hawks, hi=0.95)) == [1.0]
    assert no_talk_arms_race_probability(EXAMPLE) == pytest.approx(1.0)


def test_no_hawks_two_equilibria_and_interior() -> None:
    """Kind: analytic — without hawks (lo >= mu) 'nobody builds' is an equilibrium too, with an
    unstable one between (U[0.2, 0.9]: t = 0.55, F = 1/2); with
    dominant doves (hi > d) the threshold is interior, t = mu / (1 - (d - mu)/(hi - lo))."""
    assert equilibria(ArmsRaceParams(lo=0.2, hi=0.9)) == pytest.approx([0.0, 0.5, 1.0])
    assert equilibria(ArmsRaceParams(hi=2.0)) == pytest.approx([1.0 / 11.0])


def test_monte_carlo_threshold() -> None:
    """Kind: Monte Carlo (seed 2004, 400k types): against an opponent who builds iff
    c <= t* the share of types whose best reply is Build equals F(t*) within 5 SE."""
    p = ArmsRaceParams(hi=2.0)
    q = equilibria(p)[0]
    rng = np.random.default_rng(2004)
    c = rng.uniform(p.lo, p.hi, 400_000)
    other_builds = rng.uniform(p.lo, p.hi, 400_000) <= p.lo + q * (p.hi - p.lo)
    f = other_builds.mean()
    build = (1 - f) * p.mu - c >= -f * p.d
    assert build.mean() == pytest.approx(q, abs=5 * np.sqrt(q * (1 - q) / 400_000) + 5e-3)


def test_bad_inputs_and_checks() -> None:
    """Kind: regression — d <= mu is refused; every validate check passes."""
    with pytest.raises(HerzInputError, match="mu"):
        ArmsRaceParams(mu=1.0, d=0.5)
    checks = reference_checks()
    assert len(checks) == 7 and all(c.passed for c in checks)


def test_talk_equilibrium_example() -> None:
    """Kind: analytic (numerical root, checked by validate against an independent solve) —
    U[0, 1], mu = 0.05, d = 1: types in [0.1714, 0.4445) announce hawk; after (dove, dove)
    the dove-announcers below a build, after (dove, hawk) only the dominant hawks build, after
    (hawk, hawk) both build; P(arms race) = P_H^2 + a^2 = 0.104 against 1 without talk."""
    eqs = talk_equilibria(EXAMPLE)
    assert len(eqs) == 2  # a second, worse profile: [0.411, 0.840)
    eq = eqs[0]
    assert (eq.a, eq.b) == pytest.approx((0.171383, 0.444476), abs=1e-6)
    assert eq.arms_race_probability() == pytest.approx(0.10395, abs=1e-5)
    assert eqs[1].arms_race_probability() == pytest.approx(0.35318, abs=1e-5)
    assert all(eq.consistency().values())
    p_h = eq.b - eq.a
    assert eq.arm_prob[("dove", "dove")] == pytest.approx(eq.a / (1 - p_h))
    assert eq.arm_prob[("dove", "hawk")] == pytest.approx(0.05 / (1 - p_h))
    assert (eq.message(0.01), eq.message(0.3), eq.message(0.9)) == ("dove", "hawk", "dove")
    # type b is indifferent on the branch P_H b = d (A - eps)
    assert p_h * eq.b == pytest.approx(eq.a - 0.05, abs=1e-12)
    u_d, u_h = message_values(eq, eq.a)
    assert u_d == pytest.approx(u_h, abs=1e-12)


def test_extreme_types_rank_messages_by_expected_building() -> None:
    """Kind: analytic — V(c, beta) is linear in beta for hawks (slope -mu) and for types that
    never build (slope -d), so both rank messages by E beta, the same way: the reason the hawks
    pool with the most reluctant types. E beta after dove is F(a), after hawk P_H + eps."""
    eq = talk_equilibria(EXAMPLE)[0]
    e_dove, e_hawk = EXAMPLE.cdf(eq.a), eq.hawk_message_share + EXAMPLE.hawk_share
    for c in (0.0, 0.02, 0.049):
        u_d, u_h = message_values(eq, c)
        assert u_d - u_h == pytest.approx(-EXAMPLE.mu * (e_dove - e_hawk), abs=1e-12)
    for c in (0.6, 0.9, 1.0):  # above every cutoff but (hawk, hawk)'s
        u_d, u_h = message_values(eq, c)
        assert u_d == pytest.approx(-EXAMPLE.d * e_dove, abs=1e-12)
    assert e_dove < e_hawk


def test_talk_removes_the_spiral_as_hawks_become_rare() -> None:
    """Kind: numerical — U[0, 1], d = 1: the best talk equilibrium's arms-race probability falls
    with the share of hawks eps (0.104, 0.0118, 0.00104 at eps = 0.05, 0.01, 0.001), below
    2.1 eps, while without talk it is 1; with hawks too common (eps = 0.07, or the module's
    default U[0, 0.9], mu = 0.1) no dove/hawk/dove equilibrium exists."""
    races = []
    for eps in (0.05, 0.01, 0.001):
        p = ArmsRaceParams(mu=eps, d=1.0, lo=0.0, hi=1.0)
        races.append(talk_equilibria(p)[0].arms_race_probability())
        assert races[-1] < 2.1 * eps and no_talk_arms_race_probability(p) == pytest.approx(1.0)
    assert races == pytest.approx([0.10395, 0.011780, 0.0010377], rel=1e-3)
    assert talk_equilibria(ArmsRaceParams(mu=0.07, d=1.0, lo=0.0, hi=1.0)) == []
    assert talk_equilibria(ArmsRaceParams()) == []


def test_talk_with_dominant_doves_can_raise_the_risk() -> None:
    """Kind: numerical — U[0, 2] (doves who never build, hi > d): without talk the spiral stops
    at F = 1/11 (arms race 1/121); the talk profile exists but its (hawk, hawk) arms race makes
    an arms race likelier (0.0148): talk helps where the spiral is complete."""
    p = ArmsRaceParams(mu=0.1, d=1.0, lo=0.0, hi=2.0)
    eq = talk_equilibria(p)[0]
    assert no_talk_arms_race_probability(p) == pytest.approx(1 / 121)
    assert eq.arms_race_probability() == pytest.approx(0.01479, abs=1e-5)


def test_audit_finds_a_broken_profile() -> None:
    """Kind: analytic — the audit can fail: thresholds moved off the solution leave a type that
    gains by switching message (b = 0.40 instead of 0.4445: types just above 0.40 are told to
    announce dove but prefer hawk)."""
    bad = TalkEquilibrium(EXAMPLE, 0.1714, 0.40)
    audit = talk_audit(bad, 2001)
    assert not audit.incentive_compatible and audit.to == "hawk"
    assert 0.40 <= audit.deviator < 0.4445


def test_talk_monte_carlo_deviations() -> None:
    """Kind: Monte Carlo (seeded, 100k opponents per type, common random numbers) — for 15
    types across [0, 1], no pure plan (message, action after dove, action after hawk) beats the
    prescribed one by more than 4 SE of the difference, and the prescribed plan's simulated
    payoff matches the exact message value within 5 bounds on its SE ((d + mu)/2/sqrt(n))."""
    eq = talk_equilibria(EXAMPLE)[0]
    n = 100_000
    streams = np.random.SeedSequence(2004).spawn(15)
    for c, ss in zip(np.linspace(0.0, 1.0, 15), streams, strict=True):
        mc = monte_carlo_deviations(eq, float(c), n, np.random.default_rng(ss))
        assert set(mc) == set(PLANS)
        own = eq.message(float(c))
        plan = (own, c <= eq.cutoff[(own, "dove")], c <= eq.cutoff[(own, "hawk")])
        base = mc[plan][0]
        for mean, se in mc.values():
            assert mean <= base + 4 * se + 1e-12
        exact = message_values(eq, float(c))[0 if own == "dove" else 1]
        assert base == pytest.approx(exact, abs=5 * (1.0 + 0.05) / 2 / math.sqrt(n))


def test_monte_carlo_catches_a_bad_plan() -> None:
    """Kind: Monte Carlo (seed 1) — a hawk (c = 0.01) that announces hawk and then does not
    build loses clearly (many SE) against the prescribed (dove, build, build)."""
    eq = talk_equilibria(EXAMPLE)[0]
    mc = monte_carlo_deviations(eq, 0.01, 50_000, 1)
    mean, se = mc[("hawk", False, False)]
    assert mean < mc[("dove", True, True)][0] - 20 * se
