"""Intervals of quantities that cannot be negative never cross zero."""

from __future__ import annotations

import numpy as np
import pytest

from herz.results import stats
from herz.results.stats import mean_interval, positive_mean_interval


def test_skewed_counts_stay_above_zero_where_the_t_interval_does_not() -> None:
    counts = np.array([0] * 28 + [1, 9], dtype=float)
    t = mean_interval(counts)
    assert t.low is not None and t.low < 0  # the symmetric interval crosses zero
    b = positive_mean_interval(counts)
    assert b.method == "bootstrap" and b.n == 30
    assert b.low is not None and b.high is not None
    assert 0.0 <= b.low <= b.estimate <= b.high <= 9.0
    assert b == positive_mean_interval(counts)  # seeded: the same values, the same interval


def test_degenerate_inputs() -> None:
    assert positive_mean_interval(np.array([])).estimate is None
    one = positive_mean_interval(np.array([3.0]))
    assert one.estimate == 3.0 and one.low is None and one.high is None
    same = positive_mean_interval(np.full(10, 2.0))
    assert same.low == same.estimate == same.high == 2.0
    assert positive_mean_interval(np.array([1.0, np.nan, 3.0])).n == 2


def test_large_samples_use_the_clipped_t_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stats, "BOOTSTRAP_MAX_N", 10)
    x = np.array([0.0] * 40 + [50.0])
    iv = positive_mean_interval(x)
    assert iv.method == "t-clipped" and iv.low == 0.0 and iv.high is not None
