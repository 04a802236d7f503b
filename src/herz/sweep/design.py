"""Experimental designs: the points of a sweep in a fixed order.

Sampling designs draw points in the unit hypercube and map each coordinate through the
parameter's inverse CDF (:meth:`ParameterSpec.from_unit`); Sobol and Morris indices are defined
on the inputs' distributions, so analysing the unit coordinates gives the same indices. The
design depends only on the sweep's seed: point *i* is the same point on any machine.

* grid: the Cartesian product of the levels, last parameter fastest.
* lhs: :class:`scipy.stats.qmc.LatinHypercube` (McKay, Beckman and Conover 1979).
* sobol: ``SALib.sample.sobol`` (Saltelli 2002; Saltelli et al. 2010), scrambled.
* morris: ``SALib.sample.morris`` (Morris 1991; Campolongo, Cariboni and Saltelli 2007).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from herz.errors import HerzInputError
from herz.rng import run_seed_sequences
from herz.sweep.spec import MAX_POINTS, Sweep, SweepSpec

__all__ = ["Design", "design_size", "make_design", "point_seeds", "sample_unit", "unit_problem"]


@dataclass(frozen=True)
class Design:
    """The points of a sweep: ``columns[path][i]`` is the value of ``path`` at point ``i``;
    ``unit`` holds the unit-hypercube coordinates of sampling designs (``None`` for a grid)."""

    names: list[str]
    columns: dict[str, list[Any]]
    unit: np.ndarray | None

    @property
    def size(self) -> int:
        return len(next(iter(self.columns.values())))


def _streams(seed: int) -> tuple[np.random.SeedSequence, np.random.SeedSequence]:
    """(root of the points' seeds, seed of the design's sampling), both spawned from ``seed``."""
    points, sampling = run_seed_sequences(seed, 2)
    return points, sampling


def point_seeds(seed: int, n_points: int) -> list[np.random.SeedSequence]:
    """The seed of each point: child ``i`` of the sweep's point stream (see :mod:`herz.rng`)."""
    return run_seed_sequences(_streams(seed)[0], n_points)


def unit_problem(names: list[str]) -> dict[str, Any]:
    """A SALib problem on the unit hypercube."""
    return {"num_vars": len(names), "names": list(names), "bounds": [[0.0, 1.0]] * len(names)}


def sample_unit(
    kind: str,
    names: list[str],
    n: int,
    rng: np.random.SeedSequence,
    second_order: bool = True,
    levels: int = 4,
) -> np.ndarray:
    """Points of a sampling design (``lhs``, ``sobol`` or ``morris``) in the unit hypercube,
    in the order SALib's analyses expect."""
    if kind == "lhs":
        from scipy.stats import qmc

        gen = np.random.default_rng(rng)
        try:
            lhs = qmc.LatinHypercube(d=len(names), rng=gen)
        except TypeError:  # scipy < 1.15 calls it seed
            lhs = qmc.LatinHypercube(d=len(names), seed=gen)
        return np.asarray(lhs.random(n), dtype=float)
    seed = int(rng.generate_state(1)[0])
    if kind == "sobol":
        from SALib.sample import sobol

        unit = sobol.sample(unit_problem(names), n, calc_second_order=second_order, seed=seed)
    elif kind == "morris":
        from SALib.sample import morris

        unit = morris.sample(unit_problem(names), n, num_levels=levels, seed=seed)
    else:
        raise ValueError(f"not a sampling design: {kind!r}")
    return np.asarray(unit, dtype=float)


def design_size(sweep: Sweep | SweepSpec) -> int:
    """Number of points the design will have, without building or sampling it."""
    spec = sweep.spec if isinstance(sweep, Sweep) else sweep
    d = spec.design
    k = len(spec.parameters)
    if d.kind == "grid":
        levels = [len(p.values) if p.values is not None else int(p.num or 1)
                  for p in spec.parameters]
        return int(np.prod(levels, dtype=float))
    assert d.n is not None
    if d.kind == "lhs":
        return d.n
    if d.kind == "sobol":
        return d.n * (2 * k + 2 if d.second_order else k + 2)
    return d.n * (k + 1)


def make_design(sweep: Sweep) -> Design:
    """Build the design of ``sweep`` (deterministic given its seed)."""
    spec, d = sweep.spec, sweep.spec.design
    size = design_size(sweep)
    if size > MAX_POINTS:
        raise HerzInputError(
            f"{size} design points", field="design", allowed=f"at most {MAX_POINTS}",
            source=sweep.source,
        )
    names = spec.names
    if d.kind == "grid":
        rows = list(itertools.product(*[p.grid_values() for p in spec.parameters]))
        columns = {name: [row[j] for row in rows] for j, name in enumerate(names)}
        return Design(names, columns, None)
    assert d.n is not None
    unit = sample_unit(d.kind, names, d.n, _streams(spec.seed)[1], d.second_order, d.levels)
    columns = {}
    for j, p in enumerate(spec.parameters):
        x = p.from_unit(unit[:, j])
        columns[p.path] = [int(v) for v in x] if p.integer else [float(v) for v in x]
    return Design(names, columns, np.asarray(unit, dtype=float))
