"""Write every output of a batch of runs into a directory, atomically.

:func:`write_outputs` writes ``summary.json``, ``outcomes.parquet``, ``steps.parquet``,
``quantiles.parquet``, ``events.parquet``, ``report.html`` and ``plots/*.png`` into a staging
folder and moves them into place only when everything is written (see
:func:`herz.atomic.atomic_directory`): into a new folder, or one herz wrote before; into any
other existing folder only with ``overwrite=True``, and even then only herz's own files are
replaced. A failure leaves the target as it was.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from herz.atomic import atomic_directory
from herz.engine.simulate import SimulationResult
from herz.results.summary import summarize
from herz.results.tables import (
    events_table,
    outcomes_table,
    quantiles_table,
    steps_table,
    write_parquet,
)

__all__ = ["OUTPUTS", "write_outputs"]

#: The files every run writes (besides ``plots/``).
OUTPUTS = (
    "summary.json",
    "outcomes.parquet",
    "steps.parquet",
    "quantiles.parquet",
    "events.parquet",
    "report.html",
)


def _write_all(result: SimulationResult, summary: dict[str, Any], out: Path) -> None:
    from herz.report import write_report  # the report imports matplotlib: load it only here

    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    write_parquet(outcomes_table(result), out / "outcomes.parquet")
    write_parquet(steps_table(result), out / "steps.parquet")
    write_parquet(quantiles_table(result), out / "quantiles.parquet")
    write_parquet(events_table(result), out / "events.parquet")
    write_report(result, summary, out)


def write_into(
    result: SimulationResult, folder: Path, summary: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Write all outputs of ``result`` into ``folder`` (a staging folder of the caller, which
    is created); return the summary."""
    summary = summarize(result) if summary is None else summary
    folder.mkdir(parents=True, exist_ok=True)
    _write_all(result, summary, folder)
    return summary


def write_outputs(
    result: SimulationResult,
    out_dir: str | Path,
    summary: dict[str, Any] | None = None,
    *,
    overwrite: bool = False,
    command: str = "",
) -> dict[str, Any]:
    """Write all outputs of ``result`` into ``out_dir`` atomically; return the summary.

    ``out_dir`` must be new, empty or written by herz before; with ``overwrite`` it may be any
    folder, whose other files are kept. Otherwise :class:`herz.errors.HerzInputError` is raised
    and nothing is written. ``command`` is recorded in the folder's manifest.
    """
    summary = summarize(result) if summary is None else summary
    with atomic_directory(
        out_dir, overwrite=overwrite, command=command or "herz.results.write_outputs"
    ) as tmp:
        _write_all(result, summary, tmp)
    return summary
