"""Output folders that are never left half-written, and never lose a file herz did not write.

herz writes into a new folder, or into a folder it wrote before: there it leaves the marker
:data:`MARKER`, a manifest of the files it wrote (relative paths and their SHA-256), the command
and the herz version. Any other existing folder that is not empty is refused unless
``overwrite`` is true, and even then herz replaces only the files it writes and removes only
files its own previous manifest lists (and only while they are unchanged); every other file is
left as it was.

Everything is first written into a staging folder. A new folder takes its place in one rename;
into an existing folder the files are moved one by one (each ``os.replace`` is atomic), after
every conflict was checked, and the moves are undone if one fails. A failure while writing
leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from herz.errors import HerzInputError

__all__ = ["MARKER", "atomic_directory", "check_out_dir", "read_marker"]

#: The manifest herz leaves in every output folder it writes.
MARKER = ".herz-output.json"
#: Version of the manifest's format.
FORMAT = 1

_REFUSED = (
    "folder exists and was not written by herz; choose a new folder, or pass --overwrite to "
    "write herz's files into it (other files are left as they are)"
)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _safe_rel(text: object) -> PurePosixPath | None:
    """``text`` as a plain relative path inside a folder, or ``None`` if it is not one."""
    if not isinstance(text, str) or not text or "\\" in text or "\0" in text:
        return None
    rel = PurePosixPath(text)
    if rel.is_absolute() or any(p in ("", ".", "..") for p in rel.parts) or not rel.parts:
        return None
    return rel


def read_marker(folder: str | Path) -> dict[str, Any] | None:
    """The manifest herz left in ``folder``, or ``None`` if there is no valid one."""
    path = Path(folder) / MARKER
    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("herz_output") != FORMAT:
        return None
    files, dirs = data.get("files"), data.get("dirs", [])
    if not isinstance(files, dict) or not isinstance(dirs, list):
        return None
    return data


def _owned(manifest: dict[str, Any] | None) -> dict[str, str]:
    """The files a manifest lists, with their hashes, keeping only safe relative paths."""
    if manifest is None:
        return {}
    return {
        str(rel): str(digest)
        for name, digest in manifest["files"].items()
        if (rel := _safe_rel(name)) is not None and str(rel) != MARKER
    }


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists() or candidate.is_symlink():
            return candidate
    return Path(path.anchor or "/")  # pragma: no cover - the root always exists


def check_out_dir(
    out_dir: str | Path, *, overwrite: bool = False, field: str = "--out"
) -> Path:
    """Raise :class:`HerzInputError` unless herz may write into ``out_dir``; return its path.

    Allowed: a folder that does not exist yet (its parents are created), an empty folder, a
    folder herz wrote before (it holds a valid :data:`MARKER`), and with ``overwrite`` any
    folder. Refused: an empty name, a file in the way, a place that cannot be written.
    """
    if isinstance(out_dir, str) and not out_dir.strip():
        raise HerzInputError(
            "empty folder name", field=field, allowed="a folder name, e.g. herz-out"
        )
    source = str(out_dir)
    target = Path(out_dir).resolve()
    if target.exists() and not target.is_dir():
        raise HerzInputError(
            "exists and is not a directory; choose a new folder", field=field, source=source
        )
    existing = _nearest_existing(target)
    if not existing.is_dir():
        raise HerzInputError(
            f"a file is in the way: {existing} is not a directory", field=field, source=source
        )
    if not os.access(existing, os.W_OK | os.X_OK):
        raise HerzInputError(
            f"cannot write here: {existing} is not writable", field=field, source=source
        )
    if target.is_dir() and not overwrite and read_marker(target) is None:
        with os.scandir(target) as entries:
            if any(True for _ in entries):
                raise HerzInputError(_REFUSED, field=field, source=source)
    return target


def _listing(root: Path) -> tuple[list[str], list[str]]:
    """The files and folders under ``root``, as sorted POSIX relative paths."""
    files: list[str] = []
    dirs: list[str] = []
    for here, subdirs, names in os.walk(root):
        base = Path(here).relative_to(root)
        dirs += [(base / d).as_posix() for d in subdirs]
        files += [(base / n).as_posix() for n in names]
    return sorted(files), sorted(dirs)


def _manifest(stage: Path, command: str, dirs: list[str]) -> dict[str, Any]:
    import herz

    files, _ = _listing(stage)
    return {
        "herz_output": FORMAT,
        "note": "Files written by herz into this folder. herz replaces or removes only these "
        "(while unchanged) when it writes here again; delete this file to disown them.",
        "herz_version": herz.__version__,
        "command": command,
        "written": datetime.now(UTC).isoformat(timespec="seconds"),
        "files": {f: _sha256(stage / f) for f in files if f != MARKER},
        "dirs": sorted(dirs),
    }


def _write_marker(folder: Path, manifest: dict[str, Any]) -> None:
    (folder / MARKER).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _remove_empty_dirs(root: Path) -> None:
    """Remove ``root`` and the folders under it that are empty; never a file."""
    for here, _, _ in sorted(os.walk(root), key=lambda w: -len(Path(w[0]).parts)):
        with suppress(OSError):
            os.rmdir(here)


def _is_real_dir(target: Path, rel: PurePosixPath) -> bool:
    """Whether ``target/rel`` is a folder reached without following a link."""
    path = target
    for part in rel.parts:
        path = path / part
        if path.is_symlink() or not path.is_dir():
            return False
    return True


def _conflicts(
    target: Path, files: list[str], dirs: list[str], owned: dict[str, str], overwrite: bool
) -> None:
    """Raise unless every staged file can take its place without losing a file not herz's."""
    source = str(target)
    for d in dirs:
        path = target / d
        if (path.exists() or path.is_symlink()) and not _is_real_dir(target, PurePosixPath(d)):
            raise HerzInputError(
                f"{d} is in the way (herz writes a folder there); move it or choose a new folder",
                field="--out", source=source,
            )
    for f in files:
        path = target / f
        if not (path.exists() or path.is_symlink()):
            continue
        if path.is_dir() and not path.is_symlink():
            raise HerzInputError(
                f"{f} is a folder in the way (herz writes a file there); move it or choose a "
                "new folder", field="--out", source=source,
            )
        if overwrite or f == MARKER:
            continue
        if f not in owned or path.is_symlink() or _sha256(path) != owned[f]:
            raise HerzInputError(
                f"{f} exists and was not written by herz (or was changed since); choose a new "
                "folder, or pass --overwrite to replace herz's files in it",
                field="--out", source=source,
            )


def _merge(stage: Path, backup: Path, target: Path, overwrite: bool, command: str) -> None:
    """Move the staged files into the existing ``target``; undo every move if one fails."""
    old = read_marker(target)
    if old is None and not overwrite and (target / MARKER).exists():
        raise HerzInputError(_REFUSED, field="--out", source=str(target))
    owned = _owned(old)
    files, dirs = _listing(stage)
    _conflicts(target, files, dirs, owned, overwrite)
    old_dirs = {str(r) for d in (old or {}).get("dirs", []) if (r := _safe_rel(d)) is not None}
    created = [d for d in dirs if not (target / d).exists()]
    manifest = _manifest(stage, command, [d for d in dirs if d in old_dirs or d in created])
    _write_marker(stage, manifest)
    files = [f for f in files if f != MARKER] + [MARKER]  # the marker goes in last
    done: list[tuple[str, bool]] = []  # (file, whether a previous file was set aside)
    made: list[str] = []
    try:
        for d in created:
            (target / d).mkdir()
            made.append(d)
        for f in files:
            dst = target / f
            kept = dst.exists() or dst.is_symlink()
            if kept:
                (backup / f).parent.mkdir(parents=True, exist_ok=True)
                os.replace(dst, backup / f)
            try:
                os.replace(stage / f, dst)
            except BaseException:
                if kept:
                    os.replace(backup / f, dst)
                raise
            done.append((f, kept))
    except BaseException:
        for f, kept in reversed(done):
            with suppress(OSError):
                os.replace(target / f, stage / f)
                if kept:
                    os.replace(backup / f, target / f)
        for d in reversed(made):
            with suppress(OSError):
                (target / d).rmdir()
        raise
    _remove_stale(target, owned, old_dirs, manifest)


def _remove_stale(
    target: Path, owned: dict[str, str], old_dirs: set[str], manifest: dict[str, Any]
) -> None:
    """Remove the files of the previous manifest the new output no longer has (unchanged ones
    only) and the folders herz made for them that are now empty."""
    kept: dict[str, str] = {}
    for f, digest in owned.items():
        if f in manifest["files"]:
            continue
        rel = PurePosixPath(f)
        path = target / f
        if not _is_real_dir(target, rel.parent) or path.is_symlink() or not path.is_file():
            continue
        try:
            if _sha256(path) == digest:
                path.unlink()
        except OSError:
            kept[f] = digest  # still herz's: list it so a later write can remove it
    for d in sorted(old_dirs - set(manifest["dirs"]), key=lambda d: -len(d.split("/"))):
        if _is_real_dir(target, PurePosixPath(d)):
            try:
                (target / d).rmdir()
            except OSError:
                if any(f.startswith(d + "/") for f in kept):
                    manifest["dirs"].append(d)
    if kept:
        manifest["files"].update(kept)
        manifest["dirs"] = sorted(set(manifest["dirs"]))
        tmp = target / f"{MARKER}.tmp"
        with suppress(OSError):
            tmp.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            os.replace(tmp, target / MARKER)


def _public(path: Path) -> None:
    """``mkdtemp`` makes folders private; the outputs are not."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(path, 0o777 & ~umask)


@contextmanager
def atomic_directory(
    out_dir: str | Path, *, overwrite: bool = False, command: str = ""
) -> Iterator[Path]:
    """Yield an empty staging folder; when the block ends normally its files go to ``out_dir``.

    ``out_dir`` must pass :func:`check_out_dir`. A new folder takes the staging folder's place in
    one rename; into an existing one the files are moved one by one, replacing only files herz
    wrote there before (or, with ``overwrite``, any file of the same name), and the files of the
    previous manifest that are no longer written are removed. Files herz did not write are
    never removed. When the block raises, the target is untouched and nothing is left behind.
    """
    target = check_out_dir(out_dir, overwrite=overwrite)
    if not target.exists():
        missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
        except BaseException:
            for p in missing:
                with suppress(OSError):
                    p.rmdir()
            raise
        try:
            _public(tmp)
            yield tmp
            _write_marker(tmp, _manifest(tmp, command, _listing(tmp)[1]))
            os.replace(tmp, target)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)  # herz's own staging folder
            for p in missing:
                with suppress(OSError):
                    p.rmdir()
            raise
        return
    box = Path(tempfile.mkdtemp(prefix=".herz-tmp-", dir=target))
    stage, backup = box / "new", box / "old"
    merged = False
    try:
        stage.mkdir()
        backup.mkdir()
        _public(stage)
        yield stage
        _merge(stage, backup, target, overwrite, command)
        merged = True
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # herz's own staged files
        if merged:  # what was set aside was replaced on purpose
            shutil.rmtree(backup, ignore_errors=True)
        _remove_empty_dirs(box)  # after a failure, keep any file that could not be moved back
