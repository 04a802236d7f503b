"""Where the engine's time goes: a cProfile of :func:`herz.engine.simulate.simulate`, by phase.

Profiles one batch of the benchmark's ring world (:func:`bench.engine.ring_scenario`) and sums
the time spent *inside* each function of herz (numpy's own functions are charged to the herz
function that called them) into the phases of a step, as shares of the whole call:

- ``random``: the counter-based streams (:mod:`herz.engine.streams`);
- ``perceive``: perception and the war arithmetic (:mod:`herz.engine.perception`,
  :mod:`herz.engine.war_choice`, :mod:`herz.engine.context`);
- ``decide``: the built-in rule (:mod:`herz.engine.policy`, :mod:`herz.engine.arming`);
- ``acts``: the act phases (:mod:`herz.engine.acts`);
- ``learn``: evidence and the belief update (:mod:`herz.engine.learning`,
  :mod:`herz.engine.beliefs`);
- ``incidents, war``: :mod:`herz.engine.incidents`, :mod:`herz.engine.war`;
- ``economy``: :mod:`herz.engine.economy`, and ``State`` properties (``ally``, monitoring);
- ``event log``: :mod:`herz.engine.events` (and the dyad hostility levels);
- ``outputs``: trajectories, dyad counts and outcomes (:mod:`herz.engine.simulate`,
  the step record in :mod:`herz.engine.step`);
- ``other``: everything else (setup, run keys, Python overhead outside herz).

Run::

    python bench/profile_engine.py                       # N in {2, 20, 50}, runs in {1, 100, 1 000}
    python bench/profile_engine.py --actors 20 --runs 1000 --top 25
    python bench/profile_engine.py --backend numba      # what the compiled kernels leave
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

PHASES = {
    "streams.py": "random",
    "perception.py": "perceive",
    "war_choice.py": "perceive",
    "context.py": "perceive",
    "policy.py": "decide",
    "arming.py": "decide",
    "learning.py": "learn",
    "beliefs.py": "learn",
    "incidents.py": "incidents, war",
    "war.py": "incidents, war",
    "economy.py": "economy",
    "state.py": "economy",
    "events.py": "event log",
    "simulate.py": "outputs",
    "bargaining.py": "perceive",
    "backend.py": "other",
    "step.py": "outputs",
}


def phase_of(filename: str) -> str:
    """The phase a function's source file belongs to."""
    path = Path(filename)
    if "herz" not in path.parts:
        return "other"
    if "acts" in path.parts:
        return "acts"
    return PHASES.get(path.name, "other")


def profile(n: int, runs: int, steps: int, backend: str = "numpy"
            ) -> tuple[float, dict[str, float], pstats.Stats]:
    """Seconds of one profiled batch, the share of each phase and the raw statistics.

    A herz function's share is its own time plus the time of the numpy and builtin functions
    it calls directly (so ``np.einsum`` in perception counts as perception).
    """
    scenario = ring_scenario(n, steps)
    simulate(scenario, runs=2, steps=2, rng=0, backend=backend)  # warm-up, compilation
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    simulate(scenario, runs=runs, steps=steps, rng=0, backend=backend)
    prof.disable()
    seconds = time.perf_counter() - t0
    stats = pstats.Stats(prof)
    raw = stats.stats  # type: ignore[attr-defined]
    memo: dict[tuple, dict[str, float]] = {}

    def blame(func: tuple, seen: frozenset = frozenset()) -> dict[str, float]:
        """Shares of the phases a function's time is charged to: its own phase for herz code;
        for numpy and builtins, its callers' phases in proportion to their calls."""
        if func in memo:
            return memo[func]
        phase = phase_of(func[0])
        callers = raw[func][4] if func in raw else {}
        if phase != "other" or not callers or func in seen:
            out = {phase: 1.0}
        else:
            out = {}
            whole = sum(v[0] for v in callers.values()) or 1
            for caller, v in callers.items():
                for key, w in blame(caller, seen | {func}).items():
                    out[key] = out.get(key, 0.0) + w * v[0] / whole
        memo[func] = out
        return out

    shares: dict[str, float] = {}
    total = 0.0
    for func, (_, _, tottime, _, _) in raw.items():
        total += tottime
        for key, w in blame(func).items():
            shares[key] = shares.get(key, 0.0) + tottime * w
    return seconds, {k: v / total for k, v in shares.items()}, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, nargs="+", default=[2, 20, 50])
    parser.add_argument("--runs", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--top", type=int, default=0, help="also print the top functions")
    parser.add_argument("--backend", default="numpy", choices=["numpy", "numba"])
    args = parser.parse_args()
    order = ["random", "perceive", "decide", "acts", "learn", "incidents, war", "economy",
             "event log", "outputs", "other"]
    header = f"{'N':>3} {'runs':>6} {'s':>7} " + " ".join(f"{p[:9]:>9}" for p in order)
    print(f"share of the profiled time by phase ({args.steps} steps; cProfile overhead included)")
    print(header)
    print("-" * len(header))
    for n in args.actors:
        for runs in args.runs:
            seconds, shares, stats = profile(n, runs, args.steps, args.backend)
            cells = " ".join(f"{100 * shares.get(p, 0.0):>8.0f}%" for p in order)
            print(f"{n:>3} {runs:>6} {seconds:>7.2f} {cells}", flush=True)
            if args.top:
                stats.sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
