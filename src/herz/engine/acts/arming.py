"""The arming phase: forces bought with the decided spending, within agreement caps.

What each actor decided to spend follows the arming rule of :mod:`herz.engine.arming` (Glaser
1997; Richardson 1960's fatigue term in budget form); this phase buys the forces. A member of an
agreement in force that complies cannot raise a capped stock above the cap (it is not forced to
scrap down to it); a member that cheats is freed of the caps from then on, secretly.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import StepContext
from herz.engine.state import Decisions

__all__ = ["arm"]


def arm(ctx: StepContext, d: Decisions) -> np.ndarray:
    """Buy forces with ``d.spend`` (by the procurement mix) and ``d.buy``; depreciate the stock.

    Caps bind complying members: ``F' = min(F', max(min(F', cap), F))``. Cheating is recorded in
    the state, and its start is logged ``CHEAT`` (the cheater's secret: only its own view of the
    log shows it, :mod:`herz.game.views`; amount: the number of agreements it starts cheating).
    Spending above ``rule.surge`` (1.05) times upkeep is a surge: logged ``ARM`` and counted as
    an escalation (``last_hostile``). Returns the GDP spent on forces, ``(R, N)``.
    """
    state, world, t = ctx.state, ctx.world, ctx.t
    cat = world.cat
    spend = np.maximum(d.spend, 0.0)
    buys = spend[:, :, None] * world.procurement[None] / cat.cost + d.buy
    new = state.forces * (1.0 - cat.depreciation) + buys
    member = state.in_agreement.transpose(0, 2, 1)  # (R, N, G)
    complying = member & ~(d.cheat | state.cheating.transpose(0, 2, 1))
    for g in range(world.caps.shape[0]):
        if world.agreement_start[g] > t:
            continue
        capped = np.minimum(new, world.caps[g])
        new = np.where(
            complying[:, :, g, None], np.minimum(new, np.maximum(capped, state.forces)), new
        )
    spent = ((new - state.forces * (1.0 - cat.depreciation)) * cat.cost).sum(axis=2)
    state.forces = new
    starts = d.cheat & member & ~state.cheating.transpose(0, 2, 1)
    state.cheating |= starts.transpose(0, 2, 1)
    if starts.any():
        ctx.record(starts.any(axis=2), int(Action.CHEAT), starts.sum(axis=2).astype(float))
    surge = spent > world.spec.rule.surge * ctx.replacement
    ctx.record(surge, int(Action.ARM), spent)
    rr, ii = np.nonzero(surge)
    state.last_hostile[rr, ii] = np.where(surge[rr, ii], t, state.last_hostile[rr, ii])
    return spent
