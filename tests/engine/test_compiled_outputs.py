"""The dyad counts taken run by run on the threads (bits per pair, then summed) equal the counts
taken over all runs at once, exactly, for every event, war kind and hostility level; the frames
recorded by one compiled call are what the numpy store keeps, whatever the threads."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("numba")

from herz.engine.actions import WAR_KINDS  # noqa: E402
from herz.engine.compiled.outputs import (  # noqa: E402
    NO_PERCEPTION,
    dyad_counts,
    dyad_record_run,
    dyad_total,
    record_frame,
)
from herz.engine.simulate import ACTOR_SERIES, _Store  # noqa: E402


def test_run_by_run_counts_equal_the_counts_over_all_runs() -> None:
    # the bits hold at most 14 kinds of war before the hostility levels
    assert len(WAR_KINDS) <= 14
    gen = np.random.default_rng(8)
    runs, n = 37, 6
    kinds = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)
    flags = [gen.random((runs, n, n)) < p for p in (0.2, 0.1, 0.15, 0.3, 0.05)]
    war = np.where(gen.random((runs, n, n)) < 0.3,
                   gen.choice(np.append(kinds, 0), size=(runs, n, n)), 0).astype(np.int64)
    hazard = gen.random((runs, n, n)) * (gen.random((runs, n, n)) < 0.5)
    level = gen.integers(0, 6, (runs, n, n)).astype(np.int8)
    own_level = np.minimum(level, gen.integers(0, 6, (runs, n, n))).astype(np.int8)
    pairs = n * (n - 1) // 2
    series = 6 + len(kinds) + 8 + 1
    ref = np.zeros((series, pairs))
    dyad_counts(*flags, war, hazard, level, own_level, kinds, ref)
    own = np.empty((runs, n * n), dtype=np.int32)
    record = np.empty((runs, pairs), dtype=np.int32)
    pair_hazard = np.empty((runs, pairs))
    for r in range(runs):
        dyad_record_run(r, *flags, war, hazard, level, own_level, kinds, own, record,
                        pair_hazard)
    got = np.full((series, pairs), np.nan)
    dyad_total(record, pair_hazard, runs, got)
    assert ref[:-1].min() >= 0 and ref[6:6 + len(kinds)].sum() > 0  # every kind can occur
    assert all(ref[6 + len(kinds) + k].sum() > 0 for k in range(8))  # and every level
    np.testing.assert_array_equal(got, ref)


def _frames(gen: np.random.Generator, runs: int, n: int) -> dict[str, np.ndarray]:
    """A chunk's state and perception, positive and spread over many sketch buckets (some
    zeros: bucket 0; some beyond the top bucket)."""
    def actor() -> np.ndarray:
        x = gen.lognormal(0.0, 3.0, (runs, n))
        x[gen.random((runs, n)) < 0.1] = 0.0
        x[gen.random((runs, n)) < 0.1] = 1e10
        return x

    return {"forces": gen.lognormal(0.0, 1.0, (runs, n, 3)), "gdp": actor(), "alert": actor(),
            "belief": gen.random((runs, n, n)), "spent": actor(), "security": actor(),
            "war_hazard": actor(), "threat": gen.random((runs, n, n)),
            "first_strike": gen.random((runs, n, n)), "sss": gen.random((runs, n, n))}


STATE = ("forces", "cost", "gdp", "alert", "belief")
PERCEPTION = ("spent", "security", "war_hazard", "threat", "first_strike", "sss")


def _record(store: _Store, start: int, sf: int, pf: int, x: dict[str, np.ndarray]) -> None:
    (_, actor_sums, actor_kept), (_, pair_sums, pair_kept) = store.groups
    state = [x[k] for k in STATE] if sf >= 0 else [
        np.zeros((0, 0, 0)), np.zeros(0), *NO_PERCEPTION[:2], NO_PERCEPTION[3]]
    perception = [x[k] for k in PERCEPTION] if pf >= 0 else list(NO_PERCEPTION)
    record_frame(sf, pf, start, store.keep, *state, *perception, actor_sums, actor_kept,
                 pair_sums, pair_kept, store.sketch_counts)


def _numpy_frame(x: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    return {"arms": x["forces"] @ x["cost"], "gdp": x["gdp"], "alert": x["alert"],
            "belief": x["belief"], "spending": x["spent"], "security": x["security"],
            "war_hazard": x["war_hazard"], "threat": x["threat"],
            "first_strike": x["first_strike"], "second_strike": x["sss"]}


def test_recorded_frames_are_what_the_numpy_store_keeps() -> None:
    """Sums (to rounding: numpy adds pairwise), kept runs in single precision and sketch
    counts (exactly) of two chunks, the second starting among the kept runs; a frame recorded
    in two calls, its state part and its perception part."""
    gen = np.random.default_rng(3)
    n, steps, sizes = 5, 2, (4, 33)
    runs, keep = sum(sizes), 7
    ref, got = _Store(runs, keep, steps, n), _Store(runs, keep, steps, n)
    ref.allocate()
    got.allocate()
    start = 0
    for size in sizes:
        for t in range(steps + 1):
            x = _frames(gen, size, n) | {"cost": gen.random(3)}
            ref.add(start, t, _numpy_frame(x))
            if t == 1:  # the state and the perception in separate calls
                _record(got, start, t, -1, x)
                _record(got, start, -1, t, x)
            else:
                _record(got, start, t, t, x)
        start += size
    for k, v in ref.sums.items():
        np.testing.assert_allclose(got.sums[k], v, rtol=1e-13, err_msg=k)
        assert v.min() > 0 or k == "alert", k  # every frame written
    for k, v in ref.kept.items():
        np.testing.assert_allclose(got.kept[k], v, rtol=1e-6, err_msg=k)  # arms: another sum
        if k != "arms":
            np.testing.assert_array_equal(got.kept[k], v, err_msg=k)
    np.testing.assert_array_equal(got.sketch_counts, ref.sketch_counts)
    assert ref.sketch_counts.sum() == len(ACTOR_SERIES) * (steps + 1) * runs * n


def test_sums_add_the_runs_in_their_order_whatever_the_threads(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Every element of a sum adds the runs one by one in their order, on one thread or
    several: bit for bit a loop over the runs."""
    import numba

    from herz.engine import compiled

    gen = np.random.default_rng(4)
    runs, n = 61, 6
    x = _frames(gen, runs, n) | {"cost": gen.random(3)}
    expected = {k: np.zeros_like(v[0]) for k, v in x.items() if k not in ("forces", "cost")}
    arms = np.zeros((runs, n))
    for k in range(3):  # the value of the forces, class by class
        arms = arms + x["forces"][:, :, k] * x["cost"][k]
    expected["arms"] = np.zeros(n)
    for r in range(runs):  # in the order of the runs
        for k in expected:
            expected[k] = expected[k] + (arms if k == "arms" else x[k])[r]
    monkeypatch.setattr(compiled, "PARALLEL_MIN_WORK", 1)  # the parallel kernel, even here
    threads = numba.get_num_threads()
    stores = []
    for count in sorted({1, threads}):
        numba.set_num_threads(count)
        try:
            store = _Store(runs, 5, 1, n)
            store.allocate()
            _record(store, 0, 0, 0, x)
            stores.append(store)
        finally:
            numba.set_num_threads(threads)
    names = {"spent": "spending", "sss": "second_strike"}  # the store's names of the series
    for store in stores:
        for k, v in expected.items():
            np.testing.assert_array_equal(store.sums[names.get(k, k)][0], v, err_msg=k)
        np.testing.assert_array_equal(store.sketch_counts, stores[0].sketch_counts)
