"""``herz model arms-race-talk``: the spiral and the cheap-talk equilibrium, text and --json."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_solve(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "arms-race-talk", "solve", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["build_probabilities"] == [1.0] and data["params"]["mu"] == 0.1


def test_talk_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "arms-race-talk", "talk", "--draws", "2000"]) == 0
    out = capsys.readouterr().out
    assert "without talk: P(arms race) = 1.0000" in out
    assert "[0.1714, 0.4445) announce hawk" in out and "P(arms race) = 0.1040" in out
    assert "seed 0" in out
    assert main(["model", "arms-race-talk", "talk", "--draws", "0", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    best = data["equilibria"][0]
    assert data["seed"] == 0 and data["params"] == {"mu": 0.05, "d": 1.0, "lo": 0.0, "hi": 1.0}
    assert best["a"] == pytest.approx(0.171383, abs=1e-6)
    assert best["arm_prob"]["hawk|hawk"] == 1.0 and best["monte_carlo_worst_z"] is None
    assert data["no_talk_arms_race_probability"] == pytest.approx(1.0)


def test_talk_none_and_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "arms-race-talk", "talk", "--mu", "0.1", "--hi", "0.9"]) == 0
    assert "no dove/hawk/dove equilibrium" in capsys.readouterr().out
    assert main(["model", "arms-race-talk", "talk", "--mu", "2"]) == 2
    assert "allowed: 0 < mu < d" in capsys.readouterr().err
