"""What a batch of the fused engine does around its compiled step (the store), per run-step,
next to the whole ``simulate`` call, measured in one process.

Runs ``simulate(ring_scenario(N, steps), runs, steps, backend="numba")``: first untimed (the
same kernels compiled), then ``--repeat`` times by the wall clock (the least is printed: on a
shared machine the minimum is what load disturbs least), then once under ``cProfile``, whose
cumulative times split the call into the kernel (the fused step and its dyad table), the
chunk's setup, the event log and the store: everything else, from the frames' sums and kept
trajectories to the sketches' counts and quantiles, the final frame and the outcomes. Each part
of the store is printed by function, in microseconds per run-step and as a share of the
whole::

    python bench/store.py                      # N = 20, 1 000 runs, 50 steps
    NUMBA_NUM_THREADS=1 python bench/store.py  # the same on one thread
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import ring_scenario  # noqa: E402
from herz.engine.simulate import simulate  # noqa: E402

#: (file, function) whose cumulative time is the kernel's, the setup's or the log's.
NOT_STORE = {
    "kernel": (("fused.py", "advance"), ("fused.py", "add_dyads"), ("fused.py", "finish")),
    "setup": (("fused.py", "__init__"), ("streams.py", "run_keys"), ("streams.py", "uniform"),
              ("state.py", "initial_state"), ("world.py", "compile_world")),
    "event log": (("events.py", "columns"),),
}
#: The store's functions (cumulative time; none of them calls another of the list).
STORE_PARTS = (
    ("outputs.py", "record_frame"), ("outputs.py", "tally"), ("sketch.py", "count_into"),
    ("simulate.py", "_arms_value"), ("simulate.py", "add"), ("simulate.py", "quantiles"),
    ("simulate.py", "_final_frame"), ("simulate.py", "_final_perception"),
    ("simulate.py", "_outcomes"),
)


def cumulative(stats: pstats.Stats, where: tuple[tuple[str, str], ...]) -> dict[str, float]:
    """Cumulative seconds of each named function found in ``stats``."""
    out: dict[str, float] = {}
    table = stats.stats  # type: ignore[attr-defined]
    for (path, _, name), (_, _, _, cum, _) in table.items():
        for file, function in where:
            if name == function and path.endswith(file):
                key = f"{file[:-3]}.{function}"
                out[key] = out.get(key, 0.0) + cum
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="actors (default 20)")
    parser.add_argument("--runs", type=int, default=1000, help="runs (default 1 000)")
    parser.add_argument("--steps", type=int, default=50, help="steps (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="timed calls (default 3)")
    args = parser.parse_args()
    import numba

    scenario = ring_scenario(args.n, args.steps)

    def call() -> None:
        simulate(scenario, runs=args.runs, steps=args.steps, rng=0, backend="numba")

    simulate(scenario, runs=args.runs, steps=1, rng=0, backend="numba")  # compiled
    best = float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - t0)
    profile = cProfile.Profile()
    profile.runcall(call)
    stats = pstats.Stats(profile)
    per = 1e6 / (args.runs * args.steps)
    whole = cumulative(stats, (("simulate.py", "simulate"),))["simulate.simulate"]
    print(f"N = {args.n}, {args.runs:,} runs, {args.steps} steps, "
          f"{numba.get_num_threads()} numba threads")
    print(f"  simulate, least of {args.repeat}: {best * per:7.2f} us per run-step")
    print(f"  simulate under cProfile:  {whole * per:7.2f} us per run-step")
    rest = whole
    for label, where in NOT_STORE.items():
        seconds = sum(cumulative(stats, where).values())
        rest -= seconds
        print(f"    {label:<22} {seconds * per:7.2f} us  {seconds / whole:6.1%}")
    print(f"    {'store (the rest)':<22} {rest * per:7.2f} us  {rest / whole:6.1%}")
    for name, seconds in sorted(cumulative(stats, STORE_PARTS).items(), key=lambda x: -x[1]):
        print(f"      {name:<20} {seconds * per:7.2f} us  {seconds / whole:6.1%}")


if __name__ == "__main__":
    main()
