"""Sane defaults: seed 0 printed, one keep default, no "n/a" in sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from herz.cli import main
from herz.defaults import DEFAULT_KEEP, DEFAULT_SEED


def test_run_prints_its_seed_and_keeps_the_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    runs = DEFAULT_KEEP + 5
    assert main(["run", "--runs", str(runs), "--steps", "3", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert f"seed {DEFAULT_SEED}," in out and f"{DEFAULT_KEEP} runs kept whole" in out
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    assert summary["seed"] == DEFAULT_SEED and summary["kept"] == DEFAULT_KEEP


def test_no_war_is_said_in_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--runs", "5", "--steps", "2", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "time to first war       no war in any run" in out
    assert "n/a" not in out


def test_positive_quantities_have_intervals_above_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["run", "--runs", "20", "--steps", "12", "--out", str(tmp_path / "o")]) == 0
    capsys.readouterr()
    m = json.loads((tmp_path / "o" / "summary.json").read_text())["metrics"]
    for iv in [m["time_to_first_war"], m["incidents"], m["crises"], *m["arms_final"].values(),
               *m["security_final"].values(), *m["belief_final"].values()]:
        if iv["low"] is not None:
            assert iv["low"] >= 0.0 and iv["method"] in ("bootstrap", "t-clipped")


def test_case_run_and_audit_print_their_seed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["case", "run", "iran", "--runs", "2", "--out", str(tmp_path / "c")]) == 0
    assert re.search(rf"seed {DEFAULT_SEED}\b", capsys.readouterr().out)
    args = ["audit", "spiral", "--actor", "Blue", "--act", "step=1,action=arm,"
            "force_class=conventional_offensive,amount=5", "--horizon", "4", "--runs", "4",
            "--no-variants", "--out", str(tmp_path / "a")]
    assert main(args) == 0
    assert re.search(rf"seed {DEFAULT_SEED}\b", capsys.readouterr().out)


def _commands(command: Any, path: str = "herz") -> list[tuple[str, Any]]:
    """Every command under ``command`` (typer's click: a group has ``commands``)."""
    out = [(path, command)]
    for name, sub in getattr(command, "commands", {}).items():
        out += _commands(sub, f"{path} {name}")
    return out


def test_every_seeded_command_defaults_to_the_one_seed() -> None:
    """Every command with a --seed option defaults to herz.defaults.DEFAULT_SEED (printed)."""
    from herz.cli.app import app

    seeded = []
    for path, command in _commands(typer.main.get_command(app)):
        for param in command.params:
            if "--seed" in getattr(param, "opts", []):
                seeded.append(path)
                assert param.default == DEFAULT_SEED, path
    assert {"herz run", "herz case run", "herz case calibrate", "herz case backtest",
            "herz audit", "herz model iterated tournament"} <= set(seeded)


def test_web_editor_offers_the_one_keep_default(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from herz.web import Settings, create_app

    settings = Settings(data_dir=tmp_path, max_keep=10 * DEFAULT_KEEP)  # type: ignore[call-arg]
    with TestClient(create_app(settings)) as client:
        page = client.get("/editor").text
    assert f'id="ed-keep" value="{DEFAULT_KEEP}"' in page
