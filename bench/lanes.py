"""Runs in the vector lanes: what the fused step's per-pair arithmetic would cost with the run
axis last.

The fused step (:mod:`herz.engine.compiled.step`) keeps every array run-first, ``(R, N, N)``,
and loops over a run's rows: the vector lanes hold one row's pairs, so at N = 20 a row is two
blocks of eight and a remainder of four, and every branch of the rules is taken pair by pair.
With the run axis last the lanes hold eight runs of the same pair, full at any N. This script
times two phases in both layouts on the same numbers:

- ``beliefs``: the belief update of :func:`herz.engine.compiled.conflict.update_beliefs_run`
  (the prior's pull, Bayes's rule in log-odds with trust asymmetry: a ``log``, a ``log1p`` and
  an ``exp`` a pair, Kydd 1997) after the hostile-act ratio of
  :func:`herz.engine.compiled.acts.evidence_start_run` (a ``log`` a pair), on ``(N, N, R)``
  arrays; checked bit for bit;
- ``perception``: every actor's perception (:mod:`herz.engine.compiled.perception`: Jervis
  1976, 1978; Hirshleifer 1989; Kent & Thaler 1989; Sagan 1985) on blocks of ``--block`` runs,
  ``(R / B, N, N, B)`` (``--block`` equal to ``--runs``: all runs in one block); checked bit
  for bit;
- ``decide``: the built-in rule (:func:`herz.engine.compiled.decide.decide_run`: Glaser 1997,
  2010; Kydd 1997; Walt 1987; Fearon 1995; McKelvey & Palfrey 1995) on blocks of ``--block``
  runs of the ring world some steps into a simulation (``bench/fused_phases.py``), its draws
  inlined; checked bit for bit;
- ``assess``: every pair's war arithmetic (:func:`herz.engine.compiled.war_choice._assess_run`
  as the fused step calls it: Fearon 1995; Powell 2006; Schelling 1960; Morrow 1994) on blocks
  of ``--block`` runs of the same warmed ring world, a power-shift forecast included; checked
  bit for bit;
- ``step``: a whole step of the ring world's runs, the run-first fused step
  (:class:`herz.engine.fused.FusedStep`) against the lanes step
  (:class:`herz.engine.compiled.lanes.driver.LanesStep`, every phase on blocks of ``--block``
  runs, the last block padded), each stepping its own copy of the same runs; checked bit for
  bit on every state array before and after the timed steps.

The run-first loops are the fused step's own functions; the run-last ones are written here
with the same operations in the same order. A run-last loop vectorises only over an index
that starts at a value the compiler can prove not negative (``range(B)``, not
``range(r0, r1)``): numba wraps negative indices, and a wrapped index is not a stride LLVM can
vectorise over (measured: the second strike's loop 7 times slower). Printed: the least CPU
time per run-step of each layout and their ratio, one thread::

    NUMBA_NUM_THREADS=1 python bench/lanes.py [--phase beliefs|perception|decide|assess|step]
        [--n 20] [--runs 1000] [--block 64] [--repeats 30]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import Any

import numba
import numpy as np

from herz.engine.compiled import libm
from herz.engine.compiled.acts import evidence_start_run
from herz.engine.compiled.conflict import update_beliefs_run
from herz.engine.compiled.decide import decide_run
from herz.engine.compiled.lanes.decide import decide_lanes
from herz.engine.compiled.lanes.layout import from_blocks, to_blocks
from herz.engine.compiled.lanes.perception import perceive_lanes
from herz.engine.compiled.lanes.war_choice import assess_lanes
from herz.engine.compiled.perception import _perceive_serial

_LOGIT_BOUND = 12.0  # herz.engine.beliefs.LOGIT_BOUND


@numba.njit(cache=True, error_model="numpy")
def run_first(belief: np.ndarray, actor: np.ndarray, par: np.ndarray, belief0: np.ndarray,
              asymmetry: np.ndarray, conflict_par: np.ndarray, L: np.ndarray,
              hostile: np.ndarray) -> None:
    """The fused step's own phases, run by run: ``(R, N, N)`` arrays."""
    for r in range(belief.shape[0]):
        evidence_start_run(r, belief, actor, par, L, hostile)
        for i in range(belief.shape[1]):
            for j in range(belief.shape[2]):
                # evidence of both signs to update on (bad news weighs more)
                L[r, i, j] += 0.5 * hostile[r, i, j] - 0.1
        update_beliefs_run(r, conflict_par, belief0, asymmetry, belief, L)


@numba.njit(cache=True, error_model="numpy")
def run_last(belief: np.ndarray, actor: np.ndarray, par: np.ndarray, belief0: np.ndarray,
             asymmetry: np.ndarray, conflict_par: np.ndarray, L: np.ndarray,
             hostile: np.ndarray) -> None:
    """The same operations on ``(N, N, R)`` arrays, a pair at a time over all runs."""
    n, runs = belief.shape[0], belief.shape[2]
    eps, demand, eta = par[13], par[14], conflict_par[14]
    keep = 1.0 - 2.0 * eps
    for i in range(n):
        e_i = actor[0, i]
        for j in range(n):
            fear_row, h_row, l_row = belief[j, i], hostile[i, j], L[i, j]
            for r in range(runs):
                fear = e_i * fear_row[r]
                either = fear + demand * (1.0 - fear)
                h_row[r] = libm.log((eps + keep * either) / (eps + keep * fear))
                l_row[r] = 0.0 + (0.5 * h_row[r] - 0.1)
    for i in range(n):
        bad_news = 1.0 / asymmetry[i]
        for j in range(n):
            prior = belief0[i, j]
            b_row, l_row = belief[i, j], L[i, j]
            for r in range(runs):
                b = (1.0 - eta) * b_row[r] + eta * prior
                b = min(max(b, 1e-12), 1 - 1e-12)
                logit = libm.log(b) - libm.log1p(-b)
                e = l_row[r]
                weight = 1.0 if e > 0 else bad_news
                logit = min(max(logit + weight * e, -_LOGIT_BOUND), _LOGIT_BOUND)
                updated = 1.0 / (1.0 + libm.exp(-logit))
                b_row[r] = 0.0 if i == j else updated


def inputs(n: int, runs: int, seed: int = 1) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The arguments of :func:`run_first` and of :func:`run_last` for the same random
    beliefs, actors and world (beliefs, evidence and hostile ratios transposed run-last)."""
    rng = np.random.default_rng(seed)
    belief = rng.uniform(0.05, 0.95, (runs, n, n))
    actor = np.ascontiguousarray(rng.uniform(0.2, 0.8, (7, n)))
    par = np.zeros(17)
    par[13], par[14] = 0.05, 0.3  # act_noise, demand_rate
    conflict_par = np.zeros(18)
    conflict_par[14] = 0.02  # type_change
    belief0 = rng.uniform(0.2, 0.6, (n, n))
    asymmetry = rng.uniform(1.0, 3.0, n)
    world = [actor, par, belief0, asymmetry, conflict_par]
    runs_first = [belief, np.zeros((runs, n, n)), np.zeros((runs, n, n))]
    runs_last = [np.ascontiguousarray(a.transpose(1, 2, 0)) for a in runs_first]
    return ([runs_first[0], *world, *runs_first[1:]], [runs_last[0], *world, *runs_last[1:]])


def perception_inputs(n: int, runs: int, block: int, seed: int = 1
                      ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The arguments of ``_perceive_serial`` and of :func:`perceive_lanes` for the same
    states: :func:`engine.ring_scenario`'s world (every third actor with strategic forces and
    counterforce) and random forces, beliefs, alliances, deployments, alerts and noise."""
    from engine import ring_scenario
    from herz.engine.compiled.context import context_arrays
    from herz.engine.world import compile_world

    world = compile_world(ring_scenario(n))
    classes, par, _, actor, _ = context_arrays(world)
    rng = np.random.default_rng(seed)
    k = world.cat.offense.shape[0]
    holds = np.ones((n, k))
    strategic = (world.cat.strategic > 0) | (world.cat.counterforce > 0) | (world.cat.asw > 0)
    holds[np.arange(n) % 3 != 0] *= ~strategic
    forces = rng.uniform(0.0, 4.0, (runs, n, k)) * holds
    pairs = (runs, n, n)
    first = [forces, rng.uniform(0.05, 0.95, pairs), rng.random(pairs) < 0.1,
             rng.uniform(0.0, 0.5, pairs), rng.uniform(0.0, 0.4, pairs),
             rng.standard_normal(pairs)]
    worst_case, alert = np.ascontiguousarray(actor[0]), rng.uniform(0.0, 1.0, (runs, n))
    world_args = [classes, par]
    run_first = [*first, worst_case, alert, *world_args,
                 np.zeros((8, runs, n)), np.zeros((9, runs, n, n))]
    blocks = runs // block
    run_last = [*(to_blocks(x, block) for x in first), worst_case, to_blocks(alert, block),
                *world_args, np.zeros((8, blocks, n, block)),
                np.zeros((9, blocks, n, n, block)), np.zeros((4, block))]
    return run_first, run_last


def perception_agrees(first: list[np.ndarray], last: list[np.ndarray]) -> bool:
    """Whether both layouts' perceptions agree, bit for bit."""
    actors, pairs = last[-3], last[-2]
    got_actors = np.stack([from_blocks(actors[x]) for x in range(actors.shape[0])])
    got_pairs = np.stack([from_blocks(pairs[x]) for x in range(pairs.shape[0])])
    return bool(np.array_equal(got_actors, first[-2]) and np.array_equal(got_pairs, first[-1]))


# The built-in rule (--phase decide).

#: ``decide_run``'s inputs after ``t``, by their names in the fused step's arrays or state,
#: and the decisions it writes, in the order it takes them.
DECIDE_INPUTS = ("keys", "forces", "gdp", "greedy", "belief", "cooldown", "pa", "pp", "wa",
                 "free", "main_threat", "replacement", "decide_par", "decide_actor", "contact",
                 "cyber")
DECISIONS = ("d_spend", "d_alert", "d_deploy", "d_sanction", "d_covert", "d_ally",
             "d_statement", "d_bogus", "d_coerce", "d_attack", "d_war_hazard")
_RUN_ROWS = ("pa", "pp", "wa")  # stacked rows of run-first arrays: (rows, R, ...)
_WORLD = ("decide_par", "decide_actor", "contact", "cyber")  # the same in every run


@numba.njit(cache=True, error_model="numpy")
def decide_serial(t: int, keys: np.ndarray, forces: np.ndarray, gdp: np.ndarray,
                  greedy: np.ndarray, belief: np.ndarray, cooldown: np.ndarray, pa: np.ndarray,
                  pp: np.ndarray, wa: np.ndarray, free: np.ndarray, main_threat: np.ndarray,
                  replacement: np.ndarray, par: np.ndarray, actor_par: np.ndarray,
                  contact: np.ndarray, cyber: np.ndarray, d_spend: np.ndarray,
                  d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray,
                  d_covert: np.ndarray, d_ally: np.ndarray, d_statement: np.ndarray,
                  d_bogus: np.ndarray, d_coerce: np.ndarray, d_attack: np.ndarray,
                  d_war_hazard: np.ndarray) -> None:
    """The fused step's ``decide_run``, run by run."""
    for r in range(keys.shape[0]):
        decide_run(r, t, keys, forces, gdp, greedy, belief, cooldown, pa, pp, wa, free,
                   main_threat, replacement, par, actor_par, contact, cyber, d_spend, d_alert,
                   d_deploy, d_sanction, d_covert, d_ally, d_statement, d_bogus, d_coerce,
                   d_attack, d_war_hazard)


def decide_inputs(n: int, runs: int, block: int, warmup: int = 10,
                  passive: tuple[int, ...] = ()) -> tuple[list[Any], list[Any]]:
    """The arguments of :func:`decide_serial` and of :func:`decide_lanes` for the same states:
    ``runs`` runs of :func:`engine.ring_scenario` ``warmup`` steps in (the state's and the
    step's own arrays), the actors ``passive`` made passive, the decisions full of sevens (so
    that an entry left unwritten shows)."""
    from fused_phases import warmed

    _, value = warmed(n, runs, warmup)
    given = {k: np.ascontiguousarray(value(k)) for k in DECIDE_INPUTS}
    given["decide_actor"][6, list(passive)] = 1.0
    decided = {k: np.full_like(value(k), 7) for k in DECISIONS}

    def blocked(k: str, x: np.ndarray) -> np.ndarray:
        if k in _WORLD:
            return x
        if k in _RUN_ROWS:
            return np.stack([to_blocks(row, block) for row in x])
        return to_blocks(x, block)

    first = [int(value("t")), *given.values(), *decided.values()]
    last = [first[0], *(blocked(k, x) for k, x in given.items()),
            *(to_blocks(x, block) for x in decided.values()),
            np.zeros((8, block)), np.zeros((2, block), dtype=np.int64)]
    return first, last


def decide_differences(first: list[Any], last: list[Any]) -> list[str]:
    """The decisions on which both layouts disagree, bit for bit."""
    start = 1 + len(DECIDE_INPUTS)
    differ = []
    for m, name in enumerate(DECISIONS):
        want, got = first[start + m], from_blocks(last[start + m])
        if not np.array_equal(got, want) or got.dtype != want.dtype:
            differ.append(name)
    return differ


def decide_phase(n: int, runs: int, block: int
                 ) -> tuple[str, str, Callable[[], None], Callable[[], None],
                            Callable[[], bool]]:
    """What ``--phase decide`` times: its name, its layout, a step of each layout and the
    check that both agree."""
    first, last = decide_inputs(n, runs, block)

    def step_first() -> None:
        decide_serial(*first)

    def step_last() -> None:
        decide_lanes(*last)

    def agree() -> bool:
        return not decide_differences(first, last)

    return "built-in rule", f"(R/{block}, N, N, {block})", step_first, step_last, agree


def assess_inputs(n: int, runs: int, block: int, warmup: int = 5
                  ) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """The arguments of the run-first loop of ``_assess_run(..., lazy=True)``
    (``fused_phases._assess_loop``, after ``runs``) and of :func:`assess_lanes` for the same
    states: :func:`engine.ring_scenario`'s runs ``warmup`` steps into the fused step
    (``fused_phases.warmed``), with the power ``window`` steps back as the forecast's past and a
    shift forecast where ``warmup`` exceeds the window. Inputs copied: the step keeps its own."""
    from fused_phases import warmed

    fs, value = warmed(n, runs, warmup)
    a, window = fs._arrays, fs.world.spec.forecast_window
    taken = fs._taken
    now = fs._history[(taken - 1) % (window + 1)]
    past = fs._history[(taken - 1 - window) % (window + 1)] if taken > window else now
    pp, pa = a["pp"], a["pa"]
    par = a["assess_par"].copy()
    par[15] = float(taken > window)
    state = [value("gdp"), value("greedy"), value("belief"), a["allies"], value("deploy"), now,
             past, a["sigma"], a["noise"], pp[2], pp[6], pa[0], pa[3], pp[1], pp[0]]
    state = [np.array(x, dtype=np.bool_ if x.dtype == np.bool_ else float) for x in state]
    first = [*state[:9], pp.copy(), pa.copy(), par, np.zeros((12, runs, n, n)),
             np.zeros((runs, n)), np.zeros((9, runs, n, n))]
    blocks = runs // block
    last = [*(to_blocks(x, block) for x in state), par, np.zeros((12, blocks, n, n, block)),
            np.zeros((blocks, n, block)), np.zeros((9, blocks, n, n, block)),
            np.zeros((6, n, block))]
    return first, last


def assess_agrees(first: list[np.ndarray], last: list[np.ndarray]) -> bool:
    """Whether both layouts' war arithmetic agrees: every plane of ``out``, ``q_out`` and what
    ``work`` keeps for the crisis margins (the power trend in ``work[8][:, 0]`` too where a
    shift is forecast), bit for bit."""
    out, q, work = first[-3:]
    got_out, got_work = (np.stack([from_blocks(x) for x in y]) for y in (last[-4], last[-2]))
    got_q = from_blocks(last[-3])
    n = q.shape[1]
    shifting = first[11][15] > 0.0
    return bool(np.array_equal(got_out, out, equal_nan=True)
                and np.array_equal(got_q, q)
                and np.array_equal(got_work[:8], work[:8])
                and (n == 1 or np.array_equal(got_work[8][:, 1], work[8][:, 1]))
                and (not shifting or np.array_equal(got_work[8][:, 0], work[8][:, 0])))


def assess_phase(n: int, runs: int, block: int
                 ) -> tuple[str, str, Callable[[], None], Callable[[], None],
                            Callable[[], bool]]:
    """What ``--phase assess`` times: its name, its layout, a step of each layout and the
    check that they agree. The war arithmetic, the run-first loop of ``_assess_run(...,
    lazy=True)`` against :func:`assess_lanes` on blocks of ``block`` runs, on the ring world's
    states a few steps in (a shift forecast included)."""
    from fused_phases import _assess_loop

    first, last = assess_inputs(n, runs, block)

    def step_first() -> None:
        _assess_loop(runs, *first)

    def step_last() -> None:
        assess_lanes(*last)

    def agree() -> bool:
        return assess_agrees(first, last)

    return "war arithmetic", f"(R/{block}, N, N, {block})", step_first, step_last, agree


def step_phase(n: int, runs: int, block: int
               ) -> tuple[str, str, Callable[[], None], Callable[[], None],
                          Callable[[], bool]]:
    """What ``--phase step`` times: a whole step of the ring world's runs by the run-first
    fused step (:class:`herz.engine.fused.FusedStep`) and by the lanes step
    (:class:`herz.engine.compiled.lanes.driver.LanesStep`, blocks of ``block`` runs), each
    advancing its own copy of the same runs; they agree when every state array does."""
    from dataclasses import fields

    from engine import ring_scenario
    from herz.engine.compiled.lanes.driver import LanesStep
    from herz.engine.events import EventLog
    from herz.engine.fused import FusedStep
    from herz.engine.state import State, initial_state
    from herz.engine.streams import Stream, run_keys, uniform
    from herz.engine.world import compile_world

    world = compile_world(ring_scenario(n, steps=1000))
    keys = run_keys(1, runs)
    greedy = uniform(keys, 0, Stream.TYPES, (n,)) < world.p_greedy
    first = FusedStep(world, initial_state(world, greedy), keys, np.arange(runs), EventLog(0))
    last = LanesStep(world, initial_state(world, greedy.copy()), keys, np.arange(runs),
                     EventLog(0), block=block)

    def agree() -> bool:
        last.finish()
        return all(np.array_equal(getattr(first.state, f.name), getattr(last.state, f.name))
                   for f in fields(State)
                   if isinstance(getattr(first.state, f.name), np.ndarray))

    return ("whole step", f"(R/{block}, ..., {block})", first.advance, last.advance, agree)


def _least(call: Callable[[], None], repeats: int) -> float:
    call()
    best = np.inf
    for _ in range(repeats):
        t0 = time.thread_time()
        call()
        best = min(best, time.thread_time() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase",
                        choices=("beliefs", "perception", "decide", "assess", "step"),
                        default="beliefs")
    parser.add_argument("--n", type=int, default=20, help="actors (default 20)")
    parser.add_argument("--runs", type=int, default=1000, help="runs (default 1000)")
    parser.add_argument("--block", type=int, default=64,
                        help="runs a block (perception, decide, assess; default 64; runs "
                        "rounded down to it)")
    parser.add_argument("--repeats", type=int, default=30, help="timed calls, least kept")
    args = parser.parse_args()
    n, runs = args.n, args.runs
    if args.phase == "step":
        what, layout, step_first, step_last, agree = step_phase(n, runs, args.block)
    elif args.phase == "decide":
        runs -= runs % args.block
        what, layout, step_first, step_last, agree = decide_phase(n, runs, args.block)
    elif args.phase == "assess":
        runs -= runs % args.block
        what, layout, step_first, step_last, agree = assess_phase(n, runs, args.block)
    elif args.phase == "beliefs":
        first, last = inputs(n, runs)
        what, layout = "evidence + belief update", "(N, N, R)"

        def step_first() -> None:
            run_first(*first)

        def step_last() -> None:
            run_last(*last)

        def agree() -> bool:  # the same numbers, bit for bit
            return np.array_equal(first[0], last[0].transpose(2, 0, 1))
    else:
        runs -= runs % args.block
        first, last = perception_inputs(n, runs, args.block)
        what, layout = "perception", f"(R/{args.block}, N, N, {args.block})"

        def step_first() -> None:
            _perceive_serial(*first)

        def step_last() -> None:
            perceive_lanes(*last)

        def agree() -> bool:
            return perception_agrees(first, last)

    # one step of each from the same inputs, then the least of alternating timed calls
    step_first()
    step_last()
    if not agree():
        raise SystemExit("the two layouts disagree")
    a = b = np.inf
    for _ in range(2):
        a = min(a, _least(step_first, args.repeats) / runs * 1e6)
        b = min(b, _least(step_last, args.repeats) / runs * 1e6)
    if not agree():  # the whole step keeps stepping: its runs must still agree
        raise SystemExit("the two layouts disagree")
    print(f"N = {n}, {runs} runs, {numba.get_num_threads()} numba thread(s), least CPU time")
    print(f"  {what}, runs first (R, N, N): {a:7.2f} us per run-step")
    print(f"  {what}, runs last  {layout}: {b:7.2f} us per run-step")
    print(f"  runs last / runs first: {b / a:.2f}")


if __name__ == "__main__":
    main()
