r"""Arms races under private information: the fear spiral (after Baliga and Sjöström 2004).

**The game** (Baliga and Sjöström 2004, "Arms Races and Negotiations", *Review of Economic
Studies* 71(2)). Two players simultaneously Build new weapons or Not. Player ``i``'s payoff,
with ``c_i`` its private cost of building, ``mu`` the gain of building alone and ``d`` the loss
of being out-built (``d > mu > 0``)::

                 other Builds   other Not
    Build          -c_i          mu - c_i
    Not            -d            0

Building is a strategic complement: its gain is ``d - c`` against a builder and ``mu - c``
against a non-builder. Types ``c < mu`` build whatever the other does (dominant-strategy
hawks), types in ``[mu, d]`` want to match the other (a Stag Hunt), types above ``d`` never
build. The payoff matrix is the one reported for the article; types here are drawn
independently from ``Uniform[lo, hi]``, a herz choice.

**The fear spiral** (derived by herz for this distribution). If the other builds iff its cost is
below ``t``, it builds with probability ``F(t)``, and a type-``c`` player builds iff
``(1 - F) mu - c >= -F d``, i.e. ``c <= mu + (d - mu) F(t)``. A symmetric threshold equilibrium
is a fixed point

.. math:: t = \mu + (d - \mu)\,F(t),

and the iteration ``t_0 = mu`` (only hawks build), ``t_{k+1} = mu + (d - mu) F(t_k)`` ("he may
build, so I will; he knows that, so ...") climbs to the smallest one that is at least ``mu``.
For the uniform
distribution the map is linear with slope ``(d - mu)/(hi - lo)``: if ``hi <= d`` and there are
hawks (``lo < mu``), the iteration passes ``hi`` and the unique equilibrium is an arms race with
probability one, however few the hawks, which is the article's headline result without talk.

**Cheap talk: the two-message threshold construction** (herz's formalisation; the article's
own construction could not be consulted). Before acting, both players announce "hawk" (H) or
"dove" (D) at the same time. Types ``c < k`` announce H, types ``c >= k`` announce D. After the
announcements each pair plays the no-talk game with types truncated to the announcing sets,
in threshold strategies (``c`` builds iff ``c <= mu + (d - mu) beta``, ``beta`` the chance
the other builds); the continuation is the spiral from the hawks (the least threshold
equilibrium, so (D, D) is "neither arms" when ``k >= mu``) for complements, and, for
substitutes (``d < mu``, allowed by :class:`TalkParams`), the unique symmetric one in (H, H)
and (D, D) and the one most favourable to the H-announcer in (H, D). With ``beta_XY`` the
chance that the other builds after I say X and it says Y, and ``G = F(k)``, a type-``c``
player's value of announcing X, acting optimally afterwards, is

.. math:: U_X(c) = G\,V(c, \beta_{XH}) + (1 - G)\,V(c, \beta_{XD}),\qquad
          V(c, \beta) = -\beta d + \max\{0, (1 - \beta)\mu - c + \beta d\}.

Incentive compatibility: ``U_H(c) >= U_D(c)`` for ``c < k`` and the reverse above, and the
threshold type is indifferent, ``U_H(k) = U_D(k)``, which :func:`talk_threshold` solves by
bisection; :func:`talk_audit` checks every type on a grid, :func:`monte_carlo_deviations`
by simulation.

Results (herz's, for this construction; analytic unless marked):

* A type that always builds (``c < min(mu, d)``) values a message by ``mu(1 - E beta) - c``
  and one that never builds (``c > max(mu, d)``) by ``-d E beta``: both rank messages by the
  expected chance ``E beta`` that the other builds, so they can be separated only on the knife
  edge ``E_H beta = E_D beta``. Only types in between (whose ``V`` is convex in ``beta``)
  sort by message.
* Strategic complements (``d > mu``, the article's case) with dominant-strategy hawks: a hawk
  who announces D faces a détente among D-announcers (``beta_DD = 0``), the best it can get, and
  (H, H) spirals up to at least (H, D); so hawks gain by announcing dove and no threshold ``k``
  is incentive compatible (the audit finds the hawks' gain for every ``k``). Without hawks
  (``lo >= mu``) the least continuation is "nobody builds" after any announcements and talk is
  idle. This is the failure the earlier version reported.
* Strategic substitutes (``d < mu``, Chicken): announcing H makes a D-announcer back down, and
  a dove gains by hiding behind H, so ``U_H(k) > U_D(k)`` at every ``k`` in the cases tested
  (numerical) and everyone announces hawk: talk is babble.
* The babbling profile (all announce the same, then the no-talk equilibrium) is always an
  equilibrium.

The article's abstract reports more: if dominant-strategy types are rare enough, its cheap-talk
extension has an equilibrium in which an arms race is unlikely. That needs a construction other
than the one above (by the first result, one in which hawks and doves are indifferent between
messages, or are pooled); herz has not reproduced it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from herz.errors import HerzInputError, require_finite
from herz.validate import Check

__all__ = ["ArmsRaceParams", "TalkAudit", "TalkOutcome", "TalkParams", "equilibria",
           "message_values", "monte_carlo_deviations", "reference_checks", "spiral",
           "stage_game", "talk_audit", "talk_outcome", "talk_threshold"]


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


@dataclass(frozen=True)
class TalkParams:
    """The game for cheap talk: like :class:`ArmsRaceParams` but ``d < mu`` (substitutes) allowed.

    ``d > mu``: building is a strategic complement (the article's case); ``d < mu``: a
    substitute (Chicken).
    """

    mu: float = 0.1
    d: float = 1.0
    lo: float = 0.0
    hi: float = 0.9

    def __post_init__(self) -> None:
        for n in ("mu", "d", "lo", "hi"):
            require_finite(getattr(self, n), n)
        if not (self.mu > 0.0 and self.d >= 0.0 and self.mu != self.d):
            raise HerzInputError(f"mu={self.mu!r}, d={self.d!r}", field="mu",
                                 allowed="mu > 0, d >= 0, mu != d")
        if not self.hi > self.lo:
            raise HerzInputError(f"{self.hi!r}", field="hi", allowed="hi > lo")

    @property
    def complements(self) -> bool:
        return self.d > self.mu

    def cdf(self, t: float) -> float:
        return min(1.0, max(0.0, (t - self.lo) / (self.hi - self.lo)))


def _share(t: float, a: float, b: float) -> float:
    """P(c <= t | c uniform on [a, b))."""
    return 0.0 if b <= a else min(1.0, max(0.0, (t - a) / (b - a)))


def _reply(p: TalkParams, beta: float) -> float:
    return p.mu + (p.d - p.mu) * beta


def _symmetric(p: TalkParams, a: float, b: float) -> float:
    """Threshold of the game with both types on [a, b): least (complements) or unique (subs.)."""
    if p.complements:  # monotone climb from "only hawks build" to the least fixed point
        t = _reply(p, 0.0)
        for _ in range(100_000):
            nxt = _reply(p, _share(t, a, b))
            if abs(nxt - t) <= 1e-15:
                break
            t = nxt
        return t
    lo, hi = p.d, p.mu  # substitutes: t - reply(share(t)) is increasing; bisection
    for _ in range(200):
        m = 0.5 * (lo + hi)
        lo, hi = (m, hi) if m < _reply(p, _share(m, a, b)) else (lo, m)
    return 0.5 * (lo + hi)


def _asymmetric(p: TalkParams, h: tuple[float, float],
                dv: tuple[float, float]) -> tuple[float, float]:
    """(H, D) thresholds: start from "the D-announcer does not build" and iterate the
    (increasing) composed best reply; least equilibrium for complements, the one most
    favourable to the H-announcer for substitutes."""
    th = _reply(p, 0.0)
    for _ in range(100_000):
        td = _reply(p, _share(th, *h))
        nxt = _reply(p, _share(td, *dv))
        if abs(nxt - th) <= 1e-15:
            break
        th = nxt
    return th, _reply(p, _share(th, *h))


@dataclass(frozen=True)
class TalkOutcome:
    """Continuation play after announcements, types below ``k`` announcing hawk.

    ``beta_hh``: chance an H-announcer builds in (H, H); ``beta_dd`` likewise in (D, D);
    ``beta_h``/``beta_d``: the H-/D-announcer's chance of building in (H, D).
    """

    k: float
    g: float
    beta_hh: float
    beta_dd: float
    beta_h: float
    beta_d: float

    @property
    def informative(self) -> bool:
        """Whether the announcements change anyone's play (else talk is idle, i.e. babble)."""
        return max(self.beta_hh, self.beta_dd, self.beta_h, self.beta_d) - min(
            self.beta_hh, self.beta_dd, self.beta_h, self.beta_d) > 1e-12

    def arms_race_probability(self) -> float:
        """Chance that both build."""
        g = self.g
        return (g * g * self.beta_hh ** 2 + (1 - g) ** 2 * self.beta_dd ** 2
                + 2 * g * (1 - g) * self.beta_h * self.beta_d)


def talk_outcome(p: TalkParams, k: float) -> TalkOutcome:
    """Continuation play of the two-message profile with threshold ``k`` (module docstring)."""
    require_finite(k, "k")
    h, dv = (p.lo, min(max(k, p.lo), p.hi)), (min(max(k, p.lo), p.hi), p.hi)
    th, td = _asymmetric(p, h, dv)
    return TalkOutcome(k, p.cdf(k), _share(_symmetric(p, *h), *h),
                       _share(_symmetric(p, *dv), *dv), _share(th, *h), _share(td, *dv))


def _value(p: TalkParams, c: float, beta: float) -> float:
    return -beta * p.d + max(0.0, (1.0 - beta) * p.mu - c + beta * p.d)


def message_values(p: TalkParams, c: float, o: TalkOutcome) -> tuple[float, float]:
    """``(U_H(c), U_D(c))``: a type-``c`` player's value of announcing hawk / dove."""
    u_h = o.g * _value(p, c, o.beta_hh) + (1 - o.g) * _value(p, c, o.beta_d)
    u_d = o.g * _value(p, c, o.beta_h) + (1 - o.g) * _value(p, c, o.beta_dd)
    return u_h, u_d


def _indifference(p: TalkParams, k: float) -> float:
    u_h, u_d = message_values(p, k, talk_outcome(p, k))
    return u_h - u_d


def talk_threshold(p: TalkParams, grid: int = 400, tol: float = 1e-12) -> float | None:
    """A threshold ``k`` with ``U_H(k) = U_D(k)``: the first sign change of the gap on a grid,
    refined by bisection; ``None`` when the gap keeps one sign (or is zero throughout)."""
    ks = np.linspace(p.lo, p.hi, grid + 1)[1:-1]
    gaps = [_indifference(p, float(k)) for k in ks]
    for i in range(len(ks) - 1):
        if gaps[i] * gaps[i + 1] < 0.0:
            a, b, fa = float(ks[i]), float(ks[i + 1]), gaps[i]
            while b - a > tol:
                m = 0.5 * (a + b)
                fm = _indifference(p, m)
                a, b, fa = (m, b, fm) if fm * fa > 0 else (a, m, fa)
            return 0.5 * (a + b)
    return None


@dataclass(frozen=True)
class TalkAudit:
    """Largest gain any type on the grid gets from switching its announcement (then acting
    optimally); ``deviator`` is that type, ``to`` the message it switches to."""

    k: float
    max_gain: float
    deviator: float
    to: str

    @property
    def incentive_compatible(self) -> bool:
        return self.max_gain <= 1e-9


def talk_audit(p: TalkParams, k: float, n: int = 2001) -> TalkAudit:
    """Check every type on an ``n``-point grid of ``[lo, hi]`` (exact expected payoffs)."""
    o = talk_outcome(p, k)
    best = TalkAudit(k, 0.0, math.nan, "")
    for c in np.linspace(p.lo, p.hi, n):
        u_h, u_d = message_values(p, float(c), o)
        gain, to = (u_d - u_h, "dove") if c < k else (u_h - u_d, "hawk")
        if gain > best.max_gain:
            best = TalkAudit(k, gain, float(c), to)
    return best


def monte_carlo_deviations(p: TalkParams, k: float, c: float, n: int = 200_000,
                           seed: int = 0) -> dict[str, tuple[float, float]]:
    """Simulated payoff (mean, standard error) of a type-``c`` player against ``n`` opponents
    drawn from the prior and playing the profile, for each (message, action) it may choose:
    keys ``"H/build"``, ``"H/not"``, ``"D/build"``, ``"D/not"``."""
    rng = np.random.default_rng(seed)
    other = rng.uniform(p.lo, p.hi, n)
    other_h = other < k
    h, dv = (p.lo, k), (k, p.hi)
    th, td = _asymmetric(p, h, dv)
    t_hh, t_dd = _symmetric(p, *h), _symmetric(p, *dv)
    out: dict[str, tuple[float, float]] = {}
    for msg in ("H", "D"):
        # the opponent's threshold given its own announcement and ours
        t = np.where(other_h, t_hh if msg == "H" else th, td if msg == "H" else t_dd)
        builds = other <= t
        for act in ("build", "not"):
            pay = (np.where(builds, -c, p.mu - c) if act == "build"
                   else np.where(builds, -p.d, 0.0))
            out[f"{msg}/{act}"] = (float(pay.mean()), float(pay.std(ddof=1) / math.sqrt(n)))
    return out


def reference_checks() -> list[Check]:
    """Analytic values of the threshold game (herz's derivation for uniform types)."""
    model = "arms_race_talk"
    src = "derivation (herz, arms_race_talk docstring): mu=0.1, d=1"
    base = ArmsRaceParams()
    wide = ArmsRaceParams(hi=2.0)
    return [
        Check(model, "fear spiral threshold -> d >= hi (all build) when hi <= d",
              src + ", U[0, 0.9]: t_k = 0.1 (k+1) until F = 1", "analytic", 1.0,
              spiral(base, 200)[-1], 1e-12, note="reached in 9 steps; exact"),
        Check(model, "unique equilibrium build probability, U[0, 2]", src
              + ": t = mu/(1 - (d-mu)/2) = 2/11, F = 1/11", "analytic", 1.0 / 11.0,
              equilibria(wide)[0] if len(equilibria(wide)) == 1 else math.nan, 1e-12,
              note="closed form; rounding only"),
        Check(model, "cheap talk: a hawk's gain from announcing dove, k = 0.3, U[0, 0.9]",
              src + ": (D, D) détente, otherwise all build; gain (1 - F(k)) mu = 1/15",
              "analytic", 1.0 / 15.0, _hawk_gain(TalkParams(), 0.3), 1e-12,
              note="talk fails with dominant-strategy hawks (this construction)"),
    ]


def _hawk_gain(p: TalkParams, k: float) -> float:
    u_h, u_d = message_values(p, p.lo, talk_outcome(p, k))
    return u_d - u_h
