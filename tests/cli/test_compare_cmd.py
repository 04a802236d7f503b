"""``herz compare A B``: text, --json and --html."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herz.cli import main

SMALL = ["--runs", "8", "--steps", "6", "--keep", "2"]


@pytest.fixture
def folders(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[str, str, str]:
    a, b, c = (str(tmp_path / n) for n in "abc")
    assert main(["run", *SMALL, "--out", a]) == 0
    assert main(["run", *SMALL, "--set", "actors.Blue.empathy=0.9", "--out", b]) == 0
    assert main(["run", *SMALL, "--seed", "4", "--out", c]) == 0
    capsys.readouterr()
    return a, b, c


def test_compare_text_json_html(
    folders: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, c = folders
    html = tmp_path / "cmp.html"
    assert main(["compare", a, b, "--html", str(html)]) == 0
    out = capsys.readouterr().out
    assert "paired: both have seed 0 and 8 runs" in out and "spiral" in out and "war" in out
    assert "<table>" in html.read_text()
    assert main(["compare", a, c, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["paired"] is False and "Welch" in record["pairing"]
    assert {"war", "crises", "arms_final.Blue"} <= set(record["outcomes"])


def test_compare_refuses_a_non_run_folder(
    folders: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", folders[0], str(tmp_path / "nowhere")]) == 2
    assert "no summary.json" in capsys.readouterr().err
