"""Cassettes: every chat request and response of a run, stored as JSON lines, replayable offline.

The first line is a header: ``{"cassette": "herz-llm", "format": 1, "herz_version": ...,
"model": ..., "params": {...}}`` (the model's name and the request parameters; never a key or
an address). Each further line is one exchange, ``{"key": ..., "request": ..., "response":
...}``, where ``key`` is the SHA-256 of the request in canonical JSON (sorted keys, no spaces).
Replaying serves, for each request, the recorded response with the same key (in recorded order
when the same request was made more than once); a request that is not in the cassette is an
error, so a replay either reproduces the recorded history exactly or stops.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from herz.errors import HerzInputError

__all__ = ["Cassette", "Transport", "request_key"]

#: Sends one chat-completions request body and returns the response body (both JSON objects).
Transport = Callable[[dict[str, Any]], dict[str, Any]]
FORMAT = 1


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def request_key(request: dict[str, Any]) -> str:
    """The SHA-256 of ``request`` in canonical JSON."""
    return hashlib.sha256(canonical(request).encode()).hexdigest()


class Cassette:
    """A recording (``mode="record"``) or a replay (``mode="replay"``) of chat exchanges."""

    def __init__(self, path: str | Path, mode: str, header: dict[str, Any] | None = None) -> None:
        if mode not in ("record", "replay"):
            raise ValueError(f"mode {mode!r}")
        self.path = Path(path)
        self.mode = mode
        self.header: dict[str, Any] = {}
        self._served: dict[str, int] = {}
        self._tape: dict[str, list[dict[str, Any]]] = {}
        if mode == "replay":
            self._load()
        else:
            self.header = {"cassette": "herz-llm", "format": FORMAT, **(header or {})}
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.path.write_text(canonical(self.header) + "\n", encoding="utf-8")
            except OSError as err:
                raise HerzInputError(f"cannot write the cassette: {err}", field="--record",
                                     source=str(self.path)) from None

    def _load(self) -> None:
        where = {"field": "--replay", "source": str(self.path)}
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise HerzInputError(f"cannot read the cassette: {err}", **where) from None
        try:
            rows = [json.loads(line) for line in lines if line.strip()]
        except json.JSONDecodeError as err:
            raise HerzInputError(f"not a cassette (line {err.lineno}: {err.msg})",
                                 **where) from None
        if not rows or not isinstance(rows[0], dict) or rows[0].get("cassette") != "herz-llm":
            raise HerzInputError("not a herz cassette (no header line)", **where,
                                 allowed="a file written by --record")
        self.header = rows[0]
        for n, row in enumerate(rows[1:], start=2):
            if not (isinstance(row, dict) and {"key", "request", "response"} <= row.keys()):
                raise HerzInputError(f"line {n} is not an exchange", **where)
            self._tape.setdefault(str(row["key"]), []).append(row["response"])

    def __len__(self) -> int:
        return sum(len(v) for v in self._tape.values())

    def replay(self, request: dict[str, Any]) -> dict[str, Any]:
        """The recorded response to ``request``."""
        key = request_key(request)
        served = self._served.get(key, 0)
        tape = self._tape.get(key, [])
        if served >= len(tape):
            raise HerzInputError(
                f"a request is not in the cassette (key {key[:12]}, served {served} of "
                f"{len(tape)}): this run differs from the recorded one (scenario, seed, steps, "
                "seats, model or parameters)",
                field="--replay", source=str(self.path),
            )
        self._served[key] = served + 1
        return tape[served]

    def record(self, request: dict[str, Any], response: dict[str, Any]) -> None:
        """Append one exchange to the cassette (written at once)."""
        key = request_key(request)
        row = {"key": key, "request": request, "response": response}
        self._tape.setdefault(key, []).append(response)
        with self.path.open("a", encoding="utf-8") as f:
            f.write(canonical(row) + "\n")

    def wrap(self, transport: Transport | None) -> Transport:
        """A transport that replays from this cassette, or records what ``transport`` says."""
        if self.mode == "replay":
            return self.replay
        if transport is None:
            raise ValueError("recording needs a transport")
        inner = transport

        def recording(request: dict[str, Any]) -> dict[str, Any]:
            response = inner(request)
            self.record(request, response)
            return response

        return recording
