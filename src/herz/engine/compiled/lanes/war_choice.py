"""Every pair's war arithmetic (:mod:`herz.engine.compiled.war_choice`) over a block of runs.

The equations, sources and departures are those of :mod:`herz.engine.war_choice` (Fearon 1995
on the risk-return trade-off and the bargaining range; Powell 2006 on preventive war under a
shifting balance; Schelling 1960 ch. 9 on reciprocal fear of surprise attack; McKelvey &
Palfrey 1995 on the quantal response; Jervis 1978 on the offence-defence balance's costs;
Morrow 1994 on the allies' intervention; Blainey 1973 on mutual optimism), in the order of
operations of :func:`herz.engine.compiled.war_choice._assess_run` with ``lazy=True``, the form
the fused step calls: the crisis margins (``out[9]``, ``out[10]``) are left NaN and ``work``
holds what :func:`~herz.engine.compiled.war_choice.preemption_pair` reads to compute them for
a pair in a crisis, plane for plane as the run-first kernel leaves it (``work[7]`` the
beliefs, ``work[8][1]`` each actor's gains from war, ``work[8][0]`` the power trend).

Lane by lane the numbers are the run-first kernel's bit for bit, the power forecast's ``log``
and ``exp`` :mod:`herz.engine.compiled.libm`'s in both (tested:
``tests/engine/test_lanes_war_choice.py``). Each target's allies are gathered first, run by
run in their order, once for every attacker; the pairs are then taken row by row, and the
intervention sums a target's allies in that order, a run with fewer allies than another of its
block adding exactly zero; so each run's sum is its run-first sum, term for term.

:func:`preemption_pair_lane` is :func:`~herz.engine.compiled.war_choice.preemption_pair` for
one lane: the margins ``out[9]`` and ``out[10]`` of a pair in a crisis from what the planes of
``work`` keep, the same rounds of reciprocal fear (Schelling 1960 ch. 9) with the same
operations and the C library's ``exp`` in the quantal response (McKelvey & Palfrey 1995), so
bit for bit. Crises are rare, so a lane's pair is computed alone (tested with the conflict
phases: ``tests/engine/test_lanes_conflict.py``).
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import libm
from herz.engine.compiled.war_choice import _quantal
from herz.engine.war_choice import LEVEL_K_ROUNDS

__all__ = ["assess_lanes", "preemption_pair_lane"]

_TINY = 1e-12  # herz.engine.compiled.war_choice's


@numba.njit(cache=True, inline="always", error_model="numpy")
def _contest(a: float, d: float) -> float:
    return a / (a + d + _TINY) if a + d > _TINY else 0.5


@numba.njit(cache=True, inline="always", error_model="numpy")
def _assess_block(b: int, gdp: np.ndarray, greedy: np.ndarray, belief: np.ndarray,
                  allies: np.ndarray, deploy: np.ndarray, now: np.ndarray, past: np.ndarray,
                  sigma: np.ndarray, noise: np.ndarray, deterrence: np.ndarray,
                  full_deterrence: np.ndarray, offense: np.ndarray, eff_def: np.ndarray,
                  observed: np.ndarray, weights: np.ndarray, par: np.ndarray, out: np.ndarray,
                  q_out: np.ndarray, work: np.ndarray, acc: np.ndarray) -> None:
    """``_assess_run(..., lazy=True)`` for the ``B`` runs of block ``b``: arrays
    ``(blocks, ..., B)``, ``out`` ``(12, blocks, N, N, B)``, ``q_out`` ``(blocks, N, B)``,
    ``work`` ``(9, blocks, N, N, B)``, ``acc`` ``(6, N, B)`` scratch (0, 1: each actor's
    projected power as itself and as a rival; 4, 5: row 0 only; 2, 3 unused). Every loop over
    the lanes is ``range(B)``."""
    lam, k_att, k_def, gp, war_prize = par[0], par[1], par[2], par[3], par[4]
    retaliation_cost, war_cost, u, floor, window = par[5], par[6], par[7], par[8], par[9]
    horizon, discount, e, h_max = par[10], par[11], par[12], par[14]
    shifting = par[15] > 0.0
    n, lanes = gdp.shape[1], gdp.shape[2]
    # the projected powers depend on one actor each: N logs and exps a run, not N^2
    if shifting:
        for k in range(n):
            for s in range(lanes):
                work[8, b, 0, k, s] = (libm.log(max(now[b, k, s], _TINY))
                                       - libm.log(max(past[b, k, s], _TINY))) / window
            for s in range(lanes):
                growth = work[8, b, 0, k, s]
                acc[0, k, s] = libm.exp(max(growth, 0.0) * horizon) * now[b, k, s]
                acc[1, k, s] = libm.exp(growth * horizon) * now[b, k, s]
    else:
        # read, then discarded by a select (the run-first kernel reads what fear held)
        for k in range(n):
            for s in range(lanes):
                acc[0, k, s] = 1.0
                acc[1, k, s] = 1.0
    for i in range(n):
        for s in range(lanes):
            q_out[b, i, s] = 1.0 / (2.0 + gp * greedy[b, i, s])
    # Each target's allies, in order, run by run, gathered once for every attacker: the c-th
    # ally's commitment in gathered[0, j, c] and its GDP in gathered[1, j, c], 0.0 after a
    # run's last; depth[j] the most any run has, acc[4, 0] the count of each. Built by selects,
    # over the allies of any run.
    gathered = np.empty((2, n, n, lanes))
    depth = np.zeros(n, dtype=np.int64)
    for j in range(n):
        for s in range(lanes):
            acc[4, 0, s] = 0.0
        rows = 0
        for ll in range(n):
            some = False
            for s in range(lanes):
                some |= allies[b, j, ll, s] != 0.0
            if not some:
                continue
            if rows == depth[j]:  # a run may reach a row not yet cleared
                for s in range(lanes):
                    gathered[0, j, rows, s] = 0.0
                    gathered[1, j, rows, s] = 0.0
                rows += 1
            for c in range(rows):
                for s in range(lanes):
                    a = allies[b, j, ll, s]
                    here = (a != 0.0) & (acc[4, 0, s] == c)
                    gathered[0, j, c, s] = a if here else gathered[0, j, c, s]
                    gathered[1, j, c, s] = gdp[b, ll, s] if here else gathered[1, j, c, s]
            for s in range(lanes):
                acc[4, 0, s] += 1.0 if allies[b, j, ll, s] != 0.0 else 0.0
            for s in range(lanes):
                depth[j] = max(depth[j], int(acc[4, 0, s]))
    # Row by row, as the run-first kernel goes: every plane is written in the order of its
    # pairs (target by target, each pair's 21 planes were written a row apart, and on one
    # processor the phase took 2.2-4.4x the run-first time; row by row, 0.99x).
    for i in range(n):
        for j in range(n):
            # the allies' intervention (in acc[5, 0]): each run's c-th ally at once (a run
            # whose list has ended adds 0.0 * min(gdp, 0.0), exactly zero)
            for s in range(lanes):
                acc[5, 0, s] = 0.0
            for c in range(depth[j]):
                for s in range(lanes):
                    a = gathered[0, j, c, s]
                    term = a * min(gdp[b, i, s], gathered[1, j, c, s])
                    acc[5, 0, s] += term
            # Split as the run-first kernel's row loops are, each loop few arrays (LLVM gives
            # up vectorising when the overlap checks between many grow), passing values on
            # through the planes of out and work.
            for s in range(lanes):
                attack = offense[b, i, s] * (1.0 + deploy[b, i, j, s])
                sg = sigma[b, i, j, s]
                seen = eff_def[b, j, s] * libm.exp(sg * noise[b, i, j, s] - 0.5 * sg**2)
                out[1, b, i, j, s] = _contest(lam * attack, seen)
                # the crisis quantities of Schelling's reciprocal fear
                work[0, b, i, j, s] = _contest(lam * (attack * (1.0 + e)), seen)
            for s in range(lanes):
                out[2, b, i, j, s] = _contest(lam * observed[b, j, i, s], eff_def[b, j, s])
                their_first = _contest(lam * (observed[b, i, j, s] * (1.0 + e)),
                                       eff_def[b, i, s])
                work[1, b, i, j, s] = 1.0 - their_first
            for s in range(lanes):
                gdp_i = gdp[b, i, s]
                m = min(gdp_i, gdp[b, j, s])
                stake = war_prize * m
                value = (2.0 + gp * greedy[b, i, s]) * max(stake, _TINY)
                retaliation = retaliation_cost * deterrence[b, j, i, s] * gdp_i
                out[3, b, i, j, s] = (war_cost * k_att * (m + acc[5, 0, s])
                                      + retaliation) / value
                work[2, b, i, j, s] = war_cost * k_att * m + retaliation
            for s in range(lanes):
                gdp_i, gdp_j = gdp[b, i, s], gdp[b, j, s]
                m = min(gdp_i, gdp_j)
                stake = war_prize * m
                def_value = 2.0 * max(stake, _TINY)
                def_retaliation = retaliation_cost * deterrence[b, i, j, s] * gdp_j
                out[4, b, i, j, s] = (war_cost * k_def * m + def_retaliation) / def_value
                work[3, b, i, j, s] = (war_cost * k_def * m
                                       + retaliation_cost * full_deterrence[b, j, i, s] * gdp_i)
            for s in range(lanes):
                stake = war_prize * min(gdp[b, i, s], gdp[b, j, s])
                work[4, b, i, j, s] = max(stake, _TINY)
                out[0, b, i, j, s] = stake
            for s in range(lanes):
                victory, cost = out[1, b, i, j, s], out[3, b, i, j, s]
                defense_cost = out[4, b, i, j, s]
                # Fearon's risk-return trade-off (herz.models.bargaining.optimal_offer_uniform)
                lo = defense_cost * (1.0 - u)
                hi = defense_cost * (1.0 + u)
                x_star = min(1.0, min(max(victory + (hi - cost) / 2.0, victory + lo),
                                      victory + hi))
                z = x_star - victory
                span = hi - lo
                spread = min(max((z - lo) / span, 0.0), 1.0)
                step = 1.0 if z > lo + 1e-12 else 0.0
                out[5, b, i, j, s] = x_star
                out[6, b, i, j, s] = spread if hi > lo else step
            for s in range(lanes):
                x_star, war = out[5, b, i, j, s], out[6, b, i, j, s]
                utility = x_star * (1.0 - war) + (out[1, b, i, j, s] - out[3, b, i, j, s]) * war
                q = q_out[b, i, s]
                out[7, b, i, j, s] = utility - q
                work[5, b, i, j, s] = max(q, utility) if greedy[b, i, s] else 1.0
            for s in range(lanes):
                # Powell's preventive margin on the feared part of the projected shift
                tw = floor + (1.0 - floor) * belief[b, i, j, s]
                own, other = acc[0, i, s], acc[1, j, s]
                now_i, now_j = now[b, i, s], now[b, j, s]
                share_now = now_j / max(now_i + now_j, _TINY)
                share_next = other / max(own + other, _TINY)
                projection = max((share_next - share_now) / horizon, 0.0)
                shift = projection if shifting else 0.0
                p_rival = now_j / max(now_i + now_j, _TINY)
                p_next = min(max(p_rival + tw * shift, 0.0), 1.0)
                gain = discount * (p_next - p_rival) / (1.0 - discount)
                out[8, b, i, j, s] = gain - (p_rival + out[3, b, i, j, s]
                                             + discount * out[4, b, i, j, s])
            for s in range(lanes):
                victory, cost = out[1, b, i, j, s], out[3, b, i, j, s]
                out[11, b, i, j, s] = ((victory - cost) + ((1.0 - out[2, b, i, j, s])
                                                           - out[4, b, i, j, s]) - 1.0)
            # Only a pair in a crisis reads its margins (preemption_pair): keep its rounds'
            # starting fears, the beliefs and each side's gains, mark the margins not yet
            # computed.
            for s in range(lanes):
                work[6, b, i, j, s] = h_max * weights[b, i, j, s]
                work[7, b, i, j, s] = belief[b, i, j, s]
                out[9, b, i, j, s] = np.nan
                out[10, b, i, j, s] = np.nan
    if n > 1:
        for i in range(n):
            for s in range(lanes):
                work[8, b, 1, i, s] = (1.0 + gp) if greedy[b, i, s] else 0.0


@numba.njit(cache=True, error_model="numpy")
def assess_lanes(gdp: np.ndarray, greedy: np.ndarray, belief: np.ndarray, allies: np.ndarray,
                 deploy: np.ndarray, now: np.ndarray, past: np.ndarray, sigma: np.ndarray,
                 noise: np.ndarray, deterrence: np.ndarray, full_deterrence: np.ndarray,
                 offense: np.ndarray, eff_def: np.ndarray, observed: np.ndarray,
                 weights: np.ndarray, par: np.ndarray, out: np.ndarray, q_out: np.ndarray,
                 work: np.ndarray, acc: np.ndarray) -> None:
    """The war arithmetic block by block of runs (the run-last counterpart of a loop of
    ``_assess_run(..., lazy=True)`` over the runs)."""
    for b in range(gdp.shape[0]):
        _assess_block(b, gdp, greedy, belief, allies, deploy, now, past, sigma, noise,
                      deterrence, full_deterrence, offense, eff_def, observed, weights, par,
                      out, q_out, work, acc)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _level_k_lane(work: np.ndarray, b: int, s: int, i: int, j: int, j_fear: float, p: float,
                  greedy_gains: float, rationality: float, h_max: float) -> float:
    """``_level_k`` of lane ``s`` of block ``b``: i's fear of j after one more round, j's
    hazard for each of its types given its fear ``j_fear`` of i, weighted by i's belief ``p``
    that j is greedy (the same operations, ``(1.0 + 0.0)`` kept so that every rounding is
    the run-first kernel's)."""
    pf, ps = work[0, b, j, i, s], work[1, b, j, i, s]
    cf, cs, st = work[2, b, j, i, s], work[3, b, j, i, s], work[4, b, i, j, s]
    a_s = pf - cf / ((1.0 + 0.0) * st)
    b_s = ps - cs / ((1.0 + 0.0) * st)
    m_s = a_s - j_fear * b_s - (1.0 - j_fear) * (1.0 / (1.0 + 0.0))
    scale = (1.0 + greedy_gains) * st
    a_g = pf - cf / scale
    b_g = ps - cs / scale
    m_g = a_g - j_fear * b_g - (1.0 - j_fear) * (1.0 / (1.0 + greedy_gains))
    h_s = _quantal(m_s, rationality, h_max)
    h_g = _quantal(m_g, rationality, h_max)
    return p * h_g + (1.0 - p) * h_s


@numba.njit(cache=True, inline="always", error_model="numpy")
def _margins_lane(work: np.ndarray, b: int, s: int, i: int, j: int, f: float, gains: float,
                  out: np.ndarray) -> None:
    """``_margins`` of lane ``s`` of block ``b``: the preemptive margin and the crisis gain of
    i against j given i's fear ``f``."""
    scale = (1.0 + gains) * work[4, b, i, j, s]
    first = work[0, b, i, j, s] - work[2, b, i, j, s] / scale
    second = work[1, b, i, j, s] - work[3, b, i, j, s] / scale
    peace = work[5, b, i, j, s]
    out[9, b, i, j, s] = first - f * second - (1.0 - f) * peace
    out[10, b, i, j, s] = first - peace


@numba.njit(cache=True, error_model="numpy")
def preemption_pair_lane(b: int, s: int, i: int, j: int, work: np.ndarray, rationality: float,
                         h_max: float, greed_premium: float, out: np.ndarray) -> None:
    """:func:`herz.engine.compiled.war_choice.preemption_pair` for lane ``s`` of block ``b``:
    ``out[9]`` and ``out[10]`` (``(12, blocks, N, N, B)``) of the pair (i, j) in both orders
    from what :func:`assess_lanes` left in ``work`` (``(9, blocks, N, N, B)``: ``work[6]`` the
    rounds' starting fears, ``work[7]`` the beliefs, ``work[8][1]`` each actor's gains)."""
    greedy_gains = 1.0 + greed_premium
    fij, fji = work[6, b, i, j, s], work[6, b, j, i, s]
    for _ in range(LEVEL_K_ROUNDS):
        nij = _level_k_lane(work, b, s, i, j, fji, work[7, b, i, j, s], greedy_gains,
                            rationality, h_max)
        nji = _level_k_lane(work, b, s, j, i, fij, work[7, b, j, i, s], greedy_gains,
                            rationality, h_max)
        fij, fji = nij, nji
    _margins_lane(work, b, s, i, j, fij, work[8, b, 1, i, s], out)
    _margins_lane(work, b, s, j, i, fji, work[8, b, 1, j, s], out)
