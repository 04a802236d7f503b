"""``herz model kydd``: readable output, --json, exit codes."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_threshold_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "kydd", "threshold", "--q1", "0.5", "--q2", "0.9"]) == 0
    out = capsys.readouterr().out
    assert "Minimum trust c/(1 - t + c) = 0.666667" in out and "cannot cooperate" in out
    assert main(["model", "kydd", "threshold", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["cooperation_possible"] is True
    assert {"player1": ["C", "D"], "player2": ["C", "D"]} in data["equilibria"]


def test_update_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "kydd", "update", "--prior", "0.7", "--observed", "D", "--noise",
                 "0.1"]) == 0
    assert "after the observed action 0.205882" in capsys.readouterr().out
    assert main(["model", "kydd", "update", "--prior", "0.4", "--observed", "D", "--pooling",
                 "--signal", "hostile", "--accuracy", "0.7", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["after_action"] == pytest.approx(0.4) and data["likelihood_ratio"] == 1.0
    assert data["posterior"] == pytest.approx(0.4 * 0.3 / (0.4 * 0.3 + 0.6 * 0.7))


def test_update_pooling_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "kydd", "update", "--prior", "0.4", "--observed", "c",
                 "--pooling"]) == 0
    assert "carry no information" in capsys.readouterr().out


def test_spiral_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "kydd", "spiral", "--rounds", "3", "--runs", "50", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("seed 4") and "round   3" in out
    assert main(["model", "kydd", "spiral", "--rounds", "3", "--runs", "50", "--seed", "4",
                 "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["seed"] == 4 and len(data["mean_belief_1_in_2"]) == 4


def test_spiral_defaults_show_the_spiral(capsys: pytest.CaptureFixture[str]) -> None:
    """With its defaults (seed 0, 200 runs, noise 0.1) the command shows Kydd's point: a share
    of runs between two security seekers is locked in the spiral, its 95% Wilson interval
    above zero; without misread moves (noise 0) none is."""
    assert main(["model", "kydd", "spiral", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["seed"] == 0 and data["runs"] == 200
    assert data["locked_in_share_ci95"][0] > 0.05
    assert main(["model", "kydd", "spiral", "--noise", "0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["locked_in_share"] == 0.0
    assert main(["model", "kydd", "spiral"]) == 0
    assert "seed 0, 200 runs" in capsys.readouterr().out


def test_reassurance_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["model", "kydd", "reassurance", "--prior", "0.3", "--threshold", "0.6",
            "--gain-secure", "5", "--gain-greedy", "2"]
    assert main([*args, "--cost", "3"]) == 0
    out = capsys.readouterr().out
    assert "Separating needs 2 <= cost <= 5: yes" in out and "Intuitive Criterion" in out
    assert main([*args, "--cost", "1"]) == 0
    assert "Semi-separating: greedy signals" in capsys.readouterr().out
    assert main([*args, "--cost", "3", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["separating"] is True and data["sigma"] is None


@pytest.mark.parametrize("args", [
    ["threshold", "--t-secure", "1.2"],
    ["update", "--prior", "0.5", "--observed", "X"],
    ["update", "--prior", "0.5", "--observed", "C", "--signal", "maybe"],
    ["update", "--prior", "0.5", "--observed", "C", "--signal", "benign", "--accuracy", "2"],
    ["reassurance", "--prior", "0.3", "--threshold", "0.6", "--cost", "-1",
     "--gain-secure", "5", "--gain-greedy", "2"],
])
def test_bad_input_exits_2_with_one_line(args: list[str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["model", "kydd", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("herz: error:") and err.count("\n") == 1
