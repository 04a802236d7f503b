"""A player's move: checked against what its seat may do, then the orders the engine takes.

A move is JSON, one entry per part of the repertoire of :mod:`herz.policies.orders` (targets by
name)::

    {"spend": 0.06, "mix": {"ssbn": 1, "land": 2}, "alert": 0.3, "concession": 0,
     "deploy": {"Red": 0.5}, "sanction": {"Red": 0.2}, "covert": {},
     "attack": [], "coerce": [], "ally": ["Green"], "hotline": ["Red"],
     "statement": {"Red": "honest"}, "agree": [], "cheat": ["treaty"], "abandon": []}

``spend`` is the share of GDP spent on forces this turn (missing: the upkeep of its forces,
within its budget) and ``mix`` how it is split among force classes (missing: its procurement
mix). :func:`check_move` refuses, with one line naming the part and what is allowed, a part
the game has not opened, a target that is not another state or against which the part is not
legal now (:func:`herz.policies.orders.legal`), an agreement it may not join, cheat on or
leave (:func:`herz.policies.orders.legal_agreements`), and spending outside the seat's budget; the
game keeps nothing of a refused move. :func:`to_orders` makes the engine's orders of a checked
move, which go through the engine's one decision interface like every policy's.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from herz.engine.state import Observation
from herz.errors import HerzInputError
from herz.policies.orders import Orders, legal_agreements

__all__ = ["MoveInput", "check_move", "default_spend", "to_orders"]

_Level = Field(0.0, ge=0.0, le=1.0, allow_inf_nan=False)
_Name = Field(max_length=60)

#: The part of a move each open action unlocks.
PARTS = {
    "arm": ("spend", "mix"), "alert": ("alert",), "deploy": ("deploy",), "ally": ("ally",),
    "sanction": ("sanction",), "covert": ("covert",), "coerce": ("coerce",),
    "attack": ("attack",), "hotline": ("hotline",), "statement": ("statement",),
    "concession": ("concession",), "agreement": ("agree", "cheat", "abandon"),
}
_AGREEMENT = ("agree", "cheat", "abandon")
_INTENSITY = ("deploy", "sanction", "covert")
_YES = ("attack", "coerce", "ally", "hotline")
_WHY = {
    "deploy": "states in reach (non-allies in contact, no war's cool-down running)",
    "attack": "states in reach (non-allies in contact, no war's cool-down running)",
    "coerce": "states in reach (non-allies in contact, no war's cool-down running)",
    "sanction": "non-allies",
    "covert": "non-allies, and only with cyber forces",
    "ally": "non-allies",
    "hotline": "states without a hotline to you",
    "statement": "any other state",
}


class MoveInput(BaseModel):
    """The shape of a move (see the module's docstring)."""

    model_config = ConfigDict(extra="forbid")

    spend: float | None = Field(None, ge=0.0, le=1.0, allow_inf_nan=False)
    mix: dict[str, float] | None = Field(None, max_length=20)
    alert: float = _Level
    concession: float = _Level
    deploy: dict[str, float] = Field(default_factory=dict, max_length=10)
    sanction: dict[str, float] = Field(default_factory=dict, max_length=10)
    covert: dict[str, float] = Field(default_factory=dict, max_length=10)
    attack: list[str] = Field(default_factory=list, max_length=10)
    coerce: list[str] = Field(default_factory=list, max_length=10)
    ally: list[str] = Field(default_factory=list, max_length=10)
    hotline: list[str] = Field(default_factory=list, max_length=10)
    statement: dict[str, Literal["honest", "bogus"]] = Field(default_factory=dict, max_length=10)
    agree: list[str] = Field(default_factory=list, max_length=10)
    cheat: list[str] = Field(default_factory=list, max_length=10)
    abandon: list[str] = Field(default_factory=list, max_length=10)


def _fail(problem: str, field: str, allowed: str = "") -> HerzInputError:
    return HerzInputError(problem, field=field, allowed=allowed)


def _shape(data: Any) -> MoveInput:
    if not isinstance(data, Mapping):
        raise _fail("a move is a JSON object", "move", "an object of the repertoire's parts")
    try:
        return MoveInput.model_validate(dict(data))
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "move"
        raise _fail(" ".join(str(first.get("msg", "invalid")).split()), where) from None


def default_spend(obs: Observation) -> float:
    """What a seat spends when it does not say (share of GDP): its upkeep, within its budget."""
    gdp = float(obs.gdp[0])
    return float(np.clip(obs.upkeep[0], obs.min_spend[0], obs.max_spend[0])) / gdp


def check_move(data: Any, obs: Observation, legal: Mapping[str, np.ndarray],
               open_actions: Sequence[str], agreements: Sequence[str] = ()) -> dict[str, Any]:
    """The move ``data`` of seat ``obs.actor`` in canonical form, or a one-line
    :class:`~herz.errors.HerzInputError` (the part, the problem, what is allowed);
    ``agreements`` are the names of the scenario's agreements, in order."""
    move = _shape(data)
    names = obs.names
    me = obs.actor
    others = [n for k, n in enumerate(names) if k != me]
    opened = {p for a in open_actions for p in PARTS[a]}
    out: dict[str, Any] = {}

    def closed(part: str) -> None:
        action = next(a for a, parts in PARTS.items() if part in parts)
        raise _fail(f"{action!r} is not open in this game", part,
                    ", ".join(open_actions) or "no action")

    def target(part: str, who: str) -> int:
        if who not in others:
            raise _fail(f"no other state {who!r}", part, ", ".join(others))
        j = names.index(who)
        if not bool(legal[part][0, j]):
            ok = [n for k, n in enumerate(names) if k != me and bool(legal[part][0, k])]
            raise _fail(f"not possible against {who} now: only against {_WHY[part]}", part,
                        ", ".join(ok) or "nobody this turn")
        return j

    # Spending: within the budget shares of this turn.
    lo = float(obs.min_spend[0] / obs.gdp[0])
    hi = float(obs.max_spend[0] / obs.gdp[0])
    if move.spend is not None or move.mix is not None:
        if "spend" not in opened:
            closed("spend")
    spend = default_spend(obs) if move.spend is None else move.spend
    if not lo - 1e-9 <= spend <= hi + 1e-9:
        word = "over budget" if spend > hi else "under the least spending"
        raise _fail(f"{word}: {spend:.4f} of GDP", "spend",
                    f"{lo:.4f} to {hi:.4f} of GDP this turn")
    out["spend"] = float(min(max(spend, lo), hi))
    if move.mix is not None:
        classes = obs.class_names
        for cls, weight in move.mix.items():
            if cls not in classes:
                raise _fail(f"no force class {cls!r}", "mix", ", ".join(classes))
            if not (math.isfinite(weight) and weight >= 0):
                raise _fail(f"{weight!r} is not a weight", f"mix.{cls}", "a number >= 0")
        if sum(move.mix.values()) <= 0:
            raise _fail("no class has a weight", "mix", "weights >= 0, at least one > 0")
        out["mix"] = {c: float(w) for c, w in move.mix.items() if w > 0}
    for part in ("alert", "concession"):
        value = getattr(move, part)
        if value and part not in opened:
            closed(part)
        out[part] = float(value)
    for part in _INTENSITY:
        given: dict[str, float] = getattr(move, part)
        kept = {}
        for who, value in given.items():
            if not (math.isfinite(value) and 0.0 <= value <= 1.0):
                raise _fail(f"{value!r}", f"{part}.{who}", "an intensity from 0 to 1")
            if value > 0:
                if part not in opened:
                    closed(part)
                target(part, who)
                kept[who] = float(value)
        out[part] = kept
    for part in _YES:
        chosen: list[str] = getattr(move, part)
        for who in chosen:
            if part not in opened:
                closed(part)
            target(part, who)
        out[part] = sorted(set(chosen))
    said = move.statement
    for who in said:
        if "statement" not in opened:
            closed("statement")
        target("statement", who)
    out["statement"] = dict(sorted(said.items()))
    ok_g = legal_agreements(obs)
    for part in _AGREEMENT:
        chosen = getattr(move, part)
        for name in chosen:
            if part not in opened:
                closed(part)
            if name not in agreements:
                raise _fail(f"no agreement {name!r}", part, ", ".join(agreements) or "none")
            if not bool(ok_g[part][0, agreements.index(name)]):
                ok = [a for g, a in enumerate(agreements) if bool(ok_g[part][0, g])]
                why = "agreements you are not party to" if part == "agree" else \
                    "agreements you are party to"
                raise _fail(f"not possible for {name!r} now: only {why}", part,
                            ", ".join(ok) or "none this turn")
        out[part] = sorted(set(chosen))
    return out


def to_orders(move: Mapping[str, Any], obs: Observation,
              agreements: Sequence[str] = ()) -> Orders:
    """The engine's orders (one run) of a move checked by :func:`check_move`."""
    names = obs.names
    n = len(names)
    o = Orders.none(1, n)
    o.spend = np.array([move["spend"]])
    o.alert = np.array([move["alert"]])
    o.concession = np.array([move["concession"]])
    if "mix" in move:
        o.mix = np.array([[move["mix"].get(c, 0.0) for c in obs.class_names]])
    for part in _INTENSITY:
        for who, value in move[part].items():
            getattr(o, part)[0, names.index(who)] = value
    for part in _YES:
        for who in move[part]:
            getattr(o, part)[0, names.index(who)] = True
    for who, how in move["statement"].items():
        o.statement[0, names.index(who)] = 1 if how == "honest" else 2
    for part in _AGREEMENT:
        if move.get(part):
            chosen = np.zeros((1, len(agreements)), dtype=bool)
            for name in move[part]:
                chosen[0, agreements.index(name)] = True
            setattr(o, part, chosen)
    return o
