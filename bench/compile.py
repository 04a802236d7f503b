"""How long the numba backend's first batches take to compile, and to load once compiled.

Each measurement runs in a fresh interpreter with its own numba cache folder: first with the
folder empty (a new user's first run: every compiled function of the step built and written to
the cache), then again with the folder as the first left it (a later run: loaded from the
cache). In each, one ``simulate(..., backend="numba")`` of a few runs at N = 2 (the run-first
fused step, :mod:`herz.engine.compiled.step`), then one of enough runs to take the lanes step
(:mod:`herz.engine.compiled.lanes`). Printed: the seconds of each call::

    python bench/compile.py [--threads 2]

Slow (minutes) on a cold cache, by design: that is what it measures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

_CHILD = """
import sys, time
sys.path.insert(0, {bench!r})
from engine import ring_scenario
from herz.engine.compiled.lanes.driver import LANES_MIN_RUNS, block_size
from herz.engine.simulate import simulate

world = ring_scenario(2, steps=5)
for what, runs in (("run-first step", 8), ("lanes step", max(LANES_MIN_RUNS, block_size(2)))):
    t = time.perf_counter()
    simulate(world, runs=runs, rng=1, backend="numba")
    print(f"  {{what}} ({{runs}} runs): {{time.perf_counter() - t:7.1f}} s", flush=True)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="numba threads")
    args = parser.parse_args()
    code = _CHILD.format(bench=str(Path(__file__).resolve().parent))
    with tempfile.TemporaryDirectory() as cache:
        env = os.environ | {"NUMBA_CACHE_DIR": cache, "NUMBA_NUM_THREADS": str(args.threads)}
        for label in ("empty cache (first use)", "filled cache (later runs)"):
            print(label, flush=True)
            subprocess.run([sys.executable, "-c", code], env=env, check=True)


if __name__ == "__main__":
    main()
