"""What a sweep collects at each design point: one number per metric, from the runs' outcomes.

Each metric is the mean over the point's runs of one value per run, so its standard error is the
runs' standard deviation over the square root of their number; both are stored. The per-run
values come from :class:`herz.engine.simulate.SimulationResult` ``outcomes``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from herz.engine.simulate import SimulationResult

__all__ = ["METRICS", "point_metrics"]

PerRun = Callable[[SimulationResult], np.ndarray]


def _off_diagonal_mean(values: np.ndarray) -> np.ndarray:
    n = values.shape[-1]
    mask = ~np.eye(n, dtype=bool)
    return np.asarray(values[:, mask].mean(axis=1), dtype=float)


def _war_of(kind: str) -> PerRun:
    return lambda r: (r.outcomes[f"wars_{kind}"] > 0).astype(float)


#: Metric name -> (per-run values, description).
METRICS: dict[str, tuple[PerRun, str]] = {
    "p_war": (lambda r: r.outcomes["war"].astype(float), "share of runs with a war"),
    "p_war_opportunistic": (_war_of("opportunistic"), "share of runs with an opportunistic war"),
    "p_war_preventive": (_war_of("preventive"), "share of runs with a preventive war"),
    "p_war_preemptive": (_war_of("preemptive"), "share of runs with a preemptive war"),
    "p_war_mutual_optimism": (
        _war_of("mutual_optimism"), "share of runs with a war of mutual optimism"
    ),
    "spiral": (
        lambda r: r.outcomes["spiral"].astype(float), "spiral index (belief rise + arms growth)"
    ),
    "arms_growth": (
        lambda r: r.outcomes["arms_growth"].mean(axis=1), "log growth of arms, mean over actors"
    ),
    "security_final": (
        lambda r: r.outcomes["security_final"].mean(axis=1), "final security, mean over actors"
    ),
    "belief_final": (
        lambda r: _off_diagonal_mean(r.outcomes["belief_final"]),
        "final belief that the other is greedy, mean over pairs",
    ),
    "incidents": (lambda r: r.outcomes["incidents"].astype(float), "incidents per run"),
    "crises": (lambda r: r.outcomes["crises"].astype(float), "crises per run"),
}


def point_metrics(result: SimulationResult, names: list[str]) -> dict[str, float]:
    """``{name: mean, name_se: standard error}`` over the runs of one point."""
    out: dict[str, float] = {}
    for name in names:
        values = METRICS[name][0](result)
        out[name] = float(values.mean())
        n = len(values)
        out[f"{name}_se"] = float(values.std(ddof=1) / np.sqrt(n)) if n > 1 else float("nan")
    return out
