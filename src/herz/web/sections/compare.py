"""Two runs side by side: every metric of both, with the difference, and overlaid trajectories.

This is where a factual run meets its counterfactual: run a scenario, change one lever (an
override or an edit) and run again with the same seed, then compare. The metrics are those of
:func:`herz.results.summarize`, with their confidence intervals.
"""

from __future__ import annotations

import json
import math
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
            rows.append({"metric": metric, "key": key, "a": ia, "b": ib, "difference": diff,
                         "difference_interval": _diff_interval(ia, ib, diff)})
    return rows


def _diff_interval(ia: dict[str, Any], ib: dict[str, Any],
                   diff: float | None) -> dict[str, float] | None:
    """An approximate interval of B - A from the two intervals (half-widths added in
    quadrature, as for independent estimates; wider than needed for paired runs). A
    difference within rounding noise of zero is reported as zero."""
    if diff is None:
        return None
    scale = max(abs(float(ia["estimate"])), abs(float(ib["estimate"])), 1e-300)
    if abs(diff) <= 1e-9 * scale:
        diff = 0.0
    halves = []
    for iv in (ia, ib):
        if iv.get("low") is None or iv.get("high") is None:
            return {"estimate": diff, "low": None, "high": None}  # type: ignore[dict-item]
        halves.append((float(iv["high"]) - float(iv["low"])) / 2)
    half = math.hypot(*halves)
    return {"estimate": diff, "low": diff - half, "high": diff + half}


def _flatten(value: Any, path: str, out: dict[str, Any]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _flatten(v, f"{path}.{k}" if path else str(k), out)
    elif isinstance(value, list) and value and all(
            isinstance(v, dict) and "name" in v for v in value):
        for v in value:  # named tables (actors, alliances, agreements) by name, as --set
            _flatten({k: x for k, x in v.items() if k != "name"}, f"{path}.{v['name']}", out)
    else:
        out[path] = value


def _entry_text(entry: dict[str, Any]) -> str:
    """A timeline entry (or another unnamed table) in a few words."""
    keys = ("year", "step", "actor", "action", "target", "against", "force_class", "amount",
            "alliance", "agreement")
    def word(v: Any) -> str:
        return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)

    words = [word(entry[k]) for k in keys if entry.get(k) not in (None, "")]
    return " ".join(words) or json.dumps(entry, sort_keys=True)[:120]


def scenario_differences(a: dict[str, Any], b: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields in which two resolved scenarios differ, as ``--set`` paths; entries of a
    list of unnamed tables (the timeline) that only one side has are listed one by one."""
    fa: dict[str, Any] = {}
    fb: dict[str, Any] = {}
    _flatten(a, "", fa)
    _flatten(b, "", fb)
    out: list[dict[str, Any]] = []
    for k in sorted(set(fa) | set(fb)):
        va, vb = fa.get(k), fb.get(k)
        if va == vb:
            continue
        tables = [v for v in (va, vb) if isinstance(v, list) and v
                  and all(isinstance(x, dict) for x in v)]
        if tables:
            sa = [json.dumps(x, sort_keys=True) for x in va or []]
            sb = [json.dumps(x, sort_keys=True) for x in vb or []]
            for x in va or []:
                if json.dumps(x, sort_keys=True) not in sb:
                    out.append({"path": k, "a": _entry_text(x), "b": None})
            for x in vb or []:
                if json.dumps(x, sort_keys=True) not in sa:
                    out.append({"path": k, "a": None, "b": _entry_text(x)})
            continue
        out.append({"path": k, "a": va, "b": vb})
    return out


def _scenario(state: WebState, run_id: str) -> dict[str, Any]:
    path = state.store.file(run_id, "scenario.json")
    if path is None:
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


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
        "differences": scenario_differences(_scenario(state, a), _scenario(state, b)),
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
