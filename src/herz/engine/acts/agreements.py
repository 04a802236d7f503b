"""Arms-control agreements: joining, abandoning, detection of cheating, verified compliance.

An agreement has members, caps per class (applied in the arming phase,
:mod:`herz.engine.acts.arming`) and ``monitoring``, the probability per step that cheating is
detected, and enters into force at ``start``. Trust lost is hard to regain because bad news
weighs more than good in the belief update (Slovic 1993; Kydd 2005 ch. 1 on trust lost).
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.state import Decisions
from herz.engine.streams import Stream, below

__all__ = ["keep_agreements"]


def keep_agreements(ctx: StepContext, d: Decisions, evidence: Evidence) -> np.ndarray:
    """Join (``d.agree``) and leave (``d.abandon``) agreements; partners watch for cheating.

    Leaving is a hostile act towards every remaining partner (logged ``ABANDON``). Each step an
    agreement is in force, every partner *i* of a cheater *j* detects it with probability
    ``monitoring`` (stream ``AGREEMENT + g``): evidence of cheating, logged
    ``DETECTED_CHEATING``, and *i* leaves the agreement. Only a greedy party's rule cheats (once a
    cap binds it), so detection is as telling as an act against one type's rule can be. A
    partner detecting nothing while *j*'s caps bind learns that *j* did not take the chance a
    greedy state would have taken: ``L = log((1 - mon (1 - eps)) / (1 - mon eps))``, which grows
    with the quality of monitoring (verification builds trust); while no cap binds, both types
    comply and compliance says nothing. Returns ``detected[r, i, j]``: *i* caught *j* cheating
    under some
    agreement this step.
    """
    state, world, t = ctx.state, ctx.world, ctx.t
    eps = evidence.epsilon
    n = state.gdp.shape[1]
    others = ~np.eye(n, dtype=bool)[None]
    state.in_agreement |= d.agree.transpose(0, 2, 1)
    member = state.in_agreement.transpose(0, 2, 1)  # (R, N, G)
    leaving = d.abandon & member
    if leaving.any():
        for g in range(world.caps.shape[0]):
            leavers = leaving[:, :, g]
            partners = state.in_agreement[:, g, :]
            evidence.hostile_to(leavers[:, :, None] & partners[:, None, :] & others)
        state.in_agreement &= ~leaving.transpose(0, 2, 1)
        ctx.record(leaving, int(Action.ABANDON), with_cause=True)
    caught = np.zeros_like(ctx.ally)
    for g in range(world.caps.shape[0]):
        if world.agreement_start[g] > t:
            continue
        m = state.in_agreement[:, g, :]
        both = m[:, :, None] & m[:, None, :] & others
        cheater = state.cheating[:, g, :]
        detected = below(ctx.keys, t, Stream.AGREEMENT + g, both & cheater[:, None, :],
                         world.monitoring[g])
        evidence.add(evidence.telling, detected)
        binding = state.forces >= world.spec.rule.cap_binding * world.caps[g]
        binds = (np.isfinite(world.caps[g]) & binding).any(axis=2)
        verified = both & ~detected & binds[:, None, :]
        mon = world.monitoring[g]
        evidence.add(float(np.log((1 - mon * (1 - eps)) / (1 - mon * eps))), verified)
        caught |= detected
        if detected.any():
            ctx.record(np.swapaxes(detected, 1, 2), int(Action.DETECTED_CHEATING), with_cause=False)
            # The detecting party leaves: the agreement no longer binds it.
            state.in_agreement[:, g, :] &= ~detected.any(axis=2)
    return caught
