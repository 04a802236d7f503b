"""Results of a batch of runs: the summary with confidence intervals and tidy tables.

See :func:`summarize`, :func:`steps_table`, :func:`quantiles_table`, :func:`events_table` and
:func:`write_outputs` (every output, written atomically into one directory).
"""

from __future__ import annotations

from herz.results.stats import (
    Interval,
    mean_interval,
    positive_mean_interval,
    wilson_interval,
)
from herz.results.summary import summarize
from herz.results.tables import (
    events_table,
    outcomes_table,
    quantiles_table,
    read_parquet,
    read_table,
    steps_table,
    write_parquet,
    write_table,
)
from herz.results.write import OUTPUTS, output_files, write_outputs

__all__ = [
    "OUTPUTS",
    "Interval",
    "events_table",
    "mean_interval",
    "outcomes_table",
    "output_files",
    "positive_mean_interval",
    "quantiles_table",
    "read_parquet",
    "read_table",
    "steps_table",
    "summarize",
    "wilson_interval",
    "write_outputs",
    "write_parquet",
    "write_table",
]
