"""``herz audit``: in-process CLI tests (outputs, JSON, one-line errors with status 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import herz
from herz.cli import main

ACT = ["--act", "step=2,action=arm,force_class=conventional_offensive,amount=5",
       "--act", "step=2,action=deploy,target=Red,amount=0.5"]
SMALL = ["--horizon", "8", "--runs", "10", "--max-rules", "1"]


def test_report_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "rep"
    assert main(["audit", "spiral", "--actor", "Blue", *ACT, *SMALL, "--rival", "Red",
                 "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "How this looks from Red" in text and "For Blue" in text
    for name in ("audit.json", "audit.md", "audit.html"):
        assert (out / name).is_file()
    for name in ("spiral", "reactions", "variants"):
        assert (out / "plots" / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
    html = (out / "audit.html").read_text()
    assert "data:image/png;base64," in html and "http://" not in html and "https://" not in html
    md = (out / "audit.md").read_text()
    assert "## The spiral it sets off, step by step" in md and "Pareto" in md
    data = json.loads((out / "audit.json").read_text())
    assert data["inputs"]["herz_version"] == herz.__version__
    assert data["inputs"]["purpose"]["rival"] == "Red"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rep"]  # no temporary left


def test_json_and_policy_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[[policy]]\nstep = 1\naction = "alert"\namount = 0.9\n')
    assert main(["audit", "spiral", "--actor", "Red", "--policy", str(policy), *SMALL,
                 "--json", "--no-variants", "--set", "world.misread=0.1"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["inputs"]["actor"] == "Red" and data["variants"] == []
    assert data["others"][0]["actor"] == "Blue"
    assert list(tmp_path.iterdir()) == [policy]  # --json alone writes no report


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--actor", "Green", *ACT], "unknown actor"),
        (["--actor", "Blue", "--act", "step=1,action=fly"], "not an action of the repertoire"),
        (["--actor", "Blue", *ACT, "--horizon", "0"], "horizon"),
        (["--actor", "Blue", *ACT, "--horizon", "5000"], "horizon"),
        (["--actor", "Blue", "--act", "step=1,alert"], "KEY=VALUE"),
        (["--actor", "Blue"], "no policy"),
        (["--actor", "Blue", *ACT, "--max-rules", "9"], "--max-rules"),
    ],
)
def test_bad_input_exit_2(
    args: list[str], words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "rep"
    assert main(["audit", "spiral", *args, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err
    assert not out.exists()


def test_bad_policy_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('[[moves]]\nstep = 1\n')
    assert main(["audit", "spiral", "--actor", "Blue", "--policy", str(policy)]) == 2
    assert "[[policy]]" in capsys.readouterr().err
