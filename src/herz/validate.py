"""The reproduction suite: every published or analytic value herz claims to reproduce.

Each model module defines ``reference_checks() -> list[Check]``; :func:`run_checks` gathers them
in the order of :data:`herz.models.MODEL_MODULES` and ``herz validate`` prints the table.
"""

from __future__ import annotations

import importlib
import math
from dataclasses import dataclass, field
from typing import Literal

from herz.errors import HerzInputError
from herz.models import MODEL_MODULES

Kind = Literal["published", "analytic", "regression"]

__all__ = ["Check", "Kind", "run_checks"]


@dataclass(frozen=True)
class Check:
    """One reproduced quantity.

    ``expected`` is the value from ``source`` (a publication, an analytic derivation or a pinned
    regression value); ``computed`` is what herz computes; they agree when
    ``|computed - expected| <= abs_tol + rel_tol * |expected|``. ``note`` justifies the tolerance.
    """

    model: str
    quantity: str
    source: str
    kind: Kind
    expected: float
    computed: float
    abs_tol: float = 1e-9
    rel_tol: float = 0.0
    note: str = field(default="", compare=False)

    @property
    def tolerance(self) -> float:
        return self.abs_tol + self.rel_tol * abs(self.expected)

    @property
    def passed(self) -> bool:
        if math.isnan(self.computed) or math.isnan(self.expected):
            return False
        return abs(self.computed - self.expected) <= self.tolerance


def run_checks(models: tuple[str, ...] | None = None) -> list[Check]:
    """Run the reference checks of ``models`` (default: all of them)."""
    unknown = [m for m in models or () if m not in MODEL_MODULES]
    if unknown:
        raise HerzInputError(
            f"no model {unknown[0]!r}", field="--model", allowed=", ".join(MODEL_MODULES)
        )
    checks: list[Check] = []
    for name in models or MODEL_MODULES:
        module = importlib.import_module(f"herz.models.{name}")
        checks.extend(module.reference_checks())
    return checks
