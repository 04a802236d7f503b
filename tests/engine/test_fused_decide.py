"""The fused decide phase equals :func:`herz.engine.policy.decide` on real mid-run states."""

from __future__ import annotations

import copy
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from engine_support import example_data  # noqa: E402
from reference_agents import reference_scenario  # noqa: E402

from engine import ring_scenario  # noqa: E402
from herz.engine.compiled.decide import decide_actors, decide_params, decide_run  # noqa: E402
from herz.engine.context import perceive_step  # noqa: E402
from herz.engine.events import EventLog  # noqa: E402
from herz.engine.policy import decide, default_decisions  # noqa: E402
from herz.engine.scenario import Scenario, load_scenario, parse_scenario  # noqa: E402
from herz.engine.state import Decisions, State, initial_state  # noqa: E402
from herz.engine.step import advance  # noqa: E402
from herz.engine.streams import Stream, run_keys, uniform  # noqa: E402
from herz.engine.world import World, compile_world  # noqa: E402
from herz.examples import example_path  # noqa: E402

#: The decisions the fused phase writes, in the order decide_run takes them; the rest stay
#: zero in the worlds it supports.
WRITTEN = ("spend", "alert", "deploy", "sanction", "covert", "ally", "statement", "bogus",
           "coerce", "attack", "war_hazard")


def _with(name: str, passive: tuple[int, ...] = ()) -> Scenario:
    """A packaged example without its timeline, with some actors made passive."""
    data: dict[str, Any] = example_data(name)
    data.pop("timeline", None)
    for i in passive:
        data["actors"][i]["policy"] = "passive"
    return parse_scenario(data, source=name)


def _hot(n: int) -> Scenario:
    """A ring where wars start often (low rationality, high hazard), greedy actors are common
    and spending has a floor, so that demands meet preventive starts and the noise pushes
    spending below the floor."""
    base = ring_scenario(n)
    world = base.world.model_copy(update={"rationality": 1.0, "war_hazard_max": 0.9})
    actors = [a.model_copy(update={"p_greedy": 0.6, "min_budget_share": 0.03})
              for a in base.actors]
    return base.model_copy(update={"world": world, "actors": actors})


#: Each world, and the decisions that must fire in its states (so that idle states cannot pass).
SCENARIOS = {
    "ring2": (lambda: ring_scenario(2), "statement bogus covert coerce deploy sanction"),
    "ring5": (lambda: ring_scenario(5), "ally statement bogus covert coerce deploy sanction"),
    "ring20": (lambda: ring_scenario(20), "ally statement bogus covert coerce deploy sanction"),
    "ring50": (lambda: ring_scenario(50), "ally statement covert coerce sanction"),
    "ring5_hot": (lambda: _hot(5), "statement bogus coerce attack deploy sanction"),
    "reference6": (lambda: reference_scenario(6), "coerce deploy sanction"),
    "bogus_explanation": (lambda: load_scenario(example_path("bogus_explanation")),
                          "statement bogus coerce deploy"),
    "strategic_forces": (lambda: load_scenario(example_path("strategic_forces")), "spend"),
    "spiral": (lambda: load_scenario(example_path("spiral")), "alert covert sanction"),
    "preventive_war": (lambda: _with("preventive_war"), "ally attack sanction"),
    "region20_passive": (lambda: _with("region20", passive=(0, 5, 19)),
                         "ally covert coerce deploy sanction"),
}


def _states(world: World, runs: int, steps: int, seed: int) -> Iterator[tuple[State, np.ndarray]]:
    """States after each of ``steps`` steps of ``runs`` runs (greedy drawn as simulate draws
    it), with their keys."""
    keys = run_keys(seed, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy)
    for _ in range(steps):
        advance(world, state, keys, np.arange(runs), EventLog(keep=0))
        yield state, keys


def _fused(
    world: World, state: State, keys: np.ndarray
) -> tuple[Decisions, dict[str, Any], Decisions]:
    """The numpy decisions, the fused ones (row by row) and the built-in rule's alone (before
    passive actors take their rows), from one copy of the state."""
    state = copy.deepcopy(state)
    ctx = perceive_step(world, state, keys, np.arange(len(keys)), EventLog(keep=0))
    per, war = ctx.perception, ctx.war
    r, n = state.gdp.shape
    nan = np.full((r, n), np.nan)  # slots decide must not read
    pa = np.ascontiguousarray(np.stack([per.offense, per.seen_offense, per.defense,
                                        per.effective_defense, per.security, nan, nan, nan]))
    pp = np.ascontiguousarray(np.stack([per.weights, per.observed, per.deterrence, per.threat,
                                        per.sss, np.full((r, n, n), np.nan),
                                        per.full_deterrence, per.victory, per.first_strike]))
    wa = np.ascontiguousarray(np.stack([war.stake, war.victory, war.defending, war.cost,
                                        war.defense_cost, war.demand, war.war_risk,
                                        war.demand_gain, war.preventive, war.preemptive,
                                        war.crisis_gain, war.optimism]))
    free = ~ctx.ally & ~np.eye(n, dtype=bool)[None]
    ref = decide(world, copy.deepcopy(state), per, keys, replacement=ctx.replacement.copy(),
                 war=war, ally=ctx.ally)
    rule = default_decisions(world, copy.deepcopy(state), per, war, keys, ally=ctx.ally,
                             replacement=ctx.replacement.copy())
    # garbage in the outputs: every entry must be written
    got: dict[str, Any] = {f: np.full_like(getattr(ref, f), 7) for f in WRITTEN}
    par, actor_par = decide_params(world), decide_actors(world)
    forces = np.ascontiguousarray(state.forces)
    for run in range(r):
        decide_run(run, state.step, keys, forces, state.gdp, state.greedy, state.belief,
                   state.cooldown, pa, pp, wa, free, ctx.main_threat, ctx.replacement, par,
                   actor_par, world.contact, np.ascontiguousarray(world.cat.cyber, float),
                   *(got[f] for f in WRITTEN))
    return ref, got, rule


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_fused_decisions_equal_numpy(name: str) -> None:
    make, expected = SCENARIOS[name]
    world = compile_world(make())
    assert not world.timeline and world.agreement_members.shape[0] == 0
    runs, steps = {20: (12, 8), 50: (4, 4)}.get(world.n, (40, 10))
    fired = dict.fromkeys(expected.split(), 0)
    quiet = 0
    for state, keys in _states(world, runs, steps, seed=11):
        ref, got, rule = _fused(world, state, keys)
        for f in WRITTEN:
            a, b = getattr(ref, f), got[f]
            assert a.dtype == b.dtype, f
            if a.dtype == bool or a.dtype.kind == "i":
                np.testing.assert_array_equal(b, a, err_msg=f)
            else:
                np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12, err_msg=f)
        for f in ("buy", "scrap", "ally_forced", "join_bloc", "hotline", "concession", "agree",
                  "cheat", "abandon"):
            assert not getattr(ref, f).any(), f  # outside the supported subset
        for f in fired:
            fired[f] += int(np.count_nonzero(getattr(ref, f)))
        # passive actors' rows differ from what the rule would have decided for them
        quiet += int((rule.spend != ref.spend)[:, world.passive].sum())
    assert all(fired.values()), fired
    assert quiet or not world.passive.any()

