"""Output folders: written whole or not at all, and never a file lost that herz did not write."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import herz
from herz.atomic import MARKER, atomic_directory, check_out_dir, read_marker
from herz.errors import HerzInputError

ROOT = os.name == "posix" and os.geteuid() == 0


def _tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _user_folder(path: Path) -> dict[str, bytes]:
    path.mkdir()
    (path / "notes.txt").write_text("mine")
    (path / ".git").mkdir()
    (path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (path / "sub").mkdir()
    (path / "sub" / "data.csv").write_bytes(b"a,b\n1,2\n")
    return _tree(path)


def test_success_replaces_and_failure_keeps_the_old_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_directory(out) as tmp:
        (tmp / "a.txt").write_text("first")
    assert (out / "a.txt").read_text() == "first"
    with pytest.raises(RuntimeError), atomic_directory(out) as tmp:
        (tmp / "a.txt").write_text("second")
        raise RuntimeError("failed half way")
    assert (out / "a.txt").read_text() == "first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary left behind
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "a.txt"]
    with atomic_directory(out) as tmp:
        (tmp / "b.txt").write_text("third")
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "b.txt"]  # a.txt was herz's


def test_the_marker_lists_what_herz_wrote(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_directory(out, command="herz run --out out") as tmp:
        (tmp / "a.txt").write_text("a")
        (tmp / "plots").mkdir()
        (tmp / "plots" / "p.png").write_bytes(b"png")
    manifest = read_marker(out)
    assert manifest is not None
    assert manifest["command"] == "herz run --out out"
    assert manifest["herz_version"] == herz.__version__
    assert sorted(manifest["files"]) == ["a.txt", "plots/p.png"]
    assert manifest["dirs"] == ["plots"]


def test_an_existing_folder_of_other_files_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "mydocs"
    before = _user_folder(out)
    with pytest.raises(HerzInputError, match="not written by herz.*--overwrite"), \
            atomic_directory(out) as tmp:
        (tmp / "a.txt").write_text("herz")
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mydocs"]


def test_overwrite_writes_only_herz_files(tmp_path: Path) -> None:
    out = tmp_path / "mydocs"
    before = _user_folder(out)
    (out / "a.txt").write_text("the user's a.txt")
    with atomic_directory(out, overwrite=True) as tmp:
        (tmp / "a.txt").write_text("herz")
        (tmp / "sub").mkdir()
        (tmp / "sub" / "herz.txt").write_text("herz")
    after = _tree(out)
    assert after["a.txt"] == b"herz"  # asked for: --overwrite replaces herz's own file names
    for name, data in before.items():
        if name != "a.txt":
            assert after[name] == data
    assert after["sub/herz.txt"] == b"herz"
    manifest = read_marker(out)
    assert manifest is not None
    assert sorted(manifest["files"]) == ["a.txt", "sub/herz.txt"]
    assert manifest["dirs"] == []  # sub/ was the user's
    assert not [p for p in out.iterdir() if p.name.startswith(".herz-tmp")]


def test_rewriting_a_herz_folder_removes_only_stale_herz_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_directory(out) as tmp:
        for name in ("keep.txt", "stale.txt"):
            (tmp / name).write_text(name)
        (tmp / "old").mkdir()
        (tmp / "old" / "x.txt").write_text("x")
        (tmp / "both").mkdir()
        (tmp / "both" / "y.txt").write_text("y")
    (out / "mine.txt").write_text("mine")  # added by the user in between
    (out / "both" / "mine.txt").write_text("mine too")
    with atomic_directory(out) as tmp:
        (tmp / "keep.txt").write_text("new")
    assert _tree(out) == {
        MARKER: (out / MARKER).read_bytes(),
        "keep.txt": b"new",
        "mine.txt": b"mine",
        "both/mine.txt": b"mine too",
    }
    assert not (out / "old").exists()  # herz's folder, empty now
    with atomic_directory(out) as tmp:  # a third time: the user's files still stay
        (tmp / "third.txt").write_text("3")
    assert sorted(_tree(out)) == [MARKER, "both/mine.txt", "mine.txt", "third.txt"]


def test_a_changed_herz_file_is_kept_and_not_replaced_without_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_directory(out) as tmp:
        (tmp / "a.txt").write_text("herz")
        (tmp / "b.txt").write_text("herz")
    (out / "b.txt").write_text("edited by the user")
    with atomic_directory(out) as tmp:  # b.txt is no longer written: the edited one stays
        (tmp / "a.txt").write_text("herz 2")
    assert (out / "b.txt").read_text() == "edited by the user"
    (out / "a.txt").write_text("edited too")
    with pytest.raises(HerzInputError, match=r"a\.txt exists .*--overwrite"), \
            atomic_directory(out) as tmp:
        (tmp / "a.txt").write_text("herz 3")
    assert (out / "a.txt").read_text() == "edited too"
    with atomic_directory(out, overwrite=True) as tmp:
        (tmp / "a.txt").write_text("herz 3")
    assert (out / "a.txt").read_text() == "herz 3"


def test_a_failing_move_is_undone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    with atomic_directory(out) as tmp:
        (tmp / "a.txt").write_text("a1")
        (tmp / "b.txt").write_text("b1")
    (out / "mine.txt").write_text("mine")
    before = _tree(out)
    real = os.replace
    moves = 0

    def flaky(src: str | Path, dst: str | Path) -> None:
        nonlocal moves
        if Path(dst).parent == out and Path(src).parent.name == "new":
            moves += 1
            if moves == 2:
                raise OSError("disk full")
        real(src, dst)

    monkeypatch.setattr(os, "replace", flaky)
    with pytest.raises(OSError, match="disk full"), atomic_directory(out) as tmp:
        (tmp / "a.txt").write_text("a2")
        (tmp / "b.txt").write_text("b2")
    monkeypatch.undo()
    assert _tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_folder_in_the_way_is_refused_before_anything_moves(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").mkdir()  # the user's folder, where herz writes a file
    (out / "report.html" / "x").write_text("x")
    with pytest.raises(HerzInputError, match="report.html is a folder in the way"), \
            atomic_directory(out, overwrite=True) as tmp:
        (tmp / "a.txt").write_text("a")
        (tmp / "report.html").write_text("r")
    assert _tree(out) == {"report.html/x": b"x"}


def test_a_forged_manifest_cannot_remove_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with atomic_directory(out) as tmp:
        (tmp / "a.txt").write_text("a")
    outside = tmp_path / "outside.txt"
    outside.write_text("outside")
    manifest = json.loads((out / MARKER).read_text())
    manifest["files"]["../outside.txt"] = manifest["files"]["a.txt"]
    manifest["files"]["/etc/hostname"] = manifest["files"]["a.txt"]
    (out / MARKER).write_text(json.dumps(manifest))
    with atomic_directory(out) as tmp:
        (tmp / "b.txt").write_text("b")
    assert outside.read_text() == "outside"


def test_empty_name_file_in_the_way_and_new_or_empty_folders(tmp_path: Path) -> None:
    with pytest.raises(HerzInputError, match="empty folder name"):
        check_out_dir("")
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    with pytest.raises(HerzInputError, match="not a directory"):
        check_out_dir(blocker)
    with pytest.raises(HerzInputError, match="a file is in the way"), \
            atomic_directory(blocker / "sub" / "out") as tmp:
        (tmp / "a.txt").write_text("a")
    assert blocker.read_text() == "x"
    assert check_out_dir(tmp_path / "new" / "deeper") == (tmp_path / "new" / "deeper").resolve()
    (tmp_path / "empty").mkdir()
    with atomic_directory(tmp_path / "empty") as tmp:
        (tmp / "a.txt").write_text("a")
    assert sorted(_tree(tmp_path / "empty")) == [MARKER, "a.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "file.txt"]


def test_dot_is_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _user_folder(tmp_path / "clone")
    monkeypatch.chdir(tmp_path / "clone")
    with pytest.raises(HerzInputError, match="--overwrite"), atomic_directory(".") as tmp:
        (tmp / "a.txt").write_text("a")
    assert _tree(tmp_path / "clone") == before
    with atomic_directory(".", overwrite=True) as tmp:
        (tmp / "a.txt").write_text("a")
    after = _tree(tmp_path / "clone")
    assert {k: after[k] for k in before} == before
    assert sorted(set(after) - set(before)) == [MARKER, "a.txt"]


def test_a_failure_in_a_new_folder_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), atomic_directory(tmp_path / "a" / "b" / "out") as tmp:
        (tmp / "x.txt").write_text("x")
        raise RuntimeError("failed")
    assert list(tmp_path.iterdir()) == []  # not even the parents it made


@pytest.mark.skipif(ROOT, reason="root may write into read-only folders")
def test_a_read_only_place_is_refused(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        with pytest.raises(HerzInputError, match="not writable"), \
                atomic_directory(locked / "out") as tmp:
            (tmp / "a.txt").write_text("a")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)
