"""The opening of the fused step's conflict phases (:mod:`herz.engine.compiled.conflict`) over a
block of runs: incidents and crises, crisis wars, demands answered and wars started.

The equations, sources and departures are those of :mod:`herz.engine.compiled.conflict`:
:func:`herz.engine.incidents.incidents_and_crises` (herz's own specification, ODD 7.9; the
militarization intensity after Bremer 1992, "Dangerous dyads") and :mod:`herz.engine.war`
(preemption when striking first pays, Schelling 1960 ch. 9; mutual optimism, Blainey 1973 and
Fearon 1995; the target's answer to a demand, Fearon 1995's risk-return trade-off; the wars),
in the order of operations of :func:`~herz.engine.compiled.conflict.conflict_run`'s first four
calls (``incidents_run``, ``crisis_wars_run``, ``answer_demands_run``, ``start_wars_run``),
lane by lane, so the numbers are the run-first kernel's bit for bit (no C library function is
replaced: the quantal response's ``exp`` and the militarization's power are called one lane at
a time, as the run-first loop calls them).

What every pair computes every step (the militarized burden, the incident rates and their
draws, the misreadings, whether a demand is made, which attack starts a war, the cool-downs
and alliances that stop one) is vectorised over the lanes with selects. What is rare within a
step (a crisis, a demand, a war) is computed only where some lane of the block needs it: a
pair's crisis hazard and draws, the crisis margins
(:func:`~herz.engine.compiled.lanes.war_choice.preemption_pair_lane`) and the events run lane
by lane with the run-first scalar logic; the demands' answers and the wars' costs, transfers,
cool-downs and evidence are computed for the pairs where some lane needs them, over all the
lanes, each lane's effects kept by selects (a run without a demand or a war keeps its GDP, and
its scratch ``conflict_work`` as it was: the run-first kernel returns early there).
Sequential effects within a run (a refused demand's war, the transfers summed pair by pair, a
run's events) keep each run's own order: pairs outer, lanes inner. Events go to the run
``b * B + s``, in the run-first order (tested: ``tests/engine/test_lanes_conflict.py``).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled.conflict import (
    _A_COERCE,
    _A_CONCEDED,
    _A_CRISIS,
    _A_INCIDENT,
    _HOTLINE,
    _INCIDENT,
    _KINDS,
    _MISREAD,
    _MUTUAL_OPTIMISM,
    _OPPORTUNISTIC,
    _OPTIMISM,
    _PREEMPTION,
    _PREEMPTIVE,
    _RESOLVE,
    _SCRIPTED,
    _WAR_OUTCOME,
    _quantal,
    _share,
)
from herz.engine.compiled.draws import salt, uniform_at
from herz.engine.compiled.eventbuf import log_caused_lane, log_event
from herz.engine.compiled.lanes.war_choice import preemption_pair_lane
from herz.engine.compiled.streams import _mix, _unit
from herz.engine.incidents import REFERENCE_BURDEN

__all__ = ["conflict_open_block"]


@numba.njit(cache=True, inline="always", error_model="numpy")
def _kept(b: int, lanes: int, ev_int: np.ndarray) -> bool:
    """Whether block ``b`` holds a run that keeps its events (the kept runs come first)."""
    return b * lanes < ev_int.shape[0]


@numba.njit(cache=True, inline="always", error_model="numpy")
def _any_lane(mask: np.ndarray, b: int, i: int, j: int) -> bool:
    """Whether ``mask[b, i, j]`` holds in some lane: the pairs of a block where a rare act
    (a demand, an answer, a war) happens in none of its runs are skipped, their lanes' arrays
    kept as they are."""
    anyone = False
    for s in range(mask.shape[3]):
        anyone |= mask[b, i, j, s]
    return anyone


@numba.njit(cache=True, inline="always", error_model="numpy")
def _any_flag(flags: np.ndarray, b: int, i: int, j: int, value: int) -> bool:
    """Whether ``flags[b, i, j]`` is ``value`` in some lane."""
    anyone = False
    for s in range(flags.shape[3]):
        anyone |= flags[b, i, j, s] == value
    return anyone


@numba.njit(cache=True, inline="always", error_model="numpy")
def _incidents_block(b: int, t: int, keys: np.ndarray, par: np.ndarray, contact: np.ndarray,
                     free: np.ndarray, alert: np.ndarray, deploy: np.ndarray,
                     spending: np.ndarray, gdp: np.ndarray, hotline: np.ndarray,
                     L: np.ndarray, hostile: np.ndarray, ev_int: np.ndarray,
                     ev_amt: np.ndarray, ev_n: np.ndarray, incident: np.ndarray,
                     crisis: np.ndarray, work: np.ndarray, n_incidents: np.ndarray,
                     n_crises: np.ndarray) -> None:
    """``incidents_run`` for the ``B`` runs of block ``b``: ``incident[b]`` (i < j) and
    ``crisis[b]`` (both orders), the counts in ``n_incidents[b, s]`` and ``n_crises[b, s]``;
    the burdens in ``work[b, 0]``."""
    n, lanes = gdp.shape[1], gdp.shape[2]
    rate0, elasticity, misread, hotline_effect = par[0], par[1], par[2], par[3]
    crisis_alert, hotline_prob = par[4], par[5]
    militarized = elasticity > 0
    exponent = 0.5 * elasticity
    for i in range(n):
        for s in range(lanes):
            work[b, 0, i, s] = (max(spending[b, i, s] / max(gdp[b, i, s], 1e-12), 0.0)
                                / REFERENCE_BURDEN)
    s_inc, s_mis = salt(t, _INCIDENT), salt(t, _MISREAD)
    for s in range(lanes):
        n_incidents[b, s] = 0
        n_crises[b, s] = 0
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                incident[b, i, j, s] = False
                crisis[b, i, j, s] = False
    for i in range(n):
        for j in range(i + 1, n):
            if not contact[i, j]:
                continue
            # the counter's part that does not depend on the run, once for the lanes; a lane
            # not free draws too (a draw shifts no other) and its draw is discarded
            c_inc = _mix(np.uint64(i * n + j) ^ s_inc)
            c_mis = _mix(np.uint64(i * n + j) ^ s_mis)
            for s in range(lanes):
                rate = rate0 * (1.0 + alert[b, i, s] + alert[b, j, s]
                                + 2.0 * (deploy[b, i, j, s] + deploy[b, j, i, s]))
                if militarized:
                    # Bremer (1992): pairs of militarized states meet more often
                    rate = rate * (work[b, 0, i, s] * work[b, 0, j, s]) ** exponent
                key = keys[b, s]
                hit = free[b, i, j, s] & (_unit(_mix(key ^ c_inc)) < min(rate, 1.0))
                p = misread * (1.0 - hotline_effect * (1.0 if hotline[b, i, j, s] else 0.0))
                worse = hit & (_unit(_mix(key ^ c_mis)) < p)
                incident[b, i, j, s] = hit
                crisis[b, i, j, s] = worse
                crisis[b, j, i, s] = worse
                n_incidents[b, s] += 1 if hit else 0
                n_crises[b, s] += 1 if worse else 0
    # the log in numpy's order: every incident, then every crisis (i < j)
    if _kept(b, lanes, ev_int):
        for i in range(n):
            for j in range(i + 1, n):
                for s in range(lanes):
                    if incident[b, i, j, s]:
                        log_event(ev_int, ev_amt, ev_n, b * lanes + s, t, i, j, _A_INCIDENT,
                                  1.0, -1, -1)
        for i in range(n):
            for j in range(i + 1, n):
                for s in range(lanes):
                    if crisis[b, i, j, s]:
                        log_event(ev_int, ev_amt, ev_n, b * lanes + s, t, i, j, _A_CRISIS,
                                  1.0, -1, -1)
    # a crisis is evidence of half the hostile ratio for both sides, and puts both on alert
    # (the max taken once per crisis: the same as once per actor)
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                c = crisis[b, i, j, s]
                e = L[b, i, j, s]
                L[b, i, j, s] = e + 0.5 * hostile[b, i, j, s] if c else e
                a = alert[b, i, s]
                alert[b, i, s] = max(a, crisis_alert) if c else a
    if hotline_prob > 0:
        any_crisis = False
        for s in range(lanes):
            any_crisis |= n_crises[b, s] > 0
        if any_crisis:
            s_hot = salt(t, _HOTLINE)
            for i in range(n):
                for j in range(i + 1, n):
                    c_hot = _mix(np.uint64(i * n + j) ^ s_hot)
                    for s in range(lanes):
                        link = crisis[b, i, j, s] & (_unit(_mix(keys[b, s] ^ c_hot))
                                                     < hotline_prob)
                        hotline[b, i, j, s] |= link
                        hotline[b, j, i, s] |= link


@numba.njit(cache=True, inline="always", error_model="numpy")
def _crisis_wars_block(b: int, t: int, keys: np.ndarray, par: np.ndarray, wa: np.ndarray,
                       crisis: np.ndarray, d_attack: np.ndarray, cooldown: np.ndarray,
                       ally: np.ndarray, attack: np.ndarray, crisis_hazard: np.ndarray,
                       assess_work: np.ndarray) -> None:
    """``crisis_wars_run`` for the ``B`` runs of block ``b``: the war code of each attack into
    ``attack[b]``, the crisis hazards into ``crisis_hazard[b]``. A crisis pair's margins
    ``wa[9]``, ``wa[10]`` that the opening left NaN are computed lane by lane from
    ``assess_work``."""
    n, lanes = crisis.shape[1], crisis.shape[3]
    rationality, h_max = par[6], par[7]
    for i in range(n):
        for j in range(i + 1, n):
            for s in range(lanes):
                if crisis[b, i, j, s] and math.isnan(wa[9, b, i, j, s]):
                    preemption_pair_lane(b, s, i, j, assess_work, rationality, h_max, par[17],
                                         wa)
    s_pre, s_opt = salt(t, _PREEMPTION), salt(t, _OPTIMISM)
    for i in range(n):
        for j in range(n):
            tense = False
            for s in range(lanes):
                tense |= crisis[b, i, j, s]
            if tense:
                # a crisis in some lane: the run-first logic lane by lane
                for s in range(lanes):
                    code = d_attack[b, i, j, s]
                    hazard = 0.0
                    if crisis[b, i, j, s]:
                        preempt_p = _quantal(wa[9, b, i, j, s], rationality, h_max)
                        optimism_p = _quantal(wa[11, b, i, j, s], rationality, h_max)
                        hazard = 1.0 - (1.0 - preempt_p) * (1.0 - optimism_p)
                        if code <= 0:
                            key = keys[b, s]
                            if uniform_at(key, s_pre, i * n + j) < preempt_p:
                                code = _OPPORTUNISTIC if wa[10, b, i, j, s] > 0 else _PREEMPTIVE
                            elif uniform_at(key, s_opt, i * n + j) < optimism_p:
                                code = _MUTUAL_OPTIMISM
                            else:
                                code = 0
                    elif code < 0:
                        code = 0
                    attack[b, i, j, s] = code
                    crisis_hazard[b, i, j, s] = hazard
            else:
                for s in range(lanes):
                    code = d_attack[b, i, j, s]
                    attack[b, i, j, s] = 0 if code < 0 else code
                    crisis_hazard[b, i, j, s] = 0.0
            # only a scripted attack breaks a cool-down or an alliance
            for s in range(lanes):
                code = attack[b, i, j, s]
                held = (code != _SCRIPTED) & ((cooldown[b, i, j, s] > 0) | ally[b, i, j, s])
                attack[b, i, j, s] = 0 if held else code


@numba.njit(cache=True, inline="always", error_model="numpy")
def _transfer_scale_block(b: int, gdp: np.ndarray, owed: np.ndarray,
                          active: np.ndarray) -> None:
    """``_transfer_scale`` for the lanes of block ``b`` where ``active`` (1.0): ``owed[b]``
    (``work[:, 1]``, the summed bills) becomes each payer's scale, at most half its GDP in all
    (:func:`herz.engine.war._transfer`); the other lanes' rows kept as they were."""
    n, lanes = gdp.shape[1], gdp.shape[2]
    for k in range(n):
        for s in range(lanes):
            o = owed[b, 1, k, s]
            scale = min(1.0, 0.5 * gdp[b, k, s] / max(o, 1e-300))
            owed[b, 1, k, s] = scale if active[s] > 0.0 else o


@numba.njit(cache=True, inline="always", error_model="numpy")
def _hostile_to_block(b: int, t: int, mask: np.ndarray, L: np.ndarray, hostile: np.ndarray,
                      last_hostile: np.ndarray) -> None:
    """``_hostile_to`` (:meth:`herz.engine.context.Evidence.hostile_to`) of ``mask[b]`` for the
    lanes of block ``b`` (the step written once per act: the same as once per actor)."""
    n, lanes = mask.shape[1], mask.shape[3]
    for i in range(n):
        for j in range(n):
            if not _any_lane(mask, b, j, i):
                continue
            for s in range(lanes):
                e = L[b, i, j, s]
                L[b, i, j, s] = e + hostile[b, i, j, s] if mask[b, j, i, s] else e
    for i in range(n):
        for j in range(n):
            if not _any_lane(mask, b, i, j):
                continue
            for s in range(lanes):
                last = last_hostile[b, i, s]
                last_hostile[b, i, s] = t if mask[b, i, j, s] else last


@numba.njit(cache=True, inline="always", error_model="numpy")
def _answer_demands_block(b: int, t: int, keys: np.ndarray, par: np.ndarray, wa: np.ndarray,
                          q: np.ndarray, d_coerce: np.ndarray, free: np.ndarray,
                          attack: np.ndarray, gdp: np.ndarray, cooldown: np.ndarray,
                          last_hostile: np.ndarray, L: np.ndarray, hostile: np.ndarray,
                          main_threat: np.ndarray, known: np.ndarray, ev_int: np.ndarray,
                          ev_amt: np.ndarray, ev_n: np.ndarray, made: np.ndarray,
                          flags: np.ndarray, work: np.ndarray, active: np.ndarray) -> None:
    """``answer_demands_run`` for the ``B`` runs of block ``b``: ``made[b]``, ``flags[b]`` (1
    where the target gave way, 2 where it refused), the refused demands' wars into
    ``attack[b]``; ``active`` ``(B,)`` scratch (1.0 where the lane's run made a demand)."""
    n, lanes = gdp.shape[1], gdp.shape[2]
    u = par[8]
    for s in range(lanes):
        active[s] = 0.0
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                m = d_coerce[b, i, j, s] & free[b, i, j, s]
                made[b, i, j, s] = m
                flags[b, i, j, s] = 0
                active[s] = 1.0 if m else active[s]
    any_made = False
    for s in range(lanes):
        any_made |= active[s] > 0.0
    # a run without a demand stops here in the run-first kernel: below, its lanes' arrays are
    # kept by selects (no flag set, no scale written)
    if not any_made:
        return
    s_res = salt(t, _RESOLVE)
    # j's true cost of war, drawn around its mean: the private information (Fearon 1995)
    for i in range(n):
        for j in range(n):
            if not _any_lane(made, b, i, j):
                continue  # flags left 0
            c_res = _mix(np.uint64(i * n + j) ^ s_res)
            for s in range(lanes):
                asked = made[b, i, j, s] & (attack[b, i, j, s] == 0) & (attack[b, j, i, s] == 0)
                z = _unit(_mix(keys[b, s] ^ c_res))
                resolve = wa[4, b, i, j, s] * (1.0 + u * (2.0 * z - 1.0))
                answer = 2 if wa[5, b, i, j, s] > wa[2, b, i, j, s] + resolve else 1
                flags[b, i, j, s] = answer if asked else 0
    # the targets that give way pay the share of the prize the demand asks (owed in work[1])
    for k in range(n):
        for s in range(lanes):
            o = work[b, 1, k, s]
            work[b, 1, k, s] = 0.0 if active[s] > 0.0 else o
    for i in range(n):
        for j in range(n):
            if not _any_flag(flags, b, i, j, 1):
                continue
            for s in range(lanes):
                bill = _share(wa[5, b, i, j, s], q[b, i, s]) * wa[0, b, i, j, s]
                o = work[b, 1, j, s]
                work[b, 1, j, s] = o + bill if flags[b, i, j, s] == 1 else o
    _transfer_scale_block(b, gdp, work, active)
    for i in range(n):
        for j in range(n):
            if not _any_flag(flags, b, i, j, 1):
                continue
            for s in range(lanes):
                paid = _share(wa[5, b, i, j, s], q[b, i, s]) * wa[0, b, i, j, s] * work[b, 1, j, s]
                g = gdp[b, j, s]
                gdp[b, j, s] = g - paid if flags[b, i, j, s] == 1 else g
    for i in range(n):
        for j in range(n):
            if not _any_flag(flags, b, i, j, 1):
                continue
            for s in range(lanes):
                paid = _share(wa[5, b, i, j, s], q[b, i, s]) * wa[0, b, i, j, s] * work[b, 1, j, s]
                g = gdp[b, i, s]
                gdp[b, i, s] = g + paid if flags[b, i, j, s] == 1 else g
    _hostile_to_block(b, t, made, L, hostile, last_hostile)
    if _kept(b, lanes, ev_int):
        for i in range(n):
            for j in range(n):
                for s in range(lanes):
                    if made[b, i, j, s]:
                        log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, j, _A_COERCE,
                                        wa[5, b, i, j, s], main_threat, known)
        for i in range(n):
            for j in range(n):
                for s in range(lanes):
                    if flags[b, j, i, s] == 1:
                        log_event(ev_int, ev_amt, ev_n, b * lanes + s, t, i, j, _A_CONCEDED,
                                  1.0, -1, -1)
    # a refusal starts a war, unless the pair is in a cool-down
    for i in range(n):
        for j in range(n):
            if not _any_flag(flags, b, i, j, 2):
                continue
            for s in range(lanes):
                refused = (flags[b, i, j, s] == 2) & (cooldown[b, i, j, s] == 0)
                code = attack[b, i, j, s]
                attack[b, i, j, s] = _OPPORTUNISTIC if refused else code


@numba.njit(cache=True, inline="always", error_model="numpy")
def _start_wars_block(b: int, t: int, keys: np.ndarray, par: np.ndarray, pp: np.ndarray,
                      attack: np.ndarray, gdp: np.ndarray, forces: np.ndarray,
                      cooldown: np.ndarray, last_hostile: np.ndarray, L: np.ndarray,
                      hostile: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                      ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray,
                      started: np.ndarray, flags: np.ndarray, wars: np.ndarray,
                      work: np.ndarray, acc: np.ndarray) -> None:
    """``start_wars_run`` for the ``B`` runs of block ``b``: ``started[b]``, ``attack[b]`` left
    with their codes only, ``wars[b]`` (``(blocks, kinds, B)``) their counts by kind; the
    victory chances are the perception's ``pp[7]``. ``acc`` ``(2, N, B)`` scratch: each
    side's kept share in ``acc[0]``, whether the lane's run starts a war in ``acc[1, 0]``."""
    n, lanes = gdp.shape[1], gdp.shape[2]
    war_cost, war_prize, cooldown_steps = par[9], par[10], par[11]
    k_att, k_def = par[12], par[13]
    for c in range(wars.shape[1]):
        for s in range(lanes):
            wars[b, c, s] = 0
    for s in range(lanes):
        acc[1, 0, s] = 0.0
    # one war per pair: a scripted attack goes first, else the lower index
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                a, o = attack[b, i, j, s], attack[b, j, i, s]
                first = (2 if a == _SCRIPTED else 1) if a > 0 else 0
                other = (2 if o == _SCRIPTED else 1) if o > 0 else 0
                go = (a > 0) & ((first > other) | ((first == other) & (i < j)))
                started[b, i, j, s] = go
                acc[1, 0, s] = 1.0 if go else acc[1, 0, s]
    any_start = False
    for s in range(lanes):
        any_start |= acc[1, 0, s] > 0.0
    if not any_start:
        for i in range(n):
            for j in range(n):
                for s in range(lanes):
                    attack[b, i, j, s] = 0
        return
    # below, a run without a war keeps its arrays (gdp and forces times 1.0; flags, cool-downs
    # and the scratch by selects), as the run-first kernel's early return does
    s_out = salt(t, _WAR_OUTCOME)
    for i in range(n):
        for j in range(n):
            if not _any_lane(started, b, i, j):
                continue
            c_out = _mix(np.uint64(i * n + j) ^ s_out)
            for s in range(lanes):
                won = _unit(_mix(keys[b, s] ^ c_out)) < pp[7, b, i, j, s]
                f = flags[b, i, j, s]
                flags[b, i, j, s] = (1 if won else 2) if started[b, i, j, s] else f
    # every war of the step is sized on the GDP at its start (gdp0 in work[0])
    for k in range(n):
        for s in range(lanes):
            g0 = work[b, 0, k, s]
            work[b, 0, k, s] = gdp[b, k, s] if acc[1, 0, s] > 0.0 else g0
    for side in range(2):
        kappa = k_att if side == 0 else k_def
        for k in range(n):
            for s in range(lanes):
                acc[0, k, s] = 1.0
        for i in range(n):
            for j in range(n):
                if not _any_lane(started, b, i, j):
                    continue
                x = i if side == 0 else j
                for s in range(lanes):
                    m = min(work[b, 0, i, s], work[b, 0, j, s])
                    kept = acc[0, x, s]
                    loss = 1.0 - min(war_cost * kappa * m / max(work[b, 0, x, s], 1e-12), 0.9)
                    acc[0, x, s] = kept * loss if started[b, i, j, s] else kept
        for k in range(n):
            for s in range(lanes):
                gdp[b, k, s] *= acc[0, k, s]
            for c in range(forces.shape[2]):
                for s in range(lanes):
                    forces[b, k, c, s] *= acc[0, k, s]
    # the loser pays the prize to the winner (owed in work[1]; the loser j where i won, else i)
    for k in range(n):
        for s in range(lanes):
            o = work[b, 1, k, s]
            work[b, 1, k, s] = 0.0 if acc[1, 0, s] > 0.0 else o
    for i in range(n):
        for j in range(n):
            if not _any_lane(started, b, i, j):
                continue
            for s in range(lanes):
                go, won = started[b, i, j, s], flags[b, i, j, s] == 1
                prize = war_prize * min(work[b, 0, i, s], work[b, 0, j, s])
                oi, oj = work[b, 1, i, s], work[b, 1, j, s]
                work[b, 1, j, s] = oj + prize if go & won else oj
                work[b, 1, i, s] = oi + prize if go & (not won) else oi
    _transfer_scale_block(b, gdp, work, acc[1, 0])
    for i in range(n):
        for j in range(n):
            if not _any_lane(started, b, i, j):
                continue
            for s in range(lanes):
                go, won = started[b, i, j, s], flags[b, i, j, s] == 1
                prize = war_prize * min(work[b, 0, i, s], work[b, 0, j, s])
                gi, gj = gdp[b, i, s], gdp[b, j, s]
                gdp[b, j, s] = gj - prize * work[b, 1, j, s] if go & won else gj
                gdp[b, i, s] = gi - prize * work[b, 1, i, s] if go & (not won) else gi
    for i in range(n):
        for j in range(n):
            if not _any_lane(started, b, i, j):
                continue
            for s in range(lanes):
                go, won = started[b, i, j, s], flags[b, i, j, s] == 1
                prize = war_prize * min(work[b, 0, i, s], work[b, 0, j, s])
                gi, gj = gdp[b, i, s], gdp[b, j, s]
                gdp[b, i, s] = gi + prize * work[b, 1, j, s] if go & won else gi
                gdp[b, j, s] = gj + prize * work[b, 1, i, s] if go & (not won) else gj
    steps = int(cooldown_steps)
    for i in range(n):
        for j in range(n):
            if not _any_lane(started, b, i, j):
                continue
            for s in range(lanes):
                go = started[b, i, j, s]
                cij, cji = cooldown[b, i, j, s], cooldown[b, j, i, s]
                cooldown[b, i, j, s] = steps if go else cij
                cooldown[b, j, i, s] = steps if go else cji
    _hostile_to_block(b, t, started, L, hostile, last_hostile)
    if _kept(b, lanes, ev_int):
        for i in range(n):
            for j in range(n):
                for s in range(lanes):
                    if started[b, i, j, s]:
                        log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, j, attack[b, i, j, s],
                                        pp[7, b, i, j, s], main_threat, known)
    for i in range(n):
        for j in range(n):
            if not _any_lane(started, b, i, j):
                for s in range(lanes):
                    attack[b, i, j, s] = 0
                continue
            for c in range(_KINDS.shape[0]):
                kind = _KINDS[c]
                for s in range(lanes):
                    hit = started[b, i, j, s] & (attack[b, i, j, s] == kind)
                    wars[b, c, s] += 1 if hit else 0
            for s in range(lanes):
                code = attack[b, i, j, s]
                attack[b, i, j, s] = code if started[b, i, j, s] else 0


@numba.njit(cache=True, error_model="numpy")
def conflict_open_block(
    b: int, t: int, keys: np.ndarray, par: np.ndarray, contact: np.ndarray, gdp: np.ndarray,
    forces: np.ndarray, alert: np.ndarray, deploy: np.ndarray, hotline: np.ndarray,
    cooldown: np.ndarray, spending: np.ndarray, last_hostile: np.ndarray, pp: np.ndarray,
    wa: np.ndarray, q: np.ndarray, ally: np.ndarray, free: np.ndarray,
    main_threat: np.ndarray, known: np.ndarray, d_attack: np.ndarray, d_coerce: np.ndarray,
    L: np.ndarray, hostile: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
    ev_n: np.ndarray, p_incident: np.ndarray, p_crisis: np.ndarray, p_demand: np.ndarray,
    p_war: np.ndarray, n_incidents: np.ndarray, n_crises: np.ndarray, n_wars: np.ndarray,
    crisis_hazard: np.ndarray, started: np.ndarray, flags: np.ndarray,
    conflict_work: np.ndarray, assess_work: np.ndarray, acc: np.ndarray,
) -> None:
    """The first four phases of ``conflict_run`` for the ``B`` runs of block ``b``, in its
    order: incidents and crises, crisis wars, demands answered, wars started.

    Arrays in blocks ``(blocks, ..., B)`` (:mod:`herz.engine.compiled.lanes.layout`): ``keys``,
    ``n_incidents``, ``n_crises`` ``(blocks, B)``, ``n_wars`` ``(blocks, kinds, B)``,
    ``conflict_work`` ``(blocks, 2, N, B)``, ``pp``, ``wa`` and ``assess_work`` rows first;
    ``par`` (``conflict_par``) and ``contact`` the world's; ``ev_*`` by run. ``acc``
    ``(2, N, B)`` ``float64`` scratch. Not inlined: over 30 arguments."""
    _incidents_block(b, t, keys, par, contact, free, alert, deploy, spending, gdp, hotline, L,
                     hostile, ev_int, ev_amt, ev_n, p_incident, p_crisis, conflict_work,
                     n_incidents, n_crises)
    _crisis_wars_block(b, t, keys, par, wa, p_crisis, d_attack, cooldown, ally, p_war,
                       crisis_hazard, assess_work)
    _answer_demands_block(b, t, keys, par, wa, q, d_coerce, free, p_war, gdp, cooldown,
                          last_hostile, L, hostile, main_threat, known, ev_int, ev_amt, ev_n,
                          p_demand, flags, conflict_work, acc[1, 0])
    _start_wars_block(b, t, keys, par, pp, p_war, gdp, forces, cooldown, last_hostile, L,
                      hostile, main_threat, known, ev_int, ev_amt, ev_n, started, flags, n_wars,
                      conflict_work, acc)
