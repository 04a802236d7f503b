"""Sweeps: experiments at scale over a scenario's parameters.

A sweep file (:mod:`herz.sweep.spec`) names a base scenario, the parameters to vary, a design
(grid, Latin hypercube, Sobol/Saltelli, Morris), runs per point, metrics and a seed.
:func:`sweep` runs it on local processes or a Dask cluster (:mod:`herz.sweep.execute`), writes
points to a resumable Parquet dataset (:mod:`herz.sweep.store`), analyses it (Sobol indices,
Morris screening, PRIM scenario discovery: :mod:`herz.sweep.analysis`, :mod:`herz.sweep.prim`)
and writes an HTML report (:mod:`herz.sweep.report`). SALib and Dask are imported only when a
design or executor needs them (``pip install 'herz[sweep]'``).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Public name -> module; imported on first use, so that a worker process that only simulates
#: points does not import matplotlib, SALib or Dask (PEP 562).
_LAZY = {
    "Sweep": "herz.sweep.spec",
    "SweepRun": "herz.sweep.execute",
    "finish_sweep": "herz.sweep.pipeline",
    "load_sweep": "herz.sweep.spec",
    "parse_sweep": "herz.sweep.spec",
    "prim": "herz.sweep.prim",
    "prim_covering": "herz.sweep.prim",
    "query": "herz.sweep.store",
    "read_points": "herz.sweep.store",
    "run_sweep": "herz.sweep.execute",
    "sweep": "herz.sweep.pipeline",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'herz.sweep' has no attribute {name!r}")


__all__ = [
    "Sweep",
    "SweepRun",
    "finish_sweep",
    "load_sweep",
    "parse_sweep",
    "prim",
    "prim_covering",
    "query",
    "read_points",
    "run_sweep",
    "sweep",
]
