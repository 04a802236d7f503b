"""A whole step of every run, one compiled loop per run (the fused step's kernel).

:func:`step_run` applies the phases of :func:`herz.engine.step.advance` to run ``r`` in the
ODD's order: the opening (:func:`herz.engine.compiled.context.context_run`), the built-in rule
(:func:`herz.engine.compiled.decide.decide_run`), the acts and learning
(:func:`herz.engine.compiled.acts.acts_run`), then incidents, war, the belief update and the
economy (:func:`herz.engine.compiled.conflict.conflict_run`). Each phase's equations and sources
are in its module. :func:`step_serial` and :func:`step_parallel` loop over the runs (the latter
over threads, ``prange``); a run's numbers depend on its own inputs only, so both give the same.
The arguments are named in :data:`ARGUMENTS`; :class:`herz.engine.fused.FusedStep` allocates
them and passes them by name.
"""

from __future__ import annotations

import inspect
from typing import Any

import numba
import numpy as np
from numba import literal_unroll

from herz.engine.compiled.acts import acts_run
from herz.engine.compiled.agreements import decide_agreements_run
from herz.engine.compiled.conflict import conflict_run
from herz.engine.compiled.context import context_run
from herz.engine.compiled.decide import decide_run, standing_postures_run
from herz.engine.compiled.outputs import dyad_record_run, dyad_total

__all__ = ["ARGUMENTS", "INPUTS", "OUTPUTS", "STATE", "WORLD", "step_parallel", "step_run",
           "step_serial"]


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

#: The world's arrays: one for all runs, shared by the runs' and the slots' arguments.
WORLD = ("ctx_classes", "perceive_par", "assess_par", "ctx_actor", "unit", "decide_par",
         "decide_actor", "contact", "cyber", "acts_par", "acts_actor", "acts_classes",
         "procurement", "conflict_par", "growth", "belief0", "asymmetry", "strength", "caps",
         "agreement", "agree_par")
#: The run's state (:class:`herz.engine.state.State`'s fields), read and written by a step.
STATE = ("forces", "gdp", "greedy", "belief", "credibility", "alert", "deploy", "bilateral",
         "blocs", "hotline", "sanction", "cooldown", "bogus_pending", "statement", "spending",
         "last_hostile", "standing_deploy", "last_concession", "in_agreement", "cheating",
         "standing_sanction")
#: What a step reads of its run besides the state: the key and the powers of the forecast.
INPUTS = ("keys", "now", "past")
#: What the host reads of a run after its step besides the state (the step's record), and the
#: rows of the perception it reads (security; threat, second strike, first strike).
OUTPUTS = ("power_now", "spent", "war_hazard", "n_incidents", "n_crises", "n_wars",
           "p_incident", "p_crisis", "p_demand", "p_deployment", "p_force", "p_war",
           "p_hazard", "p_level", "p_own_level")
PA_ROWS, PP_ROWS = (4,), (3, 4, 8)

# Literal indices into the argument tuple (numba indexes a tuple of many types only so).
_ENTER = tuple(ARGUMENTS.index(k) for k in STATE + INPUTS)
_LEAVE = tuple(ARGUMENTS.index(k) for k in STATE + OUTPUTS)
_PA, _PP = ARGUMENTS.index("pa"), ARGUMENTS.index("pp")

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


@numba.njit(cache=True, error_model="numpy")
def _copy_row(a: np.ndarray, to: int, source: int) -> None:
    a[to] = a[source]


@numba.njit(cache=True, error_model="numpy")
def _step(r: int, s: int, args: Any) -> None:
    """Run ``r``'s step in row ``s`` of the arrays: its own (``s = r``) or a slot's, a row
    past the runs' that one thread reuses run after run. In a slot, the run's state and inputs
    are copied in, and its state and record out: the step's working arrays (some 150 kB a run
    at N = 20) then stay in the core's cache instead of streaming through memory."""
    if s != r:
        for k in literal_unroll(_ENTER):
            _copy_row(args[k], s, r)
    step_run(s, *args)
    if s != r:
        for k in literal_unroll(_LEAVE):
            _copy_row(args[k], r, s)
        for k in PA_ROWS:
            args[_PA][k, r] = args[_PA][k, s]
        for k in PP_ROWS:
            args[_PP][k, r] = args[_PP][k, s]


@numba.njit(cache=True, error_model="numpy")
def step_serial(runs: int, kept: int, dyads: np.ndarray, kinds: np.ndarray, *args: Any) -> None:
    """:func:`step_run` for runs ``0 .. runs - 1``, one after another, each run's part of the
    dyad counts taken right after its step; then the step's counts over the runs in ``dyads``
    (``(series, pairs)``, see :func:`herz.engine.compiled.outputs.dyad_counts`).

    The kept runs ``0 .. kept - 1``, whose events are logged, take their step in their own
    rows, the others in the slot row ``runs`` (:func:`_step`), which the arrays of
    :data:`STATE`, :data:`INPUTS`, :data:`OUTPUTS` and the working ones must have (the record
    of the perception then holds the :data:`PA_ROWS` and :data:`PP_ROWS` only)."""
    own, record, pair_hazard = _buffers(runs, args)
    for r in range(runs):
        _step(r, r if r < kept else runs, args)
        _count(r, kinds, own, record, pair_hazard, args)
    dyad_total(record, pair_hazard, runs, dyads)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def step_parallel(runs: int, kept: int, dyads: np.ndarray, kinds: np.ndarray,
                  *args: Any) -> None:
    """:func:`step_serial` over threads, each run's part of the dyad counts on its thread; a
    thread takes its runs in its own slot row, ``runs`` + numba's thread id (the arrays need
    one for each of ``numba.config.NUMBA_NUM_THREADS`` threads)."""
    own, record, pair_hazard = _buffers(runs, args)
    for r in numba.prange(runs):
        _step(r, r if r < kept else runs + numba.get_thread_id(), args)
        _count(r, kinds, own, record, pair_hazard, args)
    dyad_total(record, pair_hazard, runs, dyads)
