"""A whole step of every run, one compiled loop per run (the fused step's kernel).

:func:`step_run` applies the phases of :func:`herz.engine.step.advance` to run ``r`` in the
ODD's order: the opening (:func:`herz.engine.compiled.context.context_run`), the built-in rule
(:func:`herz.engine.compiled.decide.decide_run`), the acts and learning
(:func:`herz.engine.compiled.acts.acts_run`), then incidents, war, the belief update and the
economy (:func:`herz.engine.compiled.conflict.conflict_run`). Each phase's equations and sources
are in its module. :func:`step_runs` loops over a range of runs; :func:`step_serial` takes every
run on the calling thread in one compiled call, :func:`step_parallel` shares them out over
threads (:mod:`herz.engine.compiled.threads`); a run's numbers depend on its own inputs only, so
both give the same.
The arguments are named in :data:`ARGUMENTS`; :class:`herz.engine.fused.FusedStep` allocates
them and passes them by name.
"""

from __future__ import annotations

import inspect
from typing import Any

import numba
import numpy as np

from herz.engine.compiled.acts import acts_run
from herz.engine.compiled.agreements import decide_agreements_run
from herz.engine.compiled.conflict import conflict_run
from herz.engine.compiled.context import context_run
from herz.engine.compiled.decide import decide_run, standing_postures_run
from herz.engine.compiled.outputs import dyad_record_run, dyad_total
from herz.engine.compiled.threads import share

__all__ = ["ARGUMENTS", "step_parallel", "step_run", "step_runs", "step_serial"]


@numba.njit(cache=True, error_model="numpy")
def step_run(
    r: int, t: int, keys: np.ndarray,
    # the state (herz.engine.state.State's fields)
    forces: np.ndarray, gdp: np.ndarray, greedy: np.ndarray, belief: np.ndarray,
    credibility: np.ndarray, alert: np.ndarray, deploy: np.ndarray, bilateral: np.ndarray,
    blocs: np.ndarray, hotline: np.ndarray, sanction: np.ndarray, cooldown: np.ndarray,
    bogus_pending: np.ndarray, statement: np.ndarray, spending: np.ndarray,
    last_hostile: np.ndarray, standing_deploy: np.ndarray, last_concession: np.ndarray,
    now: np.ndarray, past: np.ndarray,
    # the world, once per simulation
    ctx_classes: np.ndarray, perceive_par: np.ndarray, assess_par: np.ndarray,
    ctx_actor: np.ndarray, unit: np.ndarray, decide_par: np.ndarray, decide_actor: np.ndarray,
    contact: np.ndarray, cyber: np.ndarray, acts_par: np.ndarray, acts_actor: np.ndarray,
    acts_classes: np.ndarray, procurement: np.ndarray, conflict_par: np.ndarray,
    growth: np.ndarray, belief0: np.ndarray, asymmetry: np.ndarray, strength: np.ndarray,
    # the step's context
    ally: np.ndarray, free: np.ndarray, allies: np.ndarray, sigma: np.ndarray,
    noise: np.ndarray, pa: np.ndarray, pp: np.ndarray, wa: np.ndarray, q: np.ndarray,
    assess_work: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
    replacement: np.ndarray,
    # decisions
    d_spend: np.ndarray, d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray,
    d_covert: np.ndarray, d_ally: np.ndarray, d_statement: np.ndarray, d_bogus: np.ndarray,
    d_coerce: np.ndarray, d_attack: np.ndarray, d_war_hazard: np.ndarray,
    # evidence, the acts' outputs and scratch
    L: np.ndarray, hostile: np.ndarray, spent: np.ndarray, deployed: np.ndarray,
    xi: np.ndarray, judged: np.ndarray, wn: np.ndarray,
    # what the step produced (herz.engine.step.StepRecord, PairRecord) and scratch
    p_incident: np.ndarray, p_crisis: np.ndarray, p_demand: np.ndarray,
    p_deployment: np.ndarray, p_force: np.ndarray, p_war: np.ndarray, p_hazard: np.ndarray,
    p_level: np.ndarray, p_own_level: np.ndarray, n_incidents: np.ndarray,
    n_crises: np.ndarray, n_wars: np.ndarray, war_hazard: np.ndarray, power_now: np.ndarray,
    crisis_hazard: np.ndarray, started: np.ndarray, flags: np.ndarray,
    conflict_work: np.ndarray,
    # the kept runs' events
    ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray,
    # agreements and standing scripted postures: the state's, the world's, the decisions
    in_agreement: np.ndarray, cheating: np.ndarray, standing_sanction: np.ndarray,
    caps: np.ndarray, agreement: np.ndarray, agree_par: np.ndarray, d_cheat: np.ndarray,
    d_abandon: np.ndarray,
) -> None:
    """Step ``t`` of run ``r``: every array's row ``r`` (in place)."""
    context_run(r, t, keys, forces, gdp, greedy, belief, alert, deploy, bilateral, blocs,
                last_hostile, now, past, ctx_classes, perceive_par, assess_par, ctx_actor, unit,
                ally, free, allies, sigma, noise, pa, pp, wa, q, assess_work, main_threat,
                known, replacement, in_agreement, agreement)
    decide_run(r, t, keys, forces, gdp, greedy, belief, cooldown, pa, pp, wa, free,
               main_threat, replacement, decide_par, decide_actor, contact, cyber, d_spend,
               d_alert, d_deploy, d_sanction, d_covert, d_ally, d_statement, d_bogus, d_coerce,
               d_attack, d_war_hazard)
    decide_agreements_run(r, forces, greedy, belief, in_agreement, caps, agree_par,
                          decide_actor, d_cheat, d_abandon)
    standing_postures_run(r, standing_deploy, standing_sanction, d_deploy, d_sanction)
    acts_run(r, t, keys, forces, belief, credibility, alert, deploy, bilateral, sanction,
             bogus_pending, statement, gdp, last_hostile, standing_deploy, last_concession,
             d_spend, d_alert, d_deploy, d_sanction, d_ally, d_covert, d_statement, d_bogus,
             pa, pp, ally, free, main_threat, known, sigma, replacement, acts_par, acts_actor,
             acts_classes, procurement, L, hostile, spent, deployed, xi, judged, wn, ev_int,
             ev_amt, ev_n, in_agreement, cheating, d_cheat, d_abandon, caps, agreement,
             agree_par)
    conflict_run(r, t, keys, conflict_par, contact, growth, belief0, asymmetry, strength, gdp,
                 forces, belief, alert, deploy, bilateral, blocs, hotline, sanction, cooldown,
                 spending, last_hostile, pp, wa, q, ally, free, main_threat, known, spent,
                 deployed, d_attack, d_coerce, d_war_hazard, L, hostile, ev_int, ev_amt, ev_n,
                 p_incident, p_crisis, p_demand, p_deployment, p_force, p_war, p_hazard,
                 p_level, p_own_level, n_incidents, n_crises, n_wars, war_hazard, power_now,
                 crisis_hazard, started, flags, conflict_work, assess_work)


#: The names of :func:`step_run`'s arguments after ``r``, in order.
ARGUMENTS: tuple[str, ...] = tuple(inspect.signature(step_run.py_func).parameters)[1:]


# Where the pair record lies among the arguments (a literal index into the argument tuple).
_PAIRS = tuple(ARGUMENTS.index(k) for k in (
    "p_incident", "p_crisis", "p_demand", "p_deployment", "p_force", "p_war", "p_hazard",
    "p_level", "p_own_level"))
_I0, _I1, _I2, _I3, _I4, _I5, _I6, _I7, _I8 = _PAIRS


@numba.njit(cache=True, error_model="numpy")
def _buffers(runs: int, args: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The runs' parts of the dyad counts (:func:`herz.engine.compiled.outputs.dyad_record_run`):
    ``(runs, N * N)`` scratch, ``(runs, pairs)`` bits and hazards."""
    n = args[_I0].shape[1]
    pairs = n * (n - 1) // 2
    return (np.empty((runs, n * n), dtype=np.int32), np.empty((runs, pairs), dtype=np.int32),
            np.empty((runs, pairs)))


@numba.njit(cache=True, error_model="numpy")
def _count(r: int, kinds: np.ndarray, own: np.ndarray, record: np.ndarray,
           pair_hazard: np.ndarray, args: Any) -> None:
    """Run ``r``'s part of the dyad counts, right after its step."""
    dyad_record_run(r, args[_I0], args[_I1], args[_I2], args[_I3], args[_I4], args[_I5],
                    args[_I6], args[_I7], args[_I8], kinds, own, record, pair_hazard)


@numba.njit(cache=True, nogil=True, error_model="numpy")
def step_runs(first: int, last: int, kinds: np.ndarray, own: np.ndarray, record: np.ndarray,
              pair_hazard: np.ndarray, *args: Any) -> None:
    """:func:`step_run` for runs ``first .. last - 1``, one after another, each run's part of
    the dyad counts taken right after its step (into :func:`_buffers`)."""
    for r in range(first, last):
        step_run(r, *args)
        _count(r, kinds, own, record, pair_hazard, args)


@numba.njit(cache=True, error_model="numpy")
def step_serial(runs: int, dyads: np.ndarray, kinds: np.ndarray, *args: Any) -> None:
    """:func:`step_runs` for runs ``0 .. runs - 1`` on the calling thread, then the step's
    counts over the runs in ``dyads`` (``(series, pairs)``, see
    :func:`herz.engine.compiled.outputs.dyad_counts`): one compiled call a step, as a single
    run needs (a call from Python with the step's arrays costs microseconds)."""
    own, record, pair_hazard = _buffers(runs, args)
    step_runs(0, runs, kinds, own, record, pair_hazard, *args)
    dyad_total(record, pair_hazard, runs, dyads)


def step_parallel(runs: int, dyads: np.ndarray, kinds: np.ndarray, *args: Any) -> None:
    """:func:`step_serial` with the runs shared out over numba's number of threads
    (:func:`herz.engine.compiled.threads.share`)."""
    own, record, pair_hazard = _buffers(runs, args)
    share(step_runs, runs, numba.get_num_threads(), kinds, own, record, pair_hazard, *args)
    dyad_total(record, pair_hazard, runs, dyads)
