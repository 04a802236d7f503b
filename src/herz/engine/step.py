"""One step of the world: perceive, decide, act, observe and update beliefs, incidents, wars.

Each mechanism lives in its own module (:mod:`~herz.engine.perception`,
:mod:`~herz.engine.arming`, :mod:`~herz.engine.beliefs`, :mod:`~herz.engine.policy`); this
module applies them in the order of the ODD's process overview and logs what happens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from herz.engine.actions import Action
from herz.engine.arming import desired_spending
from herz.engine.beliefs import arming_evidence, likelihood_ratio, update
from herz.engine.events import EventLog
from herz.engine.perception import Perception, perceive, seen_offense_weights
from herz.engine.policy import (
    Policy,
    apply_timeline,
    default_decisions,
    defense_per_cost,
    main_threat,
    observation_for,
    upkeep,
)
from herz.engine.state import Decisions, State
from herz.engine.streams import Stream, normal, uniform
from herz.engine.world import World

__all__ = ["StepRecord", "advance"]


@dataclass(frozen=True)
class StepRecord:
    """What one step produced, for the trajectories and the per-run metrics."""

    perception: Perception
    spending: np.ndarray  # (R, N)
    incidents: np.ndarray  # (R,) count
    crises: np.ndarray  # (R,) count
    wars: dict[int, np.ndarray]  # war code -> (R,) count of wars started
    war_hazard: np.ndarray  # (R, N): chance a war involving i starts this step


def _sigma(world: World, state: State) -> np.ndarray:
    """Log-sd of *i*'s estimates of *j*: intelligence and monitoring reduce it."""
    base = world.spec.observation_noise * (1.0 - world.intelligence)[None, :, None]
    return base * (1.0 - state.monitoring(world))


def advance(
    world: World,
    state: State,
    keys: np.ndarray,
    runs: np.ndarray,
    log: EventLog,
    policies: dict[int, Policy] | None = None,
) -> StepRecord:
    """Advance ``state`` in place by one step and return what happened."""
    spec, cat = world.spec, world.cat
    t = state.step
    r, n = state.gdp.shape
    ev = spec.evidence
    sigma = _sigma(world, state)
    ally = state.ally
    per = perceive(
        state.forces,
        state.belief,
        ally,
        state.deploy,
        sigma,
        normal(keys, t, Stream.OBSERVE, (n, n)),
        world.worst_case,
        cat,
        spec,
    )
    top = main_threat(per)
    # Replacing this step's depreciation, as the arming rule saw it when deciding.
    replacement = upkeep(state.forces, world)
    # Causes are read from what the actor knew at the start of the step.
    known_escalation = state.last_hostile.copy()

    def cause(actor: np.ndarray, run_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        j = top[run_idx, actor]
        return j, np.where(j >= 0, known_escalation[run_idx, np.maximum(j, 0)], -1)

    def record(
        mask: np.ndarray,
        code: int | np.ndarray,
        amount: np.ndarray | float = 1.0,
        with_cause: bool = True,
    ) -> None:
        idx = np.nonzero(mask)
        rr, ii = idx[0], idx[1]
        jj = idx[2] if len(idx) > 2 else np.full_like(ii, -1)
        amt = amount[idx] if isinstance(amount, np.ndarray) else np.full(len(rr), amount)
        cd = code[idx] if isinstance(code, np.ndarray) else code
        if with_cause:
            ca, cs = cause(ii, rr)
        else:
            ca, cs = np.full_like(ii, -1), np.full_like(ii, -1)
        log.add(runs[rr], t, ii, jj, cd, amt, ca, cs)

    # Decide.
    d = default_decisions(world, state, per, keys)
    for i, policy in (policies or {}).items():
        d = d.take_row(policy(observation_for(i, world, state, per, d)), i)
    if world.passive.any():
        quiet = Decisions.empty(
            r, n, world.k, world.blocs.shape[0], world.agreement_members.shape[0]
        )
        quiet.spend = replacement
        for quiet_actor in np.flatnonzero(world.passive):
            d = d.take_row(quiet, int(quiet_actor))
    apply_timeline(d, world, state)
    # Scripted postures stand until withdrawn or lifted; the rule may add to them.
    d.deploy = np.maximum(d.deploy, state.standing_deploy)
    d.sanction = np.maximum(d.sanction, state.standing_sanction)
    evidence = np.zeros((r, n, n))  # L[r, i, j] about j, collected over the step
    hostile = likelihood_ratio(*ev.hostile)

    def hostile_to(mask: np.ndarray) -> None:
        """Acts by i on j in ``mask[r, i, j]``: evidence for j about i."""
        evidence[:] += hostile * np.swapaxes(mask, 1, 2)
        rr, ii = np.nonzero(mask.any(axis=2))
        state.last_hostile[rr, ii] = t

    # Concessions and scrapping.
    offensive = seen_offense_weights(cat, spec) > cat.defense
    conceded = d.concession[:, :, None] * state.forces * offensive
    state.forces = np.maximum(state.forces - d.scrap - conceded, 0.0)
    if (d.concession > 0).any():
        evidence += likelihood_ratio(*ev.concession) * (d.concession > 0)[:, None, :]
        record(d.concession > 0, int(Action.CONCESSION), d.concession, with_cause=False)

    # Arming, with agreement caps for those who comply.
    spend = np.maximum(d.spend, 0.0)
    buys = spend[:, :, None] * world.procurement[None] / cat.cost + d.buy
    new = state.forces * (1.0 - cat.depreciation) + buys
    member = state.in_agreement.transpose(0, 2, 1)  # (R, N, G)
    complying = member & ~(d.cheat | state.cheating.transpose(0, 2, 1))
    for g in range(world.caps.shape[0]):
        if world.agreement_start[g] > t:
            continue
        capped = np.minimum(new, world.caps[g])
        new = np.where(
            complying[:, :, g, None], np.minimum(new, np.maximum(capped, state.forces)), new
        )
    spent = ((new - state.forces * (1.0 - cat.depreciation)) * cat.cost).sum(axis=2)
    state.forces = new
    state.cheating |= (d.cheat & member).transpose(0, 2, 1)
    surge = spent > 1.05 * replacement
    record(surge, int(Action.ARM), spent)
    free = ~ally & ~np.eye(n, dtype=bool)[None]
    rr, ii = np.nonzero(surge)
    state.last_hostile[rr, ii] = np.where(surge[rr, ii], t, state.last_hostile[rr, ii])

    # Posture.
    state.alert = np.maximum(d.alert, 0.7 * state.alert)
    newly_deployed = (d.deploy > state.deploy + 0.05) & free
    state.deploy = d.deploy
    hostile_to(newly_deployed)
    record(newly_deployed, int(Action.DEPLOY), d.deploy)

    # Alliances: mutual offers, scripted alliances and named blocs.
    formed = (d.ally & np.swapaxes(d.ally, 1, 2)) | d.ally_forced | np.swapaxes(d.ally_forced, 1, 2)
    formed &= ~ally
    joined = d.join_bloc & ~state.blocs.transpose(0, 2, 1)
    state.bilateral |= formed
    state.blocs |= joined.transpose(0, 2, 1)
    if formed.any() or joined.any():
        grown = state.ally & ~ally  # new links i-j
        gainer = grown.any(axis=2)  # (R, N) actors who gained an ally
        outsiders = ~state.ally
        evidence += likelihood_ratio(*ev.alliance) * (outsiders & gainer[:, None, :])
        record(np.triu(formed | np.swapaxes(formed, 1, 2)), int(Action.ALLY))
        record(joined, int(Action.ALLY), with_cause=False)

    # Sanctions.
    new_sanction = (d.sanction > state.sanction + 0.05) & free
    state.sanction = d.sanction * free
    hostile_to(new_sanction)
    record(new_sanction, int(Action.SANCTION), d.sanction)

    # Covert and cyber attacks.
    cyber = state.forces @ cat.cyber
    covert = (d.covert > 0) & free
    if covert.any():
        rr, ii, jj = np.nonzero(covert)
        k = np.argmax(state.forces[rr, jj] * np.where(cat.strategic > 0, 2.0, 1.0), axis=1)
        for (ai, aj), c in d.covert_class.items():
            k = np.where((ii == ai) & (jj == aj), c, k)
        share = spec.covert_effect * d.covert[rr, ii, jj] * cyber[rr, ii] / (cyber[rr, ii] + 1.0)
        state.forces[rr, jj, k] *= 1.0 - share
        detected = uniform(keys, t, Stream.DETECTION, (n, n))[rr, ii, jj] < spec.covert_detection
        caught = np.zeros_like(covert)
        caught[rr[detected], ii[detected], jj[detected]] = True
        hostile_to(caught)
        record(covert, int(Action.COVERT), d.covert)

    # Transfers and proxies (scripted).
    for giver, taker, c, amount in d.transfers:
        moved = np.minimum(state.forces[:, giver, c], amount)
        state.forces[:, giver, c] -= moved
        state.forces[:, taker, c] += moved
        log.add(
            runs,
            t,
            np.full(r, giver),
            np.full(r, taker),
            int(Action.TRANSFER),
            moved,
            np.full(r, -1),
            np.full(r, -1),
        )
    for giver, proxy, rival, amount in d.proxies:
        state.forces[:, proxy] += amount * world.procurement[proxy] / cat.cost
        if rival >= 0:
            mask = np.zeros((r, n, n), dtype=bool)
            mask[:, giver, rival] = True
            hostile_to(mask)
        log.add(
            runs,
            t,
            np.full(r, giver),
            np.full(r, proxy),
            int(Action.PROXY),
            np.full(r, amount),
            np.full(r, rival),
            np.full(r, -1),
        )

    # Statements: recipients read them next to the speaker's arming.
    state.statement = np.swapaxes(d.statement, 1, 2)  # [i, j]: j explained to i
    state.bogus_pending |= np.swapaxes(d.bogus, 1, 2)
    record(d.statement, int(Action.STATEMENT), np.where(d.bogus, 0.0, 1.0), with_cause=False)

    # Hotlines.
    opened = (d.hotline | np.swapaxes(d.hotline, 1, 2)) & ~state.hotline
    state.hotline |= opened
    record(np.triu(opened), int(Action.HOTLINE), with_cause=False)

    # Agreements: joining, abandoning, detection of cheating, verified compliance.
    state.in_agreement |= d.agree.transpose(0, 2, 1)
    leaving = d.abandon & member
    if leaving.any():
        for g in range(world.caps.shape[0]):
            leavers = leaving[:, :, g]
            partners = state.in_agreement[:, g, :]
            mask = leavers[:, :, None] & partners[:, None, :] & ~np.eye(n, dtype=bool)[None]
            hostile_to(mask)
        state.in_agreement &= ~leaving.transpose(0, 2, 1)
        record(leaving, int(Action.ABANDON), with_cause=True)
    for g in range(world.caps.shape[0]):
        if world.agreement_start[g] > t:
            continue
        m = state.in_agreement[:, g, :]
        both = m[:, :, None] & m[:, None, :] & ~np.eye(n, dtype=bool)[None]
        cheater = state.cheating[:, g, :]
        seen = uniform(keys, t, Stream.AGREEMENT + g, (n, n)) < world.monitoring[g]
        detected = both & cheater[:, None, :] & seen
        evidence += likelihood_ratio(*ev.cheating) * detected
        verified = both & ~detected
        evidence += world.monitoring[g] * likelihood_ratio(*ev.compliance) * verified
        if detected.any():
            record(np.swapaxes(detected, 1, 2), int(Action.DETECTED_CHEATING), with_cause=False)
            # The detecting party leaves: the agreement no longer binds it.
            state.in_agreement[:, g, :] &= ~detected.any(axis=2)

    # Observe arming; judge it against what a security-seeker would do.
    s_sigma = np.sqrt(sigma**2 + spec.arming_noise**2 + spec.model_uncertainty**2)
    xi = normal(keys, t, Stream.OBSERVE_2, (n, n))
    observed_spend = spent[:, None, :] * np.exp(sigma * xi - 0.5 * sigma**2)
    lift = spec.statement_weight * state.credibility * state.statement
    empathy = world.empathy[None, :, None] + (1.0 - world.empathy[None, :, None]) * lift
    theirs = np.swapaxes(per.weights, 1, 2)  # [i, j] = w_ji, j's weight on i
    imagined = spec.hostility_floor + empathy * (theirs - spec.hostility_floor)
    contribution = np.swapaxes(per.threat, 1, 2)  # [i, j] = Theta_ji
    scale = np.where(theirs > 0, imagined / np.maximum(theirs, 1e-12), 0.0)
    expected_threat = per.threat.sum(axis=2)[:, None, :] - contribution + scale * contribution
    expected = desired_spending(
        expected_threat,
        (per.effective_defense - per.defense)[:, None, :],
        per.defense[:, None, :],
        replacement[:, None, :],
        defense_per_cost(world)[None, None, :],
        state.gdp[:, None, :],
        world.target_security[None, None, :],
        world.cost_sensitivity[None, None, :],
        world.max_budget_share[None, None, :],
        1.0,
        spec.arming_rate,
        world.min_budget_share[None, None, :],
    )
    evidence += arming_evidence(
        observed_spend,
        expected,
        s_sigma,
        spec.greed_premium,
        0.005 * state.gdp[:, None, :],
        spec.evidence_cap,
    )

    # Bogus reasons come to light.
    exposure = spec.bogus_exposure * (0.5 + 0.5 * world.intelligence)[None, :, None]
    exposed = state.bogus_pending & (uniform(keys, t, Stream.EXPOSURE, (n, n)) < exposure)
    if exposed.any():
        state.credibility = np.where(
            exposed, state.credibility * (1 - spec.credibility_loss), state.credibility
        )
        evidence += hostile * exposed
        state.bogus_pending &= ~exposed
        record(exposed, int(Action.BOGUS_EXPOSED), with_cause=False)

    # Incidents, misreadings and crises between non-allies.
    upper = np.triu(free & world.contact, 1)
    rate = spec.incident_rate * (
        1.0
        + state.alert[:, :, None]
        + state.alert[:, None, :]
        + 2.0 * (state.deploy + np.swapaxes(state.deploy, 1, 2))
    )
    incident = upper & (uniform(keys, t, Stream.INCIDENT, (n, n)) < np.minimum(rate, 1.0))
    misread_p = spec.misread * (1.0 - spec.hotline_effect * state.hotline)
    crisis = incident & (uniform(keys, t, Stream.MISREAD, (n, n)) < misread_p)
    crisis = crisis | np.swapaxes(crisis, 1, 2)
    record(incident, int(Action.INCIDENT), with_cause=False)
    record(np.triu(crisis), int(Action.CRISIS), with_cause=False)
    evidence += 0.5 * hostile * crisis
    in_crisis = crisis.any(axis=2)
    state.alert = np.where(in_crisis, np.maximum(state.alert, 0.8), state.alert)
    if spec.crisis_hotline_prob > 0:
        learn = np.triu(crisis) & (
            uniform(keys, t, Stream.HOTLINE, (n, n)) < spec.crisis_hotline_prob
        )
        learn |= np.swapaxes(learn, 1, 2)
        state.hotline |= learn

    # Preemption in a crisis when striking first pays (conventionally or strategically).
    conventional_edge = max(0.0, 2.0 * spec.offense_dominance - 1.0)
    advantage = 1.0 - (1.0 - per.first_strike) * (1.0 - conventional_edge)
    preempt_p = spec.preemption * advantage * state.belief * crisis
    preempt = uniform(keys, t, Stream.PREEMPTION, (n, n)) < preempt_p
    attack = np.where(preempt & (d.attack == 0), int(Action.WAR_PREEMPTIVE), d.attack)
    attack = np.where(state.cooldown > 0, 0, attack)
    attack = np.where(ally & (attack != int(Action.WAR_SCRIPTED)), 0, attack)

    # Wars.
    wars: dict[int, np.ndarray] = {}
    starts = attack > 0
    # A pair fights one war at a time: if both attack, the lower index moves first.
    starts &= ~(np.swapaxes(starts, 1, 2) & np.tril(np.ones((n, n), dtype=bool), -1)[None])
    if starts.any():
        rr, ii, jj = np.nonzero(starts)
        p = per.victory[rr, ii, jj]
        won = uniform(keys, t, Stream.WAR_OUTCOME, (n, n))[rr, ii, jj] < p
        for side in (ii, jj):
            state.gdp[rr, side] *= 1.0 - spec.war_cost
            state.forces[rr, side] *= 1.0 - spec.war_cost
        loser = np.where(won, jj, ii)
        winner = np.where(won, ii, jj)
        prize = spec.war_prize * state.gdp[rr, loser]
        state.gdp[rr, loser] -= prize
        state.gdp[rr, winner] += prize
        state.cooldown[rr, ii, jj] = spec.war_cooldown
        state.cooldown[rr, jj, ii] = spec.war_cooldown
        struck = np.zeros((r, n, n), dtype=bool)
        struck[rr, ii, jj] = True
        evidence += likelihood_ratio(*ev.attack) * np.swapaxes(struck, 1, 2)
        state.last_hostile[rr, ii] = t
        record(starts, attack, np.where(starts, per.victory, 0.0))
        for code in np.unique(attack[starts]):
            wars[int(code)] = (attack == code).sum(axis=(1, 2))

    # Coercion: the target gives way with a chance that grows with the attacker's edge.
    coerce = d.coerce & ~starts & free
    if coerce.any():
        thr = spec.coercion_threshold
        give = coerce & (
            uniform(keys, t, Stream.DISCRETE + 100, (n, n))
            < np.clip((per.victory - thr) / (1 - thr), 0, 1)
        )
        rr, ii, jj = np.nonzero(give)
        prize = 0.5 * spec.war_prize * state.gdp[rr, jj]
        np.subtract.at(state.gdp, (rr, jj), prize)
        np.add.at(state.gdp, (rr, ii), prize)
        hostile_to(coerce)
        record(coerce, int(Action.COERCE))
        record(np.swapaxes(give, 1, 2), int(Action.CONCEDED), with_cause=False)

    state.belief = update(state.belief, evidence, world.trust_asymmetry)

    # Economy and power shares.
    world_gdp = state.gdp.sum(axis=1, keepdims=True)
    pressure = (state.sanction * state.gdp[:, :, None]).sum(axis=1) / world_gdp
    state.gdp *= 1.0 + world.growth - spec.sanction_effect * pressure
    power = state.forces @ (cat.offense + cat.defense)
    power = power + spec.alliance_commitment * np.einsum(
        "rij,rj->ri", state.ally.astype(float), power
    )
    total = power[:, :, None] + power[:, None, :]
    state.power_history.append(
        np.where(total > 0, power[:, :, None] / np.where(total > 0, total, 1), 0.5)
    )
    del state.power_history[: -(spec.forecast_window + 1)]
    state.cooldown = np.maximum(state.cooldown - 1, 0)
    state.spending = spent
    state.step += 1
    pair = np.maximum(np.maximum(d.war_hazard, preempt_p), (attack > 0).astype(float))
    hazard = 1.0 - np.prod(1.0 - np.maximum(pair, np.swapaxes(pair, 1, 2)), axis=2)
    return StepRecord(
        perception=per,
        spending=spent,
        incidents=incident.sum(axis=(1, 2)),
        crises=np.triu(crisis).sum(axis=(1, 2)),
        wars=wars,
        war_hazard=hazard,
    )
