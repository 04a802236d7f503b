"""The fused war arithmetic equals the numpy reference on real states, to floating tolerance."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from engine import ring_scenario  # noqa: E402
from herz.engine.backend import use_backend  # noqa: E402
from herz.engine.context import observation_sigma  # noqa: E402
from herz.engine.events import EventLog  # noqa: E402
from herz.engine.perception import perceive  # noqa: E402
from herz.engine.policy import power  # noqa: E402
from herz.engine.scenario import load_scenario  # noqa: E402
from herz.engine.state import State, initial_state  # noqa: E402
from herz.engine.step import advance  # noqa: E402
from herz.engine.streams import Stream, normal, run_keys, uniform  # noqa: E402
from herz.engine.war_choice import WarAssessment, assess  # noqa: E402
from herz.engine.world import World, compile_world  # noqa: E402
from herz.examples import example_path  # noqa: E402


def _states(world: World, runs: int, steps: int, seed: int) -> Iterator[tuple[State, np.ndarray]]:
    """The state of ``runs`` runs after each of ``steps`` steps (beliefs, forces and power
    histories as the engine makes them; the same object, advanced in place), with their keys."""
    keys = run_keys(seed, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy)
    for _ in range(steps):
        advance(world, state, keys, np.arange(runs), EventLog(keep=0))
        yield state, keys


def _both(world: World, state: State, keys: np.ndarray) -> tuple[WarAssessment, WarAssessment]:
    n = world.n
    sigma = observation_sigma(world, state)
    ally = state.ally
    per = perceive(state.forces, state.belief, ally, state.deploy, sigma,
                   normal(keys, state.step, Stream.OBSERVE, (n, n)), world.worst_case,
                   world.cat, world.spec, alert=state.alert)
    args = dict(gdp=state.gdp, greedy=state.greedy, belief=state.belief, ally=ally,
                deploy=state.deploy,
                power_history=state.power_history or [power(state, world, ally)],
                sigma=sigma, noise=normal(keys, state.step, Stream.ESTIMATE, (n, n)))
    ref = assess(world, per, **args)  # type: ignore[arg-type]
    with use_backend("numba"):
        got = assess(world, per, **args)  # type: ignore[arg-type]
    return ref, got


@pytest.mark.parametrize("name", ["ring7", "strategic_forces", "preventive_war"])
def test_fused_assessment_equals_numpy(name: str) -> None:
    scenario = (ring_scenario(7, steps=12) if name == "ring7"
                else load_scenario(example_path(name)))
    world = compile_world(scenario)
    shifted = 0
    for state, keys in _states(world, 40, 8, seed=3):
        ref, got = _both(world, state, keys)
        for field in ref.__dataclass_fields__:
            a, b = getattr(ref, field), getattr(got, field)
            assert a.shape == b.shape, field
            np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12, err_msg=field)
        shifted += len(state.power_history) > world.spec.forecast_window
    assert shifted  # Powell's projected shift was exercised
