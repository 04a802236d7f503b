"""Sweeps in the browser: launch a small sweep, follow it, and read its analysis and points.

A thin layer over :mod:`herz.sweep` (:func:`~herz.sweep.parse_sweep`,
:func:`~herz.sweep.run_sweep`, :func:`~herz.sweep.finish_sweep`): the same sweep file gives the
same points and indices as ``herz sweep``. A sweep comes from one of the small built-in sweep
files below or from TOML text; on the web its ``scenario`` must be a built-in example (a request
cannot name a file), its parameters may not set a policy the web refuses, and its cost
``points x runs x steps x actors^2`` is capped by ``max_work``. Results: a heatmap for
two-parameter grids, Sobol indices (Sobol' 1993; Saltelli 2002) and Morris screening (Morris
1991; Campolongo, Cariboni and Saltelli 2007) as bars, PRIM boxes (Friedman and Fisher 1999),
fixed summaries, and read-only SQL that can see only the sweep's own tables.
"""

from __future__ import annotations

import contextlib
import json
import re
import tempfile
import threading
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from herz.errors import HerzInputError
from herz.web.sections import Section
from herz.web.settings import Settings
from herz.web.state import StateDep, WebState, render, web_state
from herz.web.tasks import TASK_ID_PATTERN, Progress

__all__ = ["BUILTIN", "SweepRequest", "safe_query", "section"]

api = APIRouter(tags=["sweeps"])
pages = APIRouter()

KIND = "sweeps"
OUT = "sweep"
SOURCE = "<web sweep>"
SweepId = Annotated[str, PathParam(pattern=TASK_ID_PATTERN,
                                   description="A sweep id (32 hex digits).")]
SweepFile = Literal["sweep.json", "analysis.json", "report.html", "design.parquet"]
MEDIA = {"sweep.json": "application/json", "analysis.json": "application/json",
         "report.html": "text/html", "design.parquet": "application/vnd.apache.parquet"}
#: Most rows a query or a summary returns.
MAX_ROWS = 1000
#: Seconds a query may run before it is interrupted.
QUERY_SECONDS = 5.0

#: Small sweep files that fit a modest server: a grid map, Sobol indices, Morris screening.
BUILTIN: dict[str, str] = {
    "four-worlds": '''\
description = "Jervis's four worlds: P(war) over offence dominance x distinguishability (small)"
scenario = "four_worlds"
runs = 20
steps = 20
seed = 0
metrics = ["p_war", "spiral", "belief_final"]

[design]
kind = "grid"

[[parameters]]
path = "world.offense_dominance"
range = [0.0, 1.0]
num = 4

[[parameters]]
path = "world.distinguishability"
range = [0.0, 1.0]
num = 4

[prim]
metric = "p_war"
boxes = 1
''',
    "spiral-sobol": '''\
description = "Sobol indices of the spiral: empathy of both sides and offence dominance"
scenario = "spiral"
runs = 10
steps = 15
seed = 0
metrics = ["p_war", "spiral"]

[design]
kind = "sobol"
n = 8
second_order = false

[[parameters]]
path = "actors.Blue.empathy"
range = [0.0, 1.0]

[[parameters]]
path = "actors.Red.empathy"
range = [0.0, 1.0]

[[parameters]]
path = "world.offense_dominance"
range = [0.0, 1.0]
''',
    "spiral-morris": '''\
description = "Morris screening of the spiral: which lever matters most?"
scenario = "spiral"
runs = 10
steps = 15
seed = 0
metrics = ["p_war", "spiral", "arms_growth"]

[design]
kind = "morris"
n = 4
levels = 4

[[parameters]]
path = "actors.Blue.empathy"
range = [0.0, 1.0]

[[parameters]]
path = "world.offense_dominance"
range = [0.0, 1.0]

[[parameters]]
path = "world.distinguishability"
range = [0.0, 1.0]
''',
}


class SweepRequest(BaseModel):
    """Exactly one of ``builtin`` (a name of :data:`BUILTIN`) or ``toml`` (a sweep file)."""

    model_config = ConfigDict(extra="forbid")

    builtin: str | None = Field(None, max_length=100, description="A built-in sweep's name.")
    toml: str | None = Field(None, max_length=100_000, description="Sweep file text (TOML).")
    seed: int | None = Field(None, ge=0, le=2**63 - 1, description="Replaces the file's seed.")


class QueryRequest(BaseModel):
    """One read-only SQL statement over the sweep's tables."""

    model_config = ConfigDict(extra="forbid")

    sql: str = Field(min_length=1, max_length=5000, description="A SELECT over points, design.")


def _text(body: SweepRequest) -> str:
    given = [k for k in ("builtin", "toml") if getattr(body, k) is not None]
    if len(given) != 1:
        raise HerzInputError(f"{len(given)} sweep sources given", field="sweep source",
                             allowed="exactly one of builtin, toml")
    if body.builtin is not None:
        if body.builtin not in BUILTIN:
            raise HerzInputError(f"no built-in sweep {body.builtin!r}", field="builtin",
                                 allowed=", ".join(BUILTIN))
        return BUILTIN[body.builtin]
    assert body.toml is not None
    return body.toml


def sweep_cost(settings: Settings, points: int, runs: int, steps: int, actors: int) -> int:
    """The work of a sweep as the server counts it: ``points x (runs x steps x actors^2 +
    point_work)`` (see :class:`~herz.web.settings.Settings`)."""
    return points * (runs * steps * actors**2 + settings.point_work)


def prepare(body: SweepRequest, state: WebState) -> Any:
    """The validated sweep, checked against the web's rules and the server's limits.

    The sweep's size and cost are refused before anything costly: before its values are
    checked against the scenario and long before its design is built or sampled.
    """
    from herz.examples import examples
    from herz.inputs import loads_toml
    from herz.sweep import parse_sweep
    from herz.sweep.design import design_size
    from herz.web.scenarios import WEB_POLICIES, check_batch

    settings = state.settings
    data = loads_toml(_text(body), SOURCE)
    if body.seed is not None:
        data["seed"] = body.seed
    if data.get("scenario") not in examples():
        raise HerzInputError(f"{data.get('scenario')!r}", field="scenario", source=SOURCE,
                             allowed="a built-in example on the web: " + ", ".join(examples()))

    base_actors = [0]

    def admit(spec: Any, base: Any) -> None:
        if spec.design.kind in ("sobol", "morris"):
            try:
                import SALib  # noqa: F401
            except ImportError:
                raise HerzInputError(f"a {spec.design.kind} design needs SALib",
                                     field="design.kind", allowed="grid or lhs on this server "
                                     "(or install herz[sweep])") from None
        n_actors = base_actors[0] = len(base.actors)
        if n_actors > settings.max_actors:
            raise HerzInputError(f"{n_actors} actors", field="scenario",
                                 allowed=f"at most {settings.max_actors} on this server")
        steps = spec.steps if spec.steps is not None else base.steps
        check_batch(settings, spec.runs, steps, 1, n_actors)
        points = design_size(spec)
        if points > settings.max_points:
            raise HerzInputError(f"{points} design points", field="design", source=SOURCE,
                                 allowed=f"at most {settings.max_points} on this server")
        work = sweep_cost(settings, points, spec.runs, steps, n_actors)
        if work > settings.max_work:
            raise HerzInputError(
                f"points x (runs x steps x actors^2 + {settings.point_work}) = {points} x "
                f"({spec.runs} x {steps} x {n_actors}^2 + {settings.point_work}) = {work}",
                field="runs", allowed=f"at most {settings.max_work} on this server: fewer "
                                      "points, runs or steps")
        checks = sum(len(p.extremes()) for p in spec.parameters)
        if checks > settings.max_sweep_checks:
            raise HerzInputError(
                f"{checks} values to check against the scenario", field="parameters",
                source=SOURCE, allowed=f"at most {settings.max_sweep_checks} distinct string or "
                                       "boolean values in all on this server")

    def check(path: str, value: Any, scenario: Any) -> None:
        # no value may set a policy the web refuses, or add actors (they would cost more)
        if any(a.policy not in WEB_POLICIES for a in scenario.actors) or \
                len(scenario.actors) > base_actors[0]:
            raise HerzInputError(f"parameter {path!r} = {value!r}", field="parameters",
                                 allowed="values that keep the web's policies: "
                                         + ", ".join(WEB_POLICIES), source=SOURCE)

    with tempfile.TemporaryDirectory() as empty:  # relative paths resolve in an empty folder
        sweep = parse_sweep(data, source=str(Path(empty) / "sweep.toml"), admit=admit,
                            check=check)
    sweep.source = SOURCE  # sweep.json records no path of this machine
    return sweep, design_size(sweep)


def _work(sweep: Any) -> Any:
    def work(folder: Path, progress: Progress) -> dict[str, Any]:
        from herz.sweep import finish_sweep, run_sweep

        def start(n_points: int, n_done: int) -> None:
            progress.total, progress.done = n_points, n_done
            progress.stage = f"simulating {n_points} points"

        run_sweep(sweep, folder / OUT, workers=1, progress=progress.add, on_start=start,
                  step_progress=progress.tick)  # a DELETE stops it between two steps
        progress.stage = "analysing"
        finish_sweep(folder / OUT)
        return {}
    return work


def sweep_info(record: dict[str, Any]) -> dict[str, Any]:
    info = dict(record)
    info["page"] = f"/sweeps/{info['id']}"
    info["files"] = ({n: f"/api/sweeps/{info['id']}/files/{n}" for n in MEDIA}
                     if info["status"] == "done" else {})
    return info


def _record(state: WebState, sweep_id: str, *, done: bool = False) -> dict[str, Any]:
    record = state.tasks.get(KIND, sweep_id)
    if record is None:
        raise HTTPException(404, f"no sweep {sweep_id}")
    if done and record["status"] != "done":
        raise HTTPException(409, f"the sweep is {record['status']}, not done")
    return record


def _out(state: WebState, sweep_id: str) -> Path:
    return state.tasks.folder(KIND, sweep_id) / OUT


@api.get("/sweeps/builtin", summary="The built-in sweep files")
def builtin() -> list[dict[str, str]]:
    """Each built-in sweep's name, description and TOML text."""
    return [{"name": n, "description": str(tomllib.loads(t).get("description", "")), "toml": t}
            for n, t in BUILTIN.items()]


@api.post("/sweeps", status_code=202, summary="Start a sweep in the background")
def start_sweep(body: SweepRequest, state: StateDep) -> dict[str, Any]:
    """Validate the sweep file and its cost, queue it and answer at once."""
    sweep, points = prepare(body, state)
    request = {"builtin": body.builtin, "toml": _text(body), "seed": sweep.spec.seed,
               "points": points, "runs": sweep.spec.runs, "steps": sweep.steps,
               "design": sweep.spec.design.kind, "parameters": sweep.spec.names,
               "metrics": list(sweep.spec.metrics), "scenario_name": sweep.scenario.name,
               "description": sweep.spec.description}
    sweep_id = state.tasks.submit(KIND, request, _work(sweep))
    return sweep_info(_record(state, sweep_id))


@api.get("/sweeps", summary="The stored sweeps, newest first")
def list_sweeps(state: StateDep,
                limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    return [sweep_info(r) for r in state.tasks.list(KIND, limit)]


@api.get("/sweeps/{sweep_id}", summary="A sweep's status, progress and, when done, analysis")
def get_sweep(sweep_id: SweepId, state: StateDep) -> dict[str, Any]:
    """``analysis`` is the sweep's ``analysis.json``: the grid map of each metric (two-parameter
    grids), Sobol indices, Morris measures and PRIM boxes, as fit the design."""
    info = sweep_info(_record(state, sweep_id))
    info["analysis"] = None
    if info["status"] == "done":
        path = _out(state, sweep_id) / "analysis.json"
        info["analysis"] = json.loads(path.read_text(encoding="utf-8"))
    return info


@api.delete("/sweeps/{sweep_id}", summary="Stop and delete a sweep")
def delete_sweep(sweep_id: SweepId, state: StateDep) -> dict[str, Any]:
    _record(state, sweep_id)
    state.tasks.delete(KIND, sweep_id)
    return {"deleted": sweep_id}


@api.get("/sweeps/{sweep_id}/files/{name}", summary="Download a file of a finished sweep",
         response_class=FileResponse, responses={404: {"description": "No such file"}})
def download(sweep_id: SweepId, name: SweepFile, state: StateDep) -> FileResponse:
    _record(state, sweep_id, done=True)
    path = _out(state, sweep_id) / name
    if not path.is_file():
        raise HTTPException(404, f"{name} of sweep {sweep_id} is not there")
    return FileResponse(path, media_type=MEDIA[name], filename=f"herz-{sweep_id[:8]}-{name}")


def _load(con: Any, out: Path) -> None:
    from herz.sweep.store import points_glob

    con.execute(f"CREATE TABLE points AS SELECT * FROM read_parquet('{points_glob(out)}')")
    design = str(out / "design.parquet").replace("'", "''")
    con.execute(f"CREATE TABLE design AS SELECT * FROM read_parquet('{design}')")


#: Queries that may run at once, counting those still running after their limit (a single
#: expensive scalar, e.g. ``repeat('x', 10^9)``, is not interruptible inside DuckDB until it
#: returns): when every slot is taken, new queries are refused with 429 until one ends.
QUERY_SLOTS = 2
_slots = threading.BoundedSemaphore(QUERY_SLOTS)
#: Seconds allowed on top of the query's limit for copying the sweep's tables in.
LOAD_SECONDS = 2.0


class QueryBusy(HTTPException):
    """Every query slot is taken (HTTP 429)."""

    def __init__(self) -> None:
        super().__init__(429, f"{QUERY_SLOTS} queries are already running; try again in a "
                              "few seconds", headers={"Retry-After": "5"})


def safe_query(out: Path, sql: str, max_rows: int = MAX_ROWS,
               seconds: float = QUERY_SECONDS) -> dict[str, Any]:
    """Run one read-only ``SELECT`` over the sweep's tables ``points`` and ``design``.

    The tables are copied into an in-memory DuckDB database, which then loses all access to
    files, extensions and the network (``enable_external_access = false``, locked), so the
    statement can see nothing but this sweep; it must be a single SELECT and returns at most
    ``max_rows`` rows. It runs on a thread of its own: after ``seconds`` the connection is
    interrupted and the caller gets its answer (an error) at once, whether or not DuckDB has
    stopped yet; such a runaway query keeps one of the :data:`QUERY_SLOTS` until it ends.
    """
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as err:
        raise HerzInputError(f"not valid SQL: {str(err).splitlines()[0][:200]}",
                             field="sql") from None
    if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
        raise HerzInputError(f"{len(statements)} statements", field="sql",
                             allowed="one SELECT over points and design")
    if not _slots.acquire(blocking=False):
        raise QueryBusy()
    con = duckdb.connect(config={"threads": 1, "memory_limit": "256MB"})
    answer: dict[str, Any] = {}
    loaded, finished = threading.Event(), threading.Event()

    def work() -> None:
        try:
            _load(con, out)
            con.execute("SET enable_external_access = false")
            con.execute("SET lock_configuration = true")
            loaded.set()
            rel = con.execute(sql)
            rows = rel.fetchmany(max_rows + 1)
            answer["result"] = ([d[0] for d in rel.description or []], rows)
        except BaseException as failure:  # handed to the caller
            answer["error"] = failure
        finally:
            loaded.set()
            finished.set()
            con.close()
            _slots.release()

    threading.Thread(target=work, name="herz-query", daemon=True).start()
    loaded.wait(LOAD_SECONDS + seconds)
    if not finished.wait(seconds):
        with contextlib.suppress(duckdb.Error):  # it may have ended just now
            con.interrupt()  # DuckDB stops at its next check; the caller does not wait for it
        raise HerzInputError(f"the query ran over {seconds:g} s", field="sql",
                             allowed="a cheaper query")
    failed = answer.get("error")
    if isinstance(failed, duckdb.InterruptException):
        raise HerzInputError(f"the query ran over {seconds:g} s", field="sql",
                             allowed="a cheaper query")
    if isinstance(failed, duckdb.Error):
        msg = re.sub(r"\s+", " ", str(failed).splitlines()[0])[:200]
        raise HerzInputError(f"query failed: {msg}", field="sql") from None
    if failed is not None:
        raise failed
    names, rows = answer["result"]
    return {"columns": names, "rows": [list(r) for r in rows[:max_rows]],
            "truncated": len(rows) > max_rows}


def _jsonable_rows(result: dict[str, Any]) -> dict[str, Any]:
    from herz.cli.output import jsonable

    out: dict[str, Any] = jsonable(result)
    return out


@api.post("/sweeps/{sweep_id}/query", summary="Read-only SQL over a finished sweep")
def query(sweep_id: SweepId, body: QueryRequest, state: StateDep) -> dict[str, Any]:
    """One ``SELECT`` over the tables ``points`` (one row per design point: parameters,
    metrics and their standard errors) and ``design``; nothing else is visible (no files, no
    extensions). At most 1000 rows; interrupted after 5 seconds."""
    _record(state, sweep_id, done=True)
    return _jsonable_rows(safe_query(_out(state, sweep_id), body.sql,
                                     seconds=state.settings.query_seconds))


@api.get("/sweeps/{sweep_id}/summary", summary="A fixed summary of a finished sweep")
def summary(
    sweep_id: SweepId, state: StateDep,
    metric: Annotated[str, Query(max_length=60, description="A metric of the sweep.")],
    kind: Annotated[Literal["by-parameter", "top", "bottom"], Query(
        description="by-parameter: the metric's mean per level of each parameter (the first "
                    "20 levels); top/bottom: the 20 points with the highest/lowest metric.")],
) -> dict[str, Any]:
    record = _record(state, sweep_id, done=True)
    metrics, params = record["request"]["metrics"], record["request"]["parameters"]
    if metric not in metrics:
        raise HerzInputError(f"{metric!r}", field="metric", allowed=", ".join(metrics))
    out = _out(state, sweep_id)
    col = '"' + metric + '"'
    if kind in ("top", "bottom"):
        order = "DESC" if kind == "top" else "ASC"
        cols = ", ".join('"' + p.replace('"', '""') + '"' for p in params)
        res = safe_query(out, f"SELECT point, {cols}, {col}, {col[:-1]}_se\" FROM points "
                              f"ORDER BY {col} {order} LIMIT 20")
        return _jsonable_rows({"kind": kind, "metric": metric, **res})
    tables = {}
    for p in params:
        q = '"' + p.replace('"', '""') + '"'
        res = safe_query(out, f"SELECT {q} AS level, avg({col}) AS mean, count(*) AS points "
                              f"FROM points GROUP BY {q} ORDER BY {q} LIMIT 20")
        tables[p] = res
    return _jsonable_rows({"kind": kind, "metric": metric, "parameters": tables})


@pages.get("/sweeps", response_class=HTMLResponse)
def sweeps_page(request: Request) -> HTMLResponse:
    state = web_state(request)
    return render(request, "sweeps.html", builtin=builtin(), limits=state.settings.limits(),
                  sweeps=[sweep_info(r) for r in state.tasks.list(KIND, 100)])


@pages.get("/sweeps/{sweep_id}", response_class=HTMLResponse)
def sweep_page(request: Request, sweep_id: SweepId) -> HTMLResponse:
    state = web_state(request)
    return render(request, "sweep.html", sweep=sweep_info(_record(state, sweep_id)))


section = Section(name="sweeps", title="Sweeps", api=api, pages=pages, nav="/sweeps")
