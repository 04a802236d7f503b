"""The results folder of a sweep: a manifest, the design and a Parquet dataset of points.

Layout of ``DIR``::

    sweep.json            inputs: herz version, the sweep, the base scenario and its hash, seed
    design.parquet        every design point (point, one column per parameter path)
    points/part-*.parquet one row per finished point: parameters, metrics, their standard errors
    analysis.json, plots/, report.html   written when the sweep is complete

Every file is written to a temporary name in the same folder and renamed into place
(``os.replace`` is atomic on POSIX), so a sweep killed at any moment, even with SIGKILL, leaves
only whole files; a restart reads which points are done and computes only the others.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np

from herz.errors import HerzInputError

__all__ = [
    "MANIFEST",
    "POINTS",
    "atomic_write",
    "done_points",
    "next_part",
    "points_glob",
    "query",
    "read_manifest",
    "read_points",
    "write_rows",
]

MANIFEST = "sweep.json"
POINTS = "points"
_PART = re.compile(r"^part-(\d+)\.parquet$")


def atomic_write(path: Path, write: Callable[[Path], Any]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def atomic_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of the sweep in ``out``, or ``None`` if there is none."""
    path = out / MANIFEST
    if not path.is_file():
        return None
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise HerzInputError(f"unreadable manifest: {err}", source=str(path)) from None
    return data


def _parts(out: Path) -> list[Path]:
    folder = out / POINTS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _PART.match(p.name))


def points_glob(out: Path) -> str:
    """The glob of the points' Parquet files, quoted for SQL."""
    return str(out / POINTS / "part-*.parquet").replace("'", "''")


def next_part(out: Path) -> int:
    """The number of the next part file."""
    numbers = [int(m.group(1)) for p in _parts(out) if (m := _PART.match(p.name))]
    return max(numbers, default=-1) + 1


def clean_temporaries(out: Path) -> None:
    """Remove temporary files a killed sweep left behind (they were never renamed)."""
    folder = out / POINTS
    if folder.is_dir():
        for p in folder.iterdir():
            if p.name.startswith(".") and p.name.endswith(".tmp"):
                p.unlink(missing_ok=True)


def done_points(out: Path) -> set[int]:
    """Points already written in ``out``."""
    if not _parts(out):
        return set()
    rows = query(out, "SELECT DISTINCT point FROM points")[1]
    return {int(r[0]) for r in rows}


def write_rows(out: Path, part: int, rows: list[dict[str, Any]]) -> Path:
    """Write ``rows`` (dicts with the same keys) as part ``part``, atomically."""
    table = {}
    for key in rows[0]:
        values = [r[key] for r in rows]
        if all(isinstance(v, str) for v in values):
            table[key] = np.array(values, dtype=object)
        else:
            table[key] = np.array(values)
    from herz.results.tables import write_parquet

    path = out / POINTS / f"part-{part:06d}.parquet"
    atomic_write(path, lambda tmp: write_parquet(table, tmp))
    return path


def query(out: Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` on the sweep in ``out``; the points are the view ``points``, the design
    ``design``. Returns (column names, rows)."""
    con = duckdb.connect()
    try:
        if _parts(out):
            con.execute(f"CREATE VIEW points AS SELECT * FROM read_parquet('{points_glob(out)}')")
        for extra in ("design", "analysis_sobol", "analysis_morris", "analysis_prim"):
            path = out / f"{extra}.parquet"
            if path.is_file():
                target = str(path).replace("'", "''")
                con.execute(f"CREATE VIEW {extra} AS SELECT * FROM read_parquet('{target}')")
        try:
            rel = con.execute(sql)
        except duckdb.Error as err:
            msg = str(err).splitlines()[0]
            raise HerzInputError(f"query failed: {msg}", field="--sql", source=str(out)) from None
        if rel.description is None:
            return [], []
        names = [d[0] for d in rel.description]
        return names, rel.fetchall()
    finally:
        con.close()


def read_points(out: Path) -> dict[str, np.ndarray]:
    """All written points, sorted by point, as a dict of NumPy arrays."""
    names, rows = query(out, "SELECT * FROM points ORDER BY point")
    table: dict[str, np.ndarray] = {}
    for i, name in enumerate(names):
        values = [r[i] for r in rows]
        if values and all(isinstance(v, int | float) or v is None for v in values):
            table[name] = np.array([np.nan if v is None else v for v in values], dtype=float)
        else:
            table[name] = np.array(values, dtype=object)
    if "point" in table:
        table["point"] = table["point"].astype(np.int64)
    return table
