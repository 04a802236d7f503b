"""Sanctions on non-allies.

Sanctions cut the target's growth (:mod:`herz.engine.economy`); a new or raised sanction is a
hostile act. The built-in rule sanctions a non-ally believed greedy (:mod:`herz.engine.policy`);
scripted sanctions stand until lifted.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.state import Decisions

__all__ = ["impose_sanctions"]


def impose_sanctions(ctx: StepContext, d: Decisions, evidence: Evidence) -> np.ndarray:
    """Set sanctions to ``d.sanction`` between non-allies (none between allies).

    A sanction raised by more than 0.05 is hostile evidence for the target and logged
    ``SANCTION``. Returns the new sanctions, ``(R, N, N)`` bool.
    """
    state = ctx.state
    new_sanction = (d.sanction > state.sanction + ctx.world.spec.rule.new_posture) & ctx.free
    state.sanction = d.sanction * ctx.free
    evidence.hostile_to(new_sanction)
    ctx.record(new_sanction, int(Action.SANCTION), d.sanction)
    return new_sanction
