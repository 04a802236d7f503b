"""Tests of ``herz model surprise-attack``, run in-process."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_solve_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic — the worked example (F=-0.5, S=-3, W=-2, uniform h=2): one stable
    equilibrium at 0.6, the regress starting at the fear-free 0.375."""
    assert main(["model", "surprise-attack", "solve", "--first-strike", "-0.5", "--struck", "-3",
                 "--mutual", "-2", "--scale", "2", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["equilibria"]) == 1 and data["equilibria"][0]["stable"]
    assert data["equilibria"][0]["s"] == pytest.approx(0.6)
    assert data["regress"][0] == pytest.approx(0.375)


def test_solve_text_and_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: regression — three equilibria (calm, unstable, panic) with small logistic noise;
    an unknown noise family exits with status 2."""
    assert main(["model", "surprise-attack", "solve", "--first-strike", "-1", "--struck", "-6",
                 "--mutual", "-2", "--noise", "logistic", "--scale", "0.05"]) == 0
    out = capsys.readouterr().out
    assert out.count("(stable)") == 2 and out.count("(unstable)") == 1
    assert main(["model", "surprise-attack", "solve", "--first-strike", "-1", "--struck", "-6",
                 "--mutual", "-2", "--noise", "cauchy"]) == 2
    assert "--noise" in capsys.readouterr().err
