"""Speed of the simulation engine: actor-steps per second, and what vectorizing across runs buys.

Builds N-actor worlds programmatically: a ring of rivals (each actor distrusts its two ring
neighbours), alliances of actors two places apart, types drawn per run (``p_greedy``), and a mix
of conventional, strategic and cyber forces, so every mechanism of the step does work. For each N
and number of runs it times :func:`herz.engine.simulate.simulate` (default ``keep``: 200 runs keep
their trajectories and event log, as in ``herz run``) and prints

- actor-steps per second: ``runs * N * steps / seconds``;
- the per-run cost at 1 run divided by the per-run cost at the largest batch, measured in the
  same process: how much one run gains from being simulated with many others (target: >= 50 at
  N = 2 for 1 against 10 000 runs).

Run::

    python bench/engine.py            # N in {2, 20, 50}, runs in {1, 100, 10 000}, 50 steps
    python bench/engine.py --quick    # runs scaled down (1, 100, 1 000): well under a minute
    python bench/engine.py --steps 20 --actors 2 20 --runs 1 100 10000
"""

from __future__ import annotations

import argparse
import time

from herz.engine.scenario import Scenario, parse_scenario
from herz.engine.simulate import simulate


def ring_scenario(n: int, steps: int = 50) -> Scenario:
    """An N-actor ring of rivals with some alliances (no name or outcome written in)."""
    actors = []
    for i in range(n):
        forces = {"conventional_offensive": 3.0, "conventional_defensive": 3.0, "cyber": 0.5}
        if i % 3 == 0:
            forces |= {"ssbn": 1.0, "silo_missiles": 2.0, "counterforce": 0.5}
        actors.append(
            {
                "name": f"A{i:03d}",
                "gdp": 100.0 + 10.0 * (i % 5),
                "growth": 0.01 + 0.005 * (i % 4),
                "p_greedy": 0.2,
                "empathy": 0.3,
                "candor": 0.1,
                "forces": forces,
            }
        )
    names = [a["name"] for a in actors]
    beliefs = []
    if n > 2:
        for i in range(n):
            for j in ((i - 1) % n, (i + 1) % n):
                beliefs.append({"holder": names[i], "about": names[j], "value": 0.4})
    alliances = [
        {"name": f"pact{i}", "members": [names[i], names[i + 2]]} for i in range(0, n - 2, 4)
    ]
    data = {
        "name": f"ring of {n}",
        "steps": steps,
        "world": {"offense_dominance": 0.6, "distinguishability": 0.4},
        "actors": actors,
        "alliances": alliances,
        "beliefs": beliefs,
    }
    return parse_scenario(data, source=f"<ring {n}>")


def time_batch(scenario: Scenario, runs: int, steps: int, repeat: int) -> float:
    """Best wall-clock seconds of ``repeat`` simulations of ``runs`` runs."""
    best = float("inf")
    for r in range(repeat):
        t0 = time.perf_counter()
        simulate(scenario, runs=runs, steps=steps, rng=r)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, nargs="+", default=[2, 20, 50])
    parser.add_argument("--runs", type=int, nargs="+", default=None)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="runs 1, 100, 1 000")
    args = parser.parse_args()
    runs_list = args.runs or ([1, 100, 1000] if args.quick else [1, 100, 10_000])
    runs_list = sorted(set(runs_list))
    steps = args.steps

    print(f"herz engine benchmark: {steps} steps; best of several for small batches")
    header = f"{'N':>4} {'runs':>7} {'seconds':>9} {'actor-steps/s':>14} {'ms per run':>11}"
    print(header)
    print("-" * len(header))
    ratios = {}
    for n in args.actors:
        scenario = ring_scenario(n, steps)
        simulate(scenario, runs=2, steps=2, rng=0)  # warm-up (imports, caches)
        per_run = {}
        for runs in runs_list:
            repeat = 5 if runs * n <= 200 else (2 if runs * n <= 20_000 else 1)
            seconds = time_batch(scenario, runs, steps, repeat)
            per_run[runs] = seconds / runs
            rate = runs * n * steps / seconds
            print(f"{n:>4} {runs:>7} {seconds:>9.3f} {rate:>14,.0f} {1e3 * seconds / runs:>11.3f}",
                  flush=True)
        lo, hi = min(runs_list), max(runs_list)
        ratios[n] = per_run[lo] / per_run[hi]
    lo, hi = min(runs_list), max(runs_list)
    print()
    print(f"per-run cost at {lo} run(s) / per-run cost at {hi:,} runs (same process):")
    for n, ratio in ratios.items():
        print(f"  N = {n:>3}: {ratio:8.1f}")


if __name__ == "__main__":
    main()
