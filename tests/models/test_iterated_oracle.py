"""Cross-checks of herz.models.iterated against the axelrod package (Knight et al. 2016).

The axelrod package simulates matches with implementation noise (each action flipped, both players
see the flipped action), as herz's ``Noise(implementation=e)`` does. Its strategies are written
independently of herz's: ``TitForTat``, ``GTFT`` (generosity from the game, Nowak & Sigmund 1992),
``WinStayLoseShift``, ``Grudger``, ``Defector``, ``Cooperator`` and ``ZDExtort2`` (Hilbe's
parameterisation phi = 1/9, s = 1/2, which is Press & Dyson's chi = 2, phi = 1/18). Its
``ContriteTitForTat`` compares intended with actual moves instead of keeping standings, so it is
left out (the two agree after a single error only).

axelrod is imported lazily here only (it is slow to import and may set multiprocessing options);
needs ``axelrod==4.13.1`` (the ``oracle`` extra; 4.14 pulls in torch).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from herz.models.iterated import Noise, Payoffs, exact_tournament, tournament
from herz.models.iterated_strategies import (
    Strategy,
    always_cooperate,
    always_defect,
    generous_tit_for_tat,
    grim,
    tit_for_tat,
    win_stay_lose_shift,
    zd_extortion,
)

pytestmark = pytest.mark.oracle

STD = Payoffs()


def herz_field() -> list[Strategy]:
    return [tit_for_tat(), generous_tit_for_tat(1 / 3), win_stay_lose_shift(), grim(),
            always_defect(), always_cooperate(), zd_extortion(2.0, 1 / 18, 3, 0, 5, 1)]


def axelrod_tournament(noise: float, turns: int, repetitions: int, seed: int) -> object:
    axl = pytest.importorskip("axelrod")
    players = [axl.TitForTat(), axl.GTFT(), axl.WinStayLoseShift(), axl.Grudger(),
               axl.Defector(), axl.Cooperator(), axl.ZDExtort2()]
    tour = axl.Tournament(players, turns=turns, repetitions=repetitions, noise=noise, seed=seed)
    return tour.play(progress_bar=False, processes=0)


def test_zd_extort2_vector_matches_press_dyson_parameterisation() -> None:
    """Kind: published — Press & Dyson 2012 vs Hilbe et al. 2013 (axelrod's ``ZDExtort2``): the
    same strategy, (8/9, 1/2, 1/3, 0), from two parameterisations."""
    axl = pytest.importorskip("axelrod")
    player = axl.ZDExtort2()
    player.set_match_attributes(game=axl.Game())
    theirs = [player._four_vector[(a, b)] for a in (axl.Action.C, axl.Action.D)
              for b in (axl.Action.C, axl.Action.D)]
    ours = zd_extortion(2.0, 1 / 18, 3, 0, 5, 1).four_vector
    assert ours == pytest.approx(theirs, abs=1e-15)


def check_against_axelrod(noise: float, turns: int, reps: int, seed: int) -> None:
    res = axelrod_tournament(noise, turns, reps, seed=seed)
    theirs = np.array(res.payoff_matrix)  # type: ignore[attr-defined]
    se_theirs = np.array(res.payoff_stddevs) / math.sqrt(reps)  # type: ignore[attr-defined]
    exact = exact_tournament(herz_field(), STD, Noise(noise), turns=turns)
    assert np.all(np.abs(theirs - exact) <= 5.5 * se_theirs + 1e-9), (theirs - exact) / (
        se_theirs + 1e-12)
    ours = tournament(herz_field(), turns, reps, STD, Noise(noise), rng=seed)
    se_ours = ours.payoffs.std(axis=0, ddof=1) / math.sqrt(reps)
    se_diff = np.sqrt(se_ours**2 + se_theirs**2)
    assert np.all(np.abs(ours.payoff_matrix - theirs) <= 5.5 * se_diff + 1e-9)


@pytest.mark.parametrize("noise", [0.01, 0.1])
def test_tournament_payoffs_agree_with_axelrod(noise: float) -> None:
    """Kind: analytic (oracle) — axelrod's simulated payoff matrix (30 repetitions x 60 rounds)
    lies within 5.5 standard errors of herz's exact finite-horizon expectation in every entry,
    and herz's own simulation of the same tournament agrees with axelrod's within 5.5 standard
    errors of the difference (per entry, a false alarm has probability below 1e-4)."""
    check_against_axelrod(noise, turns=60, reps=30, seed=2016)


@pytest.mark.slow
@pytest.mark.parametrize("noise", [0.01, 0.05, 0.1, 0.25])
def test_tournament_payoffs_agree_with_axelrod_full(noise: float) -> None:
    """Kind: analytic (oracle) — as above with 100 repetitions x 200 rounds (CI-sized variant:
    ``test_tournament_payoffs_agree_with_axelrod``)."""
    check_against_axelrod(noise, turns=200, reps=100, seed=1995)


def test_noiseless_tournament_is_identical() -> None:
    """Kind: analytic (oracle) — without noise the deterministic strategies' payoffs are equal to
    rounding in herz (exact and simulated) and axelrod."""
    axl = pytest.importorskip("axelrod")
    players = [axl.TitForTat(), axl.WinStayLoseShift(), axl.Grudger(), axl.Defector(),
               axl.Cooperator()]
    res = axl.Tournament(players, turns=50, repetitions=1, seed=1).play(progress_bar=False,
                                                                        processes=0)
    field = [tit_for_tat(), win_stay_lose_shift(), grim(), always_defect(), always_cooperate()]
    exact = exact_tournament(field, STD, Noise(), turns=50)
    np.testing.assert_allclose(np.array(res.payoff_matrix), exact, atol=1e-12)
    ours = tournament(field, 50, 1, STD, Noise(), rng=1)
    np.testing.assert_allclose(ours.payoff_matrix, exact, atol=1e-12)


def test_zd_vectors_match_axelrod_package() -> None:
    """Kind: published (as implemented by the axelrod package, which cites Stewart & Plotkin
    2012) — herz's generous ZD (chi = 2, phi = 1/8) is the package's ZDGTFT2 and herz's
    extortion (chi = 2, phi = 1/18) its ZDExtort2, for the standard payoffs."""
    axl = pytest.importorskip("axelrod")
    from herz.models.iterated import strategy_from_spec

    C, D = axl.Action.C, axl.Action.D
    for theirs, ours in ((axl.ZDGTFT2(), "zdgtft2"), (axl.ZDExtort2(), "extort2")):
        match = axl.Match((theirs, axl.TitForTat()), turns=1)
        match.play()
        vector = [float(theirs._four_vector[k]) for k in ((C, C), (C, D), (D, C), (D, D))]
        assert vector == pytest.approx(strategy_from_spec(ours).four_vector, abs=1e-12)
