"""The engine against a per-agent reference model of the same rules (bench/reference_agents.py).

The reference is plain Python, one agent and one pair at a time, with its own random numbers;
its mean trajectories of arms, security and beliefs must agree with the engine's within a few
standard errors, step by step.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from reference_agents import reference_scenario, run_reference  # noqa: E402

from herz.engine.simulate import simulate  # noqa: E402


def _largest_z(n: int, runs: int, steps: int) -> float:
    scenario = reference_scenario(n, steps)
    ref = run_reference(scenario, runs, steps, seed=1)
    herz_runs = 4 * runs
    res = simulate(scenario, runs=herz_runs, steps=steps, rng=11)
    worst = 0.0
    for k in ("arms", "security", "belief"):
        mine = res.mean[k][:steps]
        sd = ref[f"sd_{k}"]
        se = np.sqrt(sd**2 / runs + sd**2 / herz_runs) + 1e-9
        z = np.abs(ref[k] - mine) / se
        if k == "belief":
            z = z[:, ~np.eye(n, dtype=bool)]
        worst = max(worst, float(z[1:].max()))
    p = res.outcomes["war"].mean()
    se_war = np.sqrt(p * (1 - p) / runs + p * (1 - p) / herz_runs) + 1e-9
    return max(worst, float(abs(ref["war"] - p) / se_war))


def test_engine_agrees_with_the_reference_model_ci() -> None:
    # Many correlated comparisons (every step, actor and pair): a generous bound.
    assert _largest_z(2, runs=120, steps=15) < 4.5


@pytest.mark.slow
@pytest.mark.parametrize("n", [2, 5])
def test_engine_agrees_with_the_reference_model(n: int) -> None:
    assert _largest_z(n, runs=600, steps=40) < 4.5
