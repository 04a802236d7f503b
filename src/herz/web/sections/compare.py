"""Two runs side by side: every metric of both, with the difference, and overlaid trajectories.

This is where a factual run meets its counterfactual: run a scenario, change one lever (an
override or an edit) and run again with the same seed, then compare. The metrics are those of
:func:`herz.results.summarize`, with their confidence intervals.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from herz.engine.simulate import ACTOR_SERIES, PAIR_SERIES
from herz.web.sections import Section
from herz.web.sections.runs import run_info
from herz.web.state import StateDep, WebState, render, web_state
from herz.web.store import RUN_ID_PATTERN

api = APIRouter(tags=["compare"])
pages = APIRouter()

RUN_ID_RE = re.compile(RUN_ID_PATTERN)
RunQuery = Annotated[str, Query(pattern=RUN_ID_PATTERN, description="A run id (32 hex digits).")]


def metric_rows(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per metric (and per actor, pair or war kind) present in both summaries."""
    rows = []
    for metric, va in a["metrics"].items():
        vb = b["metrics"].get(metric)
        if not isinstance(vb, dict):
            continue
        pairs = ([(None, va, vb)] if "estimate" in va
                 else [(k, va[k], vb[k]) for k in va if k in vb])
        for key, ia, ib in pairs:
            ea, eb = ia.get("estimate"), ib.get("estimate")
            diff = None if ea is None or eb is None else eb - ea
            rows.append({"metric": metric, "key": key, "a": ia, "b": ib, "difference": diff})
    return rows


def _done(state: WebState, run_id: str) -> dict[str, Any]:
    record = state.store.get(run_id)
    if record is None:
        raise HTTPException(404, f"no run {run_id}")
    if record["status"] != "done":
        raise HTTPException(409, f"run {run_id} is {record['status']}, not done")
    return record


@api.get("/compare", summary="Compare the metrics of two finished runs")
def compare(a: RunQuery, b: RunQuery, state: StateDep) -> dict[str, Any]:
    """Both runs' inputs (seed, runs, steps, scenario hash) and, per metric, both estimates
    with their intervals and the difference b - a. ``same_scenario`` tells whether the two
    resolved scenarios are identical."""
    ra, rb = _done(state, a), _done(state, b)
    return {
        "a": run_info(state, ra, summary=False),
        "b": run_info(state, rb, summary=False),
        "same_scenario": ra["scenario_hash"] == rb["scenario_hash"],
        "same_seed": ra["seed"] == rb["seed"],
        "metrics": metric_rows(ra["summary"], rb["summary"]),
    }


@pages.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, a: str = "", b: str = "") -> HTMLResponse:
    state = web_state(request)
    done = [run_info(state, r, summary=False) for r in state.store.list(200, "done")]
    # runs still working (e.g. a case's factual and counterfactual) are listed too: the page
    # waits for them
    for run_id in (a, b):
        if run_id and run_id not in {r["id"] for r in done} and RUN_ID_RE.match(run_id):
            record = state.store.get(run_id)
            if record is not None:
                done.insert(0, run_info(state, record, summary=False))
    return render(request, "compare.html", runs=done, a=a, b=b,
                  variables=list(ACTOR_SERIES + PAIR_SERIES))


section = Section(name="compare", title="Compare", api=api, pages=pages, nav="/compare")
