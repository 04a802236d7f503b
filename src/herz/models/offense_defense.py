r"""The offence-defence balance as a required force ratio (Glaser & Kaufmann 1998).

**Definition** (Glaser & Kaufmann 1998, "What Is the Offense-Defense Balance and Can We Measure
It?"): the offence-defence balance is the ratio of the cost of the forces that the attacker
requires to take territory to the cost of the defender's forces. A balance above 1 means the
attacker must outspend the defender (defence has the advantage); below 1, conquest is cheaper
than defence (offence has the advantage).

**The contest** (herz's choice, the ratio form of Tullock 1980 and Hirshleifer 1989). An attacker
spending ``A`` against a defender spending ``D`` takes the territory with probability

.. math:: \pi(A, D) = \frac{(\theta A)^m}{(\theta A)^m + D^m},

where ``theta > 0`` is the *offence multiplier* (the effectiveness of a unit of spending on
offence relative to a unit spent on defence, set by technology, geography and doctrine:
``theta > 1`` favours offence) and ``m > 0`` the *decisiveness* of war (how sharply the odds turn
with the force ratio). "Taking territory" needs a criterion: herz asks for a probability ``q``
of success. Solving ``pi = q`` (derived by herz):

.. math:: \frac{A}{D} = \frac{1}{\theta}\Big(\frac{q}{1 - q}\Big)^{1/m} = B(q),

the balance in Glaser and Kaufmann's sense at the success criterion ``q``. For ``q = 1/2`` the
balance is ``1 / theta``: the boundary between offence and defence advantage is ``theta = 1``.
For ``q > 1/2`` even a neutral technology requires a superiority ``(q / (1 - q))^{1/m}``; with
``m = 2`` and ``q = 0.9`` that is 3, the "3:1 rule" of attacker superiority (a coincidence of these
parameters herz notes, not a derivation of the rule).

**The band.** Whether offence or defence "dominates" depends on the resources the attacker can
bring: with a power (resource) ratio ``rho = A_max / D``, conquest with probability ``q`` is
feasible iff ``rho >= B(q)``. herz reports the balance, its class against a neutral band
``[low, high]`` (default ``[1, 1]``: offence advantage below 1, defence advantage above; a wider
band, e.g. ``[1/2, 2]``, leaves a neutral zone), and the band of multipliers ``theta`` for which
the balance lies inside the band, ``[(q/(1-q))^{1/m} / high, (q/(1-q))^{1/m} / low]``
(:func:`multiplier_band`).

Where herz interprets: Glaser and Kaufmann measure the balance from net assessments of real
forces; herz replaces the assessment by a contest function, so ``theta`` and ``m`` stand for
everything their assessment would include. The inverse is checked against a root-finder on the
contest function and by Monte Carlo in the tests.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from scipy.optimize import brentq

from herz.errors import HerzInputError
from herz.validate import Check

__all__ = [
    "Balance",
    "BalanceClass",
    "OffenseDefenseParams",
    "balance",
    "multiplier_band",
    "reference_checks",
    "required_ratio",
    "success_probability",
]

BalanceClass = Literal["offence_advantage", "neutral", "defence_advantage"]


def _positive(value: float, field: str) -> float:
    v = float(value)
    if not (math.isfinite(v) and v > 0.0):
        raise HerzInputError(f"{value!r}", field=field, allowed="a finite number > 0")
    return v


def _open_probability(value: float, field: str) -> float:
    v = float(value)
    if not 0.0 < v < 1.0:
        raise HerzInputError(f"{value!r}", field=field, allowed="0 < q < 1")
    return v


@dataclass(frozen=True)
class OffenseDefenseParams:
    """``theta``: offence multiplier (> 1 favours offence); ``m``: decisiveness of war; ``q``:
    the probability of success the attacker requires; ``band``: the neutral band of balances."""

    theta: float = 1.0
    m: float = 1.0
    q: float = 0.5
    band: tuple[float, float] = (1.0, 1.0)

    def __post_init__(self) -> None:
        object.__setattr__(self, "theta", _positive(self.theta, "theta"))
        object.__setattr__(self, "m", _positive(self.m, "m"))
        object.__setattr__(self, "q", _open_probability(self.q, "q"))
        low, high = (_positive(b, "band") for b in self.band)
        if low > high:
            raise HerzInputError(f"{self.band!r}", field="band", allowed="low <= high")
        object.__setattr__(self, "band", (low, high))


def success_probability(attack: float, defence: float, theta: float = 1.0,
                        m: float = 1.0) -> float:
    """``pi(A, D) = (theta A)^m / ((theta A)^m + D^m)`` (0 if ``A = 0``, 1 if ``D = 0 < A``)."""
    a = float(attack)
    d = float(defence)
    if not (math.isfinite(a) and math.isfinite(d) and a >= 0.0 and d >= 0.0) or a + d == 0.0:
        raise HerzInputError(f"A={attack!r}, D={defence!r}", field="attack, defence",
                             allowed="non-negative, not both zero")
    th, mm = _positive(theta, "theta"), _positive(m, "m")
    if a == 0.0:
        return 0.0
    if d == 0.0:
        return 1.0
    # logistic in log-space avoids overflow for large ratios
    z = mm * (math.log(th * a) - math.log(d))
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def required_ratio(q: float, theta: float = 1.0, m: float = 1.0) -> float:
    """``A / D = (q / (1 - q))^{1/m} / theta``: the attacker's spending per unit of the
    defender's needed to succeed with probability ``q``."""
    qq = _open_probability(q, "q")
    return float((qq / (1.0 - qq)) ** (1.0 / _positive(m, "m")) / _positive(theta, "theta"))


def multiplier_band(q: float, m: float, low: float, high: float) -> tuple[float, float]:
    """The multipliers ``theta`` for which the balance at ``q`` lies in ``[low, high]``."""
    odds = (_open_probability(q, "q") / (1.0 - q)) ** (1.0 / _positive(m, "m"))
    lo, hi = _positive(low, "band"), _positive(high, "band")
    if lo > hi:
        raise HerzInputError(f"({low}, {high})", field="band", allowed="low <= high")
    return odds / hi, odds / lo


@dataclass(frozen=True)
class Balance:
    """The balance for one parameter set."""

    params: OffenseDefenseParams
    ratio: float  #: B(q) = required attacker/defender cost ratio
    classification: BalanceClass
    neutral_multipliers: tuple[float, float]  #: theta with B(q) inside the band
    even_fight_ratio: float  #: B(1/2) = 1/theta


def balance(p: OffenseDefenseParams) -> Balance:
    """Glaser and Kaufmann's balance at ``p.q``, and its class against ``p.band``."""
    ratio = required_ratio(p.q, p.theta, p.m)
    low, high = p.band
    cls: BalanceClass = ("offence_advantage" if ratio < low
                         else "defence_advantage" if ratio > high else "neutral")
    return Balance(p, ratio, cls, multiplier_band(p.q, p.m, low, high), 1.0 / p.theta)


def reference_checks() -> list[Check]:
    """Analytic values of the required force ratio (closed forms vs a root-finder)."""
    model = "offense_defense"
    deriv = "derivation (herz): inverse of the ratio contest function"
    numeric = brentq(lambda r: success_probability(r, 1.0, 1.5, 1.3) - 0.8, 1e-9, 1e9,
                     xtol=1e-14, rtol=1e-14)
    band = multiplier_band(0.9, 2.0, 0.5, 2.0)
    return [
        Check(model, "balance at q=1/2 is 1/theta (theta=2, m=1)", deriv, "analytic", 0.5,
              required_ratio(0.5, 2.0, 1.0), 1e-15, note="exact"),
        Check(model, "neutral technology, m=2, q=0.9: ratio 3 (the '3:1 rule' coincidence)",
              deriv + "; sqrt(0.9/0.1) = 3", "analytic", 3.0, required_ratio(0.9, 1.0, 2.0),
              1e-12, note="closed form; rounding only"),
        Check(model, "ratio at q=0.8, theta=1.5, m=1.3: closed form vs root-finder",
              deriv + " vs scipy brentq on pi(A, 1) = q", "analytic", numeric,
              required_ratio(0.8, 1.5, 1.3), 1e-10, note="brentq xtol 1e-14"),
        Check(model, "success probability at the required ratio equals q (q=0.95, theta=0.7, "
              "m=0.8)", deriv, "analytic", 0.95,
              success_probability(required_ratio(0.95, 0.7, 0.8), 1.0, 0.7, 0.8), 1e-12,
              note="round trip; rounding only"),
        Check(model, "neutral band of theta for B(0.9) in [1/2, 2], m=2: lower end 3/2",
              deriv + "; 3 / 2", "analytic", 1.5, band[0], 1e-12, note="closed form"),
        Check(model, "neutral band of theta for B(0.9) in [1/2, 2], m=2: upper end 6",
              deriv + "; 3 / (1/2)", "analytic", 6.0, band[1], 1e-12, note="closed form"),
    ]
