"""Peak memory of the engine against the number of runs: does chunking hold its budget?

Each size is simulated in a fresh process (``simulate`` on a built-in example, ``keep=1``)
that reports its peak resident memory (``ru_maxrss``). Printed per size: the peak, the peak
above the interpreter's own baseline, and its ratio to the smallest size's, next to the ratio
of runs. With chunking working, the peak above baseline grows only with what a run must return
(its outcomes, a few numbers and one N x N belief matrix per run), far slower than the runs.

Run::

    python bench/memory.py                                  # spiral, 10 000 to 200 000 runs
    python bench/memory.py --example region20 --runs 500 1000 2000 --steps 20
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

CHILD = """\
import json, resource, sys
from herz.engine.scenario import load_scenario
from herz.engine.simulate import simulate
from herz.examples import example_path
example, runs, steps = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
scenario = load_scenario(example_path(example))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if runs:
    result = simulate(scenario, runs, steps or None, rng=0, keep=1)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kib": base, "peak_kib": peak}))
"""


def peak(example: str, runs: int, steps: int) -> dict[str, int]:
    out = subprocess.run([sys.executable, "-c", CHILD, example, str(runs), str(steps)],
                         capture_output=True, text=True, check=True, timeout=1800)
    result: dict[str, int] = json.loads(out.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", default="spiral")
    parser.add_argument("--runs", type=int, nargs="+", default=[10_000, 50_000, 100_000, 200_000])
    parser.add_argument("--steps", type=int, default=0, help="0: the example's own")
    args = parser.parse_args()
    print(f"{args.example}, steps {args.steps or 'as in the example'}")
    print(f"{'runs':>9}{'peak MiB':>10}{'above base':>12}{'x runs':>8}{'x memory':>10}")
    first: tuple[int, int] | None = None
    for runs in sorted(args.runs):
        m = peak(args.example, runs, args.steps)
        above = max(1, m["peak_kib"] - m["base_kib"])
        if first is None:
            first = (runs, above)
        print(f"{runs:>9}{m['peak_kib'] / 1024:>10.0f}{above / 1024:>12.0f}"
              f"{runs / first[0]:>8.1f}{above / first[1]:>10.1f}")


if __name__ == "__main__":
    main()
