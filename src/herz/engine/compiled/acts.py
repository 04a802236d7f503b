"""The acts and the learning from them of one step (:mod:`herz.engine.acts`,
:func:`herz.engine.learning.observe_arming`, :func:`herz.engine.learning.expose_bogus_reasons`)
for one run of the fused step.

The equations and sources are those of the numpy phases, applied in the order of
:func:`herz.engine.step.advance`: the hostile-act evidence of :class:`herz.engine.context.Evidence`
(Jervis 1976 ch. 3, the transparency illusion; Kydd 1997, 2005), arming (Glaser 1997;
Richardson 1960), posture (herz's own specification, ODD 7.9), alliances (Walt 1987), sanctions,
covert attacks, statements, the judgement of arming (Jervis 1976 ch. 3; Butterfield 1951; Kydd
1997) with reneging on a concession (Kydd 2005, ch. 7) and the exposure of bogus reasons. They
agree with the numpy reference to floating-point tolerance (``log``/``exp`` may differ in the last
bit, and sums over classes and actors are taken in another order):
``tests/engine/test_fused_acts.py``.

Only the steps the fused step takes: the built-in rule or passive actors, on a step without
timeline entries (those take the numpy path, :class:`herz.engine.fused.FusedStep`). So
concessions, scrapping, scripted buys, forced alliances, joined blocs, transfers, proxies and
hotlines opened by decision are absent, and their phases (:func:`herz.engine.acts.concede`,
:func:`~herz.engine.acts.transfer_and_support`, :func:`~herz.engine.acts.open_hotlines`) do
nothing; agreements (caps, cheating, detection, leaving) are
:mod:`herz.engine.compiled.agreements`.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.actions import Action
from herz.engine.compiled import libm
from herz.engine.compiled.agreements import capped, cheat_starts_run, keep_agreements_run
from herz.engine.compiled.draws import normal_fill, salt, uniform_at
from herz.engine.compiled.eventbuf import log_caused, log_event
from herz.engine.compiled.learning import _judge_run
from herz.engine.policy import defense_per_cost
from herz.engine.streams import Stream
from herz.engine.world import World

__all__ = ["acts_actor", "acts_classes", "acts_params", "acts_run", "evidence_start_run"]

_ARM = int(Action.ARM)
_DEPLOY = int(Action.DEPLOY)
_ALLY = int(Action.ALLY)
_SANCTION = int(Action.SANCTION)
_COVERT = int(Action.COVERT)
_STATEMENT = int(Action.STATEMENT)
_BOGUS_EXPOSED = int(Action.BOGUS_EXPOSED)
_DETECTION = int(Stream.DETECTION)
_OBSERVE_2 = int(Stream.OBSERVE_2)
_EXPOSURE = int(Stream.EXPOSURE)


def acts_params(world: World) -> np.ndarray:
    """The scalars of the acts and learning phases, float64.

    ``[0]`` ``statement_weight``, ``[1]`` ``hostility_floor``, ``[2]`` ``greed_premium``,
    ``[3]`` ``arming_rate``, ``[4]`` ``arming_noise**2``, ``[5]`` ``model_uncertainty**2``
    (``[0:6]`` is the layout of :func:`herz.engine.compiled.learning._judge_run`), ``[6]``
    ``rule.surge``, ``[7]`` ``rule.alert_decay``, ``[8]`` ``rule.new_posture``, ``[9]``
    ``covert_effect``, ``[10]`` ``covert_detection``, ``[11]`` ``bogus_exposure``, ``[12]``
    ``credibility_loss``, ``[13]`` ``act_noise`` (the tremble epsilon), ``[14]``
    ``demand_rate``, ``[15]`` ``forecast_window``, ``[16]`` the telling ratio
    ``log((1 - eps) / eps)`` (:attr:`herz.engine.context.Evidence.telling`).
    """
    spec = world.spec
    rule = spec.rule
    eps = spec.act_noise
    return np.array([
        spec.statement_weight, spec.hostility_floor, spec.greed_premium, spec.arming_rate,
        spec.arming_noise**2, spec.model_uncertainty**2, rule.surge, rule.alert_decay,
        rule.new_posture, spec.covert_effect, spec.covert_detection, spec.bogus_exposure,
        spec.credibility_loss, eps, spec.demand_rate, float(spec.forecast_window),
        float(np.log((1.0 - eps) / eps)),
    ], dtype=np.float64)


def acts_actor(world: World) -> np.ndarray:
    """``(7, N)`` float64 per actor: ``[0]`` empathy, ``[1]`` defence per GDP unit of its
    procurement, ``[2]`` target security, ``[3]`` cost sensitivity, ``[4]`` max budget share,
    ``[5]`` min budget share (``[0:6]``: the ``actor`` rows of
    :func:`herz.engine.compiled.learning._judge_run`), ``[6]`` intelligence."""
    n = world.n
    rows = (world.empathy, defense_per_cost(world), world.target_security,
            world.cost_sensitivity, world.max_budget_share, world.min_budget_share,
            world.intelligence)
    return np.ascontiguousarray(
        np.stack([np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in rows]))


def acts_classes(world: World) -> np.ndarray:
    """``(4, K)`` float64 per force class: ``[0]`` unit cost, ``[1]`` depreciation, ``[2]``
    weight in the choice of a covert attack's class (2 strategic, 1 other), ``[3]`` cyber
    capacity per unit. The procurement mix is ``world.procurement`` ``(N, K)``."""
    cat = world.cat
    return np.ascontiguousarray(np.stack([
        np.asarray(cat.cost, dtype=float), np.asarray(cat.depreciation, dtype=float),
        np.where(cat.strategic > 0, 2.0, 1.0), np.asarray(cat.cyber, dtype=float)]))


@numba.njit(cache=True, error_model="numpy")
def evidence_start_run(r: int, belief: np.ndarray, actor: np.ndarray, par: np.ndarray,
                       L: np.ndarray, hostile: np.ndarray) -> None:
    """:meth:`herz.engine.context.Evidence.start` for run ``r``: ``L = 0`` and the ratio
    ``hostile[r, i, j]`` of a hostile act by *j* against *i*: a security-seeker takes it out of
    the fear *i* imagines (``empathy_i * b_ji``, the transparency illusion, Jervis 1976 ch. 3), a
    greedy *j* out of fear or to press a demand; trembles bound it
    (:func:`herz.engine.beliefs.act_evidence`). The two logarithms are taken as one, of their
    ratio: the same to a few units in the last place of the result."""
    eps, demand = par[13], par[14]
    n = belief.shape[1]
    keep = 1.0 - 2.0 * eps
    for i in range(n):
        e_i = actor[0, i]
        # the fears first (a column of belief), then a loop over a row that vectorises
        for j in range(n):
            hostile[r, i, j] = e_i * belief[r, j, i]
        for j in range(n):
            fear = hostile[r, i, j]
            either = fear + demand * (1.0 - fear)
            hostile[r, i, j] = libm.log((eps + keep * either) / (eps + keep * fear))
    for i in range(n):
        for j in range(n):
            L[r, i, j] = 0.0


@numba.njit(cache=True, error_model="numpy")
def _hostile_act(r: int, t: int, i: int, j: int, L: np.ndarray, hostile: np.ndarray,
                 last_hostile: np.ndarray) -> None:
    """:meth:`herz.engine.context.Evidence.hostile_to` of one act by *i* on *j*: evidence for
    *j* about *i*, and *i* escalated this step."""
    L[r, j, i] += hostile[r, j, i]
    last_hostile[r, i] = t


@numba.njit(cache=True, error_model="numpy")
def arm_run(r: int, t: int, forces: np.ndarray, last_hostile: np.ndarray,
            d_spend: np.ndarray, replacement: np.ndarray, procurement: np.ndarray,
            classes: np.ndarray, par: np.ndarray, spent: np.ndarray,
            main_threat: np.ndarray, known: np.ndarray, ev_int: np.ndarray,
            ev_amt: np.ndarray, ev_n: np.ndarray, in_agreement: np.ndarray,
            cheating: np.ndarray, d_cheat: np.ndarray, caps: np.ndarray,
            agreement: np.ndarray) -> None:
    """:func:`herz.engine.acts.arm` (no scripted buys: the timeline's steps take the numpy
    path): buy forces with the decided spending by the procurement mix, depreciate the stock,
    within the caps of the agreements a member complies with
    (:func:`herz.engine.compiled.agreements.capped`); log cheating's start ``CHEAT`` and a
    surge above ``rule.surge`` times upkeep as ``ARM``, an escalation. Writes ``spent[r]``."""
    n, n_classes = forces.shape[1], forces.shape[2]
    for i in range(n):
        spend = max(d_spend[r, i], 0.0)
        total = 0.0
        for k in range(n_classes):
            kept = forces[r, i, k] * (1.0 - classes[1, k])
            new = kept + spend * procurement[i, k] / classes[0, k]
            new = capped(r, t, i, k, new, forces[r, i, k], in_agreement, cheating, d_cheat,
                         caps, agreement)
            # spent from the stock's change, as numpy takes it (not the purchase itself)
            total += (new - kept) * classes[0, k]
            forces[r, i, k] = new
        spent[r, i] = total
    cheat_starts_run(r, t, in_agreement, cheating, d_cheat, main_threat, known, ev_int, ev_amt,
                     ev_n)
    for i in range(n):
        if spent[r, i] > par[6] * replacement[r, i]:
            log_caused(ev_int, ev_amt, ev_n, r, t, i, -1, _ARM, spent[r, i], main_threat, known)
            last_hostile[r, i] = t


@numba.njit(cache=True, error_model="numpy")
def posture_run(r: int, t: int, alert: np.ndarray, deploy: np.ndarray,
                standing_deploy: np.ndarray, last_hostile: np.ndarray, d_alert: np.ndarray,
                d_deploy: np.ndarray, free: np.ndarray, par: np.ndarray, L: np.ndarray,
                hostile: np.ndarray, deployed: np.ndarray, main_threat: np.ndarray,
                known: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                ev_n: np.ndarray) -> None:
    """:func:`herz.engine.acts.take_posture`: alert decays to ``max(decided, decay * alert)``;
    a deployment against a non-ally raised by more than ``rule.new_posture`` is hostile and
    logged ``DEPLOY``; at step 0 only a standing (scripted) deployment can be new. Writes
    ``deployed[r]``."""
    decay, new_posture = par[7], par[8]
    n = alert.shape[1]
    for i in range(n):
        alert[r, i] = max(d_alert[r, i], decay * alert[r, i])
    for i in range(n):
        for j in range(n):
            before = deploy[r, i, j]
            if t == 0 and not standing_deploy[r, i, j] > 0:
                before = d_deploy[r, i, j]
            new = d_deploy[r, i, j] > before + new_posture and free[r, i, j]
            deployed[r, i, j] = new
            deploy[r, i, j] = d_deploy[r, i, j]
            if new:
                _hostile_act(r, t, i, j, L, hostile, last_hostile)
                log_caused(ev_int, ev_amt, ev_n, r, t, i, j, _DEPLOY, d_deploy[r, i, j],
                           main_threat, known)


@numba.njit(cache=True, error_model="numpy")
def alliances_run(r: int, t: int, bilateral: np.ndarray, d_ally: np.ndarray, ally: np.ndarray,
                  main_threat: np.ndarray, known: np.ndarray, ev_int: np.ndarray,
                  ev_amt: np.ndarray, ev_n: np.ndarray) -> None:
    """:func:`herz.engine.acts.form_alliances` without forced alliances or joined blocs: an
    alliance offered by both sides forms (Walt 1987), logged ``ALLY`` once per pair (``i <= j``);
    no evidence about motives."""
    n = bilateral.shape[1]
    for i in range(n):
        for j in range(n):
            if d_ally[r, i, j] and d_ally[r, j, i] and not ally[r, i, j]:
                bilateral[r, i, j] = True
                if j >= i:
                    log_caused(ev_int, ev_amt, ev_n, r, t, i, j, _ALLY, 1.0, main_threat, known)


@numba.njit(cache=True, error_model="numpy")
def sanctions_run(r: int, t: int, sanction: np.ndarray, last_hostile: np.ndarray,
                  d_sanction: np.ndarray, free: np.ndarray, par: np.ndarray, L: np.ndarray,
                  hostile: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                  ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray) -> None:
    """:func:`herz.engine.acts.impose_sanctions`: sanctions on non-allies only; one raised by
    more than ``rule.new_posture`` is hostile and logged ``SANCTION``."""
    new_posture = par[8]
    n = sanction.shape[1]
    for i in range(n):
        for j in range(n):
            ok = free[r, i, j]
            new = d_sanction[r, i, j] > sanction[r, i, j] + new_posture and ok
            sanction[r, i, j] = d_sanction[r, i, j] * (1.0 if ok else 0.0)
            if new:
                _hostile_act(r, t, i, j, L, hostile, last_hostile)
                log_caused(ev_int, ev_amt, ev_n, r, t, i, j, _SANCTION, d_sanction[r, i, j],
                           main_threat, known)


@numba.njit(cache=True, error_model="numpy")
def covert_run(r: int, t: int, key: np.uint64, forces: np.ndarray, last_hostile: np.ndarray,
               d_covert: np.ndarray, free: np.ndarray, classes: np.ndarray, par: np.ndarray,
               L: np.ndarray, hostile: np.ndarray, cyber: np.ndarray, main_threat: np.ndarray,
               known: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
               ev_n: np.ndarray) -> None:
    """:func:`herz.engine.acts.attack_covertly` without scripted classes: an attack destroys the
    share ``covert_effect * intensity * C_i / (C_i + 1)`` of the target's largest class
    (strategic ones counted double), is attributed with probability ``covert_detection`` (stream
    ``DETECTION``) and then is hostile; every attack is logged ``COVERT``. ``cyber[r]`` is
    scratch ``(N,)`` for the attackers' capacities."""
    effect, detection = par[9], par[10]
    n, n_classes = forces.shape[1], forces.shape[2]
    for i in range(n):
        c = 0.0
        for k in range(n_classes):
            c += forces[r, i, k] * classes[3, k]
        cyber[r, i] = c
    # The class is chosen on the forces before any attack (every attacker of a target picks the
    # same one); several attacks on one target compound, in the order of the attackers.
    for j in range(n):
        best = -1
        for i in range(n):
            if not (d_covert[r, i, j] > 0 and free[r, i, j]):
                continue
            if best < 0:
                best = 0
                top = forces[r, j, 0] * classes[2, 0]
                for k in range(1, n_classes):
                    v = forces[r, j, k] * classes[2, k]
                    if v > top:
                        best, top = k, v
            share = effect * d_covert[r, i, j] * cyber[r, i] / (cyber[r, i] + 1.0)
            forces[r, j, best] *= 1.0 - share
    salted = salt(t, _DETECTION)
    for i in range(n):
        for j in range(n):
            if not (d_covert[r, i, j] > 0 and free[r, i, j]):
                continue
            if uniform_at(key, salted, i * n + j) < detection:
                _hostile_act(r, t, i, j, L, hostile, last_hostile)
            log_caused(ev_int, ev_amt, ev_n, r, t, i, j, _COVERT, d_covert[r, i, j],
                       main_threat, known)


@numba.njit(cache=True, error_model="numpy")
def statements_run(r: int, t: int, statement: np.ndarray, bogus_pending: np.ndarray,
                   d_statement: np.ndarray, d_bogus: np.ndarray, ev_int: np.ndarray,
                   ev_amt: np.ndarray, ev_n: np.ndarray) -> None:
    """:func:`herz.engine.acts.make_statements`: ``statement[r, i, j]``: *j* explained itself to
    *i* this step; a bogus reason waits to be exposed. Logged ``STATEMENT`` without a cause,
    amount 1 if honest, 0 if bogus."""
    n = statement.shape[1]
    for i in range(n):
        for j in range(n):
            statement[r, i, j] = d_statement[r, j, i]
            if d_bogus[r, j, i]:
                bogus_pending[r, i, j] = True
    for i in range(n):
        for j in range(n):
            if d_statement[r, i, j]:
                log_event(ev_int, ev_amt, ev_n, r, t, i, j, _STATEMENT,
                          0.0 if d_bogus[r, i, j] else 1.0, -1, -1)


@numba.njit(cache=True, error_model="numpy")
def observe_arming_run(r: int, t: int, key: np.uint64, spent: np.ndarray,
                       credibility: np.ndarray, statement: np.ndarray, gdp: np.ndarray,
                       last_concession: np.ndarray, pa: np.ndarray, pp: np.ndarray,
                       sigma: np.ndarray, replacement: np.ndarray, actor: np.ndarray,
                       par: np.ndarray, L: np.ndarray, xi: np.ndarray, judged: np.ndarray,
                       wn: np.ndarray) -> None:
    """:func:`herz.engine.learning.observe_arming`: each observer judges the others' spending,
    seen with log-normal error (stream ``OBSERVE_2``), against a security-seeker's and a greedy
    state's (:func:`herz.engine.compiled.learning._judge_run`); re-arming within
    ``forecast_window`` steps of a concession reneges on it (Kydd 2005, ch. 7). ``xi``,
    ``judged`` ``(R, N, N)`` and ``wn`` ``(2 + WORK_ROWS, R, N)`` are scratch (``wn[2:]`` the
    judgement's, :data:`herz.engine.compiled.learning.WORK_ROWS`)."""
    surge, window, telling = par[6], par[15], par[16]
    n = spent.shape[1]
    threat = pp[3]
    normal_fill(xi[r], key, t, _OBSERVE_2)
    for i in range(n):
        total = 0.0
        for j in range(n):
            total += threat[r, i, j]
        wn[0, r, i] = total
        wn[1, r, i] = pa[3, r, i] - pa[2, r, i]
    _judge_run(r, spent, sigma, xi, credibility, statement, pp[0], threat, wn[0], wn[1],
               pa[2], replacement, gdp, actor, par, judged, wn[2:])
    # the telling evidence of reneging per observed actor (wn[0] is spent), then the rows
    for j in range(n):
        c = last_concession[r, j]
        reneged = (c >= 0 and t - c <= window and c < t
                   and spent[r, j] > surge * replacement[r, j])
        wn[0, r, j] = telling if reneged else 0.0
    for i in range(n):
        for j in range(n):
            L[r, i, j] += judged[r, i, j] + wn[0, r, j]


@numba.njit(cache=True, error_model="numpy")
def expose_bogus_run(r: int, t: int, key: np.uint64, credibility: np.ndarray,
                     bogus_pending: np.ndarray, actor: np.ndarray, par: np.ndarray,
                     L: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                     ev_n: np.ndarray) -> None:
    """:func:`herz.engine.learning.expose_bogus_reasons`: a pending bogus reason comes to light
    with probability ``bogus_exposure * (0.5 + 0.5 intel_i)`` (stream ``EXPOSURE``); the speaker
    loses the share ``credibility_loss`` of its credibility with *i*, the exposure is telling
    evidence, and it is logged ``BOGUS_EXPOSED`` without a cause."""
    rate, loss, telling = par[11], par[12], par[16]
    n = credibility.shape[1]
    salted = salt(t, _EXPOSURE)
    for i in range(n):
        p = rate * (0.5 + 0.5 * actor[6, i])
        for j in range(n):
            if bogus_pending[r, i, j] and uniform_at(key, salted, i * n + j) < p:
                credibility[r, i, j] = credibility[r, i, j] * (1 - loss)
                L[r, i, j] += telling
                bogus_pending[r, i, j] = False
                log_event(ev_int, ev_amt, ev_n, r, t, i, j, _BOGUS_EXPOSED, 1.0, -1, -1)


@numba.njit(cache=True, error_model="numpy")
def acts_run(r: int, t: int, keys: np.ndarray,
             forces: np.ndarray, belief: np.ndarray, credibility: np.ndarray,
             alert: np.ndarray, deploy: np.ndarray, bilateral: np.ndarray,
             sanction: np.ndarray, bogus_pending: np.ndarray, statement: np.ndarray,
             gdp: np.ndarray, last_hostile: np.ndarray, standing_deploy: np.ndarray,
             last_concession: np.ndarray,
             d_spend: np.ndarray, d_alert: np.ndarray, d_deploy: np.ndarray,
             d_sanction: np.ndarray, d_ally: np.ndarray, d_covert: np.ndarray,
             d_statement: np.ndarray, d_bogus: np.ndarray,
             pa: np.ndarray, pp: np.ndarray, ally: np.ndarray, free: np.ndarray,
             main_threat: np.ndarray, known: np.ndarray, sigma: np.ndarray,
             replacement: np.ndarray,
             par: np.ndarray, actor: np.ndarray, classes: np.ndarray, procurement: np.ndarray,
             L: np.ndarray, hostile: np.ndarray, spent: np.ndarray, deployed: np.ndarray,
             xi: np.ndarray, judged: np.ndarray, wn: np.ndarray,
             ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray,
             in_agreement: np.ndarray, cheating: np.ndarray, d_cheat: np.ndarray,
             d_abandon: np.ndarray, caps: np.ndarray, agreement: np.ndarray,
             agree_par: np.ndarray) -> None:
    """The acts and learning of step ``t`` for run ``r``, in the order of
    :func:`herz.engine.step.advance`: the step's evidence opened, arming, posture, alliances,
    sanctions, covert attacks, statements, agreements kept, arming judged, bogus reasons exposed
    (concessions, transfers and hotlines by decision are absent: only the timeline takes them,
    and its steps take the numpy path).

    Writes the state's arrays, the evidence ``L`` and ``hostile``, ``spent`` and ``deployed``
    at row ``r`` and appends the events; ``xi``, ``judged`` ``(R, N, N)`` and ``wn``
    ``(2 + WORK_ROWS, R, N)`` are scratch (:func:`observe_arming_run`). ``par``, ``actor``,
    ``classes``: :func:`acts_params`, :func:`acts_actor`, :func:`acts_classes`;
    ``procurement``: ``world.procurement``;
    ``caps``, ``agreement``, ``agree_par``:
    :func:`herz.engine.compiled.agreements.agreement_arrays`.
    """
    key = keys[r]
    evidence_start_run(r, belief, actor, par, L, hostile)
    arm_run(r, t, forces, last_hostile, d_spend, replacement, procurement, classes, par,
            spent, main_threat, known, ev_int, ev_amt, ev_n, in_agreement, cheating, d_cheat,
            caps, agreement)
    posture_run(r, t, alert, deploy, standing_deploy, last_hostile, d_alert, d_deploy, free,
                par, L, hostile, deployed, main_threat, known, ev_int, ev_amt, ev_n)
    alliances_run(r, t, bilateral, d_ally, ally, main_threat, known, ev_int, ev_amt, ev_n)
    sanctions_run(r, t, sanction, last_hostile, d_sanction, free, par, L, hostile,
                  main_threat, known, ev_int, ev_amt, ev_n)
    covert_run(r, t, key, forces, last_hostile, d_covert, free, classes, par, L, hostile,
               wn[0], main_threat, known, ev_int, ev_amt, ev_n)
    statements_run(r, t, statement, bogus_pending, d_statement, d_bogus, ev_int, ev_amt, ev_n)
    # xi is scratch here (observe_arming_run fills it afresh)
    keep_agreements_run(r, t, key, forces, in_agreement, cheating, d_abandon, caps, agreement,
                        agree_par, par[16], L, hostile, last_hostile, main_threat, known, xi,
                        ev_int, ev_amt, ev_n)
    observe_arming_run(r, t, key, spent, credibility, statement, gdp, last_concession, pa, pp,
                       sigma, replacement, actor, par, L, xi, judged, wn)
    expose_bogus_run(r, t, key, credibility, bogus_pending, actor, par, L, ev_int, ev_amt,
                     ev_n)
