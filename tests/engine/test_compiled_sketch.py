"""The compiled sketch is the reference's (:class:`herz.engine.sketch.QuantileSketch`), bucket
for bucket: the count of a frame's values and the quantiles read off the counts."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("numba")

from herz.engine.compiled.sketch import (  # noqa: E402
    MANTISSA_BITS,
    bucket_table,
    count_into,
    quantiles,
)
from herz.engine.sketch import X_MAX, X_MIN, QuantileSketch, bucket_edges, buckets  # noqa: E402

LEVELS = (0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0)


def test_counts_equal_the_reference() -> None:
    gen = np.random.default_rng(11)
    runs, cells = 2_000, 5
    x = gen.lognormal(mean=[-16.0, -4.0, 0.0, 5.0, 20.0], sigma=3.0, size=(runs, cells))
    x[gen.random((runs, cells)) < 0.2] = 0.0
    # below, at and above the sketch's range, and what the engine never produces
    x[:8, 0] = [X_MIN, X_MIN * 0.999, X_MAX, X_MAX * 10, np.inf, np.nan, -1.0, 5e-324]
    ref, got = QuantileSketch(3, cells), QuantileSketch(3, cells)
    for t in (0, 2, 2):  # counts add up
        ref.add(t, x)
        count_into(got, t, x)
    assert ref.counts.sum() == 3 * runs * cells
    np.testing.assert_array_equal(got.counts, ref.counts)
    assert got.counts[1].sum() == 0


def test_every_bucket_edge_is_the_references() -> None:
    """The least double of every bucket and the double below it, and the first doubles of
    the bins the lookup starts from, fall where the reference puts them."""
    _, first = bucket_table()
    edges = bucket_edges()
    bins = (np.arange(len(first), dtype=np.int64)
            + (np.array(edges[1]).view(np.int64) >> (52 - MANTISSA_BITS))) << (
                52 - MANTISSA_BITS)
    x = np.concatenate([edges[1:], np.nextafter(edges[1:], 0.0), bins.view(float),
                        np.nextafter(bins.view(float), 0.0)])
    assert np.array_equal(buckets(edges[1:]), np.arange(1, len(edges)))  # each edge its own
    ref, got = QuantileSketch(1, 1), QuantileSketch(1, 1)
    ref.add(0, x[:, None])
    count_into(got, 0, x[:, None])
    np.testing.assert_array_equal(got.counts, ref.counts)
    # value by value: a sketch of one cell per value
    one_by_one = QuantileSketch(1, len(x))
    count_into(one_by_one, 0, x[None, :])
    np.testing.assert_array_equal(one_by_one.counts[0].argmax(axis=1), buckets(x))


def _sketches(gen: np.random.Generator) -> list[QuantileSketch]:
    """Two sketches of 4 frames and 6 cells: cells of many values, of one, of none (the last
    frame), all in one bucket, in bucket 0, in the top bucket, and frames of a few runs."""
    out = []
    for _ in range(2):
        sketch = QuantileSketch(4, 6)
        for t in range(3):
            runs = int(gen.integers(1, 60)) if t else 1
            x = gen.lognormal(0.0, 4.0, (runs, 6))
            x[:, 1] = 0.0  # bucket 0
            x[:, 2] = 3.0  # one bucket
            x[:, 3] = X_MAX * 2  # the top bucket
            x[gen.random(runs) < 0.3, 4] = 0.0
            sketch.add(t, x)
        out.append(sketch)
    return out


@pytest.mark.parametrize("threads", [False, True])
def test_quantiles_equal_the_reference(threads: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    from herz.engine import compiled

    if threads:  # the parallel kernel, even here
        monkeypatch.setattr(compiled, "PARALLEL_MIN_WORK", 1)
    sketches = _sketches(np.random.default_rng(12))
    counts = np.stack([s.counts for s in sketches])
    assert counts[:, -1].sum() == 0 and (counts[:, :3] > 0).sum(axis=-1).min() >= 1
    got = quantiles(counts, LEVELS)
    assert got.shape == (2, len(LEVELS), 4, 6)
    for s, sketch in enumerate(sketches):
        np.testing.assert_array_equal(got[s], sketch.quantiles(LEVELS))
    # the edge cases land where the reference puts them
    top = sketches[0].quantiles((1.0,))[0, 0, 3]
    assert np.all(got[:, :, :3, 1] == 0.0) and np.all(got[:, :, :3, 3] == top)
    assert np.all(got[:, 0, 3] == top) and np.all(got[:, 1:, 3] == 0.0)  # empty: rank -1 or 0
    # levels in any order, each found on its own
    shuffled = (0.75, 0.0, 1.0, 0.5)
    np.testing.assert_array_equal(quantiles(counts, shuffled)[0],
                                  sketches[0].quantiles(shuffled))
