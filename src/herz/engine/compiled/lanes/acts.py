"""The acts of one step (:mod:`herz.engine.compiled.acts`) over a block of runs.

The equations and sources are those of :mod:`herz.engine.acts`, in the order of
:func:`herz.engine.compiled.acts.acts_run` up to the statements: the hostile-act evidence of
:class:`herz.engine.context.Evidence` (Jervis 1976 ch. 3, the transparency illusion; Kydd 1997,
2005), arming (Glaser 1997; Richardson 1960) within the agreements' caps and cheating's start
(:mod:`herz.engine.compiled.agreements`), posture (herz's own specification, ODD 7.9), alliances
(Walt 1987), sanctions, covert attacks and statements. The agreements kept, the judgement of
arming and the exposure of bogus reasons that follow them in ``acts_run`` are not here.

Lane by lane the operations are the run-first kernel's, in its order, so every number is its
number bit for bit (the hostile-act ratio's ``log`` is :func:`herz.engine.compiled.libm.log` in
both). The common, arithmetic part of a phase is a loop over the lanes with selects; its rare
part (a hostile act, an event) is taken where any lane of the block needs it, lane by lane with
the run-first scalar logic. Each run's events are appended with its global number ``b * B + s``
in the run-first order: the loops over actors and pairs are outside, the lanes inside. The
covert attacks' attribution draws the number the run-first kernel draws (stream ``DETECTION``,
the run's key ``keys[b, s]``, flat position ``i * n + j``). Tested:
``tests/engine/test_lanes_acts.py``.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.actions import Action
from herz.engine.compiled import libm
from herz.engine.compiled.draws import salt
from herz.engine.compiled.eventbuf import log_caused_lane, log_event
from herz.engine.compiled.streams import _mix, _unit
from herz.engine.streams import Stream

__all__ = ["acts_block", "alliances_block", "arm_block", "capped_block", "cheat_starts_block",
           "covert_block", "evidence_start_block", "posture_block", "sanctions_block",
           "statements_block"]

_ARM = int(Action.ARM)
_DEPLOY = int(Action.DEPLOY)
_ALLY = int(Action.ALLY)
_SANCTION = int(Action.SANCTION)
_COVERT = int(Action.COVERT)
_STATEMENT = int(Action.STATEMENT)
_CHEAT = int(Action.CHEAT)
_DETECTION = int(Stream.DETECTION)


@numba.njit(cache=True, inline="always", error_model="numpy")
def evidence_start_block(b: int, belief: np.ndarray, actor: np.ndarray, par: np.ndarray,
                         L: np.ndarray, hostile: np.ndarray) -> None:
    """:func:`~herz.engine.compiled.acts.evidence_start_run` for the ``B`` runs of block ``b``:
    ``L = 0`` and the log-likelihood ratio ``hostile[b, i, j, s]`` of a hostile act by *j*
    against *i* (a security-seeker's out of the fear *i* imagines, ``empathy_i * b_ji``, Jervis
    1976 ch. 3; a greedy *j*'s out of fear or to press a demand; trembles bound it)."""
    eps, demand = par[13], par[14]
    n, lanes = belief.shape[1], belief.shape[3]
    keep = 1.0 - 2.0 * eps
    for i in range(n):
        e_i = actor[0, i]
        for j in range(n):
            for s in range(lanes):
                hostile[b, i, j, s] = e_i * belief[b, j, i, s]
        for j in range(n):
            for s in range(lanes):
                fear = hostile[b, i, j, s]
                either = fear + demand * (1.0 - fear)
                hostile[b, i, j, s] = libm.log((eps + keep * either) / (eps + keep * fear))
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                L[b, i, j, s] = 0.0


@numba.njit(cache=True, inline="always", error_model="numpy")
def _hostile_act_lane(b: int, s: int, t: int, i: int, j: int, L: np.ndarray,
                      hostile: np.ndarray, last_hostile: np.ndarray) -> None:
    """``_hostile_act`` of lane ``s``: evidence for *j* about *i*; *i* escalated this step."""
    L[b, j, i, s] += hostile[b, j, i, s]
    last_hostile[b, i, s] = t


@numba.njit(cache=True, inline="always", error_model="numpy")
def capped_block(b: int, t: int, i: int, k: int, new: np.ndarray, forces: np.ndarray,
                 in_agreement: np.ndarray, cheating: np.ndarray, d_cheat: np.ndarray,
                 caps: np.ndarray, agreement: np.ndarray) -> None:
    """:func:`herz.engine.compiled.agreements.capped` for the ``B`` runs of block ``b``: the
    new stock ``new[s]`` of class ``k`` of actor ``i`` (scratch ``(B,)``, in place) within the
    caps of every agreement in force whose complying member *i* is,
    ``min(F', max(min(F', cap), F))`` agreement by agreement, ``F`` ``forces[b, i, k, s]``
    (the stock before arming). ``in_agreement``, ``cheating`` ``(R / B, G, N, B)``,
    ``d_cheat`` ``(R / B, N, G, B)``."""
    lanes = new.shape[0]
    for g in range(in_agreement.shape[1]):
        if agreement[1, g] > t:
            continue
        cap = caps[g, k]
        for s in range(lanes):
            free_of_caps = d_cheat[b, i, g, s] | cheating[b, g, i, s]
            bound = in_agreement[b, g, i, s] & (not free_of_caps)
            x = new[s]
            x_capped = min(x, max(min(x, cap), forces[b, i, k, s]))
            new[s] = x_capped if bound else x


@numba.njit(cache=True, inline="always", error_model="numpy")
def cheat_starts_block(b: int, t: int, in_agreement: np.ndarray, cheating: np.ndarray,
                       d_cheat: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                       ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray) -> None:
    """:func:`herz.engine.compiled.agreements.cheat_starts_run` for the ``B`` runs of block
    ``b``: a member that decides to cheat is freed of the caps from now on; logged ``CHEAT``,
    amount the number of agreements it starts cheating, with its cause. Rare: lane by lane."""
    groups, n, lanes = in_agreement.shape[1], in_agreement.shape[2], in_agreement.shape[3]
    if groups == 0:
        return
    for i in range(n):
        for s in range(lanes):
            count = 0
            for g in range(groups):
                if d_cheat[b, i, g, s] and in_agreement[b, g, i, s] and not cheating[b, g, i, s]:
                    cheating[b, g, i, s] = True
                    count += 1
            if count:
                log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, -1, _CHEAT, float(count),
                                main_threat, known)


@numba.njit(cache=True, inline="always", error_model="numpy")
def arm_block(b: int, t: int, forces: np.ndarray, last_hostile: np.ndarray,
              d_spend: np.ndarray, replacement: np.ndarray, procurement: np.ndarray,
              classes: np.ndarray, par: np.ndarray, spent: np.ndarray, main_threat: np.ndarray,
              known: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray,
              in_agreement: np.ndarray, cheating: np.ndarray, d_cheat: np.ndarray,
              caps: np.ndarray, agreement: np.ndarray, acc: np.ndarray) -> None:
    """:func:`~herz.engine.compiled.acts.arm_run` for the ``B`` runs of block ``b`` (Glaser
    1997; Richardson 1960): buy forces with the decided spending by the procurement mix,
    depreciate the stock, within the caps (:func:`capped_block`); cheating's start
    (:func:`cheat_starts_block`); a surge above ``rule.surge`` times upkeep is logged ``ARM``,
    an escalation. Writes ``spent[b]``; ``acc`` ``(1, B)`` scratch (the new stocks)."""
    surge = par[6]
    n, n_classes, lanes = forces.shape[1], forces.shape[2], forces.shape[3]
    new = acc[0]
    for i in range(n):
        # spent[b, i] is the run-first kernel's running total (0.0 + the first term: the same)
        for s in range(lanes):
            spent[b, i, s] = 0.0
        for k in range(n_classes):
            depreciation, cost, share = classes[1, k], classes[0, k], procurement[i, k]
            for s in range(lanes):
                spend = max(d_spend[b, i, s], 0.0)
                kept = forces[b, i, k, s] * (1.0 - depreciation)
                new[s] = kept + spend * share / cost
            capped_block(b, t, i, k, new, forces, in_agreement, cheating, d_cheat, caps,
                         agreement)
            for s in range(lanes):
                kept = forces[b, i, k, s] * (1.0 - depreciation)
                # spent from the stock's change, as numpy takes it (not the purchase itself)
                spent[b, i, s] += (new[s] - kept) * cost
                forces[b, i, k, s] = new[s]
    cheat_starts_block(b, t, in_agreement, cheating, d_cheat, main_threat, known, ev_int,
                       ev_amt, ev_n)
    for i in range(n):
        anyone = False
        for s in range(lanes):
            anyone |= spent[b, i, s] > surge * replacement[b, i, s]
        if not anyone:
            continue
        for s in range(lanes):
            if spent[b, i, s] > surge * replacement[b, i, s]:
                log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, -1, _ARM, spent[b, i, s],
                                main_threat, known)
                last_hostile[b, i, s] = t


@numba.njit(cache=True, inline="always", error_model="numpy")
def posture_block(b: int, t: int, alert: np.ndarray, deploy: np.ndarray,
                  standing_deploy: np.ndarray, last_hostile: np.ndarray, d_alert: np.ndarray,
                  d_deploy: np.ndarray, free: np.ndarray, par: np.ndarray, L: np.ndarray,
                  hostile: np.ndarray, deployed: np.ndarray, main_threat: np.ndarray,
                  known: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                  ev_n: np.ndarray) -> None:
    """:func:`~herz.engine.compiled.acts.posture_run` for the ``B`` runs of block ``b``: alert
    decays to ``max(decided, decay * alert)``; a deployment against a non-ally raised by more
    than ``rule.new_posture`` is hostile and logged ``DEPLOY``; at step 0 only a standing
    (scripted) deployment can be new. Writes ``deployed[b]``."""
    decay, new_posture = par[7], par[8]
    n, lanes = alert.shape[1], alert.shape[2]
    start = t == 0
    for i in range(n):
        for s in range(lanes):
            alert[b, i, s] = max(d_alert[b, i, s], decay * alert[b, i, s])
    for i in range(n):
        for j in range(n):
            anyone = False
            for s in range(lanes):
                decided = d_deploy[b, i, j, s]
                fresh = start and not standing_deploy[b, i, j, s] > 0
                before = decided if fresh else deploy[b, i, j, s]
                new = (decided > before + new_posture) & free[b, i, j, s]
                deployed[b, i, j, s] = new
                deploy[b, i, j, s] = decided
                anyone |= new
            if not anyone:
                continue
            for s in range(lanes):
                if deployed[b, i, j, s]:
                    _hostile_act_lane(b, s, t, i, j, L, hostile, last_hostile)
                    log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, j, _DEPLOY,
                                    d_deploy[b, i, j, s], main_threat, known)


@numba.njit(cache=True, inline="always", error_model="numpy")
def alliances_block(b: int, t: int, bilateral: np.ndarray, d_ally: np.ndarray,
                    ally: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                    ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray) -> None:
    """:func:`~herz.engine.compiled.acts.alliances_run` for the ``B`` runs of block ``b``: an
    alliance offered by both sides forms (Walt 1987), logged ``ALLY`` once per pair
    (``i <= j``); no evidence about motives."""
    n, lanes = bilateral.shape[1], bilateral.shape[3]
    for i in range(n):
        for j in range(n):
            anyone = False
            for s in range(lanes):
                formed = d_ally[b, i, j, s] & d_ally[b, j, i, s] & (not ally[b, i, j, s])
                bilateral[b, i, j, s] = True if formed else bilateral[b, i, j, s]
                anyone |= formed
            if not (anyone and j >= i):
                continue
            for s in range(lanes):
                if d_ally[b, i, j, s] and d_ally[b, j, i, s] and not ally[b, i, j, s]:
                    log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, j, _ALLY, 1.0,
                                    main_threat, known)


@numba.njit(cache=True, inline="always", error_model="numpy")
def sanctions_block(b: int, t: int, sanction: np.ndarray, last_hostile: np.ndarray,
                    d_sanction: np.ndarray, free: np.ndarray, par: np.ndarray, L: np.ndarray,
                    hostile: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                    ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray) -> None:
    """:func:`~herz.engine.compiled.acts.sanctions_run` for the ``B`` runs of block ``b``:
    sanctions on non-allies only; one raised by more than ``rule.new_posture`` is hostile and
    logged ``SANCTION``."""
    new_posture = par[8]
    n, lanes = sanction.shape[1], sanction.shape[3]
    for i in range(n):
        for j in range(n):
            # the hostile acts first, on the sanction before this step's (the run-first kernel
            # writes it first, but neither the act nor its event reads it)
            anyone = False
            for s in range(lanes):
                anyone |= ((d_sanction[b, i, j, s] > sanction[b, i, j, s] + new_posture)
                           & free[b, i, j, s])
            if anyone:
                for s in range(lanes):
                    if (d_sanction[b, i, j, s] > sanction[b, i, j, s] + new_posture
                            and free[b, i, j, s]):
                        _hostile_act_lane(b, s, t, i, j, L, hostile, last_hostile)
                        log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, j, _SANCTION,
                                        d_sanction[b, i, j, s], main_threat, known)
            for s in range(lanes):
                ok = free[b, i, j, s]
                sanction[b, i, j, s] = d_sanction[b, i, j, s] * (1.0 if ok else 0.0)


@numba.njit(cache=True, inline="always", error_model="numpy")
def covert_block(b: int, t: int, keys: np.ndarray, forces: np.ndarray,
                 last_hostile: np.ndarray, d_covert: np.ndarray, free: np.ndarray,
                 classes: np.ndarray, par: np.ndarray, L: np.ndarray, hostile: np.ndarray,
                 cyber: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                 ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray, acc: np.ndarray,
                 idx: np.ndarray) -> None:
    """:func:`~herz.engine.compiled.acts.covert_run` for the ``B`` runs of block ``b``: an
    attack destroys the share ``covert_effect * intensity * C_i / (C_i + 1)`` of the target's
    largest class (strategic ones counted double), is attributed with probability
    ``covert_detection`` (stream ``DETECTION``, the draw of the run's key at ``i * n + j``)
    and then is hostile; every attack is logged ``COVERT``. ``cyber[b]`` ``(R / B, N, B)`` is
    scratch for the attackers' capacities (row 0 of ``wn``); ``acc`` ``(1, B)`` float64 and
    ``idx`` ``(1, B)`` int64 scratch (the target's largest class and its weight)."""
    effect, detection = par[9], par[10]
    n, n_classes, lanes = forces.shape[1], forces.shape[2], forces.shape[3]
    for i in range(n):
        for s in range(lanes):
            cyber[b, i, s] = 0.0
        for k in range(n_classes):
            w = classes[3, k]
            for s in range(lanes):
                cyber[b, i, s] += forces[b, i, k, s] * w
    top, best = acc[0], idx[0]
    for j in range(n):
        anyone = False
        for i in range(n):
            for s in range(lanes):
                anyone |= (d_covert[b, i, j, s] > 0) & free[b, i, j, s]
        if not anyone:
            continue
        # The class is chosen on j's forces before any attack on j (the run-first kernel picks
        # it at j's first attacker; the attacks on other targets leave j's forces as they are).
        for s in range(lanes):
            best[s] = 0
            top[s] = forces[b, j, 0, s] * classes[2, 0]
        for k in range(1, n_classes):
            w = classes[2, k]
            for s in range(lanes):
                v = forces[b, j, k, s] * w
                take = v > top[s]
                best[s] = k if take else best[s]
                top[s] = v if take else top[s]
        # several attacks on one target compound, in the order of the attackers
        for i in range(n):
            for s in range(lanes):
                if d_covert[b, i, j, s] > 0 and free[b, i, j, s]:
                    share = effect * d_covert[b, i, j, s] * cyber[b, i, s] / (cyber[b, i, s]
                                                                            + 1.0)
                    forces[b, j, best[s], s] *= 1.0 - share
    salted = salt(t, _DETECTION)
    for i in range(n):
        for j in range(n):
            anyone = False
            for s in range(lanes):
                anyone |= (d_covert[b, i, j, s] > 0) & free[b, i, j, s]
            if not anyone:
                continue
            c = _mix(np.uint64(i * n + j) ^ salted)
            for s in range(lanes):
                if not (d_covert[b, i, j, s] > 0 and free[b, i, j, s]):
                    continue
                if _unit(_mix(keys[b, s] ^ c)) < detection:
                    _hostile_act_lane(b, s, t, i, j, L, hostile, last_hostile)
                log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, j, _COVERT,
                                d_covert[b, i, j, s], main_threat, known)


@numba.njit(cache=True, inline="always", error_model="numpy")
def statements_block(b: int, t: int, statement: np.ndarray, bogus_pending: np.ndarray,
                     d_statement: np.ndarray, d_bogus: np.ndarray, ev_int: np.ndarray,
                     ev_amt: np.ndarray, ev_n: np.ndarray) -> None:
    """:func:`~herz.engine.compiled.acts.statements_run` for the ``B`` runs of block ``b``:
    ``statement[b, i, j, s]``: *j* explained itself to *i* this step; a bogus reason waits to
    be exposed. Logged ``STATEMENT`` without a cause, amount 1 if honest, 0 if bogus."""
    n, lanes = statement.shape[1], statement.shape[3]
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                statement[b, i, j, s] = d_statement[b, j, i, s]
                bogus_pending[b, i, j, s] = bogus_pending[b, i, j, s] | d_bogus[b, j, i, s]
    for i in range(n):
        for j in range(n):
            anyone = False
            for s in range(lanes):
                anyone |= d_statement[b, i, j, s]
            if not anyone:
                continue
            for s in range(lanes):
                if d_statement[b, i, j, s]:
                    log_event(ev_int, ev_amt, ev_n, b * lanes + s, t, i, j, _STATEMENT,
                              0.0 if d_bogus[b, i, j, s] else 1.0, -1, -1)


@numba.njit(cache=True, error_model="numpy")
def acts_block(b: int, t: int, keys: np.ndarray, forces: np.ndarray, belief: np.ndarray,
               alert: np.ndarray, deploy: np.ndarray, bilateral: np.ndarray,
               sanction: np.ndarray, bogus_pending: np.ndarray, statement: np.ndarray,
               last_hostile: np.ndarray, standing_deploy: np.ndarray, d_spend: np.ndarray,
               d_alert: np.ndarray, d_deploy: np.ndarray, d_sanction: np.ndarray,
               d_ally: np.ndarray, d_covert: np.ndarray, d_statement: np.ndarray,
               d_bogus: np.ndarray, ally: np.ndarray, free: np.ndarray,
               main_threat: np.ndarray, known: np.ndarray, replacement: np.ndarray,
               par: np.ndarray, actor: np.ndarray, classes: np.ndarray,
               procurement: np.ndarray, L: np.ndarray, hostile: np.ndarray, spent: np.ndarray,
               deployed: np.ndarray, wn: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
               ev_n: np.ndarray, in_agreement: np.ndarray, cheating: np.ndarray,
               d_cheat: np.ndarray, caps: np.ndarray, agreement: np.ndarray,
               acc: np.ndarray, idx: np.ndarray) -> None:
    """The acts of step ``t`` for the ``B`` runs of block ``b``, in the order of
    :func:`~herz.engine.compiled.acts.acts_run`: the step's evidence opened, arming, posture,
    alliances, sanctions, covert attacks, statements (the agreements kept, the judgement of
    arming and the bogus reasons exposed are not here).

    Arrays ``(R / B, ..., B)`` (``keys`` ``(R / B, B)``, ``wn`` ``(2 + WORK_ROWS, R / B, N,
    B)``, of which row 0 is the covert attacks' scratch); the event buffers by run; ``par``,
    ``actor``, ``classes``, ``procurement``, ``caps``, ``agreement`` as ``acts_run`` takes
    them; ``acc`` ``(1, B)`` float64 and ``idx`` ``(1, B)`` int64 scratch. Not inlined: more
    than 30 arguments are compiled as ``f(*args)``."""
    evidence_start_block(b, belief, actor, par, L, hostile)
    arm_block(b, t, forces, last_hostile, d_spend, replacement, procurement, classes, par,
              spent, main_threat, known, ev_int, ev_amt, ev_n, in_agreement, cheating, d_cheat,
              caps, agreement, acc)
    posture_block(b, t, alert, deploy, standing_deploy, last_hostile, d_alert, d_deploy, free,
                  par, L, hostile, deployed, main_threat, known, ev_int, ev_amt, ev_n)
    alliances_block(b, t, bilateral, d_ally, ally, main_threat, known, ev_int, ev_amt, ev_n)
    sanctions_block(b, t, sanction, last_hostile, d_sanction, free, par, L, hostile,
                    main_threat, known, ev_int, ev_amt, ev_n)
    covert_block(b, t, keys, forces, last_hostile, d_covert, free, classes, par, L, hostile,
                 wn[0], main_threat, known, ev_int, ev_amt, ev_n, acc, idx)
    statements_block(b, t, statement, bogus_pending, d_statement, d_bogus, ev_int, ev_amt,
                     ev_n)
