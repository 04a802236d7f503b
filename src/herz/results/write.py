"""Write every output of a batch of runs into a directory, atomically.

:func:`write_outputs` writes ``summary.json``, ``outcomes.parquet``, ``steps.parquet``,
``quantiles.parquet``, ``events.parquet``, ``dyads.parquet`` (:mod:`herz.results.dyads`),
``report.html`` and ``plots/*.png`` into a staging folder and moves them into place only
when everything is written (see
:func:`herz.atomic.atomic_directory`): into a new folder, or one herz wrote before; into any
other existing folder only with ``overwrite=True``, and even then only herz's own files are
replaced. A failure leaves the target as it was. ``table_format="csv"`` writes the four tables
as CSV files (``outcomes.csv``, ...) instead of Parquet; ``summary.json`` records the format.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from herz.atomic import atomic_directory
from herz.engine.simulate import SimulationResult
from herz.results.dyads import dyads_table
from herz.results.summary import summarize
from herz.results.tables import (
    FORMATS,
    events_table,
    outcomes_table,
    quantiles_table,
    steps_table,
    write_table,
)

__all__ = ["OUTPUTS", "TABLES", "output_files", "write_outputs"]

#: The files every run writes (besides ``plots/``).
OUTPUTS = (
    "summary.json",
    "outcomes.parquet",
    "steps.parquet",
    "quantiles.parquet",
    "events.parquet",
    "dyads.parquet",
    "report.html",
)
#: The tables every run writes, in the chosen format.
TABLES = ("outcomes", "steps", "quantiles", "events", "dyads")


def output_files(table_format: str = "parquet") -> tuple[str, ...]:
    """The files every run writes (besides ``plots/``) with tables in ``table_format``."""
    if table_format not in FORMATS:
        raise ValueError(f"table format {table_format!r}: allowed {', '.join(FORMATS)}")
    return ("summary.json", *(f"{t}.{table_format}" for t in TABLES), "report.html")


def _write_all(
    result: SimulationResult,
    summary: dict[str, Any],
    out: Path,
    table_format: str = "parquet",
    codes: dict[str, list[int]] | None = None,
) -> None:
    from herz.report import write_report  # the report imports matplotlib: load it only here

    output_files(table_format)  # validates the format
    summary["table_format"] = table_format
    (out / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    tables = {"outcomes": outcomes_table, "steps": steps_table, "quantiles": quantiles_table,
              "events": events_table}
    for name in TABLES:
        table = dyads_table(result, codes) if name == "dyads" else tables[name](result)
        write_table(table, out / f"{name}.{table_format}")
    write_report(result, summary, out)


def write_into(
    result: SimulationResult,
    folder: Path,
    summary: dict[str, Any] | None = None,
    table_format: str = "parquet",
    codes: dict[str, list[int]] | None = None,
) -> dict[str, Any]:
    """Write all outputs of ``result`` into ``folder`` (a staging folder of the caller, which
    is created); return the summary. ``codes`` (actor name to COW codes) fill the dyads'
    ``ccode1``/``ccode2``."""
    summary = summarize(result) if summary is None else summary
    folder.mkdir(parents=True, exist_ok=True)
    _write_all(result, summary, folder, table_format, codes)
    return summary


def write_outputs(
    result: SimulationResult,
    out_dir: str | Path,
    summary: dict[str, Any] | None = None,
    *,
    overwrite: bool = False,
    command: str = "",
    table_format: str = "parquet",
    extra: Callable[[Path], None] | None = None,
) -> dict[str, Any]:
    """Write all outputs of ``result`` into ``out_dir`` atomically; return the summary.

    ``extra``, when given, writes more files into the folder being prepared (its argument).

    ``out_dir`` must be new, empty or written by herz before; with ``overwrite`` it may be any
    folder, whose other files are kept. Otherwise :class:`herz.errors.HerzInputError` is raised
    and nothing is written. ``command`` is recorded in the folder's manifest.
    """
    summary = summarize(result) if summary is None else summary
    with atomic_directory(
        out_dir, overwrite=overwrite, command=command or "herz.results.write_outputs"
    ) as tmp:
        _write_all(result, summary, tmp, table_format)
        if extra is not None:
            extra(Path(tmp))
    return summary
