"""Covert and cyber attacks on the forces of non-allies.

An actor with cyber capacity ``C_i = sum_k F_ik cyber_k`` destroys the share
``world.covert_effect * C_i / (C_i + 1)`` of the target's largest class (strategic classes count
double in the choice; a script may name the class), counter-proliferation sabotage in the
built-in rule (:mod:`herz.engine.policy`). The attack is attributed with probability
``world.covert_detection`` (stream ``DETECTION``), and then is a hostile act.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.state import Decisions
from herz.engine.streams import Stream, uniform_at

__all__ = ["attack_covertly"]


def attack_covertly(ctx: StepContext, d: Decisions, evidence: Evidence) -> np.ndarray:
    """Carry out the covert attacks ``d.covert[r, i, j] > 0`` on non-allies.

    Each attack destroys its share of the class it hits; several attacks on one target in a step
    compound. An attributed attack is hostile evidence for the target; every attack is logged
    ``COVERT`` with its intensity. Returns the attacks carried out, ``(R, N, N)`` bool.
    """
    state, cat, spec = ctx.state, ctx.world.cat, ctx.world.spec
    n = state.gdp.shape[1]
    cyber = state.forces @ cat.cyber
    covert = (d.covert > 0) & ctx.free
    if covert.any():
        rr, ii, jj = np.nonzero(covert)
        k = np.argmax(state.forces[rr, jj] * np.where(cat.strategic > 0, 2.0, 1.0), axis=1)
        for (ai, aj), c in d.covert_class.items():
            k = np.where((ii == ai) & (jj == aj), c, k)
        share = spec.covert_effect * d.covert[rr, ii, jj] * cyber[rr, ii] / (cyber[rr, ii] + 1.0)
        # unbuffered: several attacks on one target in a step compound (``*=`` on repeated
        # indices would keep only the last)
        np.multiply.at(state.forces, (rr, jj, k), 1.0 - share)
        draw = uniform_at(ctx.keys, ctx.t, Stream.DETECTION, (n, n), (rr, ii, jj))
        detected = draw < spec.covert_detection
        caught = np.zeros_like(covert)
        caught[rr[detected], ii[detected], jj[detected]] = True
        evidence.hostile_to(caught)
        ctx.record(covert, int(Action.COVERT), d.covert)
    return covert
