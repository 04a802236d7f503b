"""Games kept in the web app's SQLite database, one row per game, so a restart loses none.

Each row holds the game's :meth:`~herz.game.game.Game.record` as JSON (settings, token
digests, every turn's moves, this turn's moves, beliefs and messages), written after every
change; :meth:`GameStore.load` rebuilds games with :meth:`~herz.game.game.Game.restore`.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

__all__ = ["GameStore"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS games (
    code TEXT PRIMARY KEY,
    created REAL NOT NULL,
    status TEXT NOT NULL,
    record TEXT NOT NULL,
    debrief TEXT
)
"""


class GameStore:
    """The ``games`` table of the SQLite database at ``db_path``."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = Path(db_path)
        self._lock = threading.Lock()
        with self._connect() as con:
            # Write-ahead logging: readers never wait for a writer, and a commit appends to the
            # log instead of rewriting pages (the run store shares the file and mode).
            con.execute("PRAGMA journal_mode = WAL")
            con.execute(_SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        con = sqlite3.connect(self.db_path, timeout=30)
        # A game is written after every move: sync at checkpoints, not at every commit (a
        # power cut may lose the last moves, never corrupt the database).
        con.execute("PRAGMA synchronous = NORMAL")
        return con

    def save(self, record: dict[str, Any]) -> None:
        """Insert or replace a game's record."""
        text = json.dumps(record, allow_nan=False, separators=(",", ":"))
        with self._lock, self._connect() as con:
            con.execute(
                "INSERT INTO games (code, created, status, record) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(code) DO UPDATE SET status = excluded.status, "
                "record = excluded.record",
                (record["code"], record["created"], record["status"], text),
            )

    def exists(self, code: str) -> bool:
        with self._connect() as con:
            row = con.execute("SELECT 1 FROM games WHERE code = ?", (code,)).fetchone()
        return row is not None

    def load(self, code: str) -> dict[str, Any] | None:
        """A game's record, or ``None``."""
        with self._connect() as con:
            row = con.execute("SELECT record FROM games WHERE code = ?", (code,)).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def codes(self) -> list[str]:
        """Every game's code, newest first."""
        with self._connect() as con:
            rows = con.execute("SELECT code FROM games ORDER BY created DESC").fetchall()
        return [r[0] for r in rows]

    def save_debrief(self, code: str, debrief: dict[str, Any]) -> None:
        with self._lock, self._connect() as con:
            con.execute("UPDATE games SET debrief = ? WHERE code = ?",
                        (json.dumps(debrief, allow_nan=False), code))

    def debrief(self, code: str) -> dict[str, Any] | None:
        with self._connect() as con:
            row = con.execute("SELECT debrief FROM games WHERE code = ?", (code,)).fetchone()
        return None if row is None or row[0] is None else dict(json.loads(row[0]))
