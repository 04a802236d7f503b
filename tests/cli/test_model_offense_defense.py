"""Tests of ``herz model offense-defense``, run in-process."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_balance_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — theta = 2, m = 2, q = 0.9: B = 3/2, neutral in [1/2, 2], band [1.5, 6]."""
    assert main(["model", "offense-defense", "balance", "--theta", "2", "--m", "2", "--q", "0.9",
                 "--band-low", "0.5", "--band-high", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ratio"] == pytest.approx(1.5) and data["classification"] == "neutral"
    assert data["neutral_multipliers"] == pytest.approx([1.5, 6.0])


def test_balance_text_and_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — the text output names the class; a bad q exits with status 2."""
    assert main(["model", "offense-defense", "balance", "--theta", "0.5"]) == 0
    assert "2 (defence_advantage)" in capsys.readouterr().out
    assert main(["model", "offense-defense", "balance", "--q", "1"]) == 2
    assert "q" in capsys.readouterr().err
