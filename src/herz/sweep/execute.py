"""Running a sweep: every design point simulated on local processes or a Dask cluster.

Point *i* is simulated with its own seed, child *i* of the sweep's point stream
(:func:`herz.sweep.design.point_seeds`, via :mod:`herz.rng`), so its numbers do not depend on
which worker ran it, in which order, or how many workers there were. Finished points are written
in batches to the Parquet dataset (:mod:`herz.sweep.store`), each file atomically; a restart
with the same command skips every point already written.

Executors: in-process (``workers=1``), a :class:`concurrent.futures.ProcessPoolExecutor`
(``workers>1``, processes forked from a fork server; on an error, Ctrl-C or SIGTERM they are
terminated, and each ends by itself within a second if the sweep's process dies), or a Dask
``distributed`` client (the ``scheduler`` address, or a :class:`distributed.LocalCluster`
started here). Dask is imported only when asked for. Worker processes import the main script,
as multiprocessing does.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from herz import __version__
from herz.engine.scenario import apply_overrides, parse_scenario, scenario_hash
from herz.engine.simulate import simulate
from herz.errors import HerzInputError
from herz.sweep.design import Design, make_design, point_seeds
from herz.sweep.metrics import point_metrics
from herz.sweep.spec import Sweep, format_value
from herz.sweep.store import (
    MANIFEST,
    POINTS,
    atomic_text,
    atomic_write,
    clean_temporaries,
    done_points,
    next_part,
    read_manifest,
    write_rows,
)

__all__ = ["PointTask", "SweepRun", "run_point", "run_sweep"]

#: Seconds after which finished points are written even if the batch is not full.
FLUSH_SECONDS = 2.0


@dataclass(frozen=True)
class PointTask:
    """Everything a worker needs to simulate one point (picklable)."""

    point: int
    values: dict[str, Any]
    base: dict[str, Any]
    base_source: str
    runs: int
    steps: int
    seed: np.random.SeedSequence
    metrics: list[str]
    backend: str = "numpy"


@dataclass(frozen=True)
class SweepRun:
    """What :func:`run_sweep` did."""

    out: Path
    n_points: int
    computed: int
    skipped: int
    seconds: float


def run_point(task: PointTask, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Simulate one design point and return its row: point, parameter values, metrics.

    ``progress`` is the engine's hook, called after each step (see
    :func:`~herz.engine.simulate.simulate`); an exception it raises stops the point.
    """
    overrides = [f"{path}={format_value(v)}" for path, v in task.values.items()]
    data = apply_overrides(task.base, overrides, task.base_source)
    scenario = parse_scenario(data, task.base_source)
    result = simulate(scenario, task.runs, task.steps, rng=task.seed, keep=1, progress=progress,
                      backend=task.backend)
    return {"point": task.point, **task.values, **point_metrics(result, task.metrics)}


def _tasks(sweep: Sweep, design: Design, todo: list[int]) -> Iterator[PointTask]:
    seeds = point_seeds(sweep.spec.seed, design.size)
    for i in todo:
        yield PointTask(
            point=i,
            values={name: design.columns[name][i] for name in design.names},
            base=sweep.base,
            base_source=sweep.base_source,
            runs=sweep.spec.runs,
            steps=sweep.steps,
            seed=seeds[i],
            metrics=list(sweep.spec.metrics),
            backend=sweep.spec.backend,
        )


def manifest(sweep: Sweep, design: Design) -> dict[str, Any]:
    """The record of a sweep's inputs written to ``sweep.json``."""
    return {
        "herz_version": __version__,
        "digest": sweep.digest(),
        "source": sweep.source,
        "sweep": sweep.spec.model_dump(mode="json"),
        "seed": sweep.spec.seed,
        "runs": sweep.spec.runs,
        "steps": sweep.steps,
        "design": sweep.spec.design.kind,
        "n_points": design.size,
        "parameters": design.names,
        "metrics": list(sweep.spec.metrics),
        "base_scenario": sweep.base_source,
        "scenario_hash": scenario_hash(sweep.scenario),
        "scenario": sweep.scenario.model_dump(mode="json"),
    }


def prepare(sweep: Sweep, out: Path, overwrite: bool = False) -> tuple[Design, set[int]]:
    """Build the design, check ``out`` and write the manifest and design if new.

    Returns the design and the points already done. A folder holding another sweep, or files
    that are not a sweep's, is an error and is left as it is; with ``overwrite`` a new sweep is
    written into a folder of other files, which are kept (its ``points/`` must not exist).
    """
    design = make_design(sweep)
    if out.exists() and not out.is_dir():
        raise HerzInputError("exists and is not a directory", field="--out", source=str(out))
    old = read_manifest(out) if out.is_dir() else None
    if old is not None:
        if old.get("digest") != sweep.digest():
            raise HerzInputError(
                "holds a different sweep (other inputs, seed or base scenario)",
                field="--out",
                allowed="the same sweep to resume it, or a new folder",
                source=str(out),
            )
        clean_temporaries(out)
        return design, done_points(out)
    if out.is_dir() and any(out.iterdir()):
        if not overwrite:
            raise HerzInputError(
                "folder exists, is not empty and holds no sweep; choose a new folder, or pass "
                "--overwrite to write the sweep's files into it", field="--out", source=str(out),
            )
        points = out / POINTS
        if points.exists() or points.is_symlink():
            raise HerzInputError(
                f"{POINTS} is in the way (a sweep writes its results there); move it or choose "
                "a new folder", field="--out", source=str(out),
            )
    from herz.results.tables import write_parquet

    out.mkdir(parents=True, exist_ok=True)
    (out / POINTS).mkdir(exist_ok=True)
    table: dict[str, np.ndarray] = {"point": np.arange(design.size)}
    for name in design.names:
        col = design.columns[name]
        table[name] = np.array(col, dtype=object if isinstance(col[0], str) else None)
    atomic_write(out / "design.parquet", lambda tmp: write_parquet(table, tmp))
    # The manifest comes last: its presence says the folder is a sweep ready to resume.
    atomic_text(out / MANIFEST, json.dumps(manifest(sweep, design), indent=2) + "\n")
    return design, set()


class _Writer:
    """Buffers finished rows and writes them as parts when the batch is full or time passes."""

    def __init__(self, out: Path, batch: int) -> None:
        self.out, self.batch = out, batch
        self.rows: list[dict[str, Any]] = []
        self.part = next_part(out)
        self.last = time.monotonic()

    def add(self, row: dict[str, Any]) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.batch or time.monotonic() - self.last > FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            write_rows(self.out, self.part, sorted(self.rows, key=lambda r: r["point"]))
            self.part += 1
            self.rows = []
        self.last = time.monotonic()


def _auto_batch(n_todo: int) -> int:
    return max(1, min(200, n_todo // 50))


def _serial(tasks: Iterator[PointTask], emit: Callable[[dict[str, Any]], None],
            step: Callable[[int], None] | None = None) -> None:
    for task in tasks:
        emit(run_point(task, step))


#: Seconds between two checks, in a worker process, that the sweep's process is still alive.
WATCH_SECONDS = 0.5


def _parent_gone(main_pid: int, ppid: int) -> bool:
    """Whether the process that started the sweep is gone: the worker's parent changed (its
    fork server exits with the sweep's process, and the worker is re-parented) or the sweep's
    process no longer exists."""
    import os

    if os.getppid() != ppid:
        return True
    try:
        os.kill(main_pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # exists, owned by another user: a reused pid, so gone
        return True
    return False


def _watch_parent(main_pid: int) -> None:
    """Initializer of a pool worker: a daemon thread ends the worker as soon as the sweep's
    process is gone (killed, even with SIGKILL, which no handler sees), so no worker outlives
    it computing points nobody will collect."""
    import os
    import threading

    ppid = os.getppid()

    def watch() -> None:
        while not _parent_gone(main_pid, ppid):
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="herz-watch-parent", daemon=True).start()


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and terminate the workers at once (they may be mid-point)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    deadline = time.monotonic() + 5
    for proc in processes:
        proc.join(timeout=max(0.0, deadline - time.monotonic()))
        if proc.is_alive():
            proc.kill()
            proc.join(timeout=1)


@contextmanager
def _exit_on_sigterm() -> Iterator[None]:
    """While a sweep runs in the main thread, SIGTERM raises ``SystemExit(143)`` there, so the
    sweep stops like on Ctrl-C: finished points are written, workers are terminated."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _: Any) -> None:
        raise SystemExit(128 + signum)

    old = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _pool(tasks: Iterator[PointTask], emit: Callable[[dict[str, Any]], None], workers: int) -> None:
    import multiprocessing
    import os

    # A fork server (POSIX) forks workers from a clean process that has imported only what
    # simulating needs; elsewhere, spawn.
    ctx: Any
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["herz.sweep.execute"])
    else:
        ctx = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                               initializer=_watch_parent, initargs=(os.getpid(),))
    try:
        pending: set[Future[dict[str, Any]]] = set()
        for task in tasks:
            pending.add(pool.submit(run_point, task))
            if len(pending) >= 4 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    emit(f.result())
        for f in wait(pending).done:
            emit(f.result())
    except BaseException:  # an error, Ctrl-C or SIGTERM: no worker may go on computing
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


@contextmanager
def _dask_client(scheduler: str | None, local_cluster: int | None) -> Iterator[Any]:
    """A Dask client of a running scheduler, or of a local cluster started (and closed) here."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise HerzInputError(
            "Dask is not installed", field="--scheduler",
            allowed="pip install 'herz[sweep]'",
        ) from None
    if local_cluster is not None:
        with LocalCluster(
            n_workers=local_cluster, threads_per_worker=1, processes=True,
            dashboard_address=None,
        ) as cluster, Client(cluster) as client:
            yield client
        return
    try:
        client = Client(scheduler, timeout="10s")
    except (OSError, ValueError, TypeError) as err:  # unreachable, or not an address at all
        raise HerzInputError(
            f"cannot reach the scheduler: {' '.join(str(err).split())}", field="--scheduler",
            allowed="the address of a running Dask scheduler, e.g. tcp://host:8786",
            source=str(scheduler),
        ) from None
    with client:
        yield client


def _dask(tasks: Iterator[PointTask], emit: Callable[[dict[str, Any]], None], client: Any) -> None:
    from distributed import as_completed

    window = 4 * max(1, sum(client.nthreads().values()))
    queue = as_completed()
    for task in tasks:
        queue.add(client.submit(run_point, task, pure=False))
        if queue.count() >= window:
            emit(next(queue).result())
    for future in queue:
        emit(future.result())


def run_sweep(
    sweep: Sweep,
    out: str | Path,
    workers: int = 1,
    scheduler: str | None = None,
    local_cluster: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
    *,
    overwrite: bool = False,
    step_progress: Callable[[int], None] | None = None,
) -> SweepRun:
    """Run (or resume) ``sweep`` into ``out``.

    ``workers`` local processes (1: in this process), or a Dask cluster: ``scheduler`` is the
    address of a running one, ``local_cluster`` the number of workers of one started here.
    ``on_start(n_points, n_done)`` is called once the design is known; ``progress(k)`` after
    each ``k`` finished points; with ``workers=1``, ``step_progress`` is passed to the engine
    as its per-step hook (an exception it raises stops the sweep between two steps, as one
    from ``progress`` does between two points). Results are the same whatever the workers.
    ``out`` must be new, empty or hold this sweep; ``overwrite`` allows a folder of other
    files, which are kept.
    """
    if workers < 1:
        raise HerzInputError(f"{workers} workers", field="--workers", allowed=">= 1")
    if local_cluster is not None and local_cluster < 1:
        raise HerzInputError(f"{local_cluster} workers", field="--local-cluster", allowed=">= 1")
    out = Path(out)
    t0 = time.perf_counter()
    with ExitStack() as stack:
        stack.enter_context(_exit_on_sigterm())
        client = None
        if scheduler is not None or local_cluster is not None:
            # Connect first: an unreachable scheduler is an error before anything is written.
            client = stack.enter_context(_dask_client(scheduler, local_cluster))
        return _run(sweep, out, workers, client, progress, on_start, t0, overwrite,
                    step_progress)
    raise AssertionError("unreachable")  # pragma: no cover


def _run(
    sweep: Sweep,
    out: Path,
    workers: int,
    client: Any,
    progress: Callable[[int], None] | None,
    on_start: Callable[[int, int], None] | None,
    t0: float,
    overwrite: bool = False,
    step_progress: Callable[[int], None] | None = None,
) -> SweepRun:
    design, done = prepare(sweep, out, overwrite)
    todo = [i for i in range(design.size) if i not in done]
    if on_start is not None:
        on_start(design.size, len(done))
    writer = _Writer(out, sweep.spec.batch or _auto_batch(len(todo)))

    def emit(row: dict[str, Any]) -> None:
        writer.add(row)
        if progress is not None:
            progress(1)

    tasks = _tasks(sweep, design, todo)
    try:
        if todo:
            if client is not None:
                _dask(tasks, emit, client)
            elif workers == 1:
                _serial(tasks, emit, step_progress)
            else:
                _pool(tasks, emit, workers)
    finally:
        writer.flush()
    return SweepRun(out, design.size, len(todo), len(done), time.perf_counter() - t0)
