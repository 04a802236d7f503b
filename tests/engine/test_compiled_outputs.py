"""The dyad counts taken run by run on the threads (bits per pair, then summed) equal the counts
taken over all runs at once, exactly, for every event, war kind and hostility level."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("numba")

from herz.engine.actions import WAR_KINDS  # noqa: E402
from herz.engine.compiled.outputs import (  # noqa: E402
    dyad_counts,
    dyad_record_run,
    dyad_total,
)


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
