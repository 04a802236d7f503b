"""Incidents, misreadings and crises between non-allies in contact; hotlines learnt from crises.

For each non-allied pair in contact an incident occurs with probability
``min(1, incident_rate * (1 + alert_i + alert_j + 2 (deploy_ij + deploy_ji)) * m_ij)`` (stream
``INCIDENT``), where ``m_ij`` is the pair's militarization intensity
(:func:`militarization_intensity`; 1 unless ``incident_militarization`` is set), and is misread
as an attack with probability ``misread * (1 - hotline_effect * hotline_ij)`` (stream
``MISREAD``): a crisis. After a crisis the pair opens a hotline with probability
``crisis_hotline_prob`` (learning from crises, as in 1962-1963). herz's own specification (ODD
7.9); the militarization intensity after Bremer (1992).
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.streams import Stream, below

__all__ = ["REFERENCE_BURDEN", "incidents_and_crises", "militarization_intensity"]

#: The defence burden (spending / GDP) at which a pair meets at the base incident rate.
REFERENCE_BURDEN = 0.05


def militarization_intensity(burden: np.ndarray, elasticity: float) -> np.ndarray:
    """``(R, N, N)``: how much more often ``i`` and ``j`` meet than a pair at the reference
    burden, ``(sqrt(b_i b_j) / 0.05) ** elasticity`` for burdens ``b`` ``(R, N)``.

    Incidents are encounters of the two sides' forces, and encounters between two populations
    happen at a rate proportional to the product of their densities (the law of mass action);
    a state's forces in being relative to its economy, its defence burden, stands for its
    density. Dyads in which both sides are highly
    militarized have more disputes and wars (Bremer 1992, "Dangerous dyads", J. Conflict
    Resolution 36: 309-341). The elasticity (2: mass action, the product of the burdens) is
    fitted on the record to 1993 (:mod:`herz.cases.event_rates`); 0 switches the factor off.
    """
    b = np.maximum(burden, 0.0) / REFERENCE_BURDEN
    return (b[:, :, None] * b[:, None, :]) ** (0.5 * elasticity)


def incidents_and_crises(ctx: StepContext, evidence: Evidence) -> tuple[np.ndarray, np.ndarray]:
    """Draw incidents and their misreadings between non-allies in contact.

    Incidents (``INCIDENT``) and crises (``CRISIS``) are logged once per pair. A crisis is
    evidence of half the hostile ratio for both parties and raises both alerts to at least 0.8;
    it may teach the pair to open a hotline (stream ``HOTLINE``). Returns ``(incident, crisis)``:
    incidents per pair ``i < j`` and crises for both orders of the pair, each ``(R, N, N)``
    bool.
    """
    state, world, keys, t = ctx.state, ctx.world, ctx.keys, ctx.t
    spec = world.spec
    upper = np.triu(ctx.free & world.contact, 1)
    rate = spec.incident_rate * (
        1.0
        + state.alert[:, :, None]
        + state.alert[:, None, :]
        + 2.0 * (state.deploy + np.swapaxes(state.deploy, 1, 2))
    )
    if spec.incident_militarization > 0:
        rate = rate * militarization_intensity(
            state.spending / np.maximum(state.gdp, 1e-12), spec.incident_militarization
        )
    incident = below(keys, t, Stream.INCIDENT, upper, np.minimum(rate, 1.0))
    misread_p = spec.misread * (1.0 - spec.hotline_effect * state.hotline)
    crisis = below(keys, t, Stream.MISREAD, incident, misread_p)
    crisis = crisis | np.swapaxes(crisis, 1, 2)
    ctx.record(incident, int(Action.INCIDENT), with_cause=False)
    ctx.record(np.triu(crisis), int(Action.CRISIS), with_cause=False)
    evidence.add(0.5 * evidence.hostile, crisis)
    in_crisis = crisis.any(axis=2)
    state.alert = np.where(in_crisis, np.maximum(state.alert, spec.rule.crisis_alert), state.alert)
    if spec.crisis_hotline_prob > 0:
        learn = below(keys, t, Stream.HOTLINE, np.triu(crisis), spec.crisis_hotline_prob)
        learn |= np.swapaxes(learn, 1, 2)
        state.hotline |= learn
    return incident, crisis
