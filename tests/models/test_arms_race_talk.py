"""Tests of herz.models.arms_race_talk: the fear spiral of Baliga and Sjöström's (2004) arms-race
game with private costs (uniform types, herz's derivation). The cheap-talk part is not
implemented. Every expected number is analytic; none is a published figure."""

from __future__ import annotations

import nashpy
import numpy as np
import pytest

from herz.errors import HerzInputError
from herz.models.arms_race_talk import (
    ArmsRaceParams,
    equilibria,
    reference_checks,
    spiral,
    stage_game,
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
