"""The quantile sketch: within its stated relative error of the exact order statistic, the same
whatever the chunks, its buckets' edges where its rule puts them."""

from __future__ import annotations

import numpy as np
import pytest

from herz.engine.scenario import load_scenario
from herz.engine.simulate import ACTOR_SERIES, QUANTILE_LEVELS, simulate
from herz.engine.sketch import ALPHA, X_MIN, QuantileSketch, bucket_edges, buckets
from herz.examples import example_path

LEVELS = (0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0)


def _within(approx: np.ndarray, exact: np.ndarray) -> bool:
    # relative ALPHA above X_MIN (plus rounding of the bucket's logarithm), X_MIN below
    tol = np.where(exact >= X_MIN, ALPHA * (1 + 1e-9) * exact + 1e-12, X_MIN)
    return bool(np.all(np.abs(approx - exact) <= tol))


def test_quantiles_are_within_the_stated_error() -> None:
    gen = np.random.default_rng(5)
    runs, cells = 3_001, 4
    x = gen.lognormal(mean=[0.0, 3.0, -8.0, 12.0], sigma=2.0, size=(runs, cells))
    x[gen.random((runs, cells)) < 0.2] = 0.0  # many runs sit at zero (no war, no alert)
    sketch = QuantileSketch(steps=1, cells=cells)
    sketch.add(0, x)
    got = sketch.quantiles(LEVELS)[:, 0]
    exact = np.quantile(x, LEVELS, axis=0, method="lower")
    assert _within(got, exact), np.abs(got - exact) / np.maximum(exact, X_MIN)
    # and not trivially: a sketch one bucket off would miss (relative error of ~2 ALPHA)
    assert not _within(got * (1 + 2.5 * ALPHA), exact)


def test_counts_add_over_chunks() -> None:
    gen = np.random.default_rng(6)
    x = gen.gamma(0.5, 10.0, size=(500, 3))
    whole, parts = QuantileSketch(2, 3), QuantileSketch(2, 3)
    whole.add(1, x)
    for chunk in np.array_split(x, 7):
        parts.add(1, chunk)
    np.testing.assert_array_equal(whole.counts, parts.counts)
    assert whole.counts[0].sum() == 0 and whole.counts[1].sum() == 500 * 3


def test_simulate_quantiles_cover_all_runs() -> None:
    scenario = load_scenario(example_path("spiral"))
    whole = simulate(scenario, 64, 8, rng=3, keep=64)  # every run kept: exact order statistics
    parts = [simulate(scenario, 64, 8, rng=3, keep=5, chunk_size=c) for c in (7, 64)]
    assert set(whole.quantiles) == set(parts[0].quantiles) == set(ACTOR_SERIES)
    for k, exact in whole.quantiles.items():
        assert exact.shape == (len(QUANTILE_LEVELS), 9, 2)
        ref = np.quantile(whole.series[k].astype(float), QUANTILE_LEVELS, axis=0, method="lower")
        np.testing.assert_array_equal(exact, ref, err_msg=k)
        # the sketch of all 64 runs, whatever the chunks; the kept trajectories are single
        # precision, whose rounding adds to the sketch's error
        np.testing.assert_array_equal(parts[0].quantiles[k], parts[1].quantiles[k], err_msg=k)
        tol = np.where(exact >= X_MIN, (ALPHA + 1e-6) * exact + 1e-12, X_MIN)
        assert np.all(np.abs(parts[0].quantiles[k] - exact) <= tol), k


def test_sketches_side_by_side_count_into_their_own_part() -> None:
    buckets_per_cell = QuantileSketch.bytes_for(1, 1) // 4
    counts = np.zeros((2, 3, 4, buckets_per_cell), dtype=np.uint32)
    a, b = (QuantileSketch(3, 4, into=counts[s]) for s in range(2))
    b.add(2, np.full((5, 4), 1.0))
    assert a.counts.sum() == 0 and counts[1, 2].sum() == 20
    assert np.shares_memory(b.counts, counts)
    with pytest.raises(ValueError, match="uint32"):
        QuantileSketch(3, 4, into=counts[0].astype(np.int64))


def test_bucket_edges_are_each_buckets_least_double() -> None:
    edges = bucket_edges()
    k = np.arange(1, len(edges))
    np.testing.assert_array_equal(buckets(edges[1:]), k)
    np.testing.assert_array_equal(buckets(np.nextafter(edges[1:], 0.0)), k - 1)
    # the buckets' bounds, x_min gamma^(k - 1), to rounding
    np.testing.assert_allclose(edges[1:], X_MIN * ((1 + ALPHA) / (1 - ALPHA)) ** (k - 1.0),
                               rtol=1e-9)
