"""Axelrod's first and second computer tournaments, replayed with the axelrod package.

**Sources.** Axelrod (1980a), "Effective choice in the Prisoner's Dilemma", and Axelrod (1980b),
"More effective choice in the Prisoner's Dilemma", *Journal of Conflict Resolution* 24(1) and
24(3). Payoffs R = 3, S = 0, T = 5, P = 1. TIT FOR TAT (Anatol Rapoport) won both.

**The fields.** The first tournament had 14 entries plus RANDOM, each pair meeting in 5 games of
200 moves (all-pairs, with self-play). The second had 63 entries, in games of random length.
The entries are re-implementations in the axelrod package (Knight et al. 2016), imported lazily
(the ``oracle`` extra, ``axelrod==4.13.1``): all 15 of the first field, and 28 of the 63 in the
second (its "Second by ..." players, Tit For Tat, Tit For 2 Tats, Go By Majority and Revised
Downing). herz has natively (``herz.models.iterated_strategies``) only TIT FOR TAT
(``tit_for_tat``), FRIEDMAN (``grim``, axelrod's Grudger), RANDOM (``random_strategy``) and,
in the second field, TIT FOR TWO TATS (``tit_for_two_tats``); the replay uses the package's
players throughout so that the field is one implementation.

**The published rankings** used here are as the axelrod package documents them (its list of
the first tournament "in the order in which they appeared", and the "came Nth" notes in its
second-tournament players' docstrings); herz has not read Axelrod's tables. For the second
tournament each game ends after each move with probability ``1 - w = 0.00346`` (Axelrod 1984,
ch. 2: w = 0.99654, median length 200); the package draws the lengths, so they are not the
published games' lengths.

**Scores as published.** Axelrod (1980a, Table 2) reports, for each entry, its mean score per
200-move game over the 15 entries *including its own twin*, each game averaged over the 5
repetitions (TIT FOR TAT 504, from a row 600, 595, ..., 441). :func:`first_tournament` computes
the same quantity from the package's payoff matrix (mean payoff per move times 200); the
package's own ranking uses the median over repetitions of the score per move against the
others, so its order can differ from this one in near ties. :data:`FIRST_TABLE2_ROWS` holds the
four published rows read from a stored copy of Table 2 (TIT FOR TAT, Tideman and Chieruzzi,
Nydegger, Grofman).

**Why TIT FOR TAT is not first here.** Against the eight "nice" entries (published 1-8, none
ever the first to defect) the package reproduces the published rows to within a point: TIT FOR
TAT's mean there is 598.75 in both. The other seven are re-implementations from Axelrod's verbal
descriptions (the package: "our implementations differ from the original strategies as their
code is not available"; its Anonymous entry is, by its own docstring, a cooperation probability
drawn uniformly from 30-70%). Against them TIT FOR TAT's expected scores move by -72
(Graaskamp), -10 (Feld), +31 (Joss), +28 (Tullock), +87 (Anonymous), +5 (RANDOM) points per
game (20 repetitions, seed 0), and other nice entries gain more: Grofman and Shubik score
400-660 per game against the package's Graaskamp, Joss and Tullock, where the published rows
have 236-430, and Stein and Rapoport's test for randomness earns about 575 against RANDOM and
Anonymous. So the top eight stay the top eight and places 9-11 are reproduced, but the order
inside the top eight is not: TIT FOR TAT comes second to fourth, first on some seeds (the
package's tutorial shows seed 1408). No setting of the package (match length, repetitions,
seed, noise 0) changes the entries, so first place is not a reproducible claim.

**What is checked** (:func:`reference_checks`, ``herz validate``, 2 repetitions, seed 0):
TIT FOR TAT's mean against the nice entries (published, exact to a point), its mean over the
field (published 504.5; tolerance 12), the top eight as a set (published), and Spearman's rank
correlation of the reproduced mean scores with the published order (0.90 in expectation;
tolerance 0.15). Without the ``axelrod`` package these checks are left out.
"""

from __future__ import annotations

import importlib.util
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.stats import spearmanr

from herz.errors import HerzInputError
from herz.validate import Check

__all__ = ["FIRST_PUBLISHED", "FIRST_TABLE2_ROWS", "FirstReplay", "SECOND_PROB_END",
           "SECOND_PUBLISHED", "TournamentRow", "first_tournament", "play", "reference_checks"]

#: First tournament, published order (1st to 15th), as axelrod players' names.
FIRST_PUBLISHED: tuple[str, ...] = (
    "Tit For Tat", "First by Tideman and Chieruzzi", "First by Nydegger", "First by Grofman",
    "First by Shubik", "First by Stein and Rapoport", "Grudger", "First by Davis",
    "First by Graaskamp", "First by Downing", "First by Feld", "First by Joss",
    "First by Tullock", "First by Anonymous", "Random")

#: Axelrod (1980a), Table 2: mean score per 200-move game against each entry, in the order of
#: :data:`FIRST_PUBLISHED` (own twin included), for the four rows read from a stored copy.
FIRST_TABLE2_ROWS: dict[str, tuple[int, ...]] = {
    "Tit For Tat": (600, 595, 600, 600, 600, 595, 600, 600, 597, 597, 280, 225, 279, 359, 441),
    "First by Tideman and Chieruzzi":
        (600, 596, 600, 601, 600, 596, 600, 600, 310, 601, 271, 213, 291, 455, 573),
    "First by Nydegger":
        (600, 595, 600, 600, 600, 595, 600, 600, 433, 158, 354, 374, 347, 368, 464),
    "First by Grofman":
        (600, 595, 600, 600, 600, 594, 600, 600, 376, 309, 289, 236, 305, 426, 507),
}

#: The first tournament's "nice" entries (never the first to defect): published places 1-8.
FIRST_NICE = 8

#: Second tournament: published rank of the entries whose rank the package states.
SECOND_PUBLISHED: dict[str, int] = {
    "Tit For Tat": 1, "Second by Borufsen": 3, "Second by Cave": 4, "Second by WmAdams": 5,
    "Second by GraaskampKatzen": 6, "Second by Weiner": 7, "Second by Harrington": 8,
    "Second by Tideman and Chieruzzi": 9, "Second by Getzler": 11, "Second by Leyvraz": 12,
    "Second by White": 13, "Second by Black": 15, "Second by RichardHufford": 16,
    "Second by Yamachi": 17, "Second by Colbert": 18, "Second by Mikkelson": 20,
    "Second by Rowsam": 21, "Second by Appold": 22, "Soft Go By Majority": 23,
    "Tit For 2 Tats": 24, "Second by Tranquilizer": 27, "Second by Tester": 46}

#: Per-move end probability of a second-tournament game (Axelrod 1984: w = 0.99654).
SECOND_PROB_END = 1.0 - 0.99654


@dataclass(frozen=True)
class TournamentRow:
    """One entry: reproduced rank, name, median score per move, published rank (or None)."""

    rank: int
    name: str
    score: float
    published_rank: int | None


def _axelrod() -> Any:
    try:
        import axelrod
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise HerzInputError("the axelrod package is not installed", field="axelrod",
                             allowed="pip install 'herz[oracle]'") from exc
    return axelrod


def _players(axl: Any, which: str) -> list[Any]:
    if which == "first":
        return [s() for s in axl.axelrod_first_strategies]
    second = [s for s in axl.strategies if s.name.startswith("Second by")]
    return [s() for s in [axl.TitForTat, axl.TitFor2Tats, axl.GoByMajority,
                          axl.RevisedDowning, *second]]


def play(which: str = "first", repetitions: int = 5, seed: int = 0,
         turns: int = 200) -> list[TournamentRow]:
    """Replay a tournament; rows in reproduced order (median normalised score per move).

    ``which="first"``: 200-move games (``turns``); ``"second"``: random lengths with
    :data:`SECOND_PROB_END` (``turns`` ignored).
    """
    if which not in ("first", "second"):
        raise HerzInputError(repr(which), field="which", allowed="first or second")
    if repetitions < 1:
        raise HerzInputError(f"{repetitions}", field="repetitions", allowed=">= 1")
    axl = _axelrod()
    players = _players(axl, which)
    kw: dict[str, Any] = ({"turns": turns} if which == "first"
                          else {"prob_end": SECOND_PROB_END})
    tour = axl.Tournament(players, repetitions=repetitions, seed=seed, **kw)
    res = tour.play(progress_bar=False, processes=0)
    published = ({n: i + 1 for i, n in enumerate(FIRST_PUBLISHED)} if which == "first"
                 else SECOND_PUBLISHED)
    rows = []
    for r, i in enumerate(res.ranking):
        name = players[i].name
        scores = sorted(res.normalised_scores[i])
        mid = len(scores) // 2
        med = scores[mid] if len(scores) % 2 else 0.5 * (scores[mid - 1] + scores[mid])
        rows.append(TournamentRow(r + 1, name, float(med) if math.isfinite(med) else math.nan,
                                  published.get(name)))
    return rows


@dataclass(frozen=True)
class FirstReplay:
    """The first tournament replayed: ``names`` in published order, ``per_game[i, j]`` entry
    ``i``'s mean score per 200-move game against ``j`` (Table 2's cells), ``means`` its row
    means (Table 2's "average score"), ``order`` indices from best to worst mean."""

    names: tuple[str, ...]
    per_game: np.ndarray
    means: np.ndarray
    repetitions: int
    seed: int

    @property
    def order(self) -> list[int]:
        return [int(i) for i in np.argsort(-self.means, kind="stable")]

    def rank_correlation(self) -> float:
        """Spearman's rho between the published order and the reproduced mean scores."""
        return float(spearmanr(-np.arange(len(self.names)), self.means).statistic)

    def nice_in_top(self) -> int:
        """How many of the published top eight (the nice entries) are in the reproduced top 8."""
        return len(set(self.order[:FIRST_NICE]) & set(range(FIRST_NICE)))


def first_tournament(repetitions: int = 5, seed: int = 0, turns: int = 200) -> FirstReplay:
    """Replay the first tournament (all pairs, own twin included, no noise) and score it as
    Table 2 does: mean payoff per move times ``turns``, averaged over repetitions."""
    if repetitions < 1:
        raise HerzInputError(f"{repetitions}", field="repetitions", allowed=">= 1")
    axl = _axelrod()
    players = _players(axl, "first")
    tour = axl.Tournament(players, turns=turns, repetitions=repetitions, seed=seed)
    res = tour.play(progress_bar=False, processes=0)
    per_game = np.asarray(res.payoff_matrix, float) * turns
    names = tuple(p.name for p in players)
    if names != FIRST_PUBLISHED:  # the package's list is in published order
        raise HerzInputError(f"{names!r}", field="axelrod_first_strategies",
                             allowed="the 15 entries in published order (axelrod 4.13.1)")
    return FirstReplay(names, per_game, per_game.mean(axis=1), repetitions, seed)


def reference_checks() -> list[Check]:
    """The first tournament against Axelrod (1980a, Table 2); empty without ``axelrod``."""
    if importlib.util.find_spec("axelrod") is None:
        return []
    rep = first_tournament(repetitions=2, seed=0)
    tft_row = FIRST_TABLE2_ROWS["Tit For Tat"]
    model = "axelrod_tournaments"
    src = "Axelrod 1980a, Table 2 (axelrod 4.13.1 entries, 2 x 200 moves, seed 0)"
    return [
        Check(model, "TIT FOR TAT vs the 8 nice entries, mean per game", src, "published",
              sum(tft_row[:FIRST_NICE]) / FIRST_NICE, float(rep.per_game[0, :FIRST_NICE].mean()),
              abs_tol=1.0, note="deterministic pairings; the package reproduces these cells"),
        Check(model, "TIT FOR TAT mean score per game (15 entries)", src, "published",
              sum(tft_row) / len(tft_row), float(rep.means[0]), abs_tol=12.0,
              note="expectation 509.1 (20 reps): re-implemented non-nice entries add ~+5; "
                   "2-rep s.e. ~3"),
        Check(model, "published top 8 (nice entries) in reproduced top 8", src, "published",
              float(FIRST_NICE), float(rep.nice_in_top()), abs_tol=0.0,
              note="every seed tried; the order inside the eight is not reproduced"),
        Check(model, "Spearman rho, reproduced means vs published order", src, "published",
              1.0, rep.rank_correlation(), abs_tol=0.15,
              note="0.90 in expectation; the gap is the order inside the top eight"),
    ]
