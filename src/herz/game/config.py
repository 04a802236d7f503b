"""What a teacher decides when creating a game, checked, and the scenario it is played on.

:class:`GameConfig` names a built-in example or a case of the library, the seats open to
players, the motives the teacher assigns (the others are drawn secretly from the scenario's
prior with the game's seed), the number and length of turns, how many students may share a
seat (a team), and which actions of the repertoire are open. :func:`game_scenario` turns it
into the validated :class:`~herz.engine.scenario.Scenario` the engine plays.
"""

from __future__ import annotations

import secrets
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from herz.engine.scenario import Scenario, parse_scenario, read_toml
from herz.errors import HerzInputError

__all__ = ["ACTIONS", "MAX_STATES", "MIN_STATES", "GameConfig", "game_scenario", "parse_config"]

#: The actions a game may open, in the order of the player's page. ``arm`` is spending by
#: class; closed, a state spends what keeps its forces (its upkeep, within its budget).
#: ``agreement`` is joining, secretly cheating on and leaving the scenario's arms-control
#: agreements (caps by class, monitoring).
ACTIONS = ("arm", "alert", "deploy", "ally", "sanction", "covert", "coerce", "attack",
           "hotline", "statement", "concession", "agreement")
MIN_STATES = 2
MAX_STATES = 8

ActionName = Literal["arm", "alert", "deploy", "ally", "sanction", "covert", "coerce", "attack",
                     "hotline", "statement", "concession", "agreement"]
Motive = Literal["security", "greedy"]
_ALL: list[ActionName] = ["arm", "alert", "deploy", "ally", "sanction", "covert", "coerce",
                          "attack", "hotline", "statement", "concession", "agreement"]


class GameConfig(BaseModel):
    """A game's settings; exactly one of ``example`` and ``case``."""

    model_config = ConfigDict(extra="forbid")

    example: str | None = Field(None, max_length=100, description="A built-in example's name.")
    case: str | None = Field(None, max_length=100, description="A case of the library.")
    seats: list[str] | None = Field(
        None, max_length=MAX_STATES,
        description="States open to players (default: every state that is not passive); the "
        "others, and seats nobody takes, are played by the built-in rule.")
    passive: list[str] = Field(
        default_factory=list, max_length=MAX_STATES,
        description="States the computer plays passively (replacing worn-out forces and "
        "following the scenario's timeline) instead of by the built-in rule; not seats.")
    motives: dict[str, Motive] = Field(
        default_factory=dict, max_length=MAX_STATES,
        description="Motives the teacher assigns; the others are drawn from the prior.")
    turns: int = Field(8, ge=1, le=50, description="Number of turns.")
    turn_seconds: int = Field(120, ge=10, le=3600, description="Length of a turn (timer).")
    team_size: int = Field(1, ge=1, le=10, description="Students who may share one seat.")
    actions: list[ActionName] = Field(default_factory=lambda: list(_ALL),
                                      description="The actions open to players.")
    seed: int | None = Field(None, ge=0, le=2**63 - 1,
                             description="The game's seed (default: drawn at creation).")
    title: str = Field("", max_length=80, description="A title shown to the class.")


def parse_config(data: Any) -> GameConfig:
    """A :class:`GameConfig` from JSON-like data, with a one-line error naming the field."""
    try:
        cfg = GameConfig.model_validate(data)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "game"
        raise HerzInputError(" ".join(str(first.get("msg", "invalid")).split()),
                             field=where) from None
    if cfg.seed is None:
        cfg = cfg.model_copy(update={"seed": secrets.randbits(62)})
    return cfg


def _data(cfg: GameConfig) -> tuple[dict[str, Any], str]:
    from herz.examples import example_path

    if (cfg.example is None) == (cfg.case is None):
        raise HerzInputError("give a scenario", field="example or case",
                             allowed="exactly one of example, case")
    if cfg.example is not None:
        return read_toml(example_path(cfg.example)), cfg.example
    from herz.cases import apply_counterfactuals, load_case

    assert cfg.case is not None
    case = load_case(cfg.case)
    return apply_counterfactuals(case, []), cfg.case


def game_scenario(cfg: GameConfig) -> Scenario:
    """The scenario of ``cfg`` with the assigned motives fixed; its seats checked."""
    data, source = _data(cfg)
    actors = data.get("actors", [])
    names = [a.get("name") for a in actors]
    if not MIN_STATES <= len(names) <= MAX_STATES:
        raise HerzInputError(f"{len(names)} states", field="example or case",
                             allowed=f"a scenario of {MIN_STATES} to {MAX_STATES} states")
    for name, motive in cfg.motives.items():
        if name not in names:
            raise HerzInputError(f"no state {name!r}", field=f"motives.{name}",
                                 allowed=", ".join(map(str, names)))
        spec = actors[names.index(name)]
        spec.pop("p_greedy", None)
        spec["motive"] = motive
    for name in cfg.passive:
        if name not in names or (cfg.seats is not None and name in cfg.seats):
            raise HerzInputError(f"{name!r} cannot be left passive", field="passive",
                                 allowed="states of the world that are not seats")
        actors[names.index(name)]["policy"] = "passive"
    scenario = parse_scenario(data, source=source)
    playable = [a.name for a in scenario.actors if a.policy != "passive"]
    for name in cfg.seats or []:
        if name not in playable:
            raise HerzInputError(f"no playable state {name!r}", field="seats",
                                 allowed=", ".join(playable))
    if cfg.seats is not None and len(set(cfg.seats)) != len(cfg.seats):
        raise HerzInputError("a state is named twice", field="seats")
    for i, actor in enumerate(scenario.actors):
        if actor.policy not in ("default", "passive"):
            raise HerzInputError(f"policy {actor.policy!r} cannot be played in class",
                                 field=f"actors.{i}.policy", allowed="default, passive")
    return scenario


def seat_names(cfg: GameConfig, scenario: Scenario) -> list[str]:
    """The states open to players, in the scenario's order."""
    wanted = cfg.seats
    return [a.name for a in scenario.actors
            if a.policy != "passive" and (wanted is None or a.name in wanted)]
