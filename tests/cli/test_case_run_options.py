"""``herz case run --keep --all``: every counterfactual, the paired differences printed, the
kept runs chosen, and the dyads of every run written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herz.cli import main
from herz.results.tables import read_table


def test_all_runs_every_counterfactual_and_keep_keeps_runs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["case", "run", "pre-1914", "--all", "--runs", "30", "--keep", "7", "--seed", "2"]
    assert main([*args, "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "no-entente" in text and "no-agadir" in text
    assert text.count("minus factual (paired): P(war)") == 2
    record = json.loads((out / "case.json").read_text())
    assert record["counterfactuals"] == ["no-entente", "no-agadir"]
    events = read_table(out / "factual" / "events.parquet")
    assert set(events["run"]) <= set(range(7)) and len(set(events["run"])) == 7
    dyads = read_table(out / "factual" / "dyads.parquet")
    assert set(dyads["n_runs"]) == {30} and set(dyads["year"]) == set(range(1908, 1914))


def test_keep_must_be_positive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["case", "run", "pre-1914", "--keep", "0", "--out", str(tmp_path / "o")]) == 2
    assert "--keep" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_backend_is_chosen_checked_and_recorded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    bad = ["case", "run", "cuba-1962", "--runs", "5", "--backend", "jax", "--out", str(out)]
    assert main(bad) == 2
    err = capsys.readouterr().err
    assert "--backend" in err and "numpy, numba" in err and len(err.strip().splitlines()) == 1
    assert not out.exists()
    pytest.importorskip("numba")
    assert main(["case", "run", "cuba-1962", "--runs", "5", "--backend", "numba",
                 "--out", str(out)]) == 0
    assert json.loads((out / "case.json").read_text())["backend"] == "numba"
    summary = json.loads((out / "factual" / "summary.json").read_text())
    assert summary["backend"] == "numba"
