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

**What is reproduced** (regression, seeded): the package's first field does *not* give the
published order; TIT FOR TAT comes about fourth (a known effect of the re-implementations,
raised on the package's issue tracker); see ``herz model iterated axelrod-tournament``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from herz.errors import HerzInputError

__all__ = ["FIRST_PUBLISHED", "SECOND_PUBLISHED", "SECOND_PROB_END", "TournamentRow",
           "play"]

#: First tournament, published order (1st to 15th), as axelrod players' names.
FIRST_PUBLISHED: tuple[str, ...] = (
    "Tit For Tat", "First by Tideman and Chieruzzi", "First by Nydegger", "First by Grofman",
    "First by Shubik", "First by Stein and Rapoport", "Grudger", "First by Davis",
    "First by Graaskamp", "First by Downing", "First by Feld", "First by Joss",
    "First by Tullock", "First by Anonymous", "Random")

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
