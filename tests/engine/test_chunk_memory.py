"""Chunking bounds the engine's memory: what grows with the runs is only what they return."""

from __future__ import annotations

import sys
import tracemalloc
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from engine import ring_scenario  # noqa: E402
from herz.engine import simulate as sim  # noqa: E402
from herz.engine.scenario import Scenario, load_scenario  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402
from herz.examples import example_path  # noqa: E402


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
    for k, v in result.outcomes.items():
        assert v.base is None, f"outcomes.{k} is a view of a larger array"
    # series of one shape may share one array, but it holds nothing else
    bases: dict[int, list[np.ndarray]] = {}
    for v in result.series.values():
        base = v if v.base is None else v.base
        bases.setdefault(id(base), [base]).append(v)
    for base, *views in bases.values():
        assert sum(v.nbytes for v in views) == base.nbytes
    assert result.greedy.shape == (50, 2)
    again = sim.simulate(scenario, 50, 6, rng=1, keep=3)
    for k, v in result.outcomes.items():
        np.testing.assert_array_equal(v, again.outcomes[k], err_msg=k)


def _chunk_peak(scenario: Scenario, runs: int, chunk: int, backend: str = "numpy") -> int:
    tracemalloc.start()
    try:
        sim.simulate(scenario, runs, 4, rng=0, keep=1, chunk_size=chunk, backend=backend)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("scenario", [ring_scenario(12), load_scenario(example_path("region20"))],
                         ids=["ring12", "region20"])
def test_chunk_budget_counts_the_real_bytes_of_a_run(scenario: Scenario) -> None:
    # the traced peak grows with the chunk by what one run really allocates; the budget's
    # count must cover it (else chunks overrun) without overstating it by half (else they are
    # needlessly small)
    per_run = (_chunk_peak(scenario, 60, 60) - _chunk_peak(scenario, 20, 20)) / 40
    estimate = sim.chunk_bytes_per_run(compile_world(scenario), 4)
    assert per_run <= estimate <= 1.5 * per_run, (per_run, estimate)


@pytest.mark.parametrize("n", [6, 12])
def test_chunk_budget_counts_the_lanes_steps_blocked_copies(n: int) -> None:
    # chunks of 64 and 192 runs both take the lanes step, which holds its working arrays and a
    # second copy of the state and record in blocks: the count with lanes covers that growth,
    # the count without falls short of it
    from herz.engine.compiled.lanes.driver import lanes_pay

    scenario = ring_scenario(n)
    assert lanes_pay(64, n)
    _chunk_peak(scenario, 64, 64, "numba")  # compiled and loaded before measuring
    per_run = (_chunk_peak(scenario, 192, 192, "numba")
               - _chunk_peak(scenario, 64, 64, "numba")) / 128
    world = compile_world(scenario)
    estimate = sim.chunk_bytes_per_run(world, 4, lanes=True)
    assert per_run <= estimate <= 1.5 * per_run, (per_run, estimate)
    assert sim.chunk_bytes_per_run(world, 4) < per_run


def test_the_budget_counts_the_lanes_step_where_a_batch_takes_it() -> None:
    from herz.engine.backend import use_backend

    world = compile_world(ring_scenario(12))
    with use_backend("numba"):
        assert sim._takes_lanes(world, 1_000, {}, "cpu")
        assert not sim._takes_lanes(world, 4, {}, "cpu")  # fewer runs than a block
        assert not sim._takes_lanes(compile_world(ring_scenario(30)), 1_000, {}, "cpu")
    with use_backend("numpy"):
        assert not sim._takes_lanes(world, 1_000, {}, "cpu")


def test_only_the_kept_runs_trajectories_are_stored() -> None:
    scenario = load_scenario(example_path("spiral"))
    result = sim.simulate(scenario, 30, 5, rng=2, keep=4, chunk_size=7)
    for k, v in result.series.items():
        assert v.shape[0] == 4 and v.dtype == np.float32, k
    whole = sim.simulate(scenario, 30, 5, rng=2, keep=30)
    for k, v in result.series.items():
        np.testing.assert_array_equal(v, whole.series[k][:4], err_msg=k)
        # the mean over all runs is taken in double precision, before any rounding
        mean = whole.series[k].astype(float).mean(axis=0)
        np.testing.assert_allclose(result.mean[k], mean, rtol=1e-6, atol=1e-9, err_msg=k)
