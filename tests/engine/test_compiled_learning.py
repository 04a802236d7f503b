"""The fused judgement of arming equals the numpy reference on real states."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("numba")

from herz.engine import learning  # noqa: E402
from herz.engine.backend import use_backend  # noqa: E402
from herz.engine.context import Evidence, perceive_step  # noqa: E402
from herz.engine.events import EventLog  # noqa: E402
from herz.engine.scenario import load_scenario  # noqa: E402
from herz.engine.state import initial_state  # noqa: E402
from herz.engine.step import advance  # noqa: E402
from herz.engine.streams import Stream, run_keys, uniform  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402
from herz.examples import example_path  # noqa: E402


@pytest.mark.parametrize("name", ["region20", "bogus_explanation", "concession"])
def test_fused_judgement_of_arming_equals_numpy(name: str) -> None:
    world = compile_world(load_scenario(example_path(name)))
    runs = 30
    keys = run_keys(4, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy)
    gen = np.random.default_rng(8)
    for _ in range(6):
        ctx = perceive_step(world, state, keys, np.arange(runs), EventLog(keep=0))
        spent = state.spending * gen.lognormal(0.0, 0.5, state.spending.shape)
        ref = learning.observe_arming(ctx, spent, Evidence.start(state, world))
        with use_backend("numba"):
            got = learning.observe_arming(ctx, spent, Evidence.start(state, world))
        np.testing.assert_allclose(got, ref, rtol=1e-9, atol=1e-9)
        assert np.abs(ref).max() > 0.01  # the evidence is not trivially zero
        advance(world, state, keys, np.arange(runs), EventLog(keep=0))
