"""Tests of ``herz model glaser``, run in-process."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_solve_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — defaults: M = 4, p* = 0.85 / (1/6 + 0.8); belief 0.95 -> arm."""
    assert main(["model", "glaser", "solve", "--belief", "0.95", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["severity"] == pytest.approx(4.0)
    assert data["threshold_belief"] == pytest.approx(0.85 / (1 / 6 + 0.8))
    assert data["advice"] == "arm"


def test_solve_text_and_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — perfect distinguishability: severity 0; a bad value exits with 2."""
    assert main(["model", "glaser", "solve", "--distinguishability", "1"]) == 0
    out = capsys.readouterr().out
    assert "severity M" in out and ": 0 " in out.replace("\n", " ")
    assert main(["model", "glaser", "solve", "--distinguishability", "2"]) == 2
    assert "distinguishability" in capsys.readouterr().err
