"""Learning about motives: arming judged against a security-seeker's, bogus reasons exposed, and
the belief update with all of a step's evidence.

The primitives are in :mod:`herz.engine.beliefs`: Bayes's rule in log-odds form with trust
asymmetry (Kydd 1997, 2005; Slovic 1993), the switching hazard of motives (Goemans, Gleditsch &
Chiozza 2009) and the spending evidence of the transparency illusion (Jervis 1976 ch. 3;
Butterfield 1951). This module applies them to what a step showed each observer.
"""

from __future__ import annotations

import numpy as np

from herz.engine import backend
from herz.engine.actions import Action
from herz.engine.arming import desired_spending
from herz.engine.beliefs import regress, spending_evidence, update
from herz.engine.context import Evidence, StepContext
from herz.engine.policy import defense_per_cost
from herz.engine.state import State
from herz.engine.streams import Stream, below, normal
from herz.engine.world import World

__all__ = ["expose_bogus_reasons", "observe_arming", "update_beliefs"]


def observe_arming(ctx: StepContext, spent: np.ndarray, evidence: Evidence) -> np.ndarray:
    """Each observer *i* judges *j*'s spending ``spent`` against what each type would spend.

    *i* sees *j*'s spending with log-normal error (stream ``OBSERVE_2``) and compares it with what
    a security-seeking and a greedy *j* would spend (:func:`herz.engine.arming.desired_spending`
    with ambition 1 and ``1 + greed_premium``, no noise) facing the threat *i* thinks *j*
    perceives: *j*'s weight on *i* is scaled towards the floor
    by *i*'s empathy, lifted by a credible statement from *j* this step (the transparency
    illusion: Jervis 1976 ch. 3; Butterfield 1951; Bayesian updating on arming: Kydd 1997).
    A state that surges its spending within ``forecast_window`` steps of a concession reneges on
    it (Kydd 2005, ch. 7). Returns the evidence added, ``L[r, i, j]``.
    """
    state, spec = ctx.state, ctx.world.spec
    n = state.gdp.shape[1]
    xi = normal(ctx.keys, ctx.t, Stream.OBSERVE_2, (n, n))
    if backend.current() == "numba":
        judged = _judged_compiled(ctx, spent, xi)
    else:
        judged = _judged(ctx, spent, xi)
    # Re-arming soon after a concession reneges on a costly signal that only a security-seeker
    # makes (Kydd 2005, ch. 7): as telling as an act against one type's rule can be.
    recent = (state.last_concession >= 0) & (ctx.t - state.last_concession <= spec.forecast_window)
    reneged = recent & (state.last_concession < ctx.t) & (spent > spec.rule.surge * ctx.replacement)
    judged = judged + evidence.telling * reneged[:, None, :]
    evidence.add(judged)
    return judged


def _judged(ctx: StepContext, spent: np.ndarray, xi: np.ndarray) -> np.ndarray:
    """The spending evidence ``L[r, i, j]`` of :func:`observe_arming` (before reneging)."""
    state, world, per, sigma = ctx.state, ctx.world, ctx.perception, ctx.sigma
    spec = world.spec
    s_sigma = np.sqrt(sigma**2 + spec.arming_noise**2 + spec.model_uncertainty**2)
    observed_spend = spent[:, None, :] * np.exp(sigma * xi - 0.5 * sigma**2)
    lift = spec.statement_weight * state.credibility * state.statement
    empathy = world.empathy[None, :, None] + (1.0 - world.empathy[None, :, None]) * lift
    theirs = np.swapaxes(per.weights, 1, 2)  # [i, j] = w_ji, j's weight on i
    imagined = spec.hostility_floor + empathy * (theirs - spec.hostility_floor)
    contribution = np.swapaxes(per.threat, 1, 2)  # [i, j] = Theta_ji
    scale = np.where(theirs > 0, imagined / np.maximum(theirs, 1e-12), 0.0)
    expected_threat = per.threat.sum(axis=2)[:, None, :] - contribution + scale * contribution
    def spending(ambition: float) -> np.ndarray:
        return desired_spending(
            expected_threat,
            (per.effective_defense - per.defense)[:, None, :],
            per.defense[:, None, :],
            ctx.replacement[:, None, :],
            defense_per_cost(world)[None, None, :],
            state.gdp[:, None, :],
            world.target_security[None, None, :],
            world.cost_sensitivity[None, None, :],
            world.max_budget_share[None, None, :],
            ambition,
            spec.arming_rate,
            world.min_budget_share[None, None, :],
        )

    return spending_evidence(
        observed_spend,
        spending(1.0),
        spending(1.0 + spec.greed_premium),
        s_sigma,
        0.005 * state.gdp[:, None, :],
    )


def _judged_compiled(ctx: StepContext, spent: np.ndarray, xi: np.ndarray) -> np.ndarray:
    """:func:`_judged` as one fused loop over pairs (:mod:`herz.engine.compiled.learning`)."""
    from herz.engine.compiled.learning import judge_spending

    state, world, per, spec = ctx.state, ctx.world, ctx.perception, ctx.world.spec
    return judge_spending(
        spent, ctx.sigma, xi, state.credibility, state.statement, per.weights, per.threat,
        per.effective_defense, per.defense, ctx.replacement, state.gdp, world.empathy,
        defense_per_cost(world), world.target_security, world.cost_sensitivity,
        world.max_budget_share, world.min_budget_share, statement_weight=spec.statement_weight,
        hostility_floor=spec.hostility_floor, greed_premium=spec.greed_premium,
        rate=spec.arming_rate, arming_noise=spec.arming_noise,
        model_uncertainty=spec.model_uncertainty,
    )


def expose_bogus_reasons(ctx: StepContext, evidence: Evidence) -> np.ndarray:
    """Bogus reasons come to light, each with probability ``bogus_exposure * (0.5 + 0.5 intel_i)``.

    Stream ``EXPOSURE``. The speaker loses the share ``credibility_loss`` of its credibility with
    the recipient, for good; the exposure counts as a hostile act (evidence only) and is logged
    ``BOGUS_EXPOSED``. Only a greedy speaker's rule gives bogus reasons, so an exposure is as
    telling as an act against one type's rule can be (:attr:`Evidence.telling`). Returns
    ``exposed[r, i, j]``: *j*'s bogus reason to *i* came to light.
    """
    state, world = ctx.state, ctx.world
    spec = world.spec
    exposure = spec.bogus_exposure * (0.5 + 0.5 * world.intelligence)[None, :, None]
    exposed = below(ctx.keys, ctx.t, Stream.EXPOSURE, state.bogus_pending, exposure)
    if exposed.any():
        state.credibility = np.where(
            exposed, state.credibility * (1 - spec.credibility_loss), state.credibility
        )
        evidence.add(evidence.telling, exposed)
        state.bogus_pending &= ~exposed
        ctx.record(exposed, int(Action.BOGUS_EXPOSED), with_cause=False)
    return exposed


def update_beliefs(state: State, world: World, evidence: Evidence) -> np.ndarray:
    """Belief update: apply the step's evidence to beliefs about motives, once.

    First the prediction step of a hidden Markov model: motives may have changed (leaders turn
    over; Goemans, Gleditsch & Chiozza 2009), so beliefs move the share ``type_change`` back
    towards the initial beliefs (:func:`herz.engine.beliefs.regress`). Then Bayes's rule in
    log-odds form, bad news weighing more than good by the observer's trust asymmetry
    (:func:`herz.engine.beliefs.update`; Kydd 1997, 2005; Slovic 1993). Returns the new beliefs,
    ``(R, N, N)``.
    """
    prior = regress(state.belief, world.belief0[None], world.spec.type_change)
    state.belief = update(prior, evidence.L, world.trust_asymmetry)
    return state.belief
