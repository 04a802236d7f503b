"""The close of a step (the end of :func:`herz.engine.compiled.conflict.conflict_run`) over a
block of runs: the pair record, the belief update, the economy and the war hazard.

The equations, sources and departures are those of :mod:`herz.engine.compiled.conflict`: the
step's pair record (:func:`herz.engine.step._pairs`, the MID hostility levels of Jones, Bremer
& Singer 1996), :func:`herz.engine.learning.update_beliefs` (Bayes's rule in log-odds form with
trust asymmetry, Kydd 1997, 2005, Slovic 1993; the prior's pull, the switching hazard of
motives, Goemans, Gleditsch & Chiozza 2009), :func:`herz.engine.economy.close_step` (growth
under sanctions; power as Powell 2006's forecast tracks it) and
:func:`herz.engine.war.war_hazard`, in the order of operations of ``pairs_run``,
``update_beliefs_run``, ``close_step_run`` and ``war_hazard_run``, lane by lane. The run-first
belief update already takes :mod:`herz.engine.compiled.libm`'s ``log``, ``log1p`` and ``exp``
(so that its row loop vectorises), so every number here is the run-first kernel's bit for bit
(tested: ``tests/engine/test_lanes_closing.py``). The phases of ``conflict_run`` before the
close (incidents, crisis wars, demands, the wars started) are another module's.

Arrays are laid out as :mod:`~herz.engine.compiled.lanes.layout` blocks them, ``(R / B, ...,
B)``, the step's argument names kept; ``conflict_work`` is ``(R / B, 2, N, B)`` and ``acc``
``(2, B)`` scratch for one block.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import libm
from herz.engine.compiled.conflict import _LOGIT_BOUND, _SCRIPTED

__all__ = ["close_step_block", "conflict_close_block", "pairs_block", "update_beliefs_block",
           "war_hazard_block"]


@numba.njit(cache=True, inline="always", error_model="numpy")
def pairs_block(b: int, deploy: np.ndarray, deployed: np.ndarray, p_crisis: np.ndarray,
                p_demand: np.ndarray, p_war: np.ndarray, d_war_hazard: np.ndarray,
                crisis_hazard: np.ndarray, p_deployment: np.ndarray, p_force: np.ndarray,
                p_hazard: np.ndarray, p_level: np.ndarray, p_own_level: np.ndarray) -> None:
    """``pairs_run`` for the ``B`` runs of block ``b``: the pair record's fields the phases do
    not fill (MID levels: 2 demand, 3 deployment or crisis, 4 force, 5 war; only a scripted war
    leaves ``own_level``), the levels' ``if`` chains as selects over the lanes."""
    n, lanes = deploy.shape[1], deploy.shape[3]
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                p_deployment[b, i, j, s] = deployed[b, i, j, s]
                pressing = p_demand[b, i, j, s] & (deploy[b, i, j, s] > 0)
                p_force[b, i, j, s] = pressing | (p_war[b, i, j, s] > 0)
            for s in range(lanes):
                p_hazard[b, i, j, s] = 1.0 - ((1.0 - d_war_hazard[b, i, j, s])
                                              * (1.0 - crisis_hazard[b, i, j, s]))
            for s in range(lanes):
                code = p_war[b, i, j, s]
                made = p_demand[b, i, j, s]
                started = code > 0
                pressing = made & (deploy[b, i, j, s] > 0)
                own_war = started & (code != _SCRIPTED)
                base = 3 if deployed[b, i, j, s] | p_crisis[b, i, j, s] else (2 if made else 0)
                level = 5 if started else (4 if pressing | started else base)
                own = 5 if own_war else (4 if pressing | own_war else base)
                p_level[b, i, j, s] = level
                p_own_level[b, i, j, s] = own
    # a pair's level is the higher side's; each array in a loop of its own
    for i in range(n):
        for j in range(i + 1, n):
            for s in range(lanes):
                m = max(p_level[b, i, j, s], p_level[b, j, i, s])
                p_level[b, i, j, s] = m
                p_level[b, j, i, s] = m
            for s in range(lanes):
                m = max(p_own_level[b, i, j, s], p_own_level[b, j, i, s])
                p_own_level[b, i, j, s] = m
                p_own_level[b, j, i, s] = m


@numba.njit(cache=True, inline="always", error_model="numpy")
def update_beliefs_block(b: int, conflict_par: np.ndarray, belief0: np.ndarray,
                         asymmetry: np.ndarray, belief: np.ndarray, L: np.ndarray) -> None:
    """``update_beliefs_run`` for the ``B`` runs of block ``b``: the prior's pull (the motives'
    switching hazard, ``conflict_par[14]``), then Kydd's
    update in log-odds, bad news weighted by ``1 / asymmetry`` (Slovic 1993); the diagonal
    by a select."""
    n, lanes = belief.shape[1], belief.shape[3]
    eta = conflict_par[14]
    for i in range(n):
        bad_news = 1.0 / asymmetry[i]
        for j in range(n):
            prior = belief0[i, j]
            eye = i == j
            for s in range(lanes):
                x = (1.0 - eta) * belief[b, i, j, s] + eta * prior
                x = min(max(x, 1e-12), 1 - 1e-12)
                logit = libm.log(x) - libm.log1p(-x)
                e = L[b, i, j, s]
                weight = 1.0 if e > 0 else bad_news
                logit = min(max(logit + weight * e, -_LOGIT_BOUND), _LOGIT_BOUND)
                updated = 1.0 / (1.0 + libm.exp(-logit))
                belief[b, i, j, s] = 0.0 if eye else updated


@numba.njit(cache=True, inline="always", error_model="numpy")
def close_step_block(b: int, conflict_par: np.ndarray, growth: np.ndarray,
                     strength: np.ndarray, gdp: np.ndarray, forces: np.ndarray,
                     sanction: np.ndarray, bilateral: np.ndarray, blocs: np.ndarray,
                     cooldown: np.ndarray, spending: np.ndarray, spent: np.ndarray,
                     power_now: np.ndarray, conflict_work: np.ndarray,
                     acc: np.ndarray) -> None:
    """``close_step_run`` for the ``B`` runs of block ``b``: growth less the sanctions'
    pressure, Powell's power on the alliances after the step into ``power_now``, cool-downs
    counted down, ``spending`` the step's. ``conflict_work[b]`` holds what the run-first
    kernel's ``work[r]`` holds (0: the pressure, then i's allies; 1: each actor's own power);
    ``acc`` ``(2, B)``: the world's GDP, then the allies' power."""
    n, lanes = gdp.shape[1], gdp.shape[2]
    sanction_effect, commitment = conflict_par[15], conflict_par[16]
    work = conflict_work
    for s in range(lanes):
        acc[0, s] = 0.0
    for i in range(n):
        for s in range(lanes):
            acc[0, s] += gdp[b, i, s]
    # each pressure summed over the senders i in their order, as the run-first kernel's
    for j in range(n):
        for s in range(lanes):
            work[b, 0, j, s] = 0.0
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                work[b, 0, j, s] += sanction[b, i, j, s] * gdp[b, i, s]
    for j in range(n):
        for s in range(lanes):
            work[b, 0, j, s] = work[b, 0, j, s] / acc[0, s]
    for i in range(n):
        g = growth[i]
        for s in range(lanes):
            gdp[b, i, s] *= 1.0 + g - sanction_effect * work[b, 0, i, s]
    for i in range(n):
        for s in range(lanes):
            work[b, 1, i, s] = 0.0
        for k in range(forces.shape[2]):
            c = strength[k]
            for s in range(lanes):
                work[b, 1, i, s] += forces[b, i, k, s] * c
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                work[b, 0, j, s] = 1.0 if bilateral[b, i, j, s] else 0.0
        # i's blocs where any run holds i in one; the others' allies kept as they were
        for a in range(blocs.shape[1]):
            member = False
            for s in range(lanes):
                member |= blocs[b, a, i, s]
            if not member:
                continue
            for j in range(n):
                for s in range(lanes):
                    shared = blocs[b, a, i, s] & blocs[b, a, j, s]
                    work[b, 0, j, s] = 1.0 if shared else work[b, 0, j, s]
        # a non-ally adds exactly zero (the run-first sum skips it; both start at +0.0)
        for s in range(lanes):
            acc[1, s] = 0.0
        for j in range(n):
            if j == i:
                continue
            for s in range(lanes):
                acc[1, s] += work[b, 1, j, s] if work[b, 0, j, s] > 0.0 else 0.0
        for s in range(lanes):
            power_now[b, i, s] = work[b, 1, i, s] + commitment * acc[1, s]
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                cooldown[b, i, j, s] = max(cooldown[b, i, j, s] - 1, 0)
        for s in range(lanes):
            spending[b, i, s] = spent[b, i, s]


@numba.njit(cache=True, inline="always", error_model="numpy")
def war_hazard_block(b: int, d_war_hazard: np.ndarray, crisis_hazard: np.ndarray,
                     started: np.ndarray, war_hazard: np.ndarray, acc: np.ndarray) -> None:
    """``war_hazard_run`` for the ``B`` runs of block ``b``: per pair the largest of the rule's
    hazard, the crisis hazard and 1 for a war started, either side; over pairs the chance of at
    least one. ``acc`` ``(1+, B)`` scratch (row 0)."""
    n, lanes = started.shape[1], started.shape[3]
    for i in range(n):
        for s in range(lanes):
            acc[0, s] = 1.0
        for j in range(n):
            for s in range(lanes):
                a = max(max(d_war_hazard[b, i, j, s], crisis_hazard[b, i, j, s]),
                        1.0 if started[b, i, j, s] else 0.0)
                c = max(max(d_war_hazard[b, j, i, s], crisis_hazard[b, j, i, s]),
                        1.0 if started[b, j, i, s] else 0.0)
                acc[0, s] *= 1.0 - max(a, c)
        for s in range(lanes):
            war_hazard[b, i, s] = 1.0 - acc[0, s]


@numba.njit(cache=True, error_model="numpy")
def conflict_close_block(b: int, conflict_par: np.ndarray, growth: np.ndarray,
                         belief0: np.ndarray, asymmetry: np.ndarray, strength: np.ndarray,
                         gdp: np.ndarray, forces: np.ndarray, belief: np.ndarray,
                         deploy: np.ndarray, bilateral: np.ndarray, blocs: np.ndarray,
                         sanction: np.ndarray, cooldown: np.ndarray, spending: np.ndarray,
                         spent: np.ndarray, deployed: np.ndarray, d_war_hazard: np.ndarray,
                         L: np.ndarray, p_crisis: np.ndarray, p_demand: np.ndarray,
                         p_deployment: np.ndarray, p_force: np.ndarray, p_war: np.ndarray,
                         p_hazard: np.ndarray, p_level: np.ndarray, p_own_level: np.ndarray,
                         war_hazard: np.ndarray, power_now: np.ndarray,
                         crisis_hazard: np.ndarray, started: np.ndarray,
                         conflict_work: np.ndarray, acc: np.ndarray) -> None:
    """The end of ``conflict_run`` for the ``B`` runs of block ``b``, in its order: the pair
    record, the belief update, the economy, the war hazard (``crisis_hazard`` and ``started``
    as the phases before left them). Not inlined: more arguments than numba inlines."""
    pairs_block(b, deploy, deployed, p_crisis, p_demand, p_war, d_war_hazard, crisis_hazard,
                p_deployment, p_force, p_hazard, p_level, p_own_level)
    update_beliefs_block(b, conflict_par, belief0, asymmetry, belief, L)
    close_step_block(b, conflict_par, growth, strength, gdp, forces, sanction, bilateral,
                     blocs, cooldown, spending, spent, power_now, conflict_work, acc)
    war_hazard_block(b, d_war_hazard, crisis_hazard, started, war_hazard, acc)
