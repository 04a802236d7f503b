"""``herz audit``: in-process CLI tests (outputs, JSON, one-line errors with status 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import herz
from herz.atomic import MARKER
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


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_out_dot_is_refused_then_written_beside_the_user_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`herz audit ... --out .` once emptied the folder and then failed: now it is refused
    before any work, and with --overwrite herz's files join the user's."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "policy-notes.md").write_text("why we arm")
    before = _files(tmp_path)
    monkeypatch.chdir(tmp_path)
    args = ["audit", "spiral", "--actor", "Blue", *ACT, *SMALL]
    for out in (".", ""):
        assert main([*args, "--out", out]) == 2
        err = capsys.readouterr().err.strip()
        assert "--out" in err and "\n" not in err
    assert "--overwrite" in err or "empty" in err
    assert _files(tmp_path) == before
    assert main([*args, "--out", ".", "--overwrite"]) == 0
    capsys.readouterr()
    after = _files(tmp_path)
    assert {k: after[k] for k in before} == before
    assert {"audit.json", "audit.md", "audit.html", "plots/spiral.png", MARKER} <= set(after)
    assert main([*args, "--out", "."]) == 0  # herz's folder now
    assert {k: v for k, v in _files(tmp_path).items() if k in before} == before


def test_out_is_a_file_or_under_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    for out in (blocker, blocker / "rep"):
        assert main(["audit", "spiral", "--actor", "Blue", *ACT, *SMALL, "--out", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert "--out" in err and "\n" not in err
    assert blocker.read_text() == "x" and [p.name for p in tmp_path.iterdir()] == ["file.txt"]
