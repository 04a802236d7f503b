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

**Not formalised here: cheap talk.** The article shows that with pre-play cheap talk there can
be an equilibrium in which an arms race is unlikely when hawks are rare. herz could not consult
the article's construction (only its abstract and the payoff matrix were available), and the
simple two-message constructions herz tried fail, because hawks always gain by sending the
dovish message. herz therefore does not implement the cheap-talk equilibrium.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from herz.errors import HerzInputError, require_finite
from herz.validate import Check

__all__ = ["ArmsRaceParams", "equilibria", "reference_checks", "spiral", "stage_game"]


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
    ]
