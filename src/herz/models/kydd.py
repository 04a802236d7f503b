r"""Kydd's Bayesian security dilemma: trust thresholds, the rational spiral and reassurance.

Sources: Kydd 1997 ("Game Theory and the Spiral Model", *World Politics* 49(3)), Kydd 2000
("Trust, Reassurance, and Cooperation", *International Organization* 54(2)) and Kydd 2005
(*Trust and Mistrust in International Relations*, Princeton UP, ch. 2 "Trust and the Security
Dilemma", and the later chapters on the spiral and on reassurance).

Only Kydd 2005's table of contents and the abstracts were available to herz, not the full texts:
the payoff normalisation, the threshold formula and the equilibrium conditions below are herz's
derivations in the spirit of Kydd's models, checked against brute-force computation.

**1. The Security Dilemma Game and minimum trust** (Kydd 2005, ch. 2). Two states choose
cooperate (C) or defect (D). herz's normalisation of the payoffs to state *i*:

=========  ===========  ===========
           j plays C    j plays D
=========  ===========  ===========
i plays C  1            -c
i plays D  t_i          0
=========  ===========  ===========

with ``c > 0``. A *security seeker* (trustworthy type) has ``t_i < 1``: it prefers mutual
cooperation to exploiting the other (Assurance / Stag Hunt preferences). A *greedy* type
(untrustworthy) has ``t_i > 1``: defection dominates (Prisoner's Dilemma preferences). If *i*
believes *j* cooperates with probability ``mu``, cooperating pays ``mu - (1 - mu) c`` and defecting
``mu t_i``, so a security seeker cooperates iff ``mu`` reaches its *minimum trust threshold*

.. math:: \pi_i = \frac{c}{1 - t_i + c}.

With prior ``q_j`` that *j* is a security seeker, greedy types always defect and a Bayesian
equilibrium in which both security seekers cooperate exists iff ``q_2 >= pi_1`` and
``q_1 >= pi_2`` (the all-defect equilibrium always exists). herz checks this against a brute-force
enumeration of the type-contingent pure strategies (and, in the tests, against nashpy).

**2. The spiral as Bayesian updating** (Kydd 1997; Kydd 2005). After each round a state
updates its belief that the other is a security seeker by Bayes' rule,

.. math:: q' = \frac{q\,L_S}{q\,L_S + (1 - q)\,L_G},

from the observed action (mis-observed with probability ``noise``) and from an intelligence signal
that reads "benign" with probability ``accuracy`` for a security seeker and ``1 - accuracy`` for a
greedy type. When beliefs are above both thresholds, security seekers cooperate and greedy types
defect, so observed defection is evidence of greed: a security seeker that is unlucky (noise)
loses trust and the states can spiral down. Once a belief falls below a threshold, *both* types
defect (a pooling region): observed defection then has likelihood ratio 1 and carries no
information, so actions can no longer rebuild trust: the spiral locks in, and only informative
outside signals (``accuracy != 1/2``) can move beliefs again.

**3. Reassurance by costly signals** (Kydd 2000; Kydd 2005). A sender (security seeker
with prior probability ``q``, else greedy) may first make a costly gesture of cost ``k``; the
receiver, whose minimum trust is ``pi``, then trusts (cooperates) or not. Being trusted is worth
``gain_secure`` to a security seeker and ``gain_greedy`` to a greedy type (relative to not being
trusted). Pure-strategy perfect Bayesian equilibria:

* *separating* (only security seekers signal, and are trusted) iff
  ``gain_greedy <= k <= gain_secure``: the signal must cost less than what a security seeker gains
  from being trusted and more than what a greedy type would gain by mimicking;
* *pooling without a signal* always exists (with sceptical beliefs off the path); the receiver
  trusts iff ``q >= pi``. When ``q < pi`` and ``gain_greedy < k < gain_secure`` it fails the
  Intuitive Criterion (only a security seeker could gain from signalling);
* *pooling on the signal* iff ``q >= pi`` and ``k <= min(gain_secure, gain_greedy)``;
* a *semi-separating* equilibrium (security seekers signal, greedy types signal with probability
  ``sigma = q (1 - pi) / ((1 - q) pi)``, the receiver trusts a signal with probability
  ``rho = k / gain_greedy``) iff ``q < pi`` and ``0 < k <= gain_greedy <= gain_secure``.

:func:`gains_from_trust` gives one reading of the gains in terms of the Security Dilemma Game:
a trusted security seeker enjoys mutual cooperation in every later period, ``1 / (1 - delta)``; a
trusted greedy type exploits the other once, ``t_greedy``, and is then found out.

Where herz simplifies or departs from Kydd
-------------------------------------------
(Kydd's models as herz understands them from their published descriptions; see the note on
sources above.)

* Payoff normalisation: mutual cooperation 1, mutual defection 0, sucker ``-c``, temptation
  ``t_i``. Kydd lets ``t_i`` (and other parameters) vary continuously across a population of
  types with a distribution; herz uses two types per state (one security-seeking ``t_secure``,
  one greedy ``t_greedy``), so trust is the probability of the security-seeking type.
* The spiral is a sequence of one-shot Security Dilemma Games played with the current beliefs
  (myopic equilibrium play, selecting the cooperative equilibrium when it exists); Kydd 1997 and
  Kydd 2005 solve finite games with forward-looking types (arming levels, signalling incentives
  in early rounds). herz's spiral therefore has no strategic signalling by actions; reassurance
  is modelled separately in part 3.
* Beliefs are common knowledge: intelligence signals in herz are seen by both sides, so each
  side knows the other's belief (in Kydd's models beliefs are common knowledge because updating
  is on public actions).
* The reassurance game is one-sided (the receiver is known to be a security seeker whose
  minimum trust is ``pi``) and has a single binary signal of exogenous cost ``k``; Kydd 2000
  analyses a multi-round game in which both sides choose the size of their gestures. The bounds on
  ``k`` are the one-round analogue of Kydd's condition.
* Indifference is resolved in favour of cooperation (thresholds are weak inequalities).

No numerical tables from these works are available to herz, so every reference check is analytic
(closed form against brute-force computation) or a seed-pinned regression.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
import numpy.typing as npt

from herz.errors import HerzInputError, require_positive, require_probability
from herz.rng import RNGLike, handle_rng
from herz.validate import Check

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

__all__ = [
    "BayesianEquilibrium",
    "ReassuranceGame",
    "ReassuranceResult",
    "SecurityDilemmaGame",
    "SpiralPath",
    "action_likelihoods",
    "cooperation_possible",
    "gains_from_trust",
    "minimum_trust",
    "posterior",
    "pure_bayesian_equilibria",
    "reassurance_equilibria",
    "reassurance_pure_pbe",
    "reference_checks",
    "simulate_spiral",
]

COOPERATE, DEFECT = "C", "D"


def _prob_array(value: npt.ArrayLike, field: str) -> FloatArray:
    arr = np.asarray(value, dtype=float)
    if not np.all((arr >= 0.0) & (arr <= 1.0)):
        raise HerzInputError(f"{value!r} is not a probability", field=field, allowed="0 <= p <= 1")
    return arr


# --------------------------------------------------------------------------- 1. the game


@dataclass(frozen=True)
class SecurityDilemmaGame:
    """Kydd's Security Dilemma Game in herz's normalisation (CC = 1, DD = 0, CD = -c, DC = t)."""

    c: float = 1.0  #: the sucker's loss from cooperating against defection (> 0)
    t_secure: float = 0.5  #: a security seeker's temptation payoff (< 1)
    t_greedy: float = 1.5  #: a greedy type's temptation payoff (> 1)

    def __post_init__(self) -> None:
        require_positive(self.c, "c")
        if not np.isfinite(self.t_secure) or self.t_secure >= 1.0:
            raise HerzInputError(f"{self.t_secure!r}", field="t_secure", allowed="< 1")
        if not np.isfinite(self.t_greedy) or self.t_greedy <= 1.0:
            raise HerzInputError(f"{self.t_greedy!r}", field="t_greedy", allowed="> 1")

    def payoff(self, own: str, other: str, secure: bool) -> float:
        """Payoff to a player of the given type from actions ``own`` and ``other``."""
        t = self.t_secure if secure else self.t_greedy
        table = {("C", "C"): 1.0, ("C", "D"): -self.c, ("D", "C"): t, ("D", "D"): 0.0}
        return table[(own, other)]

    @property
    def threshold(self) -> float:
        """The security seeker's minimum trust ``c / (1 - t_secure + c)``."""
        return float(minimum_trust(self.c, self.t_secure))


def minimum_trust(c: npt.ArrayLike, t: npt.ArrayLike) -> FloatArray:
    """Minimum trust ``c / (1 - t + c)`` above which a type with temptation ``t`` cooperates.

    Vectorised. For ``t >= 1`` (greedy) defection dominates and the threshold is ``inf``.
    """
    cc = np.asarray(c, dtype=float)
    tt = np.asarray(t, dtype=float)
    if not np.all(cc > 0.0):
        raise HerzInputError(f"{c!r} is not positive", field="c", allowed="> 0")
    denom = 1.0 - tt + cc
    safe = np.where(tt < 1.0, denom, 1.0)
    return np.asarray(np.where(tt < 1.0, cc / safe, np.inf), dtype=float)


def cooperation_possible(
    q1: npt.ArrayLike, q2: npt.ArrayLike, c: npt.ArrayLike, t_secure: npt.ArrayLike
) -> BoolArray:
    """Closed form: does a Bayesian equilibrium exist in which security seekers cooperate?

    ``q_i`` is the probability that player *i* is a security seeker (the other's trust in *i*).
    True iff ``q2 >= pi`` and ``q1 >= pi`` with ``pi = minimum_trust(c, t_secure)``. Vectorised.
    """
    a = _prob_array(q1, "q1")
    b = _prob_array(q2, "q2")
    pi = minimum_trust(c, t_secure)
    return np.asarray((b >= pi) & (a >= pi))


@dataclass(frozen=True)
class BayesianEquilibrium:
    """A pure Bayesian equilibrium: each player's action as (security seeker, greedy type)."""

    player1: tuple[str, str]
    player2: tuple[str, str]

    @property
    def cooperative(self) -> bool:
        return self.player1[0] == COOPERATE and self.player2[0] == COOPERATE


def _ex_ante_payoffs(game: SecurityDilemmaGame, q1: float, q2: float
                     ) -> tuple[list[tuple[str, str]], FloatArray, FloatArray]:
    """The ex-ante (agent-normal) form: 4 type-contingent strategies per player."""
    strategies = [(a, b) for a in (COOPERATE, DEFECT) for b in (COOPERATE, DEFECT)]
    u1 = np.zeros((4, 4))
    u2 = np.zeros((4, 4))
    types1 = ((True, q1), (False, 1.0 - q1))
    types2 = ((True, q2), (False, 1.0 - q2))
    for (i, s1), (j, s2) in product(enumerate(strategies), enumerate(strategies)):
        for (sec1, w1), (sec2, w2) in product(types1, types2):
            a1 = s1[0] if sec1 else s1[1]
            a2 = s2[0] if sec2 else s2[1]
            u1[i, j] += w1 * w2 * game.payoff(a1, a2, sec1)
            u2[i, j] += w1 * w2 * game.payoff(a2, a1, sec2)
    return strategies, u1, u2


def pure_bayesian_equilibria(
    game: SecurityDilemmaGame, q1: float, q2: float
) -> list[BayesianEquilibrium]:
    """All pure Bayesian equilibria, by brute force over type-contingent strategies.

    Each type's action must be a best response to the other player's type-contingent strategy
    and the prior over the other's type (checked type by type, so types with prior 0 are held to
    best responses too).
    """
    require_probability(q1, "q1")
    require_probability(q2, "q2")
    strategies = [(a, b) for a in (COOPERATE, DEFECT) for b in (COOPERATE, DEFECT)]

    def expected(action: str, secure: bool, other: tuple[str, str], q_other: float) -> float:
        return (q_other * game.payoff(action, other[0], secure)
                + (1.0 - q_other) * game.payoff(action, other[1], secure))

    def best(strategy: tuple[str, str], other: tuple[str, str], q_other: float) -> bool:
        for secure, action in ((True, strategy[0]), (False, strategy[1])):
            alt = DEFECT if action == COOPERATE else COOPERATE
            if expected(alt, secure, other, q_other) > expected(action, secure, other, q_other):
                return False
        return True

    return [BayesianEquilibrium(s1, s2) for s1, s2 in product(strategies, strategies)
            if best(s1, s2, q2) and best(s2, s1, q1)]


# --------------------------------------------------------------------------- 2. updating


def posterior(prior: npt.ArrayLike, likelihood_secure: npt.ArrayLike,
              likelihood_greedy: npt.ArrayLike) -> FloatArray:
    """Bayes' rule for the belief that the other is a security seeker. Vectorised.

    Equal likelihoods (an uninformative observation) return the prior exactly.

    An observation impossible under both types (both likelihoods 0) is an error.
    """
    q = _prob_array(prior, "prior")
    ls = _prob_array(likelihood_secure, "likelihood_secure")
    lg = _prob_array(likelihood_greedy, "likelihood_greedy")
    denom = q * ls + (1.0 - q) * lg
    if np.any(denom <= 0.0):
        raise HerzInputError("the observation has probability 0 under the prior",
                             field="likelihood", allowed="an observation possible under the prior")
    # an uninformative observation leaves the belief exactly where it was (no rounding drift)
    return np.asarray(np.where(ls == lg, q, q * ls / np.where(denom > 0, denom, 1.0)),
                      dtype=float)


def action_likelihoods(
    observed_cooperation: npt.ArrayLike, secure_cooperates: npt.ArrayLike, noise: float
) -> tuple[FloatArray, FloatArray]:
    """``(P(observation | security seeker), P(observation | greedy))`` for an observed action.

    The security seeker plays C iff ``secure_cooperates``; the greedy type always plays D; the
    observer sees the wrong action with probability ``noise``. Vectorised.
    """
    require_probability(noise, "noise")
    obs_c = np.asarray(observed_cooperation, dtype=bool)
    s_coop = np.asarray(secure_cooperates, dtype=bool)
    p_c_secure = np.where(s_coop, 1.0 - noise, noise)
    p_c_greedy = np.full(np.broadcast(obs_c, s_coop).shape, noise)
    ls = np.where(obs_c, p_c_secure, 1.0 - p_c_secure)
    lg = np.where(obs_c, p_c_greedy, 1.0 - p_c_greedy)
    return np.asarray(ls, dtype=float), np.asarray(lg, dtype=float)


@dataclass(frozen=True)
class SpiralPath:
    """Beliefs and actions over the rounds of a spiral; arrays are (rounds [+1], n_runs)."""

    belief_1_in_2: FloatArray  #: 1's belief that 2 is a security seeker, rounds + 1 rows
    belief_2_in_1: FloatArray
    cooperative_equilibrium: BoolArray  #: did the beliefs support cooperation in the round?
    action_1: BoolArray  #: True = cooperate
    action_2: BoolArray
    secure_1: BoolArray  #: the true types, one per run
    secure_2: BoolArray

    @property
    def locked_in(self) -> BoolArray:
        """Runs whose last round had no cooperative equilibrium (the pooling region)."""
        return np.asarray(~self.cooperative_equilibrium[-1])


def simulate_spiral(
    game: SecurityDilemmaGame,
    prior_1_in_2: float,
    prior_2_in_1: float,
    rounds: int,
    *,
    noise: float = 0.05,
    accuracy: float = 0.5,
    secure: tuple[bool, bool] | None = (True, True),
    n_runs: int = 1,
    rng: RNGLike = None,
) -> SpiralPath:
    """Play ``rounds`` one-shot Security Dilemma Games, updating beliefs by Bayes' rule.

    Each round: security seekers cooperate iff both beliefs reach the minimum trust (the
    cooperative equilibrium of the round; greedy types always defect); each side observes the
    other's action with error ``noise`` and an intelligence signal of reliability ``accuracy``,
    and updates. ``secure=None`` draws the true types from the priors. Vectorised over runs.
    """
    require_probability(prior_1_in_2, "prior_1_in_2")
    require_probability(prior_2_in_1, "prior_2_in_1")
    require_probability(noise, "noise")
    require_probability(accuracy, "accuracy")
    if rounds < 0 or n_runs < 1:
        raise HerzInputError(f"rounds={rounds}, n_runs={n_runs}", field="rounds/n_runs",
                             allowed="rounds >= 0, n_runs >= 1")
    gen = handle_rng(rng)
    if secure is None:
        s1 = gen.random(n_runs) < prior_2_in_1
        s2 = gen.random(n_runs) < prior_1_in_2
    else:
        s1 = np.full(n_runs, bool(secure[0]))
        s2 = np.full(n_runs, bool(secure[1]))
    pi = game.threshold
    b12 = np.empty((rounds + 1, n_runs))
    b21 = np.empty((rounds + 1, n_runs))
    b12[0], b21[0] = prior_1_in_2, prior_2_in_1
    coop_eq = np.zeros((rounds, n_runs), dtype=bool)
    act1 = np.zeros((rounds, n_runs), dtype=bool)
    act2 = np.zeros((rounds, n_runs), dtype=bool)
    for r in range(rounds):
        eq = (b12[r] >= pi) & (b21[r] >= pi)
        a1, a2 = s1 & eq, s2 & eq
        flip1 = gen.random(n_runs) < noise  # 2's view of 1's action
        flip2 = gen.random(n_runs) < noise
        obs1, obs2 = a1 ^ flip1, a2 ^ flip2
        sig1 = gen.random(n_runs) < np.where(s1, accuracy, 1.0 - accuracy)  # "benign" about 1
        sig2 = gen.random(n_runs) < np.where(s2, accuracy, 1.0 - accuracy)
        ls, lg = action_likelihoods(obs2, eq, noise)
        q = posterior(b12[r], ls, lg)
        b12[r + 1] = posterior(q, np.where(sig2, accuracy, 1 - accuracy),
                               np.where(sig2, 1 - accuracy, accuracy))
        ls, lg = action_likelihoods(obs1, eq, noise)
        q = posterior(b21[r], ls, lg)
        b21[r + 1] = posterior(q, np.where(sig1, accuracy, 1 - accuracy),
                               np.where(sig1, 1 - accuracy, accuracy))
        coop_eq[r], act1[r], act2[r] = eq, a1, a2
    return SpiralPath(b12, b21, coop_eq, act1, act2, s1, s2)


# --------------------------------------------------------------------------- 3. reassurance


@dataclass(frozen=True)
class ReassuranceGame:
    """One-round costly-signal reassurance game (see the module docstring, part 3)."""

    prior: float  #: receiver's prior that the sender is a security seeker
    threshold: float  #: receiver's minimum trust pi
    cost: float  #: cost k of the signal
    gain_secure: float  #: a security seeker's gain from being trusted
    gain_greedy: float  #: a greedy type's gain from being trusted

    def __post_init__(self) -> None:
        require_probability(self.prior, "prior")
        require_probability(self.threshold, "threshold")
        if self.threshold <= 0.0:
            raise HerzInputError("0", field="threshold", allowed="0 < pi <= 1")
        require_positive(self.cost, "cost")
        require_positive(self.gain_secure, "gain_secure")
        require_positive(self.gain_greedy, "gain_greedy")


def gains_from_trust(game: SecurityDilemmaGame, delta: float) -> tuple[float, float]:
    """One reading of the gains: ``(1 / (1 - delta), t_greedy)`` (see the module docstring)."""
    if not 0.0 < delta < 1.0:
        raise HerzInputError(f"{delta!r}", field="delta", allowed="0 < delta < 1")
    return 1.0 / (1.0 - delta), game.t_greedy


@dataclass(frozen=True)
class ReassuranceResult:
    """Which equilibria exist (closed form) and the bounds on the signal's cost."""

    separating: bool
    pooling_no_signal: bool
    pooling_no_signal_trusted: bool
    pooling_no_signal_intuitive: bool  #: survives the Intuitive Criterion
    pooling_signal: bool
    semi_separating: bool
    sigma: float  #: greedy type's signalling probability in the semi-separating equilibrium
    rho: float  #: receiver's probability of trusting a signal there
    cost_lower_bound: float  #: gain_greedy
    cost_upper_bound: float  #: gain_secure


def reassurance_equilibria(g: ReassuranceGame) -> ReassuranceResult:
    """The closed-form equilibrium conditions of the reassurance game."""
    k, q, pi = g.cost, g.prior, g.threshold
    separating = g.gain_greedy <= k <= g.gain_secure
    trusted = q >= pi
    intuitive = trusted or not (g.gain_greedy < k < g.gain_secure)
    pooling_signal = trusted and k <= min(g.gain_secure, g.gain_greedy)
    semi = (not trusted) and k <= g.gain_greedy <= g.gain_secure
    sigma = q * (1.0 - pi) / ((1.0 - q) * pi) if semi else float("nan")
    rho = k / g.gain_greedy if semi else float("nan")
    return ReassuranceResult(separating, True, trusted, intuitive, pooling_signal, semi,
                             sigma, rho, g.gain_greedy, g.gain_secure)


def reassurance_pure_pbe(g: ReassuranceGame) -> list[tuple[tuple[bool, bool], tuple[bool, bool]]]:
    """All pure perfect Bayesian equilibria by brute force.

    Returns ``((secure signals, greedy signals), (trust after no signal, trust after signal))``.
    On the path the receiver's belief follows Bayes' rule; off the path any belief in [0, 1] is
    allowed, so any receiver action there is supportable (trust is optimal at belief 1, distrust
    at belief 0).
    """
    out: list[tuple[tuple[bool, bool], tuple[bool, bool]]] = []
    gains = {True: g.gain_secure, False: g.gain_greedy}
    for sender in product((False, True), repeat=2):
        for receiver in product((False, True), repeat=2):
            ok = True
            for signal in (False, True):
                senders = [sec for sec, s in zip((True, False), sender, strict=True) if s == signal]
                weight = {True: g.prior, False: 1.0 - g.prior}
                mass = sum(weight[s] for s in senders)
                if mass > 0.0:  # on the path: Bayes' rule
                    mu = weight[True] / mass if True in senders else 0.0
                    trust = receiver[int(signal)]
                    if trust and mu < g.threshold or not trust and mu > g.threshold:
                        ok = False
            for sec, s in zip((True, False), sender, strict=True):
                stay = gains[sec] * receiver[int(s)] - g.cost * s
                deviate = gains[sec] * receiver[int(not s)] - g.cost * (not s)
                if deviate > stay:
                    ok = False
            if ok:
                out.append(((sender[0], sender[1]), (receiver[0], receiver[1])))
    return out


# --------------------------------------------------------------------------- reference checks


def _bisect(predicate: object, lo: float, hi: float, steps: int = 60) -> float:
    """Smallest x in [lo, hi] with predicate(x) true, for a predicate monotone in x."""
    assert callable(predicate)
    for _ in range(steps):
        mid = 0.5 * (lo + hi)
        if predicate(mid):
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def _posterior_by_enumeration(prior: float, noise: float, observed_c: bool) -> float:
    """Posterior after an observed action in the cooperative region, by summing joint events."""
    joint = {True: 0.0, False: 0.0}
    for secure, flipped in product((True, False), repeat=2):
        p = (prior if secure else 1 - prior) * (noise if flipped else 1 - noise)
        played_c = secure  # cooperative region: security seekers cooperate, greedy types defect
        if (played_c != flipped) == observed_c:
            joint[secure] += p
    return joint[True] / (joint[True] + joint[False])


def reference_checks() -> list[Check]:
    """Analytic and regression values (no numerical tables of Kydd's are available to herz)."""
    model = "kydd"
    checks: list[Check] = []
    game = SecurityDilemmaGame(c=1.0, t_secure=0.5, t_greedy=1.5)
    q_star = _bisect(lambda q: any(e.cooperative for e in pure_bayesian_equilibria(game, q, q)),
                     0.0, 1.0)
    checks.append(Check(
        model, "minimum trust c/(1-t+c) = 2/3 (c=1, t=0.5) vs brute-force Bayesian equilibria",
        "Kydd 2005, ch. 2 (Security Dilemma Game); herz normalisation", "analytic",
        game.threshold, q_star, abs_tol=1e-12,
        note="60 bisection steps on the prior; each step enumerates all 16 strategy pairs"))
    for obs in (True, False):
        ls, lg = action_likelihoods(obs, True, 0.1)
        checks.append(Check(
            model, f"posterior after observing {'C' if obs else 'D'} (prior 0.7, noise 0.1)",
            "Kydd 1997 / 2005 Bayesian updating; enumeration of joint events", "analytic",
            _posterior_by_enumeration(0.7, 0.1, obs), float(posterior(0.7, ls, lg)),
            abs_tol=1e-12, note="two computations of the same rational number; rounding only"))
    ls, lg = action_likelihoods(False, False, 0.1)
    checks.append(Check(
        model, "lock-in: defection in the pooling region leaves the belief at 0.4",
        "Kydd 2005 (pooling: both types defect, likelihood ratio 1)", "analytic",
        0.4, float(posterior(0.4, ls, lg)), abs_tol=1e-15, note="exact: equal likelihoods"))
    base = dict(prior=0.3, threshold=0.6, gain_secure=5.0, gain_greedy=1.5)

    def separates(k: float) -> bool:
        return ((True, False), (False, True)) in reassurance_pure_pbe(ReassuranceGame(
            cost=k, **base))

    checks.append(Check(
        model, "lowest separating signal cost = greedy gain from mimicking (1.5)",
        "Kydd 2000; Kydd 2005 (costly-signal bounds); brute-force PBE", "analytic",
        base["gain_greedy"], _bisect(separates, 0.01, 3.0), abs_tol=1e-9,
        note="60 bisection steps on k between 0.01 and 3 (interval < 1e-17)"))
    checks.append(Check(
        model, "highest separating signal cost = security seeker's gain from trust (5)",
        "Kydd 2000; Kydd 2005 (costly-signal bounds); brute-force PBE", "analytic",
        base["gain_secure"], _bisect(lambda k: not separates(k), 3.0, 8.0), abs_tol=1e-9,
        note="60 bisection steps on k between 3 and 8 (interval < 1e-17)"))
    path = simulate_spiral(game, 0.8, 0.8, 30, noise=0.1, accuracy=0.5, n_runs=200, rng=2024)
    checks.append(Check(
        model, "spiral: share of runs locked in after 30 rounds (two security seekers, seed 2024)",
        "herz regression (seed-pinned)", "regression",
        0.235, float(path.locked_in.mean()), abs_tol=1e-12,
        note="pinned on herz 0.1.0; any change in the random stream or dynamics shows here"))
    return checks
