"""How much an actor spends on forces: the arming rule, shared by actors and observers.

A security-seeker wants security ``S*`` (Glaser 1997: enough security at least cost). Facing a
total perceived threat ``Theta_i`` with allies contributing ``A_i``, the defence that gives it is
``D* = Theta_i * S* / (1 - S*) - A_i`` (invert ``S = Deff / (Deff + Theta)``). It closes the
share ``rate`` of the gap each step, on top of replacing what depreciates, and lets forces run
down when it has more than it needs. Cost restrains it (the ``guns versus butter`` term): the
desired spending ``x`` becomes ``x / (1 + c * x / (m * GDP))`` and never exceeds ``m * GDP``,
with ``c`` its cost sensitivity and ``m`` its maximum budget share (Richardson's fatigue term,
1960, in budget form), and never falls below ``m0 * GDP``, its minimum budget share (spending
that domestic commitments keep up whatever the threat; without it an actor whose allies cover
its needs would spend nothing — the free-riding limit of Olson & Zeckhauser 1966). A greedy
actor wants ``1 + mu`` times what security needs (Glaser 2010;
Kydd 1997: greedy types value advantage beyond security).

Observers apply the same rule, with their own model of the threat the other perceives, to judge
whether its arming is what a security-seeker would do (see :mod:`herz.engine.beliefs`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["desired_spending"]


def desired_spending(
    threat: np.ndarray,
    allied: np.ndarray,
    defense: np.ndarray,
    replacement: np.ndarray,
    defense_per_cost: np.ndarray,
    gdp: np.ndarray,
    target: np.ndarray,
    cost_sensitivity: np.ndarray,
    max_share: np.ndarray,
    ambition: np.ndarray | float,
    rate: float,
    min_share: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Spending (GDP units) under the arming rule; every argument broadcasts elementwise.

    ``ambition`` is 1 for a security-seeker and ``1 + mu`` for a greedy actor.
    """
    need = np.maximum(ambition * threat * target / (1.0 - target) - allied, 0.0)
    gap = np.maximum(need - defense, 0.0)
    upkeep = replacement * np.where(defense > need, need / np.maximum(defense, 1e-12), 1.0)
    closing = np.where(defense_per_cost > 0, rate * gap / np.maximum(defense_per_cost, 1e-12), 0.0)
    wanted = upkeep + closing
    cap = max_share * gdp
    restrained = wanted / (1.0 + cost_sensitivity * wanted / cap)
    return np.clip(restrained, min_share * gdp, cap)
