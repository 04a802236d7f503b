"""The built-in rule (:mod:`herz.engine.compiled.decide`) over a block of runs.

The rule, its sources and constants are those of :mod:`herz.engine.policy` (after Glaser 1997,
2010 and Kydd 1997): the arming rule of :mod:`herz.engine.arming` (Glaser 1997; Richardson
1960's fatigue term in budget form; Olson & Zeckhauser 1966 on the minimum share) with its
log-normal noise; alerts in proportion to the security shortfall; sanctions on a non-ally
believed greedy; alliance offers against a shared main threat (Walt 1987); statements, bogus
when the speaker is greedy; covert action against the main threat; demands pressed by greedy
actors (Fearon 1995's risk-return trade-off) with the logit quantal response of
:mod:`herz.engine.war_choice` (McKelvey & Palfrey 1995); preventive war (Fearon 1995; Powell
2006). A passive actor only replaces its depreciation.

The operations are those of :func:`herz.engine.compiled.decide.decide_run`, in its order, lane
by lane; its branches become selects over the lanes (greedy or not, the argmax of a row, the
covert draw at the main threat, the demand at the chosen target), the passive actor (the same
in every run) stays a branch. Every chance event is the number
:mod:`herz.engine.compiled.draws` draws for the lane's run at the same (step, stream,
position): a draw is a pure function of its counter, and the counter's part that does not
depend on the run (``_mix(flat ^ salt)``) is computed once a pair for all lanes. The arming
noise's ``exp`` is :func:`herz.engine.compiled.libm.exp`, as in the run-first kernel: every
decision bit for bit (tested: ``tests/engine/test_lanes_decide.py``).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled import libm
from herz.engine.compiled.decide import (
    _ALLIANCE,
    _ARMING,
    _DEMAND,
    _DISCRETE,
    _POLICY,
    _WAR_PREVENTIVE,
    _WAR_START,
    _clip,
    _quantal,
)
from herz.engine.compiled.draws import NORMAL_OFFSET, salt
from herz.engine.compiled.streams import _mix, _unit

__all__ = ["decide_lanes"]

_TINY = 1e-12  # herz.engine.compiled.decide's


@numba.njit(cache=True, inline="always", error_model="numpy")
def _passive_block(b: int, i: int, replacement: np.ndarray, d_spend: np.ndarray,
                   d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray,
                   d_covert: np.ndarray, d_ally: np.ndarray, d_statement: np.ndarray,
                   d_bogus: np.ndarray, d_coerce: np.ndarray, d_attack: np.ndarray,
                   d_war_hazard: np.ndarray) -> None:
    """A passive actor's rows: only replaces its depreciation (policy.decide)."""
    n, lanes = d_deploy.shape[2], d_deploy.shape[3]
    for s in range(lanes):
        d_spend[b, i, s] = replacement[b, i, s]
        d_alert[b, i, s] = 0.0
    for j in range(n):
        for s in range(lanes):
            d_deploy[b, i, j, s] = 0.0
            d_sanction[b, i, j, s] = 0.0
            d_covert[b, i, j, s] = 0.0
            d_war_hazard[b, i, j, s] = 0.0
            d_attack[b, i, j, s] = 0
        for s in range(lanes):
            d_ally[b, i, j, s] = False
            d_statement[b, i, j, s] = False
            d_bogus[b, i, j, s] = False
            d_coerce[b, i, j, s] = False


@numba.njit(cache=True, inline="always", error_model="numpy")
def _argmax_lanes(b: int, i: int, a: np.ndarray, best: np.ndarray, at: np.ndarray) -> None:
    """Per lane, numpy's argmax of row ``a[b, i, :, s]`` in ``at`` and its value in ``best``
    (the first maximum, or the first NaN: a NaN held stops the search)."""
    n, lanes = a.shape[2], a.shape[3]
    for s in range(lanes):
        best[s] = a[b, i, 0, s]
        at[s] = 0
    for j in range(1, n):
        for s in range(lanes):
            x, v = a[b, i, j, s], best[s]
            take = (not math.isnan(v)) & (math.isnan(x) | (x > v))
            best[s] = x if take else v
            at[s] = j if take else at[s]


@numba.njit(cache=True, inline="always", error_model="numpy")
def _decide_block(
    b: int, t: int, keys: np.ndarray, forces: np.ndarray, gdp: np.ndarray, greedy: np.ndarray,
    belief: np.ndarray, cooldown: np.ndarray, pa: np.ndarray, pp: np.ndarray, wa: np.ndarray,
    free: np.ndarray, main_threat: np.ndarray, replacement: np.ndarray, par: np.ndarray,
    actor_par: np.ndarray, contact: np.ndarray, cyber: np.ndarray, d_spend: np.ndarray,
    d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray, d_covert: np.ndarray,
    d_ally: np.ndarray, d_statement: np.ndarray, d_bogus: np.ndarray, d_coerce: np.ndarray,
    d_attack: np.ndarray, d_war_hazard: np.ndarray, scratch: tuple[np.ndarray, np.ndarray],
) -> None:
    """``decide_run`` for the ``B`` runs of block ``b``: arrays ``(blocks, ..., B)`` (``keys``
    ``(blocks, B)``, ``pa`` ``(8, blocks, N, B)``, ``pp`` and ``wa`` ``(rows, blocks, N, N,
    B)``), ``par``, ``actor_par``, ``contact`` and ``cyber`` as ``decide_run`` takes them;
    ``scratch`` ``(acc, idx)``: ``(8, B)`` ``float64`` and ``(2, B)`` ``int64`` (one argument:
    a call with more than 30 is compiled as ``f(*args)``, which numba does not inline)."""
    acc, idx = scratch
    mu, rate, a_noise, alert_gain = par[0], par[1], par[2], par[3]
    sanction_belief, ally_trust, ally_rate, surge = par[4], par[5], par[6], par[7]
    covert_belief, covert_rate, demand_rate, rationality = par[8], par[9], par[10], par[11]
    h_max = par[12]
    n, lanes = gdp.shape[1], gdp.shape[2]
    s_ally = salt(t, _ALLIANCE)
    s_policy = salt(t, _POLICY)
    s_covert = salt(t, _DISCRETE)
    s_demand = salt(t, _DEMAND)
    s_war = salt(t, _WAR_START)
    s_arm1, s_arm2 = salt(t, _ARMING), salt(t, _ARMING + NORMAL_OFFSET)
    demand_unit = max(demand_rate, _TINY)
    for i in range(n):
        if actor_par[6, i] > 0.0:
            _passive_block(b, i, replacement, d_spend, d_alert, d_deploy, d_sanction, d_covert,
                           d_ally, d_statement, d_bogus, d_coerce, d_attack, d_war_hazard)
            continue
        target, sensitivity = actor_par[0, i], actor_par[1, i]
        low_share, cap_share, dpc = actor_par[2, i], actor_par[3, i], actor_par[4, i]

        # Arming: arming.desired_spending (threat in acc[0], the wanted spending in acc[1]),
        # then the log-normal noise (stream ARMING at position i: z in acc[2]).
        for s in range(lanes):
            acc[0, s] = 0.0
        for j in range(n):
            for s in range(lanes):
                acc[0, s] += pp[3, b, i, j, s]
        for s in range(lanes):
            g = gdp[b, i, s]
            low, cap = low_share * g, cap_share * g
            renewal = replacement[b, i, s]
            defense = pa[2, b, i, s]
            allied = pa[3, b, i, s] - defense
            ambition = 1.0 + mu * (1.0 if greedy[b, i, s] else 0.0)
            need = max(ambition * acc[0, s] * target / (1.0 - target) - allied, 0.0)
            gap = max(need - defense, 0.0)
            upkeep = renewal * (need / max(defense, _TINY) if defense > need else 1.0)
            closing = rate * gap / max(dpc, _TINY) if dpc > 0 else 0.0
            wanted = upkeep + closing
            restrained = wanted / (1.0 + sensitivity * wanted / cap)
            acc[1, s] = _clip(restrained, low, cap)
        c1, c2 = _mix(np.uint64(i) ^ s_arm1), _mix(np.uint64(i) ^ s_arm2)
        for s in range(lanes):
            u1 = _unit(_mix(keys[b, s] ^ c1))
            u2 = _unit(_mix(keys[b, s] ^ c2))
            acc[2, s] = math.sqrt(-2.0 * libm.log(u1)) * libm.cos_turns(u2)
        for s in range(lanes):
            g = gdp[b, i, s]
            low, cap = low_share * g, cap_share * g
            z = acc[2, s]
            d_spend[b, i, s] = _clip(acc[1, s] * libm.exp(a_noise * z - 0.5 * a_noise * a_noise),
                                     low, cap)
        for s in range(lanes):
            d_alert[b, i, s] = _clip(alert_gain * ((target - pa[4, b, i, s]) / target), 0.0,
                                     1.0)

        # cyber capacity (acc[3]); whether j is within reach (1.0 or 0.0) in covert until the
        # draws; the belief about the main threat (acc[4], at j = 0 without one) and whether
        # it is free and out of cool-down (acc[5]), picked up on the way
        for s in range(lanes):
            acc[3, s] = 0.0
        for k in range(forces.shape[2]):
            ck = cyber[k]
            for s in range(lanes):
                acc[3, s] += forces[b, i, k, s] * ck
        for j in range(n):
            cij = contact[i, j]
            for s in range(lanes):
                fr = free[b, i, j, s] & (cooldown[b, i, j, s] == 0)
                d_covert[b, i, j, s] = 1.0 if fr & cij else 0.0
        for s in range(lanes):
            top = max(main_threat[b, i, s], 0)
            acc[4, s] = belief[b, i, top, s]
            acc[5, s] = 1.0 if free[b, i, top, s] & (cooldown[b, i, top, s] == 0) else 0.0
        # the quantal hazards of the row, held in war_hazard and deploy until the targets
        # (argmax over j) are known; a demand's only where some lane's actor is greedy
        for j in range(n):
            for s in range(lanes):
                hazard = _quantal(wa[8, b, i, j, s], rationality, h_max)
                d_war_hazard[b, i, j, s] = hazard if d_covert[b, i, j, s] > 0.0 else 0.0
        any_greedy = False
        for s in range(lanes):
            any_greedy |= greedy[b, i, s]
        if any_greedy:
            for j in range(n):
                for s in range(lanes):
                    press = demand_rate * _quantal(wa[7, b, i, j, s], rationality, 1.0)
                    reach = (d_covert[b, i, j, s] > 0.0) & greedy[b, i, s]
                    d_deploy[b, i, j, s] = press if reach else 0.0
        else:
            for j in range(n):
                for s in range(lanes):
                    d_deploy[b, i, j, s] = 0.0
        for j in range(n):
            for s in range(lanes):
                fr = free[b, i, j, s] & (cooldown[b, i, j, s] == 0)
                sanction = _clip((belief[b, i, j, s] - sanction_belief) / (1.0 - sanction_belief),
                                 0.0, 1.0)
                d_sanction[b, i, j, s] = sanction if fr else 0.0

        # statements (bogus when the speaker is greedy): every non-ally's draw, where arming
        # (the candor, or -1.0, in acc[6])
        for s in range(lanes):
            arming = d_spend[b, i, s] > surge * replacement[b, i, s]
            acc[6, s] = actor_par[5, i] if arming else -1.0
        for j in range(n):
            c = _mix(np.uint64(i * n + j) ^ s_policy)
            for s in range(lanes):
                said = free[b, i, j, s] & (_unit(_mix(keys[b, s] ^ c)) < acc[6, s])
                d_statement[b, i, j, s] = said
                d_bogus[b, i, j, s] = said & greedy[b, i, s]
        # alliance offers (Walt 1987): same main threat, insecure, trusted non-ally; the
        # pair's draws where any lane makes an offer
        for j in range(n):
            anyone = False
            for s in range(lanes):
                top = main_threat[b, i, s]
                offer = ((pa[4, b, i, s] < target) & (top >= 0) & (belief[b, i, j, s] < ally_trust)
                         & (main_threat[b, j, s] == top) & free[b, i, j, s])
                d_ally[b, i, j, s] = offer
                anyone |= offer
            if anyone:
                c = _mix(np.uint64(i * n + j) ^ s_ally)
                for s in range(lanes):
                    d_ally[b, i, j, s] &= _unit(_mix(keys[b, s] ^ c)) < ally_rate
        # covert action against the main threat alone (1.0 or 0.0 in acc[7]): cyber capacity,
        # and greedy or nearly sure its main threat is greedy; each lane's own position
        for s in range(lanes):
            top = main_threat[b, i, s]
            acts = (acc[3, s] > 0) & (greedy[b, i, s] | (acc[4, s] > covert_belief))
            flat = np.uint64(i * n + max(top, 0))
            u = _unit(_mix(keys[b, s] ^ _mix(flat ^ s_covert)))
            hit = (top >= 0) & acts & (acc[5, s] > 0.0) & (u < covert_rate)
            acc[7, s] = 1.0 if hit else 0.0
        for j in range(n):
            for s in range(lanes):
                d_covert[b, i, j, s] = acc[7, s] if j == main_threat[b, i, s] else 0.0

        # the targets, numpy's argmax (the first maximum, or the first NaN) of each row: the
        # pressed target in idx[0] with its demand in acc[0], the preventive one in idx[1]
        # with its hazard in acc[1]; a NaN held stops the search (one read-write scratch row
        # a loop: two rows of one array kept the loop scalar, 10 times slower)
        _argmax_lanes(b, i, d_deploy, acc[0], idx[0])
        _argmax_lanes(b, i, d_war_hazard, acc[1], idx[1])
        # a demand on the chosen target only, one preventive war start at most per actor and
        # step (the most likely one), which a demand on the same target yields to: whether it
        # starts in acc[2], whether the demand is pressed in acc[3]
        for s in range(lanes):
            pressed, prevent = idx[0, s], idx[1, s]
            u_war = _unit(_mix(keys[b, s] ^ _mix(np.uint64(i * n + prevent) ^ s_war)))
            u_demand = _unit(_mix(keys[b, s] ^ _mix(np.uint64(i * n + pressed) ^ s_demand)))
            starts = u_war < acc[1, s]
            coerce = (u_demand < acc[0, s]) & (not (starts & (prevent == pressed)))
            acc[2, s] = 1.0 if starts else 0.0
            acc[3, s] = 1.0 if coerce else 0.0
        for j in range(n):
            for s in range(lanes):
                # press is the whole row here, not only the chosen target's
                preventive = d_war_hazard[b, i, j, s] if j == idx[1, s] else 0.0
                d_war_hazard[b, i, j, s] = preventive + d_deploy[b, i, j, s] * wa[6, b, i, j, s]
        for j in range(n):
            for s in range(lanes):
                press = acc[0, s]
                demand = press / demand_unit if press > 0 else 0.0
                d_deploy[b, i, j, s] = demand if j == idx[0, s] else 0.0
                start = _WAR_PREVENTIVE if acc[2, s] > 0.0 else 0
                d_attack[b, i, j, s] = start if j == idx[1, s] else 0
        for j in range(n):
            for s in range(lanes):
                coerce = (j == idx[0, s]) & (acc[3, s] > 0.0)
                d_coerce[b, i, j, s] = coerce
                # a demand comes with sanctions until it is met (coercive diplomacy)
                sanction = d_sanction[b, i, j, s]
                d_sanction[b, i, j, s] = max(sanction, 1.0) if coerce else sanction


@numba.njit(cache=True, error_model="numpy")
def decide_lanes(
    t: int, keys: np.ndarray, forces: np.ndarray, gdp: np.ndarray, greedy: np.ndarray,
    belief: np.ndarray, cooldown: np.ndarray, pa: np.ndarray, pp: np.ndarray, wa: np.ndarray,
    free: np.ndarray, main_threat: np.ndarray, replacement: np.ndarray, par: np.ndarray,
    actor_par: np.ndarray, contact: np.ndarray, cyber: np.ndarray, d_spend: np.ndarray,
    d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray, d_covert: np.ndarray,
    d_ally: np.ndarray, d_statement: np.ndarray, d_bogus: np.ndarray, d_coerce: np.ndarray,
    d_attack: np.ndarray, d_war_hazard: np.ndarray, acc: np.ndarray, idx: np.ndarray,
) -> None:
    """The built-in rule at step ``t`` block by block of runs (the run-last counterpart of a
    loop of ``decide_run`` over the runs); ``acc`` ``(8, B)`` ``float64`` and ``idx``
    ``(2, B)`` ``int64`` scratch."""
    for b in range(keys.shape[0]):
        _decide_block(b, t, keys, forces, gdp, greedy, belief, cooldown, pa, pp, wa, free,
                      main_threat, replacement, par, actor_par, contact, cyber, d_spend, d_alert,
                      d_deploy, d_sanction, d_covert, d_ally, d_statement, d_bogus, d_coerce,
                      d_attack, d_war_hazard, (acc, idx))
