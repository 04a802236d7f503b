"""``herz model arms-race-talk``: the spiral and the cheap-talk audit, text and --json."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_solve_and_talk(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "arms-race-talk", "solve", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["build_probabilities"] == [1.0]
    assert main(["model", "arms-race-talk", "talk", "--grid", "201"]) == 0
    out = capsys.readouterr().out
    assert "complements" in out and "none (the gap" in out and "by announcing dove" in out
    assert main(["model", "arms-race-talk", "talk", "--k", "0.3", "--grid", "301",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["incentive_compatible"] is False and data["deviates_to"] == "dove"
    assert data["outcome"]["beta_dd"] == 0.0 and data["informative"] is True
    assert main(["model", "arms-race-talk", "talk", "--mu", "1", "--d", "0.2", "--hi", "1.2",
                 "--grid", "201"]) == 0
    assert "substitutes" in (out := capsys.readouterr().out) and "announcing hawk" in out
