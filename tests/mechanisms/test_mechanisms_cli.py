"""``herz mechanisms``: exit status, the printed seed, ``--json``, ``--skip`` and ``--only``.

Kind: in-process CLI tests on a few cheap experiments.
"""

from __future__ import annotations

import json

import pytest

from herz.cli import main
from herz.mechanisms import EXPERIMENTS, run

FEW = ["--only", "1a", "--only", "6a"]


def test_table_prints_runs_and_seed(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mechanisms", "--runs", "60", "--seed", "3", *FEW]) == 0
    out = capsys.readouterr().out
    assert "60 runs per arm, seed 3" in out
    assert "security is relative" in out and "2 ok, 0 not ok" in out


def test_json_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mechanisms", "--runs", "60", "--json", *FEW]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["seed"] == 0 and doc["runs"] == 60
    rows = doc["results"]
    assert [r["experiment"] for r in rows] == ["1a", "6a"]
    for r in rows:
        assert r["verdict"] == "ok" and r["low"] <= r["effect"] <= r["high"] and r["seed"] == 0


def test_skip(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mechanisms", "--runs", "60", *FEW, "--skip", "6a"]) == 0
    out = capsys.readouterr().out
    assert "1 ok, 0 not ok" in out and "6a" not in out.split("\n", 2)[2]


def test_exit_1_when_an_experiment_is_not_ok(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An experiment whose lever does nothing (both arms the lever-off world) is null: exit 1."""
    real = run.run_experiment

    def switched_off(exp, runs, seed):  # type: ignore[no-untyped-def]
        return real(exp, runs=runs, seed=seed, lever=False)

    monkeypatch.setattr(run, "run_experiment", switched_off)
    assert main(["mechanisms", "--runs", "30", "--only", "1a"]) == 1
    out = capsys.readouterr().out
    assert "null" in out and "0 ok, 1 not ok: 1a" in out


def test_bad_options(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["mechanisms", "--skip", "99z"]) == 2
    assert "no experiment '99z'" in capsys.readouterr().err
    assert main(["mechanisms", "--runs", "1"]) == 2
    assert main(["mechanisms", "--runs", str(run.MAX_RUNS + 1)]) == 2
    assert main(["mechanisms", "--seed", "-1"]) == 2


def test_default_runs_and_seed_are_decisive_defaults() -> None:
    assert run.DEFAULT_RUNS >= 400 and run.DEFAULT_SEED == 0
    assert len(EXPERIMENTS) >= 12


def test_progress_sees_each_result() -> None:
    seen: list[str] = []
    chosen = run.select(only=["1a"])
    results = run.run_experiments(chosen, runs=20, progress=lambda r: seen.append(r.key))
    assert seen == ["1a"] and results[0].runs == 20
