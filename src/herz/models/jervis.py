r"""Jervis (1978), "Cooperation under the Security Dilemma": the dilemma as a 2x2 game.

Jervis models two status-quo states choosing to Cooperate (C: restraint, a defensive posture)
or Defect (D: arm, expand, strike first). For the row player of a symmetric game the four
outcomes pay ``R`` (CC, reward), ``S`` (CD, sucker), ``T`` (DC, temptation) and ``P`` (DD,
punishment); the column player's payoffs are the transpose. Jervis (1978, pp. 170-171) argues
cooperation is more likely the *lower* the gain from exploiting (T) and the cost of being
exploited (the loss R - S), the *higher* the gain from mutual cooperation (R) and the cost of
mutual defection (low P), and the more each expects the other to cooperate.

What this module computes:

* :func:`classify` -- the game by the row player's ordinal ranking (strict unless noted):
  Prisoner's Dilemma ``T > R > P > S``; Stag Hunt ``R > T >= P > S`` (Jervis's ordering
  ``CC > DC > DD > CD``, with ``T = P`` allowed for Rousseau's hare, which pays the same whatever
  the other does); Chicken ``T > R > S > P``; Deadlock ``T > P > R > S`` (Snyder & Diesing 1977);
  Harmony: C strictly dominant and ``R > P`` (``R > T``, ``S > P``). Everything else, ties
  included, is ``"other"``.
* :func:`equilibria` -- every isolated Nash equilibrium of a 2x2 bimatrix game: pure ones by the
  best-response check and the fully mixed one by the indifference conditions. (Degenerate games
  with a continuum of equilibria report only the isolated points.) Cross-checked against nashpy
  in the tests.
* :func:`trust_threshold` -- the least probability ``p`` that the other cooperates for which C is a
  best response: ``p R + (1-p) S >= p T + (1-p) P``; in a Stag Hunt
  ``p* = (P - S) / ((R - T) + (P - S))``.
* :func:`grim_trigger_threshold` -- cooperation with grim-trigger punishment is a subgame-perfect
  equilibrium of the infinitely repeated game iff ``delta >= (T - R) / (T - P)`` (Friedman 1971).
* :func:`tit_for_tat_threshold` -- TIT FOR TAT is collectively stable iff
  ``delta >= max((T - R) / (T - P), (T - R) / (R - S))`` (Axelrod 1984, Proposition 2, ch. 3;
  Axelrod writes ``w`` for the discount parameter).
* :func:`jervis_game` -- **herz's interpretation** of Jervis's offense-defense argument as a
  payoff family (see below).
* :func:`four_worlds` / :func:`world` -- Jervis's four worlds (1978, p. 211): offense or defense
  advantage x postures distinguishable or not.

herz's payoff family (an interpretation, not Jervis's own formalism). Parameters:
``offense_advantage`` ``o`` in [0, 1] (0: defense dominates, 1: offense dominates),
``distinguishability`` ``d`` in [0, 1], and positive constants ``gain`` (g), ``cost`` (c),
``loss`` (l) and ``base_loss`` (l0). Assumptions:

1. D means an offensive posture; it costs ``c`` whatever the other does. C costs nothing.
2. The *effective* offense advantage is ``e = o (1 - d)``: when offensive and defensive postures
   can be told apart, a target sees an offensive build-up coming and counters it in time, and a
   state can buy security with defensive forces that threaten nobody, so a fraction ``d`` of the
   advantage is neutralised (Jervis pp. 199-206 on warning and differentiation).
3. Exploiting a restrained state gains ``g e`` (first-strike and conquest gains grow with the
   offense's advantage); being exploited loses ``l0 + l e`` (a defender can be coerced even when
   defense dominates, and far more when offense dominates). Mutual offense leaves the
   status quo at the cost ``c`` each.

Normalising the status quo to 1: ``R = 1``, ``T = 1 - c + g e``, ``P = 1 - c``,
``S = 1 - c - l0 - l e``. Hence ``T >= P > S`` always, and the game is a **Stag Hunt while
``g e < c``** and a **Prisoner's Dilemma once ``g e > c``** (at ``g e = c``, ``T = R``: the
boundary). Within the Stag Hunt the trust threshold ``(l0 + l e) / (c - g e + l0 + l e)`` rises
with ``e``: the more the offense dominates, and the less postures can be told apart, the more
trust cooperation needs. In the four-worlds table herz reads ``o > 1/2`` as "offense has the
advantage" and ``d > 1/2`` as "distinguishable", and shows the family at representative
points ``o, d`` in {0.2, 0.8}.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from herz.errors import HerzInputError, require_finite, require_positive, require_probability
from herz.validate import Check

__all__ = [
    "Equilibrium",
    "Game2x2",
    "GameClass",
    "JervisParams",
    "World",
    "classify",
    "equilibria",
    "four_worlds",
    "grim_trigger_threshold",
    "jervis_game",
    "ranking",
    "reference_checks",
    "sustains_cooperation",
    "tit_for_tat_threshold",
    "trust_threshold",
    "world",
]

FloatArray = npt.NDArray[np.float64]
GameClass = Literal[
    "prisoners_dilemma", "stag_hunt", "chicken", "deadlock", "harmony", "other"
]


@dataclass(frozen=True)
class Game2x2:
    """A 2x2 bimatrix game; action 0 is C (cooperate), action 1 is D (defect).

    ``row[i][j]`` and ``col[i][j]`` are the payoffs of the row and column player when the row
    player plays ``i`` and the column player ``j``.
    """

    row: tuple[tuple[float, float], tuple[float, float]]
    col: tuple[tuple[float, float], tuple[float, float]]

    def __post_init__(self) -> None:
        for name in ("row", "col"):
            for i in range(2):
                for j in range(2):
                    require_finite(getattr(self, name)[i][j], f"{name}[{i}][{j}]")

    @classmethod
    def symmetric(cls, R: float, S: float, T: float, P: float) -> Game2x2:  # noqa: N803
        """The symmetric game with row payoffs CC=R, CD=S, DC=T, DD=P."""
        row = ((float(R), float(S)), (float(T), float(P)))
        return cls(row=row, col=((row[0][0], row[1][0]), (row[0][1], row[1][1])))

    @property
    def is_symmetric(self) -> bool:
        return all(self.col[i][j] == self.row[j][i] for i in range(2) for j in range(2))

    @property
    def rstp(self) -> tuple[float, float, float, float]:
        """``(R, S, T, P)`` of the row player."""
        return self.row[0][0], self.row[0][1], self.row[1][0], self.row[1][1]

    def arrays(self) -> tuple[FloatArray, FloatArray]:
        return np.array(self.row, dtype=float), np.array(self.col, dtype=float)


def ranking(R: float, S: float, T: float, P: float) -> str:  # noqa: N803
    """The row player's ordinal ranking, best first, e.g. ``"DC > CC > DD > CD"``."""
    items = sorted([("CC", R), ("CD", S), ("DC", T), ("DD", P)], key=lambda kv: -kv[1])
    text = items[0][0]
    for (_, prev), (name, value) in zip(items, items[1:], strict=False):
        text += (" = " if value == prev else " > ") + name
    return text


def classify(game: Game2x2) -> GameClass:
    """Classify a symmetric game by the row player's ordinal ranking (module docstring)."""
    if not game.is_symmetric:
        raise HerzInputError("classification needs a symmetric game (col = row transposed)",
                             field="game", allowed="a symmetric 2x2 game")
    return classify_payoffs(*game.rstp)


def classify_payoffs(R: float, S: float, T: float, P: float) -> GameClass:  # noqa: N803
    """Classify a symmetric game given the row player's R, S, T, P (module docstring)."""
    if T > R > P > S:
        return "prisoners_dilemma"
    if R > T >= P > S:
        return "stag_hunt"
    if T > R > S > P:
        return "chicken"
    if T > P > R > S:
        return "deadlock"
    if R > T and S > P and R > P:
        return "harmony"
    return "other"


@dataclass(frozen=True)
class Equilibrium:
    """A Nash equilibrium: each player's probability of C, and the expected payoffs."""

    p_row_c: float
    p_col_c: float
    payoff_row: float
    payoff_col: float
    kind: Literal["pure", "mixed"]


def _payoffs(game: Game2x2, p: float, q: float) -> tuple[float, float]:
    a, b = game.arrays()
    x, y = np.array([p, 1 - p]), np.array([q, 1 - q])
    return float(x @ a @ y), float(x @ b @ y)


def equilibria(game: Game2x2) -> list[Equilibrium]:
    """All isolated Nash equilibria: pure ones first (CC, CD, DC, DD order), then mixed."""
    a, b = game.arrays()
    found: list[Equilibrium] = []
    for i in range(2):
        for j in range(2):
            if a[i, j] >= a[1 - i, j] and b[i, j] >= b[i, 1 - j]:
                found.append(Equilibrium(float(i == 0), float(j == 0), float(a[i, j]),
                                         float(b[i, j]), "pure"))
    # Fully mixed: column's q makes row indifferent, row's p makes column indifferent.
    den_q = a[0, 0] - a[0, 1] - a[1, 0] + a[1, 1]
    den_p = b[0, 0] - b[1, 0] - b[0, 1] + b[1, 1]
    if den_q != 0 and den_p != 0:
        q = (a[1, 1] - a[0, 1]) / den_q
        p = (b[1, 1] - b[1, 0]) / den_p
        if 0 < p < 1 and 0 < q < 1:
            u_row, u_col = _payoffs(game, float(p), float(q))
            found.append(Equilibrium(float(p), float(q), u_row, u_col, "mixed"))
    return found


def trust_threshold(game: Game2x2) -> float | None:
    """Least probability that the other cooperates for C to be a best response (row player).

    ``None`` when C is a best response to no belief (D strictly dominant, as in a Prisoner's
    Dilemma). In a Stag Hunt: ``(P - S) / ((R - T) + (P - S))``.
    """
    R, S, T, P = game.rstp  # noqa: N806
    # C is a best response to p iff f(p) = p (R - T) + (1 - p)(S - P) >= 0; f is linear in p.
    f0, f1 = S - P, R - T
    if f0 >= 0:
        return 0.0
    if f1 < 0:
        return None
    return f0 / (f0 - f1)


def _pd_like(R: float, S: float, T: float, P: float, field: str) -> None:  # noqa: N803
    if not R > P:
        raise HerzInputError("mutual cooperation is not worth sustaining (R <= P)", field=field,
                             allowed="R > P")


def grim_trigger_threshold(game: Game2x2) -> float | None:
    """Least discount factor sustaining CC under grim trigger: ``max(0, (T - R) / (T - P))``.

    ``None`` if no ``delta < 1`` does (``T > R`` but ``T <= P``: punishment does not hurt).
    Requires ``R > P`` (Friedman 1971).
    """
    R, S, T, P = game.rstp  # noqa: N806
    _pd_like(R, S, T, P, "game")
    if T <= R:
        return 0.0
    if T <= P:  # pragma: no cover - T > R > P makes this unreachable; kept for safety
        return None
    return (T - R) / (T - P)


def tit_for_tat_threshold(game: Game2x2) -> float | None:
    """Axelrod's (1984, Prop. 2) condition: ``delta >= max((T-R)/(T-P), (T-R)/(R-S))``.

    Returns the threshold, or ``None`` when it is >= 1 (TFT is then never collectively stable).
    Requires ``R > P`` and ``R > S``.
    """
    R, S, T, P = game.rstp  # noqa: N806
    _pd_like(R, S, T, P, "game")
    if not R > S:
        raise HerzInputError("TIT FOR TAT's condition needs R > S", field="game", allowed="R > S")
    if T <= R:
        return 0.0
    value = max((T - R) / (T - P), (T - R) / (R - S))
    return value if value < 1.0 else None


def sustains_cooperation(
    game: Game2x2, delta: float, strategy: Literal["grim", "tft"] = "grim"
) -> bool:
    """Whether discount factor ``delta`` sustains mutual cooperation with ``strategy``."""
    require_probability(delta, "delta")
    if strategy == "grim":
        threshold = grim_trigger_threshold(game)
    elif strategy == "tft":
        threshold = tit_for_tat_threshold(game)
    else:
        raise HerzInputError(f"{strategy!r}", field="strategy", allowed="grim, tft")
    return threshold is not None and delta >= threshold


# --- herz's offense-defense payoff family -------------------------------------------------


@dataclass(frozen=True)
class JervisParams:
    """Parameters of herz's offense-defense payoff family (module docstring)."""

    offense_advantage: float
    distinguishability: float
    gain: float = 1.0
    cost: float = 0.25
    loss: float = 1.0
    base_loss: float = 0.25

    def __post_init__(self) -> None:
        require_probability(self.offense_advantage, "offense_advantage")
        require_probability(self.distinguishability, "distinguishability")
        for name in ("gain", "cost", "loss", "base_loss"):
            require_positive(getattr(self, name), name)

    @property
    def effective_offense(self) -> float:
        """``e = o (1 - d)``."""
        return self.offense_advantage * (1.0 - self.distinguishability)


def jervis_game(params: JervisParams) -> Game2x2:
    """The symmetric game of herz's family: R = 1, T = 1 - c + g e, P = 1 - c, S = P - l0 - l e."""
    e = params.effective_offense
    p_dd = 1.0 - params.cost
    return Game2x2.symmetric(
        R=1.0, S=p_dd - params.base_loss - params.loss * e, T=p_dd + params.gain * e, P=p_dd,
    )


@dataclass(frozen=True)
class World:
    """One of Jervis's four worlds, with the family's game at a representative point."""

    number: int
    offense_advantage: bool
    distinguishable: bool
    label: str
    game_class: GameClass
    trust_threshold: float | None
    grim_threshold: float | None


_LABELS = {
    (True, False): (1, "doubly dangerous"),
    (False, False): (2, "security dilemma, but security requirements may be compatible"),
    (True, True): (3, "no security dilemma, but aggression possible"),
    (False, True): (4, "doubly stable"),
}


def world(
    offense_advantage: float, distinguishability: float, *, gain: float = 1.0,
    cost: float = 0.25, loss: float = 1.0, base_loss: float = 0.25,
) -> World:
    """Jervis's world for a point ``(o, d)``, and herz's game there (``o, d > 1/2`` = yes)."""
    params = JervisParams(offense_advantage, distinguishability, gain, cost, loss, base_loss)
    offense, distinct = offense_advantage > 0.5, distinguishability > 0.5
    number, label = _LABELS[(offense, distinct)]
    game = jervis_game(params)
    return World(number, offense, distinct, label, classify(game), trust_threshold(game),
                 grim_trigger_threshold(game))


def four_worlds(
    *, low: float = 0.2, high: float = 0.8, gain: float = 1.0, cost: float = 0.25,
    loss: float = 1.0, base_loss: float = 0.25,
) -> list[World]:
    """Jervis's four worlds in his order, each at ``o, d`` in ``{low, high}``."""
    if not 0.0 <= low <= 0.5 < high <= 1.0:
        raise HerzInputError(f"low={low}, high={high}", field="low, high",
                             allowed="0 <= low <= 0.5 < high <= 1")
    points = [(high, low), (low, low), (high, high), (low, high)]
    return [world(o, d, gain=gain, cost=cost, loss=loss, base_loss=base_loss) for o, d in points]


# --- reproduction suite -------------------------------------------------------------------


def reference_checks() -> list[Check]:
    """Analytic values of the one-shot and repeated games and of herz's payoff family."""
    model = "jervis"
    pd = Game2x2.symmetric(R=3, S=0, T=5, P=1)  # Axelrod's (1984) tournament payoffs
    sh = Game2x2.symmetric(R=4, S=0, T=3, P=2)
    chicken = Game2x2.symmetric(R=3, S=1, T=4, P=0)
    mixed_sh = [e for e in equilibria(sh) if e.kind == "mixed"][0]
    mixed_ch = [e for e in equilibria(chicken) if e.kind == "mixed"][0]
    grim = grim_trigger_threshold(pd)
    tft = tit_for_tat_threshold(pd)
    boundary = JervisParams(offense_advantage=0.5, distinguishability=0.5)  # g e = 0.25 = c
    e_star = boundary.cost / boundary.gain
    sh_mid = jervis_game(JervisParams(0.2, 0.0))  # e = 0.2
    worlds = four_worlds()
    return [
        Check(model, "grim-trigger delta*, T,R,P,S = 5,3,1,0",
              "Friedman 1971: (T-R)/(T-P) = 2/4", "analytic", 0.5,
              math.nan if grim is None else grim, note="exact ratio"),
        Check(model, "TIT FOR TAT delta*, T,R,P,S = 5,3,1,0",
              "Axelrod 1984, Prop. 2: max((T-R)/(T-P), (T-R)/(R-S)) = 2/3", "analytic", 2 / 3,
              math.nan if tft is None else tft, abs_tol=1e-12, note="exact ratio"),
        Check(model, "Stag Hunt trust threshold, R,T,P,S = 4,3,2,0",
              "derivation: (P-S)/((R-T)+(P-S)) = 2/3", "analytic", 2 / 3,
              math.nan if (t := trust_threshold(sh)) is None else t, abs_tol=1e-12,
              note="exact ratio"),
        Check(model, "Stag Hunt mixed equilibrium P(C) = trust threshold",
              "derivation: indifference condition = best-response threshold", "analytic", 2 / 3,
              mixed_sh.p_row_c, abs_tol=1e-12, note="exact ratio"),
        Check(model, "Chicken mixed equilibrium P(C), R,S,T,P = 3,1,4,0",
              "derivation: (S-P)/((S-P)+(T-R)) = 1/2", "analytic", 0.5, mixed_ch.p_row_c,
              abs_tol=1e-12, note="exact ratio"),
        Check(model, "number of pure equilibria of the Stag Hunt",
              "derivation: Rousseau's Stag Hunt (Jervis 1978, opening section): CC and DD",
              "analytic", 2.0,
              float(sum(e.kind == "pure" for e in equilibria(sh))), abs_tol=0.0,
              note="a count"),
        Check(model, "family: T - R at the SH/PD boundary g e = c",
              "herz family: T - R = g e - c", "analytic", 0.0,
              jervis_game(boundary).rstp[2] - 1.0, abs_tol=1e-12,
              note=f"boundary at effective offense e* = c/g = {e_star}"),
        Check(model, "family: trust threshold at e = 0.2 (defaults)",
              "herz family: (l0 + l e)/(c - g e + l0 + l e) = 0.45/0.5", "analytic", 0.9,
              math.nan if (t2 := trust_threshold(sh_mid)) is None else t2, abs_tol=1e-12,
              note="closed form of the family"),
        Check(model, "four worlds: worlds that are Prisoner's Dilemmas (defaults)",
              "herz family: only world 1 (e = 0.64 > c/g = 0.25)", "analytic", 1.0,
              float(sum(w.game_class == "prisoners_dilemma" for w in worlds)), abs_tol=0.0,
              note="a count; worlds 2-4 have e = 0.16, 0.16, 0.04 < 0.25: Stag Hunts"),
    ]
