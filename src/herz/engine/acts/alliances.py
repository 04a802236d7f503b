"""Alliances: mutual offers, scripted alliances and named alliances joined.

Alliances form by balancing against a shared threat (Walt 1987; the offers are the built-in
rule's, :mod:`herz.engine.policy`). Allies count a share of each other's defence as their own and
do not threaten each other. The rule offers alliances alike for both motives (balancing is what
security-seekers and greedy states both do), so an alliance is no evidence about motives: it
alarms outsiders through the power it adds to a rival's side (the preventive-war forecast,
:mod:`herz.engine.war_choice`) and the defence it gives the allies.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.state import Decisions

__all__ = ["form_alliances"]


def form_alliances(ctx: StepContext, d: Decisions, evidence: Evidence) -> np.ndarray:
    """Form alliances offered by both sides or scripted, and join named alliances.

    New links are logged ``ALLY``. Returns the bilateral alliances formed, ``(R, N, N)`` bool.
    """
    state, ally = ctx.state, ctx.ally
    formed = (d.ally & np.swapaxes(d.ally, 1, 2)) | d.ally_forced | np.swapaxes(d.ally_forced, 1, 2)
    formed &= ~ally
    joined = d.join_bloc & ~state.blocs.transpose(0, 2, 1)
    state.bilateral |= formed
    state.blocs |= joined.transpose(0, 2, 1)
    if formed.any() or joined.any():
        ctx.record(np.triu(formed | np.swapaxes(formed, 1, 2)), int(Action.ALLY))
        ctx.record(joined, int(Action.ALLY), with_cause=False)
    return formed
