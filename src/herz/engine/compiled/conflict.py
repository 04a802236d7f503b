"""The end of a step for one run of the fused kernel: incidents and crises, war, the belief
update and the economy.

The phases of :func:`herz.engine.step.advance` after the acts and learning, in their order:
:func:`herz.engine.incidents.incidents_and_crises` (herz's own specification, ODD 7.9; the
militarization intensity after Bremer 1992, "Dangerous dyads"), :mod:`herz.engine.war`
(preemption when striking first pays, Schelling 1960 ch. 9; mutual optimism, Blainey 1973 and
Fearon 1995; the target's answer to a demand, Fearon 1995's risk-return trade-off; the wars),
the step's pair record (:func:`herz.engine.step._pairs`, the MID hostility levels of Jones,
Bremer & Singer 1996), :func:`herz.engine.learning.update_beliefs` (Bayes's rule in log-odds
form with trust asymmetry, Kydd 1997, 2005, Slovic 1993; the switching hazard of motives,
Goemans, Gleditsch & Chiozza 2009), :func:`herz.engine.economy.close_step` (growth under
sanctions; power as Powell 2006's forecast tracks it) and :func:`herz.engine.war.war_hazard`.

The numpy modules stay the reference: each function here reads and writes row ``r`` of the
batch arrays with plain loops over actors, draws the same numbers of the counter-based streams
(:mod:`herz.engine.compiled.draws`), logs the same events in the same order and adds the same
evidence in the same order, so the two agree to floating-point tolerance (sums over actors are
taken in another order): ``tests/engine/test_fused_conflict.py``.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.actions import WAR_KINDS, Action
from herz.engine.compiled import libm
from herz.engine.compiled.draws import salt, uniform_at
from herz.engine.compiled.eventbuf import log_caused, log_event
from herz.engine.compiled.war_choice import preemption_pair
from herz.engine.incidents import REFERENCE_BURDEN
from herz.engine.perception import offense_multiplier
from herz.engine.streams import Stream
from herz.engine.war_choice import cost_scales
from herz.engine.world import World

__all__ = ["PARAMS", "conflict_params", "conflict_run", "world_arrays"]

#: The entries of :func:`conflict_params`, index by index.
PARAMS = (
    "incident_rate", "incident_militarization", "misread", "hotline_effect", "crisis_alert",
    "crisis_hotline_prob", "rationality", "war_hazard_max", "resolve_uncertainty", "war_cost",
    "war_prize", "war_cooldown", "kappa_att", "kappa_def", "type_change", "sanction_effect",
    "alliance_commitment", "greed_premium",
)

_INCIDENT = int(Stream.INCIDENT)
_MISREAD = int(Stream.MISREAD)
_HOTLINE = int(Stream.HOTLINE)
_PREEMPTION = int(Stream.PREEMPTION)
_OPTIMISM = int(Stream.OPTIMISM)
_RESOLVE = int(Stream.RESOLVE)
_WAR_OUTCOME = int(Stream.WAR_OUTCOME)

_A_INCIDENT = int(Action.INCIDENT)
_A_CRISIS = int(Action.CRISIS)
_A_COERCE = int(Action.COERCE)
_A_CONCEDED = int(Action.CONCEDED)
_OPPORTUNISTIC = int(Action.WAR_OPPORTUNISTIC)
_PREEMPTIVE = int(Action.WAR_PREEMPTIVE)
_SCRIPTED = int(Action.WAR_SCRIPTED)
_MUTUAL_OPTIMISM = int(Action.WAR_MUTUAL_OPTIMISM)
#: The war codes in the order of the columns of the per-kind war counts.
_KINDS = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)

_LOGIT_BOUND = 12.0  # herz.engine.beliefs.LOGIT_BOUND


def conflict_params(world: World) -> np.ndarray:
    """The world's numbers the phases read, a float vector in the order of :data:`PARAMS`:

    0 ``incident_rate``, 1 ``incident_militarization`` (elasticity), 2 ``misread``,
    3 ``hotline_effect``, 4 the rule's ``crisis_alert``, 5 ``crisis_hotline_prob``,
    6 ``rationality``, 7 ``war_hazard_max``, 8 ``resolve_uncertainty``, 9 ``war_cost``,
    10 ``war_prize``, 11 ``war_cooldown``, 12-13 ``kappa_att``, ``kappa_def``
    (:func:`herz.engine.war_choice.cost_scales` of the offence multiplier), 14 ``type_change``,
    15 ``sanction_effect``, 16 ``alliance_commitment``, 17 ``greed_premium`` (the crisis
    margins computed here, :func:`herz.engine.compiled.war_choice.preemption_pair`).

    The arrays :func:`conflict_run` takes from the world are ``world.contact`` (N, N) bool,
    ``world.growth`` (N,), ``world.belief0`` (N, N), ``world.trust_asymmetry`` (N,) and the
    classes' strength ``cat.offense + cat.defense`` (K,) (:func:`world_arrays`).
    """
    spec = world.spec
    k_att, k_def = cost_scales(offense_multiplier(spec))
    return np.array([
        spec.incident_rate, spec.incident_militarization, spec.misread, spec.hotline_effect,
        spec.rule.crisis_alert, spec.crisis_hotline_prob, spec.rationality,
        spec.war_hazard_max, spec.resolve_uncertainty, spec.war_cost, spec.war_prize,
        float(spec.war_cooldown), k_att, k_def, spec.type_change, spec.sanction_effect,
        spec.alliance_commitment, spec.greed_premium,
    ], dtype=np.float64)


def world_arrays(world: World) -> tuple[np.ndarray, ...]:
    """``(contact, growth, belief0, trust_asymmetry, strength)``, contiguous, for
    :func:`conflict_run`."""
    c = np.ascontiguousarray
    return (c(world.contact, dtype=np.bool_), c(world.growth, dtype=np.float64),
            c(world.belief0, dtype=np.float64), c(world.trust_asymmetry, dtype=np.float64),
            c(world.cat.offense + world.cat.defense, dtype=np.float64))


@numba.njit(cache=True, inline="always", error_model="numpy")
def _quantal(margin: float, rationality: float, h_max: float) -> float:
    """:func:`herz.engine.war_choice.quantal` (McKelvey & Palfrey 1995)."""
    x = min(max(rationality * margin, -60.0), 60.0)
    return h_max / (1.0 + math.exp(-x))


@numba.njit(cache=True, error_model="numpy")
def incidents_run(r: int, t: int, key: np.uint64, par: np.ndarray, contact: np.ndarray,
                  free: np.ndarray, alert: np.ndarray, deploy: np.ndarray,
                  spending: np.ndarray, gdp: np.ndarray, hotline: np.ndarray,
                  L: np.ndarray, hostile: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                  ev_n: np.ndarray, incident: np.ndarray, crisis: np.ndarray,
                  work: np.ndarray) -> tuple[int, int]:
    """:func:`herz.engine.incidents.incidents_and_crises` for run ``r``; fills
    ``incident[r]`` (i < j) and ``crisis[r]`` (both orders) and returns the counts of
    incidents and crises."""
    n = gdp.shape[1]
    rate0, elasticity, misread, hotline_effect = par[0], par[1], par[2], par[3]
    crisis_alert, hotline_prob = par[4], par[5]
    burden = work[r, 0]
    for i in range(n):
        burden[i] = max(spending[r, i] / max(gdp[r, i], 1e-12), 0.0) / REFERENCE_BURDEN
    s_inc, s_mis = salt(t, _INCIDENT), salt(t, _MISREAD)
    n_inc = 0
    n_cri = 0
    for i in range(n):
        for j in range(n):
            incident[r, i, j] = False
            crisis[r, i, j] = False
    for i in range(n):
        for j in range(i + 1, n):
            if not (free[r, i, j] and contact[i, j]):
                continue
            rate = rate0 * (1.0 + alert[r, i] + alert[r, j]
                            + 2.0 * (deploy[r, i, j] + deploy[r, j, i]))
            if elasticity > 0:
                # Bremer (1992): pairs of militarized states meet more often
                rate = rate * (burden[i] * burden[j]) ** (0.5 * elasticity)
            if uniform_at(key, s_inc, i * n + j) < min(rate, 1.0):
                incident[r, i, j] = True
                n_inc += 1
                p = misread * (1.0 - hotline_effect * (1.0 if hotline[r, i, j] else 0.0))
                if uniform_at(key, s_mis, i * n + j) < p:
                    crisis[r, i, j] = True
                    crisis[r, j, i] = True
                    n_cri += 1
    # the log in numpy's order: every incident, then every crisis (i < j)
    for i in range(n):
        for j in range(i + 1, n):
            if incident[r, i, j]:
                log_event(ev_int, ev_amt, ev_n, r, t, i, j, _A_INCIDENT, 1.0, -1, -1)
    for i in range(n):
        for j in range(i + 1, n):
            if crisis[r, i, j]:
                log_event(ev_int, ev_amt, ev_n, r, t, i, j, _A_CRISIS, 1.0, -1, -1)
    # a crisis is evidence of half the hostile ratio for both sides, and puts both on alert
    for i in range(n):
        in_crisis = False
        for j in range(n):
            if crisis[r, i, j]:
                L[r, i, j] += 0.5 * hostile[r, i, j]
                in_crisis = True
        if in_crisis:
            alert[r, i] = max(alert[r, i], crisis_alert)
    if hotline_prob > 0 and n_cri > 0:
        s_hot = salt(t, _HOTLINE)
        for i in range(n):
            for j in range(i + 1, n):
                if crisis[r, i, j] and uniform_at(key, s_hot, i * n + j) < hotline_prob:
                    hotline[r, i, j] = True
                    hotline[r, j, i] = True
    return n_inc, n_cri


@numba.njit(cache=True, error_model="numpy")
def crisis_wars_run(r: int, t: int, key: np.uint64, par: np.ndarray, wa: np.ndarray,
                    crisis: np.ndarray, d_attack: np.ndarray, cooldown: np.ndarray,
                    ally: np.ndarray, attack: np.ndarray, crisis_hazard: np.ndarray,
                    assess_work: np.ndarray) -> None:
    """:func:`herz.engine.war.crisis_wars` for run ``r``: the war code of each attack into
    ``attack[r]`` and the crisis hazards into ``crisis_hazard[r]``. A crisis pair's margins
    ``wa[9]``, ``wa[10]`` that the opening left NaN (``_assess_run(..., lazy=True)``) are
    computed here from ``assess_work``."""
    n = crisis.shape[1]
    rationality, h_max = par[6], par[7]
    for i in range(n):
        for j in range(i + 1, n):
            if crisis[r, i, j] and math.isnan(wa[9, r, i, j]):
                preemption_pair(r, i, j, assess_work, rationality, h_max, par[17], wa)
    s_pre, s_opt = salt(t, _PREEMPTION), salt(t, _OPTIMISM)
    for i in range(n):
        for j in range(n):
            code = d_attack[r, i, j]
            hazard = 0.0
            if crisis[r, i, j]:
                preempt_p = _quantal(wa[9, r, i, j], rationality, h_max)
                optimism_p = _quantal(wa[11, r, i, j], rationality, h_max)
                hazard = 1.0 - (1.0 - preempt_p) * (1.0 - optimism_p)
                if code <= 0:
                    if uniform_at(key, s_pre, i * n + j) < preempt_p:
                        code = _OPPORTUNISTIC if wa[10, r, i, j] > 0 else _PREEMPTIVE
                    elif uniform_at(key, s_opt, i * n + j) < optimism_p:
                        code = _MUTUAL_OPTIMISM
                    else:
                        code = 0
            elif code < 0:
                code = 0
            # only a scripted attack breaks a cool-down or an alliance
            if code != _SCRIPTED and (cooldown[r, i, j] > 0 or ally[r, i, j]):
                code = 0
            attack[r, i, j] = code
            crisis_hazard[r, i, j] = hazard


@numba.njit(cache=True, error_model="numpy")
def _transfer_scale(r: int, gdp: np.ndarray, owed: np.ndarray) -> None:
    """``owed`` (summed bills) becomes each payer's scale: at most half its GDP in all
    (:func:`herz.engine.war._transfer`)."""
    for k in range(gdp.shape[1]):
        owed[k] = min(1.0, 0.5 * gdp[r, k] / max(owed[k], 1e-300))


@numba.njit(cache=True, error_model="numpy")
def _hostile_to(r: int, t: int, mask: np.ndarray, L: np.ndarray, hostile: np.ndarray,
                last_hostile: np.ndarray) -> None:
    """:meth:`herz.engine.context.Evidence.hostile_to` of ``mask[r]``."""
    n = mask.shape[1]
    for i in range(n):
        for j in range(n):
            if mask[r, j, i]:
                L[r, i, j] += hostile[r, i, j]
    for i in range(n):
        for j in range(n):
            if mask[r, i, j]:
                last_hostile[r, i] = t
                break


@numba.njit(cache=True, error_model="numpy")
def answer_demands_run(r: int, t: int, key: np.uint64, par: np.ndarray, wa: np.ndarray,
                       q: np.ndarray, d_coerce: np.ndarray, free: np.ndarray,
                       attack: np.ndarray, gdp: np.ndarray, cooldown: np.ndarray,
                       last_hostile: np.ndarray, L: np.ndarray, hostile: np.ndarray,
                       main_threat: np.ndarray, known: np.ndarray, ev_int: np.ndarray,
                       ev_amt: np.ndarray, ev_n: np.ndarray, made: np.ndarray,
                       flags: np.ndarray, work: np.ndarray) -> None:
    """:func:`herz.engine.war.demands_made` into ``made[r]`` and
    :func:`herz.engine.war.answer_demands` for run ``r`` (``attack[r]`` gains the refused
    demands' wars; ``flags[r]`` is left 1 where the target gave way, 2 where it refused)."""
    n = gdp.shape[1]
    u = par[8]
    any_made = False
    for i in range(n):
        for j in range(n):
            made[r, i, j] = d_coerce[r, i, j] and free[r, i, j]
            any_made |= made[r, i, j]
            flags[r, i, j] = 0
    if not any_made:
        return
    s_res = salt(t, _RESOLVE)
    # j's true cost of war, drawn around its mean: the private information (Fearon 1995)
    for i in range(n):
        for j in range(n):
            if made[r, i, j] and attack[r, i, j] == 0 and attack[r, j, i] == 0:
                z = uniform_at(key, s_res, i * n + j)
                resolve = wa[4, r, i, j] * (1.0 + u * (2.0 * z - 1.0))
                flags[r, i, j] = 2 if wa[5, r, i, j] > wa[2, r, i, j] + resolve else 1
    # the targets that give way pay the share of the prize the demand asks
    owed = work[r, 1]
    for k in range(n):
        owed[k] = 0.0
    for i in range(n):
        for j in range(n):
            if flags[r, i, j] == 1:
                owed[j] += _share(wa[5, r, i, j], q[r, i]) * wa[0, r, i, j]
    _transfer_scale(r, gdp, owed)
    for i in range(n):
        for j in range(n):
            if flags[r, i, j] == 1:
                gdp[r, j] -= _share(wa[5, r, i, j], q[r, i]) * wa[0, r, i, j] * owed[j]
    for i in range(n):
        for j in range(n):
            if flags[r, i, j] == 1:
                gdp[r, i] += _share(wa[5, r, i, j], q[r, i]) * wa[0, r, i, j] * owed[j]
    _hostile_to(r, t, made, L, hostile, last_hostile)
    for i in range(n):
        for j in range(n):
            if made[r, i, j]:
                log_caused(ev_int, ev_amt, ev_n, r, t, i, j, _A_COERCE, wa[5, r, i, j],
                           main_threat, known)
    for i in range(n):
        for j in range(n):
            if flags[r, j, i] == 1:
                log_event(ev_int, ev_amt, ev_n, r, t, i, j, _A_CONCEDED, 1.0, -1, -1)
    # a refusal starts a war, unless the pair is in a cool-down
    for i in range(n):
        for j in range(n):
            if flags[r, i, j] == 2 and cooldown[r, i, j] == 0:
                attack[r, i, j] = _OPPORTUNISTIC


@numba.njit(cache=True, inline="always", error_model="numpy")
def _share(demand: float, q: float) -> float:
    """The share of the prize a target that gives way pays, ``(x* - q_i) / (1 - q_i)``."""
    return min(max((demand - q) / (1.0 - q), 0.0), 1.0)


@numba.njit(cache=True, error_model="numpy")
def start_wars_run(r: int, t: int, key: np.uint64, par: np.ndarray, victory: np.ndarray,
                   attack: np.ndarray, gdp: np.ndarray, forces: np.ndarray,
                   cooldown: np.ndarray, last_hostile: np.ndarray, L: np.ndarray,
                   hostile: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                   ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray,
                   started: np.ndarray, flags: np.ndarray, wars: np.ndarray,
                   work: np.ndarray) -> None:
    """:func:`herz.engine.war.start_wars` for run ``r``: ``started[r]`` the wars started,
    ``attack[r]`` left with their codes only (0 elsewhere), ``wars[r]`` their counts by kind
    (columns in the order of :data:`herz.engine.actions.WAR_KINDS`). ``victory`` is the
    perception's (``pp[7]``)."""
    n = gdp.shape[1]
    war_cost, war_prize, cooldown_steps = par[9], par[10], par[11]
    k_att, k_def = par[12], par[13]
    for c in range(wars.shape[1]):
        wars[r, c] = 0
    # one war per pair: a scripted attack goes first, else the lower index
    any_start = False
    for i in range(n):
        for j in range(n):
            a, b = attack[r, i, j], attack[r, j, i]
            first = (2 if a == _SCRIPTED else 1) if a > 0 else 0
            other = (2 if b == _SCRIPTED else 1) if b > 0 else 0
            go = a > 0 and (first > other or (first == other and i < j))
            started[r, i, j] = go
            any_start |= go
    if not any_start:
        for i in range(n):
            for j in range(n):
                attack[r, i, j] = 0
        return
    s_out = salt(t, _WAR_OUTCOME)
    for i in range(n):
        for j in range(n):
            if started[r, i, j]:
                won = uniform_at(key, s_out, i * n + j) < victory[r, i, j]
                flags[r, i, j] = 1 if won else 2
    # every war of the step is sized on the GDP at its start
    gdp0, keep = work[r, 0], work[r, 1]
    for k in range(n):
        gdp0[k] = gdp[r, k]
    for side in range(2):
        kappa = k_att if side == 0 else k_def
        for k in range(n):
            keep[k] = 1.0
        for i in range(n):
            for j in range(n):
                if started[r, i, j]:
                    m = min(gdp0[i], gdp0[j])
                    s = i if side == 0 else j
                    keep[s] *= 1.0 - min(war_cost * kappa * m / max(gdp0[s], 1e-12), 0.9)
        for k in range(n):
            gdp[r, k] *= keep[k]
            for c in range(forces.shape[2]):
                forces[r, k, c] *= keep[k]
    # the loser pays the prize to the winner
    owed = work[r, 1]
    for k in range(n):
        owed[k] = 0.0
    for i in range(n):
        for j in range(n):
            if started[r, i, j]:
                loser = j if flags[r, i, j] == 1 else i
                owed[loser] += war_prize * min(gdp0[i], gdp0[j])
    _transfer_scale(r, gdp, owed)
    for i in range(n):
        for j in range(n):
            if started[r, i, j]:
                loser = j if flags[r, i, j] == 1 else i
                gdp[r, loser] -= war_prize * min(gdp0[i], gdp0[j]) * owed[loser]
    for i in range(n):
        for j in range(n):
            if started[r, i, j]:
                loser, winner = (j, i) if flags[r, i, j] == 1 else (i, j)
                gdp[r, winner] += war_prize * min(gdp0[i], gdp0[j]) * owed[loser]
    for i in range(n):
        for j in range(n):
            if started[r, i, j]:
                cooldown[r, i, j] = int(cooldown_steps)
                cooldown[r, j, i] = int(cooldown_steps)
    _hostile_to(r, t, started, L, hostile, last_hostile)
    for i in range(n):
        for j in range(n):
            if started[r, i, j]:
                code = attack[r, i, j]
                log_caused(ev_int, ev_amt, ev_n, r, t, i, j, code, victory[r, i, j],
                           main_threat, known)
                for c in range(_KINDS.shape[0]):
                    if _KINDS[c] == code:
                        wars[r, c] += 1
            else:
                attack[r, i, j] = 0


@numba.njit(cache=True, error_model="numpy")
def pairs_run(r: int, deploy: np.ndarray, deployed: np.ndarray, crisis: np.ndarray,
              made: np.ndarray, war_code: np.ndarray, d_war_hazard: np.ndarray,
              crisis_hazard: np.ndarray, p_deployment: np.ndarray, p_force: np.ndarray,
              p_hazard: np.ndarray, p_level: np.ndarray, p_own_level: np.ndarray) -> None:
    """The step's :class:`herz.engine.step.PairRecord` fields not filled by the phases
    (:func:`herz.engine.step._pairs`; MID hostility levels, :func:`herz.engine.events.
    hostility_levels`: 2 demand, 3 deployment or crisis, 4 force, 5 war). Nothing is scripted
    in the worlds of the fused step, so only a scripted war leaves ``own_level``."""
    n = deploy.shape[1]
    for i in range(n):
        for j in range(n):
            started = war_code[r, i, j] > 0
            pressing = made[r, i, j] and deploy[r, i, j] > 0
            force = pressing or started
            own_war = started and war_code[r, i, j] != _SCRIPTED
            p_deployment[r, i, j] = deployed[r, i, j]
            p_force[r, i, j] = force
            p_hazard[r, i, j] = 1.0 - (1.0 - d_war_hazard[r, i, j]) * (1.0 - crisis_hazard[r, i, j])
            base = 0
            if made[r, i, j]:
                base = 2
            if deployed[r, i, j] or crisis[r, i, j]:
                base = 3
            level = base
            own = base
            if force:
                level = 4
            if started:
                level = 5
            if pressing or own_war:
                own = 4
            if own_war:
                own = 5
            p_level[r, i, j] = level
            p_own_level[r, i, j] = own
    for i in range(n):
        for j in range(i + 1, n):
            m = max(p_level[r, i, j], p_level[r, j, i])
            p_level[r, i, j] = m
            p_level[r, j, i] = m
            m = max(p_own_level[r, i, j], p_own_level[r, j, i])
            p_own_level[r, i, j] = m
            p_own_level[r, j, i] = m


@numba.njit(cache=True, error_model="numpy")
def update_beliefs_run(r: int, par: np.ndarray, belief0: np.ndarray, asymmetry: np.ndarray,
                       belief: np.ndarray, L: np.ndarray) -> None:
    """:func:`herz.engine.learning.update_beliefs` for run ``r``: the prior's pull
    (:func:`herz.engine.beliefs.regress`), then Bayes's rule in log-odds form with trust
    asymmetry (:func:`herz.engine.beliefs.update`)."""
    n = belief.shape[1]
    eta = par[14]
    # without branches or calls (libm's functions, the diagonal by a select), so that the
    # loop over j vectorises
    for i in range(n):
        bad_news = 1.0 / asymmetry[i]
        for j in range(n):
            b = (1.0 - eta) * belief[r, i, j] + eta * belief0[i, j]
            b = min(max(b, 1e-12), 1 - 1e-12)
            logit = libm.log(b) - libm.log1p(-b)
            e = L[r, i, j]
            weight = 1.0 if e > 0 else bad_news
            logit = min(max(logit + weight * e, -_LOGIT_BOUND), _LOGIT_BOUND)
            updated = 1.0 / (1.0 + libm.exp(-logit))
            belief[r, i, j] = 0.0 if i == j else updated


@numba.njit(cache=True, error_model="numpy")
def close_step_run(r: int, par: np.ndarray, growth: np.ndarray, strength: np.ndarray,
                   gdp: np.ndarray, forces: np.ndarray, sanction: np.ndarray,
                   bilateral: np.ndarray, blocs: np.ndarray, cooldown: np.ndarray,
                   spending: np.ndarray, spent: np.ndarray, power_now: np.ndarray,
                   work: np.ndarray) -> None:
    """:func:`herz.engine.economy.close_step` for run ``r`` without the power history and the
    step count (the driver keeps them): growth less the sanctions pressure, the power
    ``P_i = sum_k F_ik (off_k + def_k) + alpha sum_{l ally} P_l`` (Powell 2006) on the
    alliances after the step's changes into ``power_now[r]``, cool-downs counted down,
    ``spent`` the last spending."""
    n = gdp.shape[1]
    sanction_effect, commitment = par[15], par[16]
    world_gdp = 0.0
    for i in range(n):
        world_gdp += gdp[r, i]
    pressure = work[r, 0]
    for j in range(n):
        s = 0.0
        for i in range(n):
            s += sanction[r, i, j] * gdp[r, i]
        pressure[j] = s / world_gdp
    for i in range(n):
        gdp[r, i] *= 1.0 + growth[i] - sanction_effect * pressure[i]
    own = work[r, 1]
    for i in range(n):
        s = 0.0
        for k in range(forces.shape[2]):
            s += forces[r, i, k] * strength[k]
        own[i] = s
    together = work[r, 0]  # the pressure is spent: i's allies, 1.0 or 0.0
    for i in range(n):
        for j in range(n):
            together[j] = 1.0 if bilateral[r, i, j] else 0.0
        # only i's blocs: N x blocs per actor, not N^2 x blocs
        for a in range(blocs.shape[1]):
            if blocs[r, a, i]:
                for j in range(n):
                    if blocs[r, a, j]:
                        together[j] = 1.0
        allied = 0.0
        for j in range(n):
            if j != i and together[j] > 0.0:
                allied += own[j]
        power_now[r, i] = own[i] + commitment * allied
    for i in range(n):
        for j in range(n):
            cooldown[r, i, j] = max(cooldown[r, i, j] - 1, 0)
        spending[r, i] = spent[r, i]


@numba.njit(cache=True, error_model="numpy")
def war_hazard_run(r: int, d_war_hazard: np.ndarray, crisis_hazard: np.ndarray,
                   started: np.ndarray, war_hazard: np.ndarray) -> None:
    """:func:`herz.engine.war.war_hazard` for run ``r``: per pair the largest of the rule's
    hazard, the crisis hazard and 1 for a war started; over pairs, the chance of at least
    one."""
    n = started.shape[1]
    for i in range(n):
        none = 1.0
        for j in range(n):
            a = max(max(d_war_hazard[r, i, j], crisis_hazard[r, i, j]),
                    1.0 if started[r, i, j] else 0.0)
            b = max(max(d_war_hazard[r, j, i], crisis_hazard[r, j, i]),
                    1.0 if started[r, j, i] else 0.0)
            none *= 1.0 - max(a, b)
        war_hazard[r, i] = 1.0 - none


@numba.njit(cache=True, error_model="numpy")
def conflict_run(r: int, t: int, keys: np.ndarray, par: np.ndarray, contact: np.ndarray,
                 growth: np.ndarray, belief0: np.ndarray, asymmetry: np.ndarray,
                 strength: np.ndarray,
                 gdp: np.ndarray, forces: np.ndarray, belief: np.ndarray, alert: np.ndarray,
                 deploy: np.ndarray, bilateral: np.ndarray, blocs: np.ndarray,
                 hotline: np.ndarray, sanction: np.ndarray, cooldown: np.ndarray,
                 spending: np.ndarray, last_hostile: np.ndarray,
                 pp: np.ndarray, wa: np.ndarray, q: np.ndarray, ally: np.ndarray,
                 free: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                 spent: np.ndarray, deployed: np.ndarray, d_attack: np.ndarray,
                 d_coerce: np.ndarray, d_war_hazard: np.ndarray,
                 L: np.ndarray, hostile: np.ndarray,
                 ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray,
                 p_incident: np.ndarray, p_crisis: np.ndarray, p_demand: np.ndarray,
                 p_deployment: np.ndarray, p_force: np.ndarray, p_war: np.ndarray,
                 p_hazard: np.ndarray, p_level: np.ndarray, p_own_level: np.ndarray,
                 n_incidents: np.ndarray, n_crises: np.ndarray, n_wars: np.ndarray,
                 war_hazard: np.ndarray, power_now: np.ndarray,
                 crisis_hazard: np.ndarray, started: np.ndarray, flags: np.ndarray,
                 work: np.ndarray, assess_work: np.ndarray) -> None:
    """Everything of run ``r``'s step ``t`` after the acts and learning, in the order of
    :func:`herz.engine.step.advance`: incidents and crises, crisis wars, demands answered,
    wars started, the pair record, the belief update, the economy and the war hazard.

    State arrays (the fields of :class:`herz.engine.state.State`) are updated in place at row
    ``r``; ``pp``, ``wa``, ``q``, ``ally``, ``free``, ``main_threat`` and ``known`` are the
    step's context, ``L`` and ``hostile`` its evidence. Outputs: the pair record
    ``p_*`` (R, N, N), the counts ``n_incidents``, ``n_crises`` (R,) and ``n_wars`` (R, 5),
    ``war_hazard`` and ``power_now`` (R, N). Scratch: ``crisis_hazard`` (R, N, N) float,
    ``started`` (R, N, N) bool, ``flags`` (R, N, N) int8, ``work`` (R, 2, N) float;
    ``assess_work`` the opening's scratch (9, R, N, N), read for the margins of crisis pairs
    the opening left NaN.
    """
    key = keys[r]
    n_inc, n_cri = incidents_run(r, t, key, par, contact, free, alert, deploy, spending, gdp,
                                 hotline, L, hostile, ev_int, ev_amt, ev_n, p_incident,
                                 p_crisis, work)
    n_incidents[r] = n_inc
    n_crises[r] = n_cri
    crisis_wars_run(r, t, key, par, wa, p_crisis, d_attack, cooldown, ally, p_war,
                    crisis_hazard, assess_work)
    answer_demands_run(r, t, key, par, wa, q, d_coerce, free, p_war, gdp, cooldown,
                       last_hostile, L, hostile, main_threat, known, ev_int, ev_amt, ev_n,
                       p_demand, flags, work)
    start_wars_run(r, t, key, par, pp[7], p_war, gdp, forces, cooldown, last_hostile, L,
                   hostile, main_threat, known, ev_int, ev_amt, ev_n, started, flags, n_wars,
                   work)
    pairs_run(r, deploy, deployed, p_crisis, p_demand, p_war, d_war_hazard, crisis_hazard,
              p_deployment, p_force, p_hazard, p_level, p_own_level)
    update_beliefs_run(r, par, belief0, asymmetry, belief, L)
    close_step_run(r, par, growth, strength, gdp, forces, sanction, bilateral, blocs,
                   cooldown, spending, spent, power_now, work)
    war_hazard_run(r, d_war_hazard, crisis_hazard, started, war_hazard)
