"""The case library in the browser: real security dilemmas, their timelines and spending, and
factual against counterfactual runs.

Cases come from :mod:`herz.cases` (its public functions only): each has a scenario with a dated
timeline of real events, the observed military spending it was calibrated on, and named
counterfactual branches. ``POST /api/cases/{name}/compare`` starts the factual case and one
branch as two ordinary runs with the same seed (common random numbers, so the comparison is
paired run by run) and answers with the address of the comparison page of
:mod:`herz.web.sections.compare`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from herz.defaults import DEFAULT_KEEP
from herz.errors import HerzInputError
from herz.web import scenarios
from herz.web.cache import FileCache, package_folder
from herz.web.scenarios import ScenarioInput
from herz.web.sections import GalleryItem, Section
from herz.web.sections.runs import run_info
from herz.web.settings import Settings
from herz.web.state import StateDep, WebState, render, web_state

__all__ = ["CaseRunRequest", "section"]

api = APIRouter(tags=["cases"])
pages = APIRouter()

CaseName = Annotated[str, PathParam(max_length=100, description="A case of the library.")]
TIMELINE_FIELDS = ("year", "step", "actor", "action", "target", "against", "force_class",
                   "amount", "alliance", "agreement", "note", "source")


class CaseRunRequest(BaseModel):
    """A counterfactual branch of the case and the batch to run it and the factual with."""

    model_config = ConfigDict(extra="forbid")

    counterfactual: str = Field(max_length=100, description="The branch to compare.")
    runs: int = Field(200, ge=1, le=1_000_000, description="Runs of each (server cap applies).")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="One seed for both: paired runs.")
    keep: int | None = Field(
        None, ge=1, le=1000,
        description=f"Runs whose whole trajectories are kept (default {DEFAULT_KEEP}, or this "
        "server's limit if lower).")


class _Library:
    """The case library as read once: each case, its brief and (built on demand) its detail."""

    def __init__(self) -> None:
        from herz.cases import case_names, load_case

        self.names: list[str] = case_names()
        self.cases = {name: load_case(name) for name in self.names}
        self.briefs = [_brief(self.cases[name]) for name in self.names]
        self.details: dict[str, dict[str, Any]] = {}


#: The library, read again when a case, scenario or data file changes.
_library: FileCache[_Library] = FileCache(
    lambda: [package_folder("herz.cases"), package_folder("herz.data")], _Library)


def _names() -> list[str]:
    return _library.get().names


def _case(name: str) -> Any:
    library = _library.get()
    if name not in library.cases:
        raise HTTPException(404, f"no case {name!r}; known: {', '.join(library.names)}")
    return library.cases[name]


def _brief(case: Any) -> dict[str, Any]:
    meta = case.meta
    return {
        "name": meta.name, "title": meta.title, "question": meta.question,
        "actors": [a.get("name") for a in case.data.get("actors", [])],
        "start_year": case.data.get("start_year"), "step_years": case.data.get("step_years"),
        "steps": case.data.get("steps"),
        "counterfactuals": [{"name": c.name, "description": c.description}
                            for c in meta.counterfactuals],
        "page": f"/cases/{meta.name}",
    }


def _detail(name: str) -> dict[str, Any]:
    library = _library.get()
    if name not in library.details:
        library.details[name] = _build_detail(_case(name))
    return library.details[name]


def _build_detail(case: Any) -> dict[str, Any]:
    from herz.cases import observed_spending

    observed = observed_spending(case)
    return {
        **_brief(case),
        "timeline": [{k: e.get(k) for k in TIMELINE_FIELDS if e.get(k) not in (None, "")}
                     for e in case.data.get("timeline", [])],
        "observed": {
            "dataset": case.meta.observed.dataset, "unit": case.meta.observed.unit,
            "scale": case.meta.observed.scale,
            "spending": {actor: {"year": sorted(s), "value": [s[y] for y in sorted(s)]}
                         for actor, s in observed.items()},
        },
        "datasets": list(case.meta.datasets),
    }


@api.get("/cases", summary="The cases of the library")
def list_cases() -> list[dict[str, Any]]:
    """Each case's name, title, question, actors and counterfactual branches."""
    return list(_library.get().briefs)


@api.get("/cases/{name}", summary="One case: its real timeline and observed spending")
def get_case(name: CaseName) -> dict[str, Any]:
    """The dated timeline of real events the scenario scripts (with notes and sources) and the
    observed military spending per actor and year, in the scenario's GDP units (the data's
    ``unit`` times ``scale``)."""
    return _detail(name)


def _keep(body: CaseRunRequest, settings: Settings) -> int:
    """Runs kept whole: as asked, or this server's limit; never more than the runs."""
    asked = min(DEFAULT_KEEP, settings.max_keep) if body.keep is None else body.keep
    return min(asked, body.runs)


def _submit(state: WebState, name: str, branch: list[str], body: CaseRunRequest) -> str:
    from herz.cases import apply_counterfactuals

    data = apply_counterfactuals(_case(name), branch)
    resolved = scenarios.resolve(ScenarioInput(scenario=data), state.settings)
    branch_name = f"counterfactual {branch[0]}" if branch else "factual"
    return state.jobs.submit(resolved.scenario, resolved.data, runs=body.runs,
                             steps=resolved.scenario.steps, seed=body.seed,
                             keep=_keep(body, state.settings),
                             tags={"case": name, "branch": branch_name})


@api.post("/cases/{name}/compare", status_code=202,
          summary="Run the factual case and a counterfactual with the same seed")
def compare_case(name: CaseName, body: CaseRunRequest, state: StateDep) -> dict[str, Any]:
    """Queue both runs and answer with them and the page that compares them when done."""
    from herz.cases import apply_counterfactuals

    case = _case(name)
    known = [c.name for c in case.meta.counterfactuals]
    if body.counterfactual not in known:
        raise HerzInputError(f"no counterfactual {body.counterfactual!r}", field="counterfactual",
                             allowed=", ".join(known) or "none", source=name)
    cf = apply_counterfactuals(case, [body.counterfactual])
    resolved = scenarios.resolve(ScenarioInput(scenario=cf), state.settings)
    steps = resolved.scenario.steps
    scenarios.check_batch(state.settings, body.runs, steps, _keep(body, state.settings),
                          len(resolved.scenario.actors))
    settings = state.settings
    if state.jobs.pending() + state.tasks.pending() + 2 > settings.max_queue:
        raise HTTPException(429, f"{settings.max_queue} jobs are already waiting; try again "
                                 "when one has finished")
    if state.store.count() + 2 > settings.max_saved_runs:
        raise HTTPException(507, f"the server keeps at most {settings.max_saved_runs} runs; "
                                 "delete some first")
    a = _submit(state, name, [], body)
    b = _submit(state, name, [body.counterfactual], body)
    return {"factual": run_info(state, state.store.get(a) or {}, summary=False),
            "counterfactual": run_info(state, state.store.get(b) or {}, summary=False),
            "compare": f"/compare?a={a}&b={b}"}


@pages.get("/cases", response_class=HTMLResponse)
def cases_page(request: Request) -> HTMLResponse:
    return render(request, "cases.html", cases=list_cases())


@pages.get("/cases/{name}", response_class=HTMLResponse)
def case_page(request: Request, name: CaseName) -> HTMLResponse:
    state = web_state(request)
    return render(request, "case.html", case=get_case(name), limits=state.settings.limits())


def _gallery() -> list[GalleryItem]:
    return [GalleryItem(kind="case", name=c["name"], title=c["title"], summary=c["question"],
                        href=c["page"]) for c in list_cases()]


section = Section(name="cases", title="Cases", api=api, pages=pages, nav="/cases",
                  gallery=_gallery)
