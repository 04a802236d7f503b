"""``herz run --format csv|parquet``: every table in the chosen format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herz.atomic import MARKER
from herz.cli import main
from herz.results import output_files, read_table

SMALL = ["--runs", "6", "--steps", "5", "--keep", "2"]


def test_csv_tables(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o"
    assert main(["run", *SMALL, "--format", "csv", "--out", str(out)]) == 0
    assert "outcomes.csv" in capsys.readouterr().out
    for name in output_files("csv"):
        assert (out / name).is_file(), name
    assert not list(out.glob("*.parquet"))
    assert json.loads((out / "summary.json").read_text())["table_format"] == "csv"
    manifest = json.loads((out / MARKER).read_text())
    assert "outcomes.csv" in manifest["files"]
    outcomes = read_table(out / "outcomes.csv")
    assert list(outcomes["run"]) == list(range(6))
    assert "csv" in (out / "report.html").read_text()


def test_csv_and_parquet_hold_the_same_outcomes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", *SMALL, "--format", "csv", "--out", str(a)]) == 0
    assert main(["run", *SMALL, "--out", str(b)]) == 0
    ca, cb = read_table(a / "outcomes.csv"), read_table(b / "outcomes.parquet")
    assert set(ca) == set(cb)
    for key in ("run", "war", "crises"):
        assert list(ca[key]) == list(cb[key])
    capsys.readouterr()
    assert main(["compare", str(a), str(b), "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["paired"] and record["outcomes"]["spiral"]["difference"]["estimate"] == 0


def test_unknown_format_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o"
    assert main(["run", *SMALL, "--format", "xls", "--out", str(out)]) == 2
    assert "--format" in capsys.readouterr().err
    assert not out.exists()
