"""Scenario sources of the audit and case pages: a built-in example, a case of the library
(optionally branched into counterfactuals) or scenario text, checked by the server's rules.

Everything ends in :func:`herz.web.scenarios.resolve`, so the same limits (actors, steps, web
policies, finite numbers) hold whichever source a request names. Cases are read only through
the case library's public functions (:func:`herz.cases.load_case`,
:func:`herz.cases.apply_counterfactuals`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from herz.errors import HerzInputError
from herz.web import scenarios
from herz.web.scenarios import ResolvedScenario, ScenarioInput
from herz.web.settings import Settings

__all__ = ["SourceInput", "case_data", "resolve_source"]


class SourceInput(BaseModel):
    """Exactly one of ``example``, ``case`` or ``toml``; then ``overrides``."""

    model_config = ConfigDict(extra="forbid")

    example: str | None = Field(None, max_length=100, description="A built-in example's name.")
    case: str | None = Field(None, max_length=100, description="A case of the library.")
    counterfactuals: list[str] = Field(
        default_factory=list, max_length=10,
        description="Counterfactual branches of the case, applied in order.")
    toml: str | None = Field(None, max_length=200_000, description="Scenario file text (TOML).")
    overrides: list[str] = Field(default_factory=list, max_length=100,
                                 description="PATH=VALUE changes, as `herz run --set`.")


def case_data(name: str, counterfactuals: list[str]) -> tuple[dict[str, Any], str]:
    """The scenario data of case ``name`` with its ``counterfactuals`` applied, and its title."""
    from herz.cases import apply_counterfactuals, case_names, load_case

    if name not in case_names():
        raise HerzInputError(f"no case {name!r}", field="case", allowed=", ".join(case_names()))
    case = load_case(name)
    return apply_counterfactuals(case, list(counterfactuals)), case.meta.title


def resolve_source(inp: SourceInput, settings: Settings) -> ResolvedScenario:
    """Validate the scenario ``inp`` names and apply the server's limits."""
    given = [k for k in ("example", "case", "toml") if getattr(inp, k) is not None]
    if len(given) != 1:
        raise HerzInputError(f"{len(given)} scenario sources given", field="scenario source",
                             allowed="exactly one of example, case, toml")
    if inp.counterfactuals and inp.case is None:
        raise HerzInputError("counterfactuals need a case", field="counterfactuals",
                             allowed="an empty list, or a case")
    if inp.case is not None:
        data, _ = case_data(inp.case, inp.counterfactuals)
        return scenarios.resolve(ScenarioInput(scenario=data, overrides=inp.overrides), settings)
    return scenarios.resolve(
        ScenarioInput(example=inp.example, toml=inp.toml, overrides=inp.overrides), settings)
