"""One step of the world: perceive, decide, act, learn, incidents, war, beliefs, economy.

Each phase is a function in the module of its mechanism; :func:`advance` applies them in the
order of the ODD's process overview:

1. perceive (:func:`herz.engine.context.perceive_step`);
2. decide: built-in rule, user policies, passive actors, timeline
   (:func:`herz.engine.policy.decide`);
3. act, in the order of :data:`herz.engine.acts.PHASES`: concessions, arming, posture,
   alliances, sanctions, covert attacks, transfers and proxies, statements, hotlines,
   agreements;
4. learn: observe arming, bogus reasons exposed (:mod:`herz.engine.learning`);
5. incidents and crises (:mod:`herz.engine.incidents`);
6. war: crises that turn to war (preemption, mutual optimism), demands met or refused,
   war starts and outcomes (:mod:`herz.engine.war`);
7. belief update with all the step's evidence, after the prior's pull of possible changes
   of motive (:func:`herz.engine.learning.update_beliefs`);
8. economy: growth, power shares, cool-downs (:mod:`herz.engine.economy`).

Phases share the step's inputs (:class:`~herz.engine.context.StepContext`, which also logs acts)
and the evidence about motives collected over the step (:class:`~herz.engine.context.Evidence`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from herz.engine import acts, economy, incidents, learning, war
from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext, perceive_step
from herz.engine.events import EventLog, hostility_levels
from herz.engine.perception import Perception
from herz.engine.policy import Policy, decide
from herz.engine.state import Decisions, State
from herz.engine.world import World

__all__ = ["PairRecord", "StepRecord", "act_and_learn", "advance", "fight_and_close"]


@dataclass(frozen=True)
class PairRecord:
    """What one step produced per pair ``[r, i, j]`` (``i`` acting on ``j``), for the dyad
    outputs (:mod:`herz.results.dyads`)."""

    incident: np.ndarray  # (R, N, N) bool, i < j: an incident
    crisis: np.ndarray  # (R, N, N) bool, both orders: a crisis
    demand: np.ndarray  # (R, N, N) bool: i pressed a demand on j
    deployment: np.ndarray  # (R, N, N) bool: i newly deployed forward against j
    force: np.ndarray  # (R, N, N) bool: i used force on j (a demand pressed with forward
    # deployment, or an attack)
    war: np.ndarray  # (R, N, N) int: the war code of a war i started on j (0: none)
    hazard: np.ndarray  # (R, N, N): the chance i starts a war on j this step, from the rule's
    # hazard (preventive war, a refused demand) and the crisis hazard
    level: np.ndarray  # (R, N, N) int8, symmetric: the highest MID hostility level reached
    own_level: np.ndarray  # (R, N, N) int8: the same, leaving out the timeline's acts


@dataclass(frozen=True)
class StepRecord:
    """What one step produced, for the trajectories and the per-run metrics."""

    perception: Perception
    spending: np.ndarray  # (R, N)
    incidents: np.ndarray  # (R,) count
    crises: np.ndarray  # (R,) count
    wars: dict[int, np.ndarray]  # war code -> (R,) count of wars started
    war_hazard: np.ndarray  # (R, N): chance a war involving i starts this step
    pairs: PairRecord | None = None


def advance(
    world: World,
    state: State,
    keys: np.ndarray,
    runs: np.ndarray,
    log: EventLog,
    policies: dict[int, Policy] | None = None,
) -> StepRecord:
    """Advance ``state`` in place by one step and return what happened."""
    ctx = perceive_step(world, state, keys, runs, log)
    d = decide(
        world,
        state,
        ctx.perception,
        keys,
        replacement=ctx.replacement,
        war=ctx.war,
        policies=policies,
        ally=ctx.ally,
    )
    evidence = Evidence.start(state, world)
    spent, deployed = act_and_learn(ctx, d, evidence)
    return fight_and_close(ctx, d, evidence, spent, deployed)


def fight_and_close(ctx: StepContext, d: Decisions, evidence: Evidence, spent: np.ndarray,
                    deployed: np.ndarray) -> StepRecord:
    """Phases 5 to 8 of :func:`advance`, after :func:`act_and_learn` (``spent``, ``deployed``
    are what it returned): incidents and crises, wars, the belief update with the step's
    evidence, the economy. Returns the step's record."""
    state, world = ctx.state, ctx.world
    incident, crisis = incidents.incidents_and_crises(ctx, evidence)
    attack, crisis_hazard = war.crisis_wars(ctx, d, crisis=crisis)
    pressing = war.demands_made(ctx, d)
    attack, _ = war.answer_demands(ctx, d, attack=attack, evidence=evidence)
    starts, wars = war.start_wars(ctx, attack=attack, evidence=evidence)
    pairs = _pairs(ctx, d, incident, crisis, deployed, pressing, np.where(starts, attack, 0),
                   crisis_hazard)
    learning.update_beliefs(state, world, evidence)
    economy.close_step(ctx, spent=spent)

    return StepRecord(
        perception=ctx.perception,
        spending=spent,
        incidents=incident.sum(axis=(1, 2)),
        crises=np.triu(crisis).sum(axis=(1, 2)),
        wars=wars,
        war_hazard=war.war_hazard(d.war_hazard, crisis=crisis_hazard, attack=starts),
        pairs=pairs,
    )


def act_and_learn(ctx: StepContext, d: Decisions, evidence: Evidence
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Phases 3 and 4 of :func:`advance`: the acts in the order of
    :data:`herz.engine.acts.PHASES`, then what observers learn from arming and from bogus
    reasons exposed. Returns ``(spent, deployed)``: the GDP each actor spent on forces
    ``(R, N)`` and the new forward deployments ``(R, N, N)``."""
    acts.concede(ctx, d, evidence)
    spent = acts.arm(ctx, d)
    deployed = acts.take_posture(ctx, d, evidence)
    acts.form_alliances(ctx, d, evidence)
    acts.impose_sanctions(ctx, d, evidence)
    acts.attack_covertly(ctx, d, evidence)
    acts.transfer_and_support(ctx, d, evidence)
    acts.make_statements(ctx, d)
    acts.open_hotlines(ctx, d)
    acts.keep_agreements(ctx, d, evidence)
    learning.observe_arming(ctx, spent=spent, evidence=evidence)
    learning.expose_bogus_reasons(ctx, evidence)
    return spent, deployed


def _scripted(ctx: StepContext, code: Action) -> np.ndarray:
    """``(N, N)`` bool: pairs on which the timeline prescribes ``code`` this step."""
    n = ctx.world.n
    out = np.zeros((n, n), dtype=bool)
    for c, i, j in ctx.scripted:
        if c == int(code):
            out[i, :] |= j < 0
            if j >= 0:
                out[i, j] = True
    return out


def _pairs(
    ctx: StepContext,
    d: Decisions,
    incident: np.ndarray,
    crisis: np.ndarray,
    deployed: np.ndarray,
    pressing: np.ndarray,
    war_code: np.ndarray,
    crisis_hazard: np.ndarray,
) -> PairRecord:
    forward = ctx.state.deploy > 0
    started = war_code > 0
    force = (pressing & forward) | started
    own_demand = pressing & ~_scripted(ctx, Action.COERCE)[None]
    own_deploy = deployed & ~_scripted(ctx, Action.DEPLOY)[None]
    own_war = started & (war_code != int(Action.WAR_SCRIPTED))
    return PairRecord(
        incident=incident,
        crisis=crisis,
        demand=pressing,
        deployment=deployed,
        force=force,
        war=war_code,
        hazard=1.0 - (1.0 - d.war_hazard) * (1.0 - crisis_hazard),
        level=hostility_levels(pressing, deployed, crisis, force, started),
        own_level=hostility_levels(own_demand, own_deploy, crisis,
                                   (own_demand & forward) | own_war, own_war),
    )
