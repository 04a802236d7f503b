"""Posture: alert levels and forward deployments.

Alert decays, ``alert' = max(decided alert, 0.7 alert)``; it raises the rate of incidents
(:mod:`herz.engine.incidents`). Forward deployment strengthens an attack on the target and raises
the incident rate with it; a new deployment against a non-ally is a hostile act. The alert and
incident rules are herz's own specification (ODD 7.9); no single published source.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.state import Decisions

__all__ = ["take_posture"]


def take_posture(ctx: StepContext, d: Decisions, evidence: Evidence) -> np.ndarray:
    """Set alert levels and deployments to ``d``'s.

    A deployment against a non-ally raised by more than 0.05 is hostile evidence for the target
    and logged ``DEPLOY``. Returns the new deployments, ``(R, N, N)`` bool.
    """
    state = ctx.state
    rule = ctx.world.spec.rule
    state.alert = np.maximum(d.alert, rule.alert_decay * state.alert)
    newly_deployed = (d.deploy > state.deploy + rule.new_posture) & ctx.free
    state.deploy = d.deploy
    evidence.hostile_to(newly_deployed)
    ctx.record(newly_deployed, int(Action.DEPLOY), d.deploy)
    return newly_deployed
