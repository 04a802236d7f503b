"""The step as a pipeline of phases: each phase alone on a small world, and their order.

Kinds: unit (one phase called on a fresh three-actor world: what it changes when its input is
on, and that it changes nothing when its input is off) and structural (``advance`` calls the
phases in the documented order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pytest

import herz.engine.step as step_module
from herz.engine import acts, economy, incidents, learning, war
from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext, perceive_step
from herz.engine.events import EventLog
from herz.engine.perception import seen_offense_weights
from herz.engine.policy import power
from herz.engine.scenario import parse_scenario
from herz.engine.state import Decisions, initial_state
from herz.engine.step import advance
from herz.engine.streams import run_keys
from herz.engine.war_choice import cost_scales
from herz.engine.world import World, compile_world

R = 4
BLUE, RED, GREEN = 0, 1, 2
FORCES = {"conventional_offensive": 3.0, "conventional_defensive": 3.0}
OFF = ~np.eye(3, dtype=bool)


@dataclass
class Setup:
    world: World
    ctx: StepContext
    d: Decisions
    ev: Evidence

    @property
    def codes(self) -> list[int]:
        return self.ctx.log.columns()["code"].tolist()


def _world(world: dict[str, Any] | None = None, **extra: Any) -> World:
    """Blue, Red and Green; Blue and Red party to a treaty capping offensive forces at 3.5."""
    data: dict[str, Any] = {
        "name": "pipeline",
        "steps": 5,
        "world": world or {},
        "actors": [
            {"name": name, "gdp": 100, "motive": "security", "forces": dict(FORCES)}
            for name in ("Blue", "Red", "Green")
        ],
        "agreements": [
            {
                "name": "treaty",
                "members": ["Blue", "Red"],
                "caps": {"conventional_offensive": 3.5},
                "monitoring": 1.0,
            }
        ],
    }
    data.update(extra)
    return compile_world(parse_scenario(data, source="pipeline"))


def _setup(world: dict[str, Any] | None = None, step: int = 0, **extra: Any) -> Setup:
    w = _world(world, **extra)
    state = initial_state(w, np.zeros((R, w.n), dtype=bool))
    state.step = step
    ctx = perceive_step(w, state, run_keys(3, R), np.arange(R), EventLog(keep=R))
    d = Decisions.empty(R, w.n, w.k, w.blocs.shape[0], w.agreement_members.shape[0])
    return Setup(w, ctx, d, Evidence.start(state, w))


def _k(s: Setup, name: str) -> int:
    return s.world.cat.index(name)


def _pair(value: float, i: int = BLUE, j: int = RED, fill: float = -10.0) -> np.ndarray:
    """``(R, 3, 3)`` margins or probabilities: ``value`` for ``[i, j]``, ``fill`` elsewhere."""
    out = np.full((R, 3, 3), fill)
    out[:, i, j] = value
    return out


# Evidence --------------------------------------------------------------------------------------


def test_a_hostile_act_is_evidence_of_greed_bounded_by_the_tremble() -> None:
    s = _setup()
    assert s.ev.hostile.shape == (R, 3, 3)
    assert (s.ev.hostile[:, OFF] > 0).all()
    assert (s.ev.hostile < s.ev.telling).all()  # one act says less than an act against a rule
    np.testing.assert_allclose(s.ev.telling, np.log(0.9 / 0.1))  # act_noise 0.1
    # Empathy: j's fear of i, allowed for, explains j's hostile acts and weakens the evidence.
    s.ctx.state.belief[:, RED, BLUE] = 0.9  # Red fears Blue
    blind = Evidence.start(s.ctx.state, s.world)
    empathic = Evidence.start(
        s.ctx.state, _world(actors=[
            {"name": n, "gdp": 100, "motive": "security", "forces": dict(FORCES), "empathy": 1.0}
            for n in ("Blue", "Red", "Green")
        ])
    )
    assert empathic.hostile[0, BLUE, RED] < blind.hostile[0, BLUE, RED]


# Acts ------------------------------------------------------------------------------------------


def test_concession_off_changes_nothing() -> None:
    s = _setup()
    before = s.ctx.state.forces.copy()
    acts.concede(s.ctx, s.d, s.ev)
    np.testing.assert_array_equal(s.ctx.state.forces, before)
    assert not s.ev.L.any() and len(s.ctx.log) == 0
    assert (s.ctx.state.last_concession == -1).all()


def test_concession_gives_up_offensive_classes_and_reassures_every_observer() -> None:
    s = _setup(step=2)
    before = s.ctx.state.forces.copy()
    s.d.concession[:, BLUE] = 0.5
    conceded = acts.concede(s.ctx, s.d, s.ev)
    offensive = seen_offense_weights(s.world.cat, s.world.spec) > s.world.cat.defense
    assert offensive.any() and not offensive.all()
    expected = np.where(offensive, 0.5, 1.0) * before[:, BLUE]
    np.testing.assert_allclose(s.ctx.state.forces[:, BLUE], expected)
    np.testing.assert_allclose(conceded[:, BLUE], before[:, BLUE] - expected)
    np.testing.assert_array_equal(s.ctx.state.forces[:, RED], before[:, RED])
    # As telling as an act only a security-seeker's rule takes, for every observer.
    assert s.ev.telling > 0
    np.testing.assert_allclose(s.ev.L[:, [RED, GREEN], BLUE], -s.ev.telling)
    assert not s.ev.L[:, :, [RED, GREEN]].any()
    np.testing.assert_array_equal(s.ctx.state.last_concession, [[2, -1, -1]] * R)
    assert s.codes == [int(Action.CONCESSION)] * R


def test_arming_buys_forces_with_positive_spending_within_the_caps() -> None:
    s = _setup()
    state, cat = s.ctx.state, s.world.cat
    before = state.forces.copy()
    s.d.spend[:, BLUE] = 5.0
    s.d.spend[:, GREEN] = 5.0
    spent = acts.arm(s.ctx, s.d)
    # Green, outside the treaty, spends all it decided and its stock grows.
    np.testing.assert_allclose(spent[:, GREEN], 5.0)
    assert (state.forces[:, GREEN] @ cat.cost > before[:, GREEN] @ cat.cost).all()
    # Blue complies with the cap on offensive forces, so it spends less.
    off = _k(s, "conventional_offensive")
    np.testing.assert_allclose(state.forces[:, BLUE, off], 3.5)
    assert (spent[:, BLUE] < 5.0).all() and (spent[:, BLUE] > 0).all()
    # Red decided nothing: its forces only depreciate and it spent nothing.
    np.testing.assert_allclose(state.forces[:, RED], before[:, RED] * (1 - cat.depreciation))
    np.testing.assert_allclose(spent[:, RED], 0.0, atol=1e-12)
    # Surges are logged and count as escalations; no one else escalated.
    assert s.codes == [int(Action.ARM)] * (2 * R)
    np.testing.assert_array_equal(state.last_hostile, [[0, -1, 0]] * R)


def test_a_cheater_is_not_bound_by_the_caps() -> None:
    s = _setup()
    s.d.spend[:, BLUE] = 5.0
    s.d.cheat[:, BLUE, 0] = True
    acts.arm(s.ctx, s.d)
    assert (s.ctx.state.forces[:, BLUE, _k(s, "conventional_offensive")] > 3.5).all()
    assert s.ctx.state.cheating[:, 0, BLUE].all()


def test_posture_deploys_forward_as_a_hostile_act() -> None:
    s = _setup(step=1)
    acts.take_posture(s.ctx, s.d, s.ev)
    assert not s.ev.L.any() and not s.ctx.state.deploy.any() and len(s.ctx.log) == 0
    s = _setup(step=1)
    s.d.deploy[:, BLUE, RED] = 0.5
    s.d.alert[:, GREEN] = 0.9
    new = acts.take_posture(s.ctx, s.d, s.ev)
    assert new[:, BLUE, RED].all() and new.sum() == R
    np.testing.assert_allclose(s.ctx.state.deploy[:, BLUE, RED], 0.5)
    np.testing.assert_allclose(s.ctx.state.alert[:, GREEN], 0.9)
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile[:, RED, BLUE])
    assert np.count_nonzero(s.ev.L) == R
    assert (s.ctx.state.last_hostile[:, BLUE] == 1).all()
    assert s.codes == [int(Action.DEPLOY)] * R


def test_the_rules_deployments_at_step_0_are_standing_postures() -> None:
    """At step 0 the rule's deployment is the posture held when the scenario opens: set, but
    neither logged nor evidence; a deployment the timeline prescribes at step 0 is new."""
    s = _setup()
    s.d.deploy[:, BLUE, RED] = 0.5
    new = acts.take_posture(s.ctx, s.d, s.ev)
    assert not new.any() and not s.ev.L.any() and len(s.ctx.log) == 0
    np.testing.assert_allclose(s.ctx.state.deploy[:, BLUE, RED], 0.5)
    s = _setup()
    s.ctx.state.standing_deploy[:, BLUE, RED] = 0.5
    s.d.deploy[:, BLUE, RED] = 0.5
    new = acts.take_posture(s.ctx, s.d, s.ev)
    assert new[:, BLUE, RED].all() and new.sum() == R


def test_an_alliance_forms_only_on_mutual_offers_and_is_no_evidence() -> None:
    s = _setup()
    s.d.ally[:, BLUE, GREEN] = True
    assert not acts.form_alliances(s.ctx, s.d, s.ev).any()
    assert not s.ctx.state.ally.any() and len(s.ctx.log) == 0
    s.d.ally[:, GREEN, BLUE] = True
    formed = acts.form_alliances(s.ctx, s.d, s.ev)
    assert formed[:, BLUE, GREEN].all() and formed[:, GREEN, BLUE].all() and formed.sum() == 2 * R
    assert s.ctx.state.ally[:, BLUE, GREEN].all()
    assert not s.ev.L.any()  # both types balance alike: no one learns about motives
    assert s.codes == [int(Action.ALLY)] * R


def test_sanctions_are_hostile_and_never_between_allies() -> None:
    s = _setup(alliances=[{"name": "pact", "members": ["Blue", "Green"]}])
    acts.impose_sanctions(s.ctx, s.d, s.ev)
    assert not s.ev.L.any() and not s.ctx.state.sanction.any() and len(s.ctx.log) == 0
    s.d.sanction[:, BLUE, RED] = 1.0
    s.d.sanction[:, BLUE, GREEN] = 1.0
    new = acts.impose_sanctions(s.ctx, s.d, s.ev)
    np.testing.assert_array_equal(s.ctx.state.sanction[:, BLUE], [[0.0, 1.0, 0.0]] * R)
    assert new.sum() == R
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile[:, RED, BLUE])
    assert np.count_nonzero(s.ev.L) == R
    assert s.codes == [int(Action.SANCTION)] * R


def test_covert_attacks_destroy_part_of_the_targets_largest_class() -> None:
    s = _setup({"covert_detection": 1.0})
    state = s.ctx.state
    acts.attack_covertly(s.ctx, s.d, s.ev)
    assert not s.ev.L.any() and len(s.ctx.log) == 0
    state.forces[:, BLUE, _k(s, "cyber")] = 4.0
    state.forces[:, RED, _k(s, "conventional_defensive")] = 5.0
    before = state.forces.copy()
    s.d.covert[:, BLUE, RED] = 1.0
    assert acts.attack_covertly(s.ctx, s.d, s.ev)[:, BLUE, RED].all()
    k = _k(s, "conventional_defensive")
    share = s.world.spec.covert_effect * 4.0 / 5.0
    np.testing.assert_allclose(state.forces[:, RED, k], 5.0 * (1 - share))
    changed = state.forces != before
    assert changed[:, RED, k].all() and changed.sum() == R
    # Always attributed here.
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile[:, RED, BLUE])
    assert np.count_nonzero(s.ev.L) == R


def test_transfers_move_forces_and_proxy_support_is_hostile_to_the_rival() -> None:
    s = _setup()
    state = s.ctx.state
    off = _k(s, "conventional_offensive")
    total = state.forces.sum(axis=1).copy()
    s.d.transfers.append((BLUE, GREEN, off, 1.0))
    moved = acts.transfer_and_support(s.ctx, s.d, s.ev)
    np.testing.assert_allclose(moved[0], 1.0)
    np.testing.assert_allclose(state.forces[:, BLUE, off], 2.0)
    np.testing.assert_allclose(state.forces[:, GREEN, off], 4.0)
    np.testing.assert_allclose(state.forces.sum(axis=1), total)
    assert not s.ev.L.any()
    s.d.transfers.clear()
    s.d.proxies.append((BLUE, GREEN, RED, 10.0))
    acts.transfer_and_support(s.ctx, s.d, s.ev)
    assert (state.forces.sum(axis=1) > total).any()
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile[:, RED, BLUE])
    assert np.count_nonzero(s.ev.L) == R
    assert sorted(s.codes) == [int(Action.TRANSFER)] * R + [int(Action.PROXY)] * R


def test_statements_reach_the_recipient_and_bogus_ones_wait_for_exposure() -> None:
    s = _setup()
    assert not acts.make_statements(s.ctx, s.d).any() and not s.ctx.state.bogus_pending.any()
    s.d.statement[:, BLUE, RED] = True
    s.d.bogus[:, BLUE, RED] = True
    heard = acts.make_statements(s.ctx, s.d)
    assert heard[:, RED, BLUE].all() and heard.sum() == R
    assert s.ctx.state.bogus_pending[:, RED, BLUE].all()
    assert s.ctx.log.columns()["amount"].tolist() == [0.0] * R


def test_a_hotline_asked_for_by_one_side_links_both() -> None:
    s = _setup()
    assert not acts.open_hotlines(s.ctx, s.d).any()
    s.d.hotline[:, RED, BLUE] = True
    acts.open_hotlines(s.ctx, s.d)
    assert s.ctx.state.hotline[:, BLUE, RED].all() and s.ctx.state.hotline[:, RED, BLUE].all()
    assert s.codes == [int(Action.HOTLINE)] * R


def test_verified_compliance_reassures_only_while_a_cap_binds() -> None:
    s = _setup()  # offensive forces 3.0 under a cap of 3.5: the cap does not bind
    acts.keep_agreements(s.ctx, s.d, s.ev)
    assert not s.ev.L.any() and len(s.ctx.log) == 0

    s = _setup()
    s.ctx.state.forces[:, RED, _k(s, "conventional_offensive")] = 3.5  # Red's cap binds
    acts.keep_agreements(s.ctx, s.d, s.ev)
    # Monitoring 1: a greedy Red would have cheated and been caught, as telling as it gets.
    np.testing.assert_allclose(s.ev.L[:, BLUE, RED], -s.ev.telling)
    assert np.count_nonzero(s.ev.L) == R  # Blue's cap does not bind; Green is no party
    assert len(s.ctx.log) == 0


def test_agreements_catch_cheaters() -> None:
    s = _setup()
    s.ctx.state.cheating[:, 0, RED] = True
    caught = acts.keep_agreements(s.ctx, s.d, s.ev)
    assert caught[:, BLUE, RED].all() and caught.sum() == R
    np.testing.assert_allclose(s.ev.L[:, BLUE, RED], s.ev.telling)
    assert np.count_nonzero(s.ev.L) == R
    assert not s.ctx.state.in_agreement[:, 0, BLUE].any()  # the detecting party leaves
    assert s.codes == [int(Action.DETECTED_CHEATING)] * R
    logged = s.ctx.log.columns()  # by the cheater, Red; its target is who caught it, Blue
    assert (logged["actor"] == RED).all() and (logged["target"] == BLUE).all()


def test_abandoning_an_agreement_is_hostile_to_the_partners() -> None:
    s = _setup()
    s.d.abandon[:, BLUE, 0] = True
    acts.keep_agreements(s.ctx, s.d, s.ev)
    assert not s.ctx.state.in_agreement[:, 0, BLUE].any()
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile[:, RED, BLUE])
    assert np.count_nonzero(s.ev.L) == R
    assert (s.ctx.state.last_hostile[:, BLUE] == 0).all()
    assert s.codes == [int(Action.ABANDON)] * R


# Learning, incidents, war, economy --------------------------------------------------------------


def test_arming_far_above_a_security_seekers_is_evidence_of_greed_without_a_cap() -> None:
    s = _setup()
    spent = np.zeros((R, 3))
    spent[:, RED] = 50.0
    judged = learning.observe_arming(s.ctx, spent, s.ev)
    assert (judged[:, [BLUE, GREEN], RED] > 0).all()
    assert (judged[:, :, BLUE] < 0).all()  # spending nothing looks benign
    np.testing.assert_array_equal(s.ev.L, judged)
    # No cap: the evidence grows with the surge, and a huge one says far more than any act.
    spent[:, RED] = 1e5
    t = _setup()
    huge = learning.observe_arming(t.ctx, spent, t.ev)
    assert (huge[:, [BLUE, GREEN], RED] > judged[:, [BLUE, GREEN], RED]).all()
    assert (huge[:, [BLUE, GREEN], RED] > 4 * t.ev.telling).all()


def test_rearming_soon_after_a_concession_reneges_on_it() -> None:
    def judged(last_concession: int) -> np.ndarray:
        s = _setup(step=3)
        s.ctx.state.last_concession[:, RED] = last_concession
        spent = s.ctx.replacement.copy()
        spent[:, RED] *= 2.0  # a surge
        return learning.observe_arming(s.ctx, spent, s.ev)

    telling = _setup().ev.telling
    never, recent, long_ago = judged(-1), judged(1), judged(-1 + 3 - 10)
    np.testing.assert_allclose(recent[:, :, RED], never[:, :, RED] + telling)
    np.testing.assert_allclose(recent[:, :, [BLUE, GREEN]], never[:, :, [BLUE, GREEN]])
    np.testing.assert_allclose(long_ago, never)


def test_bogus_reasons_exposed_cost_credibility() -> None:
    s = _setup({"bogus_exposure": 1.0})
    state = s.ctx.state
    assert not learning.expose_bogus_reasons(s.ctx, s.ev).any() and not s.ev.L.any()
    state.bogus_pending[:, RED, BLUE] = True
    exposed = learning.expose_bogus_reasons(s.ctx, s.ev)
    assert exposed[:, RED, BLUE].all() and not state.bogus_pending.any()
    loss = 1 - s.world.spec.credibility_loss
    np.testing.assert_allclose(state.credibility[:, RED, BLUE], 0.8 * loss)
    # Only a greedy speaker's rule gives bogus reasons.
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.telling)
    assert np.count_nonzero(s.ev.L) == R
    assert s.codes == [int(Action.BOGUS_EXPOSED)] * R
    logged = s.ctx.log.columns()  # by Red, who was told; its target is the speaker, Blue
    assert (logged["actor"] == RED).all() and (logged["target"] == BLUE).all()


def test_the_belief_update_applies_the_steps_evidence() -> None:
    s = _setup({"type_change": 0.0})
    before = s.ctx.state.belief.copy()
    learning.update_beliefs(s.ctx.state, s.world, s.ev)
    np.testing.assert_allclose(s.ctx.state.belief, before)  # no evidence, no change
    s.ev.hostile_to(np.eye(3, k=1, dtype=bool)[None].repeat(R, axis=0))  # 0 on 1, 1 on 2
    learning.update_beliefs(s.ctx.state, s.world, s.ev)
    assert (s.ctx.state.belief[:, RED, BLUE] > before[:, RED, BLUE]).all()
    assert (s.ctx.state.belief[:, GREEN, RED] > before[:, GREEN, RED]).all()
    np.testing.assert_allclose(s.ctx.state.belief[:, BLUE, RED], before[:, BLUE, RED])


def test_the_belief_update_pulls_beliefs_back_towards_the_prior() -> None:
    s = _setup({"type_change": 0.1})
    prior = s.world.belief0
    s.ctx.state.belief[:, BLUE, RED] = 0.9
    learning.update_beliefs(s.ctx.state, s.world, s.ev)  # no evidence this step
    np.testing.assert_allclose(
        s.ctx.state.belief[:, BLUE, RED], 0.9 * 0.9 + 0.1 * prior[BLUE, RED]
    )
    np.testing.assert_allclose(s.ctx.state.belief[:, RED, BLUE], prior[RED, BLUE])


def test_incidents_become_crises_when_misread() -> None:
    s = _setup({"incident_rate": 0.0})
    incident, crisis = incidents.incidents_and_crises(s.ctx, s.ev)
    assert not incident.any() and not crisis.any() and not s.ev.L.any() and len(s.ctx.log) == 0

    s = _setup({"incident_rate": 1.0, "misread": 0.0})
    incident, crisis = incidents.incidents_and_crises(s.ctx, s.ev)
    assert incident.sum() == 3 * R and not crisis.any() and not s.ev.L.any()

    s = _setup({"incident_rate": 1.0, "misread": 1.0, "crisis_hotline_prob": 1.0})
    incident, crisis = incidents.incidents_and_crises(s.ctx, s.ev)
    assert crisis[:, OFF].all()
    np.testing.assert_allclose(s.ev.L[:, OFF], 0.5 * s.ev.hostile[:, OFF])
    assert (s.ctx.state.alert >= 0.8).all() and s.ctx.state.hotline[:, OFF].all()
    assert sorted(set(s.codes)) == [int(Action.INCIDENT), int(Action.CRISIS)]


def _crisis_setup(preemptive: float, optimism: float, **extra: Any) -> Setup:
    """A world where Blue's war margins against Red are set: certain wars in a crisis."""
    s = _setup({"war_hazard_max": 1.0}, **extra)
    s.ctx.war = replace(s.ctx.war, preemptive=_pair(preemptive), optimism=_pair(optimism))
    return s


def test_preemption_needs_a_crisis() -> None:
    s = _crisis_setup(preemptive=10.0, optimism=-10.0)
    crisis = np.zeros((R, 3, 3), dtype=bool)
    attack, hazard = war.crisis_wars(s.ctx, s.d, crisis)
    assert not attack.any() and not hazard.any()
    crisis[:, BLUE, RED] = crisis[:, RED, BLUE] = True
    attack, hazard = war.crisis_wars(s.ctx, s.d, crisis)
    assert (attack[:, BLUE, RED] == int(Action.WAR_PREEMPTIVE)).all()
    assert np.count_nonzero(attack) == R  # Red's margins are negative: it does not strike
    np.testing.assert_allclose(hazard[:, BLUE, RED], 1.0)
    assert (hazard[:, RED, BLUE] < 1e-3).all() and not hazard[:, :, GREEN].any()
    # No state logs or learns anything here: the wars start later.
    assert len(s.ctx.log) == 0 and not s.ev.L.any()


def test_mutual_optimism_needs_a_crisis() -> None:
    s = _crisis_setup(preemptive=-10.0, optimism=10.0)
    crisis = np.zeros((R, 3, 3), dtype=bool)
    attack, _ = war.crisis_wars(s.ctx, s.d, crisis)
    assert not attack.any()
    crisis[:, BLUE, RED] = crisis[:, RED, BLUE] = True
    attack, hazard = war.crisis_wars(s.ctx, s.d, crisis)
    assert (attack[:, BLUE, RED] == int(Action.WAR_MUTUAL_OPTIMISM)).all()
    assert np.count_nonzero(attack) == R
    np.testing.assert_allclose(hazard[:, BLUE, RED], 1.0)


def test_a_scripted_attack_happens_during_a_cool_down_and_a_rules_attack_does_not() -> None:
    s = _crisis_setup(preemptive=-10.0, optimism=-10.0)
    no_crisis = np.zeros((R, 3, 3), dtype=bool)
    s.d.attack[:, BLUE, RED] = int(Action.WAR_PREVENTIVE)  # the rule's
    s.d.attack[:, GREEN, RED] = int(Action.WAR_SCRIPTED)
    attack, _ = war.crisis_wars(s.ctx, s.d, no_crisis)
    assert (attack[:, BLUE, RED] == int(Action.WAR_PREVENTIVE)).all()  # decided attacks pass
    assert (attack[:, GREEN, RED] == int(Action.WAR_SCRIPTED)).all()
    s.ctx.state.cooldown[:, BLUE, RED] = s.ctx.state.cooldown[:, RED, BLUE] = 2
    s.ctx.state.cooldown[:, GREEN, RED] = s.ctx.state.cooldown[:, RED, GREEN] = 2
    attack, _ = war.crisis_wars(s.ctx, s.d, no_crisis)
    assert not attack[:, BLUE, RED].any()
    assert (attack[:, GREEN, RED] == int(Action.WAR_SCRIPTED)).all()
    assert np.count_nonzero(attack) == R
    # A crisis war is not fought during a cool-down either.
    s = _crisis_setup(preemptive=10.0, optimism=10.0)
    s.ctx.state.cooldown[:, BLUE, RED] = 2
    crisis = np.zeros((R, 3, 3), dtype=bool)
    crisis[:, BLUE, RED] = crisis[:, RED, BLUE] = True
    assert not war.crisis_wars(s.ctx, s.d, crisis)[0].any()


def test_allies_fight_only_by_a_scripted_attack() -> None:
    s = _crisis_setup(preemptive=10.0, optimism=10.0,
                      alliances=[{"name": "pact", "members": ["Blue", "Red"]}])
    crisis = np.zeros((R, 3, 3), dtype=bool)
    crisis[:, BLUE, RED] = crisis[:, RED, BLUE] = True
    assert not war.crisis_wars(s.ctx, s.d, crisis)[0].any()
    s.d.attack[:, BLUE, RED] = int(Action.WAR_SCRIPTED)
    attack, _ = war.crisis_wars(s.ctx, s.d, crisis)
    assert (attack[:, BLUE, RED] == int(Action.WAR_SCRIPTED)).all()


def _demand_setup(demand: float, defending: float, defense_cost: float) -> Setup:
    """Blue's and Green's demands on Red, with Red's answer fixed (no uncertain resolve)."""
    s = _setup({"resolve_uncertainty": 0.0})
    w = s.ctx.war
    s.ctx.war = replace(
        w,
        demand=np.full_like(w.demand, demand),
        defending=np.full_like(w.defending, defending),
        defense_cost=np.full_like(w.defense_cost, defense_cost),
    )
    return s


def test_a_demand_met_transfers_gdp_from_each_demanders_target() -> None:
    s = _demand_setup(demand=0.6, defending=0.5, defense_cost=0.2)  # 0.6 <= 0.7: Red gives way
    state, w = s.ctx.state, s.ctx.war
    gdp = state.gdp.copy()
    no_attack = np.zeros((R, 3, 3), dtype=int)
    attack, give = war.answer_demands(s.ctx, s.d, no_attack, s.ev)
    assert not attack.any() and not give.any() and not s.ev.L.any() and len(s.ctx.log) == 0
    np.testing.assert_array_equal(state.gdp, gdp)

    s.d.coerce[:, BLUE, RED] = s.d.coerce[:, GREEN, RED] = True
    attack, give = war.answer_demands(s.ctx, s.d, no_attack, s.ev)
    assert not attack.any()
    assert give[:, BLUE, RED].all() and give[:, GREEN, RED].all() and give.sum() == 2 * R
    q = w.status_quo[:, BLUE]
    np.testing.assert_allclose(q, 0.5)  # a security-seeker's share of the issue
    paid = (0.6 - q) / (1 - q) * w.stake[:, BLUE, RED]
    assert (paid > 0).all()
    # Red gives way to both demanders, and pays both.
    np.testing.assert_allclose(state.gdp[:, RED], gdp[:, RED] - 2 * paid)
    np.testing.assert_allclose(state.gdp[:, BLUE], gdp[:, BLUE] + paid)
    np.testing.assert_allclose(state.gdp[:, GREEN], gdp[:, GREEN] + paid)
    # A demand is hostile; giving way is logged by the target.
    np.testing.assert_allclose(s.ev.L[:, RED, [BLUE, GREEN]], s.ev.hostile[:, RED, [BLUE, GREEN]])
    assert np.count_nonzero(s.ev.L) == 2 * R
    assert (state.last_hostile[:, [BLUE, GREEN]] == 0).all()
    assert sorted(s.codes) == [int(Action.COERCE)] * 2 * R + [int(Action.CONCEDED)] * 2 * R


def test_a_demand_refused_becomes_an_opportunistic_war() -> None:
    s = _demand_setup(demand=0.9, defending=0.5, defense_cost=0.2)  # 0.9 > 0.7: Red fights
    gdp = s.ctx.state.gdp.copy()
    s.d.coerce[:, BLUE, RED] = True
    attack, give = war.answer_demands(s.ctx, s.d, np.zeros((R, 3, 3), dtype=int), s.ev)
    assert not give.any()
    assert (attack[:, BLUE, RED] == int(Action.WAR_OPPORTUNISTIC)).all()
    assert np.count_nonzero(attack) == R
    np.testing.assert_array_equal(s.ctx.state.gdp, gdp)
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile[:, RED, BLUE])
    assert s.codes == [int(Action.COERCE)] * R


def test_a_demand_at_war_is_answered_by_the_war_and_one_in_a_cool_down_starts_none() -> None:
    """A demand made while the pair goes to war this step is logged (a scripted demand always
    shows) but gets no answer; one refused during a cool-down transfers nothing and starts no
    war (only a scripted or user demand can meet a cool-down)."""
    s = _demand_setup(demand=0.6, defending=0.5, defense_cost=0.2)  # 0.6 <= 0.7: gives way
    gdp = s.ctx.state.gdp.copy()
    s.d.coerce[:, BLUE, RED] = True
    at_war = np.zeros((R, 3, 3), dtype=int)
    at_war[:, RED, BLUE] = int(Action.WAR_PREEMPTIVE)
    attack, give = war.answer_demands(s.ctx, s.d, at_war, s.ev)
    np.testing.assert_array_equal(attack, at_war)
    assert not give.any()
    np.testing.assert_array_equal(s.ctx.state.gdp, gdp)
    coerced = s.ctx.log.columns()["code"] == int(Action.COERCE)
    assert coerced.sum() == R and (s.ev.L[:, RED, BLUE] > 0).all()

    refused = _demand_setup(demand=0.9, defending=0.5, defense_cost=0.2)  # 0.9 > 0.7: refuses
    refused.d.coerce[:, BLUE, RED] = True
    refused.ctx.state.cooldown[:, BLUE, RED] = refused.ctx.state.cooldown[:, RED, BLUE] = 2
    gdp = refused.ctx.state.gdp.copy()
    none = np.zeros((R, 3, 3), dtype=int)
    attack, give = war.answer_demands(refused.ctx, refused.d, none, refused.ev)
    assert not attack.any() and not give.any()
    np.testing.assert_array_equal(refused.ctx.state.gdp, gdp)


def test_a_war_costs_both_sides_and_the_winner_takes_the_prize() -> None:
    s = _setup()
    state, spec = s.ctx.state, s.world.spec
    gdp, forces = state.gdp.copy(), state.forces.copy()
    attack = np.zeros((R, 3, 3), dtype=int)
    starts, wars = war.start_wars(s.ctx, attack, s.ev)
    assert not starts.any() and wars == {} and not s.ev.L.any() and len(s.ctx.log) == 0
    np.testing.assert_array_equal(state.gdp, gdp)
    # Blue is sure to win.
    s.ctx.perception = replace(s.ctx.perception, victory=_pair(1.0, fill=0.5))
    attack[:, BLUE, RED] = int(Action.WAR_SCRIPTED)
    starts, wars = war.start_wars(s.ctx, attack, s.ev)
    assert starts[:, BLUE, RED].all() and starts.sum() == R
    np.testing.assert_array_equal(wars[int(Action.WAR_SCRIPTED)], np.ones(R))
    k_att, k_def = cost_scales(s.ctx.perception.lam)
    cost = spec.war_cost * 100.0
    after = np.array([100 - k_att * cost, 100 - k_def * cost])
    prize = spec.war_prize * 100.0
    np.testing.assert_allclose(state.gdp[:, BLUE], after[0] + prize)
    np.testing.assert_allclose(state.gdp[:, RED], after[1] - prize)
    np.testing.assert_allclose(state.gdp[:, GREEN], gdp[:, GREEN])
    np.testing.assert_allclose(state.forces[:, BLUE], forces[:, BLUE] * after[0] / 100)
    np.testing.assert_allclose(state.forces[:, RED], forces[:, RED] * after[1] / 100)
    assert (state.cooldown[:, BLUE, RED] == spec.war_cooldown).all()
    assert (state.cooldown[:, RED, BLUE] == spec.war_cooldown).all()
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile[:, RED, BLUE])
    assert np.count_nonzero(s.ev.L) == R
    assert s.codes == [int(Action.WAR_SCRIPTED)] * R


def test_offence_dominance_makes_attack_cheaper_than_defence() -> None:
    s = _setup({"offense_dominance": 1.0, "war_prize": 0.0})
    attack = np.zeros((R, 3, 3), dtype=int)
    attack[:, BLUE, RED] = int(Action.WAR_PREVENTIVE)
    war.start_wars(s.ctx, attack, s.ev)
    k_att, k_def = cost_scales(s.ctx.perception.lam)
    assert k_att < 1 < k_def
    cost = s.world.spec.war_cost * 100.0
    np.testing.assert_allclose(s.ctx.state.gdp[:, BLUE], 100 - k_att * cost)
    np.testing.assert_allclose(s.ctx.state.gdp[:, RED], 100 - k_def * cost)


def test_a_state_hit_by_two_wars_pays_the_costs_of_both() -> None:
    s = _setup({"war_prize": 0.0})
    state, spec = s.ctx.state, s.world.spec
    forces = state.forces.copy()
    attack = np.zeros((R, 3, 3), dtype=int)
    attack[:, BLUE, RED] = int(Action.WAR_SCRIPTED)
    attack[:, GREEN, RED] = int(Action.WAR_PREVENTIVE)
    starts, wars = war.start_wars(s.ctx, attack, s.ev)
    assert starts.sum() == 2 * R
    np.testing.assert_array_equal(wars[int(Action.WAR_SCRIPTED)], np.ones(R))
    np.testing.assert_array_equal(wars[int(Action.WAR_PREVENTIVE)], np.ones(R))
    keep = 1 - spec.war_cost  # a neutral balance: each side loses war_cost of the war's size
    np.testing.assert_allclose(state.gdp[:, [BLUE, GREEN]], 100 * keep)
    np.testing.assert_allclose(state.gdp[:, RED], 100 * keep**2)
    np.testing.assert_allclose(state.forces[:, RED], forces[:, RED] * keep**2)
    np.testing.assert_allclose(s.ev.L[:, RED, [BLUE, GREEN]], s.ev.hostile[:, RED, [BLUE, GREEN]])


def test_if_both_attack_only_the_lower_index_moves_first() -> None:
    s = _setup()
    attack = np.zeros((R, 3, 3), dtype=int)
    attack[:, BLUE, RED] = attack[:, RED, BLUE] = int(Action.WAR_SCRIPTED)
    starts, wars = war.start_wars(s.ctx, attack, s.ev)
    assert starts[:, BLUE, RED].all() and starts.sum() == R
    np.testing.assert_array_equal(wars[int(Action.WAR_SCRIPTED)], np.ones(R))


def test_a_scripted_attack_moves_first_whatever_the_index() -> None:
    """The record is never dropped: if the rule's Blue and a scripted Red attack each other in
    the same step, Red's scripted war is the one that starts."""
    s = _setup()
    attack = np.zeros((R, 3, 3), dtype=int)
    attack[:, BLUE, RED] = int(Action.WAR_PREVENTIVE)
    attack[:, RED, BLUE] = int(Action.WAR_SCRIPTED)
    starts, wars = war.start_wars(s.ctx, attack, s.ev)
    assert starts[:, RED, BLUE].all() and starts.sum() == R
    assert set(wars) == {int(Action.WAR_SCRIPTED)}


def test_the_war_hazard_counts_every_pair_involving_a_state() -> None:
    zero = np.zeros((R, 3, 3))
    np.testing.assert_array_equal(war.war_hazard(zero, zero, zero.astype(bool)), 0.0)
    decided = _pair(0.5, fill=0.0)
    crisis = _pair(0.5, GREEN, RED, fill=0.0)
    hazard = war.war_hazard(decided, crisis, zero.astype(bool))
    np.testing.assert_allclose(hazard, [[0.5, 0.75, 0.5]] * R)  # Red: two pairs of 0.5
    started = _pair(1.0, fill=0.0) > 0
    np.testing.assert_allclose(war.war_hazard(zero, zero, started), [[1.0, 1.0, 0.0]] * R)


def test_the_economy_grows_less_under_sanctions_and_records_power() -> None:
    s = _setup(alliances=[{"name": "pact", "members": ["Blue", "Green"]}])
    state, world = s.ctx.state, s.world
    state.sanction[:, BLUE, RED] = 1.0
    state.cooldown[:, BLUE, RED] = 2
    spent = np.full((R, 3), 7.0)
    recorded = economy.close_step(s.ctx, spent)
    assert (state.gdp[:, RED] < state.gdp[:, GREEN]).all()
    np.testing.assert_allclose(state.gdp[:, BLUE], state.gdp[:, GREEN])
    # Power per actor: its own forces and the share alliance_commitment of its allies'.
    own = state.forces @ (world.cat.offense + world.cat.defense)
    assert recorded.shape == (R, 3)
    alpha = world.spec.alliance_commitment
    np.testing.assert_allclose(recorded[:, RED], own[:, RED])
    np.testing.assert_allclose(recorded[:, BLUE], own[:, BLUE] + alpha * own[:, GREEN])
    np.testing.assert_allclose(recorded, power(state, world, state.ally))
    assert state.power_history[-1] is recorded
    assert (state.cooldown[:, BLUE, RED] == 1).all()
    assert state.step == 1 and state.spending is spent
    for _ in range(world.spec.forecast_window + 3):
        economy.close_step(s.ctx, spent)
    assert len(state.power_history) == world.spec.forecast_window + 1
    assert (state.cooldown == 0).all()


# Order -----------------------------------------------------------------------------------------


def test_advance_runs_the_phases_in_the_documented_order(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def spy(module: object, name: str) -> None:
        original: Callable[..., Any] = getattr(module, name)

        def wrapped(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapped)

    spy(step_module, "perceive_step")
    spy(step_module, "decide")
    for phase in acts.PHASES:
        spy(acts, phase.__name__)
    for name in ("observe_arming", "expose_bogus_reasons", "update_beliefs"):
        spy(learning, name)
    spy(incidents, "incidents_and_crises")
    for name in ("crisis_wars", "answer_demands", "start_wars"):
        spy(war, name)
    spy(economy, "close_step")

    w = _world()
    state = initial_state(w, np.zeros((R, w.n), dtype=bool))
    advance(w, state, run_keys(3, R), np.arange(R), EventLog(keep=R))
    assert calls == [
        "perceive_step",
        "decide",
        "concede",
        "arm",
        "take_posture",
        "form_alliances",
        "impose_sanctions",
        "attack_covertly",
        "transfer_and_support",
        "make_statements",
        "open_hotlines",
        "keep_agreements",
        "observe_arming",
        "expose_bogus_reasons",
        "incidents_and_crises",
        "crisis_wars",
        "answer_demands",
        "start_wars",
        "update_beliefs",
        "close_step",
    ]
    assert calls[2:12] == [phase.__name__ for phase in acts.PHASES]


def test_a_cheat_is_logged_once_when_it_starts() -> None:
    s = _setup()
    s.d.cheat[:, BLUE, 0] = True
    acts.arm(s.ctx, s.d)
    assert s.codes.count(int(Action.CHEAT)) == R
    s.d.spend[:, BLUE] = 0.0
    before = len(s.ctx.log)
    acts.arm(s.ctx, s.d)  # still cheating: nothing new starts
    assert int(Action.CHEAT) not in s.codes[before:]


def test_covert_attacks_on_one_target_compound() -> None:
    """Two attackers on one target in a step each destroy their share: the damage compounds
    (it did not: a repeated index kept only the last attacker's)."""
    s = _setup()
    s.ctx.state.forces[:, :, _k(s, "cyber")] = 5.0
    s.ctx.free[:] = ~np.eye(s.ctx.free.shape[-1], dtype=bool)[None]
    s.d.covert[:, BLUE, RED] = 1.0
    before = s.ctx.state.forces[:, RED].copy()
    acts.attack_covertly(s.ctx, s.d, s.ev)
    one = s.ctx.state.forces[:, RED].copy()
    s = _setup()
    s.ctx.state.forces[:, :, _k(s, "cyber")] = 5.0
    s.ctx.free[:] = ~np.eye(s.ctx.free.shape[-1], dtype=bool)[None]
    s.d.covert[:, [BLUE, 2], RED] = 1.0
    acts.attack_covertly(s.ctx, s.d, s.ev)
    two = s.ctx.state.forces[:, RED]
    hit = np.argmax(np.abs(before - one), axis=1)
    rows = np.arange(len(hit))
    kept = one[rows, hit] / before[rows, hit]
    np.testing.assert_allclose(two[rows, hit], before[rows, hit] * kept**2)
