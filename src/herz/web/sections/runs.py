"""Seeded runs in the background: start, poll, read summaries and trajectories, download.

``POST /api/runs`` validates the scenario and the batch against the server's limits, queues the
run and answers 202 with its id at once; ``GET /api/runs/{id}`` reports its status and progress
and, when done, its summary (the same JSON as ``herz run``'s ``summary.json``: herz version,
seed, inputs, scenario hash and every metric with its confidence interval). Trajectories for the
plots are the quantile bands of :func:`herz.results.quantiles_table`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import Field

from herz.defaults import DEFAULT_KEEP
from herz.engine.simulate import ACTOR_SERIES, PAIR_SERIES
from herz.web import scenarios
from herz.web.scenarios import ScenarioInput
from herz.web.sections import Section
from herz.web.state import StateDep, WebState, render, web_state
from herz.web.store import FILES, RUN_ID_PATTERN

__all__ = ["RunRequest", "run_info", "section"]

api = APIRouter(tags=["runs"])
pages = APIRouter()

RunId = Annotated[str, Path(pattern=RUN_ID_PATTERN, description="A run id (32 hex digits).")]
#: The engine's ACTOR_SERIES and PAIR_SERIES (a test checks they agree).
Variable = Literal["arms", "spending", "security", "gdp", "alert", "war_hazard", "belief",
                   "threat", "first_strike", "second_strike"]
#: The keys of :data:`herz.web.store.FILES` (a test checks they agree).
FileName = Literal["scenario.toml", "scenario.json", "summary.json", "quantiles.csv",
                   "quantiles.parquet", "steps.parquet", "events.csv", "events.parquet",
                   "outcomes.parquet", "dyads.parquet", "report.html"]


class RunRequest(ScenarioInput):
    """A scenario (one of example, toml, scenario; plus overrides) and the batch to run."""

    runs: int = Field(200, ge=1, le=1_000_000, description="Independent runs (server cap applies).")
    steps: int | None = Field(None, ge=1, le=1000, description="Steps (default: the scenario's).")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="Seed: the same seed, the same numbers.")
    keep: int | None = Field(
        None, ge=1, le=1000,
        description=f"Runs whose whole trajectories are kept (default {DEFAULT_KEEP}, or this "
        "server's limit if lower).")


def run_info(state: WebState, record: dict[str, Any], *, summary: bool = True) -> dict[str, Any]:
    """The JSON of a run: its record, progress, links and (optionally) summary."""
    info = dict(record)
    run_id = info["id"]
    progress = state.jobs.progress(run_id)
    info["progress"] = 1.0 if info["status"] == "done" else (progress or 0.0)
    if not summary:
        info.pop("summary", None)
    info["page"] = f"/runs/{run_id}"
    files = {}
    if info["status"] == "done":
        for name in FILES:
            if name != "report.html" or info["report"]:
                files[name] = f"/api/runs/{run_id}/files/{name}"
    info["files"] = files
    return info


def _record(state: WebState, run_id: str) -> dict[str, Any]:
    record = state.store.get(run_id)
    if record is None:
        raise HTTPException(404, f"no run {run_id}")
    return record


@api.post("/runs", status_code=202, summary="Start a run in the background")
def start_run(body: RunRequest, state: StateDep) -> dict[str, Any]:
    """Validate, queue and answer at once with the run's id and status ``queued``."""
    resolved = scenarios.resolve(body, state.settings)
    steps = resolved.scenario.steps if body.steps is None else body.steps
    default = min(DEFAULT_KEEP, state.settings.max_keep)
    keep = min(default if body.keep is None else body.keep, body.runs)
    scenarios.check_batch(state.settings, body.runs, steps, keep, len(resolved.scenario.actors))
    if state.store.count() >= state.settings.max_saved_runs:
        raise HTTPException(507, f"the server keeps at most {state.settings.max_saved_runs} "
                                 "runs; delete some first")
    tags = {"overrides": list(body.overrides)} if body.overrides else None
    run_id = state.jobs.submit(resolved.scenario, resolved.data, runs=body.runs, steps=steps,
                               seed=body.seed, keep=keep, tags=tags)
    return run_info(state, _record(state, run_id))


@api.get("/runs", summary="The saved runs, newest first")
def list_runs(
    state: StateDep,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    status: Literal["queued", "running", "done", "failed"] | None = None,
) -> list[dict[str, Any]]:
    return [run_info(state, r, summary=False) for r in state.store.list(limit, status)]


@api.get("/runs/{run_id}", summary="A run's status, progress and (when done) summary")
def get_run(run_id: RunId, state: StateDep) -> dict[str, Any]:
    return run_info(state, _record(state, run_id))


@api.delete("/runs/{run_id}", summary="Stop and delete a run")
def delete_run(run_id: RunId, state: StateDep) -> dict[str, Any]:
    record = _record(state, run_id)
    if record["status"] in ("queued", "running"):
        state.jobs.cancel(run_id)  # stops it at its next step
    state.store.delete(run_id)
    return {"deleted": run_id}


@api.get("/runs/{run_id}/trajectories/{variable}",
         summary="Quantile bands of one variable over the steps")
def trajectories(
    run_id: RunId, variable: Variable, state: StateDep,
    actor: Annotated[str | None, Query(max_length=60,
                                       description="Only this actor's series.")] = None,
) -> dict[str, Any]:
    """Per actor (and, for pairwise variables, per other actor): the 5%, 50% and 95%
    quantiles across ``q_runs`` runs (all runs for per-actor variables, the kept runs for
    pairwise ones and for runs saved before herz kept quantiles of all runs) and the mean
    across all runs, at each step. Pairwise
    variables of worlds with more than 8 actors are given for one actor at a time (the first
    actor unless ``actor`` names another)."""
    record = _record(state, run_id)
    if record["status"] != "done":
        raise HTTPException(409, f"the run is {record['status']}, not done")
    actors: list[str] = record["actors"]
    if actor is not None and actor not in actors:
        raise HTTPException(404, f"no actor {actor!r} in this run; actors: {', '.join(actors)}")
    pair = variable in PAIR_SERIES
    if pair and actor is None and len(actors) > 8:
        actor = actors[0]
    path = state.store.run_dir(run_id) / "quantiles.parquet"
    series, q_runs = _read_bands(path, variable, actor, actors)
    return {"variable": variable, "pair": pair, "actor": actor, "actors": actors,
            "n_kept": record["keep"], "n_runs": record["runs"],
            "q_runs": record["keep"] if q_runs is None else q_runs, "series": series}


def _read_bands(path: Any, variable: str, actor: str | None,
                actors: list[str]) -> tuple[list[dict[str, Any]], int | None]:
    """The bands of ``variable`` in the scenario's order of actors (and of others), and the
    runs they are over (``None``: a table without ``q_runs``, saved before it had one)."""
    import duckdb

    con = duckdb.connect()
    q_runs: int | None = None
    try:
        target = str(path).replace("'", "''")  # a server-made path inside the data dir
        sql = (f"SELECT actor, other, step, q05, q50, q95, mean FROM read_parquet('{target}') "
               "WHERE variable = ?")
        args: list[Any] = [variable]
        if actor is not None:
            sql += " AND actor = ?"
            args.append(actor)
        rows = con.execute(sql + " ORDER BY actor, other NULLS FIRST, step", args).fetchall()
        names = [r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{target}')")
                 .fetchall()]
        if "q_runs" in names:
            found = con.execute(f"SELECT min(q_runs) FROM read_parquet('{target}') "
                                "WHERE variable = ?", [variable]).fetchone()
            q_runs = None if found is None or found[0] is None else int(found[0])
    finally:
        con.close()
    series: dict[tuple[str, str | None], dict[str, Any]] = {}
    for a, o, step, q05, q50, q95, mean in rows:
        s = series.setdefault((a, o), {"actor": a, "other": o, "step": [], "q05": [], "q50": [],
                                       "q95": [], "mean": []})
        for key, value in (("step", step), ("q05", q05), ("q50", q50), ("q95", q95),
                           ("mean", mean)):
            s[key].append(value)
    order = {name: i for i, name in enumerate(actors)}
    keys = sorted(series, key=lambda k: (order[k[0]], order.get(k[1] or "", -1)))
    return [series[k] for k in keys], q_runs


@api.get("/runs/{run_id}/files/{name}", summary="Download a file of a finished run",
         response_class=FileResponse, responses={404: {"description": "No such file yet"}})
def download(run_id: RunId, name: FileName, state: StateDep) -> FileResponse:
    _record(state, run_id)
    path = state.store.file(run_id, name)
    if path is None:
        raise HTTPException(404, f"{name} of run {run_id} is not there (not finished yet?)")
    return FileResponse(path, media_type=FILES[name], filename=f"herz-{run_id[:8]}-{name}")


@pages.get("/runs", response_class=HTMLResponse)
def runs_page(request: Request) -> HTMLResponse:
    state = web_state(request)
    return render(request, "runs.html",
                  runs=[run_info(state, r, summary=False) for r in state.store.list(200)])


@pages.get("/runs/{run_id}", response_class=HTMLResponse)
def run_page(request: Request, run_id: RunId) -> HTMLResponse:
    state = web_state(request)
    record = _record(state, run_id)
    return render(request, "run.html", run=run_info(state, record, summary=False),
                  variables=list(ACTOR_SERIES + PAIR_SERIES), limits=state.settings.limits())


section = Section(name="runs", title="Runs", api=api, pages=pages, nav="/runs")
