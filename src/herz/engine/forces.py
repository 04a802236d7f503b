"""Force classes as data: what each kind of military force does to security and stability.

A force class is described by numbers, not code, so users add classes in a scenario file:

- ``offense`` and ``defense``: conventional weight per unit in attack and in defence;
- ``distinguishability`` in [0, 1]: how clearly an observer can tell its defence from offence
  (Jervis 1978): the world's ``distinguishability`` times this value is the share of the class's
  defensive weight that observers do *not* count as offensive;
- ``strategic``: retaliatory (second-strike) weight per unit; ``survivability`` in [0, 1]: the
  share that survives any first strike; ``basing``: ``fixed`` forces are exposed to others'
  ``counterforce``, ``hidden`` ones to others' ``asw`` (Kent & Thaler 1989);
- ``intercept``: missile-defence capacity against retaliatory forces;
- ``cyber``: covert and cyber-attack capacity;
- ``cost``: GDP units per unit bought; ``depreciation``: share lost each step;
- ``procurement``: the default share of new spending that goes to the class.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

Basing = Literal["none", "fixed", "hidden"]

__all__ = ["MAX_WEIGHT", "ForceCatalogue", "ForceClass", "default_classes"]

#: Largest weight, cost or procurement share per unit of a force class.
MAX_WEIGHT = 1e6


class ForceClass(BaseModel):
    """One class of military force (see the module docstring for each field's role)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, allow_inf_nan=False)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$", description="Identifier used in scenarios.")
    description: str = ""
    offense: float = Field(0.0, ge=0, description="Conventional attack weight per unit.")
    defense: float = Field(0.0, ge=0, description="Conventional defence weight per unit.")
    distinguishability: float = Field(
        0.5, ge=0, le=1, description="How clearly its defensive character can be seen."
    )
    strategic: float = Field(0.0, ge=0, description="Retaliatory weight per unit.")
    survivability: float = Field(0.0, ge=0, le=1, description="Share surviving any first strike.")
    basing: Basing = Field("none", description="Exposure: fixed (to counterforce), hidden (ASW).")
    counterforce: float = Field(0.0, ge=0, description="Capacity against fixed strategic forces.")
    asw: float = Field(0.0, ge=0, description="Capacity against hidden strategic forces.")
    intercept: float = Field(0.0, ge=0, description="Missile-defence capacity.")
    cyber: float = Field(0.0, ge=0, description="Covert and cyber-attack capacity.")
    cost: float = Field(1.0, gt=0, description="GDP units per unit of stock bought.")
    depreciation: float = Field(0.05, ge=0, le=1, description="Share of the stock lost per step.")
    procurement: float = Field(0.0, ge=0, description="Default share of new spending.")

    @field_validator(
        "offense", "defense", "strategic", "counterforce", "asw", "intercept", "cyber", "cost",
        "procurement",
    )
    @classmethod
    def _sane(cls, value: float) -> float:
        if value > MAX_WEIGHT:
            raise PydanticCustomError(
                "less_than_equal", "Input should be less than or equal to {le}", {"le": MAX_WEIGHT}
            )
        return value


def default_classes() -> list[ForceClass]:
    """The default catalogue (``herz/engine/forces.toml``)."""
    text = resources.files("herz.engine").joinpath("forces.toml").read_text(encoding="utf-8")
    return [ForceClass(**c) for c in tomllib.loads(text)["class"]]


@dataclass(frozen=True)
class ForceCatalogue:
    """The classes of a scenario as arrays over classes, for the vectorized mechanisms."""

    names: tuple[str, ...]
    offense: np.ndarray
    defense: np.ndarray
    distinguishability: np.ndarray
    strategic: np.ndarray
    survivability: np.ndarray
    fixed: np.ndarray  # bool: exposed to counterforce
    hidden: np.ndarray  # bool: exposed to anti-submarine warfare
    counterforce: np.ndarray
    asw: np.ndarray
    intercept: np.ndarray
    cyber: np.ndarray
    cost: np.ndarray
    depreciation: np.ndarray
    procurement: np.ndarray

    @classmethod
    def from_classes(cls, classes: list[ForceClass]) -> ForceCatalogue:
        def col(field: str) -> np.ndarray:
            return np.array([getattr(c, field) for c in classes], dtype=float)

        return cls(
            names=tuple(c.name for c in classes),
            offense=col("offense"),
            defense=col("defense"),
            distinguishability=col("distinguishability"),
            strategic=col("strategic"),
            survivability=col("survivability"),
            fixed=np.array([c.basing == "fixed" for c in classes]),
            hidden=np.array([c.basing == "hidden" for c in classes]),
            counterforce=col("counterforce"),
            asw=col("asw"),
            intercept=col("intercept"),
            cyber=col("cyber"),
            cost=col("cost"),
            depreciation=col("depreciation"),
            procurement=col("procurement"),
        )

    def index(self, name: str) -> int:
        return self.names.index(name)

    def __len__(self) -> int:
        return len(self.names)
