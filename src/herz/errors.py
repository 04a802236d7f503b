"""The one error type for bad input: it names the file, the field and what is allowed."""

from __future__ import annotations

import math


class HerzInputError(ValueError):
    """Bad input from a user: a scenario file, a CLI option or a model parameter.

    The message is one line, ``FILE: FIELD: PROBLEM (allowed: ALLOWED)``, so the CLI can print it
    as it is and exit with status 2, and the Python API raises it as an ordinary ``ValueError``.
    """

    def __init__(
        self, problem: str, *, field: str = "", allowed: str = "", source: str = ""
    ) -> None:
        self.problem = problem
        self.field = field
        self.allowed = allowed
        self.source = source
        super().__init__(self._format())

    def _format(self) -> str:
        parts = [p for p in (self.source, self.field) if p]
        text = ": ".join([*parts, self.problem])
        if self.allowed:
            text += f" (allowed: {self.allowed})"
        return " ".join(text.split())  # always one line

    def with_source(self, source: str) -> HerzInputError:
        """The same error, naming the file it came from."""
        return HerzInputError(self.problem, field=self.field, allowed=self.allowed, source=source)


def require_finite(value: float, field: str) -> float:
    """Return ``value`` as a float if it is finite, else raise a :class:`HerzInputError`."""
    if not math.isfinite(value):
        raise HerzInputError(f"{value!r} is not finite", field=field, allowed="a finite number")
    return float(value)


def require_probability(value: float, field: str) -> float:
    """Return ``value`` if it lies in [0, 1], else raise a :class:`HerzInputError`."""
    if not 0.0 <= value <= 1.0:
        raise HerzInputError(f"{value!r} is not a probability", field=field, allowed="0 <= p <= 1")
    return float(value)


def require_nonnegative(value: float, field: str) -> float:
    """Return ``value`` if it is finite and >= 0, else raise a :class:`HerzInputError`."""
    if not value >= 0.0 or value == float("inf"):
        raise HerzInputError(f"{value!r} is negative or not finite", field=field, allowed=">= 0")
    return float(value)


def require_positive(value: float, field: str) -> float:
    """Return ``value`` if it is finite and > 0, else raise a :class:`HerzInputError`."""
    if not value > 0.0 or value == float("inf"):
        raise HerzInputError(f"{value!r} is not positive and finite", field=field, allowed="> 0")
    return float(value)
