"""Throughput of a sweep: points per second with 1 and 2 local workers and a 2-worker Dask
local cluster, and the scaling efficiency of each 2-worker executor.

The sweep is a 200-point Latin hypercube over three levers of the built-in ``spiral`` example
(offence dominance, distinguishability, Blue's empathy), ``--runs`` runs of ``--steps`` steps
per point. Each executor runs the same sweep into a fresh folder; the wall time includes starting
the workers, writing the Parquet dataset and (as the CLI does) nothing else. Scaling efficiency
is ``throughput(2 workers) / (2 * throughput(1 worker))``: 1.0 is perfect. All three must give
the same numbers, which the benchmark checks.

Run::

    python bench/sweep.py                  # 200 points, 20 runs x 30 steps each
    python bench/sweep.py --points 50      # quicker
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from herz.sweep import parse_sweep, read_points, run_sweep


def bench_sweep(points: int, runs: int, steps: int) -> dict[str, object]:
    """The sweep measured (a dict as read from a sweep file)."""
    return {
        "scenario": "spiral", "runs": runs, "steps": steps, "seed": 0,
        "metrics": ["p_war", "spiral", "belief_final"],
        "design": {"kind": "lhs", "n": points},
        "parameters": [
            {"path": "world.offense_dominance", "range": [0.0, 1.0]},
            {"path": "world.distinguishability", "range": [0.0, 1.0]},
            {"path": "actors.Blue.empathy", "range": [0.0, 1.0]},
        ],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=200)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--steps", type=int, default=30)
    args = parser.parse_args()
    sweep = parse_sweep(bench_sweep(args.points, args.runs, args.steps), "bench/sweep.py")
    executors: list[tuple[str, dict[str, int]]] = [
        ("1 local worker", {"workers": 1}),
        ("2 local workers", {"workers": 2}),
        ("Dask local cluster, 2 workers", {"local_cluster": 2}),
    ]
    root = Path(tempfile.mkdtemp(prefix="herz-bench-sweep-"))
    rates: dict[str, float] = {}
    tables = []
    try:
        for label, kwargs in executors:
            out = root / label.replace(" ", "_").replace(",", "")
            t0 = time.perf_counter()
            run_sweep(sweep, out, **kwargs)  # type: ignore[arg-type]
            seconds = time.perf_counter() - t0
            rates[label] = args.points / seconds
            tables.append(read_points(out))
            print(f"{label:<32} {seconds:7.2f} s  {rates[label]:7.1f} points/s")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for t in tables[1:]:
        for k, v in tables[0].items():
            np.testing.assert_array_equal(v, t[k], err_msg=k)
    print("same numbers on every executor: yes")
    one = rates["1 local worker"]
    for label in ("2 local workers", "Dask local cluster, 2 workers"):
        print(f"scaling efficiency, {label}: {rates[label] / (2 * one):.2f}")


if __name__ == "__main__":
    main()
