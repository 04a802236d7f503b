r"""Arms races under private information: the fear spiral and cheap talk (Baliga and Sjöström 2004).

**The game** (Baliga and Sjöström 2004, "Arms Races and Negotiations", *Review of Economic
Studies* 71(2): 351-369). Two players at the same time Build new weapons or Not. Player ``i``'s
payoff, with ``c_i`` its private cost of building, ``mu`` the gain of building alone and ``d``
the loss of being out-built (``d > mu > 0``)::

                 other Builds   other Not
    Build          -c_i          mu - c_i
    Not            -d            0

Types are independent draws from a continuous distribution; here ``Uniform[lo, hi]`` (a herz
choice; the article allows any continuous ``F``). Types ``c < mu`` build whatever the other does
(dominant-strategy hawks, probability ``eps = F(mu)``), types in ``[mu, d]`` want to match the
other (coordination types: each prefers that neither builds, but builds if the other will).

**No talk: the fear spiral** (the article's first result; the formulas are herz's for uniform
types). If the other builds with probability ``beta``, a type-``c`` player builds iff
``c <= mu + (d - mu) beta``. A symmetric threshold equilibrium solves
``t = mu + (d - mu) F(t)``; iterating from ``t_0 = mu`` (only hawks build) climbs to the least
one. When ``F(c) > (c - mu)/(d - mu)`` on ``[mu, d]`` and ``hi <= d`` (for uniform types:
``lo < mu`` and ``hi <= d``) the climb passes ``hi``: the unique equilibrium is an arms race with
probability one, however few the hawks (the article's multiplier effect).

**Cheap talk: the extreme types pool** (the article's second result: if ``eps`` is small
enough, the cheap-talk extension has an equilibrium in which an arms race is unlikely). Before
acting, each player announces "dove" or "hawk" at the same time. Write a type's value of facing
an opponent who builds with probability ``beta`` (then acting optimally) as

.. math:: V(c, \beta) = -d\beta + (d - \mu)\,\max\{0, \beta - \beta^*(c)\},
          \qquad \beta^*(c) = (c - \mu)/(d - \mu),

a call option on ``beta`` struck at the type's switch point. A message's value is the mean of
``V`` over what the opponent then does. Types with ``beta* <= 0`` (hawks) and ``beta* >= 1`` (no
arming at all) are linear in ``beta``: both rank messages by the expected chance ``E beta`` that
the other builds, and in the same direction. Only types in between gain from the spread that
information brings. So in any informative two-message equilibrium the hawks *pool with the most
reluctant types* on the message that makes the other less likely to build, and an interval of
middle types ``[a, b)`` sends the other one; the two ends are pinned by indifference. herz's
construction (the article's text beyond its abstract could not be consulted; see
"Ambiguities"):

* types in ``[lo, a)`` and ``[b, hi]`` announce **dove**, types in ``[a, b)`` announce **hawk**;
* (dove, dove): the dove-announcers below ``a`` build (the hawks and the types the hawks drag
  along), the rest do not; the spiral stops in the gap ``[a, b)`` because the types that would
  carry it on sent the other message: cutoff ``mu + (d - mu) F(a)/P_D`` lies in ``[a, b]``;
* (dove, hawk): only the dominant hawks build; the hawk-announcer does not, since
  ``mu + (d - mu) eps/P_D <= a``;
* (hawk, hawk): both build (the arms-race equilibrium of a pure coordination pair; needs
  ``b <= d``).

With ``A = F(a)``, ``P_H = F(b) - F(a)``, ``P_D = 1 - P_H`` the message values are

.. math:: U_D(c) = P_D V(c, A/P_D) + P_H V(c, 0),\qquad
          U_H(c) = P_D V(c, \varepsilon/P_D) + P_H V(c, 1),

and the thresholds solve ``U_D(a) = U_H(a)`` and ``U_D(b) = U_H(b)``. On the branch where
type ``b`` builds only in (hawk, hawk), the second reads ``P_H b = d (A - eps)``; the hawks
announce dove iff ``A <= P_H + eps`` (``E beta`` after dove is ``A``, after hawk
``P_H + eps``). The chance of an arms race is

.. math:: P_H^2 + A^2 \quad(\text{with talk}) \qquad\text{vs}\qquad
          F(t^*)^2 = 1 \quad(\text{without, when the spiral is complete}).

For ``U[0, 1]`` and ``d = 1`` the small-``eps`` solution has ``a ~ 2 eps`` and ``b ~ sqrt(eps)``,
so the arms-race probability is of order ``eps``: talk removes the spiral as the hawks become
rare. Example ``mu = 0.05`` (``eps = 0.05``): ``a = 0.1714``, ``b = 0.4445``, arms race 0.104
with talk against 1 without (:func:`reference_checks`).

**Independent checks.** :func:`talk_audit` evaluates every type's two messages on a grid;
:func:`monte_carlo_deviations` plays a type against simulated opponents with each of the eight
pure plans (message, action after "dove", action after "hawk") and common random numbers.

**Ambiguities and departures.** (1) The article's propositions and any numbers in it could not
be read (only its abstract): the construction above is herz's, built to the abstract's claim and
the convexity argument; the article's may differ in its messages or its continuation play.
(2) Continuation play is selected: (hawk, hawk) uses the arms-race equilibrium, not the détente
one; (dove, dove) and (dove, hawk) use the least (spiral-from-the-hawks) equilibria. (3) Types
are uniform. (4) The solver finds the dove/hawk/dove interval profiles; other profiles
(more messages, mixing) are not searched. The monotone profile (low types say hawk) is never an
equilibrium with uniform types and hawks present: a hawk would rather say dove and meet the
détente among doves.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy.optimize import brentq

from herz.errors import HerzInputError, require_finite
from herz.rng import RNGLike, handle_rng
from herz.validate import Check

__all__ = ["ArmsRaceParams", "MESSAGES", "TalkAudit", "TalkEquilibrium", "equilibria",
           "message_values", "monte_carlo_deviations", "no_talk_arms_race_probability",
           "reference_checks", "spiral", "stage_game", "talk_audit", "talk_equilibria"]

#: The two announcements of the cheap-talk stage.
MESSAGES: tuple[str, str] = ("dove", "hawk")


@dataclass(frozen=True)
class ArmsRaceParams:
    """``mu`` (gain of building alone), ``d`` (loss of being out-built), types ~ U[lo, hi]."""

    mu: float = 0.1
    d: float = 1.0
    lo: float = 0.0
    hi: float = 0.9

    def __post_init__(self) -> None:
        for n in ("mu", "d", "lo", "hi"):
            require_finite(getattr(self, n), n)
        if not 0.0 < self.mu < self.d:
            raise HerzInputError(f"mu={self.mu!r}, d={self.d!r}", field="mu",
                                 allowed="0 < mu < d")
        if not self.hi > self.lo:
            raise HerzInputError(f"{self.hi!r}", field="hi", allowed="hi > lo")

    def cdf(self, t: float) -> float:
        return min(1.0, max(0.0, (t - self.lo) / (self.hi - self.lo)))

    @property
    def hawk_share(self) -> float:
        """``eps = F(mu)``: the chance that a player is a dominant-strategy hawk."""
        return self.cdf(self.mu)


def stage_game(c1: float, c2: float, p: ArmsRaceParams) -> tuple[np.ndarray, np.ndarray]:
    """Complete-information payoff matrices (row: player 1 Build/Not, column: player 2)."""
    a = np.array([[-c1, p.mu - c1], [-p.d, 0.0]])
    b = np.array([[-c2, -p.d], [p.mu - c2, 0.0]])
    return a, b


def spiral(p: ArmsRaceParams, steps: int) -> list[float]:
    """``t_0 = mu``, ``t_{k+1} = mu + (d - mu) F(t_k)`` (``steps + 1`` values)."""
    if steps < 0:
        raise HerzInputError(f"{steps}", field="steps", allowed=">= 0")
    t = [p.mu]
    for _ in range(steps):
        t.append(p.mu + (p.d - p.mu) * p.cdf(t[-1]))
    return t


def equilibria(p: ArmsRaceParams) -> list[float]:
    """Every symmetric threshold equilibrium, as the probability ``F(t)`` that a player builds.

    >>> equilibria(ArmsRaceParams())          # hi <= d, hawks present: arms race for sure
    [1.0]
    >>> [round(x, 6) for x in equilibria(ArmsRaceParams(hi=2.0))]
    [0.090909]
    """
    out: set[float] = set()
    slope = (p.d - p.mu) / (p.hi - p.lo)
    # interior: t = mu + slope (t - lo)
    if slope != 1.0:
        t = (p.mu - slope * p.lo) / (1.0 - slope)
        if p.lo <= t <= p.hi:
            out.add(round(p.cdf(t), 15))
    if p.mu + (p.d - p.mu) >= p.hi:  # F = 1 consistent: type hi builds when all do
        out.add(1.0)
    if p.mu <= p.lo:  # F = 0 consistent: no type builds when none does
        out.add(0.0)
    return sorted(out)


def no_talk_arms_race_probability(p: ArmsRaceParams) -> float:
    """``F(t*)^2`` at the least equilibrium (the limit of the spiral from the hawks)."""
    return min(equilibria(p)) ** 2


def _value(p: ArmsRaceParams, c: np.ndarray | float, beta: float) -> np.ndarray:
    """``V(c, beta)``: a type's payoff against building probability ``beta``, acting best."""
    return np.maximum((1.0 - beta) * p.mu - np.asarray(c, float), -beta * p.d)


def _profile_betas(p: ArmsRaceParams, a: float, b: float) -> tuple[float, float, float]:
    """``(P_H, A/P_D, eps/P_D)`` of the dove/hawk/dove profile with thresholds ``a < b``."""
    p_h = p.cdf(b) - p.cdf(a)
    p_d = 1.0 - p_h
    return p_h, p.cdf(a) / p_d, p.hawk_share / p_d


def _values(p: ArmsRaceParams, a: float, b: float,
            c: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    p_h, beta_dd, beta_dh = _profile_betas(p, a, b)
    p_d = 1.0 - p_h
    u_dove = p_d * _value(p, c, beta_dd) + p_h * _value(p, c, 0.0)
    u_hawk = p_d * _value(p, c, beta_dh) + p_h * _value(p, c, 1.0)
    return u_dove, u_hawk


@dataclass(frozen=True)
class TalkEquilibrium:
    """A dove/hawk/dove cheap-talk equilibrium: types in ``[a, b)`` announce hawk.

    ``arm_prob[(mine, theirs)]`` is the chance that a player who announced ``mine`` builds
    when the other announced ``theirs``; ``cutoff[(mine, theirs)]`` the highest cost that
    builds there (``mu + (d - mu)`` times the other's chance of building).
    """

    params: ArmsRaceParams
    a: float
    b: float

    @property
    def hawk_message_share(self) -> float:
        return _profile_betas(self.params, self.a, self.b)[0]

    @property
    def arm_prob(self) -> dict[tuple[str, str], float]:
        _, beta_dd, beta_dh = _profile_betas(self.params, self.a, self.b)
        return {("dove", "dove"): beta_dd, ("dove", "hawk"): beta_dh,
                ("hawk", "dove"): 0.0, ("hawk", "hawk"): 1.0}

    @property
    def cutoff(self) -> dict[tuple[str, str], float]:
        p, arm = self.params, self.arm_prob
        return {(m, o): p.mu + (p.d - p.mu) * arm[(o, m)] for m in MESSAGES for o in MESSAGES}

    def message(self, c: float) -> str:
        return "hawk" if self.a <= c < self.b else "dove"

    def arms_race_probability(self) -> float:
        """``P_H^2 + F(a)^2``: both build after (hawk, hawk) or two dove-announcers below ``a``."""
        p_h = self.hawk_message_share
        return p_h ** 2 + self.params.cdf(self.a) ** 2

    def consistency(self) -> dict[str, bool]:
        """The conditions under which the continuation play is an equilibrium of each pair."""
        p, cut = self.params, self.cutoff
        p_h = self.hawk_message_share
        return {
            "hawks announce dove (A <= P_H + eps)":
                p.cdf(self.a) <= p_h + p.hawk_share + 1e-12,
            "(dove, dove) stops in the gap": self.a - 1e-12 <= cut[("dove", "dove")]
                                              <= self.b + 1e-12,
            "hawk-announcers ignore dove-announcers": cut[("hawk", "dove")] <= self.a + 1e-12,
            "(hawk, hawk) all build (b <= d)": self.b <= p.d + 1e-12,
            "a above the hawks (a >= mu)": self.a >= p.mu - 1e-12,
        }


def message_values(eq: TalkEquilibrium, c: float) -> tuple[float, float]:
    """``(U_dove(c), U_hawk(c))``: a type's value of each announcement, acting optimally after."""
    u_d, u_h = _values(eq.params, eq.a, eq.b, c)
    return float(u_d), float(u_h)


def _gap_at_b(p: ArmsRaceParams, a: float, bs: np.ndarray) -> np.ndarray:
    """``U_D(b) - U_H(b)`` for the profiles ``(a, b)``, one per entry of ``bs``."""
    lo_b = np.clip((bs - p.lo) / (p.hi - p.lo), 0.0, 1.0)
    p_h = lo_b - p.cdf(a)
    p_d = 1.0 - p_h
    beta_dd, beta_dh = p.cdf(a) / p_d, p.hawk_share / p_d

    def v(beta: np.ndarray | float) -> np.ndarray:
        return np.maximum((1.0 - beta) * p.mu - bs, -beta * p.d)

    return p_d * v(beta_dd) + p_h * v(0.0) - p_d * v(beta_dh) - p_h * v(1.0)


def _grid(start: float, top: float, n: int) -> np.ndarray:
    """``n`` points in ``(start, top)``, geometric in the distance from ``start`` (the
    thresholds sit close to ``mu`` when hawks are rare)."""
    return start + np.geomspace(1e-7 * (top - start), top - start, n)[:-1]


def _b_for(p: ArmsRaceParams, a: float, top: float, n: int) -> float | None:
    """The first ``b > a`` at which type ``b`` is indifferent, given thresholds ``(a, b)``."""
    bs = _grid(a, top, n)
    gaps = _gap_at_b(p, a, bs)
    sign = np.nonzero(gaps[:-1] * gaps[1:] <= 0.0)[0]
    if len(sign) == 0:
        return None
    i = int(sign[0])
    if gaps[i] == 0.0:
        return float(bs[i])
    return float(brentq(lambda b: float(_gap_at_b(p, a, np.array([b]))[0]),
                        float(bs[i]), float(bs[i + 1]), xtol=1e-15))


def talk_equilibria(p: ArmsRaceParams, grid: int = 400) -> list[TalkEquilibrium]:
    """Every dove/hawk/dove equilibrium found: roots of ``U_D = U_H`` at ``a`` (with ``b``
    solved from the same condition at ``b``), kept when every continuation is consistent and
    the grid audit finds no profitable deviation; sorted by arms-race probability."""
    top = min(p.hi, p.d)
    start = max(p.mu, p.lo)
    if top <= start or p.hawk_share <= 0.0:
        return []

    def gap_at_a(a: float) -> float:
        b = _b_for(p, a, top, grid)
        return math.nan if b is None else float(np.subtract(*_values(p, a, b, a)))

    a_grid = _grid(start, top, grid)
    g = np.array([gap_at_a(float(a)) for a in a_grid])
    found: list[TalkEquilibrium] = []
    for i in range(len(a_grid) - 1):
        if not (np.isfinite(g[i]) and np.isfinite(g[i + 1])) or g[i] * g[i + 1] >= 0.0:
            continue
        a = float(brentq(gap_at_a, float(a_grid[i]), float(a_grid[i + 1]), xtol=1e-14))
        b = _b_for(p, a, top, grid)
        if b is None:
            continue
        eq = TalkEquilibrium(p, a, b)
        if all(eq.consistency().values()) and talk_audit(eq, 2001).incentive_compatible:
            found.append(eq)
    return sorted(found, key=TalkEquilibrium.arms_race_probability)


@dataclass(frozen=True)
class TalkAudit:
    """Largest gain any type on the grid gets by switching its announcement (acting best
    afterwards); ``deviator`` is that type and ``to`` the message it would switch to."""

    max_gain: float
    deviator: float
    to: str

    @property
    def incentive_compatible(self) -> bool:
        return self.max_gain <= 1e-9


def talk_audit(eq: TalkEquilibrium, n: int = 2001) -> TalkAudit:
    """Exact expected payoffs of both messages for ``n`` types spread over ``[lo, hi]``."""
    p = eq.params
    cs = np.linspace(p.lo, p.hi, n)
    u_d, u_h = _values(p, eq.a, eq.b, cs)
    says_hawk = (cs >= eq.a) & (cs < eq.b)
    gain = np.where(says_hawk, u_d - u_h, u_h - u_d)
    i = int(np.argmax(gain))
    return TalkAudit(max(0.0, float(gain[i])), float(cs[i]),
                     "dove" if says_hawk[i] else "hawk")


#: The eight pure plans of one player: (message, builds after "dove", builds after "hawk").
PLANS: tuple[tuple[str, bool, bool], ...] = tuple(
    (m, x, y) for m in MESSAGES for x in (True, False) for y in (True, False))


def monte_carlo_deviations(eq: TalkEquilibrium, c: float, n: int = 200_000,
                           rng: RNGLike = 0) -> dict[tuple[str, bool, bool], tuple[float, float]]:
    """A type-``c`` player against ``n`` opponents drawn from the prior who follow ``eq``:
    for each plan in :data:`PLANS`, the mean payoff and the standard error of its difference
    from the plan ``eq`` prescribes (common random numbers, so the differences are sharp)."""
    require_finite(c, "c")
    p = eq.params
    gen = handle_rng(rng)
    other = gen.uniform(p.lo, p.hi, n)
    other_msg = np.where((other >= eq.a) & (other < eq.b), "hawk", "dove")
    cut = eq.cutoff
    own = eq.message(c)
    prescribed = (own, c <= cut[(own, "dove")], c <= cut[(own, "hawk")])

    def payoff(plan: tuple[str, bool, bool]) -> np.ndarray:
        msg, after_dove, after_hawk = plan
        other_cut = np.where(other_msg == "dove", cut[("dove", msg)], cut[("hawk", msg)])
        other_builds = other <= other_cut
        i_build = np.where(other_msg == "dove", after_dove, after_hawk)
        return np.where(i_build, np.where(other_builds, -c, p.mu - c),
                        np.where(other_builds, -p.d, 0.0))

    base = payoff(prescribed)
    out = {}
    for plan in PLANS:
        pay = payoff(plan)
        diff = pay - base
        out[plan] = (float(pay.mean()), float(diff.std(ddof=1) / math.sqrt(n)))
    return out


def _example_check(eq: TalkEquilibrium | None, pick: Callable[[TalkEquilibrium], float],
                   ) -> float:
    return math.nan if eq is None else pick(eq)


def _small_eps_branch(mu: float) -> tuple[float, float]:
    """Independent solve of the thresholds for ``U[0, 1]``, ``d = 1`` on the branch where type
    ``a`` builds only in (dove, dove) and type ``b`` only in (hawk, hawk): ``P_H b = A - eps``
    and ``mu (P_D - A) - P_D a = -P_H a - eps`` (two polynomial equations, by bisection on a)."""
    def b_of(a: float) -> float:  # (b - a) b = a - mu
        return 0.5 * (a + math.sqrt(a * a + 4.0 * (a - mu)))

    def gap(a: float) -> float:
        p_h = b_of(a) - a
        p_d = 1.0 - p_h
        return mu * (p_d - a) - p_d * a + p_h * a + mu

    grid = np.linspace(mu, 1.0, 4001)[1:]
    first = next(i for i in range(len(grid) - 1) if gap(grid[i]) * gap(grid[i + 1]) < 0.0)
    a = float(brentq(gap, float(grid[first]), float(grid[first + 1]), xtol=1e-15))
    return a, b_of(a)


def reference_checks() -> list[Check]:
    """Analytic values of the threshold game and of the cheap-talk equilibrium (uniform types)."""
    model = "arms_race_talk"
    src = "derivation (herz, arms_race_talk docstring): mu=0.1, d=1"
    base = ArmsRaceParams()
    wide = ArmsRaceParams(hi=2.0)
    ex = ArmsRaceParams(mu=0.05, d=1.0, lo=0.0, hi=1.0)
    eqs = talk_equilibria(ex)
    eq = eqs[0] if eqs else None
    a_ind, b_ind = _small_eps_branch(0.05)
    talk_src = ("derivation (herz, arms_race_talk docstring) of Baliga and Sjöström's (2004) "
                "cheap-talk result: mu=0.05, d=1, U[0, 1]")
    return [
        Check(model, "fear spiral threshold -> d >= hi (all build) when hi <= d",
              src + ", U[0, 0.9]: t_k = 0.1 (k+1) until F = 1", "analytic", 1.0,
              spiral(base, 200)[-1], 1e-12, note="reached in 9 steps; exact"),
        Check(model, "unique equilibrium build probability, U[0, 2]", src
              + ": t = mu/(1 - (d-mu)/2) = 2/11, F = 1/11", "analytic", 1.0 / 11.0,
              equilibria(wide)[0] if len(equilibria(wide)) == 1 else math.nan, 1e-12,
              note="closed form; rounding only"),
        Check(model, "no talk: arms race probability, U[0, 1], mu=0.05",
              "Baliga and Sjöström 2004 (abstract: unique equilibrium, arms race for sure); "
              "herz: hi <= d and hawks present", "analytic", 1.0,
              no_talk_arms_race_probability(ex), 1e-12, note="exact"),
        Check(model, "talk: lower threshold a (dove/hawk/dove profile)", talk_src
              + "; independent solve of the two indifference equations", "analytic", a_ind,
              _example_check(eq, lambda e: e.a), 1e-9,
              note="grid-and-Brent solver vs bisection on the closed-form branch"),
        Check(model, "talk: upper threshold b", talk_src + "; (b - a) b = a - eps", "analytic",
              b_ind, _example_check(eq, lambda e: e.b), 1e-9,
              note="grid-and-Brent solver vs closed-form branch"),
        Check(model, "talk: arms race probability P_H^2 + F(a)^2", talk_src, "analytic",
              (b_ind - a_ind) ** 2 + a_ind ** 2,
              _example_check(eq, TalkEquilibrium.arms_race_probability), 1e-9,
              note="0.104 with talk against 1 without"),
        Check(model, "talk: largest gain from switching message (grid of 2001 types)",
              talk_src + "; exact expected payoffs", "analytic", 0.0,
              _example_check(eq, lambda e: talk_audit(e).max_gain), 1e-9,
              note="incentive compatibility: zero up to rounding"),
    ]
