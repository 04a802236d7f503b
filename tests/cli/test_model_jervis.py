"""``herz model jervis``: in-process CLI tests (output, --json, exit codes)."""

from __future__ import annotations

import json

import pytest

from herz.cli import main


def test_classify_text(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic -- Axelrod's payoffs 5,3,1,0 form a PD with DD the only equilibrium."""
    code = main(["model", "jervis", "classify", "--R", "3", "--S", "0", "--T", "5", "--P", "1"])
    out = capsys.readouterr().out
    assert code == 0
    assert "prisoners dilemma (DC > CC > DD > CD)" in out
    assert "P(row C) = 0, P(col C) = 0" in out
    assert "tit for tat delta   0.666667" in out
    assert "C is a best response to no belief" in out


def test_classify_json_stag_hunt(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic -- Stag Hunt 4,0,3,2: two pure equilibria, mixed at (P-S)/((R-T)+(P-S))."""
    code = main(["model", "jervis", "classify", "--R", "4", "--S", "0", "--T", "3", "--P", "2",
                 "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["class"] == "stag_hunt"
    assert [e["kind"] for e in data["equilibria"]] == ["pure", "pure", "mixed"]
    assert data["trust_threshold"] == pytest.approx(2 / 3)


def test_threshold_with_delta(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: published -- Axelrod 1984, Prop. 2: at w = 0.6 < 2/3 TFT is not collectively stable."""
    code = main(["model", "jervis", "threshold", "--R", "3", "--S", "0", "--T", "5", "--P", "1",
                 "--delta", "0.6"])
    out = capsys.readouterr().out
    assert code == 0
    assert "grim sustains cooperation: True; tit for tat: False" in out


def test_threshold_json_deadlock(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic -- Deadlock (P > R): nothing to sustain, no trust makes C a best response."""
    code = main(["model", "jervis", "threshold", "--R", "1", "--S", "0", "--T", "2", "--P", "3",
                 "--delta", "0.9", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["trust_threshold"] is None and data["grim_trigger_delta"] is None
    assert data["sustained_grim"] is False and "R <= P" in data["note"]


def test_game_family(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: analytic -- o = 0.8, d = 0.2: e = 0.64 > c/g = 0.25, a PD in world 1."""
    code = main(["model", "jervis", "game", "--offense", "0.8", "--distinguishability", "0.2"])
    out = capsys.readouterr().out
    assert code == 0
    assert "1: doubly dangerous" in out and "prisoners dilemma" in out
    code = main(["model", "jervis", "game", "--offense", "0.2", "--distinguishability", "0.8",
                 "--json"])
    data = json.loads(capsys.readouterr().out)
    assert data["world"]["label"] == "doubly stable" and data["class"] == "stag_hunt"


def test_four_worlds(capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: published -- Jervis 1978, p. 211: four worlds, in his order."""
    code = main(["model", "jervis", "four-worlds"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 0
    assert len(lines) == 5 and lines[0].startswith("world")
    assert "doubly dangerous" in lines[1] and "prisoners dilemma" in lines[1]
    assert "doubly stable" in lines[4] and "0.58" in lines[4]
    code = main(["model", "jervis", "four-worlds", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert [w["number"] for w in data] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["game", "--offense", "2", "--distinguishability", "0"], "offense_advantage"),
        (["four-worlds", "--low", "0.7"], "low, high"),
        (["threshold", "--R", "3", "--S", "0", "--T", "5", "--P", "1", "--delta", "1.5"],
         "delta"),
        (["classify", "--R", "nan", "--S", "0", "--T", "5", "--P", "1"], "row[0][0]"),
    ],
)
def test_bad_input_exits_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Kind: analytic -- bad values print one 'herz: error:' line and exit 2."""
    code = main(["model", "jervis", *args])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("herz: error:") and message in err
