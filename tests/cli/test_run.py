"""``herz run``, ``herz schema`` and ``herz examples``: in-process CLI tests."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

import herz
from herz.atomic import MARKER
from herz.cli import main, run_cmd
from herz.engine.scenario import Scenario
from herz.examples import examples

OUTPUTS = (
    "summary.json",
    "outcomes.parquet",
    "steps.parquet",
    "quantiles.parquet",
    "events.parquet",
    "dyads.parquet",
    "report.html",
)
PLOTS = ("arms", "belief", "threat", "security", "war_hazard")
SMALL = ["--runs", "8", "--steps", "6", "--keep", "3"]


def _listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_default_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's first command: `herz run` with no argument, in the current directory."""
    monkeypatch.chdir(tmp_path)
    assert main(["run"]) == 0
    out = capsys.readouterr().out
    assert "scenario 'spiral'" in out and "P(war)" in out and "herz-out" in out
    root = tmp_path / "herz-out"
    for name in OUTPUTS:
        assert (root / name).is_file(), name
    for name in PLOTS:
        assert (root / "plots" / f"{name}.png").is_file(), name
    summary = json.loads((root / "summary.json").read_text())
    assert summary["herz_version"] == herz.__version__
    assert summary["seed"] == 0
    assert len(summary["scenario_hash"]) == 64
    assert summary["runs"] == 200 and summary["steps"] == 40
    assert sorted(p.name for p in tmp_path.iterdir()) == ["herz-out"]  # no temporary left


def test_same_seed_same_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Kind: seed-pinned -- one seed gives the same summary numbers."""
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", "spiral", *SMALL, "--seed", "5", "--out", str(a)]) == 0
    assert main(["run", "spiral", *SMALL, "--seed", "5", "--out", str(b)]) == 0
    capsys.readouterr()
    sa = json.loads((a / "summary.json").read_text())
    sb = json.loads((b / "summary.json").read_text())
    assert sa == sb
    assert sa["seed"] == 5


def test_scenario_file_and_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    scenario = tmp_path / "mine.toml"
    scenario.write_text(
        'name = "mine"\nsteps = 5\n'
        '[[actors]]\nname = "A"\ngdp = 50\n'
        '[[actors]]\nname = "B"\ngdp = 60\n'
    )
    out = tmp_path / "out"
    code = main(["run", str(scenario), "--runs", "4", "--keep", "2", "--out", str(out),
                 "--set", "actors.A.empathy=0.9", "--set", "world.misread=0.1"])
    assert code == 0, capsys.readouterr().err
    summary = json.loads((out / "summary.json").read_text())
    assert summary["scenario_name"] == "mine" and summary["steps"] == 5
    assert summary["scenario"]["actors"][0]["empathy"] == 0.9
    assert summary["scenario"]["world"]["misread"] == 0.1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no_such_example"], "no such file or built-in example"),
        (["missing.toml"], "no such file"),
        (["--runs", "-1"], "--runs"),
        (["--runs", "0"], "--runs"),
        (["--steps", "1001"], "--steps"),
        (["--keep", "0"], "--keep"),
        (["--set", "world.nonsense=1"], "unknown field"),
        (["--set", "nonsense=1"], "unknown --set path"),
        (["--set", "world.offense_dominance=7"], "world.offense_dominance"),
    ],
)
def test_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Bad input: one line on stderr, exit 2, nothing written, an existing out dir untouched."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    before = _listing(tmp_path)
    code = main(["run", *args, "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert _listing(tmp_path) == before
    assert (out / "keep.txt").read_text() == "mine"


def test_invalid_scenario_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('name = "x"\n[[actors]]\nname = "A"\ngdp = -1\n')
    code = main(["run", str(bad), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 2 and str(bad) in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def _one_line_error(capsys: pytest.CaptureFixture[str], *words: str) -> None:
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1, err
    for word in words:
        assert word in err, err


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _user_folder(path: Path) -> dict[str, bytes]:
    """A folder of the user's: a git clone with notes and data."""
    (path / ".git" / "refs").mkdir(parents=True)
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (path / "notes.md").write_text("my notes")
    (path / "data").mkdir()
    (path / "data" / "summary.json").write_text('{"mine": true}')
    return _files(path)


def test_out_is_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["run", *SMALL, "--out", str(blocker)]) == 2
    _one_line_error(capsys, "not a directory", "--out")
    assert main(["run", *SMALL, "--out", str(blocker / "sub")]) == 2
    _one_line_error(capsys, "a file is in the way")
    assert main(["run", *SMALL, "--out", str(blocker / "sub"), "--overwrite"]) == 2
    _one_line_error(capsys, "a file is in the way")
    assert blocker.read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_out_dot_in_a_clone_keeps_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`herz run --out .` inside a clone once deleted the clone: now it is refused."""
    before = _user_folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["run", *SMALL, "--out", "."]) == 2
    _one_line_error(capsys, "--out", "not written by herz", "--overwrite")
    assert _files(tmp_path) == before
    assert main(["run", *SMALL, "--out", ".", "--overwrite"]) == 0
    capsys.readouterr()
    after = _files(tmp_path)
    assert {name: after[name] for name in before} == before  # byte-identical
    for name in (*OUTPUTS, MARKER, *(f"plots/{p}.png" for p in PLOTS)):
        assert name in after, name
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".herz-tmp")]
    # Written by herz now: a rerun needs no --overwrite and still keeps the user's files.
    assert main(["run", *SMALL, "--seed", "1", "--out", "."]) == 0
    assert {name: p for name, p in _files(tmp_path).items() if name in before} == before


def test_out_empty_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.md").write_text("mine")
    for extra in ([], ["--overwrite"]):
        assert main(["run", *SMALL, "--out", "", *extra]) == 2
        _one_line_error(capsys, "--out", "empty folder name")
    assert [p.name for p in tmp_path.iterdir()] == ["notes.md"]


def test_out_folder_of_user_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "mydocs"
    docs.mkdir()
    before = _user_folder(docs)
    (docs / "report.html").write_text("my own report")
    before = _files(docs)
    assert main(["run", *SMALL, "--out", str(docs)]) == 2
    _one_line_error(capsys, "mydocs: --out: folder exists and was not written by herz",
                    "--overwrite")
    assert _files(docs) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mydocs"]
    assert main(["run", *SMALL, "--out", str(docs), "--overwrite"]) == 0
    after = _files(docs)
    assert after["report.html"] != b"my own report"  # --overwrite: herz's file names replaced
    assert {k: v for k, v in after.items() if k in before and k != "report.html"} == {
        k: v for k, v in before.items() if k != "report.html"
    }
    manifest = json.loads((docs / MARKER).read_text())
    assert manifest["herz_version"] == herz.__version__
    assert set(manifest["files"]) == {*OUTPUTS, *(f"plots/{p}.png" for p in PLOTS)}


def test_rewriting_a_herz_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["run", *SMALL, "--out", str(out)]) == 0
    first = json.loads((out / "summary.json").read_text())
    (out / "my-notes.txt").write_text("added in between")
    (out / "plots" / "mine.png").write_bytes(b"mine")
    manifest = json.loads((out / MARKER).read_text())  # an older herz that wrote one file more
    stale = out / "old-table.parquet"
    stale.write_bytes(b"old")
    manifest["files"]["old-table.parquet"] = hashlib.sha256(b"old").hexdigest()
    (out / MARKER).write_text(json.dumps(manifest))
    assert main(["run", *SMALL, "--seed", "9", "--out", str(out)]) == 0
    capsys.readouterr()
    assert json.loads((out / "summary.json").read_text())["seed"] == 9 != first["seed"]
    assert (out / "my-notes.txt").read_text() == "added in between"
    assert (out / "plots" / "mine.png").read_bytes() == b"mine"
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_out_in_a_read_only_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert main(["run", *SMALL, "--out", str(locked / "out")]) == 2
        _one_line_error(capsys, "not writable")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == Scenario.model_json_schema()


def test_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["examples"]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split()[0] for line in lines] == examples()
    spiral = next(line for line in lines if line.startswith("spiral"))
    assert "security-seekers" in spiral


def test_many_actors_summary_is_short(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(run_cmd, "SHOW_ACTORS", 1)
    assert main(["run", *SMALL, "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "final arms Blue" in out and "final arms Red" not in out
    assert "1 more actors in summary.json" in out


def test_backend_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--backend`` is checked, and the numba backend gives the numpy backend's numbers."""
    assert main(["run", "spiral", *SMALL, "--backend", "gpu", "--out", str(tmp_path / "x")]) != 0
    assert "--backend" in capsys.readouterr().err
    pytest.importorskip("numba")
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", "spiral", *SMALL, "--out", str(a)]) == 0
    assert main(["run", "spiral", *SMALL, "--backend", "numba", "--out", str(b)]) == 0
    sa, sb = (json.loads((p / "summary.json").read_text()) for p in (a, b))
    assert (sa["backend"], sb["backend"]) == ("numpy", "numba")
    assert sa["metrics"]["p_war"] == sb["metrics"]["p_war"]


def test_threads_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--threads`` is checked (one line naming the option) and changes no number."""
    pytest.importorskip("numba")
    assert main(["run", "spiral", *SMALL, "--threads", "2", "--out", str(tmp_path / "x")]) != 0
    assert "--threads" in capsys.readouterr().err and not (tmp_path / "x").exists()
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["run", "spiral", *SMALL, "--backend", "numba", "--out", str(a)]) == 0
    assert main(["run", "spiral", *SMALL, "--backend", "numba", "--threads", "1",
                 "--out", str(b)]) == 0
    sa, sb = (json.loads((p / "summary.json").read_text()) for p in (a, b))
    assert sa["metrics"] == sb["metrics"]


def test_device_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--device gpu`` needs the numba backend and a CUDA device: a one-line error otherwise,
    and nothing written."""
    pytest.importorskip("numba")
    from herz.engine.compiled.cuda import available

    if available():
        pytest.skip("a CUDA device is present")
    for extra in ([], ["--backend", "numba"]):
        out = tmp_path / f"x{len(extra)}"
        assert main(["run", "spiral", *SMALL, *extra, "--device", "gpu", "--out", str(out)]) == 2
        err = capsys.readouterr().err
        assert "--device" in err and len(err.strip().splitlines()) == 1 and not out.exists()
