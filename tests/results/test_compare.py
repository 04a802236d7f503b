"""Paired and unpaired comparison of two batches of runs (herz.results.compare)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from herz.engine.scenario import load_scenario
from herz.engine.simulate import simulate
from herz.errors import HerzInputError
from herz.examples import example_path
from herz.results import write_outputs
from herz.results.compare import compare_runs, to_html, to_text, welch_interval
from herz.results.tables import outcomes_table, read_table


def _write(folder: Path, runs: int, seed: int, *overrides: str) -> Path:
    scenario = load_scenario(example_path("spiral"), list(overrides))
    write_outputs(simulate(scenario, runs, 8, rng=seed, keep=2), folder)
    return folder


def test_welch_matches_scipy() -> None:
    gen = np.random.default_rng(1)
    a, b = gen.normal(0, 1, 30), gen.normal(0.5, 2, 45)
    iv = welch_interval(a, b)
    ci = stats.ttest_ind(b, a, equal_var=False).confidence_interval(0.95)
    assert iv.low == pytest.approx(ci.low) and iv.high == pytest.approx(ci.high)
    assert iv.estimate == pytest.approx(b.mean() - a.mean())


def test_outcomes_table_has_one_row_per_run() -> None:
    res = simulate(load_scenario(example_path("spiral")), 12, 6, rng=0, keep=2)
    table = outcomes_table(res)
    assert all(len(v) == 12 for v in table.values())
    assert list(table["run"]) == list(range(12))
    np.testing.assert_array_equal(table["war"], res.outcomes["war"].astype(int))
    np.testing.assert_allclose(table["arms_final.Blue"], res.outcomes["arms_final"][:, 0])
    first = res.outcomes["first_war_step"]
    assert [v is None for v in table["first_war_step"]] == list(first < 0)


def test_same_seed_is_paired_and_a_run_against_itself_differs_by_zero(tmp_path: Path) -> None:
    a = _write(tmp_path / "a", 10, 0)
    b = _write(tmp_path / "b", 10, 0, "actors.Blue.empathy=0.9")
    cmp = compare_runs(a, b)
    assert cmp["paired"] and "paired" in cmp["pairing"]
    written = read_table(a / "outcomes.parquet")
    assert set(cmp["outcomes"]) == set(written) - {"run"}
    same = compare_runs(a, a)
    for row in same["outcomes"].values():
        d = row["difference"]
        assert d["estimate"] in (0.0, None)
    json.dumps(cmp)  # JSON-ready
    assert "paired" in to_text(cmp)
    html = to_html(cmp)
    assert html.startswith("<!DOCTYPE html>") and "<table>" in html and "http" not in html


def test_other_seed_or_runs_is_unpaired(tmp_path: Path) -> None:
    a = _write(tmp_path / "a", 10, 0)
    cmp = compare_runs(a, _write(tmp_path / "b", 10, 1))
    assert not cmp["paired"] and "seeds 0 and 1" in cmp["pairing"]
    assert cmp["outcomes"]["war"]["difference"]["method"] == "welch"
    cmp = compare_runs(a, _write(tmp_path / "c", 12, 0))
    assert not cmp["paired"] and "10 and 12 runs" in cmp["pairing"]


def test_a_folder_without_outcomes_is_refused(tmp_path: Path) -> None:
    with pytest.raises(HerzInputError, match="no summary.json"):
        compare_runs(tmp_path, tmp_path)
    a = _write(tmp_path / "a", 4, 0)
    (a / "outcomes.parquet").unlink()
    with pytest.raises(HerzInputError, match="no outcomes table"):
        compare_runs(a, a)
