"""Scenarios as the web receives them: a built-in example, TOML text or a JSON object.

:func:`resolve` turns a :class:`ScenarioInput` into a validated
:class:`~herz.engine.scenario.Scenario` with the engine's own functions (``read_toml``,
``apply_overrides``, ``parse_scenario``), then applies the server's limits. Two rules hold only on
the web: a user policy (``module:function``) is refused, because it would make the server import
code named by a request; and non-finite numbers are refused, because JSON cannot carry them back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from herz.engine.scenario import (
    Scenario,
    apply_overrides,
    parse_scenario,
    read_toml,
    scenario_hash,
)
from herz.errors import HerzInputError
from herz.examples import example_path, examples
from herz.inputs import check_depth, loads_toml
from herz.web.settings import Settings

__all__ = ["ResolvedScenario", "ScenarioInput", "check_batch", "resolve", "to_toml"]

#: Name used in error messages for scenario text typed into the browser.
EDITOR_SOURCE = "<editor>"
WEB_POLICIES = ("default", "passive")


class ScenarioInput(BaseModel):
    """A scenario: exactly one of ``example``, ``toml`` or ``scenario``, then ``overrides``."""

    model_config = ConfigDict(extra="forbid")

    example: str | None = Field(None, max_length=100, description="A built-in example's name.")
    toml: str | None = Field(None, max_length=200_000, description="Scenario file text (TOML).")
    scenario: dict[str, Any] | None = Field(None, description="The scenario as a JSON object.")
    overrides: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="PATH=VALUE changes, as `herz run --set` (e.g. actors.Blue.empathy=0.9).",
    )


@dataclass(frozen=True)
class ResolvedScenario:
    """A validated scenario with the data it came from (before defaults were filled in)."""

    scenario: Scenario
    data: dict[str, Any]
    source: str

    @property
    def hash(self) -> str:
        return scenario_hash(self.scenario)


def _check_finite(value: Any, path: str) -> None:
    """Refuse non-finite numbers anywhere in ``value`` (walked without recursion; the depth was
    checked before)."""
    stack: list[tuple[Any, str]] = [(value, path)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise HerzInputError(f"{item!r} is not a finite number", field=where or "scenario",
                                 allowed="finite numbers", source=EDITOR_SOURCE)
        if isinstance(item, dict):
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items())
        elif isinstance(item, list | tuple):
            stack.extend((v, f"{where}.{i}") for i, v in enumerate(item))


def _data(inp: ScenarioInput) -> tuple[dict[str, Any], str]:
    given = [k for k in ("example", "toml", "scenario") if getattr(inp, k) is not None]
    if len(given) != 1:
        raise HerzInputError(
            f"{len(given)} scenario sources given", field="scenario source",
            allowed="exactly one of example, toml, scenario",
        )
    if inp.example is not None:
        if inp.example not in examples():
            raise HerzInputError(f"no example {inp.example!r}", field="example",
                                 allowed=", ".join(examples()))
        return read_toml(example_path(inp.example)), inp.example
    if inp.toml is not None:
        return loads_toml(inp.toml, EDITOR_SOURCE), EDITOR_SOURCE
    assert inp.scenario is not None
    check_depth(inp.scenario, EDITOR_SOURCE)
    return dict(inp.scenario), EDITOR_SOURCE


def resolve(inp: ScenarioInput, settings: Settings) -> ResolvedScenario:
    """Validate the scenario of ``inp`` and apply the server's limits on it."""
    data, source = _data(inp)
    data = apply_overrides(data, list(inp.overrides), source=source)
    check_depth(data, source)
    _check_finite(data, "")
    scenario = parse_scenario(data, source=source)
    if len(scenario.actors) > settings.max_actors:
        raise HerzInputError(f"{len(scenario.actors)} actors", field="actors", source=source,
                             allowed=f"at most {settings.max_actors} on this server")
    if scenario.steps > settings.max_steps:
        raise HerzInputError(f"{scenario.steps} steps", field="steps", source=source,
                             allowed=f"at most {settings.max_steps} on this server")
    for i, actor in enumerate(scenario.actors):
        if actor.policy not in WEB_POLICIES:
            raise HerzInputError(
                f"policy {actor.policy!r} is not available on the web", source=source,
                field=f"actors.{i}.policy", allowed=", ".join(WEB_POLICIES),
            )
    return ResolvedScenario(scenario=scenario, data=data, source=source)


def check_batch(settings: Settings, runs: int, steps: int, keep: int, actors: int) -> None:
    """Refuse a batch larger than the server allows (runs, steps, kept runs, total work)."""
    caps = (("runs", runs, settings.max_runs), ("steps", steps, settings.max_steps),
            ("keep", keep, settings.max_keep))
    for name, value, cap in caps:
        if not 1 <= value <= cap:
            raise HerzInputError(f"{value}", field=name, allowed=f"1 to {cap} on this server")
    work = runs * steps * actors * actors
    if work > settings.max_work:
        raise HerzInputError(
            f"runs x steps x actors^2 = {work}", field="runs",
            allowed=f"at most {settings.max_work} on this server: fewer runs or steps",
        )


def _drop_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [_drop_none(v) for v in value]
    return value


def to_toml(data: dict[str, Any]) -> str:
    """TOML text of scenario data (``None`` values, which TOML cannot hold, are left out)."""
    import tomli_w  # a base dependency (herz serve)

    try:
        return tomli_w.dumps(_drop_none(data))
    except (TypeError, ValueError) as err:
        raise HerzInputError(f"cannot be written as TOML: {err}", source=EDITOR_SOURCE) from None
