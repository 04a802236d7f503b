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
    and logged ``DEPLOY``. At step 0 the rule's own deployments are the postures the actors held
    when the scenario opens, not acts of that step (the initial beliefs already reflect them):
    only a deployment the timeline prescribes at step 0 is new. Returns the new deployments,
    ``(R, N, N)`` bool.
    """
    state = ctx.state
    rule = ctx.world.spec.rule
    state.alert = np.maximum(d.alert, rule.alert_decay * state.alert)
    before = state.deploy
    if ctx.t == 0:
        before = np.where(state.standing_deploy > 0, state.deploy, d.deploy)
    newly_deployed = (d.deploy > before + rule.new_posture) & ctx.free
    state.deploy = d.deploy
    evidence.hostile_to(newly_deployed)
    ctx.record(newly_deployed, int(Action.DEPLOY), d.deploy)
    return newly_deployed
