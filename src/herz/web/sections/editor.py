"""The scenario editor: a form generated from the JSON Schema and the TOML text, validated live.

The page sends what the user typed to ``POST /api/scenario/validate`` as they type; the answer
says whether it is valid (with the engine's one-line error naming the field and what is
allowed), and gives back the parsed data, so the form follows the text. A change in the form
goes to ``POST /api/scenario/edit``, which changes that one value in the TOML text
(:mod:`herz.web.tomledit`), so the scenario's comments and layout survive. The schema is
:meth:`Scenario.model_json_schema`, the one declaration that also feeds ``herz schema``.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, ConfigDict, Field

from herz.defaults import DEFAULT_KEEP
from herz.engine.scenario import Scenario, scenario_hash
from herz.errors import HerzInputError
from herz.examples import examples
from herz.web import scenarios
from herz.web.scenarios import ScenarioInput
from herz.web.sections import Section
from herz.web.state import StateDep, render, web_state
from herz.web.tomledit import edit_toml

api = APIRouter(tags=["scenarios"])
pages = APIRouter()


@api.get("/scenario/schema", summary="The JSON Schema of scenarios")
def schema() -> dict[str, Any]:
    """The same schema as ``herz schema``: every field with its description and bounds."""
    return Scenario.model_json_schema()


class EditRequest(BaseModel):
    """One field of a scenario's TOML text changed, the rest of the text kept as it is."""

    model_config = ConfigDict(extra="forbid")

    toml: str = Field(max_length=200_000, description="Scenario file text (TOML).")
    path: list[str | int] = Field(min_length=1, max_length=20, description=(
        "Keys and indices to the field, e.g. [\"actors\", 0, \"empathy\"]; an index equal to "
        "an array's length appends."))
    value: Any = Field(None, description="The new value (JSON); null deletes the field.")


def _checked(body: ScenarioInput, state: Any, text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"valid": False, "error": None, "field": None, "allowed": None,
                           "data": None, "toml": text, "scenario": None, "hash": None}
    try:
        data, _ = scenarios._data(body)
        out["data"] = data
        if text is None:
            out["toml"] = scenarios.to_toml(data)
        resolved = scenarios.resolve(body, state.settings)
    except HerzInputError as err:
        out.update(error=str(err), field=err.field or None, allowed=err.allowed or None)
        return out
    out.update(valid=True, data=resolved.data, scenario=resolved.scenario.model_dump(mode="json"),
               hash=scenario_hash(resolved.scenario))
    if text is None:
        out["toml"] = scenarios.to_toml(resolved.data)
    return out


@api.post("/scenario/validate", summary="Validate a scenario and convert it to TOML")
def validate(body: ScenarioInput, state: StateDep) -> dict[str, Any]:
    """Always 200: ``valid`` says whether the scenario is valid on this server; ``error``
    (with ``field`` and ``allowed``) says why not. ``data`` is the scenario as given (before
    defaults), ``toml`` its TOML text, ``scenario`` the resolved scenario when valid."""
    return _checked(body, state)


@api.post("/scenario/edit", summary="Change one field of a scenario's TOML text, keep comments")
def edit(body: EditRequest, state: StateDep) -> dict[str, Any]:
    """The text with one value changed (or deleted, or an array entry appended) and every
    comment, key order and layout elsewhere kept; then validated as ``/scenario/validate``
    (``toml`` is the edited text itself, never regenerated)."""
    text = edit_toml(body.toml, body.path, body.value)
    return _checked(ScenarioInput(toml=text), state, text)


@pages.get("/editor", response_class=HTMLResponse)
def editor_page(request: Request, example: str = "spiral") -> HTMLResponse:
    name = example if example in examples() else "spiral"
    limits = web_state(request).settings.limits()
    # One keep default everywhere (herz.defaults), within this server's limit.
    keep = min(DEFAULT_KEEP, int(limits["max_keep"]))
    return render(request, "editor.html", example=name, examples=examples(), limits=limits,
                  default_keep=keep)


section = Section(name="editor", title="Scenario editor", api=api, pages=pages, nav="/editor")
