"""Bands over all runs (herz.results.bands): exact while chunks are small, within the stated
rank error otherwise, and wired to the engine's chunks and the quantiles table."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.engine.scenario import load_scenario
from herz.engine.simulate import simulate
from herz.examples import example_path
from herz.results.bands import BandAccumulator, resolution_for, weighted_quantiles
from herz.results.tables import quantiles_table

LEVELS = (0.05, 0.5, 0.95)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=60),
       st.floats(0.0, 1.0))
def test_unit_weights_are_hazens_quantiles(values: list[float], level: float) -> None:
    v = np.array(values)[:, None]
    got = weighted_quantiles(v, np.ones(len(values)), (level,))[0, 0]
    assert got == pytest.approx(np.quantile(v[:, 0], level, method="hazen"), abs=1e-6)


def test_weights_count_as_repeated_values() -> None:
    # a value of weight 3 is the same as that value three times
    values = np.array([[1.0], [2.0], [5.0]])
    got = weighted_quantiles(values, np.array([1.0, 3.0, 1.0]), LEVELS)[:, 0]
    want = np.quantile([1.0, 2.0, 2.0, 2.0, 5.0], LEVELS, method="hazen")
    np.testing.assert_allclose(got, want)


def test_small_chunks_give_the_exact_quantiles_of_all_runs() -> None:
    rng = np.random.default_rng(3)
    data = rng.lognormal(size=(230, 7, 2))
    acc = BandAccumulator(("x",), resolution=100)
    for start in range(0, 230, 50):
        acc.add({"x": data[start:start + 50], "ignored": data[start:start + 50]})
    assert acc.n_runs == 230 and acc.rank_error == 0.0
    want = np.quantile(data, LEVELS, axis=0, method="hazen")
    np.testing.assert_allclose(acc.quantiles()["x"], want, rtol=1e-6)


def test_large_chunks_stay_within_the_stated_rank_error() -> None:
    rng = np.random.default_rng(4)
    data = rng.standard_t(3, size=(20_000, 3))
    acc = BandAccumulator(("x",), resolution=50)
    for start in range(0, 20_000, 1_500):  # chunks of 1500 runs: summarised, then merged
        acc.add({"x": data[start:start + 1_500]})
    assert acc.merges >= 1 and acc.rank_error > 0
    got = acc.quantiles()["x"]
    for k, level in enumerate(LEVELS):
        ranks = (data <= got[k]).mean(axis=0)  # the estimate's rank among all runs
        assert np.all(np.abs(ranks - level) <= acc.rank_error + 1e-3), (level, ranks)


def test_resolution_fits_the_budget() -> None:
    assert resolution_for(10) == 1000
    small = resolution_for(20_000, budget_bytes=64 * 2**20)
    assert 50 <= small < 1000 and 5 * 4 * small * 20_000 <= 64 * 2**20
    assert resolution_for(10**9) == 50  # never coarser than 2% of the runs


def test_the_engine_feeds_every_run_and_the_table_says_so() -> None:
    scenario = load_scenario(example_path("spiral"))
    acc = BandAccumulator(("war_hazard", "security", "belief"))
    result = simulate(scenario, 120, 12, rng=5, keep=120, on_chunk=acc.add, chunk_size=32)
    assert acc.n_runs == 120
    bands = acc.quantiles()
    want = np.quantile(result.series["war_hazard"], LEVELS, axis=0, method="hazen")
    np.testing.assert_allclose(bands["war_hazard"], want, atol=1e-6)
    # kept runs are only 10 in the saved table, but its bands are over all 120 where given
    short = simulate(scenario, 120, 12, rng=5, keep=10)
    table = quantiles_table(short, bands)
    rows = table["variable"] == "war_hazard"
    assert set(table["q_runs"][rows].tolist()) == {120}
    assert set(table["q_runs"][table["variable"] == "arms"].tolist()) == {10}
    first = rows & (table["step"] == 12) & (table["actor"] == "Blue")
    assert table["q95"][first][0] == pytest.approx(want[2, 12, 0], abs=1e-6)
