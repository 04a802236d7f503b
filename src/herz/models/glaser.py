r"""Glaser's security dilemma revisited: severity, motives and when a security-seeker should arm.

**The argument** (Glaser 1997, "The Security Dilemma Revisited", *World Politics* 50(1)). Following
Jervis (1978), the magnitude of the security dilemma depends on the offence-defence balance and
on whether offence and defence can be told apart (distinguishability). Glaser adds what Jervis
left implicit: states differ in motives (security-seekers and *greedy* states, which value
expansion for its own sake) and are uncertain about each other's motives. A security-seeker's
arming buys it security against a greedy rival (the *deterrence model*), but it also lowers a
security-seeking rival's security, which makes that rival arm in turn (the *rational spiral*).
Which effect dominates depends on the severity of the dilemma and on the state's belief about
the rival's type; greed adds a reason to compete that security alone would not give.

Glaser argues verbally; **the equations below are herz's formalisation** of the three parts of
the argument named above, not equations from the article, and none of the numbers here are
Glaser's.

The contest (as in :mod:`herz.models.offense_defense`)
------------------------------------------------------
A side with defensive forces ``D`` facing offensive forces ``O`` holds with probability

.. math:: \sigma(D, O) = \frac{D}{D + \theta O},

``theta > 0`` the offence multiplier (``theta < 1``: defence advantage; the balance in Glaser and
Kaufmann's sense at even odds is ``1 / theta``).

Severity of the dilemma (herz's measure)
----------------------------------------
A state adds ``x`` to its forces. A share ``delta`` (the *distinguishability*) of the build-up is
recognisably defensive and cannot be used to attack; the rest, ``(1 - delta) x``, adds to the
offence the rival faces. To keep the security ``s`` it wants, the rival must keep
``D / O = theta s / (1 - s)``, so it must add

.. math:: M = (1 - \delta)\,\frac{\theta s}{1 - s}

units of defence per unit of the first state's arming. ``M`` is herz's measure of the severity of
the dilemma: the defence the other must buy to offset one unit of one's own arming. ``M = 0``
with perfect distinguishability (defensive arming does not reduce the other's security), ``M``
falls as defence gains the advantage (``theta -> 0``) and rises without bound as the wanted
security ``s -> 1``.

Arm or cooperate (herz's reduced form of the spiral and deterrence logic)
---------------------------------------------------------------------------
State ``A`` (greed ``g >= 0``; ``g = 0`` is a pure security-seeker) chooses between restraint
(keep defence ``d0`` and offence ``o0``) and a build-up of size ``x`` at resource cost ``c`` per
unit. It believes the rival is greedy with probability ``p`` and that the rival's offence is 1.

* If the rival is greedy it presses its claims whatever ``A`` does, and ``A`` loses ``V`` if its
  defence fails: arming saves ``V * (sigma(d0 + x, 1) - sigma(d0, 1))`` (deterrence model).
* If the rival is a security-seeker it offsets the build-up by buying ``M x`` (rational spiral):
  ``A`` pays the competition's cost ``k M x`` (``k >= 0`` weighs the resources, the tension and
  the worse beliefs an arms competition brings).
* Greed: the offensive part of the build-up raises ``A``'s chance of winning a war of expansion
  against the rival's defence ``d_r``, worth ``g`` per unit of probability:
  ``g * (w(o0 + (1 - delta) x) - w(o0))`` with ``w(O) = theta O / (theta O + d_r)``.

``A`` arms iff the net value of arming is positive,

.. math:: N(p) = g\,\Delta w + p\,V\,\Delta\sigma - c x - (1 - p)\,k M x > 0,

which is linear in ``p``; the *threshold belief*

.. math:: p^* = \frac{c x + k M x - g\,\Delta w}{V\,\Delta\sigma + k M x}

(clipped to ``[0, 1]``) separates cooperation (``p < p*``: the spiral model's advice) from
arming (``p > p*``: the deterrence model's). Greed lowers ``p*`` (a greedy state arms at lower
fear, or without any); a more severe dilemma raises it when the state is a security-seeker
(arming is worth more only if the rival is likely greedy).

What herz leaves out: Glaser's signalling argument (restraint and defensive postures can reveal
a security-seeker's motives, and arming can reveal greed) enters only through the weight ``k``;
the choice between offensive and defensive build-ups, the rival's own choice and war itself are
not modelled. The offence-defence balance also raises the loss from being exploited, which
Glaser notes makes restraint riskier under offence dominance; in this reduced form that enters
through ``Delta sigma``.

References: Glaser 1997; Jervis 1978; Glaser and Kaufmann 1998 (see
``docs/reference/bibliography.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy.optimize import brentq

from herz.errors import HerzInputError, require_finite
from herz.validate import Check

__all__ = [
    "GlaserParams",
    "GlaserResult",
    "compensating_defence",
    "decide",
    "net_value_of_arming",
    "reference_checks",
    "security",
    "severity",
    "threshold_belief",
]


def _check(value: float, field: str, lo: float, hi: float, *, lo_open: bool = False,
           hi_open: bool = False) -> float:
    v = require_finite(value, field)
    bad = (v <= lo if lo_open else v < lo) or (v >= hi if hi_open else v > hi)
    if bad:
        left = "(" if lo_open else "["
        right = ")" if hi_open else "]"
        raise HerzInputError(f"{v!r}", field=field,
                             allowed=f"a number in {left}{lo:g}, {hi:g}{right}")
    return v


def security(defence: float, offence: float, theta: float) -> float:
    """``sigma = D / (D + theta O)``: the probability that defence ``D`` holds against offence
    ``O`` (1 when there is no offence)."""
    _check(defence, "defence", 0.0, math.inf)
    _check(offence, "offence", 0.0, math.inf)
    _check(theta, "theta", 0.0, math.inf, lo_open=True)
    den = defence + theta * offence
    return 1.0 if den == 0.0 else defence / den


def severity(theta: float, distinguishability: float, wanted_security: float) -> float:
    """herz's severity ``M = (1 - delta) theta s / (1 - s)``: defence the rival must add per unit
    of one's arming to keep security ``s``.

    >>> severity(1.0, 0.0, 0.5)
    1.0
    >>> severity(1.0, 1.0, 0.5)  # perfectly distinguishable: no dilemma
    0.0
    """
    _check(theta, "theta", 0.0, math.inf, lo_open=True)
    d = _check(distinguishability, "distinguishability", 0.0, 1.0)
    s = _check(wanted_security, "wanted_security", 0.0, 1.0, lo_open=True, hi_open=True)
    return (1.0 - d) * theta * s / (1.0 - s)


def compensating_defence(theta: float, distinguishability: float, wanted_security: float,
                         buildup: float, rival_offence: float = 1.0) -> float:
    """Defence the rival must add to restore security ``s`` after a build-up ``x``, found by a
    root-finder on ``sigma`` (an independent check of :func:`severity`; exact for any ``x``)."""
    s = _check(wanted_security, "wanted_security", 0.0, 1.0, lo_open=True, hi_open=True)
    d = _check(distinguishability, "distinguishability", 0.0, 1.0)
    x = _check(buildup, "buildup", 0.0, math.inf)
    o = _check(rival_offence, "rival_offence", 0.0, math.inf, lo_open=True)
    d0 = float(brentq(lambda dd: security(dd, o, theta) - s, 0.0, 1e12 * (1.0 + o),
                      xtol=1e-14, rtol=1e-15))
    o1 = o + (1.0 - d) * x
    d1 = float(brentq(lambda dd: security(dd, o1, theta) - s, 0.0, 1e12 * (1.0 + o1),
                      xtol=1e-14, rtol=1e-15))
    return d1 - d0


@dataclass(frozen=True)
class GlaserParams:
    """One state's situation (see the module docstring for the symbols)."""

    theta: float = 1.0
    """Offence multiplier (< 1: defence advantage)."""
    distinguishability: float = 0.0
    """``delta``: share of a build-up that is recognisably defensive."""
    wanted_security: float = 0.8
    """``s``: the security the rival wants to keep."""
    belief: float = 0.3
    """``p``: probability that the rival is greedy."""
    greed: float = 0.0
    """``g``: value of a successful expansion to this state (0: a pure security-seeker)."""
    buildup: float = 1.0
    """``x``: size of the build-up considered."""
    cost: float = 0.05
    """``c``: resource cost per unit of build-up."""
    spiral_weight: float = 0.2
    """``k``: cost per unit of the rival's offsetting build-up (the rational spiral)."""
    value: float = 1.0
    """``V``: loss if the state's defence fails against a greedy rival."""
    defence: float = 1.0
    """``d0``: the state's defence under restraint."""
    offence: float = 0.0
    """``o0``: the state's offence under restraint."""
    rival_defence: float = 1.0
    """``d_r``: the rival's defence, against which expansion is fought."""

    def __post_init__(self) -> None:
        _check(self.theta, "theta", 0.0, math.inf, lo_open=True)
        _check(self.distinguishability, "distinguishability", 0.0, 1.0)
        _check(self.wanted_security, "wanted_security", 0.0, 1.0, lo_open=True, hi_open=True)
        _check(self.belief, "belief", 0.0, 1.0)
        for name in ("greed", "buildup", "cost", "spiral_weight", "value", "defence", "offence"):
            _check(getattr(self, name), name, 0.0, math.inf)
        _check(self.rival_defence, "rival_defence", 0.0, math.inf, lo_open=True)


def _parts(p: GlaserParams) -> tuple[float, float, float, float]:
    """``(M, Delta sigma, Delta w, x)``."""
    m = severity(p.theta, p.distinguishability, p.wanted_security)
    d_sigma = security(p.defence + p.buildup, 1.0, p.theta) - security(p.defence, 1.0, p.theta)

    def win(o: float) -> float:
        return 1.0 - security(p.rival_defence, o, p.theta)

    d_win = win(p.offence + (1.0 - p.distinguishability) * p.buildup) - win(p.offence)
    return m, d_sigma, d_win, p.buildup


def net_value_of_arming(p: GlaserParams) -> float:
    """``N(p) = g Dw + p V Dsigma - c x - (1 - p) k M x`` at the state's belief ``p``."""
    m, d_sigma, d_win, x = _parts(p)
    return (p.greed * d_win + p.belief * p.value * d_sigma - p.cost * x
            - (1.0 - p.belief) * p.spiral_weight * m * x)


def threshold_belief(p: GlaserParams) -> float:
    """``p*``: the belief that the rival is greedy above which arming pays (clipped to [0, 1];
    ``nan`` when arming never and always pays alike, i.e. ``N`` does not depend on ``p``)."""
    m, d_sigma, d_win, x = _parts(p)
    slope = p.value * d_sigma + p.spiral_weight * m * x
    level = p.cost * x + p.spiral_weight * m * x - p.greed * d_win
    if slope == 0.0:
        return math.nan
    return min(1.0, max(0.0, level / slope))


@dataclass(frozen=True)
class GlaserResult:
    """The severity, the threshold belief and the advice."""

    severity: float
    threshold: float
    net_value: float
    advice: str
    """``"arm"`` (deterrence model) or ``"cooperate"`` (spiral model)."""


def decide(p: GlaserParams) -> GlaserResult:
    """Arm or cooperate, with the severity and the threshold belief.

    >>> r = decide(GlaserParams(belief=0.1))
    >>> r.advice, round(r.severity, 6), round(r.threshold, 6)
    ('cooperate', 4.0, 0.87931)
    """
    n = net_value_of_arming(p)
    return GlaserResult(
        severity=severity(p.theta, p.distinguishability, p.wanted_security),
        threshold=threshold_belief(p), net_value=n, advice="arm" if n > 0.0 else "cooperate",
    )


# --------------------------------------------------------------------------- reference checks
def reference_checks() -> list[Check]:
    """Analytic limits of herz's formalisation of Glaser (1997)."""
    model = "glaser"
    src = "derivation (herz, glaser docstring)"
    base = GlaserParams()
    distinct = GlaserParams(distinguishability=1.0)
    # Severity vs an independent root-finder on the contest function.
    comp = compensating_defence(2.0, 0.25, 0.8, 0.5)
    # Defence dominance: M -> 0 as theta -> 0.
    greedy = GlaserParams(greed=1.0)
    return [
        Check(model, "severity M = (1 - delta) theta s / (1 - s) vs root-finder", src
              + ": theta=2, delta=0.25, s=0.8, x=0.5", "analytic",
              severity(2.0, 0.25, 0.8) * 0.5, comp, 1e-9,
              note="linear in x: exact; brentq tolerance"),
        Check(model, "perfect distinguishability: rival's offsetting defence", src
              + ": delta=1", "analytic", 0.0, compensating_defence(1.0, 1.0, 0.8, 1.0), 1e-9,
              note="defensive arming does not reduce the other's security"),
        Check(model, "defence dominance eases the dilemma: M at theta = 1e-6", src, "analytic",
              0.0, severity(1e-6, 0.0, 0.8), 1e-5, note="M = 4 theta -> 0"),
        Check(model, "threshold belief, default security-seeker", src
              + ": p* = (c x + k M x) / (V Dsigma + k M x) = 0.85 / (1/6 + 0.8)", "analytic",
              0.85 / (1 / 6 + 0.8), threshold_belief(base), 1e-12,
              note="closed form; rounding only"),
        Check(model, "greed lowers p* by g Dw / (V Dsigma + k M x)", src + ": g=1, Dw=1/2",
              "analytic", (0.85 - 0.5) / (1 / 6 + 0.8), threshold_belief(greedy), 1e-12,
              note="closed form; rounding only"),
        Check(model, "threshold with perfect distinguishability: c x / (V Dsigma)", src
              + ": delta=1, M=0, Dsigma=1/6", "analytic", 0.3, threshold_belief(distinct), 1e-12,
              note="closed form; rounding only"),
    ]
