"""Model pages: one per example and per case, for teaching (as NetLogo Web and Mesa's SolaraViz).

Each page has an Info panel written for students (what the world is, what to notice, what to
try, which reading it comes from), a few labelled sliders for the levers that matter, Run /
Step / Go / Reset, a single history that plays step by step, and beside it the distribution
over many runs. The texts and levers are data: ``herz/web/info/<model>.toml`` (a lever is one or
more ``--set`` paths with a range, or a choice of ``--set`` values). A case's page adds its
counterfactual branches as a choice and its observed spending.

``POST /api/lab/{model}`` runs the model once for the lever values given: a small batch (all
runs kept, so the bands are over every run) whose first run is the single history; the page
reveals that history step by step in the browser.
"""

from __future__ import annotations

import threading
import tomllib
from collections import OrderedDict
from importlib import resources
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from herz.errors import HerzInputError
from herz.glossary import METRICS, SERIES, takeaway, time_axis
from herz.web import scenarios
from herz.web.cache import FileCache, package_folder
from herz.web.scenarios import ScenarioInput
from herz.web.sections import GalleryItem, Section
from herz.web.settings import Settings
from herz.web.state import StateDep, render, web_state

__all__ = ["LabRequest", "lab_runs", "models", "section"]

api = APIRouter(tags=["lab"])
pages = APIRouter()

ModelName = Annotated[str, PathParam(max_length=100, description="An example or a case.")]
#: The series a model page can plot (per actor).
LAB_SERIES = ("security", "arms", "spending", "war_hazard", "alert")
#: Run-steps x actors^2 a model page may spend on one answer (a spiral: 100 runs).
LAB_WORK = 400_000
LAB_MAX_RUNS = 100
LAB_MIN_RUNS = 10


def _load_info() -> dict[str, dict[str, Any]]:
    root = resources.files("herz.web") / "info"
    out: dict[str, dict[str, Any]] = {}
    for item in sorted(root.iterdir(), key=lambda p: p.name):
        if item.name.endswith(".toml") and not item.name.startswith("_"):
            info = tomllib.loads(item.read_text(encoding="utf-8"))
            out[item.name.removesuffix(".toml")] = info
    return out


def _load_path() -> list[dict[str, str]]:
    text = (resources.files("herz.web") / "info" / "_start_here.toml").read_text(encoding="utf-8")
    steps: list[dict[str, str]] = tomllib.loads(text)["step"]
    return steps


_info: FileCache[dict[str, dict[str, Any]]] = FileCache(
    lambda: [package_folder("herz.web") / "info"], _load_info)
_path: FileCache[list[dict[str, str]]] = FileCache(
    lambda: [package_folder("herz.web") / "info"], _load_path)


def models() -> dict[str, dict[str, Any]]:
    """Every model page's info, by model name (an example's or a case's name)."""
    return _info.get()


def start_here() -> list[dict[str, str]]:
    """The "Start here" path: title, page and why, for each stop in order."""
    return _path.get()


def _model(name: str) -> dict[str, Any]:
    info = models().get(name)
    if info is None:
        raise HTTPException(404, f"no model page {name!r}; known: {', '.join(models())}")
    return info


class LabRequest(BaseModel):
    """Lever values (by lever id) and a seed; for a case, optionally a counterfactual."""

    model_config = ConfigDict(extra="forbid")

    values: dict[str, float | str] = Field(default_factory=dict, max_length=20,
                                           description="Lever id -> value.")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="The same seed, the same histories.")
    counterfactual: str | None = Field(None, max_length=100,
                                       description="A case's counterfactual branch.")


def _overrides(info: dict[str, Any], values: dict[str, float | str]) -> list[str]:
    """The ``--set`` changes for the lever values, checked against each lever's range."""
    levers = {lv["id"]: lv for lv in info.get("levers", [])}
    out: list[str] = []
    for key, value in values.items():
        lever = levers.get(key)
        if lever is None:
            raise HerzInputError(f"no lever {key!r}", field=f"values.{key}",
                                 allowed=", ".join(levers) or "none")
        if "choices" in lever:
            choice = next((c for c in lever["choices"] if c["value"] == value), None)
            if choice is None:
                raise HerzInputError(f"{value!r}", field=f"values.{key}", allowed=", ".join(
                    str(c["value"]) for c in lever["choices"]))
            out.extend(choice.get("set", []))
            continue
        if isinstance(value, str) or not lever["min"] <= value <= lever["max"]:
            raise HerzInputError(f"{value!r}", field=f"values.{key}",
                                 allowed=f"a number from {lever['min']} to {lever['max']}")
        out.extend(f"{path}={value!r}" for path in lever["set"])
    return out


def _scenario_input(info: dict[str, Any], overrides: list[str],
                    counterfactual: str | None) -> ScenarioInput:
    if "case" in info:
        from herz.cases import apply_counterfactuals, load_case

        case = load_case(info["case"])
        names = [cf.name for cf in case.meta.counterfactuals]
        if counterfactual is not None and counterfactual not in names:
            raise HerzInputError(f"{counterfactual!r}", field="counterfactual",
                                 allowed=", ".join(names))
        data = apply_counterfactuals(case, [counterfactual] if counterfactual else [])
        return ScenarioInput(scenario=data, overrides=overrides)
    if counterfactual is not None:
        raise HerzInputError("an example has no counterfactuals", field="counterfactual")
    return ScenarioInput(example=info["example"], overrides=overrides)


def _index_path(data: dict[str, Any], path: str) -> str:
    """A ``--set`` path with named entries as indices (``actors.Blue.empathy`` ->
    ``actors.0.empathy``), the form of the fields that validation errors name."""
    out: list[str] = []
    node: Any = data
    for key in path.partition("=")[0].split("."):
        if isinstance(node, list):
            names = [it.get("name") if isinstance(it, dict) else None for it in node]
            index = names.index(key) if key in names else (int(key) if key.isdigit() else -1)
            out.append(str(index))
            node = node[index] if 0 <= index < len(node) else None
        else:
            out.append(key)
            node = node.get(key) if isinstance(node, dict) else None
    return ".".join(out)


def _on_lever(err: HerzInputError, info: dict[str, Any], values: dict[str, float | str],
              inp: ScenarioInput) -> HerzInputError:
    """``err`` re-addressed to the lever whose ``--set`` path it names (``values.<id>``), so
    the page shows it beside that lever; unchanged when no lever set the field."""
    if not err.field:
        return err
    data = inp.scenario if inp.scenario is not None else _example_data(inp.example)
    for lever in info.get("levers", []):
        if lever["id"] not in values:
            continue
        paths = lever.get("set", []) + [p for c in lever.get("choices", []) for p in c["set"]]
        targets = [_index_path(data, p) for p in paths]
        if any(err.field == t or err.field.startswith(t + ".") for t in targets):
            return HerzInputError(f"{err.problem} (in {err.field})",
                                  field=f"values.{lever['id']}", allowed=err.allowed)
    return err


def _example_data(name: str | None) -> dict[str, Any]:
    from herz.engine.scenario import read_toml
    from herz.examples import example_path

    return read_toml(example_path(name or ""))


def lab_runs(steps: int, actors: int, settings: Settings) -> int:
    """How many runs a model page's answer has: up to 100, fewer for large worlds."""
    runs = LAB_WORK // max(1, steps * actors * actors)
    return int(max(LAB_MIN_RUNS, min(LAB_MAX_RUNS, runs, settings.max_runs)))


def _round(a: np.ndarray) -> list[Any]:
    return np.round(np.asarray(a, dtype=float), 5).tolist()


def _answer(name: str, info: dict[str, Any], body: LabRequest,
            settings: Settings) -> dict[str, Any]:
    from herz.engine.simulate import simulate
    from herz.results import summarize

    overrides = _overrides(info, body.values)
    inp = _scenario_input(info, overrides, body.counterfactual)
    try:
        resolved = scenarios.resolve(inp, settings)
    except HerzInputError as err:
        raise _on_lever(err, info, body.values, inp) from None
    scen = resolved.scenario
    n = len(scen.actors)
    runs = lab_runs(scen.steps, n, settings)
    scenarios.check_batch(settings, runs, scen.steps, min(runs, settings.max_keep), n)
    result = simulate(scen, runs, rng=body.seed, keep=runs)
    summary = summarize(result)
    axis = time_axis(scen.start_year, scen.step_years, scen.steps)
    actors = list(result.actors)
    history: dict[str, dict[str, list[Any]]] = {}
    bands: dict[str, dict[str, dict[str, list[Any]]]] = {}
    for var in LAB_SERIES:
        runs_data = np.asarray(result.series[var])  # (runs, steps + 1, n)
        history[var] = {a: _round(runs_data[0, :, i]) for i, a in enumerate(actors)}
        q = np.quantile(runs_data, [0.05, 0.5, 0.95], axis=0)
        bands[var] = {a: {"q05": _round(q[0, :, i]), "q50": _round(q[1, :, i]),
                          "q95": _round(q[2, :, i]),
                          "mean": _round(result.mean[var][:, i])}
                      for i, a in enumerate(actors)}
    war0 = int(np.asarray(result.outcomes["first_war_step"])[0])
    metrics = summary["metrics"]
    table = []
    for key in ("p_war", "spiral_index", "incidents", "crises"):
        iv = metrics[key]
        table.append({"metric": key, "label": METRICS[key].label, "meaning": METRICS[key].meaning,
                      "unit": METRICS[key].unit, "who": "",
                      "estimate": iv["estimate"], "low": iv["low"], "high": iv["high"]})
    for key in ("security_final", "arms_growth"):
        for a, iv in metrics[key].items():
            table.append({"metric": key, "label": METRICS[key].label,
                          "meaning": METRICS[key].meaning, "unit": METRICS[key].unit, "who": a,
                          "estimate": iv["estimate"], "low": iv["low"], "high": iv["high"]})
    out: dict[str, Any] = {
        "model": name, "scenario": scen.name, "actors": actors, "steps": scen.steps,
        "axis": axis, "runs": runs, "seed": body.seed, "overrides": overrides,
        "counterfactual": body.counterfactual, "history": history, "bands": bands,
        "history_war_step": war0, "takeaway": takeaway(result), "metrics": table,
        "series": {k: SERIES[k].as_dict() for k in LAB_SERIES},
    }
    if "case" in info:
        from herz.cases import load_case, observed_spending

        observed = observed_spending(load_case(info["case"]))
        out["observed"] = {a: {"year": sorted(v), "value": [v[y] for y in sorted(v)]}
                           for a, v in observed.items()}
    return out


_cache: OrderedDict[str, dict[str, Any]] = OrderedDict()
_cache_lock = threading.Lock()
_CACHE_SIZE = 64


@api.get("/lab", summary="The model pages: their info texts and levers")
def list_models() -> dict[str, Any]:
    return {"models": models(), "start_here": _path.get()}


@api.post("/lab/{model}", summary="Run a model page's model for the lever values given")
def run_model(model: ModelName, body: LabRequest, state: StateDep) -> dict[str, Any]:
    """A small seeded batch (every run kept): the first run is the history the page plays step
    by step, the 5-50-95% bands are over all runs, with the run's takeaway and metrics."""
    info = _model(model)
    key = f"{model}|{body.model_dump_json()}"
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    answer = _answer(model, info, body, state.settings)
    with _cache_lock:
        _cache[key] = answer
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return answer


def _lever_defaults(info: dict[str, Any], settings: Settings) -> list[dict[str, Any]]:
    """The levers with the scenario's own values as their starting points."""
    resolved = scenarios.resolve(_scenario_input(info, [], None), settings)
    dumped = resolved.scenario.model_dump(mode="json")
    out = []
    for lever in info.get("levers", []):
        lv = dict(lever)
        if "choices" not in lv:
            lv.setdefault("value", _value_at(dumped, lv["set"][0]))
        else:
            lv.setdefault("value", lv["choices"][0]["value"])
        out.append(lv)
    return out


def _value_at(data: Any, path: str) -> Any:
    node = data
    for key in path.split("."):
        if isinstance(node, list):
            node = next((it for it in node if isinstance(it, dict) and it.get("name") == key),
                        node[int(key)] if key.isdigit() and int(key) < len(node) else None)
        elif isinstance(node, dict):
            node = node.get(key)
        if node is None:
            return None
    return node


@pages.get("/lab/{model}", response_class=HTMLResponse)
def model_page(request: Request, model: ModelName) -> HTMLResponse:
    info = _model(model)
    levers = _lever_defaults(info, web_state(request).settings)
    page = {"name": model, "title": info["title"], "levers": levers,
            "counterfactuals": [], "series": {k: SERIES[k].as_dict() for k in LAB_SERIES}}
    if "case" in info:
        from herz.cases import load_case

        case = load_case(info["case"])
        page["counterfactuals"] = [{"name": cf.name, "description": cf.description}
                                   for cf in case.meta.counterfactuals]
    page["info_html"] = {k: _paragraphs(info.get(k, "")) for k in ("world", "notice", "try")}
    page["example"] = info.get("example")
    page["case"] = info.get("case")
    path = _path.get()
    here = next((i for i, s in enumerate(path) if s["href"] == f"/lab/{model}"), None)
    nxt = path[here + 1] if here is not None and here + 1 < len(path) else None
    return render(request, "lab.html", info=info, page=page, start_here=path, next_step=nxt)


def _paragraphs(text: str) -> str:
    """Plain text with blank-line paragraphs and ``**bold**`` as safe HTML."""
    import html
    import re

    paras = [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]
    out = []
    for p in paras:
        body = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(p))
        out.append(f"<p>{body}</p>")
    return "".join(out)


def _gallery() -> list[GalleryItem]:
    return [GalleryItem(kind="lab", name=f"lab-{name}", title=info["title"],
                        summary=info.get("summary", ""), href=f"/lab/{name}")
            for name, info in models().items()]


section = Section(name="lab", title="Model pages", api=api, pages=pages, nav="/lab/spiral",
                  gallery=_gallery)
