"""The step as a pipeline of phases: each phase alone on a small world, and their order.

Kinds: unit (one phase called on a fresh three-actor world: what it changes when its input is
on, and that it changes nothing when its input is off) and structural (``advance`` calls the
phases in the documented order).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest

import herz.engine.step as step_module
from herz.engine import acts, economy, incidents, learning, war
from herz.engine.actions import Action
from herz.engine.beliefs import likelihood_ratio
from herz.engine.context import Evidence, StepContext, perceive_step
from herz.engine.events import EventLog
from herz.engine.perception import seen_offense_weights
from herz.engine.scenario import parse_scenario
from herz.engine.state import Decisions, initial_state
from herz.engine.step import advance
from herz.engine.streams import run_keys
from herz.engine.world import World, compile_world

R = 4
BLUE, RED, GREEN = 0, 1, 2
FORCES = {"conventional_offensive": 3.0, "conventional_defensive": 3.0}


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


def _setup(world: dict[str, Any] | None = None, **extra: Any) -> Setup:
    w = _world(world, **extra)
    state = initial_state(w, np.zeros((R, w.n), dtype=bool))
    ctx = perceive_step(w, state, run_keys(3, R), np.arange(R), EventLog(keep=R))
    d = Decisions.empty(R, w.n, w.k, w.blocs.shape[0], w.agreement_members.shape[0])
    return Setup(w, ctx, d, Evidence.start(state, w.spec.evidence))


def _ratio(s: Setup, kind: str) -> float:
    return likelihood_ratio(*getattr(s.world.spec.evidence, kind))


def _k(s: Setup, name: str) -> int:
    return s.world.cat.index(name)


# Acts ------------------------------------------------------------------------------------------


def test_concession_off_changes_nothing() -> None:
    s = _setup()
    before = s.ctx.state.forces.copy()
    acts.concede(s.ctx, s.d, s.ev)
    np.testing.assert_array_equal(s.ctx.state.forces, before)
    assert not s.ev.L.any() and len(s.ctx.log) == 0


def test_concession_gives_up_offensive_classes_and_reassures_every_observer() -> None:
    s = _setup()
    before = s.ctx.state.forces.copy()
    s.d.concession[:, BLUE] = 0.5
    conceded = acts.concede(s.ctx, s.d, s.ev)
    offensive = seen_offense_weights(s.world.cat, s.world.spec) > s.world.cat.defense
    assert offensive.any() and not offensive.all()
    expected = np.where(offensive, 0.5, 1.0) * before[:, BLUE]
    np.testing.assert_allclose(s.ctx.state.forces[:, BLUE], expected)
    np.testing.assert_allclose(conceded[:, BLUE], before[:, BLUE] - expected)
    np.testing.assert_array_equal(s.ctx.state.forces[:, RED], before[:, RED])
    assert _ratio(s, "concession") < 0
    np.testing.assert_allclose(s.ev.L[:, [RED, GREEN], BLUE], _ratio(s, "concession"))
    assert not s.ev.L[:, :, [RED, GREEN]].any()
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
    s = _setup()
    acts.take_posture(s.ctx, s.d, s.ev)
    assert not s.ev.L.any() and not s.ctx.state.deploy.any() and len(s.ctx.log) == 0
    s = _setup()
    s.d.deploy[:, BLUE, RED] = 0.5
    s.d.alert[:, GREEN] = 0.9
    new = acts.take_posture(s.ctx, s.d, s.ev)
    assert new[:, BLUE, RED].all() and new.sum() == R
    np.testing.assert_allclose(s.ctx.state.deploy[:, BLUE, RED], 0.5)
    np.testing.assert_allclose(s.ctx.state.alert[:, GREEN], 0.9)
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile)
    assert np.count_nonzero(s.ev.L) == R
    assert (s.ctx.state.last_hostile[:, BLUE] == 0).all()
    assert s.codes == [int(Action.DEPLOY)] * R


def test_an_alliance_forms_only_on_mutual_offers_and_worries_the_outsider() -> None:
    s = _setup()
    s.d.ally[:, BLUE, GREEN] = True
    assert not acts.form_alliances(s.ctx, s.d, s.ev).any()
    assert not s.ctx.state.ally.any() and not s.ev.L.any()
    s.d.ally[:, GREEN, BLUE] = True
    formed = acts.form_alliances(s.ctx, s.d, s.ev)
    assert formed[:, BLUE, GREEN].all() and formed[:, GREEN, BLUE].all()
    assert s.ctx.state.ally[:, BLUE, GREEN].all()
    np.testing.assert_allclose(s.ev.L[:, RED, [BLUE, GREEN]], _ratio(s, "alliance"))
    assert not s.ev.L[:, BLUE, GREEN].any()  # allies are not outsiders
    assert s.codes == [int(Action.ALLY)] * R


def test_sanctions_are_hostile_and_never_between_allies() -> None:
    s = _setup(alliances=[{"name": "pact", "members": ["Blue", "Green"]}])
    s.d.sanction[:, BLUE, RED] = 1.0
    s.d.sanction[:, BLUE, GREEN] = 1.0
    new = acts.impose_sanctions(s.ctx, s.d, s.ev)
    np.testing.assert_array_equal(s.ctx.state.sanction[:, BLUE], [[0.0, 1.0, 0.0]] * R)
    assert new.sum() == R
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile)
    assert s.ev.L[:, GREEN, BLUE].sum() == 0


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
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile)  # always attributed here


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
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile)
    assert sorted(s.codes) == [int(Action.TRANSFER)] * R + [int(Action.PROXY)] * R


def test_statements_reach_the_recipient_and_bogus_ones_wait_for_exposure() -> None:
    s = _setup()
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


def test_agreements_verify_compliance_and_catch_cheaters() -> None:
    s = _setup()
    acts.keep_agreements(s.ctx, s.d, s.ev)
    compliance = 1.0 * _ratio(s, "compliance")  # monitoring 1
    assert compliance < 0
    np.testing.assert_allclose(s.ev.L[:, [BLUE, RED], [RED, BLUE]], compliance)
    assert len(s.ctx.log) == 0

    s = _setup()
    s.ctx.state.cheating[:, 0, RED] = True
    caught = acts.keep_agreements(s.ctx, s.d, s.ev)
    assert caught[:, BLUE, RED].all() and caught.sum() == R
    np.testing.assert_allclose(s.ev.L[:, BLUE, RED], _ratio(s, "cheating"))
    assert not s.ctx.state.in_agreement[:, 0, BLUE].any()  # the detecting party leaves
    assert s.codes == [int(Action.DETECTED_CHEATING)] * R


def test_abandoning_an_agreement_is_hostile_to_the_partners() -> None:
    s = _setup()
    s.d.abandon[:, BLUE, 0] = True
    acts.keep_agreements(s.ctx, s.d, s.ev)
    assert not s.ctx.state.in_agreement[:, 0, BLUE].any()
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile)
    assert (s.ctx.state.last_hostile[:, BLUE] == 0).all()
    assert s.codes == [int(Action.ABANDON)] * R


# Learning, incidents, war, economy --------------------------------------------------------------


def test_arming_far_above_a_security_seekers_is_evidence_of_greed() -> None:
    s = _setup()
    spent = np.zeros((R, 3))
    spent[:, RED] = 50.0
    judged = learning.observe_arming(s.ctx, spent, s.ev)
    np.testing.assert_allclose(judged[:, [BLUE, GREEN], RED], s.world.spec.evidence_cap)
    assert (judged[:, :, BLUE] < 0).all()  # spending nothing looks benign
    np.testing.assert_array_equal(s.ev.L, judged)


def test_bogus_reasons_exposed_cost_credibility() -> None:
    s = _setup({"bogus_exposure": 1.0})
    state = s.ctx.state
    assert not learning.expose_bogus_reasons(s.ctx, s.ev).any() and not s.ev.L.any()
    state.bogus_pending[:, RED, BLUE] = True
    exposed = learning.expose_bogus_reasons(s.ctx, s.ev)
    assert exposed[:, RED, BLUE].all() and not state.bogus_pending.any()
    loss = 1 - s.world.spec.credibility_loss
    np.testing.assert_allclose(state.credibility[:, RED, BLUE], 0.8 * loss)
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile)


def test_the_belief_update_applies_the_steps_evidence() -> None:
    s = _setup()
    before = s.ctx.state.belief.copy()
    learning.update_beliefs(s.ctx.state, s.world, s.ev)
    np.testing.assert_allclose(s.ctx.state.belief, before)  # no evidence, no change
    s.ev.hostile_to(np.eye(3, k=1, dtype=bool)[None].repeat(R, axis=0))  # 0 on 1, 1 on 2
    learning.update_beliefs(s.ctx.state, s.world, s.ev)
    assert (s.ctx.state.belief[:, RED, BLUE] > before[:, RED, BLUE]).all()
    assert (s.ctx.state.belief[:, GREEN, RED] > before[:, GREEN, RED]).all()
    np.testing.assert_allclose(s.ctx.state.belief[:, BLUE, RED], before[:, BLUE, RED])


def test_incidents_become_crises_when_misread() -> None:
    s = _setup({"incident_rate": 1.0, "misread": 0.0})
    incident, crisis = incidents.incidents_and_crises(s.ctx, s.ev)
    assert incident.sum() == 3 * R and not crisis.any() and not s.ev.L.any()

    s = _setup({"incident_rate": 1.0, "misread": 1.0, "crisis_hotline_prob": 1.0})
    incident, crisis = incidents.incidents_and_crises(s.ctx, s.ev)
    off = ~np.eye(3, dtype=bool)
    assert crisis[:, off].all()
    np.testing.assert_allclose(s.ev.L[:, off], 0.5 * s.ev.hostile)
    assert (s.ctx.state.alert >= 0.8).all() and s.ctx.state.hotline[:, off].all()
    assert sorted(set(s.codes)) == [int(Action.INCIDENT), int(Action.CRISIS)]


def test_preemption_needs_a_crisis() -> None:
    s = _setup({"offense_dominance": 1.0, "preemption": 1.0})
    s.ctx.state.belief[:] = np.where(np.eye(3, dtype=bool), 0.0, 1.0)
    crisis = np.zeros((R, 3, 3), dtype=bool)
    attack, p = war.preempt(s.ctx, s.d, crisis)
    assert not attack.any() and not p.any()
    crisis[:, BLUE, RED] = True
    attack, p = war.preempt(s.ctx, s.d, crisis)
    assert (attack[:, BLUE, RED] == int(Action.WAR_PREEMPTIVE)).all()
    assert np.count_nonzero(attack) == R
    s.ctx.state.cooldown[:, BLUE, RED] = 2
    attack, _ = war.preempt(s.ctx, s.d, crisis)
    assert not attack.any()


def test_a_war_costs_both_sides_and_the_lower_index_moves_first() -> None:
    s = _setup()
    state, spec = s.ctx.state, s.world.spec
    gdp = state.gdp.copy()
    attack = np.zeros((R, 3, 3), dtype=int)
    starts, wars = war.start_wars(s.ctx, attack, s.ev)
    assert not starts.any() and wars == {} and not s.ev.L.any()
    attack[:, BLUE, RED] = int(Action.WAR_SCRIPTED)
    starts, wars = war.start_wars(s.ctx, attack, s.ev)
    assert starts[:, BLUE, RED].all() and starts.sum() == R
    np.testing.assert_array_equal(wars[int(Action.WAR_SCRIPTED)], np.ones(R))
    np.testing.assert_allclose(
        state.gdp[:, :2].sum(axis=1), gdp[:, :2].sum(axis=1) * (1 - spec.war_cost)
    )
    np.testing.assert_allclose(state.gdp[:, GREEN], gdp[:, GREEN])
    assert (state.cooldown[:, BLUE, RED] == spec.war_cooldown).all()
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], _ratio(s, "attack"))
    assert np.count_nonzero(s.ev.L) == R
    # If both attack, only the lower index's war starts.
    s = _setup()
    attack[:, RED, BLUE] = int(Action.WAR_SCRIPTED)
    starts, _ = war.start_wars(s.ctx, attack, s.ev)
    assert starts[:, BLUE, RED].all() and starts.sum() == R


def test_coercion_is_hostile_unless_the_pair_is_at_war() -> None:
    s = _setup()
    gdp = s.ctx.state.gdp.copy()
    s.d.coerce[:, BLUE, RED] = True
    at_war = np.zeros((R, 3, 3), dtype=bool)
    at_war[:, BLUE, RED] = True
    assert not war.coerce(s.ctx, s.d, at_war, s.ev).any()
    assert not s.ev.L.any() and len(s.ctx.log) == 0
    war.coerce(s.ctx, s.d, np.zeros_like(at_war), s.ev)
    np.testing.assert_allclose(s.ev.L[:, RED, BLUE], s.ev.hostile)
    np.testing.assert_allclose(s.ctx.state.gdp.sum(axis=1), gdp.sum(axis=1))  # a transfer
    assert s.codes.count(int(Action.COERCE)) == R


def test_the_economy_grows_less_under_sanctions_and_closes_the_step() -> None:
    s = _setup()
    state = s.ctx.state
    state.sanction[:, BLUE, RED] = 1.0
    state.cooldown[:, BLUE, RED] = 2
    spent = np.full((R, 3), 7.0)
    shares = economy.close_step(s.ctx, spent)
    assert (state.gdp[:, RED] < state.gdp[:, GREEN]).all()
    np.testing.assert_allclose(state.gdp[:, BLUE], state.gdp[:, GREEN])
    np.testing.assert_allclose(shares + np.swapaxes(shares, 1, 2), 1.0)
    assert state.power_history[-1] is shares
    assert (state.cooldown[:, BLUE, RED] == 1).all()
    assert state.step == 1 and state.spending is spent


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
    for name in ("preempt", "start_wars", "coerce"):
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
        "preempt",
        "start_wars",
        "coerce",
        "update_beliefs",
        "close_step",
    ]
    assert calls[2:12] == [phase.__name__ for phase in acts.PHASES]
