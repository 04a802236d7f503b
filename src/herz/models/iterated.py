r"""Noisy iterated security games: reciprocity when moves are mis-implemented or misperceived.

**The game.** Two states meet round after round in a symmetric 2x2 game: each restrains (C) or
arms (D). A state's payoff is R for mutual restraint, S for restraining while the other arms, T for
arming while the other restrains and P for mutual arming. ``T > R > P > S`` is the prisoner's
dilemma, ``R > T > P > S`` Jervis's (1978) stag hunt; both are "security games" here, and most of
the module takes any four numbers.

**Noise** (two kinds, both supported, also together):

* *implementation* error ``e_i`` (Wu & Axelrod 1995; "trembling hand"): each intended move is
  flipped with probability ``e_i``; both players see the move actually made.
* *perception* error ``e_p`` (Jervis's misperception; Boyd 1989): each player misreads the other's
  move with probability ``e_p``, independently; moves are made as intended and payoffs follow
  the moves actually made, but each player's memory holds what it saw.

**Strategies** are finite automata (:mod:`herz.models.iterated_strategies`): memory-one
strategies ``(p_CC, p_CD, p_DC, p_DD)`` plus a first move, contrite tit-for-tat by standing, grim.

**Exact payoffs.** The pair of automaton states ``z = (s_X, s_Y)`` is a Markov chain. In state
``z`` X makes C with probability ``c_X = e_i + (1 - 2 e_i) p_X(s_X)``, Y likewise; each then sees
the other's move through perception noise and moves to its next state. With transition matrix
``M``, start distribution ``pi_0`` and expected round payoff ``r(z)``:

* long-run payoff ``lim (1/n) sum_t pi_0 M^t r``: the Cesaro limit, computed exactly from the
  closed classes of the chain (their stationary distributions, weighted by the probability of
  being absorbed in each), so it is right without noise too, when the chain is not ergodic;
* finite horizon of ``n`` rounds: ``(1/n) sum_{t<n} pi_0 M^t r``;
* discounted with factor ``d``: ``(1 - d) pi_0 (I - d M)^{-1} r``.

For memory-one strategies under implementation noise alone this is Press & Dyson's (2012)
four-state chain over the last outcome.

**Reference results.** Generous tit-for-tat's generosity ``q = min(1 - (T-R)/(R-S),
(R-P)/(T-P))`` (Nowak & Sigmund 1992; 1/3 for T, R, P, S = 5, 3, 1, 0); the long-run payoff of
two reactive strategies ``(p, q)`` and ``(p', q')``: with ``r = p - q``, X cooperates with
``s = (q + r q') / (1 - r r')`` and the payoff is ``R s s' + S s (1 - s') + T (1 - s) s' +
P (1 - s)(1 - s')`` (Nowak & Sigmund 1990, 1992); tit-for-tat against itself under any noise
``0 < e < 1`` earns ``(R + S + T + P) / 4`` (its chain is doubly stochastic); Press & Dyson's
extortion ``s_X - P = chi (s_Y - P)`` (their chi = 3 example: ``p = (11/13, 1/2, 7/26, 0)``,
scores 3.73 and 1.91 against unconditional cooperation); win-stay lose-shift against itself
under implementation noise ``e`` (derived here: rows CC and DD of its chain coincide, as do CD
and DC, so ``pi(CD) = pi(DC) = e(1 - e)``; see :func:`wsls_self_play_outcomes`).

**Tournaments** are simulated with numpy: every match of a round robin (self-play included, as in
Axelrod's tournaments) and every repetition advance together, one vectorised step per round.
Repetition ``k`` draws its random numbers from its own stream spawned by :mod:`herz.rng`, so its
result does not depend on how many repetitions run; :func:`exact_tournament` gives the expected
payoff matrix of the same tournament without sampling.

**Where herz interprets.** Wu & Axelrod (1995) study implementation noise; perception noise follows
Boyd (1989). Contrite tit-for-tat keeps standings from what the player sees (see
:func:`~herz.models.iterated_strategies.contrite_tit_for_tat`). Grim keeps its grudge for ever
(not the memory-one vector (1, 0, 0, 0)). A tournament score is the mean per-round payoff against
every strategy, itself included. Wu & Axelrod's table values (the 63 rules of Axelrod's second
tournament replayed with 1% noise) are not reproduced: herz does not ship those rules and the
tables were not available; their qualitative result is tested instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from herz.errors import HerzInputError, require_finite, require_probability
from herz.models.iterated_strategies import (
    STRATEGY_NAMES,
    Strategy,
    always_cooperate,
    always_defect,
    contrite_tit_for_tat,
    generous_tit_for_tat,
    grim,
    memory_one,
    random_strategy,
    suspicious_tit_for_tat,
    tit_for_tat,
    tit_for_two_tats,
    win_stay_lose_shift,
    zd_extortion,
    zd_generous,
)
from herz.models.jervis import classify_payoffs
from herz.rng import RNGLike, run_seed_sequences
from herz.validate import Check

__all__ = [
    "AXELROD_1984_CONTINUATION",
    "MatchValue",
    "Noise",
    "Payoffs",
    "TournamentResult",
    "FIELDS",
    "exact_tournament",
    "discounted_payoffs",
    "ecological_simulation",
    "finite_horizon_payoffs",
    "expected_length",
    "geometric_payoffs",
    "gtft_generosity",
    "long_run_payoffs",
    "median_length",
    "reactive_payoffs",
    "reference_checks",
    "simulate_matches",
    "simulate_random_length_matches",
    "strategy_from_spec",
    "tournament",
    "wsls_self_play_outcomes",
]


@dataclass(frozen=True)
class Payoffs:
    """The symmetric 2x2 stage game: R (both restrain), S (sucker), T (temptation), P (both arm).

    Defaults are Axelrod's (1984) 3, 0, 5, 1.
    """

    R: float = 3.0
    S: float = 0.0
    T: float = 5.0
    P: float = 1.0

    def __post_init__(self) -> None:
        for name in ("R", "S", "T", "P"):
            require_finite(getattr(self, name), name)

    @property
    def kind(self) -> str:
        """The game's class by Jervis's ordinal ranking
        (:func:`herz.models.jervis.classify_payoffs`): ``"prisoners_dilemma"``, ``"stag_hunt"``,
        ``"chicken"``, ``"deadlock"``, ``"harmony"`` or ``"other"``."""
        return classify_payoffs(self.R, self.S, self.T, self.P)

    def matrix(self) -> np.ndarray:
        """The row player's payoffs ``[[R, S], [T, P]]`` indexed by (own move, other's move)."""
        return np.array([[self.R, self.S], [self.T, self.P]])


@dataclass(frozen=True)
class Noise:
    """Implementation error (moves flipped) and perception error (the other's move misread)."""

    implementation: float = 0.0
    perception: float = 0.0

    def __post_init__(self) -> None:
        require_probability(self.implementation, "noise.implementation")
        require_probability(self.perception, "noise.perception")


@dataclass(frozen=True)
class MatchValue:
    """Expected per-round payoffs and cooperation of X and Y, and the outcome frequencies
    ``(CC, CD, DC, DD)`` from X's side."""

    payoff_x: float
    payoff_y: float
    cooperation_x: float
    cooperation_y: float
    outcomes: tuple[float, float, float, float]


@dataclass(frozen=True)
class TournamentResult:
    """A round robin. ``payoffs[k, i, j]`` is i's mean per-round payoff against j in repetition
    ``k``; ``scores[k, i]`` its mean over every opponent j (i itself included). ``turns`` is the
    length of every match unless ``continuation`` is set (random lengths)."""

    names: tuple[str, ...]
    payoffs: np.ndarray
    turns: int
    noise: Noise
    continuation: float | None = None  #: Axelrod's w when the lengths were random

    @property
    def payoff_matrix(self) -> np.ndarray:
        """Mean over repetitions of ``payoffs``."""
        return np.asarray(self.payoffs.mean(axis=0))

    @property
    def scores(self) -> np.ndarray:
        """Per-repetition scores, shape ``(repetitions, n)``."""
        return np.asarray(self.payoffs.mean(axis=2))

    @property
    def mean_scores(self) -> np.ndarray:
        return np.asarray(self.scores.mean(axis=0))

    @property
    def score_standard_errors(self) -> np.ndarray:
        """Standard errors of :attr:`mean_scores` over repetitions (0 with one repetition)."""
        reps = self.payoffs.shape[0]
        if reps < 2:
            return np.zeros(len(self.names))
        return np.asarray(self.scores.std(axis=0, ddof=1) / math.sqrt(reps))

    def ranking(self) -> list[str]:
        """Names from the highest mean score to the lowest."""
        order = np.argsort(-self.mean_scores, kind="stable")
        return [self.names[i] for i in order]


# ----------------------------------------------------------------------------------------------
# Published closed forms


def gtft_generosity(payoffs: Payoffs) -> float:
    """Nowak & Sigmund's (1992) generosity ``min(1 - (T - R)/(R - S), (R - P)/(T - P))``.

    The largest probability of forgiving a defection that still makes defection unprofitable
    against generous tit-for-tat; needs a prisoner's dilemma ``T > R > P > S``.
    """
    R, S, T, P = payoffs.R, payoffs.S, payoffs.T, payoffs.P
    if not T > R > P > S:
        raise HerzInputError(f"R={R}, S={S}, T={T}, P={P}", field="payoffs",
                             allowed="a prisoner's dilemma, T > R > P > S")
    return min(1.0 - (T - R) / (R - S), (R - P) / (T - P))


def reactive_payoffs(
    x: tuple[float, float], y: tuple[float, float], payoffs: Payoffs
) -> tuple[float, float]:
    """Long-run payoffs of reactive strategies ``x = (p, q)`` and ``y = (p', q')`` (Nowak &
    Sigmund 1990, 1992): ``p`` is the probability of cooperating after the other cooperated,
    ``q`` after it defected. Needs ``|r r'| < 1`` with ``r = p - q``."""
    p, q = (require_probability(v, f"x[{i}]") for i, v in enumerate(x))
    p2, q2 = (require_probability(v, f"y[{i}]") for i, v in enumerate(y))
    r, r2 = p - q, p2 - q2
    if abs(r * r2) >= 1.0:
        raise HerzInputError("r r' = ±1: the long-run cooperation depends on the first move",
                             field="x, y", allowed="|(p - q)(p' - q')| < 1")
    s = (q + r * q2) / (1.0 - r * r2)
    s2 = (q2 + r2 * q) / (1.0 - r * r2)
    m = payoffs.matrix()
    mix_x = np.array([s, 1.0 - s])
    mix_y = np.array([s2, 1.0 - s2])
    return float(mix_x @ m @ mix_y), float(mix_y @ m @ mix_x)


def wsls_self_play_outcomes(e: float) -> tuple[float, float, float, float]:
    """Long-run outcome frequencies ``(CC, CD, DC, DD)`` of WSLS against itself when each move is
    flipped with probability ``e`` (derived in the module docstring).

    With ``f = 1 - e``, ``b = 2 e f`` and ``a = 1 - b``: ``CC = a f^2 + b e^2``,
    ``CD = DC = e f`` and ``DD = a e^2 + b f^2``.
    """
    e = require_probability(e, "e")
    f = 1.0 - e
    b = 2.0 * e * f
    a = 1.0 - b
    return (a * f * f + b * e * e, e * f, e * f, a * e * e + b * f * f)


# ----------------------------------------------------------------------------------------------
# Exact analysis of one match


@dataclass(frozen=True)
class _Chain:
    transition: np.ndarray  # (n, n)
    start: np.ndarray  # (n,)
    coop_x: np.ndarray  # (n,) probability X's actual move is C
    coop_y: np.ndarray


def _chain(x: Strategy, y: Strategy, noise: Noise) -> _Chain:
    """The Markov chain over joint automaton states ``z = s_X * k_Y + s_Y``."""
    kx, ky = x.n_states, y.n_states
    ei, ep = noise.implementation, noise.perception
    sx, sy = np.divmod(np.arange(kx * ky), ky)
    cx = ei + (1.0 - 2.0 * ei) * x.cooperate_array()[sx]
    cy = ei + (1.0 - 2.0 * ei) * y.cooperate_array()[sy]
    nx, ny = x.transition_array(), y.transition_array()
    n = kx * ky
    m = np.zeros((n, n))
    rows = np.arange(n)
    for a in (0, 1):
        pa = cx if a == 0 else 1.0 - cx
        for b in (0, 1):
            pb = cy if b == 0 else 1.0 - cy
            for seen_b in (0, 1):
                fb = 1.0 - ep if seen_b == b else ep
                for seen_a in (0, 1):
                    fa = 1.0 - ep if seen_a == a else ep
                    to = nx[sx, a, seen_b] * ky + ny[sy, b, seen_a]
                    np.add.at(m, (rows, to), pa * pb * fa * fb)
    start = np.zeros(n)
    start[x.initial_state * ky + y.initial_state] = 1.0
    return _Chain(m, start, cx, cy)


def _cesaro_limit(m: np.ndarray, start: np.ndarray) -> np.ndarray:
    """``lim (1/n) sum_{t<n} start M^t`` exactly, for any finite chain (ergodic or not): each
    closed class's stationary distribution, weighted by the probability that the chain from
    ``start`` ends in it. Both without subtractions (:func:`_stationary`, :func:`_absorbed`):
    ``1 - M_ii`` cancels to zero when a state is left with a probability below rounding (a
    strategy's probability of 1e-60), which made a linear solve singular or wrong."""
    n = len(start)
    edges = m > 0.0
    reach = start > 0.0
    frontier = reach.copy()
    while frontier.any():
        new = edges[frontier].any(axis=0) & ~reach
        reach |= new
        frontier = new
    idx = np.flatnonzero(reach)
    sub = m[np.ix_(idx, idx)]
    n_comp, labels = connected_components(csr_matrix(sub > 0.0), directed=True,
                                          connection="strong")
    transient = np.ones(len(idx), dtype=bool)
    classes: list[np.ndarray] = []
    for c in range(n_comp):
        members = labels == c
        if (sub[np.ix_(members, ~members)] > 0.0).any():
            continue  # not closed
        transient[members] = False
        classes.append(members)
    weights = _absorbed(sub, transient, classes, start[idx])
    limit = np.zeros(n)
    for members, weight in zip(classes, weights, strict=True):
        limit[idx[members]] = weight * _stationary(sub[np.ix_(members, members)])
    return limit


def _stationary(p: np.ndarray) -> np.ndarray:
    """The stationary distribution of an irreducible stochastic matrix by the GTH algorithm
    (Grassmann, Taksar & Heyman 1985, "Regenerative analysis and steady state distributions
    for Markov chains", Operations Research 33: 1107-1116): the states censored one by one,
    each one's exit rate the sum of its other entries, never ``1 - p_nn``."""
    a, leave = p.copy(), np.zeros(len(p))
    for k in range(len(a) - 1, 0, -1):
        # (an exit whose products underflowed to zero is the least there is, not none)
        leave[k] = max(a[k, :k].sum(), np.finfo(float).smallest_subnormal)
        a[:k, :k] += np.outer(a[:k, k], a[k, :k] / leave[k])
    pi = np.zeros(len(a))
    pi[0] = 1.0
    for j in range(1, len(a)):
        flow = pi[:j] @ a[:j, j]
        if flow > leave[j] * 1e300:  # pi[j] would overflow: the states before are negligible
            pi[:j] *= leave[j] / flow
            flow = leave[j]
        pi[j] = flow / leave[j]
    return pi / pi.sum()


def _absorbed(p: np.ndarray, transient: np.ndarray, classes: list[np.ndarray],
              start: np.ndarray) -> np.ndarray:
    """The probability that the chain ``p`` from ``start`` ends in each closed class, by state
    reduction (the absorbing form of GTH's censoring): each transient state is removed in
    turn, what entered it passed on by its exits, normalised by their sum (its self-loop only
    delays)."""
    t = np.flatnonzero(transient)
    into = [p[np.ix_(t, members)].sum(axis=1) for members in classes]
    a = np.column_stack([p[np.ix_(t, t)], *into])  # transient states, then the classes
    mass = np.concatenate([start[t], [start[members].sum() for members in classes]])
    for k in range(len(t) - 1, -1, -1):
        exits = a[k].copy()
        exits[k] = 0.0
        exits /= exits.sum()
        a[:k] += np.outer(a[:k, k], exits)
        a[:k, k] = 0.0
        mass += mass[k] * exits
        mass[k] = 0.0
    return mass[len(t):]


def _value(chain: _Chain, occupancy: np.ndarray, payoffs: Payoffs) -> MatchValue:
    """Payoffs and outcome frequencies for a state occupancy (a distribution over ``z``)."""
    cx, cy = chain.coop_x, chain.coop_y
    outcomes = np.array([
        occupancy @ (cx * cy), occupancy @ (cx * (1 - cy)),
        occupancy @ ((1 - cx) * cy), occupancy @ ((1 - cx) * (1 - cy)),
    ])
    m = payoffs.matrix().ravel()  # R, S, T, P for (CC, CD, DC, DD) from X's side
    m_y = np.array([payoffs.R, payoffs.T, payoffs.S, payoffs.P])
    return MatchValue(
        payoff_x=float(outcomes @ m), payoff_y=float(outcomes @ m_y),
        cooperation_x=float(occupancy @ cx), cooperation_y=float(occupancy @ cy),
        outcomes=(float(outcomes[0]), float(outcomes[1]), float(outcomes[2]),
                  float(outcomes[3])),
    )


def long_run_payoffs(
    x: Strategy, y: Strategy, payoffs: Payoffs = Payoffs(), noise: Noise = Noise()
) -> MatchValue:
    """Exact long-run (limit of the mean per round) payoffs of ``x`` against ``y``."""
    chain = _chain(x, y, noise)
    return _value(chain, _cesaro_limit(chain.transition, chain.start), payoffs)


def finite_horizon_payoffs(
    x: Strategy, y: Strategy, turns: int, payoffs: Payoffs = Payoffs(),
    noise: Noise = Noise(),
) -> MatchValue:
    """Exact expected mean per-round payoffs over a match of ``turns`` rounds."""
    if turns < 1:
        raise HerzInputError(f"{turns}", field="turns", allowed="an integer >= 1")
    chain = _chain(x, y, noise)
    dist = chain.start.copy()
    total = np.zeros_like(dist)
    for _ in range(turns):
        total += dist
        dist = dist @ chain.transition
    return _value(chain, total / turns, payoffs)


def discounted_payoffs(
    x: Strategy, y: Strategy, discount: float, payoffs: Payoffs = Payoffs(),
    noise: Noise = Noise(),
) -> MatchValue:
    """Exact normalised discounted payoffs ``(1 - d) sum_t d^t E[u_t]`` for ``0 <= d < 1``."""
    if not 0.0 <= discount < 1.0:
        raise HerzInputError(f"{discount!r}", field="discount", allowed="0 <= d < 1")
    chain = _chain(x, y, noise)
    n = len(chain.start)
    occupancy = (1.0 - discount) * np.linalg.solve(
        (np.eye(n) - discount * chain.transition).T, chain.start)
    return _value(chain, occupancy, payoffs)


#: Axelrod's (1984) continuation probability for the second tournament: after each move the game
#: went on with probability w = 0.99654 (ended with probability 0.00346).
AXELROD_1984_CONTINUATION = 0.99654


def expected_length(continuation: float) -> float:
    """Mean length ``1 / (1 - w)`` of a match that goes on after each round with probability
    ``w`` (at least one round is played)."""
    return 1.0 / (1.0 - _continuation(continuation))


def median_length(continuation: float) -> int:
    """Median length of such a match: the least ``n`` with ``P(L <= n) = 1 - w^n >= 1/2``."""
    w = _continuation(continuation)
    if w == 0.0:
        return 1
    n = max(1, math.ceil(math.log(0.5) / math.log(w)))
    while 1.0 - w ** (n - 1) >= 0.5 and n > 1:  # guard the rounding of the logarithms
        n -= 1
    while 1.0 - w**n < 0.5:
        n += 1
    return n


def geometric_payoffs(
    x: Strategy, y: Strategy, continuation: float, payoffs: Payoffs = Payoffs(),
    noise: Noise = Noise(),
) -> MatchValue:
    """Exact expected payoffs per round of a match of random length (continuation ``w``).

    The match is an absorbing Markov chain: from the joint state ``z`` play goes on with
    probability ``w`` (to ``z'`` with ``w M[z, z']``) and ends with ``1 - w``. The expected number
    of rounds played in each state is ``pi_0 (I - w M)^{-1}`` (the fundamental matrix of the
    absorbing chain), so the expected total payoff is ``pi_0 (I - w M)^{-1} r`` and, divided by
    the expected length ``1 / (1 - w)``, the payoff per round is ``(1 - w) pi_0 (I - w M)^{-1} r``:
    the discounted payoff with ``d = w`` (:func:`discounted_payoffs`). This is exact for every
    herz strategy (finite automata, memory-one or not), under either kind of noise. It is the
    ratio of expected total to expected length; the mean of total / length over matches differs
    from it by a term of order ``(1 - w)``.
    """
    return discounted_payoffs(x, y, _continuation(continuation), payoffs, noise)


def exact_tournament(
    strategies: Sequence[Strategy], payoffs: Payoffs = Payoffs(), noise: Noise = Noise(),
    turns: int | None = None, continuation: float | None = None,
) -> np.ndarray:
    """The expected payoff matrix ``[i, j]`` of a round robin: over ``turns`` rounds, in matches
    of random length with continuation probability ``continuation`` (:func:`geometric_payoffs`),
    or in the long run when both are None. Self-play ``[i, i]`` is the mean of the two sides."""
    if turns is not None and continuation is not None:
        raise HerzInputError("both turns and continuation given", field="turns, continuation",
                             allowed="at most one of them")
    n = len(strategies)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i, n):
            if continuation is not None:
                v = geometric_payoffs(strategies[i], strategies[j], continuation, payoffs, noise)
            elif turns is None:
                v = long_run_payoffs(strategies[i], strategies[j], payoffs, noise)
            else:
                v = finite_horizon_payoffs(strategies[i], strategies[j], turns, payoffs, noise)
            if i == j:
                out[i, i] = 0.5 * (v.payoff_x + v.payoff_y)
            else:
                out[i, j], out[j, i] = v.payoff_x, v.payoff_y
    return out


# ----------------------------------------------------------------------------------------------
# Vectorised simulation

_CHUNK_NUMBERS = 2_000_000  # random numbers held at once per chunk of rounds


def simulate_matches(
    pairs: Sequence[tuple[Strategy, Strategy]], turns: int, repetitions: int,
    payoffs: Payoffs = Payoffs(), noise: Noise = Noise(), rng: RNGLike = None,
) -> np.ndarray:
    """Simulate every pair ``repetitions`` times for ``turns`` rounds, all at once.

    Returns the mean per-round payoffs, shape ``(repetitions, len(pairs), 2)`` (X's, Y's).
    Repetition ``k`` uses the ``k``-th stream spawned from ``rng`` (:mod:`herz.rng`) and four
    uniforms per match and round (X's move, Y's move, X's and Y's perception), so its numbers do
    not depend on the number of repetitions, the noise levels or the chunking.
    """
    if turns < 1:
        raise HerzInputError(f"{turns}", field="turns", allowed="an integer >= 1")
    _check_batch(pairs, repetitions)
    seeds = run_seed_sequences(rng, repetitions)
    return _simulate(pairs, turns, seeds, payoffs, noise, None) / turns


def simulate_random_length_matches(
    pairs: Sequence[tuple[Strategy, Strategy]], continuation: float, repetitions: int,
    payoffs: Payoffs = Payoffs(), noise: Noise = Noise(), rng: RNGLike = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Simulate matches of random length: after each round the match goes on with probability
    ``continuation`` (Axelrod's ``w``), so the length is geometric, ``P(L = n) = (1 - w) w^(n-1)``.

    Returns ``(totals, lengths)``: the total payoffs, shape ``(repetitions, len(pairs), 2)``, and
    the lengths, shape ``(repetitions, len(pairs))``. Repetition ``k`` draws its moves from the
    same stream as :func:`simulate_matches` and its lengths from a child of that stream, so the
    lengths do not depend on the strategies or the noise.
    """
    w = _continuation(continuation)
    _check_batch(pairs, repetitions)
    seeds = run_seed_sequences(rng, repetitions)
    lengths = np.stack([np.random.default_rng(s.spawn(1)[0]).geometric(1.0 - w, len(pairs))
                        for s in seeds]).astype(np.int64)
    totals = _simulate(pairs, int(lengths.max()), seeds, payoffs, noise, lengths)
    return totals, lengths


def _continuation(w: float) -> float:
    if not (isinstance(w, int | float) and 0.0 <= w < 1.0):
        raise HerzInputError(f"{w!r}", field="continuation", allowed="0 <= w < 1")
    return float(w)


def _check_batch(pairs: Sequence[tuple[Strategy, Strategy]], repetitions: int) -> None:
    if repetitions < 1:
        raise HerzInputError(f"{repetitions}", field="repetitions", allowed="an integer >= 1")
    if not pairs:
        raise HerzInputError("no pairs", field="pairs", allowed="at least one pair")


def _simulate(
    pairs: Sequence[tuple[Strategy, Strategy]], turns: int,
    seeds: Sequence[np.random.SeedSequence], payoffs: Payoffs, noise: Noise,
    lengths: np.ndarray | None,
) -> np.ndarray:
    """Total payoffs over ``turns`` rounds (or over ``lengths[k, m]`` rounds when given)."""
    repetitions = len(seeds)
    strategies: list[Strategy] = []
    index: dict[int, int] = {}
    for s in (s for pair in pairs for s in pair):
        if id(s) not in index:
            index[id(s)] = len(strategies)
            strategies.append(s)
    k_max = max(s.n_states for s in strategies)
    coop = np.zeros((len(strategies), k_max))
    nxt = np.zeros((len(strategies), k_max, 2, 2), dtype=np.int64)
    for i, s in enumerate(strategies):
        coop[i, : s.n_states] = s.cooperate_array()
        nxt[i, : s.n_states] = s.transition_array()
    ix = np.array([index[id(x)] for x, _ in pairs])
    iy = np.array([index[id(y)] for _, y in pairs])
    ei, ep = noise.implementation, noise.perception
    coop = ei + (1.0 - 2.0 * ei) * coop  # probability the actual move is C
    n_pairs = len(pairs)
    sx = np.broadcast_to(np.array([strategies[i].initial_state for i in ix]),
                         (repetitions, n_pairs)).copy()
    sy = np.broadcast_to(np.array([strategies[i].initial_state for i in iy]),
                         (repetitions, n_pairs)).copy()
    u_matrix = payoffs.matrix()
    total_x = np.zeros((repetitions, n_pairs))
    total_y = np.zeros((repetitions, n_pairs))
    gens = [np.random.default_rng(s) for s in seeds]
    chunk = max(1, _CHUNK_NUMBERS // (4 * n_pairs * repetitions))
    done = 0
    while done < turns:
        length = min(chunk, turns - done)
        u = np.stack([g.random((length, 4, n_pairs)) for g in gens], axis=1)
        for t in range(length):
            ut = u[t]
            a = (ut[:, 0] >= coop[ix, sx]).astype(np.int64)
            b = (ut[:, 1] >= coop[iy, sy]).astype(np.int64)
            seen_b = b ^ (ut[:, 2] < ep)
            seen_a = a ^ (ut[:, 3] < ep)
            if lengths is None:
                total_x += u_matrix[a, b]
                total_y += u_matrix[b, a]
            else:
                live = lengths > done + t
                total_x += np.where(live, u_matrix[a, b], 0.0)
                total_y += np.where(live, u_matrix[b, a], 0.0)
            sx = nxt[ix, sx, a, seen_b]
            sy = nxt[iy, sy, b, seen_a]
        done += length
    return np.stack([total_x, total_y], axis=-1)


def tournament(
    strategies: Sequence[Strategy], turns: int = 200, repetitions: int = 10,
    payoffs: Payoffs = Payoffs(), noise: Noise = Noise(), rng: RNGLike = None,
    continuation: float | None = None,
) -> TournamentResult:
    """A round robin with self-play, simulated with :func:`simulate_matches`.

    With ``continuation=w`` the matches have random (geometric) lengths instead of ``turns``
    rounds (:func:`simulate_random_length_matches`; Axelrod's second tournament used
    :data:`AXELROD_1984_CONTINUATION`), and ``payoffs[k, i, j]`` is the payoff per round of that
    match (its total over its length, the "score per move" of Axelrod's tables).
    """
    n = len(strategies)
    if n < 1:
        raise HerzInputError("no strategies", field="strategies", allowed="at least one")
    pair_index = [(i, j) for i in range(n) for j in range(i, n)]
    pairs = [(strategies[i], strategies[j]) for i, j in pair_index]
    if continuation is None:
        sims = simulate_matches(pairs, turns, repetitions, payoffs, noise, rng)
    else:
        totals, lengths = simulate_random_length_matches(pairs, continuation, repetitions,
                                                         payoffs, noise, rng)
        sims = totals / lengths[..., None]
    out = np.zeros((repetitions, n, n))
    for m, (i, j) in enumerate(pair_index):
        if i == j:
            out[:, i, i] = sims[:, m].mean(axis=1)
        else:
            out[:, i, j] = sims[:, m, 0]
            out[:, j, i] = sims[:, m, 1]
    return TournamentResult(tuple(s.name for s in strategies), out, turns, noise, continuation)


def ecological_simulation(
    matrix: np.ndarray | Sequence[Sequence[float]], generations: int,
    shares: Sequence[float] | None = None,
) -> np.ndarray:
    """Axelrod's (1984, ch. 2) ecological analysis: the share of each rule in the next generation
    is proportional to its share times its score against the current population,
    ``x_i' = x_i (A x)_i / (x . A x)`` (the discrete replicator dynamic), with ``A`` a payoff
    matrix (``A[i, j]``: i's payoff against j, all positive). Starts from equal shares unless
    ``shares`` is given. Returns the shares, shape ``(generations + 1, n)``."""
    a = np.asarray(matrix, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise HerzInputError(f"shape {a.shape}", field="matrix", allowed="a square matrix")
    if not np.all(np.isfinite(a)) or np.any(a <= 0.0):
        raise HerzInputError("payoffs must be finite and positive", field="matrix",
                             allowed="A[i, j] > 0 (add a constant to the payoffs)")
    if generations < 0:
        raise HerzInputError(f"{generations}", field="generations", allowed=">= 0")
    n = a.shape[0]
    x = np.full(n, 1.0 / n) if shares is None else np.asarray(shares, dtype=float)
    if x.shape != (n,) or np.any(x < 0.0) or not np.isclose(x.sum(), 1.0):
        raise HerzInputError(f"{shares!r}", field="shares",
                             allowed=f"{n} non-negative shares summing to 1")
    out = np.empty((generations + 1, n))
    out[0] = x
    for g in range(generations):
        fitness = a @ x
        x = x * fitness / float(x @ fitness)
        out[g + 1] = x
    return out


#: Named fields of rules for tournaments (specs for :func:`strategy_from_spec`).
#:
#: ``"noise"``: rules that have not adapted to noise (TFT, TF2T, GRIM, ALLD, ALLC, RANDOM, STFT,
#: after the standard rules of Axelrod's tournaments) joined by the three cures that Wu & Axelrod
#: (1995) compared (GTFT, CTFT, WSLS); ``"zd"``: the same non-adapted rules with generous and
#: extortionate zero-determinant rules added (after Stewart & Plotkin 2012, whose field was
#: Axelrod's first tournament); ``"default"``: the CLI's default field.
FIELDS: dict[str, tuple[str, ...]] = {
    "default": ("tft", "gtft", "ctft", "wsls", "grim", "alld", "allc"),
    "noise": ("tft", "tf2t", "grim", "alld", "allc", "random", "stft", "gtft", "ctft", "wsls"),
    "zd": ("tft", "tf2t", "grim", "alld", "allc", "random", "stft", "gtft", "ctft", "wsls",
           "zdgtft2", "extort2"),
}


# ----------------------------------------------------------------------------------------------
# Strategy specs (for the CLI and scripts)


def strategy_from_spec(spec: str, payoffs: Payoffs = Payoffs()) -> Strategy:
    """A strategy from a short text: one of ``tft gtft ctft wsls grim alld allc tf2t stft random
    zdgtft2 extort2``; ``gtft:Q`` (generosity Q); ``zd:CHI,PHI`` (extortion); ``gzd:CHI,PHI``
    (generous zero-determinant); ``m1:P1,P2,P3,P4[,P0]`` (memory-one, first move cooperative
    with probability P0, default 1). ``gtft`` alone uses :func:`gtft_generosity` of
    ``payoffs``; ``zdgtft2`` is ``gzd:2,0.125`` and ``extort2`` is ``zd:2,0.0555...`` (Stewart &
    Plotkin's ZDGTFT-2 and EXTORT-2 for the standard payoffs)."""
    text = spec.strip().lower()
    head, _, rest = text.partition(":")
    allowed = (", ".join(STRATEGY_NAMES)
               + ", gtft:Q, zd:CHI,PHI, gzd:CHI,PHI, m1:P1,P2,P3,P4[,P0]")
    try:
        numbers = [float(v) for v in rest.split(",")] if rest else []
    except ValueError:
        raise HerzInputError(f"{spec!r} has a parameter that is not a number", field="strategy",
                             allowed=allowed) from None
    simple = {"tft": tit_for_tat, "ctft": contrite_tit_for_tat, "wsls": win_stay_lose_shift,
              "grim": grim, "alld": always_defect, "allc": always_cooperate,
              "tf2t": tit_for_two_tats, "stft": suspicious_tit_for_tat, "random": random_strategy}
    if head == "zdgtft2" and not numbers:
        zd = zd_generous(2.0, 1.0 / 8.0, payoffs.R, payoffs.S, payoffs.T, payoffs.P)
        return memory_one(zd.four_vector or (1.0, 1.0, 1.0, 1.0), 1.0, "ZDGTFT2")
    if head == "extort2" and not numbers:
        zd = zd_extortion(2.0, 1.0 / 18.0, payoffs.R, payoffs.S, payoffs.T, payoffs.P)
        return memory_one(zd.four_vector or (0.0, 0.0, 0.0, 0.0), 1.0, "EXTORT2")
    if head == "gzd" and len(numbers) == 2:
        return zd_generous(numbers[0], numbers[1], payoffs.R, payoffs.S, payoffs.T, payoffs.P)
    if head in simple and not numbers:
        return simple[head]()
    if head == "gtft" and len(numbers) <= 1:
        return generous_tit_for_tat(numbers[0] if numbers else gtft_generosity(payoffs))
    if head == "zd" and len(numbers) == 2:
        return zd_extortion(numbers[0], numbers[1], payoffs.R, payoffs.S, payoffs.T, payoffs.P)
    if head == "m1" and len(numbers) in (4, 5):
        first = numbers[4] if len(numbers) == 5 else 1.0
        return memory_one((numbers[0], numbers[1], numbers[2], numbers[3]), first, spec.strip())
    raise HerzInputError(f"{spec!r}", field="strategy", allowed=allowed)


# ----------------------------------------------------------------------------------------------
# Reproduction suite


def reference_checks() -> list[Check]:
    """The published and analytic values this model reproduces (run by ``herz validate``)."""
    std = Payoffs()
    checks: list[Check] = []
    add = checks.append
    add(Check("iterated", "GTFT generosity q, (T,R,P,S)=(5,3,1,0)", "Nowak & Sigmund 1992",
              "published", 1.0 / 3.0, gtft_generosity(std), 1e-12,
              note="closed form; floating-point rounding only"))
    for e in (0.01, 0.1):
        v = long_run_payoffs(tit_for_tat(), tit_for_tat(), std, Noise(implementation=e))
        add(Check("iterated", f"TFT vs TFT long-run payoff, implementation noise {e}",
                  "analytic: doubly stochastic chain, (R+S+T+P)/4", "analytic",
                  (std.R + std.S + std.T + std.P) / 4.0, v.payoff_x, 1e-10,
                  note="stationary distribution by linear solve; rounding only"))
    v = long_run_payoffs(tit_for_tat(), tit_for_tat(), std, Noise(perception=0.05))
    add(Check("iterated", "TFT vs TFT long-run payoff, perception noise 0.05",
              "analytic: doubly stochastic chain, (R+S+T+P)/4", "analytic", 2.25, v.payoff_x,
              1e-10, note="16-state chain with perception errors; rounding only"))
    e = 0.05
    wsls = long_run_payoffs(win_stay_lose_shift(), win_stay_lose_shift(), std,
                            Noise(implementation=e))
    add(Check("iterated", f"WSLS vs WSLS P(CC) long run, noise {e}",
              "analytic: wsls_self_play_outcomes (derived in the docstring)", "analytic",
              wsls_self_play_outcomes(e)[0], wsls.outcomes[0], 1e-10,
              note="closed form vs stationary distribution of the chain"))
    add(Check("iterated", "WSLS vs WSLS P(CC) without noise", "Nowak & Sigmund 1993",
              "published", 1.0, long_run_payoffs(win_stay_lose_shift(),
                                                 win_stay_lose_shift(), std).outcomes[0], 1e-12,
              note="deterministic mutual cooperation"))
    q = gtft_generosity(std)
    e = 0.01
    gt = generous_tit_for_tat(q)
    eff = (1 - e, e + (1 - 2 * e) * q)
    add(Check("iterated", f"GTFT vs GTFT long-run payoff, noise {e}",
              "Nowak & Sigmund 1992, reactive-strategy payoff formula", "published",
              reactive_payoffs(eff, eff, std)[0],
              long_run_payoffs(gt, gt, std, Noise(implementation=e)).payoff_x, 1e-10,
              note="closed form vs Markov chain; rounding only"))
    chi = 3.0
    zd = zd_extortion(chi, 1.0 / 26.0, std.R, std.S, std.T, std.P)
    vector = zd.four_vector or (math.nan,) * 4
    for name, expected, got in zip(("p_CC", "p_CD", "p_DC", "p_DD"), (11 / 13, 0.5, 7 / 26, 0.0),
                                   vector, strict=True):
        add(Check("iterated", f"ZD extortion chi=3, phi=1/26: {name}",
                  "Press & Dyson 2012, chi = 3 example", "published", expected, got, 1e-12,
                  note="closed form; rounding only"))
    v = long_run_payoffs(zd, always_cooperate(), std)
    for label, expected, got in (("s_X", 3.73, v.payoff_x), ("s_Y", 1.91, v.payoff_y)):
        add(Check("iterated", f"ZD chi=3 vs ALLC: {label}", "Press & Dyson 2012, chi = 3 example",
                  "published", expected, got, 0.005,
                  note="the paper prints two decimals; exact 41/11 and 21/11"))
    for opp in (tit_for_tat(), win_stay_lose_shift(), memory_one((0.9, 0.3, 0.6, 0.2), 0.5),
                contrite_tit_for_tat()):
        v = long_run_payoffs(zd, opp, std)
        add(Check("iterated", f"ZD chi=3 vs {opp.name}: s_X - P - chi (s_Y - P)",
                  "Press & Dyson 2012, extortion relation", "published", 0.0,
                  (v.payoff_x - std.P) - chi * (v.payoff_y - std.P), 1e-9,
                  note="exact linear relation; linear-solve rounding only"))
    checks.extend(_random_length_checks(std))
    checks.extend(_generous_zd_checks(std))
    checks.extend(_noise_tournament_checks(std))
    return checks


def _random_length_checks(std: Payoffs) -> list[Check]:
    w = AXELROD_1984_CONTINUATION
    src = "Axelrod 1984 (second tournament, w = 0.99654)"
    v = geometric_payoffs(tit_for_tat(), always_defect(), w, std)
    return [
        Check("iterated", "median match length, w = 0.99654", src + "; median derived by herz: "
              "least n with 1 - w^n >= 1/2", "analytic", 200.0, float(median_length(w)), 0.0,
              note="integer; ln(1/2)/ln(w) = 199.98"),
        Check("iterated", "expected match length 1/(1 - w), w = 0.99654", src, "analytic",
              1.0 / 0.00346, expected_length(w), 1e-9, note="closed form; rounding only"),
        Check("iterated", "TFT vs ALLD payoff per round, random length w = 0.99654",
              "analytic: S in round 1, P after: (1 - w) S + w P", "analytic",
              (1 - w) * std.S + w * std.P, v.payoff_x, 1e-12,
              note="absorbing chain (I - wM)^-1 by linear solve; rounding only"),
    ]


def _generous_zd_checks(std: Payoffs) -> list[Check]:
    chi = 2.0
    gz = zd_generous(chi, 1.0 / 8.0, std.R, std.S, std.T, std.P)
    vector = gz.four_vector or (math.nan,) * 4
    checks = [
        Check("iterated", f"generous ZD chi=2, phi=1/8 (ZDGTFT-2): {name}",
              "Stewart & Plotkin 2012 generous ZD; vector derived by herz from Press & Dyson's "
              "construction with baseline R", "analytic", expected, got, 1e-12,
              note="closed form; equals the axelrod package's ZDGTFT2 (oracle test)")
        for name, expected, got in zip(("p_CC", "p_CD", "p_DC", "p_DD"),
                                       (1.0, 1 / 8, 1.0, 1 / 4), vector, strict=True)
    ]
    for opp in (always_defect(), win_stay_lose_shift(), memory_one((0.9, 0.3, 0.6, 0.2), 0.5),
                contrite_tit_for_tat(), tit_for_two_tats()):
        v = long_run_payoffs(gz, opp, std)
        checks.append(Check(
            "iterated", f"generous ZD chi=2 vs {opp.name}: s_X - R - chi (s_Y - R)",
            "Press & Dyson 2012 linear relation with baseline R (Stewart & Plotkin 2012)",
            "analytic", 0.0, (v.payoff_x - std.R) - chi * (v.payoff_y - std.R), 1e-9,
            note="exact linear relation; linear-solve rounding only"))
    return checks


def _noise_tournament_checks(std: Payoffs) -> list[Check]:
    w = AXELROD_1984_CONTINUATION
    players = [strategy_from_spec(s, std) for s in FIELDS["noise"]]
    names = [p.name for p in players]
    matrix = exact_tournament(players, std, Noise(implementation=0.01), continuation=w)
    order = list(np.argsort(-matrix.mean(axis=1), kind="stable"))
    shares = ecological_simulation(matrix, 5000)[-1]
    src = "Wu & Axelrod 1995 (abstract, qualitative), herz's 'noise' field, 1% noise, w = 0.99654"
    return [
        Check("iterated", "rank of GTFT in the round robin among rules not adapted to noise",
              src + ": (1) generosity is best when the others have not adapted", "published",
              1.0, float(order.index(names.index("GTFT")) + 1), 0.0,
              note="exact expected scores; qualitative ordering, not Wu & Axelrod's table"),
        Check("iterated", "share of CTFT after 5000 generations of ecological simulation",
              src + ": (2) once the others have adapted, contrition is more effective",
              "published", 1.0, float(shares[names.index("CTFT")]), 1e-3,
              note="replicator dynamic on the exact payoff matrix; qualitative result"),
        Check("iterated", "share of WSLS after 5000 generations of ecological simulation",
              src + ": (3) Pavlov is not robust", "published", 0.0,
              float(shares[names.index("WSLS")]), 1e-6,
              note="replicator dynamic on the exact payoff matrix; qualitative result"),
    ]
