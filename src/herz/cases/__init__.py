"""The case library: real security dilemmas, calibrated on real data, with counterfactuals.

Each case is a scenario file in the engine's schema plus a metadata file (sources, observed
spending, parameter ranges, calibration, counterfactual branches), in this package or anywhere
else (:func:`load_case` takes a name or a path). ``herz case list|show|run|calibrate|backtest|
new`` and ``herz cite`` are the command-line face; see docs/howto/add-a-case.md.
"""

from __future__ import annotations

from herz.cases.library import (
    CASE_SUFFIX,
    Case,
    actor_codes,
    apply_counterfactuals,
    case_names,
    case_scenario,
    derived_initial,
    load_case,
    lowest_burden,
    observed_burden,
    observed_file,
    observed_spending,
    read_spending_file,
)

__all__ = [
    "CASE_SUFFIX",
    "Case",
    "actor_codes",
    "apply_counterfactuals",
    "case_names",
    "case_scenario",
    "derived_initial",
    "load_case",
    "lowest_burden",
    "observed_burden",
    "observed_file",
    "observed_spending",
    "read_spending_file",
]
