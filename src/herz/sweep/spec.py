"""Sweep files: what to vary, how to sample it, and what to collect.

A sweep file is TOML::

    scenario = "four_worlds"      # a scenario file (relative to this file) or a built-in example
    runs = 50                     # seeded runs per design point
    steps = 40                    # steps per run (default: the scenario's)
    seed = 0
    metrics = ["p_war", "spiral"]

    [design]
    kind = "grid"                 # grid | lhs | sobol | morris

    [[parameters]]
    path = "world.offense_dominance"   # any ``--set`` path (see ``apply_overrides``)
    range = [0.0, 1.0]
    num = 6                            # grid levels over the range

    [[parameters]]
    path = "actors.Blue.empathy"
    values = [0.1, 0.5, 0.9]           # an explicit list (grid only)

    [prim]                        # optional scenario discovery (Friedman and Fisher 1999)
    metric = "p_war"
    threshold = 0.5

A parameter is declared apart from the model (the habit of EMA Workbench's ``parameters.py``):
``values`` (a list, grid only), ``range`` with ``num`` levels (grid) or sampled uniformly (other
designs), or ``distribution`` (``uniform``, ``loguniform``, ``normal``, ``triangular``) with its
``args`` for the sampling designs. Every path is checked against the base scenario at its
extreme values before anything runs, so a bad sweep fails at once with a one-line error.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator

from herz.engine.backend import check_backend
from herz.engine.scenario import (
    MAX_STEPS,
    Scenario,
    apply_overrides,
    error_from_validation,
    parse_scenario,
    read_toml,
    scenario_hash,
)
from herz.errors import HerzInputError
from herz.examples import example_path, examples
from herz.inputs import check_depth, is_file
from herz.sweep.metrics import METRICS

__all__ = [
    "MAX_POINTS",
    "DesignSpec",
    "ParameterSpec",
    "PrimSpec",
    "SweepSpec",
    "format_value",
    "load_sweep",
    "parse_sweep",
]

#: Most design points in one sweep.
MAX_POINTS = 1_000_000
#: Most runs per point.
MAX_RUNS_PER_POINT = 100_000

Kind = Literal["grid", "lhs", "sobol", "morris"]
Dist = Literal["uniform", "loguniform", "normal", "triangular"]


class _Strict(BaseModel):
    """Strict input, as scenarios: no unknown fields, no conversion, finite numbers."""

    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False)


class ParameterSpec(_Strict):
    """One varied scenario field: its path and its values, range or distribution."""

    path: str = Field(min_length=1, description="A scenario path as for --set.")
    values: list[float | int | bool | str] | None = Field(
        None, description="Explicit values (grid design only)."
    )
    range: Annotated[tuple[float, float], Strict(False)] | None = Field(
        None, description="[low, high]."
    )
    num: int | None = Field(None, ge=1, le=10_000, description="Grid levels over the range.")
    distribution: Dist | None = Field(None, description="Sampling distribution.")
    args: list[float] | None = Field(
        None,
        description="uniform/loguniform: [low, high]; normal: [mean, sd]; "
        "triangular: [low, mode, high].",
    )
    integer: bool = Field(False, description="Round sampled values to integers.")

    @model_validator(mode="after")
    def _one_form(self) -> ParameterSpec:
        forms = [self.values is not None, self.range is not None, self.distribution is not None]
        if sum(forms) != 1:
            raise ValueError("give exactly one of values, range or distribution")
        if self.values is not None:
            if not self.values:
                raise ValueError("values is empty")
            if len({type(v) if not isinstance(v, int | float) or isinstance(v, bool) else float
                    for v in self.values}) != 1:
                raise ValueError("values must all be numbers, all booleans or all strings")
        if self.range is not None:
            low, high = self.range
            if not (math.isfinite(low) and math.isfinite(high)) or not low < high:
                raise ValueError(f"empty range [{low}, {high}]: low must be below high")
        if self.distribution is not None:
            self._check_distribution()
        return self

    def _check_distribution(self) -> None:
        need = {"uniform": 2, "loguniform": 2, "normal": 2, "triangular": 3}[
            str(self.distribution)
        ]
        a = self.args or []
        if len(a) != need or not all(math.isfinite(x) for x in a):
            raise ValueError(f"{self.distribution} needs {need} finite args")
        if self.distribution in ("uniform", "loguniform") and not a[0] < a[1]:
            raise ValueError(f"empty range [{a[0]}, {a[1]}]: low must be below high")
        if self.distribution == "loguniform" and a[0] <= 0:
            raise ValueError("loguniform needs 0 < low")
        if self.distribution == "normal" and a[1] <= 0:
            raise ValueError("normal needs sd > 0")
        if self.distribution == "triangular" and not a[0] <= a[1] <= a[2] and a[0] < a[2]:
            raise ValueError("triangular needs low <= mode <= high and low < high")

    def grid_values(self) -> list[Any]:
        """The levels of this parameter in a full grid."""
        if self.values is not None:
            return list(self.values)
        assert self.range is not None and self.num is not None
        levels = np.linspace(self.range[0], self.range[1], self.num)
        return [self._cast(v) for v in levels]

    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Map uniform numbers in [0, 1] to this parameter's distribution (inverse CDF)."""
        u = np.asarray(u, dtype=float)
        if self.range is not None:
            x = self.range[0] + u * (self.range[1] - self.range[0])
        else:
            a = self.args or []
            if self.distribution == "uniform":
                x = a[0] + u * (a[1] - a[0])
            elif self.distribution == "loguniform":
                x = np.exp(np.log(a[0]) + u * (np.log(a[1]) - np.log(a[0])))
            elif self.distribution == "normal":
                from scipy import stats

                x = stats.norm.ppf(np.clip(u, 1e-12, 1 - 1e-12), loc=a[0], scale=a[1])
            else:
                from scipy import stats

                width = a[2] - a[0]
                x = stats.triang.ppf(u, (a[1] - a[0]) / width, loc=a[0], scale=width)
        return np.round(x) if self.integer else x

    def _cast(self, v: float) -> float | int:
        return int(round(v)) if self.integer else float(v)

    def extremes(self) -> list[Any]:
        """The values that checking the path needs: the edges of the parameter's support.

        Numbers are checked at their smallest and largest value (and once per Python type, so
        an int field given a float is caught); booleans and strings once per distinct value.
        At most four values for numbers, so a long numeric list costs no more to check.
        """
        if self.values is not None:
            if isinstance(self.values[0], bool | str):
                return list(dict.fromkeys(self.values))
            picks = [min(self.values), max(self.values)]
            picks += [next(v for v in self.values if type(v) is t) for t in (int, float)
                      if any(type(v) is t for v in self.values)]
            out: list[Any] = []
            for v in picks:  # distinct by value and type (1 and 1.0 are both checked)
                if not any(type(o) is type(v) and o == v for o in out):
                    out.append(v)
            return out
        lo, hi = self.from_unit(np.array([1e-6, 1 - 1e-6]))
        return [self._cast(float(lo)), self._cast(float(hi))]


class DesignSpec(_Strict):
    """The experimental design.

    * ``grid``: every combination of the parameters' levels (``values`` or ``range`` + ``num``).
    * ``lhs``: ``n`` points of a Latin hypercube (McKay, Beckman and Conover 1979).
    * ``sobol``: Saltelli's scheme for Sobol indices (Saltelli 2002; Saltelli et al. 2010) with
      ``n`` base samples (a power of two), ``n (2D + 2)`` points with second order, else
      ``n (D + 2)``.
    * ``morris``: ``n`` Morris trajectories of ``levels`` levels (Morris 1991; Campolongo,
      Cariboni and Saltelli 2007), ``n (D + 1)`` points.
    """

    kind: Kind = "grid"
    n: int | None = Field(None, ge=1, le=MAX_POINTS, description="Samples (lhs, sobol, morris).")
    second_order: bool = Field(True, description="Sobol: second-order indices too.")
    levels: int = Field(4, ge=2, le=100, description="Morris: grid levels (even).")


class PrimSpec(_Strict):
    """Scenario discovery with PRIM on one metric (Friedman and Fisher 1999)."""

    metric: str
    threshold: float | None = Field(
        None, description="Cases of interest: metric > threshold (default: the metric itself)."
    )
    peel_alpha: float = Field(0.05, gt=0, lt=0.5, description="Share peeled per step.")
    min_support: float = Field(0.05, gt=0, lt=1, description="Smallest share of points in a box.")
    boxes: int = Field(2, ge=1, le=10, description="Boxes found by covering.")


class SweepSpec(_Strict):
    """A whole sweep: base scenario, parameters, design, runs, metrics and seed."""

    scenario: str = Field(min_length=1)
    description: str = ""
    runs: int = Field(20, ge=1, le=MAX_RUNS_PER_POINT)
    steps: int | None = Field(None, ge=1, le=MAX_STEPS)
    seed: int = Field(0, ge=0)
    metrics: list[str] = Field(default_factory=lambda: ["p_war", "spiral"], min_length=1)
    batch: int = Field(0, ge=0, description="Points per Parquet file (0: chosen by size).")
    design: DesignSpec = Field(default_factory=DesignSpec)
    parameters: list[ParameterSpec] = Field(min_length=1)
    prim: PrimSpec | None = None
    backend: Literal["numpy", "numba"] = Field(
        "numpy", description="What computes the points (numba: the fused step where the world "
        "is one of the built-in rule; the same random numbers, reals to rounding).")

    @property
    def names(self) -> list[str]:
        return [p.path for p in self.parameters]


class Sweep:
    """A validated sweep: the spec, its source, the base scenario's data and hash."""

    def __init__(self, spec: SweepSpec, source: str, base: dict[str, Any], base_source: str):
        self.spec = spec
        self.source = source
        self.base = base
        self.base_source = base_source
        self.scenario: Scenario = parse_scenario(base, base_source)
        self.steps = spec.steps if spec.steps is not None else self.scenario.steps

    def digest(self) -> str:
        """SHA-256 of everything that determines the results (not the file's location)."""
        spec = self.spec.model_dump(
            mode="json", exclude={"scenario", "description", "batch", "prim"}
        )
        if spec["backend"] == "numpy":  # the digests of sweeps written before the field
            del spec["backend"]
        payload = {"spec": spec, "scenario_hash": scenario_hash(self.scenario), "steps": self.steps}
        text = json.dumps(payload, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()


def format_value(value: Any) -> str:
    """A value as a TOML literal for an override ``PATH=VALUE``."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, int | np.integer):
        return str(int(value))
    return repr(float(value))


def _resolve_base(name: str, source: str) -> tuple[dict[str, Any], str]:
    path = Path(name)
    if not path.is_absolute():
        path = Path(source).parent / path
    if is_file(path):
        return read_toml(path), str(path)
    if name in examples():
        return read_toml(example_path(name)), name
    raise HerzInputError(
        f"no such scenario file or built-in example {name!r}",
        field="scenario",
        allowed="a file relative to the sweep file or one of: " + ", ".join(examples()),
        source=source,
    )


def _check_design(spec: SweepSpec, source: str) -> None:
    try:
        check_backend(spec.backend, field="backend")
    except HerzInputError as err:
        raise err.with_source(source) from None
    d, kind = spec.design, spec.design.kind
    params = spec.parameters
    if kind == "grid":
        for p in params:
            if p.distribution is not None or (p.range is not None and p.num is None):
                raise HerzInputError(
                    f"parameter {p.path!r} needs levels for a grid",
                    field="parameters",
                    allowed="values = [...] or range = [low, high] with num = N",
                    source=source,
                )
        if d.n is not None:
            raise HerzInputError(
                "a grid takes no n", field="design.n", allowed="levels per parameter", source=source
            )
        return
    for p in params:
        if p.values is not None or p.num is not None:
            raise HerzInputError(
                f"parameter {p.path!r}: a {kind} design samples, it takes no list or num",
                field="parameters",
                allowed="range = [low, high] or distribution = ... with args",
                source=source,
            )
    if d.n is None:
        raise HerzInputError(
            f"a {kind} design needs n", field="design.n", allowed="n >= 1", source=source
        )
    if kind == "sobol":
        if d.n & (d.n - 1):
            raise HerzInputError(
                f"{d.n} is not a power of two", field="design.n",
                allowed="2, 4, 8, 16, ... (Saltelli's scheme)", source=source,
            )
        if len(params) < 2:
            raise HerzInputError(
                "Sobol indices need at least 2 parameters", field="parameters",
                allowed=">= 2 parameters", source=source,
            )
    if kind == "morris" and d.levels % 2:
        raise HerzInputError(
            f"{d.levels} levels", field="design.levels", allowed="an even number", source=source
        )


#: ``check(path, value, scenario)``: a further rule on each scenario a checked value makes.
ValueCheck = Callable[[str, Any, Scenario], None]
#: ``admit(spec, base)``: a rule on the whole sweep, before its values are checked.
Admit = Callable[[SweepSpec, Scenario], None]


def _check_paths(spec: SweepSpec, base: dict[str, Any], source: str, base_source: str,
                 check: ValueCheck | None = None) -> None:
    names = spec.names
    if len(set(names)) != len(names):
        raise HerzInputError("a path is given twice", field="parameters", source=source)
    for p in spec.parameters:
        for value in p.extremes():
            try:
                data = apply_overrides(base, [f"{p.path}={format_value(value)}"], base_source)
                scenario = parse_scenario(data, base_source)
            except HerzInputError as err:
                raise HerzInputError(
                    f"parameter {p.path!r} = {value!r} does not fit the scenario: {err.problem}"
                    + (f" at {err.field}" if err.field and err.field != "--set" else ""),
                    field="parameters",
                    allowed=err.allowed or "a scenario path as for --set (see `herz schema`)",
                    source=source,
                ) from None
            if check is not None:
                check(p.path, value, scenario)


def parse_sweep(data: dict[str, Any], source: str = "<sweep>", *, admit: Admit | None = None,
                check: ValueCheck | None = None) -> Sweep:
    """Validate a sweep given as a dict (as read from TOML); raise :class:`HerzInputError`.

    ``admit(spec, base_scenario)`` may refuse the sweep once its spec and base scenario are
    known and before the costly part, checking each parameter's values against the scenario
    (a server caps the sweep's size there); ``check(path, value, scenario)`` may refuse a
    scenario that a checked value makes.
    """
    check_depth(data, source)
    try:
        spec = SweepSpec.model_validate(data)
    except ValidationError as err:
        raise error_from_validation(err, source) from None
    unknown = [m for m in spec.metrics if m not in METRICS]
    if spec.prim is not None and spec.prim.metric not in spec.metrics:
        unknown.append(spec.prim.metric)
    if unknown:
        raise HerzInputError(
            f"unknown metric {unknown[0]!r}", field="metrics", allowed=", ".join(METRICS),
            source=source,
        )
    _check_design(spec, source)
    base, base_source = _resolve_base(spec.scenario, source)
    sweep = Sweep(spec, source, base, base_source)
    if admit is not None:
        admit(spec, sweep.scenario)
    _check_paths(spec, base, source, base_source, check)
    return sweep


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file."""
    return parse_sweep(read_toml(path), str(path))
