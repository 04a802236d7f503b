"""``herz run --agent ACTOR=llm:MODEL --replay CASSETTE``: offline, with the turns logged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from herz.cli import main
from herz.policies.shipped import CASSETTE, MODEL

SEATS = ["--agent", f"Blue=llm:{MODEL}", "--agent", f"Red=llm:{MODEL}"]
GAME = ["run", "spiral", "--runs", "1", "--steps", "12", "--seed", "0", *SEATS]


def test_replay_the_shipped_game(tmp_path: Path) -> None:
    outs = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert main([*GAME, "--replay", str(CASSETTE), "--out", str(out)]) == 0
        outs.append(out)
    turns = [json.loads(line) for line in (outs[0] / "llm" / "turns.jsonl").read_text()
             .splitlines()]
    assert len(turns) == 24 and {t["source"] for t in turns} == {"model"}
    report = json.loads((outs[0] / "llm" / "report.json").read_text())
    assert report["provenance"]["model"] == MODEL
    assert set(report["signal_vs_action"]) == {"Blue", "Red"}
    a, b = (json.loads((o / "summary.json").read_text()) for o in outs)
    assert a["metrics"] == b["metrics"]
    assert (outs[0] / "llm" / "turns.jsonl").read_bytes() == (
        outs[1] / "llm" / "turns.jsonl").read_bytes()


@pytest.mark.parametrize(
    ("extra", "word"),
    [
        (["--runs", "50"], "--runs"),
        (["--agent", "Green=llm:x"], "no actor 'Green'"),
        (["--agent", "Blue=llm:other"], "several models"),
        (["--agent", "Blue"], "ACTOR=llm:MODEL"),
        (["--steps", "13"], "not in the cassette"),
    ],
)
def test_bad_seats_are_refused(extra: list[str], word: str, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    argv = [*GAME, "--replay", str(CASSETTE), "--out", str(tmp_path / "o"), *extra]
    assert main(argv) == 2
    assert word in capsys.readouterr().err


def test_record_without_a_model_seat(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "spiral", "--runs", "1", "--steps", "2", "--record",
                 str(tmp_path / "c.jsonl"), "--out", str(tmp_path / "o")]) == 2
    assert "no language-model seat" in capsys.readouterr().err
