"""The fused step's acts and learning (:mod:`herz.engine.compiled.acts`) equal the numpy phases
on real mid-run states: the whole state, the evidence, the spending, the new deployments and
the events."""

from __future__ import annotations

import copy
import sys
from collections.abc import Callable
from dataclasses import fields, replace
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from reference_agents import reference_scenario  # noqa: E402

from engine import ring_scenario  # noqa: E402
from herz.engine.actions import Action  # noqa: E402
from herz.engine.compiled.acts import (  # noqa: E402
    acts_actor,
    acts_classes,
    acts_params,
    acts_run,
)
from herz.engine.compiled.agreements import agreement_arrays  # noqa: E402
from herz.engine.compiled.eventbuf import FIELDS  # noqa: E402
from herz.engine.compiled.learning import WORK_ROWS  # noqa: E402
from herz.engine.context import Evidence, StepContext, perceive_step  # noqa: E402
from herz.engine.events import COLUMNS, EventLog  # noqa: E402
from herz.engine.policy import decide  # noqa: E402
from herz.engine.scenario import load_scenario  # noqa: E402
from herz.engine.state import Decisions, State, initial_state  # noqa: E402
from herz.engine.step import act_and_learn, advance  # noqa: E402
from herz.engine.streams import Stream, run_keys, uniform  # noqa: E402
from herz.engine.world import World, compile_world  # noqa: E402
from herz.examples import example_path  # noqa: E402

_CAP = 4096  # events per run and step: far more than any of these steps logs


def _world(name: str) -> World:
    kind, _, arg = name.partition(":")
    if kind == "ring":
        world = compile_world(ring_scenario(int(arg)))
    elif kind == "reference":
        world = compile_world(reference_scenario(int(arg)))
    else:
        world = compile_world(load_scenario(example_path(kind)))
    # only the worlds the fused step supports
    assert not world.timeline and world.agreement_members.shape[0] == 0
    return world


def _numpy_acts(world: World, state: State, keys: np.ndarray, runs: int,
                edit: Callable[[Decisions, StepContext], None] | None = None,
                ) -> tuple[StepContext, Decisions, Evidence, np.ndarray, np.ndarray, EventLog]:
    """The reference: the acts and learning of :func:`herz.engine.step.advance`, in order
    (``edit`` changes the decisions first)."""
    log = EventLog(keep=runs)
    ctx = perceive_step(world, state, keys, np.arange(runs), log)
    d = decide(world, state, ctx.perception, keys, replacement=ctx.replacement, war=ctx.war,
               ally=ctx.ally)
    if edit is not None:
        edit(d, ctx)
    evidence = Evidence.start(state, world)
    spent, deployed = act_and_learn(ctx, d, evidence)
    return ctx, d, evidence, spent, deployed, log


def _fused_acts(world: World, start: State, keys: np.ndarray, ctx: StepContext, d: Decisions,
                ) -> tuple[State, np.ndarray, np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    """The compiled phases on a contiguous copy of ``start``, with the context and decisions
    the reference read (taken before the reference mutated anything)."""
    c = np.ascontiguousarray
    s = copy.deepcopy(start)
    for f in fields(s):
        v = getattr(s, f.name)
        if isinstance(v, np.ndarray):
            setattr(s, f.name, c(v).copy())
    r, n, _ = s.forces.shape
    per = ctx.perception
    nan = np.full((r, n), np.nan)  # rows the phases must not read
    pa = c(np.stack([per.offense, per.seen_offense, per.defense, per.effective_defense,
                     per.security, nan, nan, nan]))
    pp = c(np.stack([per.weights, per.observed, per.deterrence, per.threat, per.sss,
                     np.full((r, n, n), np.nan), per.full_deterrence, per.victory,
                     per.first_strike]))
    L, hostile = np.full((r, n, n), np.nan), np.full((r, n, n), np.nan)
    spent, deployed = np.full((r, n), np.nan), np.ones((r, n, n), dtype=bool)
    xi, judged, wn = np.empty((r, n, n)), np.empty((r, n, n)), np.empty((2 + WORK_ROWS, r, n))
    ev_int, ev_amt = np.zeros((r, _CAP, len(FIELDS)), dtype=np.int64), np.zeros((r, _CAP))
    ev_n = np.zeros(r, dtype=np.int64)
    par, actor, classes = acts_params(world), acts_actor(world), acts_classes(world)
    procurement = c(world.procurement, dtype=float)
    caps, agreement, agree_par = agreement_arrays(world)
    for row in range(r):
        acts_run(row, s.step, keys, s.forces, s.belief, s.credibility, s.alert, s.deploy,
                 s.bilateral, s.sanction, s.bogus_pending, s.statement, s.gdp, s.last_hostile,
                 s.standing_deploy, s.last_concession,
                 c(d.spend), c(d.alert), c(d.deploy), c(d.sanction), c(d.ally), c(d.covert),
                 c(d.statement), c(d.bogus),
                 pa, pp, c(ctx.ally), c(ctx.free), c(ctx.main_threat), c(ctx.known_escalation),
                 c(ctx.sigma), c(ctx.replacement),
                 par, actor, classes, procurement,
                 L, hostile, spent, deployed, xi, judged, wn, ev_int, ev_amt, ev_n,
                 s.in_agreement, s.cheating, c(d.cheat), c(d.abandon), caps, agreement,
                 agree_par)
    assert ev_n.max() <= _CAP
    rows = [(row, *ev_int[row, m], ev_amt[row, m]) for row in range(r) for m in range(ev_n[row])]
    table = np.array(rows, dtype=float).reshape(-1, 2 + len(FIELDS))
    events = {"run": table[:, 0].astype(np.int64)}
    for col, name in enumerate(FIELDS):
        events[name] = table[:, 1 + col].astype(np.int64)
    events["scripted"] = events["scripted"].astype(bool)
    events["amount"] = table[:, -1]
    order = np.lexsort((events["actor"], events["step"], events["run"]))
    return s, L, spent, deployed, {k: events[k][order] for k in COLUMNS}


def _close(got: np.ndarray, want: np.ndarray, what: str) -> None:
    if np.asarray(want).dtype.kind in "bi":
        np.testing.assert_array_equal(got, want, err_msg=what)
    else:
        np.testing.assert_allclose(got, want, rtol=1e-10, atol=1e-12, err_msg=what)


#: world, runs, steps compared, the events that must occur over them, and whether several
#: attackers must hit one target covertly in some step (their damage compounds)
CASES = [
    ("ring:2", 24, 8, {"ARM", "DEPLOY", "SANCTION", "COVERT", "STATEMENT"}, False),
    ("ring:5", 16, 8, {"ARM", "DEPLOY", "ALLY", "SANCTION", "COVERT", "STATEMENT",
                       "BOGUS_EXPOSED"}, False),
    ("ring:20", 6, 6, {"ARM", "DEPLOY", "ALLY", "SANCTION", "COVERT", "STATEMENT",
                       "BOGUS_EXPOSED"}, True),
    ("reference:6", 12, 8, {"ARM", "DEPLOY", "SANCTION"}, False),
    ("region20", 6, 6, {"ARM", "DEPLOY", "ALLY", "SANCTION", "COVERT"}, True),
    ("bogus_explanation", 24, 8, {"ARM", "DEPLOY", "SANCTION", "STATEMENT", "BOGUS_EXPOSED"},
     False),
    ("spiral", 16, 8, {"ARM", "SANCTION", "COVERT"}, False),
]


def _compare_step(world: World, state: State, keys: np.ndarray,
                  edit: Callable[[Decisions, StepContext], None] | None = None,
                  ) -> tuple[StepContext, Decisions, dict[str, np.ndarray]]:
    """Run both on copies of ``state`` and compare everything they change; return the
    reference's context, decisions and events."""
    runs = len(keys)
    start = copy.deepcopy(state)
    ref = copy.deepcopy(state)
    ctx, d, evidence, spent, deployed, log = _numpy_acts(world, ref, keys, runs, edit)
    got, L, got_spent, got_deployed, events = _fused_acts(world, start, keys, ctx, d)
    for f in fields(ref):
        want = getattr(ref, f.name)
        if isinstance(want, np.ndarray):
            _close(getattr(got, f.name), want, f.name)
        elif f.name != "power_history":
            assert getattr(got, f.name) == want, f.name
    _close(L, evidence.L, "L")
    _close(got_spent, spent, "spent")
    _close(got_deployed, deployed, "deployed")
    want_events = log.columns()
    assert len(events["run"]) == len(want_events["run"])
    for col in COLUMNS:
        _close(events[col], want_events[col], col)
    return ctx, d, want_events


@pytest.mark.parametrize(("name", "runs", "steps", "expected", "crowded"), CASES,
                         ids=[c[0] for c in CASES])
def test_fused_acts_equal_numpy(
    name: str, runs: int, steps: int, expected: set[str], crowded: bool
) -> None:
    world = _world(name)
    keys = run_keys(11, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy)
    seen: set[str] = set()
    attributed = shared = 0
    for _ in range(steps):
        ctx, d, events = _compare_step(world, state, keys)
        seen |= {Action(code).name for code in events["code"]}
        covert = (d.covert > 0) & ctx.free
        draw = uniform(keys, state.step, Stream.DETECTION, (world.n, world.n))
        attributed += int((covert & (draw < world.spec.covert_detection)).sum())
        shared += int((covert.sum(axis=1) > 1).sum())
        advance(world, state, keys, np.arange(runs), EventLog(keep=0))
    assert expected <= seen, (expected - seen, seen)
    assert attributed > 0 or "COVERT" not in expected
    assert shared > 0 or not crowded


def test_fused_acts_guard_against_decisions_the_rule_does_not_take() -> None:
    """Deployments, sanctions and covert attacks on allies and on oneself, alliances offered
    at random, negative spending, more statements, and observers of unequal intelligence: the
    guards of the phases, which the built-in rule never tests, agree too."""
    world = replace(_world("ring:5"), intelligence=np.linspace(0.0, 0.9, 5))
    runs = 12
    keys = run_keys(5, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy)
    gen = np.random.default_rng(3)
    on_allies = exposed = 0

    def edit(d: Decisions, ctx: StepContext) -> None:
        shape = d.deploy.shape
        d.deploy = np.where(gen.random(shape) < 0.3, gen.random(shape), d.deploy)
        d.sanction = np.where(gen.random(shape) < 0.3, gen.random(shape), d.sanction)
        d.covert = np.where(gen.random(shape) < 0.1, gen.random(shape), d.covert)
        d.ally = d.ally | (gen.random(shape) < 0.3)
        d.spend = d.spend * np.where(gen.random(d.spend.shape) < 0.2, -1.0, 1.0)
        d.statement = d.statement | (gen.random(shape) < 0.3)
        d.bogus = d.bogus | (d.statement & (gen.random(shape) < 0.5))

    for _ in range(6):
        ctx, d, events = _compare_step(world, state, keys, edit)
        ally_or_self = ~ctx.free
        on_allies += int((ally_or_self & ((d.deploy > 0.5) | (d.sanction > 0.5)
                                          | (d.covert > 0))).sum())
        exposed += int((events["code"] == int(Action.BOGUS_EXPOSED)).sum())
        advance(world, state, keys, np.arange(runs), EventLog(keep=0))
    assert on_allies > 0 and exposed > 0
    assert state.bilateral.any()
