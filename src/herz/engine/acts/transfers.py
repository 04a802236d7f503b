"""Transfers of forces and support of proxies (scripted).

A transfer moves units of a class from giver to taker (at most what the giver has). Proxy
support buys the proxy forces with the given GDP by its own procurement mix; support against a
rival is a hostile act towards that rival.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.state import Decisions

__all__ = ["transfer_and_support"]


def transfer_and_support(ctx: StepContext, d: Decisions, evidence: Evidence) -> list[np.ndarray]:
    """Apply ``d.transfers`` and ``d.proxies``, in order, in every run.

    Transfers are logged ``TRANSFER`` (amount: units moved), proxy support ``PROXY`` (amount:
    GDP given; cause actor: the rival it is aimed at). Returns the units moved by each
    transfer, each ``(R,)``.
    """
    state, world, log, runs, t = ctx.state, ctx.world, ctx.log, ctx.runs, ctx.t
    r, n = state.gdp.shape
    moves = []
    for giver, taker, c, amount in d.transfers:
        moved = np.minimum(state.forces[:, giver, c], amount)
        state.forces[:, giver, c] -= moved
        state.forces[:, taker, c] += moved
        moves.append(moved)
        log.add(
            runs,
            t,
            np.full(r, giver),
            np.full(r, taker),
            int(Action.TRANSFER),
            moved,
            np.full(r, -1),
            np.full(r, -1),
            scripted=ctx.is_scripted(int(Action.TRANSFER), np.full(r, giver), np.full(r, taker)),
        )
    for giver, proxy, rival, amount in d.proxies:
        state.forces[:, proxy] += amount * world.procurement[proxy] / world.cat.cost
        if rival >= 0:
            mask = np.zeros((r, n, n), dtype=bool)
            mask[:, giver, rival] = True
            evidence.hostile_to(mask)
        log.add(
            runs,
            t,
            np.full(r, giver),
            np.full(r, proxy),
            int(Action.PROXY),
            np.full(r, amount),
            np.full(r, rival),
            np.full(r, -1),
            scripted=ctx.is_scripted(int(Action.PROXY), np.full(r, giver), np.full(r, proxy)),
        )
    return moves
