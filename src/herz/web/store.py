"""The saved runs of ``herz serve``: an embedded SQLite table plus one folder of files per run.

Layout of the data directory (nothing is ever read or written outside it):

* ``herz.sqlite``: one row per run (status, seed, runs, steps, scenario name and hash, herz
  version, summary JSON, error message, tags: the overrides or the case branch that name it);
* ``runs/<id>/``: the run's downloadable files (:data:`FILES`), written into a temporary folder
  and moved into place only when complete.

Run ids are random 32-digit hexadecimal strings made by the server; :func:`run_dir` refuses any
other text, so no request can name a path.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from herz.errors import HerzInputError

__all__ = ["FILES", "RUN_ID_PATTERN", "RunStore", "run_label"]

#: Pattern of a run id (also declared in the API, so OpenAPI documents it).
RUN_ID_PATTERN = r"^[0-9a-f]{32}$"
_RUN_ID = re.compile(RUN_ID_PATTERN)

#: Downloadable files of a run and their media types.
FILES: dict[str, str] = {
    "scenario.toml": "application/toml",
    "scenario.json": "application/json",
    "summary.json": "application/json",
    "quantiles.csv": "text/csv",
    "quantiles.parquet": "application/vnd.apache.parquet",
    "steps.parquet": "application/vnd.apache.parquet",
    "events.csv": "text/csv",
    "events.parquet": "application/vnd.apache.parquet",
    "outcomes.parquet": "application/vnd.apache.parquet",
    "dyads.parquet": "application/vnd.apache.parquet",
    "report.html": "text/html",
}

_COLUMNS = ("id", "created", "status", "seed", "runs", "steps", "keep", "actors",
            "scenario_name", "scenario_hash", "herz_version", "summary", "error", "report",
            "elapsed", "tags")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    status TEXT NOT NULL,
    seed INTEGER NOT NULL,
    runs INTEGER NOT NULL,
    steps INTEGER NOT NULL,
    keep INTEGER NOT NULL,
    actors TEXT NOT NULL,
    scenario_name TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    herz_version TEXT NOT NULL,
    summary TEXT,
    error TEXT,
    report INTEGER NOT NULL DEFAULT 0,
    elapsed REAL,
    tags TEXT
)
"""


def run_label(record: dict[str, Any]) -> str:
    """How a run is named wherever it is listed: scenario, seed, then what sets it apart,
    its ``--set`` overrides and, for a case's run, factual or counterfactual NAME
    ("spiral · seed 0 · actors.Blue.empathy=0.9")."""
    tags = record.get("tags") or {}
    parts = [str(record["scenario_name"]), f"seed {record['seed']}"]
    if tags.get("branch"):
        parts.append(str(tags["branch"]))
    parts.extend(str(o) for o in tags.get("overrides", []))
    return " · ".join(parts)



class RunStore:
    """Saved runs in ``data_dir`` (created if missing)."""

    def __init__(self, data_dir: Path) -> None:
        self.root = Path(data_dir).resolve()
        self.runs_dir = self.root / "runs"
        self.runs_dir.mkdir(parents=True, exist_ok=True)
        self.db_path = self.root / "herz.sqlite"
        self._lock = threading.Lock()
        with self._connect() as con:
            con.execute(_SCHEMA)
            # a data directory made before runs had tags: add the column (null: no tags)
            columns = {row[1] for row in con.execute("PRAGMA table_info(runs)")}
            if "tags" not in columns:
                con.execute("ALTER TABLE runs ADD COLUMN tags TEXT")
            # Runs cut off by a stopped server will never finish.
            con.execute(
                "UPDATE runs SET status = 'failed', error = 'interrupted: the server stopped' "
                "WHERE status IN ('queued', 'running')"
            )

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.db_path, timeout=30)
        con.row_factory = sqlite3.Row
        return con

    def _write(self, sql: str, args: tuple[Any, ...]) -> None:
        with self._lock, self._connect() as con:
            con.execute(sql, args)

    def run_dir(self, run_id: str) -> Path:
        """The folder of run ``run_id``; only a well-formed id is accepted."""
        if not _RUN_ID.match(run_id):
            raise HerzInputError(f"{run_id!r} is not a run id", field="run_id",
                                 allowed="32 hexadecimal digits")
        return self.runs_dir / run_id

    def create(self, *, seed: int, runs: int, steps: int, keep: int, actors: list[str],
               scenario_name: str, scenario_hash: str, herz_version: str,
               tags: dict[str, Any] | None = None) -> str:
        """Record a new queued run and return its id. ``tags`` say what sets the run apart
        (``overrides``: its ``--set`` changes; ``case`` and ``branch``: a case's factual or
        counterfactual run), for :func:`run_label`."""
        run_id = uuid.uuid4().hex
        self._write(
            "INSERT INTO runs (id, created, status, seed, runs, steps, keep, actors, "
            "scenario_name, scenario_hash, herz_version, tags) VALUES (?, ?, 'queued', ?, ?, ?, "
            "?, ?, ?, ?, ?, ?)",
            (run_id, time.time(), seed, runs, steps, keep, json.dumps(actors), scenario_name,
             scenario_hash, herz_version, json.dumps(tags or {})),
        )
        return run_id

    def set_status(self, run_id: str, status: str, error: str | None = None) -> None:
        self._write("UPDATE runs SET status = ?, error = ? WHERE id = ?", (status, error, run_id))

    def finish(self, run_id: str, summary: dict[str, Any], elapsed: float) -> None:
        """Mark a run done with its summary."""
        self._write(
            "UPDATE runs SET status = 'done', summary = ?, elapsed = ? WHERE id = ?",
            (json.dumps(summary, allow_nan=False), elapsed, run_id),
        )

    def set_report(self, run_id: str) -> None:
        self._write("UPDATE runs SET report = 1 WHERE id = ?", (run_id,))

    @staticmethod
    def _row(row: sqlite3.Row) -> dict[str, Any]:
        out = {k: row[k] for k in _COLUMNS}
        out["actors"] = json.loads(out["actors"])
        out["summary"] = None if out["summary"] is None else json.loads(out["summary"])
        out["report"] = bool(out["report"])
        out["tags"] = json.loads(out["tags"]) if out["tags"] else {}
        out["label"] = run_label(out)
        return out

    def get(self, run_id: str) -> dict[str, Any] | None:
        """The record of a run, or ``None``."""
        self.run_dir(run_id)  # validates the id
        with self._connect() as con:
            row = con.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
        return None if row is None else self._row(row)

    def list(self, limit: int = 100, status: str | None = None) -> list[dict[str, Any]]:
        """The latest runs, newest first, without their summaries."""
        sql = "SELECT * FROM runs"
        args: tuple[Any, ...] = ()
        if status is not None:
            sql += " WHERE status = ?"
            args = (status,)
        sql += " ORDER BY created DESC LIMIT ?"
        with self._connect() as con:
            rows = con.execute(sql, (*args, limit)).fetchall()
        out = []
        for row in rows:
            item = self._row(row)
            item["summary"] = None
            out.append(item)
        return out

    def count(self) -> int:
        with self._connect() as con:
            return int(con.execute("SELECT COUNT(*) FROM runs").fetchone()[0])

    def delete(self, run_id: str) -> bool:
        """Delete a run's record and files; ``False`` if there was no such run."""
        import shutil

        folder = self.run_dir(run_id)
        with self._lock, self._connect() as con:
            deleted = con.execute("DELETE FROM runs WHERE id = ?", (run_id,)).rowcount
        shutil.rmtree(folder, ignore_errors=True)
        return bool(deleted)

    def file(self, run_id: str, name: str) -> Path | None:
        """The path of a downloadable file of a run, or ``None`` if it does not exist."""
        if name not in FILES:
            raise HerzInputError(f"{name!r}", field="file", allowed=", ".join(FILES))
        path = self.run_dir(run_id) / name
        return path if path.is_file() else None
