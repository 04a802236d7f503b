"""Run the paired experiments of :mod:`herz.mechanisms.experiments` and judge each one.

Both arms of an experiment run with the same seed: run *i* of the world with the lever on and
run *i* of the world with it off draw every random number from the same key
(:mod:`herz.engine.streams`), so they differ only through the lever (common random numbers).
The effect is the mean of the paired differences ``on - off`` of the experiment's measure; its
95% interval is Student's t interval on those differences (with hundreds of runs, the normal
one). The verdict reads the interval against 0 and against the experiment's threshold, the
least effect the mechanism claims in its expected direction (0 for most; 0.5 for a share that
must be a majority):

- ``ok``: the interval lies wholly beyond the threshold on the expected side;
- ``wrong-sign``: the interval lies wholly on the other side of 0;
- ``null``: anything else: it contains 0 (no effect shown) or does not clear the threshold.

With a threshold of 0 the verdict is the usual one: ``ok`` when the interval excludes 0 with the
expected sign, ``null`` when it spans 0, ``wrong-sign`` when it excludes 0 with the other sign.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

from herz.engine.scenario import Scenario, apply_overrides, parse_scenario, read_toml
from herz.engine.simulate import simulate
from herz.errors import HerzInputError
from herz.examples import example_path
from herz.mechanisms.experiments import EXPERIMENTS, Experiment

__all__ = [
    "CONFIDENCE",
    "DEFAULT_RUNS",
    "DEFAULT_SEED",
    "MAX_RUNS",
    "MechanismResult",
    "Verdict",
    "arm_scenario",
    "paired_interval",
    "run_experiment",
    "run_experiments",
    "select",
    "verdict",
]

Verdict = Literal["ok", "null", "wrong-sign"]
#: Two-sided confidence level of the paired interval.
CONFIDENCE = 0.95
DEFAULT_RUNS = 400
DEFAULT_SEED = 0
#: Most runs per arm: every run keeps its trajectories and events for the measures.
MAX_RUNS = 20_000


@dataclass(frozen=True)
class MechanismResult:
    """What one paired experiment gave."""

    key: str
    number: int
    mechanism: str
    lever: str
    outcome: str
    expected: int  # +1 or -1: the sign of the effect the mechanism predicts
    threshold: float  # the least effect it claims, in the expected direction
    runs: int
    seed: int
    mean_off: float
    mean_on: float
    effect: float  # mean paired difference, on minus off
    low: float  # 95% interval of the effect
    high: float
    verdict: Verdict

    def row(self) -> dict[str, object]:
        """The result as a flat dict (for ``--json``)."""
        return {
            "experiment": self.key,
            "number": self.number,
            "mechanism": self.mechanism,
            "lever": self.lever,
            "outcome": self.outcome,
            "expected": "+" if self.expected > 0 else "-",
            "threshold": self.threshold,
            "runs": self.runs,
            "seed": self.seed,
            "mean_off": self.mean_off,
            "mean_on": self.mean_on,
            "effect": self.effect,
            "low": self.low,
            "high": self.high,
            "verdict": self.verdict,
        }


def paired_interval(
    on: np.ndarray, off: np.ndarray, confidence: float = CONFIDENCE
) -> tuple[float, float, float]:
    """``(mean, low, high)`` of the paired differences ``on - off``: Student's t interval.

    Identical arms give ``(0, 0, 0)``.
    """
    diff = np.asarray(on, float) - np.asarray(off, float)
    if diff.ndim != 1 or len(diff) < 2:
        raise ValueError("a paired interval needs two equal-length 1-d arrays of >= 2 runs")
    if not np.all(np.isfinite(diff)):
        raise ValueError("paired differences must be finite")
    mean = float(diff.mean())
    se = float(diff.std(ddof=1) / np.sqrt(len(diff)))
    half = float(stats.t.ppf(0.5 + confidence / 2, len(diff) - 1)) * se
    return mean, mean - half, mean + half


def verdict(low: float, high: float, expected: int, threshold: float = 0.0) -> Verdict:
    """The verdict on an effect's interval ``[low, high]`` (see the module docstring).

    ``expected`` is +1 or -1; ``threshold`` is 0 or lies on the expected side of 0.
    """
    if expected not in (1, -1):
        raise ValueError("expected is +1 or -1")
    if expected * threshold < 0:
        raise ValueError("the threshold lies on the expected side of 0")
    if low > high:
        raise ValueError("low > high")
    lo, hi, bound = (low, high, threshold) if expected > 0 else (-high, -low, -threshold)
    if lo > bound:
        return "ok"
    if hi < 0:
        return "wrong-sign"
    return "null"


def arm_scenario(exp: Experiment, lever_on: bool) -> Scenario:
    """The world of one arm: the example with the common overrides, then the arm's own
    overrides, then (lever on) the lever's timeline entries appended."""
    data = read_toml(example_path(exp.example))
    arm = exp.on if lever_on else exp.off
    data = apply_overrides(data, [*exp.overrides, *arm], source=exp.example)
    if lever_on and exp.timeline:
        data["timeline"] = [*data.get("timeline", []), *(dict(e) for e in exp.timeline)]
    state = "on" if lever_on else "off"
    return parse_scenario(data, source=f"{exp.example} (experiment {exp.key}, lever {state})")


def run_experiment(
    exp: Experiment, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED, lever: bool = True
) -> MechanismResult:
    """Run both arms of ``exp`` with common random numbers and judge the effect.

    ``lever=False`` runs the lever-off world in both arms (the switched-off control: the
    effect must vanish).
    """
    if not 2 <= runs <= MAX_RUNS:
        raise HerzInputError(f"{runs} runs", field="runs", allowed=f"2 to {MAX_RUNS}")
    measured = []
    for on in (False, True):
        world = arm_scenario(exp, on and lever)
        res = simulate(world, runs=runs, steps=exp.steps, rng=seed, keep=runs)
        values = np.asarray(exp.measure(res), float)
        if values.shape != (runs,):
            raise ValueError(f"experiment {exp.key}: measure gave shape {values.shape}")
        measured.append(values)
    off, on_values = measured
    mean, low, high = paired_interval(on_values, off)
    return MechanismResult(
        key=exp.key,
        number=exp.number,
        mechanism=exp.mechanism,
        lever=exp.lever,
        outcome=exp.outcome,
        expected=exp.expected,
        threshold=exp.threshold,
        runs=runs,
        seed=seed,
        mean_off=float(off.mean()),
        mean_on=float(on_values.mean()),
        effect=mean,
        low=low,
        high=high,
        verdict=verdict(low, high, exp.expected, exp.threshold),
    )


def select(skip: Iterable[str] = (), only: Iterable[str] = ()) -> tuple[Experiment, ...]:
    """The experiments to run: all, or ``only`` those keys, minus ``skip`` (unknown keys are
    an input error)."""
    keys = [e.key for e in EXPERIMENTS]
    skip, only = list(skip), list(only)
    for key in (*skip, *only):
        if key not in keys:
            raise HerzInputError(f"no experiment {key!r}", field="--skip/--only",
                                 allowed=", ".join(keys))
    chosen = [e for e in EXPERIMENTS if (not only or e.key in only) and e.key not in skip]
    return tuple(chosen)


def run_experiments(
    experiments: Iterable[Experiment] = EXPERIMENTS,
    runs: int = DEFAULT_RUNS,
    seed: int = DEFAULT_SEED,
    progress: Callable[[MechanismResult], None] | None = None,
) -> list[MechanismResult]:
    """Run each experiment (see :func:`run_experiment`); ``progress`` sees each result."""
    out = []
    for exp in experiments:
        result = run_experiment(exp, runs=runs, seed=seed)
        if progress is not None:
            progress(result)
        out.append(result)
    return out
