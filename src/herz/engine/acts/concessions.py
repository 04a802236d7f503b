"""Concessions and scrapping: unilateral reductions of forces.

A scripted concession removes the given share of every class that observers count as offensive
(``O^seen`` weight above the defence weight; Jervis 1978 on distinguishability). It is a costly
signal of benign motives that every observer takes as evidence: in the separating equilibrium of
Kydd's reassurance game only a security-seeker makes it (Kydd 2005, ch. 7), so a concession is as
telling as an act against one type's rule can be, ``-log((1 - eps) / eps)``; it also lowers
the conceder's forces, which raises a greedy rival's chance of victory
(the other horn of the dilemma).
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.perception import seen_offense_weights
from herz.engine.state import Decisions

__all__ = ["concede"]


def concede(ctx: StepContext, d: Decisions, evidence: Evidence) -> np.ndarray:
    """Scrap ``d.scrap`` and concede the share ``d.concession`` of offensive classes.

    Every observer takes a concession as evidence of benign motives; concessions
    are logged ``CONCESSION`` with the share given up. Returns the units conceded, ``(R, N, K)``.
    """
    state, cat, spec = ctx.state, ctx.world.cat, ctx.world.spec
    offensive = seen_offense_weights(cat, spec) > cat.defense
    conceded = d.concession[:, :, None] * state.forces * offensive
    state.forces = np.maximum(state.forces - d.scrap - conceded, 0.0)
    if (d.concession > 0).any():
        evidence.add(-evidence.telling, (d.concession > 0)[:, None, :])
        state.last_concession = np.where(d.concession > 0, ctx.t, state.last_concession)
        ctx.record(d.concession > 0, int(Action.CONCESSION), d.concession, with_cause=False)
    return conceded
