"""The fused perception equals the numpy reference on real states, to floating tolerance."""

from __future__ import annotations

import sys
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
from herz.engine.scenario import load_scenario  # noqa: E402
from herz.engine.state import initial_state  # noqa: E402
from herz.engine.step import advance  # noqa: E402
from herz.engine.streams import Stream, normal, run_keys, uniform  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402
from herz.examples import example_path  # noqa: E402


@pytest.mark.parametrize("name", ["ring7", "strategic_forces", "region20"])
def test_fused_perception_equals_numpy(name: str) -> None:
    scenario = (ring_scenario(7, steps=12) if name == "ring7"
                else load_scenario(example_path(name)))
    world = compile_world(scenario)
    runs, n = 30, world.n
    keys = run_keys(5, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (n,)) < world.p_greedy)
    held = 0.0
    for _ in range(6):
        noisy = (observation_sigma(world, state), normal(keys, state.step, Stream.OBSERVE, (n, n)))
        quiet = (np.zeros((runs, n, n)), np.zeros((runs, n, n)))  # the final frame's
        for sigma, noise in (noisy, quiet):
            args = (state.forces, state.belief, state.ally, state.deploy, sigma, noise,
                    world.worst_case, world.cat, world.spec)
            ref = perceive(*args, alert=state.alert)
            with use_backend("numba"):
                got = perceive(*args, alert=state.alert)
            for field in ref.__dataclass_fields__:
                a, b = getattr(ref, field), getattr(got, field)
                np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12, err_msg=field)
        held += float(ref.sss.max())
        advance(world, state, keys, np.arange(runs), EventLog(keep=0))
    if name != "region20":
        assert held > 0  # second strikes were computed, not only zeros
