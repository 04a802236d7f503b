"""Single-thread cost of each phase of the fused step, per run-step, on the ring world.

The fused step (:func:`herz.engine.compiled.step.step_run`) is four compiled phases in a row:
the opening (``context_run``: alliances, the observation and estimate noise, perception, the
war arithmetic of every pair), the built-in rule (``decide_run``), the acts and learning
(``acts_run``) and the end of the step (``conflict_run``). This script takes ``--runs`` runs of
:func:`engine.ring_scenario` some steps into a simulation, then times each phase alone over all
runs (the same arrays each repeat, so a repeat reads a state a little off its trajectory: the
figures are costs, not a simulation), one normal stream (the step draws three), perception
and the war arithmetic inside the opening, and the whole ``step_serial``. Printed:
microseconds per run-step and each figure's share of the whole step.

Run single-threaded for figures that compare (``--clock cpu`` on a busy machine)::

    NUMBA_NUM_THREADS=1 python bench/fused_phases.py --n 20 --runs 200 [--clock cpu]
"""

from __future__ import annotations

import argparse
import inspect
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numba
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import ring_scenario  # noqa: E402
from herz.engine.actions import WAR_KINDS  # noqa: E402
from herz.engine.compiled.acts import acts_run  # noqa: E402
from herz.engine.compiled.conflict import conflict_run  # noqa: E402
from herz.engine.compiled.context import context_run  # noqa: E402
from herz.engine.compiled.decide import decide_run  # noqa: E402
from herz.engine.compiled.draws import normal_fill  # noqa: E402
from herz.engine.compiled.perception import _perceive_run  # noqa: E402
from herz.engine.compiled.step import ARGUMENTS, step_serial  # noqa: E402
from herz.engine.compiled.war_choice import _assess_run  # noqa: E402
from herz.engine.events import EventLog  # noqa: E402
from herz.engine.fused import FusedStep  # noqa: E402
from herz.engine.state import initial_state  # noqa: E402
from herz.engine.streams import Stream, run_keys, uniform  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402

#: The names step_run gives a phase's arguments where they differ from the phase's own.
_RENAME: dict[Any, dict[str, str]] = {
    context_run: {"classes": "ctx_classes", "actor": "ctx_actor", "work": "assess_work"},
    decide_run: {"par": "decide_par", "actor_par": "decide_actor"},
    acts_run: {"par": "acts_par", "actor": "acts_actor", "classes": "acts_classes"},
    conflict_run: {"par": "conflict_par", "work": "conflict_work"},
}


def _over_runs(fn: Any) -> Any:
    """A compiled loop of ``fn(r, *args)`` over the runs."""

    @numba.njit
    def loop(runs: int, *args: Any) -> None:
        for r in range(runs):
            fn(r, *args)

    return loop


_OBSERVE = int(Stream.OBSERVE)


@numba.njit(error_model="numpy")  # as the phases are compiled: no branch on a division
def _normal_stream(keys: np.ndarray, t: int, out: np.ndarray) -> None:
    for r in range(keys.shape[0]):
        normal_fill(out[r], keys[r], t, _OBSERVE)


# spelt out: numba inlines these two and cannot inline a call with *args; with the
# phases' error model (an inlined function takes its caller's)
@numba.njit(error_model="numpy")
def _perceive_loop(runs: int, forces: np.ndarray, belief: np.ndarray, ally: np.ndarray,
                   deploy: np.ndarray, sigma: np.ndarray, noise: np.ndarray,
                   worst_case: np.ndarray, alert: np.ndarray, classes: np.ndarray,
                   par: np.ndarray, actors: np.ndarray, pairs: np.ndarray) -> None:
    for r in range(runs):
        _perceive_run(r, forces, belief, ally, deploy, sigma, noise, worst_case, alert,
                      classes, par, actors, pairs)


@numba.njit(error_model="numpy")
def _assess_loop(runs: int, gdp: np.ndarray, greedy: np.ndarray, belief: np.ndarray,
                 allies: np.ndarray, deploy: np.ndarray, now: np.ndarray, past: np.ndarray,
                 sigma: np.ndarray, noise: np.ndarray, pp: np.ndarray, pa: np.ndarray,
                 par: np.ndarray, wa: np.ndarray, q: np.ndarray, work: np.ndarray) -> None:
    for r in range(runs):
        _assess_run(r, gdp, greedy, belief, allies, deploy, now, past, sigma, noise, pp[2],
                    pp[6], pa[0], pa[3], pp[1], pp[0], par, wa, q, work, True)


#: The clock: wall-clock seconds, or this thread's CPU seconds (``--clock cpu``), which other
#: processes on a shared machine disturb far less.
CLOCK = time.perf_counter


def _time(call: Callable[[], Any], repeats: int, runs: int) -> float:
    """Microseconds per run of the best of ``repeats`` calls (after one to compile)."""
    call()
    best = np.inf
    for _ in range(repeats):
        t0 = CLOCK()
        call()
        best = min(best, CLOCK() - t0)
    return best / runs * 1e6


def warmed(n: int, runs: int, warmup: int, kind: type[FusedStep] = FusedStep
           ) -> tuple[FusedStep, Callable[[str], Any]]:
    """The fused step (``kind``: or the lanes step) of ``runs`` runs of the ring world
    ``warmup`` steps in, and the value of each of :func:`step_serial`'s arguments by name (the
    step, the powers, the kernel's arrays and the state's; of the run-first step only)."""
    world = compile_world(ring_scenario(n, steps=warmup + 10))
    keys = run_keys(0, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (n,)) < world.p_greedy)
    fs = kind(world, state, keys, np.arange(runs), EventLog(keep=0))
    for _ in range(warmup):
        fs.advance()
    a = fs._arrays
    now = fs._history[(fs._taken - 1) % (world.spec.forecast_window + 1)]
    values = {"t": state.step, "now": now, "past": now}

    def value(name: str) -> Any:
        return values[name] if name in values else a[name] if name in a else getattr(state,
                                                                                     name)

    return fs, value


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="actors (default 20)")
    parser.add_argument("--runs", type=int, default=200, help="runs (default 200)")
    parser.add_argument("--warmup", type=int, default=10,
                        help="steps simulated before timing (default 10)")
    parser.add_argument("--repeats", type=int, default=5, help="timed calls, best kept")
    parser.add_argument("--clock", default="wall", choices=["wall", "cpu"],
                        help="wall clock or this thread's CPU time (default wall)")
    args = parser.parse_args()
    global CLOCK
    CLOCK = time.thread_time if args.clock == "cpu" else time.perf_counter
    n, runs = args.n, args.runs
    if numba.get_num_threads() != 1:
        print(f"note: {numba.get_num_threads()} numba threads; set NUMBA_NUM_THREADS=1")

    fs, value = warmed(n, runs, args.warmup)
    a, state = fs._arrays, fs.state
    now = value("now")

    rows: list[tuple[str, float]] = []
    step_args = [value(k) for k in ARGUMENTS]
    kinds = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)
    whole = _time(lambda: step_serial(runs, fs.dyads, kinds, *step_args), args.repeats, runs)
    for fn, rename in _RENAME.items():
        names = list(inspect.signature(fn.py_func).parameters)[1:]
        phase_args = [value(rename.get(k, k)) for k in names]
        loop = _over_runs(fn)
        rows.append((fn.__name__, _time(lambda f=loop, p=phase_args: f(runs, *p),
                                        args.repeats, runs)))
    s = state
    rows.append(("  one normal stream (N^2 draws)",
                 _time(lambda: _normal_stream(a["keys"], s.step, a["noise"]), args.repeats, runs)))
    pp, pa = a["pp"], a["pa"]
    rows.append(("  perceive (in context_run)", _time(lambda: _perceive_loop(
        runs, s.forces, s.belief, a["ally"], s.deploy, a["sigma"], a["noise"],
        a["ctx_actor"][0], s.alert, a["ctx_classes"], a["perceive_par"], pa, pp),
        args.repeats, runs)))
    rows.append(("  assess (in context_run)", _time(lambda: _assess_loop(
        runs, s.gdp, s.greedy, s.belief, a["allies"], s.deploy, now, now, a["sigma"],
        a["noise"], pp, pa, a["assess_par"], a["wa"], a["q"], a["assess_work"]),
        args.repeats, runs)))
    print(f"N = {n}, {runs} runs, single-thread microseconds per run-step")
    print(f"{'step_serial (whole step)':34s} {whole:8.1f}   1.00")
    for name, us in rows:
        print(f"{name:34s} {us:8.1f}   {us / whole:.2f}")


if __name__ == "__main__":
    main()
