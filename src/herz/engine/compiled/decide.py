"""The decide phase of the fused step: the built-in rule and passive actors, for one run.

:func:`decide_run` writes row ``r`` of the decision arrays as
:func:`herz.engine.policy.decide` does for a world whose actors all follow the built-in rule
(:func:`herz.engine.policy.default_decisions`) or are ``passive``, with no timeline and no
agreements. The rule, its sources and its constants are those of :mod:`herz.engine.policy`
(after Glaser 1997, 2010 and Kydd 1997): the arming rule of :mod:`herz.engine.arming` (Glaser
1997; Richardson 1960's fatigue term in budget form; Olson & Zeckhauser 1966 on the minimum
share) with its log-normal noise; alerts in proportion to the security shortfall; sanctions on
a non-ally believed greedy; alliance offers against a shared main threat (Walt 1987);
statements, bogus when the speaker is greedy; covert action against the main threat; demands
pressed by greedy actors (Fearon 1995's risk-return trade-off) with the logit quantal response
of :mod:`herz.engine.war_choice` (McKelvey & Palfrey 1995), backed by forward deployment and
sanctions; preventive war (Fearon 1995; Powell 2006). A passive actor only replaces its
depreciation.

Covered: every field of :class:`herz.engine.state.Decisions` the supported worlds use
(``spend``, ``alert``, ``deploy``, ``sanction``, ``ally``, ``covert``, ``statement``,
``bogus``, ``coerce``, ``attack``, ``war_hazard``), the standing scripted postures
(:func:`standing_postures_run`); the agreements' are
:func:`herz.engine.compiled.agreements.decide_agreements_run`. Not covered: user policies (the
driver falls back to numpy for such worlds) and a step's timeline entries (such a step takes
the numpy path).

Every chance event is the number :mod:`herz.engine.streams` draws at the same (step, stream,
position), so the decisions equal numpy's (floats to rounding: ``exp``, ``log`` and ``cos``
may differ in the last bit and the threat total is summed in another order):
``tests/engine/test_fused_decide.py``.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.actions import Action
from herz.engine.compiled import libm
from herz.engine.compiled.draws import NORMAL_OFFSET, normal_with, salt, uniform_at
from herz.engine.streams import Stream
from herz.engine.world import World

__all__ = ["ACTOR_ROWS", "PARAMS", "decide_actors", "decide_params", "decide_run",
           "standing_postures_run"]

#: The entries of :func:`decide_params`, in order.
PARAMS = ("greed_premium", "arming_rate", "arming_noise", "alert_gain", "sanction_belief",
          "ally_trust", "ally_rate", "surge", "covert_belief", "covert_rate", "demand_rate",
          "rationality", "war_hazard_max")
#: The rows of :func:`decide_actors`, in order.
ACTOR_ROWS = ("target_security", "cost_sensitivity", "min_budget_share", "max_budget_share",
              "defense_per_cost", "candor", "passive")

_ARMING = int(Stream.ARMING)
_ALLIANCE = int(Stream.ALLIANCE)
_POLICY = int(Stream.POLICY)
_DISCRETE = int(Stream.DISCRETE)
_DEMAND = int(Stream.DEMAND)
_WAR_START = int(Stream.WAR_START)
_WAR_PREVENTIVE = int(Action.WAR_PREVENTIVE)
_TINY = 1e-12


def decide_params(world: World) -> np.ndarray:
    """The rule's scalar constants, ``float64`` in the order of :data:`PARAMS`:
    ``[0]`` greed premium ``mu``, ``[1]`` arming rate, ``[2]`` arming noise ``a``, ``[3]``
    alert gain, ``[4]`` sanction belief, ``[5]`` ally trust, ``[6]`` ally rate, ``[7]`` surge,
    ``[8]`` covert belief, ``[9]`` covert rate, ``[10]`` demand rate, ``[11]`` rationality,
    ``[12]`` the largest war hazard."""
    spec, rule = world.spec, world.spec.rule
    return np.array([spec.greed_premium, spec.arming_rate, spec.arming_noise, rule.alert_gain,
                     rule.sanction_belief, rule.ally_trust, rule.ally_rate, rule.surge,
                     rule.covert_belief, rule.covert_rate, spec.demand_rate, spec.rationality,
                     spec.war_hazard_max], dtype=np.float64)


def decide_actors(world: World) -> np.ndarray:
    """``(7, N)`` ``float64``: per actor, the rows of :data:`ACTOR_ROWS` (target security
    ``S*``, cost sensitivity, minimum and maximum budget shares, defence bought per GDP unit,
    candor, and 1.0 for a passive actor)."""
    return np.ascontiguousarray(np.stack([
        world.target_security, world.cost_sensitivity, world.min_budget_share,
        world.max_budget_share, world.defense_per_cost, world.candor,
        world.passive.astype(np.float64),
    ]), dtype=np.float64)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _quantal(margin: float, rationality: float, h_max: float) -> float:
    # herz.engine.war_choice.quantal, with numpy's clip of the exponent
    x = min(max(rationality * margin, -60.0), 60.0)
    return h_max / (1.0 + libm.exp(-x))


@numba.njit(cache=True, inline="always", error_model="numpy")
def _clip(x: float, low: float, high: float) -> float:
    # np.clip: minimum(maximum(x, low), high), NaN passing through
    if x < low:
        x = low
    if x > high:
        x = high
    return x


@numba.njit(cache=True, inline="always", error_model="numpy")
def _argmax_row(a: np.ndarray, r: int, i: int) -> int:
    # numpy's argmax: the first maximum, or the first NaN
    best = 0
    v = a[r, i, 0]
    if math.isnan(v):
        return 0
    for j in range(1, a.shape[2]):
        x = a[r, i, j]
        if math.isnan(x):
            return j
        if x > v:
            v = x
            best = j
    return best


@numba.njit(cache=True, error_model="numpy")
def decide_run(
    r: int, t: int, keys: np.ndarray, forces: np.ndarray, gdp: np.ndarray, greedy: np.ndarray,
    belief: np.ndarray, cooldown: np.ndarray, pa: np.ndarray, pp: np.ndarray, wa: np.ndarray,
    free: np.ndarray, main_threat: np.ndarray, replacement: np.ndarray, par: np.ndarray,
    actor_par: np.ndarray, contact: np.ndarray, cyber: np.ndarray, d_spend: np.ndarray,
    d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray, d_covert: np.ndarray,
    d_ally: np.ndarray, d_statement: np.ndarray, d_bogus: np.ndarray, d_coerce: np.ndarray,
    d_attack: np.ndarray, d_war_hazard: np.ndarray,
) -> None:
    """Row ``r`` of every decision array at step ``t`` (``free``: the non-allies at the start
    of the step, ``~ally & ~eye``; ``par``/``actor_par``: :func:`decide_params` and
    :func:`decide_actors`; ``contact``: ``world.contact``; ``cyber``: the classes' cyber
    capacity per unit)."""
    mu, rate, a_noise, alert_gain = par[0], par[1], par[2], par[3]
    sanction_belief, ally_trust, ally_rate, surge = par[4], par[5], par[6], par[7]
    covert_belief, covert_rate, demand_rate, rationality = par[8], par[9], par[10], par[11]
    h_max = par[12]
    n = gdp.shape[1]
    key = keys[r]
    s_ally = salt(t, _ALLIANCE)
    s_policy = salt(t, _POLICY)
    s_covert = salt(t, _DISCRETE)
    s_demand = salt(t, _DEMAND)
    s_war = salt(t, _WAR_START)
    s_arm1, s_arm2 = salt(t, _ARMING), salt(t, _ARMING + NORMAL_OFFSET)
    for i in range(n):
        if actor_par[6, i] > 0.0:
            # passive: only replaces its depreciation (policy.decide)
            d_spend[r, i] = replacement[r, i]
            d_alert[r, i] = 0.0
            for j in range(n):
                d_deploy[r, i, j] = 0.0
                d_sanction[r, i, j] = 0.0
                d_covert[r, i, j] = 0.0
                d_ally[r, i, j] = False
                d_statement[r, i, j] = False
                d_bogus[r, i, j] = False
                d_coerce[r, i, j] = False
                d_attack[r, i, j] = 0
                d_war_hazard[r, i, j] = 0.0
            continue
        target = actor_par[0, i]
        g = gdp[r, i]
        low = actor_par[2, i] * g
        cap = actor_par[3, i] * g
        renewal = replacement[r, i]
        is_greedy = greedy[r, i]

        # Arming: arming.desired_spending, then the log-normal noise (stream ARMING, (n,)).
        threat = 0.0
        for j in range(n):
            threat += pp[3, r, i, j]
        defense = pa[2, r, i]
        allied = pa[3, r, i] - defense
        ambition = 1.0 + mu * (1.0 if is_greedy else 0.0)
        need = max(ambition * threat * target / (1.0 - target) - allied, 0.0)
        gap = max(need - defense, 0.0)
        upkeep = renewal * (need / max(defense, _TINY) if defense > need else 1.0)
        dpc = actor_par[4, i]
        closing = rate * gap / max(dpc, _TINY) if dpc > 0 else 0.0
        wanted = upkeep + closing
        restrained = wanted / (1.0 + actor_par[1, i] * wanted / cap)
        wanted = _clip(restrained, low, cap)
        z = normal_with(key, s_arm1, s_arm2, i)
        spend = _clip(wanted * libm.exp(a_noise * z - 0.5 * a_noise * a_noise), low, cap)
        d_spend[r, i] = spend

        d_alert[r, i] = _clip(alert_gain * ((target - pa[4, r, i]) / target), 0.0, 1.0)

        top = main_threat[r, i]
        insecure = pa[4, r, i] < target
        arming = spend > surge * renewal
        # covert action: cyber capacity, and greedy or nearly sure its main threat is greedy
        capacity = 0.0
        for k in range(forces.shape[2]):
            capacity += forces[r, i, k] * cyber[k]
        sure = belief[r, i, max(top, 0)] > covert_belief
        covert_acts = capacity > 0 and (is_greedy or sure)

        # Split for vectorisation (herz.engine.compiled.libm): the quantal hazards of the row
        # in loops without branches or calls, held in war_hazard and deploy until the targets
        # (argmax over j) are known, whether j is within reach (1.0 or 0.0) in covert until
        # the draws; then the draws, one pair at a time.
        for j in range(n):
            reach = free[r, i, j] & (cooldown[r, i, j] == 0) & contact[i, j]
            d_covert[r, i, j] = 1.0 if reach else 0.0
        for j in range(n):
            # the preventive hazard
            hazard = _quantal(wa[8, r, i, j], rationality, h_max)
            d_war_hazard[r, i, j] = hazard if d_covert[r, i, j] > 0.0 else 0.0
        if is_greedy:
            for j in range(n):
                # pressing a demand
                press = demand_rate * _quantal(wa[7, r, i, j], rationality, 1.0)
                d_deploy[r, i, j] = press if d_covert[r, i, j] > 0.0 else 0.0
        else:
            for j in range(n):
                d_deploy[r, i, j] = 0.0
        for j in range(n):
            fr = free[r, i, j] & (cooldown[r, i, j] == 0)
            sanction = _clip((belief[r, i, j] - sanction_belief) / (1.0 - sanction_belief),
                             0.0, 1.0)
            d_sanction[r, i, j] = sanction if fr else 0.0
        # statements (bogus when the speaker is greedy): every non-ally's draw, where arming
        candor = actor_par[5, i] if arming else -1.0
        for j in range(n):
            said = free[r, i, j] & (uniform_at(key, s_policy, i * n + j) < candor)
            d_statement[r, i, j] = said
            d_bogus[r, i, j] = said & is_greedy
        # alliance offers (Walt 1987): same main threat, insecure, trusted non-ally
        for j in range(n):
            d_ally[r, i, j] = False
        if insecure and top >= 0:
            for j in range(n):
                if (belief[r, i, j] < ally_trust and main_threat[r, j] == top
                        and free[r, i, j]):
                    d_ally[r, i, j] = uniform_at(key, s_ally, i * n + j) < ally_rate
        # covert action against the main threat alone
        for j in range(n):
            d_covert[r, i, j] = 0.0
        if (top >= 0 and covert_acts and free[r, i, top] and cooldown[r, i, top] == 0
                and uniform_at(key, s_covert, i * n + top) < covert_rate):
            d_covert[r, i, top] = 1.0
        pressed = _argmax_row(d_deploy, r, i)
        prevent = _argmax_row(d_war_hazard, r, i)
        # a demand on the chosen target only, one preventive war start at most per actor and
        # step (the most likely one), which a demand on the same target yields to
        press = d_deploy[r, i, pressed]
        starts = uniform_at(key, s_war, i * n + prevent) < d_war_hazard[r, i, prevent]
        coerce = (uniform_at(key, s_demand, i * n + pressed) < press
                  and not (starts and prevent == pressed))
        for j in range(n):
            # press is the whole row here, not only the chosen target's
            preventive = d_war_hazard[r, i, j] if j == prevent else 0.0
            d_war_hazard[r, i, j] = preventive + d_deploy[r, i, j] * wa[6, r, i, j]
        for j in range(n):
            d_deploy[r, i, j] = 0.0
            d_attack[r, i, j] = 0
            d_coerce[r, i, j] = False
        d_deploy[r, i, pressed] = press / max(demand_rate, _TINY) if press > 0 else 0.0
        d_attack[r, i, prevent] = _WAR_PREVENTIVE if starts else 0
        d_coerce[r, i, pressed] = coerce
        if coerce:
            # a demand comes with sanctions until it is met (coercive diplomacy)
            d_sanction[r, i, pressed] = max(d_sanction[r, i, pressed], 1.0)


@numba.njit(cache=True, error_model="numpy")
def standing_postures_run(r: int, standing_deploy: np.ndarray, standing_sanction: np.ndarray,
                          d_deploy: np.ndarray, d_sanction: np.ndarray) -> None:
    """Scripted deployments and sanctions stand until the timeline withdraws or lifts them; the
    rule may add to them (:func:`herz.engine.policy.decide`: ``max(decided, standing)``)."""
    n = d_deploy.shape[1]
    for i in range(n):
        for j in range(n):
            if standing_deploy[r, i, j] > d_deploy[r, i, j]:
                d_deploy[r, i, j] = standing_deploy[r, i, j]
            if standing_sanction[r, i, j] > d_sanction[r, i, j]:
                d_sanction[r, i, j] = standing_sanction[r, i, j]
