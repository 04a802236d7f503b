"""Hostile command lines: every one ends with status 2 and exactly one line on standard error
(``herz: error: ...`` naming the option or file and what is allowed), never a traceback or
Click's usage block, and writes nothing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from herz.cli import main

SMALL = ["--runs", "2", "--steps", "3"]


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    code = main(argv)
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert code == 2, err
    assert len(lines) == 1, err
    assert lines[0].startswith("herz: error: ")
    assert "Traceback" not in err and "Usage:" not in err
    return lines[0]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["run", "--runs", "abc"], ["--runs", "'abc'", "an integer"]),
        (["run", "--runs", "1.5"], ["--runs", "'1.5'", "an integer"]),
        (["run", "--seed", "abc"], ["--seed", "an integer"]),
        (["run", "--bogus"], ["no such option --bogus", "--runs"]),
        (["run", "--steps"], ["--steps", "requires an argument"]),
        (["audit", "spiral"], ["--actor", "missing"]),
        (["no-such-command"], ["No such command"]),
        (["model", "richardson", "solve", "--k", "x"], ["--k", "a number"]),
    ],
)
def test_usage_errors_are_one_line(
    argv: list[str], words: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    line = refused(argv, capsys)
    for word in words:
        assert word in line, line


def test_help_still_works(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", "--help"]) == 0
    assert "--runs" in capsys.readouterr().out


def test_negative_seed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["run", *SMALL, "--seed", "-1", "--out", str(tmp_path / "o")], capsys)
    assert "seed" in line and ">= 0" in line
    assert not (tmp_path / "o").exists()


def test_validate_unknown_model(capsys: pytest.CaptureFixture[str]) -> None:
    line = refused(["validate", "--model", "nope"], capsys)
    assert "--model" in line and "richardson" in line


def test_sweep_bad_scheduler(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("distributed")
    sweep = tmp_path / "s.toml"
    sweep.write_text('scenario = "spiral"\nruns = 2\nsteps = 3\n[[parameters]]\n'
                     'path = "world.misread"\nvalues = [0.1, 0.2]\n', encoding="utf-8")
    line = refused(["sweep", str(sweep), "--scheduler", "not-an-address",
                    "--out", str(tmp_path / "o")], capsys)
    assert "--scheduler" in line


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("command", [["run"], ["sweep"], ["audit", "--actor", "Blue"]])
def test_device_is_not_read(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    argv = [command[0], "/dev/zero", *command[1:]]
    if command[0] == "audit":
        argv += ["--act", "step=1,action=alert,amount=0.5"]
    assert "not a regular file" in refused(argv, capsys)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_not_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert "not a regular file" in refused(["run", str(fifo), *SMALL], capsys)


def test_policy_file_limits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("x = " + "[" * 2000 + "]" * 2000, encoding="utf-8")
    line = refused(["audit", "spiral", "--actor", "Blue", "--policy", str(policy)], capsys)
    assert "nested" in line


def test_too_long_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    long = "x" * 300
    refused(["run", long + ".toml", *SMALL], capsys)
    refused(["run", long, *SMALL], capsys)
    refused(["cite", long + ".toml"], capsys)
    refused(["run", *SMALL, "--out", long], capsys)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "override",
    [
        "steps=true", "steps=1e3", 'actors.Blue.gdp="100"', "actors.Blue.gdp=inf",
        "actors.Blue.forces.conventional_offensive=1e308", "step_years=-1",
        "world.offense_multiplier=1e308", 'hotlines=[["Blue","Blue"]]',
        'timeline=[{step=1,actor="Blue",action="alert",amount=1e308}]',
        'timeline=[{step=1,actor="Blue",action="deploy",target="Blue",amount=0.5}]',
        "a" + ".b" * 5000 + "=1",
    ],
)
def test_bad_overrides(
    override: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refused(["run", *SMALL, "--set", override, "--out", str(tmp_path / "o")], capsys)
    assert not (tmp_path / "o").exists()
