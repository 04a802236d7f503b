"""The fused step (:mod:`herz.engine.fused`) runs whole simulations as the numpy reference does:
the same outcomes, means, dyads and event logs, seed for seed, whatever the threads or chunks."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from engine_support import scenario  # noqa: E402

from engine import ring_scenario  # noqa: E402
from herz.engine import fused  # noqa: E402
from herz.engine.scenario import Scenario  # noqa: E402
from herz.engine.simulate import SimulationResult, simulate  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402

WORLDS = {
    "ring2": lambda: ring_scenario(2, steps=25),
    "ring6": lambda: ring_scenario(6, steps=25),
    "spiral": lambda: scenario("spiral"),
    "region20": lambda: scenario("region20", steps=12),
    "strategic_forces": lambda: scenario("strategic_forces"),
    "bogus_explanation": lambda: scenario("bogus_explanation"),
    # war-prone: crises, demands, wars and their outcomes in most runs
    "hot ring": lambda: scenario("four_worlds", "world.incident_rate=0.4", "world.misread=0.6",
                                 "world.war_hazard_max=0.9", "world.rationality=1"),
    "passive": lambda: scenario("region20", "actors.0.policy=passive",
                                "actors.7.policy=passive", steps=10),
}


def assert_same(ref: SimulationResult, got: SimulationResult) -> None:
    """Counts, kinds and steps identical; real numbers to floating-point tolerance."""
    for k, v in ref.outcomes.items():
        if v.dtype.kind in "biu":
            np.testing.assert_array_equal(got.outcomes[k], v, err_msg=k)
        else:
            np.testing.assert_allclose(got.outcomes[k], v, rtol=1e-9, atol=1e-12, err_msg=k)
    for k, v in ref.mean.items():
        np.testing.assert_allclose(got.mean[k], v, rtol=1e-9, atol=1e-12, err_msg=k)
    for k, v in ref.dyads.items():
        np.testing.assert_allclose(got.dyads[k], v, rtol=1e-9, atol=1e-12, err_msg=k)
    for k, v in ref.events.items():
        if k == "amount":
            np.testing.assert_allclose(got.events[k], v, rtol=1e-9, atol=1e-12)
        else:
            np.testing.assert_array_equal(got.events[k], v, err_msg=k)


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the fused steps taken."""
    calls: list[int] = []
    original = fused.FusedStep.advance

    def counted(self: fused.FusedStep) -> object:
        calls.append(1)
        return original(self)

    monkeypatch.setattr(fused.FusedStep, "advance", counted)
    return calls


@pytest.mark.parametrize("name", list(WORLDS))
def test_whole_runs_equal_the_numpy_reference(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    s: Scenario = WORLDS[name]()
    assert fused.unsupported(compile_world(s)) is None
    ref = simulate(s, runs=24, rng=3, keep=24)
    calls = _spy(monkeypatch)
    got = simulate(s, runs=24, rng=3, keep=24, backend="numba")
    assert len(calls) == ref.steps  # the fused step took every step
    assert len(ref.events["run"]) > 0
    assert_same(ref, got)
    if name == "hot ring":  # the war branches were exercised
        assert ref.outcomes["war"].mean() > 0.3


def test_batches_keeping_some_runs_store_what_numpy_stores() -> None:
    """Where not every run is kept, the compiled store sums every run's frames, keeps the first
    runs' trajectories and counts the per-actor series into the quantile sketches, as the numpy
    store does, in one chunk or several."""
    s = ring_scenario(6, steps=15)
    ref = simulate(s, runs=40, rng=5, keep=7)
    got = simulate(s, runs=40, rng=5, keep=7, backend="numba")
    chunked = simulate(s, runs=40, rng=5, keep=7, backend="numba", chunk_size=9)
    assert_same(ref, got)
    assert_same(ref, chunked)
    for other in (got, chunked):
        for k, v in ref.series.items():  # single precision
            np.testing.assert_allclose(other.series[k], v, rtol=1e-6, atol=1e-9, err_msg=k)
        assert ref.quantiles.keys() == other.quantiles.keys()
        for k, v in ref.quantiles.items():  # the same buckets
            np.testing.assert_array_equal(other.quantiles[k], v, err_msg=k)
    for k in ("arms", "spending", "gdp"):  # frames the fused step's sketches counted
        assert ref.quantiles[k][:, 1:-1].min() > 0, k


def test_chunks_and_threads_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    import numba

    from herz.engine import compiled

    s = ring_scenario(5, steps=20)
    whole = simulate(s, runs=30, rng=4, keep=10, backend="numba")
    chunked = simulate(s, runs=30, rng=4, keep=10, backend="numba", chunk_size=7)
    monkeypatch.setattr(compiled, "PARALLEL_MIN_WORK", 1)  # the prange kernels, even here
    monkeypatch.setattr(fused, "PARALLEL_MIN_WORK", 1)
    assert fused.parallel_step(30, 5) == (numba.get_num_threads() > 1)
    threads = numba.get_num_threads()
    numba.set_num_threads(1)
    try:
        one = simulate(s, runs=30, rng=4, keep=10, backend="numba")
    finally:
        numba.set_num_threads(threads)
    every = simulate(s, runs=30, rng=4, keep=10, backend="numba")
    # event buffers that hold one step: emptied into the log after every step
    monkeypatch.setattr(fused, "_EVENT_BYTES", 1)
    drains: list[int] = []
    original = fused.drain_events

    def counted(*args: object) -> None:
        drains.append(1)
        original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(fused, "drain_events", counted)
    drained = simulate(s, runs=30, rng=4, keep=10, backend="numba")
    assert len(drains) > 10  # emptied during the run, not only at its end
    for other in (chunked, one, every, drained):
        for k, v in whole.outcomes.items():
            np.testing.assert_array_equal(other.outcomes[k], v, err_msg=k)
        for k, v in whole.events.items():
            np.testing.assert_array_equal(other.events[k], v, err_msg=k)
        for k, v in whole.series.items():
            np.testing.assert_array_equal(other.series[k], v, err_msg=k)
        # the means add the runs in their order and the sketches count them, whatever the
        # chunks and threads: bit for bit
        for k, v in whole.mean.items():
            np.testing.assert_array_equal(other.mean[k], v, err_msg=k)
        assert whole.quantiles.keys() == other.quantiles.keys()
        for k, v in whole.quantiles.items():
            np.testing.assert_array_equal(other.quantiles[k], v, err_msg=k)


def test_worlds_it_does_not_cover_take_the_phases_one_by_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = _spy(monkeypatch)
    s = scenario("spiral")
    policy = {"Blue": lambda obs: obs.default}
    assert_same(simulate(s, runs=8, rng=1, keep=8, policies=policy),
                simulate(s, runs=8, rng=1, keep=8, policies=policy, backend="numba"))
    assert not calls


def test_what_it_does_not_cover_is_named() -> None:
    world = compile_world(scenario("monitoring"))
    timeline = compile_world(scenario("concession"))
    # the fused step runs agreements and timelines (test_fused_cases.py), on the GPU too
    # (test_cuda_step.py); policies on neither
    for device in ("cpu", "gpu"):
        assert fused.unsupported(world, device=device) is None
        assert fused.unsupported(timeline, device=device) is None
        assert fused.unsupported(compile_world(scenario("spiral")), {0: print},
                                 device=device) == "actors with their own policies"
