"""The policy audit in the browser: a thin layer over :func:`herz.audit.audit`.

Before acting, ask how a policy one believes benign looks from the other capitals, which
reactions it triggers, what it does for one's own security once they are counted, and which
variants keep its purpose while alarming others less (Jervis 1976, *Perception and
Misperception in International Politics*, ch. 3; Butterfield 1951, *History and Human
Relations*). ``POST /api/audits`` checks the request against the server's limits and queues the
audit; ``GET /api/audits/{id}`` reports its status and, when done, the whole audit as
:func:`herz.audit.report.to_dict` gives it (the same JSON as ``herz audit --json``); its
``audit.json``, ``audit.md`` and ``audit.html`` are written by
:func:`herz.audit.report.write_audit` and can be downloaded.

The cost of an audit is ``versions x runs x horizon x actors^2`` (the baseline, the policy and
each variant are simulated over the same paired runs); it is capped by ``max_work``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from herz.errors import HerzInputError
from herz.web.sections import Section
from herz.web.sources import SourceInput, resolve_source
from herz.web.state import StateDep, WebState, render, web_state
from herz.web.tasks import TASK_ID_PATTERN, Progress

__all__ = ["AuditRequest", "PolicyAction", "section"]

api = APIRouter(tags=["audit"])
pages = APIRouter()

KIND = "audits"
AuditId = Annotated[str, PathParam(pattern=TASK_ID_PATTERN,
                                   description="An audit id (32 hex digits).")]
#: The files of an audit (:data:`herz.audit.report.OUTPUTS`; a test checks they agree).
AuditFile = Literal["audit.json", "audit.md", "audit.html"]
MEDIA = {"audit.json": "application/json", "audit.md": "text/markdown",
         "audit.html": "text/html"}
REPORT = "report"


class PolicyAction(BaseModel):
    """One action of the policy: a scenario timeline entry of the acting state."""

    model_config = ConfigDict(extra="forbid")

    step: int = Field(ge=0, le=10_000, description="Step at which the action is taken.")
    action: str = Field(max_length=40, description="An action of the repertoire.")
    force_class: str | None = Field(None, max_length=100, description="arm/disarm/transfer.")
    amount: float = Field(1.0, ge=0, le=1e6, description="Size of the action.")
    target: str | None = Field(None, max_length=100, description="The actor acted upon.")
    against: str | None = Field(None, max_length=100, description="proxy: the rival fought.")
    alliance: str | None = Field(None, max_length=100)
    agreement: str | None = Field(None, max_length=100)
    honest: bool = Field(True, description="statement: is the stated reason the real one?")


class AuditRequest(SourceInput):
    """A scenario, the acting state, its policy and the audit's settings."""

    actor: str = Field(max_length=100, description="The acting state.")
    policy: list[PolicyAction] = Field(min_length=1, max_length=20)
    horizon: int | None = Field(None, ge=2, le=10_000,
                                description="Steps audited (default: the scenario's).")
    rival: str | None = Field(None, max_length=100,
                              description="Purpose: security against this rival (else overall).")
    tolerance: float = Field(0.2, ge=0, le=1,
                             description="Share of the purpose a variant may give up.")
    runs: int = Field(100, ge=2, le=1_000_000, description="Paired runs per version.")
    seed: int = Field(0, ge=0, le=2**63 - 1, description="Seed of every paired run.")
    variants: bool = Field(True, description="Search for variants that alarm others less.")
    max_rules: int = Field(2, ge=1, le=3, description="Most rules a variant combines.")


def _entries(body: AuditRequest) -> list[dict[str, Any]]:
    return [a.model_dump(exclude_none=True) for a in body.policy]


def prepare(body: AuditRequest, state: WebState) -> tuple[Any, list[Any], int, int]:
    """Validate the audit against the scenario and the server's limits.

    Returns the scenario, the checked policy entries, the horizon and the number of versions
    that will be simulated (baseline, policy, variants).
    """
    from herz.audit.policy import check_actor, check_policy
    from herz.audit.variants import generate
    from herz.web.scenarios import check_batch

    settings = state.settings
    sc = resolve_source(body, settings).scenario
    horizon = sc.steps if body.horizon is None else body.horizon
    check_actor(sc, body.actor)
    if body.rival is not None:
        check_actor(sc, body.rival, field="rival")
        if body.rival == body.actor:
            raise HerzInputError("the rival cannot be the acting state", field="rival",
                                 allowed="another actor")
    check_batch(settings, body.runs, horizon, 1, len(sc.actors))
    entries = check_policy(sc, body.actor, _entries(body), horizon)
    versions = 2 + (len(generate(sc, body.actor, entries, horizon, body.max_rules))
                    if body.variants else 0)
    work = versions * body.runs * horizon * len(sc.actors) ** 2
    if work > settings.max_work:
        raise HerzInputError(
            f"versions x runs x horizon x actors^2 = {versions} x {body.runs} x {horizon} x "
            f"{len(sc.actors)}^2 = {work}", field="runs",
            allowed=f"at most {settings.max_work} on this server: fewer runs, a shorter "
                    "horizon, fewer variant rules or no variants")
    return sc, entries, horizon, versions


def _work(body: AuditRequest, scenario: Any, entries: list[Any], horizon: int,
          versions: int) -> Any:
    def work(folder: Path, progress: Progress) -> dict[str, Any]:
        from herz.audit import Purpose, audit
        from herz.audit.report import write_audit

        progress.stage = f"simulating {versions} versions x {body.runs} paired runs"

        def count(done: int, total: int) -> None:
            progress.check()  # a DELETE stops the audit here or at the engine's next step
            progress.done, progress.total = done, total

        result = audit(scenario, body.actor, entries, horizon,
                       Purpose(rival=body.rival, tolerance=body.tolerance), runs=body.runs,
                       rng=body.seed, variants=body.variants, max_rules=body.max_rules,
                       progress=count, step_progress=progress.tick)
        progress.stage = "writing the report"
        write_audit(result, folder / REPORT)
        return {"summary": result.summaries.get("", ""), "best": None if result.best is None
                else result.best.name, "n_variants": len(result.variants)}
    return work


def audit_info(state: WebState, record: dict[str, Any]) -> dict[str, Any]:
    """The JSON of an audit: its record, progress, page and files."""
    info = dict(record)
    info["page"] = f"/audit/{info['id']}"
    info["files"] = ({name: f"/api/audits/{info['id']}/files/{name}" for name in MEDIA}
                     if info["status"] == "done" else {})
    return info


def _record(state: WebState, audit_id: str) -> dict[str, Any]:
    record = state.tasks.get(KIND, audit_id)
    if record is None:
        raise HTTPException(404, f"no audit {audit_id}")
    return record


@api.get("/audit/options", summary="What a policy can name in a scenario")
def options(
    state: StateDep,
    example: Annotated[str | None, Query(max_length=100)] = None,
    case: Annotated[str | None, Query(max_length=100)] = None,
) -> dict[str, Any]:
    """The actors, force classes, alliances and agreements of the scenario, the action
    repertoire and the default horizon: everything the audit form is built from."""
    from herz.audit import REPERTOIRE

    sc = resolve_source(SourceInput(example=example, case=case), state.settings).scenario
    return {"name": sc.name, "actors": sc.actor_names, "steps": sc.steps,
            "start_year": sc.start_year, "repertoire": list(REPERTOIRE),
            "force_classes": [c.name for c in sc.forces],
            "alliances": [a.name for a in sc.alliances],
            "agreements": [g.name for g in sc.agreements],
            "limits": state.settings.limits()}


@api.post("/audits", status_code=202, summary="Start a policy audit in the background")
def start_audit(body: AuditRequest, state: StateDep) -> dict[str, Any]:
    """Validate the scenario, the policy and the cost, queue the audit and answer at once."""
    scenario, entries, horizon, versions = prepare(body, state)
    request = {**body.model_dump(mode="json"), "horizon": horizon, "versions": versions,
               "scenario_name": scenario.name}
    audit_id = state.tasks.submit(KIND, request, _work(body, scenario, entries, horizon,
                                                       versions))
    return audit_info(state, _record(state, audit_id))


@api.get("/audits", summary="The saved audits, newest first")
def list_audits(state: StateDep,
                limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
    return [audit_info(state, r) for r in state.tasks.list(KIND, limit)]


@api.get("/audits/{audit_id}", summary="An audit's status and, when done, its findings")
def get_audit(audit_id: AuditId, state: StateDep) -> dict[str, Any]:
    """``result`` is the audit as ``herz audit --json`` prints it: each other capital's view
    (threat, alarm and belief changes, reactions), the acting state's net security split into
    direct gain and reaction cost, the war risk by kind, the spiral trace step by step, and the
    variants with their place on the Pareto front, all with paired confidence intervals."""
    info = audit_info(state, _record(state, audit_id))
    info["result"] = None
    if info["status"] == "done":
        path = state.tasks.folder(KIND, audit_id) / REPORT / "audit.json"
        info["result"] = json.loads(path.read_text(encoding="utf-8"))
    return info


@api.delete("/audits/{audit_id}", summary="Stop and delete an audit")
def delete_audit(audit_id: AuditId, state: StateDep) -> dict[str, Any]:
    _record(state, audit_id)
    state.tasks.delete(KIND, audit_id)
    return {"deleted": audit_id}


@api.get("/audits/{audit_id}/files/{name}", summary="Download a file of a finished audit",
         response_class=FileResponse, responses={404: {"description": "No such file yet"}})
def download(audit_id: AuditId, name: AuditFile, state: StateDep) -> FileResponse:
    _record(state, audit_id)
    path = state.tasks.folder(KIND, audit_id) / REPORT / name
    if not path.is_file():
        raise HTTPException(404, f"{name} of audit {audit_id} is not there (not finished?)")
    return FileResponse(path, media_type=MEDIA[name], filename=f"herz-{audit_id[:8]}-{name}")


@pages.get("/audit", response_class=HTMLResponse)
def audit_page(request: Request, example: str = "spiral", case: str = "") -> HTMLResponse:
    from herz.cases import case_names
    from herz.examples import examples

    state = web_state(request)
    cases = case_names()
    source = ({"case": case} if case in cases
              else {"example": example if example in examples() else "spiral"})
    return render(request, "audit.html", examples=examples(), cases=cases, source=source,
                  limits=state.settings.limits(),
                  audits=[audit_info(state, r) for r in state.tasks.list(KIND, 50)])


@pages.get("/audit/{audit_id}", response_class=HTMLResponse)
def audit_result_page(request: Request, audit_id: AuditId) -> HTMLResponse:
    state = web_state(request)
    return render(request, "audit_result.html", audit=audit_info(state, _record(state, audit_id)))


section = Section(name="audit", title="Audit", api=api, pages=pages, nav="/audit")
