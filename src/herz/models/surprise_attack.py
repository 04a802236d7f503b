r"""Schelling's reciprocal fear of surprise attack: first-strike fears that compound.

**The argument** (Schelling 1960, *The Strategy of Conflict*, ch. 9, "The Reciprocal Fear of
Surprise Attack"). If striking first pays better than being struck, each side's temptation to
strike grows with its estimate of the other's probability of striking, and that estimate must
take into account that the other reasons the same way: "he thinks we think he thinks ...". The
fears multiply. herz renders the argument as a small game whose equations are herz's own (the
chapter argues verbally; the formalisation below is derived by herz, not taken from it).

**The game** (derived by herz). Two sides each strike or wait. Payoffs to a side: ``V`` if both
wait (peace), ``F`` if it strikes first while the other waits, ``S`` if it is struck while waiting,
``W`` if both strike at once. If the other strikes with probability ``q``, striking gains

.. math:: \Delta(q) = (1 - q)(F - V) + q (W - S) = g + d\,q,\qquad g = F - V,\quad
          d = (W - S) - (F - V),

so ``d > 0`` is the premium on not being caught second: the more it is, the more the other's
strike probability feeds one's own. Each side also has a private, random reason to strike or to
hold back, ``e`` (politics, alarms, accidents), drawn from a distribution with cdf ``H`` and scale
``h``; it strikes iff ``g + d q + e > 0``. Its strike probability is therefore

.. math:: s = G(q) = 1 - H(-(g + d q)),

and an equilibrium is a pair of mutually consistent fears, ``s_1 = G_1(s_2)``,
``s_2 = G_2(s_1)``: a fixed point.

**Uniform reasons, the compounding made explicit.** For ``e ~ Uniform[-h, h]`` the response is
linear inside the unit interval, ``G(q) = clip(alpha + beta q, 0, 1)`` with
``alpha = (h + g)/(2h)`` (the strike probability with no fear of the other) and
``beta = d/(2h)`` (how much one point of the other's strike probability adds to one's own). The
regress "I strike because he might, and he might because I might ..." is the series

.. math:: s^{(0)} = \alpha,\quad s^{(k+1)} = \alpha + \beta s^{(k)}
          = \alpha (1 + \beta + \dots + \beta^{k+1}) \;\to\; s^* = \frac{\alpha}{1 - \beta}
          \quad (0 \le \beta < 1),

a multiplier ``1 / (1 - beta)`` on the fear-free probability: this is the sense in which, in
herz's model, fears compound. For two different sides
``s_1^* = (alpha_1 + beta_1 alpha_2) / (1 - beta_1 beta_2)``. With ``beta >= 1`` the series
diverges and the fixed point is at certainty of attack (or, when ``alpha`` is small, the
equilibria multiply: a low-fear and a self-fulfilling high-fear one).

**Other distributions** (``"logistic"``, ``"normal"``) give an S-shaped response and, when the
first-strike premium is large against the scale of the private reasons, three equilibria: two
stable ones (calm and panic) and an unstable one between them. As ``h -> 0`` the unstable one
tends to the mixed equilibrium of the 2x2 game, ``q = -g/d`` (checked against nashpy in the
tests). :func:`equilibria` finds every fixed point by scanning for sign changes of
``G_1(G_2(s)) - s`` and refining with a root-finder, and reports the stability of each
(``|G_1'(s_2) G_2'(s_1)| < 1``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.optimize import brentq
from scipy.special import expit, ndtr

from herz.errors import HerzInputError, require_finite
from herz.validate import Check

__all__ = [
    "Equilibrium",
    "Noise",
    "SurpriseAttackParams",
    "closed_form_uniform",
    "equilibria",
    "linear_response",
    "reference_checks",
    "regress",
    "strike_probability",
]

Noise = Literal["uniform", "logistic", "normal"]


@dataclass(frozen=True)
class SurpriseAttackParams:
    """One side's payoffs and the distribution of its private reasons to strike.

    ``peace`` (both wait), ``first_strike`` (it strikes, the other waits), ``struck`` (it waits,
    the other strikes), ``mutual`` (both strike); ``noise`` and ``scale`` (``h > 0``) describe the
    private reason ``e`` (uniform on ``[-h, h]``, logistic with scale ``h``, normal with sd ``h``).
    """

    first_strike: float
    struck: float
    mutual: float
    peace: float = 0.0
    noise: Noise = "uniform"
    scale: float = 1.0

    def __post_init__(self) -> None:
        for name in ("first_strike", "struck", "mutual", "peace"):
            object.__setattr__(self, name, require_finite(getattr(self, name), name))
        if self.noise not in ("uniform", "logistic", "normal"):
            raise HerzInputError(f"{self.noise!r}", field="noise",
                                 allowed="uniform, logistic, normal")
        if not (math.isfinite(self.scale) and self.scale > 0.0):
            raise HerzInputError(f"{self.scale!r}", field="scale", allowed="a number > 0")

    @property
    def g(self) -> float:
        """Gain from striking when the other surely waits, ``F - V``."""
        return self.first_strike - self.peace

    @property
    def d(self) -> float:
        """First-strike premium: how the gain grows with the other's strike probability."""
        return (self.mutual - self.struck) - (self.first_strike - self.peace)


def strike_probability(q: float | np.ndarray, p: SurpriseAttackParams) -> np.ndarray:
    """``G(q)``: the probability that a side strikes when the other strikes with probability
    ``q``."""
    z = (p.g + p.d * np.asarray(q, dtype=float)) / p.scale
    if p.noise == "uniform":
        out = np.clip((1.0 + z) / 2.0, 0.0, 1.0)
    elif p.noise == "logistic":
        out = expit(z)
    else:
        out = ndtr(z)
    return np.asarray(out, dtype=float)


def _slope(q: float, p: SurpriseAttackParams) -> float:
    z = (p.g + p.d * q) / p.scale
    if p.noise == "uniform":
        return p.d / (2.0 * p.scale) if -1.0 < z < 1.0 else 0.0
    if p.noise == "logistic":
        e = float(expit(z))
        return p.d / p.scale * e * (1.0 - e)
    return p.d / p.scale * math.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


def linear_response(p: SurpriseAttackParams) -> tuple[float, float]:
    """``(alpha, beta)`` of the uniform model: ``G(q) = clip(alpha + beta q, 0, 1)``."""
    if p.noise != "uniform":
        raise HerzInputError(f"{p.noise!r}", field="noise", allowed="uniform")
    return (p.scale + p.g) / (2.0 * p.scale), p.d / (2.0 * p.scale)


@dataclass(frozen=True)
class Equilibrium:
    """A pair of consistent strike probabilities and whether it is stable."""

    s1: float
    s2: float
    stable: bool


def equilibria(
    side1: SurpriseAttackParams, side2: SurpriseAttackParams | None = None, *,
    grid: int = 4001,
) -> list[Equilibrium]:
    """Every fixed point ``s_1 = G_1(s_2), s_2 = G_2(s_1)`` (symmetric sides if ``side2`` is
    None), sorted by ``s_1``."""
    b = side1 if side2 is None else side2
    if grid < 3:
        raise HerzInputError(f"{grid}", field="grid", allowed=">= 3")

    def gap(s: float) -> float:
        return float(strike_probability(strike_probability(s, b), side1)) - s

    xs = np.linspace(0.0, 1.0, grid)
    vals = np.array([gap(float(x)) for x in xs])
    roots: list[float] = []
    tol = 1e-13
    for i, x in enumerate(xs):
        if abs(vals[i]) <= tol:
            roots.append(float(x))
        elif i + 1 < grid and vals[i] * vals[i + 1] < 0.0 and abs(vals[i + 1]) > tol:
            roots.append(float(brentq(gap, float(x), float(xs[i + 1]), xtol=1e-15, rtol=1e-15)))
    merged: list[float] = []
    for r in sorted(roots):
        if not merged or r - merged[-1] > 1e-9:
            merged.append(r)
    out = []
    for s1 in merged:
        s2 = float(strike_probability(s1, b))
        slope = abs(_slope(s2, side1) * _slope(s1, b))
        out.append(Equilibrium(s1, s2, slope < 1.0))
    return out


def regress(p: SurpriseAttackParams, levels: int) -> list[float]:
    """Schelling's regress for two like sides: ``s^(0) = G(0)`` (no fear of the other), then
    ``s^(k+1) = G(s^(k))`` ("he thinks I think ..."), ``levels + 1`` values."""
    if levels < 0:
        raise HerzInputError(f"{levels}", field="levels", allowed=">= 0")
    s = [float(strike_probability(0.0, p))]
    for _ in range(levels):
        s.append(float(strike_probability(s[-1], p)))
    return s


def closed_form_uniform(
    side1: SurpriseAttackParams, side2: SurpriseAttackParams | None = None
) -> tuple[float, float]:
    """The interior fixed point of the uniform model,
    ``s_1 = (alpha_1 + beta_1 alpha_2) / (1 - beta_1 beta_2)``; raises if it is not interior."""
    b = side1 if side2 is None else side2
    a1, b1 = linear_response(side1)
    a2, b2 = linear_response(b)
    den = 1.0 - b1 * b2
    if den == 0.0:
        raise HerzInputError("beta_1 beta_2 = 1: no unique fixed point", field="payoffs")
    s1 = (a1 + b1 * a2) / den
    s2 = (a2 + b2 * a1) / den
    if not (0.0 <= s1 <= 1.0 and 0.0 <= s2 <= 1.0):
        raise HerzInputError(f"the linear fixed point ({s1:.4g}, {s2:.4g}) is outside [0, 1]",
                             field="payoffs", allowed="a fixed point inside the unit square")
    return s1, s2


# --------------------------------------------------------------------------- reference checks

#: Worked example: peace 0, first strike -0.5, struck -3, both strike -2, uniform with h = 2:
#: g = -0.5, d = 1.5, alpha = 0.375, beta = 0.375, s* = 0.375 / 0.625 = 0.6.
_EXAMPLE = SurpriseAttackParams(first_strike=-0.5, struck=-3.0, mutual=-2.0, scale=2.0)


def reference_checks() -> list[Check]:
    """Analytic values of herz's formalisation of Schelling's argument."""
    model = "surprise_attack"
    deriv = ("derivation (herz, surprise_attack docstring): F=-0.5, S=-3, W=-2, V=0, "
             "uniform h=2; alpha = beta = 3/8")
    eq = equilibria(_EXAMPLE)
    reg = regress(_EXAMPLE, 5)
    other = SurpriseAttackParams(first_strike=-1.0, struck=-4.0, mutual=-2.5, scale=3.0)
    s1, _ = closed_form_uniform(_EXAMPLE, other)
    asym = equilibria(_EXAMPLE, other)
    panic = SurpriseAttackParams(first_strike=-1.0, struck=-6.0, mutual=-2.0, noise="logistic",
                                 scale=1e-4)
    mid = [e for e in equilibria(panic) if not e.stable]
    return [
        Check(model, "symmetric fixed point alpha/(1-beta) = 0.6", deriv, "analytic", 0.6,
              eq[0].s1 if len(eq) == 1 else math.nan, 1e-12,
              note="brentq on G(G(s)) - s; unique fixed point"),
        Check(model, "regress level 5: alpha (1 - beta^6)/(1 - beta)", deriv, "analytic",
              0.375 * (1 - 0.375**6) / (1 - 0.375), reg[5], 1e-12,
              note="partial sum of the geometric series; rounding only"),
        Check(model, "asymmetric fixed point (a1 + b1 a2)/(1 - b1 b2) vs solver",
              deriv + "; second side F=-1, S=-4, W=-2.5, h=3", "analytic", s1,
              asym[0].s1 if len(asym) == 1 else math.nan, 1e-12,
              note="closed form vs brentq"),
        Check(model, "unstable equilibrium -> mixed equilibrium -g/d = 1/5 as h -> 0",
              "derivation (herz): indifference g + d q = 0 of the 2x2 game (F=-1, S=-6, W=-2, "
              "V=0: g=-1, d=5)", "analytic", 0.2, mid[0].s1 if len(mid) == 1 else math.nan,
              1e-4, note="logistic noise, scale 1e-4: s = (-g + h logit(s))/d, offset ~3e-5"),
    ]
