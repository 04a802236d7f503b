"""herz.results: confidence intervals, the summary, tidy tables and atomic writing."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import duckdb
import numpy as np
import pytest

import herz
from herz.engine.scenario import load_scenario, scenario_hash
from herz.engine.simulate import ACTOR_SERIES, PAIR_SERIES, SimulationResult, simulate
from herz.errors import HerzInputError
from herz.examples import example_path
from herz.results import (
    OUTPUTS,
    events_table,
    mean_interval,
    quantiles_table,
    read_parquet,
    steps_table,
    summarize,
    wilson_interval,
    write_outputs,
    write_parquet,
)
from herz.results import write as write_module
from herz.results.tables import action_name


@pytest.fixture(scope="module")
def result() -> SimulationResult:
    scenario = load_scenario(example_path("spiral"))
    return simulate(scenario, runs=30, steps=12, rng=7, keep=6)


# --- Wilson interval: published values --------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),
        (5, 10, 0.2366, 0.7634),
        (81, 263, 0.2553, 0.3662),
        (15, 148, 0.0624, 0.1605),
        (0, 20, 0.0, 0.1611),
        (1, 29, 0.0061, 0.1718),
    ],
)
def test_wilson_published(k: int, n: int, low: float, high: float) -> None:
    """Kind: published -- Newcombe (1998), Stat. Med. 17:857, Table II, method 3 (Wilson score
    without continuity correction); 0/10 and 5/10 from the closed form. Tolerance 5e-5: the table
    is printed to four decimals."""
    iv = wilson_interval(k, n)
    assert iv.low == pytest.approx(low, abs=5e-5)
    assert iv.high == pytest.approx(high, abs=5e-5)
    assert iv.low <= iv.estimate <= iv.high  # type: ignore[operator]


def test_wilson_edges() -> None:
    """Kind: analytic -- n/n has upper bound 1 and lower bound n/(n+z^2); n=0 is all of [0, 1]."""
    iv = wilson_interval(10, 10)
    assert iv.high == 1.0
    assert iv.low == pytest.approx(10 / (10 + 1.959964**2), abs=1e-6)
    empty = wilson_interval(0, 0)
    assert (empty.estimate, empty.low, empty.high, empty.n) == (None, 0.0, 1.0, 0)
    with pytest.raises(ValueError):
        wilson_interval(3, 2)
    with pytest.raises(ValueError):
        wilson_interval(1, 2, confidence=1.0)


def test_mean_interval() -> None:
    """Kind: analytic -- t interval of 1..5: mean 3, half-width t(0.975, 4) * sd / sqrt(5)."""
    iv = mean_interval(np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    half = 2.7764451 * np.sqrt(2.5) / np.sqrt(5)
    assert iv.estimate == 3.0
    assert iv.low == pytest.approx(3 - half) and iv.high == pytest.approx(3 + half)
    assert mean_interval(np.array([])).as_dict()["estimate"] is None
    one = mean_interval(np.array([2.0, np.nan]))
    assert (one.estimate, one.low, one.high, one.n) == (2.0, None, None, 1)
    flat = mean_interval(np.full(4, 1.5))
    assert flat.low == flat.estimate == flat.high == 1.5


# --- Summary ----------------------------------------------------------------------------------


def _intervals(tree: object) -> list[dict[str, object]]:
    if isinstance(tree, dict):
        if "estimate" in tree:
            return [tree]
        return [iv for v in tree.values() for iv in _intervals(v)]
    return []


def test_summary_inputs_and_cis(result: SimulationResult) -> None:
    summary = summarize(result)
    assert summary["herz_version"] == herz.__version__
    assert summary["seed"] == 7 and summary["runs"] == 30 and summary["steps"] == 12
    assert summary["scenario_hash"] == scenario_hash(result.scenario)
    assert summary["scenario"]["name"] == "spiral"
    assert "ALL runs" in summary["tables"]["quantiles"]
    m = summary["metrics"]
    assert set(m["p_war_by_kind"]) == {"opportunistic", "preventive", "preemptive", "scripted",
                                       "mutual_optimism"}
    assert set(m["belief_final"]) == {"Blue->Red", "Red->Blue"}
    assert 0.0 <= m["time_to_first_war"]["censored_share"] <= 1.0
    intervals = _intervals(m)
    assert len(intervals) > 10
    for iv in intervals:
        if iv["estimate"] is not None and iv["low"] is not None:
            assert iv["low"] <= iv["estimate"] <= iv["high"]  # type: ignore[operator]
    json.dumps(summary, allow_nan=False)  # strict JSON


def test_summary_reproducible() -> None:
    """Kind: seed-pinned -- the same seed gives the same summary; another seed does not."""
    scenario = load_scenario(example_path("spiral"))
    a = summarize(simulate(scenario, runs=10, steps=8, rng=3, keep=2))
    b = summarize(simulate(scenario, runs=10, steps=8, rng=3, keep=2))
    c = summarize(simulate(scenario, runs=10, steps=8, rng=4, keep=2))
    assert a == b
    assert a["metrics"] != c["metrics"]


# --- Tables -----------------------------------------------------------------------------------


def test_steps_table_shape(result: SimulationResult) -> None:
    table = steps_table(result)
    n, k, t = 2, result.kept, result.steps + 1
    assert len(table["run"]) == k * t * (n * len(ACTOR_SERIES) + n * (n - 1) * len(PAIR_SERIES))
    assert set(table["variable"]) == set(ACTOR_SERIES) | set(PAIR_SERIES)
    actor_rows = np.isin(table["variable"], ACTOR_SERIES)
    assert all(o is None for o in table["other"][actor_rows])
    assert set(table["other"][~actor_rows]) == {"Blue", "Red"}
    assert len({len(v) for v in table.values()}) == 1
    sel = (table["variable"] == "arms") & (table["run"] == 1) & (table["actor"] == "Red")
    assert np.allclose(table["value"][sel], result.series["arms"][1, :, 1])


def test_quantiles_table(result: SimulationResult) -> None:
    table = quantiles_table(result)
    assert np.all(table["q05"] <= table["q50"] + 1e-12)
    assert np.all(table["q50"] <= table["q95"] + 1e-12)
    assert set(table["n_kept"]) == {result.kept} and set(table["n_runs"]) == {result.n_runs}
    sel = (table["variable"] == "belief") & (table["actor"] == "Blue")
    assert np.allclose(table["mean"][sel], result.mean["belief"][:, 0, 1])


def test_events_table(result: SimulationResult) -> None:
    table = events_table(result)
    assert len(table["run"]) == len(result.events["run"])
    assert "arm" in set(table["action"])
    assert set(table["actor"]) <= {"Blue", "Red"}
    assert all(s is None or isinstance(s, int) for s in table["cause_step"])
    assert action_name(1) == "arm" and action_name(999) == "code_999"


def test_parquet_round_trip(tmp_path: Path, result: SimulationResult) -> None:
    events = events_table(result)
    path = write_parquet(events, tmp_path / "events.parquet")
    back = read_parquet(path)
    assert list(back) == list(events)
    for name, values in events.items():
        if values.dtype.kind == "f":
            assert np.allclose(back[name].astype(float), values)
        else:
            assert list(back[name]) == list(values)
    steps = steps_table(result)
    write_parquet(steps, tmp_path / "steps.parquet")
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT count(*), count(other) FROM read_parquet('{tmp_path / 'steps.parquet'}')"
    ).fetchone()
    con.close()
    assert rows is not None
    assert rows[0] == len(steps["run"])
    assert rows[1] == sum(o is not None for o in steps["other"])


def test_read_parquet_mixed(tmp_path: Path) -> None:
    path = write_parquet(
        {
            "i": np.array([1, 2]),
            "x": np.array([0.5, 1.0]),
            "s": np.array(["a", None], dtype=object),
        },
        tmp_path / "t.parquet",
    )
    back = read_parquet(path)
    assert back["i"].dtype == np.int64 and back["x"].dtype == float
    assert list(back["s"]) == ["a", None]


# --- Writing all outputs ----------------------------------------------------------------------


def test_write_outputs_replaces_and_is_atomic(
    tmp_path: Path, result: SimulationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "old.txt").write_text("old")
    with pytest.raises(HerzInputError, match="--overwrite"):
        write_outputs(result, out)  # a folder herz did not write
    assert [p.name for p in out.iterdir()] == ["old.txt"]
    summary = write_outputs(result, out, overwrite=True)
    assert summary["seed"] == 7
    for name in OUTPUTS:
        assert (out / name).is_file()
    assert (out / "old.txt").read_text() == "old"  # not herz's: kept
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
    write_outputs(result, out)  # herz wrote it now: no --overwrite needed

    def boom(*args: object) -> None:
        (args[2] / "summary.json").write_text("partial")  # type: ignore[operator]
        raise RuntimeError("disk full")

    before = sorted(p.name for p in out.iterdir())
    monkeypatch.setattr(write_module, "_write_all", boom)
    with pytest.raises(RuntimeError):
        write_outputs(result, out)
    assert sorted(p.name for p in out.iterdir()) == before
    assert json.loads((out / "summary.json").read_text())["seed"] == 7
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_no_war_run_is_summarized(result: SimulationResult) -> None:
    """Censoring: with no war at all, the time to war is undefined and all runs are censored."""
    outcomes = dict(result.outcomes)
    outcomes["first_war_step"] = np.full(result.n_runs, -1)
    outcomes["war"] = np.zeros(result.n_runs, dtype=bool)
    quiet = dataclasses.replace(result, outcomes=outcomes)
    m = summarize(quiet)["metrics"]
    assert m["time_to_first_war"]["estimate"] is None
    assert m["time_to_first_war"]["censored_share"] == 1.0
    assert m["p_war"]["estimate"] == 0.0 and m["p_war"]["low"] == 0.0


def test_bounded_outcomes_get_intervals_that_never_leave_zero_to_one(
    result: SimulationResult,
) -> None:
    """Final security and beliefs lie in [0, 1]: with most runs at 0 and a few high (skewed
    per-run values, where a t interval would reach below 0), their intervals stay in [0, 1]."""
    out = dict(result.outcomes)
    skew = np.zeros(result.n_runs)
    skew[:2] = [0.9, 0.3]
    beliefs = np.array(out["belief_final"], dtype=float)
    beliefs[:, 0, 1] = skew
    security = np.array(out["security_final"], dtype=float)
    security[:, 0] = skew
    out["belief_final"], out["security_final"] = beliefs, security
    m = summarize(dataclasses.replace(result, outcomes=out))["metrics"]
    pair = f"{result.actors[0]}->{result.actors[1]}"
    for iv in (m["belief_final"][pair], m["security_final"][result.actors[0]]):
        assert 0.0 <= iv["low"] <= iv["estimate"] <= iv["high"] <= 1.0, iv
