"""The opening of a step (:func:`herz.engine.context.perceive_step`) for one run, compiled.

For run ``r``, on the state at the start of step ``t``: the alliances (named blocs or bilateral,
:attr:`herz.engine.state.State.ally`), the log-sd of every estimate (intelligence and agreement
monitoring), every actor's perception with its
observation noise (stream ``OBSERVE``: Jervis 1976, 1978; Glaser 1997), the war arithmetic
of every pair with its estimate noise (stream ``ESTIMATE``: Fearon 1995; Powell 2006; Schelling
1960), each actor's main threat, the upkeep of its forces and the escalations it knows of.
Each quantity is the one :mod:`herz.engine.compiled.perception` and
:mod:`herz.engine.compiled.war_choice` compute for the numpy path's arrays, in the same order of
operations; ``tests/engine/test_fused_context.py`` compares them with the numpy opening.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled.agreements import monitoring_at
from herz.engine.compiled.draws import normal_fill
from herz.engine.compiled.perception import _perceive_run
from herz.engine.compiled.war_choice import _assess_run
from herz.engine.forces import ForceCatalogue
from herz.engine.perception import offense_multiplier, seen_offense_weights
from herz.engine.scenario import WorldSpec
from herz.engine.streams import Stream
from herz.engine.war_choice import cost_scales, first_mover_edge
from herz.engine.world import World

__all__ = ["context_arrays", "context_run", "power_run"]

_OBSERVE = int(Stream.OBSERVE)
_ESTIMATE = int(Stream.ESTIMATE)


def _classes(cat: ForceCatalogue, spec: WorldSpec) -> np.ndarray:
    """The per-class weights the perception kernel reads (its ``classes`` argument)."""
    return np.ascontiguousarray(np.stack([
        cat.offense, seen_offense_weights(cat, spec), cat.defense, cat.counterforce, cat.asw,
        cat.intercept, cat.strategic, cat.survivability, cat.fixed.astype(float),
        cat.hidden.astype(float)]), dtype=float)


def context_arrays(world: World) -> tuple[np.ndarray, ...]:
    """What the opening reads of the world, once per simulation: ``(classes, perceive_par,
    assess_par, actor, unit)``; ``actor`` rows: worst-case bias, log-sd of the actor's
    observations (``observation_noise * (1 - intelligence)``); ``unit``: upkeep per unit of
    each class (depreciation x cost). ``assess_par[15]`` (whether a power shift can be
    projected) is set by the driver each step."""
    spec, cat = world.spec, world.cat
    lam = offense_multiplier(spec)
    k_att, k_def = cost_scales(lam)
    perceive_par = np.array([lam, spec.alliance_commitment, spec.hostility_floor,
                             spec.alert_threat, spec.assured_destruction])
    assess_par = np.array([
        lam, k_att, k_def, spec.greed_premium, spec.war_prize, spec.retaliation_cost,
        spec.war_cost, spec.resolve_uncertainty, spec.hostility_floor,
        spec.forecast_window, spec.forecast_horizon, spec.discount,
        first_mover_edge(spec.first_mover_advantage, spec.offense_dominance),
        spec.rationality, spec.war_hazard_max, 0.0,
    ], dtype=float)
    actor = np.ascontiguousarray(np.stack([
        np.asarray(world.worst_case, dtype=float),
        spec.observation_noise * (1.0 - np.asarray(world.intelligence, dtype=float)),
    ]))
    unit = np.ascontiguousarray(cat.depreciation * cat.cost, dtype=float)
    return _classes(cat, spec), perceive_par, assess_par, actor, unit


@numba.njit(cache=True, error_model="numpy")
def ally_run(r: int, bilateral: np.ndarray, blocs: np.ndarray, ally: np.ndarray) -> None:
    """``ally[r]``: a bilateral alliance or a shared named one (never oneself)."""
    n = bilateral.shape[1]
    for i in range(n):
        for j in range(n):
            ally[r, i, j] = bilateral[r, i, j]
    # bloc by bloc, its members with each other: N x blocs, not N^2 x blocs
    for b in range(blocs.shape[1]):
        for i in range(n):
            if blocs[r, b, i]:
                for j in range(n):
                    if blocs[r, b, j]:
                        ally[r, i, j] = True
    for i in range(n):
        ally[r, i, i] = False


@numba.njit(cache=True, error_model="numpy")
def power_run(r: int, forces: np.ndarray, ally: np.ndarray, strength: np.ndarray,
              commitment: float, out: np.ndarray) -> None:
    """``out[r]``: power ``P_i = sum_k F_ik (off_k + def_k) + alpha sum_{l ally} P_l`` of
    :func:`herz.engine.policy.power` (Powell 2006's forecast tracks it), ``strength`` the
    per-unit offence + defence."""
    n, n_classes = forces.shape[1], forces.shape[2]
    own = np.empty(n)
    for i in range(n):
        s = 0.0
        for k in range(n_classes):
            s += forces[r, i, k] * strength[k]
        own[i] = s
    for i in range(n):
        allied = 0.0
        for j in range(n):
            allied += (1.0 if ally[r, i, j] else 0.0) * own[j]
        out[r, i] = own[i] + commitment * allied


@numba.njit(cache=True, error_model="numpy")
def context_run(
    r: int, t: int, keys: np.ndarray, forces: np.ndarray, gdp: np.ndarray,
    greedy: np.ndarray, belief: np.ndarray, alert: np.ndarray, deploy: np.ndarray,
    bilateral: np.ndarray, blocs: np.ndarray, last_hostile: np.ndarray,
    now: np.ndarray, past: np.ndarray, classes: np.ndarray, perceive_par: np.ndarray,
    assess_par: np.ndarray, actor: np.ndarray, unit: np.ndarray,
    ally: np.ndarray, free: np.ndarray, allies: np.ndarray, sigma: np.ndarray,
    noise: np.ndarray, pa: np.ndarray, pp: np.ndarray, wa: np.ndarray, q: np.ndarray,
    work: np.ndarray, main_threat: np.ndarray, known: np.ndarray, replacement: np.ndarray,
    in_agreement: np.ndarray, agreement: np.ndarray,
) -> None:
    """Open step ``t`` of run ``r``: fill the context arrays at row ``r``.

    ``now`` and ``past`` are the powers the preventive-war forecast compares (at the first
    step ``now[r]`` must hold the power of the state itself, :func:`power_run`). The crisis
    margins ``wa[9]`` (preemptive) and ``wa[10]`` (crisis gain) are left NaN: only a pair in a
    crisis reads them, and :func:`herz.engine.compiled.conflict.crisis_wars_run` computes them
    for it from ``work`` (:func:`herz.engine.compiled.war_choice.preemption_pair`), so
    ``work`` must be kept until the step's conflict phase. ``in_agreement``, ``agreement``:
    the state's memberships and :func:`herz.engine.compiled.agreements.agreement_arrays`'s
    ``(3, G)`` rows."""
    n, n_classes = forces.shape[1], forces.shape[2]
    ally_run(r, bilateral, blocs, ally)
    commitment = perceive_par[1]
    key = keys[r]
    for i in range(n):
        for j in range(n):
            free[r, i, j] = not ally[r, i, j] and i != j
            allies[r, i, j] = commitment * (1.0 if ally[r, i, j] else 0.0)
            # agreement monitoring sharpens the members' estimates of each other
            sigma[r, i, j] = actor[1, i] * (1.0 - monitoring_at(r, t, i, j, in_agreement,
                                                                agreement))
    normal_fill(noise[r], key, t, _OBSERVE)
    _perceive_run(r, forces, belief, ally, deploy, sigma, noise, actor[0], alert, classes,
                  perceive_par, pa, pp)
    normal_fill(noise[r], key, t, _ESTIMATE)
    # Perception.deterrence, full_deterrence, offense, effective_defense, observed, weights
    _assess_run(r, gdp, greedy, belief, allies, deploy, now, past, sigma, noise, pp[2], pp[6],
                pa[0], pa[3], pp[1], pp[0], assess_par, wa, q, work, True)
    for i in range(n):
        top, best = 0, pp[3, r, i, 0]
        for j in range(1, n):
            if pp[3, r, i, j] > best:
                top, best = j, pp[3, r, i, j]
        main_threat[r, i] = top if best > 0.0 else -1
        known[r, i] = last_hostile[r, i]
        upkeep = 0.0
        for k in range(n_classes):
            upkeep += forces[r, i, k] * unit[k]
        replacement[r, i] = upkeep
