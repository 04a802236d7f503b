"""Background tasks other than runs: policy audits and sweeps, each in a folder of its own.

A task is queued by :meth:`TaskRunner.submit` with a function that does the work into a
folder ``<data>/<kind>/<id>/`` (the audit's report, the sweep's results). Status and progress
live in memory while the server runs; a finished task is recognised afterwards by the
``task.json`` record written into its folder when it ends, so the results survive a restart.
Task ids are random 32-digit hexadecimal strings made by the server, and :meth:`folder` accepts
nothing else, so no request can name a path.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from herz.errors import HerzInputError
from herz.web.jobs import CANCEL_WAIT, Cancelled, QueueFull
from herz.web.settings import Settings

__all__ = ["CANCEL_WAIT", "TASK_ID_PATTERN", "Cancelled", "Progress", "TaskRunner"]

log = logging.getLogger("herz.web")

#: Pattern of a task id (declared in the API too, so OpenAPI documents it).
TASK_ID_PATTERN = r"^[0-9a-f]{32}$"
_TASK_ID = re.compile(TASK_ID_PATTERN)
RECORD = "task.json"
KINDS = ("audits", "sweeps")
@dataclass
class Progress:
    """What a task reports while it works: units done of a total (None: not known yet).

    Its hooks are where the work is stopped: once :attr:`cancel` is set, :meth:`add` and
    :meth:`tick` raise :class:`Cancelled`, so a task stops at its next step or point.
    """

    done: int = 0
    total: int | None = None
    stage: str = "queued"
    cancel: threading.Event = field(default_factory=threading.Event)

    def check(self) -> None:
        """Raise :class:`Cancelled` if the task was asked to stop."""
        if self.cancel.is_set():
            raise Cancelled

    def add(self, n: int) -> None:
        """``n`` units are done (and stop here if cancelled)."""
        self.check()
        self.done += n

    def tick(self, _: int = 0) -> None:
        """A step of the engine is done: only a place to stop (the engine's progress hook)."""
        self.check()


@dataclass
class _Live:
    record: dict[str, Any]
    progress: Progress = field(default_factory=Progress)
    future: Future[None] | None = None


#: The work of a task: ``work(folder, progress)`` fills ``folder`` and returns extra record
#: fields (JSON-ready).
Work = Callable[[Path, Progress], dict[str, Any]]


class TaskRunner:
    """Runs audits and sweeps on a worker thread and keeps their status."""

    def __init__(self, settings: Settings, pending_runs: Callable[[], int]) -> None:
        self.settings = settings
        self.root = settings.data_dir
        for kind in KINDS:
            (self.root / kind).mkdir(parents=True, exist_ok=True)
        self._pending_runs = pending_runs
        self._pool = ThreadPoolExecutor(max_workers=settings.workers,
                                        thread_name_prefix="herz-task")
        self._lock = threading.Lock()
        self._live: dict[str, _Live] = {}

    def folder(self, kind: str, task_id: str) -> Path:
        """The folder of a task; only a well-formed id of a known kind is accepted."""
        if kind not in KINDS or not _TASK_ID.match(task_id):
            raise HerzInputError(f"{task_id!r} is not a task id", field="id",
                                 allowed="32 hexadecimal digits")
        return self.root / kind / task_id

    def pending(self) -> int:
        with self._lock:
            return sum(1 for t in self._live.values()
                       if t.future is not None and not t.future.done())

    def count(self, kind: str) -> int:
        return sum(1 for p in (self.root / kind).iterdir() if _TASK_ID.match(p.name))

    def submit(self, kind: str, request: dict[str, Any], work: Work) -> str:
        """Queue ``work`` and return the new task's id; refuse when the queue is full."""
        if self.pending() + self._pending_runs() >= self.settings.max_queue:
            raise QueueFull(self.settings.max_queue)
        if self.count(kind) >= self.settings.max_saved_runs:
            raise HerzInputError(f"{self.settings.max_saved_runs} {kind} saved", field=kind,
                                 allowed="delete some first")
        task_id = uuid.uuid4().hex
        record = {"id": task_id, "kind": kind, "created": time.time(), "status": "queued",
                  "error": None, "elapsed": None, "request": request}
        live = _Live(record)
        with self._lock:
            self._live[task_id] = live
            live.future = self._pool.submit(self._work, kind, task_id, work)
        return task_id

    def _work(self, kind: str, task_id: str, work: Work) -> None:
        live = self._live[task_id]
        target = self.folder(kind, task_id)
        tmp = Path(tempfile.mkdtemp(prefix=f".{task_id}.tmp-", dir=self.root / kind))
        started = time.perf_counter()
        live.record["status"] = "running"
        live.progress.stage = "running"
        try:
            live.progress.check()
            extra = work(tmp, live.progress)
            live.record.update(extra, status="done")
        except Cancelled:
            shutil.rmtree(tmp, ignore_errors=True)
            with self._lock:
                self._live.pop(task_id, None)
            return
        except HerzInputError as err:
            live.record.update(status="failed", error=str(err))
        except Exception:  # the message goes to the log, never to the client
            log.exception("%s task %s failed", kind, task_id)
            live.record.update(status="failed", error=f"internal error in the {kind[:-1]}")
        live.record["elapsed"] = time.perf_counter() - started
        try:
            (tmp / RECORD).write_text(json.dumps(live.record, indent=2, allow_nan=False) + "\n",
                                      encoding="utf-8")
            os.replace(tmp, target)
        except Exception:
            log.exception("cannot save %s task %s", kind, task_id)
            live.record.update(status="failed", error="cannot save the results")
            shutil.rmtree(tmp, ignore_errors=True)
        finally:
            with self._lock:
                self._live.pop(task_id, None)

    def get(self, kind: str, task_id: str) -> dict[str, Any] | None:
        """The record of a task with its progress, or ``None``."""
        folder = self.folder(kind, task_id)
        with self._lock:
            live = self._live.get(task_id)
            if live is not None and live.record["kind"] == kind:
                p = live.progress
                return {**live.record, "progress": _share(p), "stage": p.stage,
                        "done_units": p.done, "total_units": p.total}
        path = folder / RECORD
        if not path.is_file():
            return None
        record: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        done = record["status"] == "done"
        return {**record, "progress": 1.0 if done else 0.0, "stage": record["status"],
                "done_units": None, "total_units": None}

    def list(self, kind: str, limit: int = 100) -> list[dict[str, Any]]:
        """Tasks of ``kind``, newest first (live ones included)."""
        out = []
        with self._lock:
            ids = [i for i, t in self._live.items() if t.record["kind"] == kind]
        ids += [p.name for p in (self.root / kind).iterdir() if _TASK_ID.match(p.name)]
        for task_id in dict.fromkeys(ids):
            record = self.get(kind, task_id)
            if record is not None:
                out.append(record)
        out.sort(key=lambda r: r["created"], reverse=True)
        return out[:limit]

    def delete(self, kind: str, task_id: str, wait: float = CANCEL_WAIT) -> bool:
        """Delete a task's folder; a queued task is dropped and a running one stopped first
        (it stops at its next step or point, well within a second)."""
        folder = self.folder(kind, task_id)
        with self._lock:
            live = self._live.get(task_id)
        if live is not None:
            live.progress.cancel.set()
            future = live.future
            if future is not None and not future.cancel():
                try:
                    future.result(timeout=wait)
                except TimeoutError:
                    raise HerzInputError("the task did not stop in time", field="id",
                                         allowed="try again in a moment") from None
                except Exception:  # _work logs its own failures
                    pass
            with self._lock:
                self._live.pop(task_id, None)
            shutil.rmtree(folder, ignore_errors=True)
            return True
        if not folder.is_dir():
            return False
        shutil.rmtree(folder, ignore_errors=True)
        return True

    def wait(self, timeout: float | None = None) -> None:
        """Wait for every queued task (tests, shutdown)."""
        with self._lock:
            futures = [t.future for t in self._live.values() if t.future is not None]
        for future in futures:
            future.result(timeout=timeout)

    def shutdown(self) -> None:
        """Stop every task (each at its next step) and drop the queued ones."""
        with self._lock:
            for live in self._live.values():
                live.progress.cancel.set()
        self._pool.shutdown(wait=False, cancel_futures=True)


def _share(p: Progress) -> float | None:
    if p.total is None or p.total <= 0:
        return None
    return min(1.0, p.done / p.total)
