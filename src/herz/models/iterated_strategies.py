"""Strategies of the iterated security game as small finite automata.

A strategy is a Moore machine: a finite set of internal states, the probability of *intending* to
cooperate in each state, and a deterministic transition ``next[state][own][seen]`` from the move
the player actually made (``own``) and the move it *saw* the other make (``seen``); 0 stands for
C (restraint) and 1 for D (arming). Every memory-one strategy is such a machine with the five
states "start", CC, CD, DC, DD (own move first), which is how :func:`memory_one` builds it; the
standing bookkeeping of contrite tit-for-tat and the grudge of grim need a machine of their own.

Sources: Nowak & Sigmund 1992 (generous tit-for-tat and its generosity), Nowak & Sigmund 1993
(win-stay lose-shift, "Pavlov"), Sugden 1986 and Boyd 1989 (contrite tit-for-tat by standing),
Press & Dyson 2012 (zero-determinant extortion), Stewart & Plotkin 2012 (generous zero-determinant
strategies), Axelrod 1984 (tit for two tats, the random rule and suspicious tit-for-tat of his
tournaments). Where herz departs from a source it says so in the constructor's docstring.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from herz.errors import HerzInputError, require_probability

__all__ = [
    "COOPERATE",
    "DEFECT",
    "STRATEGY_NAMES",
    "Strategy",
    "always_cooperate",
    "always_defect",
    "contrite_tit_for_tat",
    "generous_tit_for_tat",
    "grim",
    "memory_one",
    "tit_for_tat",
    "random_strategy",
    "suspicious_tit_for_tat",
    "tit_for_two_tats",
    "win_stay_lose_shift",
    "zd_extortion",
    "zd_extortion_phi_max",
    "zd_generous",
    "zd_generous_phi_max",
]

COOPERATE = 0
DEFECT = 1

Transition = tuple[tuple[int, int], tuple[int, int]]


@dataclass(frozen=True)
class Strategy:
    """A strategy as a finite automaton (see the module docstring).

    ``cooperate[s]`` is the probability of intending C in state ``s``; ``transition[s][a][b]`` is
    the next state after own move ``a`` and seen move ``b`` (0 = C, 1 = D); play starts in
    ``initial_state``. ``four_vector`` and ``initial`` are set for memory-one strategies only.
    """

    name: str
    cooperate: tuple[float, ...]
    transition: tuple[Transition, ...]
    initial_state: int = 0
    four_vector: tuple[float, float, float, float] | None = None
    initial: float | None = None

    def __post_init__(self) -> None:
        k = len(self.cooperate)
        if k == 0 or len(self.transition) != k:
            raise HerzInputError(
                f"{k} cooperation probabilities but {len(self.transition)} transition rows",
                field=f"strategy {self.name}", allowed="one transition row per state")
        for s, c in enumerate(self.cooperate):
            require_probability(c, f"strategy {self.name}: cooperate[{s}]")
        for row in self.transition:
            for pair in row:
                for nxt in pair:
                    if not 0 <= nxt < k:
                        raise HerzInputError(f"transition to state {nxt}",
                                             field=f"strategy {self.name}", allowed=f"0..{k - 1}")
        if not 0 <= self.initial_state < k:
            raise HerzInputError(f"initial state {self.initial_state}",
                                 field=f"strategy {self.name}", allowed=f"0..{k - 1}")

    @property
    def n_states(self) -> int:
        return len(self.cooperate)

    def cooperate_array(self) -> np.ndarray:
        """``cooperate`` as a float array of shape ``(n_states,)``."""
        return np.asarray(self.cooperate, dtype=float)

    def transition_array(self) -> np.ndarray:
        """``transition`` as an int array of shape ``(n_states, 2, 2)``."""
        return np.asarray(self.transition, dtype=np.int64)


def memory_one(
    four_vector: tuple[float, float, float, float] | list[float],
    initial: float = 1.0,
    name: str = "memory-one",
) -> Strategy:
    """The memory-one strategy ``(p_CC, p_CD, p_DC, p_DD)`` cooperating first with ``initial``.

    ``p_xy`` is the probability of cooperating after a round in which this player made move ``x``
    and saw the other make move ``y`` (the player's own perspective, as in Press & Dyson 2012).
    """
    if len(four_vector) != 4:
        raise HerzInputError(f"{len(four_vector)} entries", field="four_vector",
                             allowed="four probabilities p_CC, p_CD, p_DC, p_DD")
    vec = tuple(require_probability(float(p), f"four_vector[{i}]")
                for i, p in enumerate(four_vector))
    first = require_probability(float(initial), "initial")
    # States 0..3 are the last outcomes CC, CD, DC, DD (own move first); state 4 is the start.
    row: Transition = ((0, 1), (2, 3))
    return Strategy(
        name=name,
        cooperate=(*vec, first),
        transition=(row,) * 5,
        initial_state=4,
        four_vector=(vec[0], vec[1], vec[2], vec[3]),
        initial=first,
    )


def tit_for_tat() -> Strategy:
    """Tit-for-tat: cooperate first, then copy the move the other was seen to make."""
    return memory_one((1.0, 0.0, 1.0, 0.0), 1.0, "TFT")


def generous_tit_for_tat(generosity: float) -> Strategy:
    """Generous tit-for-tat (Nowak & Sigmund 1992): after a defection, cooperate anyway with
    probability ``generosity``; see :func:`herz.models.iterated.gtft_generosity` for the value
    that Nowak and Sigmund derive from the payoffs."""
    q = require_probability(generosity, "generosity")
    return memory_one((1.0, q, 1.0, q), 1.0, "GTFT")


def win_stay_lose_shift() -> Strategy:
    """Win-stay lose-shift, "Pavlov" (Nowak & Sigmund 1993): repeat after R or T, switch after
    S or P; its four-vector is (1, 0, 0, 1)."""
    return memory_one((1.0, 0.0, 0.0, 1.0), 1.0, "WSLS")


def always_cooperate() -> Strategy:
    """Unconditional restraint."""
    return memory_one((1.0, 1.0, 1.0, 1.0), 1.0, "ALLC")


def always_defect() -> Strategy:
    """Unconditional arming."""
    return memory_one((0.0, 0.0, 0.0, 0.0), 0.0, "ALLD")


def grim() -> Strategy:
    """Grim trigger: cooperate until the other is *seen* to defect once, then defect for ever.

    Herz departs from the memory-one vector (1, 0, 0, 0): that vector forgives when noise makes
    both players cooperate in the same round, while a grudge never ends; the two-state machine
    here keeps the grudge (as the ``Grudger`` of the axelrod package does).
    """
    return Strategy(
        name="GRIM",
        cooperate=(1.0, 0.0),
        transition=(((0, 1), (0, 1)), ((1, 1), (1, 1))),
        initial_state=0,
    )


def contrite_tit_for_tat() -> Strategy:
    """Contrite tit-for-tat by standing (Sugden 1986; Boyd 1989; Wu & Axelrod 1995).

    Each player is in good or bad standing; both start good. After a round, a player is in good
    standing if it cooperated, or if it defected while it was in good standing and the other was
    in bad standing (a justified punishment); otherwise it is in bad standing. CTFT defects only
    when it is in good standing and the other is in bad standing, so after its own unintended
    defection it accepts one round of punishment without retaliating.

    Herz keeps both standings from what the player *sees*: under implementation noise the moves
    are public and the bookkeeping is exact; under perception noise each player keeps its own,
    possibly wrong, books, which is why contrition does not cure misperception (Boyd 1989).
    The axelrod package's ``ContriteTitForTat`` instead compares its intended and actual moves;
    the two agree after a single error but can differ after errors in consecutive rounds.
    """
    good, bad = 0, 1

    def standing(move: int, own_standing: int, other_standing: int) -> int:
        justified = own_standing == good and other_standing == bad
        return good if (move == COOPERATE or justified) else bad

    # State 2 * own standing + other's standing.
    coop = tuple(0.0 if (mine, theirs) == (good, bad) else 1.0
                 for mine in (good, bad) for theirs in (good, bad))
    rows: list[Transition] = []
    for mine in (good, bad):
        for theirs in (good, bad):
            after = [[2 * standing(a, mine, theirs) + standing(b, theirs, mine) for b in (0, 1)]
                     for a in (0, 1)]
            rows.append(((after[0][0], after[0][1]), (after[1][0], after[1][1])))
    return Strategy(name="CTFT", cooperate=coop, transition=tuple(rows), initial_state=0)


def zd_extortion_phi_max(chi: float, R: float, S: float, T: float, P: float) -> float:
    """The largest ``phi`` for which :func:`zd_extortion` gives probabilities (Press & Dyson)."""
    bounds = [1.0 / ((P - S) + chi * (T - P)), 1.0 / ((T - P) + chi * (P - S))]
    if chi > 1.0:
        bounds.append(1.0 / ((chi - 1.0) * (R - P)))
    return min(bounds)


def zd_extortion(
    chi: float, phi: float, R: float, S: float, T: float, P: float, initial: float = 1.0
) -> Strategy:
    """Press & Dyson's (2012) extortionate zero-determinant strategy.

    With X's payoffs ``S_X = (R, S, T, P)`` and Y's ``S_Y = (R, T, S, P)`` over the outcomes
    CC, CD, DC, DD, the four-vector solves ``p - (1, 1, 0, 0) = phi [(S_X - P) - chi (S_Y - P)]``:

        p_CC = 1 - phi (chi - 1)(R - P)        p_CD = 1 - phi [(P - S) + chi (T - P)]
        p_DC = phi [(T - P) + chi (P - S)]     p_DD = 0

    which enforces ``s_X - P = chi (s_Y - P)`` on the long-run payoffs against *any* opponent
    (without noise). Requires a prisoner's dilemma, ``chi >= 1`` and
    ``0 < phi <= zd_extortion_phi_max(...)``. Press and Dyson leave the first move open (it
    does not affect the long-run relation); herz cooperates first by default, as the axelrod
    package does, so finite matches agree with it.
    """
    if not T > R > P > S:
        raise HerzInputError(f"R={R}, S={S}, T={T}, P={P}", field="payoffs",
                             allowed="a prisoner's dilemma, T > R > P > S")
    if not (math.isfinite(chi) and chi >= 1.0):
        raise HerzInputError(f"{chi!r}", field="chi", allowed="chi >= 1")
    phi_max = zd_extortion_phi_max(chi, R, S, T, P)
    if not 0.0 < phi <= phi_max * (1 + 1e-12):
        raise HerzInputError(f"{phi!r}", field="phi", allowed=f"0 < phi <= {phi_max:.6g}")
    p1 = 1.0 - phi * (chi - 1.0) * (R - P)
    p2 = 1.0 - phi * ((P - S) + chi * (T - P))
    p3 = phi * ((T - P) + chi * (P - S))
    vec = tuple(min(1.0, max(0.0, p)) for p in (p1, p2, p3, 0.0))  # clip rounding at phi_max
    return memory_one((vec[0], vec[1], vec[2], vec[3]), initial, f"ZD(chi={chi:g})")


def zd_generous_phi_max(chi: float, R: float, S: float, T: float, P: float) -> float:
    """The largest ``phi`` for which :func:`zd_generous` gives probabilities."""
    bounds = [1.0 / ((R - S) + chi * (T - R)), 1.0 / ((T - R) + chi * (R - S))]
    if chi > 1.0:
        bounds.append(1.0 / ((chi - 1.0) * (R - P)))
    return min(bounds)


def zd_generous(
    chi: float, phi: float, R: float, S: float, T: float, P: float, initial: float = 1.0
) -> Strategy:
    """A generous zero-determinant strategy (Stewart & Plotkin 2012): Press and Dyson's (2012)
    construction with the baseline ``R`` instead of ``P``.

    The four-vector solves ``p - (1, 1, 0, 0) = phi [(S_X - R) - chi (S_Y - R)]``:

        p_CC = 1                              p_CD = 1 - phi [(R - S) + chi (T - R)]
        p_DC = phi [(T - R) + chi (R - S)]    p_DD = phi (chi - 1)(R - P)

    and enforces ``s_X - R = chi (s_Y - R)`` against any opponent (no noise, long run): X never
    earns more than its rival, but both earn ``R`` when the rival cooperates fully. With
    ``T, R, P, S = 5, 3, 1, 0``, ``chi = 2`` and ``phi = 1/8`` this is ``(1, 1/8, 1, 1/4)``,
    the ZDGTFT-2 of Stewart & Plotkin (the same vector as the axelrod package's ``ZDGTFT2``;
    herz derived it from the formula above, the article's text was not available to herz).
    Requires a prisoner's dilemma, ``chi >= 1`` and ``0 < phi <= zd_generous_phi_max(...)``.
    """
    if not T > R > P > S:
        raise HerzInputError(f"R={R}, S={S}, T={T}, P={P}", field="payoffs",
                             allowed="a prisoner's dilemma, T > R > P > S")
    if not (math.isfinite(chi) and chi >= 1.0):
        raise HerzInputError(f"{chi!r}", field="chi", allowed="chi >= 1")
    phi_max = zd_generous_phi_max(chi, R, S, T, P)
    if not 0.0 < phi <= phi_max * (1 + 1e-12):
        raise HerzInputError(f"{phi!r}", field="phi", allowed=f"0 < phi <= {phi_max:.6g}")
    p2 = 1.0 - phi * ((R - S) + chi * (T - R))
    p3 = phi * ((T - R) + chi * (R - S))
    p4 = phi * (chi - 1.0) * (R - P)
    vec = tuple(min(1.0, max(0.0, p)) for p in (1.0, p2, p3, p4))  # clip rounding at phi_max
    return memory_one((vec[0], vec[1], vec[2], vec[3]), initial, f"GZD(chi={chi:g})")


def tit_for_two_tats() -> Strategy:
    """Tit for two tats (Axelrod 1984): defect only after seeing the other defect in each of the
    last two rounds. States: 0 = the last seen move was C (or the start), 1 = one D seen,
    2 = two or more consecutive Ds seen; it defects in state 2 only."""
    seen_c: tuple[int, int] = (0, 1)  # next state after seeing C / D, from states 0
    return Strategy(
        name="TF2T",
        cooperate=(1.0, 1.0, 0.0),
        transition=((seen_c, seen_c), ((0, 2), (0, 2)), ((0, 2), (0, 2))),
        initial_state=0,
    )


def suspicious_tit_for_tat() -> Strategy:
    """Suspicious tit-for-tat: defect first, then copy the other's last seen move."""
    return memory_one((1.0, 0.0, 1.0, 0.0), 0.0, "STFT")


def random_strategy() -> Strategy:
    """The RANDOM rule of Axelrod's tournaments: cooperate with probability 1/2 every round."""
    return memory_one((0.5, 0.5, 0.5, 0.5), 0.5, "RANDOM")


#: The names :func:`herz.models.iterated.strategy_from_spec` accepts without parameters.
STRATEGY_NAMES: tuple[str, ...] = ("tft", "gtft", "ctft", "wsls", "grim", "alld", "allc",
                                   "tf2t", "stft", "random", "zdgtft2", "extort2")
