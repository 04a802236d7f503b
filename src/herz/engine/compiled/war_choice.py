"""Every pair's war arithmetic (:func:`herz.engine.war_choice.assess`) as one fused loop.

The equations, their sources and where herz departs from them are those of
:mod:`herz.engine.war_choice` (Fearon 1995; Powell 2006; Schelling 1960; McKelvey & Palfrey
1995; Jervis 1978; Morrow 1994), computed in the same order of operations: per run (threads
over runs with ``prange``), each actor's row of pairs is computed by a few loops over the row
(split so that they vectorise), then the rounds of reciprocal fear run over the run's pairs
(or, for the fused step, only for the pairs in a crisis: :func:`preemption_pair`). The numpy
version stays the reference; the two agree to floating-point tolerance (``exp`` and ``log``
may differ in the last bit, and the allies' intervention is summed in another order): tested
in ``tests/engine/test_compiled_war_choice.py``.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled import libm, parallel
from herz.engine.perception import Perception
from herz.engine.war_choice import (
    LEVEL_K_ROUNDS,
    WarAssessment,
    cost_scales,
    first_mover_edge,
)
from herz.engine.world import World

__all__ = ["assess", "preemption_pair"]

_TINY = 1e-12


@numba.njit(cache=True, inline="always", error_model="numpy")
def _quantal(margin: float, rationality: float, h_max: float) -> float:
    x = rationality * margin
    x = min(max(x, -60.0), 60.0)
    return h_max / (1.0 + math.exp(-x))


@numba.njit(cache=True, inline="always", error_model="numpy")
def _contest(a: float, d: float) -> float:
    return a / (a + d + _TINY) if a + d > _TINY else 0.5


@numba.njit(cache=True, inline="always", error_model="numpy")
def _assess_run(
    r: int, gdp: np.ndarray, greedy: np.ndarray, belief: np.ndarray, allies: np.ndarray,
    deploy: np.ndarray, now: np.ndarray, past: np.ndarray, sigma: np.ndarray,
    noise: np.ndarray, deterrence: np.ndarray, full_deterrence: np.ndarray,
    offense: np.ndarray, eff_def: np.ndarray, observed: np.ndarray, weights: np.ndarray,
    par: np.ndarray, out: np.ndarray, q_out: np.ndarray, work: np.ndarray, lazy: bool,
) -> None:
    lam, k_att, k_def, gp, war_prize = par[0], par[1], par[2], par[3], par[4]
    retaliation_cost, war_cost, u, floor, window = par[5], par[6], par[7], par[8], par[9]
    horizon, discount, e, rationality, h_max = par[10], par[11], par[12], par[13], par[14]
    has_shift = par[15]
    n = gdp.shape[1]
    # scratch of this run, allocated once for the batch (allocating per run costs more than
    # the arithmetic at small N)
    pf, ps, cf, cs = work[0, r], work[1, r], work[2, r], work[3, r]
    st, peace, fear, nxt = work[4, r], work[5, r], work[6, r], work[7, r]
    growth = work[8, r, 0]
    # this run's planes of out, once (a view costs two atomic reference counts)
    stake_rows, victory_rows, defending_rows = out[0, r], out[1, r], out[2, r]
    cost_rows, defense_rows, demand_rows = out[3, r], out[4, r], out[5, r]
    risk_rows, gain_rows = out[6, r], out[7, r]
    preventive_rows, optimism_rows = out[8, r], out[11, r]
    # until a row's last loop (8, 11) and the margins (9, 10) overwrite them, planes 8 to 11
    # hold the row's transposed reads and the allies' intervention
    full_rows, inter_rows, det_rows, obs_rows = preventive_rows, out[9, r], out[10, r], \
        optimism_rows
    # the projected powers depend on one actor each: N exps, not N^2 (kept in the first
    # and the last rows of fear, free until the rounds)
    own_next, other_next = fear[0], fear[n - 1]
    if has_shift > 0.0:
        for k in range(n):
            growth[k] = (libm.log(max(now[r, k], _TINY))
                         - libm.log(max(past[r, k], _TINY))) / window
        if n > 1:
            for k in range(n):
                own_next[k] = libm.exp(max(growth[k], 0.0) * horizon) * now[r, k]
                other_next[k] = libm.exp(growth[k] * horizon) * now[r, k]
    # each target's allies, in order, -1 after the last (nxt is free until the rounds): the
    # intervention sums only them, the same sum as over every actor (the others add +0.0)
    for j in range(n):
        c = 0
        for ll in range(n):
            if allies[r, j, ll] != 0.0:
                nxt[j, c] = ll
                c += 1
        if c < n:
            nxt[j, c] = -1.0
    # n = 1: own_next and other_next would share fear's one row
    own1 = other1 = 1.0
    if has_shift > 0.0 and n == 1:
        own1 = libm.exp(max(growth[0], 0.0) * horizon) * now[r, 0]
        other1 = libm.exp(growth[0] * horizon) * now[r, 0]
    shifting = has_shift > 0.0
    for i in range(n):
        g = gp * greedy[r, i]
        q = 1.0 / (2.0 + g)
        q_out[r, i] = q
        # Split for vectorisation: first the variable-length sum over the target's allies and
        # the transposed reads ([j, i]) into rows of out that later loops overwrite (9 and 10
        # after the pairs, 8 and 11 in the last loop), then loops over the row without
        # branches or calls (libm's exp), few arrays each (LLVM gives up vectorising a loop
        # when the overlap checks between its many arrays grow too many), that pass their
        # results on through the rows of out and work.
        for j in range(n):
            intervention = 0.0
            for c in range(n):
                ll = int(nxt[j, c])
                if ll < 0:
                    break
                intervention += allies[r, j, ll] * min(gdp[r, i], gdp[r, ll])
            inter_rows[i, j] = intervention
            det_rows[i, j] = deterrence[r, j, i]
            obs_rows[i, j] = observed[r, j, i]
            full_rows[i, j] = full_deterrence[r, j, i]
        off_i, eff_i = offense[r, i], eff_def[r, i]
        for j in range(n):
            attack = off_i * (1.0 + deploy[r, i, j])
            s = sigma[r, i, j]
            seen = eff_def[r, j] * libm.exp(s * noise[r, i, j] - 0.5 * s**2)
            victory_rows[i, j] = _contest(lam * attack, seen)
            defending_rows[i, j] = _contest(lam * obs_rows[i, j], eff_def[r, j])
            # the crisis quantities of Schelling's reciprocal fear
            pf[i, j] = _contest(lam * (attack * (1.0 + e)), seen)
            their_first = _contest(lam * (observed[r, i, j] * (1.0 + e)), eff_i)
            ps[i, j] = 1.0 - their_first
        gdp_i = gdp[r, i]
        for j in range(n):
            m = min(gdp_i, gdp[r, j])
            stake = war_prize * m
            value = (2.0 + g) * max(stake, _TINY)
            retaliation = retaliation_cost * det_rows[i, j] * gdp_i
            cost_rows[i, j] = (war_cost * k_att * (m + inter_rows[i, j]) + retaliation) / value
            def_value = 2.0 * max(stake, _TINY)
            def_retaliation = retaliation_cost * deterrence[r, i, j] * gdp[r, j]
            defense_rows[i, j] = (war_cost * k_def * m + def_retaliation) / def_value
            cf[i, j] = war_cost * k_att * m + retaliation
            cs[i, j] = (war_cost * k_def * m
                        + retaliation_cost * full_rows[i, j] * gdp_i)
            st[i, j] = max(stake, _TINY)
            stake_rows[i, j] = stake
        greedy_i = greedy[r, i]
        own = own_next[i] if n > 1 else own1
        now_i = now[r, i]
        for j in range(n):
            victory, cost, defense_cost = victory_rows[i, j], cost_rows[i, j], defense_rows[i, j]
            # Fearon's risk-return trade-off (herz.models.bargaining.optimal_offer_uniform)
            lo = defense_cost * (1.0 - u)
            hi = defense_cost * (1.0 + u)
            x_star = min(1.0, min(max(victory + (hi - cost) / 2.0, victory + lo),
                                  victory + hi))
            z = x_star - victory
            span = hi - lo
            spread = min(max((z - lo) / span, 0.0), 1.0)
            step = 1.0 if z > lo + 1e-12 else 0.0
            war = spread if hi > lo else step
            utility = x_star * (1.0 - war) + (victory - cost) * war
            # Powell's preventive margin on the feared part of the projected shift
            tw = floor + (1.0 - floor) * belief[r, i, j]
            other = other_next[j] if n > 1 else other1
            share_now = now[r, j] / max(now_i + now[r, j], _TINY)
            share_next = other / max(own + other, _TINY)
            projected = max((share_next - share_now) / horizon, 0.0)
            shift = projected if shifting else 0.0
            p_rival = now[r, j] / max(now_i + now[r, j], _TINY)
            p_next = min(max(p_rival + tw * shift, 0.0), 1.0)
            gain = discount * (p_next - p_rival) / (1.0 - discount)
            preventive = gain - (p_rival + cost + discount * defense_cost)
            peace[i, j] = max(q, utility) if greedy_i else 1.0
            demand_rows[i, j] = x_star
            risk_rows[i, j] = war
            gain_rows[i, j] = utility - q
            preventive_rows[i, j] = preventive
            optimism_rows[i, j] = ((victory - cost) + ((1.0 - defending_rows[i, j])
                                                       - defense_cost) - 1.0)
    # Rounds of "he thinks I think": j's hazard for each of its types given its fear of i.
    for i in range(n):
        for j in range(n):
            fear[i, j] = h_max * weights[r, i, j]
    if lazy:
        # Only a pair in a crisis reads its margins, and its rounds involve that pair alone:
        # keep what they read (beliefs, each side's gains) for preemption_pair, mark the
        # margins not yet computed.
        for i in range(n):
            for j in range(n):
                nxt[i, j] = belief[r, i, j]
                out[9, r, i, j] = np.nan
                out[10, r, i, j] = np.nan
        if n > 1:
            for i in range(n):
                work[8, r, 1, i] = (1.0 + gp) if greedy[r, i] else 0.0
        return
    greedy_gains = 1.0 + gp
    for _ in range(LEVEL_K_ROUNDS):
        for i in range(n):
            for j in range(n):
                nxt[i, j] = _level_k(work, r, i, j, fear[j, i], belief[r, i, j], greedy_gains,
                                     rationality, h_max)
        fear, nxt = nxt, fear
    for i in range(n):
        gains = (1.0 + gp) if greedy[r, i] else 0.0
        for j in range(n):
            _margins(work, r, i, j, fear[i, j], gains, out)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _level_k(work: np.ndarray, r: int, i: int, j: int, j_fear: float, b: float,
             greedy_gains: float, rationality: float, h_max: float) -> float:
    """i's fear of j after one more round: j's hazard for each of its types given its fear
    ``j_fear`` of i, weighted by i's belief ``b`` that j is greedy."""
    pf, ps, cf, cs, st = work[0, r], work[1, r], work[2, r], work[3, r], work[4, r]
    a_s = pf[j, i] - cf[j, i] / ((1.0 + 0.0) * st[i, j])
    b_s = ps[j, i] - cs[j, i] / ((1.0 + 0.0) * st[i, j])
    m_s = a_s - j_fear * b_s - (1.0 - j_fear) * (1.0 / (1.0 + 0.0))
    scale = (1.0 + greedy_gains) * st[i, j]
    a_g = pf[j, i] - cf[j, i] / scale
    b_g = ps[j, i] - cs[j, i] / scale
    m_g = a_g - j_fear * b_g - (1.0 - j_fear) * (1.0 / (1.0 + greedy_gains))
    h_s = _quantal(m_s, rationality, h_max)
    h_g = _quantal(m_g, rationality, h_max)
    return b * h_g + (1.0 - b) * h_s


@numba.njit(cache=True, inline="always", error_model="numpy")
def _margins(work: np.ndarray, r: int, i: int, j: int, f: float, gains: float,
             out: np.ndarray) -> None:
    """The preemptive margin and the crisis gain of i against j given i's fear ``f``."""
    pf, ps, cf, cs, st, peace = (work[0, r], work[1, r], work[2, r], work[3, r], work[4, r],
                                 work[5, r])
    scale = (1.0 + gains) * st[i, j]
    first = pf[i, j] - cf[i, j] / scale
    second = ps[i, j] - cs[i, j] / scale
    out[9, r, i, j] = first - f * second - (1.0 - f) * peace[i, j]
    out[10, r, i, j] = first - peace[i, j]


@numba.njit(cache=True, error_model="numpy")
def preemption_pair(r: int, i: int, j: int, work: np.ndarray, rationality: float,
                    h_max: float, greed_premium: float, out: np.ndarray) -> None:
    """``out[9]`` (preemptive margin) and ``out[10]`` (crisis gain) of the pair (i, j) in both
    orders, from what ``_assess_run(..., lazy=True)`` left in ``work``: the same rounds of
    reciprocal fear (Schelling 1960 ch. 9) in the same order of operations, so the numbers
    are those of the eager computation bit for bit (``nxt[i, j]`` reads ``fear[j, i]`` only,
    so the pair's rounds need no other pair)."""
    greedy_gains = 1.0 + greed_premium
    fij, fji = work[6, r, i, j], work[6, r, j, i]
    for _ in range(LEVEL_K_ROUNDS):
        nij = _level_k(work, r, i, j, fji, work[7, r, i, j], greedy_gains, rationality, h_max)
        nji = _level_k(work, r, j, i, fij, work[7, r, j, i], greedy_gains, rationality, h_max)
        fij, fji = nij, nji
    _margins(work, r, i, j, fij, work[8, r, 1, i], out)
    _margins(work, r, j, i, fji, work[8, r, 1, j], out)


@numba.njit(cache=True, error_model="numpy")
def _assess_serial(gdp: np.ndarray, greedy: np.ndarray, belief: np.ndarray, allies: np.ndarray,
                   deploy: np.ndarray, now: np.ndarray, past: np.ndarray, sigma: np.ndarray,
                   noise: np.ndarray, deterrence: np.ndarray, full_deterrence: np.ndarray,
                   offense: np.ndarray, eff_def: np.ndarray, observed: np.ndarray,
                   weights: np.ndarray, par: np.ndarray, out: np.ndarray,
                   q_out: np.ndarray, work: np.ndarray) -> None:
    for r in range(gdp.shape[0]):
        _assess_run(r, gdp, greedy, belief, allies, deploy, now, past, sigma, noise, deterrence,
                    full_deterrence, offense, eff_def, observed, weights, par, out, q_out, work,
                    False)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _assess_parallel(gdp: np.ndarray, greedy: np.ndarray, belief: np.ndarray,
                     allies: np.ndarray, deploy: np.ndarray, now: np.ndarray, past: np.ndarray,
                     sigma: np.ndarray, noise: np.ndarray, deterrence: np.ndarray,
                     full_deterrence: np.ndarray, offense: np.ndarray, eff_def: np.ndarray,
                     observed: np.ndarray, weights: np.ndarray, par: np.ndarray,
                     out: np.ndarray, q_out: np.ndarray, work: np.ndarray) -> None:
    for r in numba.prange(gdp.shape[0]):
        _assess_run(r, gdp, greedy, belief, allies, deploy, now, past, sigma, noise, deterrence,
                    full_deterrence, offense, eff_def, observed, weights, par, out, q_out, work,
                    False)


def assess(
    world: World,
    per: Perception,
    gdp: np.ndarray,
    greedy: np.ndarray,
    belief: np.ndarray,
    ally: np.ndarray,
    deploy: np.ndarray,
    power_history: list[np.ndarray],
    sigma: np.ndarray,
    noise: np.ndarray,
) -> WarAssessment:
    """:func:`herz.engine.war_choice.assess`, compiled (the same arguments and result)."""
    spec = world.spec
    r, n = gdp.shape
    k_att, k_def = cost_scales(per.lam)
    window, horizon = spec.forecast_window, spec.forecast_horizon
    now = power_history[-1] if power_history else np.ones((r, n))
    has_shift = len(power_history) > window
    past = power_history[-1 - window] if has_shift else now
    par = np.array([
        per.lam, k_att, k_def, spec.greed_premium, spec.war_prize, spec.retaliation_cost,
        spec.war_cost, spec.resolve_uncertainty, spec.hostility_floor, window, horizon,
        spec.discount, first_mover_edge(spec.first_mover_advantage, spec.offense_dominance),
        spec.rationality, spec.war_hazard_max, float(has_shift),
    ], dtype=float)
    out = np.empty((12, r, n, n))
    q = np.empty((r, n))
    allies = spec.alliance_commitment * ally.astype(float)
    f64 = np.ascontiguousarray

    kernel = _assess_parallel if parallel(r * n * n) else _assess_serial
    kernel(f64(gdp, dtype=float), f64(greedy, dtype=np.bool_), f64(belief, dtype=float),
            allies, f64(deploy, dtype=float), f64(now, dtype=float), f64(past, dtype=float),
            f64(sigma, dtype=float), f64(noise, dtype=float), f64(per.deterrence),
            f64(per.full_deterrence), f64(per.offense), f64(per.effective_defense),
            f64(per.observed), f64(per.weights), par, out, q, np.empty((9, r, n, n)))
    return WarAssessment(
        stake=out[0], status_quo=q, victory=out[1], defending=out[2], cost=out[3],
        defense_cost=out[4], demand=out[5], war_risk=out[6], demand_gain=out[7],
        preventive=out[8], preemptive=out[9], crisis_gain=out[10], optimism=out[11],
    )
