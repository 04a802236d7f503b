"""Chunking bounds the engine's memory: what grows with the runs is only what they return."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from herz.engine import simulate as sim
from herz.engine.scenario import load_scenario
from herz.examples import example_path


def _peak(runs: int) -> int:
    scenario = load_scenario(example_path("spiral"))
    tracemalloc.start()
    try:
        sim.simulate(scenario, runs, 20, rng=0, keep=2)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_peak_memory_stays_near_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    budget = 4 * 2**20
    monkeypatch.setattr(sim, "_MEMORY_BUDGET", budget)
    small, large = _peak(1_000), _peak(8_000)
    # 8x the runs: chunks of the same size, only the per-run outcomes grow (~200 bytes a run)
    assert large < 1.5 * budget + 8_000 * 400, (small, large)
    assert large < 3 * small, (small, large)


def test_returned_arrays_do_not_hold_a_chunk_alive() -> None:
    scenario = load_scenario(example_path("spiral"))
    result = sim.simulate(scenario, 50, 6, rng=1, keep=3, chunk_size=7)
    for name, arrays in (("outcomes", result.outcomes), ("series", result.series)):
        for k, v in arrays.items():
            assert v.base is None, f"{name}.{k} is a view of a larger array"
    assert result.greedy.shape == (50, 2)
    again = sim.simulate(scenario, 50, 6, rng=1, keep=3)
    for k, v in result.outcomes.items():
        np.testing.assert_array_equal(v, again.outcomes[k], err_msg=k)
