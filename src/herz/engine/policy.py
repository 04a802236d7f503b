"""Decision rules: the built-in boundedly rational rule, scripted timelines, user policies.

A *policy* for one actor is any callable ``policy(observation) -> Decisions`` (see
:class:`herz.engine.state.Observation`); the engine uses row ``observation.actor`` of what it
returns. The built-in rule below decides for all actors at once. A scenario's timeline is
applied on top of whatever the policies decided (:func:`apply_timeline`).

The built-in rule (type-dependent, after Glaser 1997, 2010 and Kydd 1997):

- Arming: the arming rule of :mod:`herz.engine.arming`; greedy actors want ``1 + mu`` times what
  security needs. Spending varies by a log-normal factor (``world.arming_noise``).
The rule's constants are declared in ``[world.rule]`` (:class:`herz.engine.scenario.RuleSpec`;
defaults in brackets), so sweeps, audits and the web can reach them.

- Alert: raised in proportion to the security shortfall, ``clip(g (S* - S) / S*, 0, 1)``
  (``alert_gain`` [2]).
- Sanctions: on a non-ally believed greedy (``b > sanction_belief`` [0.7]), in proportion to
  the excess belief.
- Alliances: an actor short of security offers, with probability ``ally_rate`` [0.2] a step, an
  alliance to a non-ally it trusts (``b < ally_trust`` [0.3]) that faces the same main threat
  (Walt 1987, balancing against threat); an alliance forms when both offer.
- Statements: with probability ``candor`` per step, an actor that arms explains itself to each
  non-ally; a greedy actor's explanation is a bogus reason.
- Covert action: an actor with cyber capacity acts, with probability ``covert_rate`` [0.2] a
  step, against its main threat when greedy, or when it is nearly sure
  (``b > covert_belief`` [0.9]) that threat is greedy
  (counter-proliferation sabotage).
- Scripted deployments and sanctions stand until the timeline withdraws or lifts them
  (``withdraw``; ``sanction`` with amount 0); the rule's own postures are decided afresh
  each step.
- Demands (greedy actors only; Fearon 1995's risk-return trade-off): each greedy actor presses
  a demand on the non-ally in reach where its optimal demand gains most over the status quo,
  with probability ``demand_rate * logistic(rationality * gain)``
  (:mod:`herz.engine.war_choice`), backs it with forward deployment (in proportion to that
  chance) and with sanctions; the target's answer, and the war a refusal starts, are in
  :mod:`herz.engine.war`.
- Preventive war (any actor; Fearon 1995; Powell 2006): against the non-ally in reach with the
  largest hazard ``war_hazard_max * logistic(rationality * margin)``, the margin of Powell's
  condition on the feared part of the projected shift of power.
- Agreements: a greedy party cheats once a capped class binds (``cap_binding`` [0.95] of the
  cap); a party whose belief about a partner exceeds ``abandon_belief`` [0.85] abandons it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from herz.engine.actions import Action
from herz.engine.arming import desired_spending
from herz.engine.perception import Perception
from herz.engine.state import Decisions, Observation, State
from herz.engine.streams import Stream, below, normal
from herz.engine.war_choice import WarAssessment, quantal
from herz.engine.world import World

__all__ = [
    "Policy",
    "apply_timeline",
    "decide",
    "default_decisions",
    "observation_for",
    "power",
    "upkeep",
]

Policy = Callable[[Observation], Decisions]


def upkeep(forces: np.ndarray, world: World) -> np.ndarray:
    """Spending that replaces this step's depreciation, ``sum_k F_k dep_k cost_k``."""
    return forces @ (world.cat.depreciation * world.cat.cost)


def defense_per_cost(world: World) -> np.ndarray:
    """Defence bought per GDP unit by each actor's procurement mix, (N,) (computed once per
    world)."""
    return world.defense_per_cost


def _non_ally(state: State, ally: np.ndarray) -> np.ndarray:
    n = state.gdp.shape[1]
    return ~ally & ~np.eye(n, dtype=bool)[None]


def power(state: State, world: World, ally: np.ndarray) -> np.ndarray:
    """``(R, N)`` power ``P_i = sum_k F_ik (off_k + def_k) + alpha sum_{l ally} P_l``: what the
    preventive-war forecast tracks (Powell 2006)."""
    own = state.forces @ (world.cat.offense + world.cat.defense)
    return own + world.spec.alliance_commitment * np.einsum("rij,rj->ri", ally.astype(float), own)


def main_threat(per: Perception) -> np.ndarray:
    """``(R, N)``: the actor each one perceives as its main threat, -1 where none threatens."""
    top = per.threat.argmax(axis=2)
    return np.where(per.threat.max(axis=2) > 0, top, -1)


def default_decisions(
    world: World,
    state: State,
    per: Perception,
    war: WarAssessment,
    keys: np.ndarray,
    ally: np.ndarray | None = None,
    replacement: np.ndarray | None = None,
) -> Decisions:
    """The built-in rule for every actor in every run.

    ``ally`` and ``replacement`` (``state.ally`` and :func:`upkeep` of the state's forces) may
    be passed when already computed for this state."""
    spec = world.spec
    r, n = state.gdp.shape
    t = state.step
    d = Decisions.empty(r, n, world.k, world.blocs.shape[0], world.agreement_members.shape[0])
    ally = state.ally if ally is None else ally
    renewal = upkeep(state.forces, world) if replacement is None else replacement
    non_ally = _non_ally(state, ally)
    free = non_ally & (state.cooldown == 0)
    # Force is used, threatened or forward-deployed only within reach.
    reach = free & world.contact
    greedy = state.greedy
    belief = state.belief

    # Arming.
    ambition = 1.0 + spec.greed_premium * greedy
    wanted = desired_spending(
        per.threat.sum(axis=2),
        per.effective_defense - per.defense,
        per.defense,
        renewal,
        defense_per_cost(world),
        state.gdp,
        world.target_security,
        world.cost_sensitivity,
        world.max_budget_share,
        ambition,
        spec.arming_rate,
        world.min_budget_share,
    )
    a = spec.arming_noise
    noisy = wanted * np.exp(a * normal(keys, t, Stream.ARMING, (n,)) - 0.5 * a * a)
    d.spend = np.clip(noisy, world.min_budget_share * state.gdp,
                      world.max_budget_share * state.gdp)

    shortfall = (world.target_security - per.security) / world.target_security
    rule = spec.rule
    d.alert = np.clip(rule.alert_gain * shortfall, 0.0, 1.0)
    excess = (belief - rule.sanction_belief) / (1.0 - rule.sanction_belief)
    d.sanction = np.where(free, np.clip(excess, 0.0, 1.0), 0.0)

    # Alliances against a shared main threat.
    top_threat = main_threat(per)  # (R, N), -1 where nothing threatens
    same_threat = (top_threat[:, :, None] == top_threat[:, None, :]) & (top_threat >= 0)[:, :, None]
    insecure = per.security < world.target_security
    trusts = belief < rule.ally_trust
    offer = insecure[:, :, None] & trusts & same_threat & non_ally
    d.ally = below(keys, t, Stream.ALLIANCE, offer, rule.ally_rate)

    # Statements (bogus when the speaker is greedy).
    arming = d.spend > rule.surge * renewal
    d.statement = below(keys, t, Stream.POLICY, arming[:, :, None] & non_ally,
                        world.candor[None, :, None])
    d.bogus = d.statement & greedy[:, :, None]

    # Covert action against the main threat.
    cyber = state.forces @ world.cat.cyber
    main = np.zeros((r, n, n), dtype=bool)
    np.put_along_axis(main, np.maximum(top_threat, 0)[:, :, None], True, axis=2)
    main &= (top_threat >= 0)[:, :, None]
    threat_belief = np.take_along_axis(belief, np.maximum(top_threat, 0)[:, :, None], axis=2)
    sure = threat_belief[:, :, 0] > rule.covert_belief
    acts = (cyber > 0) & (greedy | sure)
    d.covert = np.where(
        below(keys, t, Stream.DISCRETE, main & acts[:, :, None] & free, rule.covert_rate),
        1.0,
        0.0,
    )

    # Greedy actors press demands (Fearon's risk-return trade-off), backed by forward
    # deployment; any actor may start a preventive war (Powell 2006). See war_choice.
    press = np.where(
        reach & greedy[:, :, None],
        spec.demand_rate * quantal(war.demand_gain, spec.rationality, 1.0),
        0.0,
    )
    preventive = np.where(
        reach, quantal(war.preventive, spec.rationality, spec.war_hazard_max), 0.0
    )
    target = press.argmax(axis=2)
    chosen = np.zeros((r, n, n), dtype=bool)
    np.put_along_axis(chosen, target[:, :, None], True, axis=2)
    d.deploy = np.where(chosen & (press > 0), press / max(spec.demand_rate, 1e-12), 0.0)
    d.coerce = below(keys, t, Stream.DEMAND, chosen, press)
    # One preventive war start at most per actor and step: the most likely one.
    target = preventive.argmax(axis=2)
    chosen = np.zeros((r, n, n), dtype=bool)
    np.put_along_axis(chosen, target[:, :, None], True, axis=2)
    starts = below(keys, t, Stream.WAR_START, chosen, preventive)
    d.attack = np.where(starts, int(Action.WAR_PREVENTIVE), 0)
    d.coerce &= ~starts
    d.war_hazard = np.where(chosen, preventive, 0.0) + press * war.war_risk
    # A demand comes with sanctions until it is met (coercive diplomacy).
    d.sanction = np.maximum(d.sanction, d.coerce.astype(float))

    # Agreements.
    member = state.in_agreement.transpose(0, 2, 1)  # (R, N, G)
    binding = np.isfinite(world.caps) & (
        state.forces[:, :, None, :] >= rule.cap_binding * world.caps[None, None]
    )
    d.cheat = member & greedy[:, :, None] & binding.any(axis=3)
    for g in range(world.agreement_members.shape[0]):
        partners = state.in_agreement[:, g, :]
        distrust = ((belief > rule.abandon_belief) & partners[:, None, :]).any(axis=2)
        d.abandon[:, :, g] = member[:, :, g] & distrust
    return d


def apply_timeline(d: Decisions, world: World, state: State) -> None:
    """Add this step's scripted acts to ``d`` (in every run); standing postures go to ``state``."""
    for act in world.timeline.get(state.step, []):
        i, j, c, code = act.actor, act.target, act.force_class, Action(act.code)
        if code is Action.ARM:
            d.buy[:, i, c] += act.amount / world.cat.cost[c]
        elif code is Action.DISARM:
            d.scrap[:, i, c] += act.amount
        elif code is Action.ALERT:
            d.alert[:, i] = min(act.amount, 1.0)
        elif code is Action.DEPLOY:
            state.standing_deploy[:, i, j] = min(act.amount, 1.0)
        elif code is Action.WITHDRAW:
            state.standing_deploy[:, i, j] = 0.0
        elif code is Action.ALLY:
            if act.alliance >= 0:
                d.join_bloc[:, i, act.alliance] = True
            else:
                d.ally_forced[:, i, j] = True
        elif code is Action.TRANSFER:
            d.transfers.append((i, j, c, act.amount))
        elif code is Action.SANCTION:
            state.standing_sanction[:, i, j] = min(act.amount, 1.0)
        elif code is Action.COVERT:
            d.covert[:, i, j] = min(act.amount, 1.0)
            if c >= 0:
                d.covert_class[(i, j)] = c
        elif code is Action.PROXY:
            d.proxies.append((i, j, act.against, act.amount))
        elif code is Action.AGREE:
            d.agree[:, i, act.agreement] = True
        elif code is Action.CHEAT:
            d.cheat[:, i, act.agreement] = True
        elif code is Action.ABANDON:
            d.abandon[:, i, act.agreement] = True
        elif code is Action.HOTLINE:
            d.hotline[:, i, j] = True
        elif code is Action.STATEMENT:
            d.statement[:, i, j] = True
            d.bogus[:, i, j] = not act.honest
        elif code is Action.CONCESSION:
            d.concession[:, i] = min(act.amount, 1.0)
        elif code is Action.ATTACK:
            d.attack[:, i, j] = int(Action.WAR_SCRIPTED)
        elif code is Action.COERCE:
            d.coerce[:, i, j] = True


def observation_for(
    actor: int,
    world: World,
    state: State,
    per: Perception,
    default: Decisions,
    ally: np.ndarray | None = None,
) -> Observation:
    """Actor *i*'s own view of the world: the input of a user policy (``ally``: ``state.ally``,
    when already computed)."""
    i = actor
    ally = state.ally if ally is None else ally
    free = _non_ally(state, ally)[:, i] & (state.cooldown[:, i] == 0)
    gdp = state.gdp[:, i]
    return Observation(
        actor=i,
        step=state.step,
        names=world.names,
        class_names=world.cat.names,
        gdp=state.gdp[:, i],
        forces=state.forces[:, i],
        greedy=state.greedy[:, i],
        belief=state.belief[:, i],
        observed_offense=per.observed[:, i],
        threat=per.threat[:, i],
        security=per.security[:, i],
        ally=ally[:, i],
        victory=per.victory[:, i],
        first_strike=per.first_strike[:, i],
        default=default,
        min_spend=world.min_budget_share[i] * gdp,
        max_spend=world.max_budget_share[i] * gdp,
        upkeep=upkeep(state.forces, world)[:, i],
        cyber=state.forces[:, i] @ world.cat.cyber,
        reach=free & world.contact[i][None],
        hotline=state.hotline[:, i].copy(),
        statements=state.statement[:, i].copy(),
        deployed_against=state.deploy[:, :, i].copy(),
        sanctioned_by=state.sanction[:, :, i].copy(),
        unit_cost=world.cat.cost,
        agreements=state.in_agreement[:, :, i].copy(),
    )


def decide(
    world: World,
    state: State,
    per: Perception,
    keys: np.ndarray,
    replacement: np.ndarray,
    war: WarAssessment,
    policies: dict[int, Policy] | None = None,
    ally: np.ndarray | None = None,
) -> Decisions:
    """Decide: what every actor does this step, on the state at the start of the step.

    The built-in rule decides for all actors (:func:`default_decisions`: Glaser 1997, 2010; Kydd
    1997); a user policy replaces its actor's row; a ``passive`` actor only replaces its
    depreciation (``replacement``, the upkeep of its forces); the timeline's acts for this step
    are added on top (:func:`apply_timeline`). Scripted deployments and sanctions stand until
    withdrawn or lifted; the rule may add to them.
    """
    r, n = state.gdp.shape
    ally = state.ally if ally is None else ally
    d = default_decisions(world, state, per, war, keys, ally=ally, replacement=replacement)
    for i, policy in (policies or {}).items():
        d = d.take_row(policy(observation_for(i, world, state, per, d, ally=ally)), i)
    if world.passive.any():
        quiet = Decisions.empty(
            r, n, world.k, world.blocs.shape[0], world.agreement_members.shape[0]
        )
        quiet.spend = replacement
        for quiet_actor in np.flatnonzero(world.passive):
            d = d.take_row(quiet, int(quiet_actor))
    apply_timeline(d, world, state)
    d.deploy = np.maximum(d.deploy, state.standing_deploy)
    d.sanction = np.maximum(d.sanction, state.standing_sanction)
    return d
