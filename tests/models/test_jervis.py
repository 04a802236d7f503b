"""Jervis (1978): game classes, equilibria (vs nashpy), thresholds, the payoff family."""

from __future__ import annotations

import warnings

import nashpy
import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from herz.errors import HerzInputError
from herz.models import jervis as jm
from herz.models.jervis import Game2x2, JervisParams

payoff = st.integers(min_value=-20, max_value=20).map(float)
unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def test_reference_checks_all_pass() -> None:
    """Kind: analytic -- every check that ``herz validate`` runs for this model."""
    checks = jm.reference_checks()
    assert len(checks) >= 8
    assert [c.quantity for c in checks if not c.passed] == []


@pytest.mark.parametrize(
    ("rstp", "expected", "ranking"),
    [
        ((3, 0, 5, 1), "prisoners_dilemma", "DC > CC > DD > CD"),  # Axelrod 1984 payoffs
        ((4, 0, 3, 2), "stag_hunt", "CC > DC > DD > CD"),  # Jervis 1978 ordering
        ((4, 0, 2, 2), "stag_hunt", "CC > DC = DD > CD"),  # Rousseau's hare: T = P
        ((3, 1, 4, 0), "chicken", "DC > CC > CD > DD"),
        ((2, 0, 4, 3), "deadlock", "DC > DD > CC > CD"),  # Snyder & Diesing 1977
        ((4, 3, 2, 1), "harmony", "CC > CD > DC > DD"),
        ((4, 2, 3, 1), "harmony", "CC > DC > CD > DD"),
        ((3, 3, 5, 1), "other", "DC > CC = CD > DD"),
        ((2, 3, 1, 4), "other", "DD > CD > CC > DC"),
    ],
)
def test_classify_by_ordinal_ranking(
    rstp: tuple[float, float, float, float], expected: str, ranking: str
) -> None:
    """Kind: analytic -- textbook orderings (Rapoport & Guyer 1966 taxonomy; Jervis 1978)."""
    game = Game2x2.symmetric(*rstp)
    assert jm.classify(game) == expected
    assert jm.ranking(*rstp) == ranking


@settings(max_examples=100, deadline=None)
@given(r=payoff, s=payoff, t=payoff, p=payoff, scale=st.floats(0.1, 10), shift=st.floats(-5, 5))
def test_classification_is_ordinal(
    r: float, s: float, t: float, p: float, scale: float, shift: float
) -> None:
    """Kind: analytic -- a positive affine transformation keeps the class (ordinal invariance)."""
    a = Game2x2.symmetric(r, s, t, p)
    b = Game2x2.symmetric(*(scale * v + shift for v in (r, s, t, p)))
    assume(len({r, s, t, p}) == 4)
    assert jm.classify(a) == jm.classify(b)


def _nashpy_equilibria(game: Game2x2) -> list[tuple[float, float]]:
    a, b = game.arrays()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eqs = list(nashpy.Game(a, b).support_enumeration())
    return sorted((float(x[0]), float(y[0])) for x, y in eqs)


@settings(max_examples=150, deadline=None)
@given(vals=st.lists(payoff, min_size=8, max_size=8, unique=True))
def test_equilibria_match_nashpy_on_generic_games(vals: list[float]) -> None:
    """Kind: analytic -- same equilibria as nashpy's support enumeration (nondegenerate games)."""
    game = Game2x2(row=((vals[0], vals[1]), (vals[2], vals[3])),
                   col=((vals[4], vals[5]), (vals[6], vals[7])))
    ours = sorted((e.p_row_c, e.p_col_c) for e in jm.equilibria(game))
    theirs = _nashpy_equilibria(game)
    assert len(ours) == len(theirs)
    for (p1, q1), (p2, q2) in zip(ours, theirs, strict=True):
        assert p1 == pytest.approx(p2, abs=1e-9) and q1 == pytest.approx(q2, abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(r=payoff, s=payoff, t=payoff, p=payoff)
def test_equilibria_satisfy_best_response_conditions(r: float, s: float, t: float,
                                                     p: float) -> None:
    """Kind: analytic -- no player gains by deviating to a pure action (definition of Nash)."""
    game = Game2x2.symmetric(r, s, t, p)
    a, b = game.arrays()
    for e in jm.equilibria(game):
        x, y = np.array([e.p_row_c, 1 - e.p_row_c]), np.array([e.p_col_c, 1 - e.p_col_c])
        assert (a @ y).max() <= x @ a @ y + 1e-9
        assert (x @ b).max() <= x @ b @ y + 1e-9
        assert e.payoff_row == pytest.approx(float(x @ a @ y))


@settings(max_examples=100, deadline=None)
@given(r=payoff, s=payoff, t=payoff, p=payoff)
def test_trust_threshold_is_least_belief_making_c_a_best_response(
    r: float, s: float, t: float, p: float
) -> None:
    """Kind: analytic -- definition: p R + (1-p) S >= p T + (1-p) P at p* and not just below."""
    game = Game2x2.symmetric(r, s, t, p)
    thr = jm.trust_threshold(game)

    def c_best(q: float) -> bool:
        return q * r + (1 - q) * s >= q * t + (1 - q) * p - 1e-12

    grid = np.linspace(0, 1, 201)
    if thr is None:
        assert not any(c_best(q) for q in grid)
    else:
        assert 0.0 <= thr <= 1.0 and c_best(thr)
        assert not any(c_best(q) for q in grid if q < thr - 1e-9)


def test_stag_hunt_threshold_equals_mixed_equilibrium() -> None:
    """Kind: analytic -- in a Stag Hunt the mixed equilibrium sits at the trust threshold."""
    game = Game2x2.symmetric(R=5, S=-3, T=2, P=1)
    mixed = [e for e in jm.equilibria(game) if e.kind == "mixed"]
    assert jm.trust_threshold(game) == pytest.approx(4 / 7)  # (P-S)/((R-T)+(P-S)) = 4/7
    assert mixed[0].p_col_c == pytest.approx(4 / 7)


def test_repeated_game_thresholds_axelrod_payoffs() -> None:
    """Kind: published -- Axelrod 1984, Prop. 2 (ch. 3) with his tournament payoffs 5, 3, 1, 0.

    TIT FOR TAT is collectively stable iff w >= max((T-R)/(T-P), (T-R)/(R-S)) = max(1/2, 2/3);
    grim trigger needs delta >= (T-R)/(T-P) = 1/2 (Friedman 1971).
    """
    pd = Game2x2.symmetric(R=3, S=0, T=5, P=1)
    assert jm.grim_trigger_threshold(pd) == pytest.approx(0.5)
    assert jm.tit_for_tat_threshold(pd) == pytest.approx(2 / 3)
    assert jm.sustains_cooperation(pd, 0.6, "grim")
    assert not jm.sustains_cooperation(pd, 0.6, "tft")
    assert jm.sustains_cooperation(pd, 0.7, "tft")


def test_thresholds_edge_cases() -> None:
    """Kind: analytic -- no temptation (T <= R): any delta; TFT impossible when its bound >= 1."""
    assert jm.grim_trigger_threshold(Game2x2.symmetric(4, 0, 3, 2)) == 0.0
    assert jm.tit_for_tat_threshold(Game2x2.symmetric(4, 0, 3, 2)) == 0.0
    # T-R = 5, R-S = 1: (T-R)/(R-S) = 5 >= 1, so TFT is never collectively stable.
    hard = Game2x2.symmetric(R=3, S=2, T=8, P=1)
    assert jm.tit_for_tat_threshold(hard) is None
    assert not jm.sustains_cooperation(hard, 0.99, "tft")
    assert jm.grim_trigger_threshold(hard) == pytest.approx(5 / 7)


@settings(max_examples=100, deadline=None)
@given(o=unit, d=unit)
def test_family_moves_between_stag_hunt_and_pd(o: float, d: float) -> None:
    """Kind: analytic -- herz family: Stag Hunt iff g e < c, Prisoner's Dilemma iff g e > c."""
    params = JervisParams(o, d)
    e = params.effective_offense
    cls = jm.classify(jm.jervis_game(params))
    if params.gain * e < params.cost - 1e-12:
        assert cls == "stag_hunt"
    elif params.gain * e > params.cost + 1e-12:
        assert cls == "prisoners_dilemma"


@settings(max_examples=60, deadline=None)
@given(o1=unit, o2=unit, d=st.floats(0.0, 0.5))
def test_more_offense_needs_more_trust(o1: float, o2: float, d: float) -> None:
    """Kind: analytic -- Jervis 1978 pp. 170-171: higher T and lower S raise the trust needed."""
    lo, hi = sorted((o1, o2))
    t_lo = jm.trust_threshold(jm.jervis_game(JervisParams(lo, d)))
    t_hi = jm.trust_threshold(jm.jervis_game(JervisParams(hi, d)))
    if t_hi is not None:
        assert t_lo is not None and t_lo <= t_hi + 1e-12


def test_distinguishability_turns_pd_into_stag_hunt() -> None:
    """Kind: analytic -- at o = 0.8, e = 0.8 (1 - d): PD for d < 11/16, Stag Hunt above."""
    assert jm.classify(jm.jervis_game(JervisParams(0.8, 0.2))) == "prisoners_dilemma"
    assert jm.classify(jm.jervis_game(JervisParams(0.8, 0.8))) == "stag_hunt"
    boundary = jm.jervis_game(JervisParams(0.8, 1 - 0.25 / 0.8))
    assert boundary.rstp[2] == pytest.approx(boundary.rstp[0])  # T = R on the boundary


def test_four_worlds_table() -> None:
    """Kind: published -- Jervis 1978, p. 211: the four worlds' labels and order.

    The game classes and thresholds are herz's family at o, d in {0.2, 0.8} (analytic):
    e = 0.64, 0.16, 0.16, 0.04 against the boundary c/g = 0.25.
    """
    worlds = jm.four_worlds()
    assert [w.label for w in worlds] == [
        "doubly dangerous",
        "security dilemma, but security requirements may be compatible",
        "no security dilemma, but aggression possible",
        "doubly stable",
    ]
    assert [(w.offense_advantage, w.distinguishable) for w in worlds] == [
        (True, False), (False, False), (True, True), (False, True)]
    assert [w.game_class for w in worlds] == [
        "prisoners_dilemma", "stag_hunt", "stag_hunt", "stag_hunt"]
    # trust threshold (l0 + l e)/(c - g e + l0 + l e): e = 0.16 -> 0.41/0.5; e = 0.04 -> 0.29/0.5
    assert [w.trust_threshold for w in worlds[1:]] == pytest.approx([0.82, 0.82, 0.58])
    assert worlds[0].grim_threshold == pytest.approx(0.39 / 0.64)  # (T-R)/(T-P) = (ge-c)/(ge)
    assert jm.world(0.5, 0.5).number == 2  # o, d = 1/2 count as "no" advantage / not distinct


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: JervisParams(1.5, 0.5), "offense_advantage"),
        (lambda: JervisParams(0.5, -0.1), "distinguishability"),
        (lambda: JervisParams(0.5, 0.5, cost=0.0), "cost"),
        (lambda: Game2x2.symmetric(1, float("nan"), 2, 0), "row[0][1]"),
        (lambda: jm.classify(Game2x2(((1, 0), (2, 0)), ((1, 0), (0, 2)))), "game"),
        (lambda: jm.grim_trigger_threshold(Game2x2.symmetric(1, 0, 2, 3)), "game"),
        (lambda: jm.tit_for_tat_threshold(Game2x2.symmetric(3, 4, 5, 1)), "game"),
        (lambda: jm.sustains_cooperation(Game2x2.symmetric(3, 0, 5, 1), 1.2), "delta"),
        (lambda: jm.sustains_cooperation(Game2x2.symmetric(3, 0, 5, 1), 0.5, "pavlov"),  # type: ignore[arg-type]
         "strategy"),
        (lambda: jm.four_worlds(low=0.6), "low, high"),
    ],
)
def test_bad_input_raises_named_error(call: object, field: str) -> None:
    """Kind: analytic -- bad parameters raise HerzInputError naming the field."""
    with pytest.raises(HerzInputError) as err:
        call()  # type: ignore[operator]
    assert err.value.field == field
