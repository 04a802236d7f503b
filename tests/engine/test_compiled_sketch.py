"""The compiled count of a frame into a quantile sketch is the reference's
(:meth:`herz.engine.sketch.QuantileSketch.add`), bucket for bucket."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("numba")

from herz.engine.compiled.sketch import count_into  # noqa: E402
from herz.engine.sketch import X_MAX, X_MIN, QuantileSketch  # noqa: E402


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
