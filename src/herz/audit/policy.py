"""A policy to audit: timeline entries of the acting state, checked and added to a scenario.

A policy is one or several actions of the engine's repertoire (:class:`herz.engine.actions.Action`,
codes below 100), each written as a scenario timeline entry without its ``actor`` field::

    {"step": 2, "action": "arm", "force_class": "conventional_offensive", "amount": 3}
    {"step": 2, "action": "deploy", "target": "Red", "amount": 0.5}

:func:`check_policy` validates the entries against the scenario (known actors, classes,
alliances and agreements; a step inside the horizon) and turns every problem into a one-line
:class:`herz.errors.HerzInputError` naming the entry and field. :func:`with_policy` returns the
scenario with the entries appended to its timeline for the acting state, and optionally with
extra agreements (used by the variants of :mod:`herz.audit.variants`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from herz.engine.actions import Action
from herz.engine.scenario import (
    MAX_STEPS,
    AgreementSpec,
    Scenario,
    TimelineEntry,
    parse_scenario,
)
from herz.errors import HerzInputError

__all__ = ["REPERTOIRE", "check_actor", "check_horizon", "check_policy", "with_policy"]

#: Names of the actions a policy may use: the engine's repertoire (codes below 100).
REPERTOIRE: tuple[str, ...] = tuple(a.name.lower() for a in Action if a < 100)


def check_actor(scenario: Scenario, actor: str, field: str = "actor") -> int:
    """The index of ``actor`` in ``scenario``, or a one-line error naming the known actors."""
    names = scenario.actor_names
    if actor not in names:
        raise HerzInputError(f"unknown actor {actor!r}", field=field, allowed=", ".join(names))
    return names.index(actor)


def check_horizon(horizon: int) -> int:
    """``horizon`` if it is a whole number of steps from 2 to the engine's maximum."""
    if isinstance(horizon, bool) or not isinstance(horizon, int) or not 2 <= horizon <= MAX_STEPS:
        raise HerzInputError(f"{horizon!r} steps", field="horizon", allowed=f"2 to {MAX_STEPS}")
    return horizon


def _entry_dict(raw: Mapping[str, Any] | TimelineEntry, i: int) -> dict[str, Any]:
    if isinstance(raw, TimelineEntry):
        return raw.model_dump(exclude_none=True)
    if not isinstance(raw, Mapping):
        raise HerzInputError(
            f"entry {i} is a {type(raw).__name__}", field=f"policy.{i}", allowed="a table"
        )
    return dict(raw)


def check_policy(
    scenario: Scenario,
    actor: str,
    policy: Iterable[Mapping[str, Any] | TimelineEntry],
    horizon: int,
) -> list[TimelineEntry]:
    """Validate ``policy`` for ``actor`` in ``scenario``; return it as timeline entries.

    Every entry must name an action of the repertoire (:data:`REPERTOIRE`), happen at a step
    below ``horizon`` and refer only to actors, force classes, alliances and agreements of the
    scenario. An ``actor`` field, if given, must be the acting state.
    """
    check_actor(scenario, actor)
    check_horizon(horizon)
    entries = list(policy)
    if not entries:
        raise HerzInputError("the policy has no action", field="policy", allowed="1 or more")
    known = {
        "target": scenario.actor_names,
        "against": scenario.actor_names,
        "force_class": [c.name for c in scenario.forces],
        "alliance": [a.name for a in scenario.alliances],
        "agreement": [g.name for g in scenario.agreements],
    }
    out: list[TimelineEntry] = []
    for i, raw in enumerate(entries):
        data = _entry_dict(raw, i)
        where = f"policy.{i}"
        if data.setdefault("actor", actor) != actor:
            raise HerzInputError(
                f"entry for {data['actor']!r}, not the acting state",
                field=f"{where}.actor",
                allowed=actor,
            )
        action = data.get("action")
        if action not in REPERTOIRE:
            raise HerzInputError(
                f"{action!r} is not an action of the repertoire",
                field=f"{where}.action",
                allowed=", ".join(REPERTOIRE),
            )
        for key, names in known.items():
            value = data.get(key)
            if value is not None and value not in names:
                raise HerzInputError(
                    f"unknown {key.replace('_', ' ')} {value!r}",
                    field=f"{where}.{key}",
                    allowed=", ".join(names) or "none in this scenario",
                )
        if data.get("target") == actor:
            raise HerzInputError(
                "the acting state cannot target itself", field=f"{where}.target",
                allowed="another actor",
            )
        try:
            entry = TimelineEntry.model_validate(data)
        except ValidationError as err:
            first = err.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            msg = first["msg"].removeprefix("Value error, ")
            raise HerzInputError(msg, field=f"{where}.{loc}" if loc else where) from None
        if entry.year is not None and scenario.start_year is None:
            raise HerzInputError(
                "a year needs the scenario's start_year", field=f"{where}.year", allowed="step"
            )
        if entry.code in (Action.ARM, Action.DISARM, Action.TRANSFER) and not entry.force_class:
            raise HerzInputError(
                f"action {entry.action!r} needs a force_class",
                field=f"{where}.force_class",
                allowed=", ".join(known["force_class"]),
            )
        step = scenario.step_of(entry)
        if step >= horizon:
            raise HerzInputError(
                f"step {step} is not before the horizon", field=f"{where}.step",
                allowed=f"0 to {horizon - 1}",
            )
        out.append(entry)
    return out


def with_policy(
    scenario: Scenario,
    entries: Sequence[TimelineEntry],
    agreements: Sequence[AgreementSpec] = (),
) -> Scenario:
    """``scenario`` with ``entries`` appended to its timeline and ``agreements`` added."""
    data = scenario.model_dump(mode="json")
    data["timeline"] = [*data["timeline"], *(e.model_dump(mode="json") for e in entries)]
    data["agreements"] = [*data["agreements"], *(g.model_dump(mode="json") for g in agreements)]
    return parse_scenario(data, source=f"{scenario.name} + audited policy")
