"""The case library: real security dilemmas, calibrated on real data, with counterfactuals.

Each case is a scenario file in the engine's schema plus a metadata file (sources, observed
spending, parameter ranges, calibration, counterfactual branches). ``herz case list|show|run|
calibrate`` and ``herz cite`` are the command-line face; see docs/howto/add-a-case.md.
"""

from __future__ import annotations

from herz.cases.library import (
    Case,
    actor_codes,
    apply_counterfactuals,
    case_names,
    case_scenario,
    derived_initial,
    load_case,
    lowest_burden,
    observed_burden,
    observed_spending,
)

__all__ = [
    "Case",
    "actor_codes",
    "apply_counterfactuals",
    "case_names",
    "case_scenario",
    "derived_initial",
    "load_case",
    "lowest_burden",
    "observed_burden",
    "observed_spending",
]
