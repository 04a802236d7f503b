"""Runs in the vector lanes: what the fused step's per-pair arithmetic would cost with the run
axis last.

The fused step (:mod:`herz.engine.compiled.step`) keeps every array run-first, ``(R, N, N)``,
and loops over a run's rows: the vector lanes hold one row's pairs, so at N = 20 a row is two
blocks of eight and a remainder of four, and every branch of the rules is taken pair by pair.
With the run axis last, ``(N, N, R)``, the lanes hold eight runs of the same pair, full at any
N, and the same arithmetic runs over a thousand runs at a time. This script times one phase
of pure per-pair arithmetic in both layouts on the same numbers: the belief update of
:func:`herz.engine.compiled.conflict.update_beliefs_run` (the prior's pull, Bayes's rule in
log-odds with trust asymmetry: a ``log``, a ``log1p`` and an ``exp`` a pair, Kydd 1997) after
the hostile-act ratio of :func:`herz.engine.compiled.acts.evidence_start_run` (a ``log`` a
pair). The run-first loop is the fused step's own function; the run-last one is written here
with the same operations in the same order and is checked to give the same numbers bit for
bit. It measures what a change of layout would give the arithmetic that vectorises already,
not the branchy phases (the rule's choices, crises, wars), where lanes across runs would
also replace branches by masks. Printed: the least CPU time per run-step of each and their
ratio, one thread::

    NUMBA_NUM_THREADS=1 python bench/lanes.py [--n 20] [--runs 1000] [--repeats 30]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numba
import numpy as np

from herz.engine.compiled import libm
from herz.engine.compiled.acts import evidence_start_run
from herz.engine.compiled.conflict import update_beliefs_run

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
    parser.add_argument("--n", type=int, default=20, help="actors (default 20)")
    parser.add_argument("--runs", type=int, default=1000, help="runs (default 1000)")
    parser.add_argument("--repeats", type=int, default=30, help="timed calls, least kept")
    args = parser.parse_args()
    n, runs = args.n, args.runs
    first, last = inputs(n, runs)

    def step_first() -> None:
        run_first(*first)

    def step_last() -> None:
        run_last(*last)

    # one step of each from the same beliefs: the same numbers, bit for bit
    step_first()
    step_last()
    if not np.array_equal(first[0], last[0].transpose(2, 0, 1)):
        raise SystemExit("the two layouts disagree")
    a = _least(step_first, args.repeats) / runs * 1e6
    b = _least(step_last, args.repeats) / runs * 1e6
    print(f"N = {n}, {runs} runs, {numba.get_num_threads()} numba thread(s), least CPU time")
    print(f"  evidence + belief update, runs first (R, N, N): {a:7.2f} us per run-step")
    print(f"  evidence + belief update, runs last  (N, N, R): {b:7.2f} us per run-step")
    print(f"  runs last / runs first: {b / a:.2f}")


if __name__ == "__main__":
    main()
