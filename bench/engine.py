"""Speed of the simulation engine against the targets of the speed issue, as ratios.

Every figure is measured in this one process (on a shared machine absolute seconds vary by a
factor of two from one run to the next; ratios much less):

1. herz against the per-agent reference (:mod:`reference_agents`: the same step in plain
   Python, one agent and one pair at a time, as a modeller would write it) at 1, 100 and 1 000
   runs for N = 2 and N = 20, 50 steps: medians of 3 (the reference's time for many runs is its
   median time for one run times the runs: runs are independent, its time is linear in them);
2. the distance from the memory floor at N = 20 and 1 000 runs: herz's seconds per run-step
   against the time the bytes of a run's state take to be read and written once at the
   streaming bandwidth measured here (a numpy copy of a 256 MiB array);
3. one run of 500 steps at N = 20, in seconds (interactive use in the browser);
4. the peak resident memory of 10 000 runs of N = 50 over 50 steps, measured in a subprocess,
   against the chunk budget;
5. the numba backend against the numpy reference: runs whose outcomes (wars, their kinds and
   first steps, incidents, crises) differ, and the largest relative difference of the means;
6. (``--only cases``) each case of the library, 200 runs of its own steps: numpy's seconds
   against numba's (its timeline's steps taken by the numpy step), medians of 3.

Each of 1-3 is printed for the numpy backend and, when numba is installed, the numba one.

Run::

    python bench/engine.py                 # everything (the 10 000-run memory check is long)
    python bench/engine.py --quick         # 100 runs at most, 2 000 runs for memory
    python bench/engine.py --only speed    # one part: speed, floor, single, memory, agree, cases
    NUMBA_NUM_THREADS=1 python bench/engine.py --clock cpu   # on a busy shared machine
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from reference_agents import reference_scenario, run_reference  # noqa: E402

from herz.engine.backend import BACKENDS, available  # noqa: E402
from herz.engine.scenario import Scenario, parse_scenario  # noqa: E402
from herz.engine.simulate import _MEMORY_BUDGET, simulate  # noqa: E402
from herz.engine.state import initial_state  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402


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


#: The clock of every timing: wall-clock seconds, or this process's CPU seconds (all its
#: threads), which other processes on a shared machine disturb far less (``--clock cpu``).
CLOCK: Callable[[], float] = time.perf_counter


def _median_seconds(fn: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    return statistics.median(times)


def backends() -> list[str]:
    """The backends this machine can run."""
    return [b for b in BACKENDS if available(b)]


def speed_against_reference(runs_list: list[int], actors: list[int], steps: int) -> None:
    print(f"\n1. herz / per-agent reference, {steps} steps, medians of 3 "
          "(the reference's time for many runs: its median for one run times the runs)")
    names = backends()
    head = f"{'N':>3} {'runs':>6} {'reference s':>12}" + "".join(
        f" {b + ' s':>10} {b + ' x':>9}" for b in names)
    print(head)
    for n in actors:
        scenario = reference_scenario(n, steps)
        for b in names:
            simulate(scenario, runs=2, steps=2, rng=0, backend=b)  # imports, compilation
        one_ref = _median_seconds(partial(run_reference, scenario, 1, steps, seed=1))
        for runs in runs_list:
            line = f"{n:>3} {runs:>6} {one_ref * runs:>12.3f}"
            for b in names:
                s = _median_seconds(
                    partial(simulate, scenario, runs=runs, steps=steps, rng=0, backend=b))
                line += f" {s:>10.3f} {one_ref * runs / s:>8.1f}x"
            print(line, flush=True)


def streaming_bandwidth(nbytes: int = 256 * 2**20) -> float:
    """Bytes per second of a numpy copy (read one array, write another), median of 3."""
    src = np.ones(nbytes // 8)
    dst = np.empty_like(src)
    np.copyto(dst, src)
    return 2 * nbytes / _median_seconds(lambda: np.copyto(dst, src))


def state_bytes_per_run(scenario: Scenario) -> int:
    """Bytes of one run's state: what a step must at least read and write."""
    world = compile_world(scenario)
    state = initial_state(world, np.zeros((1, world.n), dtype=bool))
    return sum(v.nbytes for v in vars(state).values() if isinstance(v, np.ndarray))


def memory_floor(n: int, runs: int, steps: int) -> None:
    scenario = ring_scenario(n, steps)
    bandwidth = streaming_bandwidth()
    moved = 2 * state_bytes_per_run(scenario)
    floor = moved / bandwidth
    print(f"\n2. distance from the memory floor, N = {n}, {runs:,} runs, {steps} steps: a run's "
          f"state is read and written once a step ({moved:,} bytes) at {bandwidth / 1e9:.1f} GB/s "
          f"= {floor * 1e6:.2f} us per run-step")
    for b in backends():
        # as many runs as timed, so that the same (threaded) kernel is compiled beforehand
        simulate(scenario, runs=runs, steps=1, rng=0, backend=b)
        s = _median_seconds(partial(simulate, scenario, runs=runs, steps=steps, rng=0,
                                    backend=b), repeat=1)
        per = s / (runs * steps)
        print(f"  {b:>6}: {per * 1e6:8.1f} us per run-step = {per / floor:6.0f}x the floor",
              flush=True)


def single_run(n: int, steps: int) -> None:
    scenario = ring_scenario(n, steps)
    print(f"\n3. one run of {steps} steps at N = {n} (median of 3)")
    for b in backends():
        simulate(scenario, runs=1, steps=2, rng=0, backend=b)
        s = _median_seconds(partial(simulate, scenario, runs=1, steps=steps, rng=0,
                                    backend=b))
        print(f"  {b:>6}: {s:8.3f} s", flush=True)


CHILD = """\
import json, resource, sys
sys.path.insert(0, sys.argv[4])
from engine import ring_scenario
from herz.engine.simulate import simulate
n, runs, steps = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
scenario = ring_scenario(n, steps)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
result = simulate(scenario, runs, steps, rng=0, backend=sys.argv[5])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"base_kib": base, "peak_kib": peak}))
"""


def peak_memory(n: int, runs: int, steps: int, backend: str) -> None:
    print(f"\n4. peak resident memory of {runs:,} runs of N = {n} over {steps} steps "
          f"(a subprocess, {backend}, default keep); chunk budget {_MEMORY_BUDGET / 2**20:.0f} MiB")
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(n), str(runs), str(steps),
         str(Path(__file__).resolve().parent), backend],
        capture_output=True, text=True, check=True)
    m = json.loads(out.stdout.splitlines()[-1])
    print(f"  peak {m['peak_kib'] / 2**20:.2f} GiB (interpreter and imports "
          f"{m['base_kib'] / 2**20:.2f} GiB) in {time.perf_counter() - t0:.0f} s")


def agreement(actors: list[int], runs: int, steps: int) -> None:
    if not available("numba"):
        print("\n5. numba is not installed: no compiled backend to compare")
        return
    print(f"\n5. numba against numpy, {runs} runs, {steps} steps, the same seed: runs whose "
          "outcomes differ (a decision within rounding of its threshold), largest relative "
          "difference of the mean trajectories")
    for n in actors:
        scenario = ring_scenario(n, steps)
        a = simulate(scenario, runs=runs, steps=steps, rng=7)
        b = simulate(scenario, runs=runs, steps=steps, rng=7, backend="numba")
        differ = np.zeros(runs, dtype=bool)
        for k in OUTCOMES:
            x, y = a.outcomes[k], b.outcomes[k]
            differ |= (x != y).reshape(runs, -1).any(axis=1)
        rel = max(float(np.max(np.abs(a.mean[k] - b.mean[k])
                               / np.maximum(np.abs(a.mean[k]), 1e-9))) for k in a.mean)
        print(f"  N = {n:>2}: {int(differ.sum())} of {runs} runs differ; "
              f"largest relative difference of a mean {rel:.1e}", flush=True)


def cases(runs: int) -> None:
    """Part 6: every case's scenario under each backend, and numpy's time over numba's."""
    from herz.cases.library import case_names, case_scenario, load_case

    names = backends()
    print(f"\n6. the cases, {runs} runs of each case's steps, medians of 3 after a warm-up")
    print(f"{'case':>15} {'N':>2} {'steps':>5} {'scripted':>8}"
          + "".join(f" {b + ' s':>9}" for b in names) + f" {'ratio':>6}")
    for name in case_names():
        scenario = case_scenario(load_case(name))
        seconds = []
        for b in names:
            run = partial(simulate, scenario, runs=runs, rng=0, backend=b)
            run()  # imports, compilation
            seconds.append(_median_seconds(run))
        scripted = sum(1 for t in compile_world(scenario).timeline if t < scenario.steps)
        line = (f"{name:>15} {len(scenario.actors):>2} {scenario.steps:>5} {scripted:>8}"
                + "".join(f" {x:>9.3f}" for x in seconds))
        print(line + (f" {seconds[0] / seconds[-1]:>5.2f}x" if len(seconds) > 1 else ""),
              flush=True)


#: Per-run outcomes that are decisions (counts and steps), compared exactly.
OUTCOMES = ("war", "first_war_step", "incidents", "crises", *(f"wars_{k}" for k in (
    "opportunistic", "preventive", "preemptive", "scripted", "mutual_optimism")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller batches")
    parser.add_argument("--only", nargs="+", default=None,
                        choices=["speed", "floor", "single", "memory", "agree", "cases"])
    parser.add_argument("--memory-runs", type=int, default=None)
    parser.add_argument("--memory-backend", default=None, choices=list(BACKENDS))
    parser.add_argument("--clock", default="wall", choices=["wall", "cpu"],
                        help="cpu: this process's CPU time (steadier on a shared machine)")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.process_time if args.clock == "cpu" else time.perf_counter
    parts = set(args.only or ["speed", "floor", "single", "memory", "agree"])
    names = backends()
    threads = f"; {numba_threads()} numba threads" if "numba" in names else ""
    print(f"herz engine benchmark; backends: {', '.join(names)}{threads}; {args.clock} clock")
    if "speed" in parts:
        speed_against_reference([1, 100] if args.quick else [1, 100, 1000], [2, 20], 50)
    if "floor" in parts:
        memory_floor(20, 100 if args.quick else 1000, 50)
    if "single" in parts:
        single_run(20, 500)
    if "memory" in parts:
        backend = args.memory_backend or names[-1]
        peak_memory(50, args.memory_runs or (2000 if args.quick else 10_000), 50, backend)
    if "agree" in parts:
        agreement([2, 20], 100 if args.quick else 1000, 50)
    if "cases" in parts:
        cases(50 if args.quick else 200)


def numba_threads() -> int:
    import numba

    return int(numba.get_num_threads())


if __name__ == "__main__":
    main()
