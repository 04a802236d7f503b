"""Tests of herz.models.arms_race_talk: the fear spiral of Baliga and Sjöström's (2004) arms-race
game with private costs (uniform types, herz's derivation), and herz's two-message cheap-talk
construction. Every expected number is herz's (analytic, numerical or Monte Carlo, as marked);
none is a published figure."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest

from herz.errors import HerzInputError
from herz.models.arms_race_talk import (
    ArmsRaceParams,
    TalkParams,
    equilibria,
    message_values,
    monte_carlo_deviations,
    reference_checks,
    spiral,
    stage_game,
    talk_audit,
    talk_outcome,
    talk_threshold,
)


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


def test_no_hawks_two_equilibria_and_interior() -> None:
    """Kind: analytic — without hawks (lo >= mu) 'nobody builds' is an equilibrium too, with an
    unstable one between (U[0.2, 0.9]: t = 0.55, F = 1/2); with
    dominant doves (hi > d) the threshold is interior, t = mu / (1 - (d - mu)/(hi - lo))."""
    assert equilibria(ArmsRaceParams(lo=0.2, hi=0.9)) == pytest.approx([0.0, 0.5, 1.0])
    assert equilibria(ArmsRaceParams(hi=2.0)) == pytest.approx([1.0 / 11.0])


def test_monte_carlo_threshold() -> None:
    """Kind: analytic — Monte Carlo (seed 2004, 400k types): against an opponent who builds iff
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
    assert all(c.passed for c in reference_checks())


def test_talk_hawk_gains_by_announcing_dove_analytic() -> None:
    """Kind: analytic — U[0, 0.9], mu = 0.1, d = 1, k = 0.3: (D, D) is a détente, (H, H) and
    (H, D) spiral to 'all build', so a hawk gets -c by announcing hawk and -c + (1 - F(k)) mu
    by announcing dove: a gain of (2/3)(0.1) = 1/15."""
    p = TalkParams()
    o = talk_outcome(p, 0.3)
    assert (o.beta_hh, o.beta_dd, o.beta_h, o.beta_d) == (1.0, 0.0, 1.0, 1.0)
    for c in (0.0, 0.05, 0.09):
        u_h, u_d = message_values(p, c, o)
        assert u_h == pytest.approx(-c) and u_d - u_h == pytest.approx(1.0 / 15.0)
    assert o.arms_race_probability() == pytest.approx(1 - (2 / 3) ** 2)


def test_dominant_types_rank_messages_by_expected_building() -> None:
    """Kind: analytic — a type that always builds values a message at mu (1 - E beta) - c and
    one that never builds at -d E beta, so U_H - U_D is -mu (resp. -d) times the difference in
    E beta, whatever the threshold and the game."""
    for p in (TalkParams(hi=2.0), TalkParams(mu=1.0, d=0.2, hi=1.2)):
        for k in (0.15, 0.4, 0.8):
            o = talk_outcome(p, k)
            eb = (o.g * o.beta_hh + (1 - o.g) * o.beta_d) - (o.g * o.beta_h
                                                            + (1 - o.g) * o.beta_dd)
            u_h, u_d = message_values(p, 0.0, o)  # always builds
            assert u_h - u_d == pytest.approx(-p.mu * eb, abs=1e-12)
            u_h, u_d = message_values(p, p.hi, o)  # never builds
            assert u_h - u_d == pytest.approx(-p.d * eb, abs=1e-12)


def test_talk_fails_complements_with_hawks_and_substitutes() -> None:
    """Kind: numerical (regression) — no threshold k on a 60-point grid is both informative and
    incentive compatible, with complements and hawks (U[0, 0.9] and U[0, 2]) or with
    substitutes (mu = 1, d = 0.2, U[0, 1.2]); the indifference gap keeps one sign so the
    bisection returns None. Without hawks (U[0.2, 0.9]) talk is idle: nobody builds."""
    for p, to in ((TalkParams(), "dove"), (TalkParams(hi=2.0), "dove"),
                  (TalkParams(mu=1.0, d=0.2, hi=1.2), "hawk")):
        assert talk_threshold(p, grid=120) is None
        for k in np.linspace(p.lo, p.hi, 62)[1:-1]:
            if talk_outcome(p, float(k)).informative:
                a = talk_audit(p, float(k), 301)
                assert not a.incentive_compatible and a.to == to
    idle = TalkParams(lo=0.2)
    assert not talk_outcome(idle, 0.5).informative and talk_audit(idle, 0.5, 301).max_gain == 0


def test_talk_monte_carlo_deviations() -> None:
    """Kind: Monte Carlo (seed 7, 200k opponents) — the simulated payoffs of every
    (message, action) agree with the exact values within 5 SE; at k = 0.3 a hawk's best
    deviation is (dove, build), worth about 1/15; in the idle profile (U[0.2, 0.9]) no
    message/action deviation gains beyond 5 SE."""
    p = TalkParams()
    o = talk_outcome(p, 0.3)
    mc = monte_carlo_deviations(p, 0.3, 0.05, seed=7)
    u_h, u_d = message_values(p, 0.05, o)
    for key, exact in (("H/build", u_h), ("D/build", u_d)):
        mean, se = mc[key]
        assert mean == pytest.approx(exact, abs=5 * se + 1e-12)
    assert max(mc, key=lambda kk: mc[kk][0]) == "D/build"
    assert mc["D/build"][0] - mc["H/build"][0] == pytest.approx(1 / 15, abs=0.01)
    idle = TalkParams(lo=0.2)
    mc = monte_carlo_deviations(idle, 0.5, 0.6, seed=7)
    mean, se = mc["D/not"]  # on path for c = 0.6 >= k
    assert all(m <= mean + 5 * s for m, s in mc.values())


def test_talk_params() -> None:
    """Kind: regression — mu = d is refused; d < mu (substitutes) is allowed."""
    with pytest.raises(HerzInputError, match="mu"):
        TalkParams(mu=0.5, d=0.5)
    assert not TalkParams(mu=1.0, d=0.2).complements
