"""Design -> run -> collect -> analyse -> report, as one call.

:func:`finish_sweep` analyses a complete sweep folder and writes its report; :func:`sweep` does
everything from a sweep file.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from herz.errors import HerzInputError
from herz.sweep.analysis import analyse
from herz.sweep.design import _streams, sample_unit
from herz.sweep.execute import SweepRun, run_sweep
from herz.sweep.report import write_report
from herz.sweep.spec import load_sweep
from herz.sweep.store import read_manifest, read_points

__all__ = ["finish_sweep", "sweep"]


def finish_sweep(out: str | Path) -> dict[str, Any]:
    """Analyse the complete sweep in ``out``; write ``analysis.json``, plots and the report."""
    out = Path(out)
    manifest = read_manifest(out)
    if manifest is None:
        raise HerzInputError("holds no sweep (no sweep.json)", source=str(out))
    points = read_points(out)
    n_done = len(points.get("point", []))
    if n_done != manifest["n_points"]:
        raise HerzInputError(
            f"{n_done} of {manifest['n_points']} points done", source=str(out),
            allowed="run the sweep again with the same command to finish it",
        )
    design = manifest["sweep"]["design"]
    unit = None
    if design["kind"] == "morris":
        unit = sample_unit("morris", manifest["parameters"], design["n"],
                           _streams(manifest["seed"])[1], levels=design["levels"])
        unit = np.asarray(unit)
    analysis = analyse(manifest, points, unit)
    write_report(out, manifest, points, analysis)
    return analysis


def sweep(
    path: str | Path,
    out: str | Path,
    workers: int = 1,
    scheduler: str | None = None,
    local_cluster: int | None = None,
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
    *,
    overwrite: bool = False,
) -> tuple[SweepRun, dict[str, Any]]:
    """Run (or resume) the sweep file ``path`` into ``out`` and analyse it."""
    spec = load_sweep(path)
    run = run_sweep(spec, out, workers, scheduler, local_cluster, progress, on_start,
                    overwrite=overwrite)
    return run, finish_sweep(out)
