"""The brief's mechanisms as paired experiments: each one a lever switched on and off in two
versions of one world, run with common random numbers, and a verdict on the effect
(``herz mechanisms``).

:mod:`herz.mechanisms.experiments` declares the experiments as data; :mod:`herz.mechanisms.run`
runs both arms, computes the paired effect with its 95% interval and judges it.
"""

from __future__ import annotations

from herz.mechanisms.experiments import EXPERIMENTS, Experiment
from herz.mechanisms.run import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    MechanismResult,
    Verdict,
    arm_scenario,
    paired_interval,
    run_experiment,
    run_experiments,
    select,
    verdict,
)

__all__ = [
    "DEFAULT_RUNS",
    "DEFAULT_SEED",
    "EXPERIMENTS",
    "Experiment",
    "MechanismResult",
    "Verdict",
    "arm_scenario",
    "paired_interval",
    "run_experiment",
    "run_experiments",
    "select",
    "verdict",
]
