"""The scenario editor: a form generated from the JSON Schema and the TOML text, validated live.

The page sends what the user typed to ``POST /api/scenario/validate`` as they type; the answer
says whether it is valid (with the engine's one-line error naming the field and what is
allowed), and gives back the parsed data and its TOML text, so the form and the text stay in
step. The schema is :meth:`Scenario.model_json_schema`, the one declaration that also feeds
``herz schema``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from herz.defaults import DEFAULT_KEEP
from herz.engine.scenario import Scenario, scenario_hash
from herz.errors import HerzInputError
from herz.examples import examples
from herz.web import scenarios
from herz.web.scenarios import ScenarioInput
from herz.web.sections import Section
from herz.web.state import StateDep, render, web_state

api = APIRouter(tags=["scenarios"])
pages = APIRouter()


@api.get("/scenario/schema", summary="The JSON Schema of scenarios")
def schema() -> dict[str, Any]:
    """The same schema as ``herz schema``: every field with its description and bounds."""
    return Scenario.model_json_schema()


@api.post("/scenario/validate", summary="Validate a scenario and convert it to TOML")
def validate(body: ScenarioInput, state: StateDep) -> dict[str, Any]:
    """Always 200: ``valid`` says whether the scenario is valid on this server; ``error``
    (with ``field`` and ``allowed``) says why not. ``data`` is the scenario as given (before
    defaults), ``toml`` its TOML text, ``scenario`` the resolved scenario when valid."""
    out: dict[str, Any] = {"valid": False, "error": None, "field": None, "allowed": None,
                           "data": None, "toml": None, "scenario": None, "hash": None}
    try:
        data, _ = scenarios._data(body)
        out["data"] = data
        out["toml"] = scenarios.to_toml(data)
        resolved = scenarios.resolve(body, state.settings)
    except HerzInputError as err:
        out.update(error=str(err), field=err.field or None, allowed=err.allowed or None)
        return out
    out.update(valid=True, data=resolved.data, toml=scenarios.to_toml(resolved.data),
               scenario=resolved.scenario.model_dump(mode="json"),
               hash=scenario_hash(resolved.scenario))
    return out


@pages.get("/editor", response_class=HTMLResponse)
def editor_page(request: Request, example: str = "spiral") -> HTMLResponse:
    name = example if example in examples() else "spiral"
    limits = web_state(request).settings.limits()
    # One keep default everywhere (herz.defaults), within this server's limit.
    keep = min(DEFAULT_KEEP, int(limits["max_keep"]))
    return render(request, "editor.html", example=name, examples=examples(), limits=limits,
                  default_keep=keep)


section = Section(name="editor", title="Scenario editor", api=api, pages=pages, nav="/editor")
