"""Background runs: a small pool of worker threads that simulate, summarise and save.

A run is queued by :meth:`JobRunner.submit` and executed by :func:`execute_run`, which calls the
engine (:func:`herz.engine.simulate.simulate`) and the results layer (:mod:`herz.results`)
exactly as ``herz run`` does, so a run made in the browser gives the same numbers as the same
scenario and seed on the command line. Progress (run-steps done) is kept in memory for polling.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

from herz.cli.output import jsonable
from herz.engine.scenario import Scenario
from herz.errors import HerzInputError
from herz.web.scenarios import to_toml
from herz.web.settings import Settings
from herz.web.store import RunStore

__all__ = ["CANCEL_WAIT", "Cancelled", "JobRunner", "execute_run"]

log = logging.getLogger("herz.web")
#: Seconds a DELETE waits for a running run or task to stop.
CANCEL_WAIT = 10.0


class Cancelled(Exception):
    """A run or task was cancelled: raised from its progress hooks once a DELETE asked it to
    stop, so it stops at its next step or point."""


def _write_csv(table: dict[str, Any], path: Path) -> None:
    names = list(table)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        columns = [table[n].tolist() for n in names]
        writer.writerows(zip(*columns, strict=True))


def execute_run(
    store: RunStore, settings: Settings, run_id: str, scenario: Scenario, data: dict[str, Any],
    *, runs: int, steps: int, seed: int, keep: int, progress: Any = None,
) -> dict[str, Any]:
    """Simulate, write the run's files into its folder atomically, and return the summary."""
    from herz.engine.simulate import simulate
    from herz.results import (
        events_table,
        outcomes_table,
        quantiles_table,
        steps_table,
        summarize,
        write_parquet,
    )
    from herz.results.dyads import dyads_table

    started = time.perf_counter()
    result = simulate(scenario, runs, steps, rng=seed, keep=keep, progress=progress,
                      backend=settings.backend)
    summary = jsonable(summarize(result))
    final = store.run_dir(run_id)
    tmp = Path(tempfile.mkdtemp(prefix=f".{run_id}.tmp-", dir=store.runs_dir))
    try:
        (tmp / "scenario.toml").write_text(to_toml(data), encoding="utf-8")
        (tmp / "scenario.json").write_text(
            json.dumps(scenario.model_dump(mode="json"), indent=2) + "\n", encoding="utf-8")
        (tmp / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        quantiles = quantiles_table(result)
        events = events_table(result)
        write_parquet(quantiles, tmp / "quantiles.parquet")
        write_parquet(steps_table(result), tmp / "steps.parquet")
        write_parquet(events, tmp / "events.parquet")
        # the same per-run and per-pair tables as `herz run` writes (dyads: shares of all runs)
        write_parquet(outcomes_table(result), tmp / "outcomes.parquet")
        write_parquet(dyads_table(result, None), tmp / "dyads.parquet")
        _write_csv(quantiles, tmp / "quantiles.csv")
        _write_csv(events, tmp / "events.csv")
        os.replace(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    store.finish(run_id, summary, time.perf_counter() - started)
    if settings.reports:
        _write_report(store, run_id, result, summary)
    return summary


def _write_report(store: RunStore, run_id: str, result: Any, summary: dict[str, Any]) -> None:
    """The self-contained HTML report of :mod:`herz.report` (matplotlib: a few seconds)."""
    from herz.report import write_report

    tmp = Path(tempfile.mkdtemp(prefix=f".{run_id}.report-", dir=store.runs_dir))
    try:
        write_report(result, summary, tmp)
        os.replace(tmp / "report.html", store.run_dir(run_id) / "report.html")
        store.set_report(run_id)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


class JobRunner:
    """Runs queued simulations on ``settings.workers`` threads and tracks their progress."""

    def __init__(self, store: RunStore, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self._pool = ThreadPoolExecutor(max_workers=settings.workers,
                                        thread_name_prefix="herz-run")
        self._lock = threading.Lock()
        self._progress: dict[str, list[int]] = {}
        self._futures: dict[str, Future[None]] = {}
        self._cancel: dict[str, threading.Event] = {}

    def pending(self) -> int:
        """Runs queued or running now."""
        with self._lock:
            return sum(not f.done() for f in self._futures.values())

    def progress(self, run_id: str) -> float | None:
        """Share of run-steps done of a run in progress, else ``None``."""
        with self._lock:
            done_total = self._progress.get(run_id)
        if done_total is None:
            return None
        done, total = done_total
        return min(1.0, done / total) if total else 0.0

    def submit(self, scenario: Scenario, data: dict[str, Any], *, runs: int, steps: int,
               seed: int, keep: int, tags: dict[str, Any] | None = None) -> str:
        """Queue a run and return its id; refuse when the queue is full. ``tags`` name what
        sets the run apart (see :meth:`RunStore.create`)."""
        if self.pending() >= self.settings.max_queue:
            raise QueueFull(self.settings.max_queue)
        import herz
        from herz.engine.scenario import scenario_hash

        run_id = self.store.create(
            seed=seed, runs=runs, steps=steps, keep=keep, actors=scenario.actor_names,
            scenario_name=scenario.name, scenario_hash=scenario_hash(scenario),
            herz_version=herz.__version__, tags=tags,
        )
        with self._lock:
            self._progress[run_id] = [0, runs * steps]
            self._cancel[run_id] = threading.Event()
            self._futures[run_id] = self._pool.submit(
                self._work, run_id, scenario, data, runs, steps, seed, keep)
        return run_id

    def _work(self, run_id: str, scenario: Scenario, data: dict[str, Any], runs: int,
              steps: int, seed: int, keep: int) -> None:
        cancel = self._cancel[run_id]

        def tick(n: int) -> None:  # the engine's progress hook: where a cancelled run stops
            if cancel.is_set():
                raise Cancelled
            with self._lock:
                self._progress[run_id][0] += n

        try:
            if cancel.is_set():
                raise Cancelled
            self.store.set_status(run_id, "running")
            execute_run(self.store, self.settings, run_id, scenario, data, runs=runs,
                        steps=steps, seed=seed, keep=keep, progress=tick)
        except Cancelled:
            self.store.set_status(run_id, "failed", "cancelled")
        except HerzInputError as err:
            self.store.set_status(run_id, "failed", str(err))
        except Exception:  # the message goes to the log, never to the client
            log.exception("run %s failed", run_id)
            self.store.set_status(run_id, "failed", "internal error while running")
        finally:
            with self._lock:
                self._progress.pop(run_id, None)
                self._futures.pop(run_id, None)
                self._cancel.pop(run_id, None)

    def cancel(self, run_id: str, wait: float = CANCEL_WAIT) -> None:
        """Stop a queued or running run (it stops at its next step); return once it has."""
        with self._lock:
            event, future = self._cancel.get(run_id), self._futures.get(run_id)
        if event is None or future is None:
            return
        event.set()
        if future.cancel():
            with self._lock:
                self._progress.pop(run_id, None)
                self._futures.pop(run_id, None)
                self._cancel.pop(run_id, None)
            return
        try:
            future.result(timeout=wait)
        except TimeoutError:
            raise HerzInputError("the run did not stop in time", field="run_id",
                                 allowed="try again in a moment") from None

    def wait(self, timeout: float | None = None) -> None:
        """Wait for every queued run (used by tests and at shutdown)."""
        with self._lock:
            futures = list(self._futures.values())
        for future in futures:
            future.result(timeout=timeout)

    def shutdown(self) -> None:
        """Stop every run (each at its next step) and drop the queued ones."""
        with self._lock:
            for event in self._cancel.values():
                event.set()
        self._pool.shutdown(wait=False, cancel_futures=True)


class QueueFull(Exception):
    """Too many runs are waiting: the client should retry later (HTTP 429)."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"{limit} runs are already waiting; try again when one has finished")
