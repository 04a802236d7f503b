"""Arms-control agreements and the standing scripted postures
(:mod:`herz.engine.compiled.agreements`, :func:`herz.engine.compiled.decide.standing_postures_run`)
over a block of runs.

The equations and sources are those of the run-first kernels: a greedy member cheats once a
capped class binds and a member abandons an agreement when its belief about a partner passes
``abandon_belief`` (:func:`herz.engine.policy.default_decisions`); leaving is hostile towards
the remaining partners, each partner of a cheater detects it with probability ``monitoring``
(stream ``AGREEMENT + g``) and leaves, and detecting nothing while the cheater's caps bind is
evidence of compliance (:func:`herz.engine.acts.keep_agreements`; Kydd 2005 ch. 1 on trust
lost; Slovic 1993); scripted deployments and sanctions stand under the rule's
(:func:`herz.engine.policy.decide`).

No arithmetic but sums of evidence, so every number and event is the run-first kernels' bit
for bit (tested: ``tests/engine/test_lanes_agreements.py``). The decisions and the watch are
selects over the lanes; leaving and its events, rare, are taken where some lane's run needs
them, the lane loop innermost, so that each run's operations and events come in their
run-first order (agreements, then actors, then partners).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled.agreements import _ABANDON, _AGREEMENT, _DETECTED
from herz.engine.compiled.draws import salt
from herz.engine.compiled.eventbuf import log_caused_lane, log_event
from herz.engine.compiled.streams import _mix, _unit

__all__ = ["decide_agreements_block", "keep_agreements_block", "standing_postures_block"]


@numba.njit(cache=True, inline="always", error_model="numpy")
def decide_agreements_block(b: int, forces: np.ndarray, greedy: np.ndarray,
                            belief: np.ndarray, in_agreement: np.ndarray, caps: np.ndarray,
                            agree_par: np.ndarray, actor_par: np.ndarray, d_cheat: np.ndarray,
                            d_abandon: np.ndarray) -> None:
    """``decide_agreements_run`` for the ``B`` runs of block ``b``: ``in_agreement``
    ``(blocks, G, N, B)``, ``d_cheat`` and ``d_abandon`` ``(blocks, N, G, B)``, ``caps``,
    ``agree_par`` and ``actor_par`` (``decide_actor``) as the run-first kernel takes them. A
    greedy member cheats once a capped class binds; a member abandons an agreement when it
    believes a partner greedy beyond ``abandon_belief``; a passive actor does neither."""
    binding, distrust = agree_par[0], agree_par[1]
    n, n_classes, lanes = forces.shape[1], forces.shape[2], forces.shape[3]
    for i in range(n):
        active = actor_par[6, i] == 0.0
        for g in range(in_agreement.shape[1]):
            # whether a capped class of i's binds (held in d_cheat until the rest is known):
            # the cap's finiteness is the world's, the same in every lane
            for s in range(lanes):
                d_cheat[b, i, g, s] = False
            for k in range(n_classes):
                cap = caps[g, k]
                if not math.isfinite(cap):
                    continue
                for s in range(lanes):
                    d_cheat[b, i, g, s] = d_cheat[b, i, g, s] | (forces[b, i, k, s]
                                                                 >= binding * cap)
            for s in range(lanes):
                member = active & in_agreement[b, g, i, s]
                d_cheat[b, i, g, s] = member & greedy[b, i, s] & d_cheat[b, i, g, s]
            # a partner (any member, i included, as run-first) believed greedy beyond distrust
            for s in range(lanes):
                d_abandon[b, i, g, s] = False
            for j in range(n):
                for s in range(lanes):
                    distrusted = (belief[b, i, j, s] > distrust) & in_agreement[b, g, j, s]
                    d_abandon[b, i, g, s] = d_abandon[b, i, g, s] | distrusted
            for s in range(lanes):
                member = active & in_agreement[b, g, i, s]
                d_abandon[b, i, g, s] = d_abandon[b, i, g, s] & member


@numba.njit(cache=True, inline="always", error_model="numpy")
def standing_postures_block(b: int, standing_deploy: np.ndarray, standing_sanction: np.ndarray,
                            d_deploy: np.ndarray, d_sanction: np.ndarray) -> None:
    """``standing_postures_run`` for the ``B`` runs of block ``b``: the decided deployment and
    sanction raised to the standing scripted ones (``max(decided, standing)``; a NaN standing
    posture leaves the decided one, as run-first)."""
    n, lanes = d_deploy.shape[1], d_deploy.shape[3]
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                standing, decided = standing_deploy[b, i, j, s], d_deploy[b, i, j, s]
                d_deploy[b, i, j, s] = standing if standing > decided else decided
            for s in range(lanes):
                standing, decided = standing_sanction[b, i, j, s], d_sanction[b, i, j, s]
                d_sanction[b, i, j, s] = standing if standing > decided else decided


@numba.njit(cache=True, inline="always", error_model="numpy")
def keep_agreements_block(b: int, t: int, keys: np.ndarray, forces: np.ndarray,
                          in_agreement: np.ndarray, cheating: np.ndarray,
                          d_abandon: np.ndarray, caps: np.ndarray, agreement: np.ndarray,
                          agree_par: np.ndarray, telling: float, L: np.ndarray,
                          hostile: np.ndarray, last_hostile: np.ndarray,
                          main_threat: np.ndarray, known: np.ndarray, caught: np.ndarray,
                          acc: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                          ev_n: np.ndarray) -> None:
    """``keep_agreements_run`` for the ``B`` runs of block ``b``: arrays ``(blocks, ..., B)``
    (``in_agreement``, ``cheating`` ``(blocks, G, N, B)``, ``d_abandon`` ``(blocks, N, G,
    B)``), ``caught`` ``(blocks, N, N, B)`` and ``acc`` ``(1, B)`` scratch (whether the
    observed cheater's caps bind). Leaving is hostile towards every remaining partner
    (``ABANDON``, target the agreement); in each agreement in force every partner *i* of a
    cheater *j* detects it with probability ``monitoring`` (stream ``AGREEMENT + g`` at
    ``i * n + j``, lane ``s`` its run's key): telling evidence, ``DETECTED_CHEATING``, and *i*
    leaves; detecting nothing while *j*'s caps bind is evidence of compliance. Events of run
    ``b * B + s``, each run's in its run-first order."""
    n, groups, lanes = in_agreement.shape[2], in_agreement.shape[1], in_agreement.shape[3]
    # leaving is hostile towards the remaining partners (every group's, before anyone leaves)
    for g in range(groups):
        for i in range(n):
            anyone = False
            for s in range(lanes):
                anyone |= d_abandon[b, i, g, s] & in_agreement[b, g, i, s]
            if not anyone:
                continue
            for j in range(n):
                for s in range(lanes):
                    leaves = (d_abandon[b, i, g, s] & in_agreement[b, g, i, s]
                              & in_agreement[b, g, j, s] & (j != i))
                    evidence = L[b, j, i, s]
                    L[b, j, i, s] = evidence + hostile[b, j, i, s] if leaves else evidence
                    last_hostile[b, i, s] = t if leaves else last_hostile[b, i, s]
    for i in range(n):
        for g in range(groups):
            for s in range(lanes):
                if d_abandon[b, i, g, s] and in_agreement[b, g, i, s]:
                    in_agreement[b, g, i, s] = False
                    log_caused_lane(ev_int, ev_amt, ev_n, b, s, t, i, g, _ABANDON, 1.0,
                                    main_threat, known)
    binding = agree_par[0]
    for g in range(groups):
        if agreement[1, g] > t:
            continue
        mon, verified = agreement[0, g], agreement[2, g]
        salted = salt(t, _AGREEMENT + g)
        for j in range(n):
            # j's capped classes at cap_binding of their caps or more (1.0 in acc[0])
            for s in range(lanes):
                acc[0, s] = 0.0
            for k in range(forces.shape[2]):
                cap = caps[g, k]
                if not math.isfinite(cap):
                    continue
                for s in range(lanes):
                    acc[0, s] = 1.0 if forces[b, j, k, s] >= binding * cap else acc[0, s]
            for i in range(n):
                c = _mix(np.uint64(i * n + j) ^ salted)
                for s in range(lanes):
                    both = in_agreement[b, g, i, s] & in_agreement[b, g, j, s] & (i != j)
                    hit = both & cheating[b, g, j, s] & (_unit(_mix(keys[b, s] ^ c)) < mon)
                    caught[b, i, j, s] = 1.0 if hit else 0.0
                    evidence = L[b, i, j, s]
                    verify = evidence + verified if both & (acc[0, s] > 0.0) else evidence
                    L[b, i, j, s] = evidence + telling if hit else verify
        for j in range(n):
            for i in range(n):
                for s in range(lanes):
                    if caught[b, i, j, s] > 0.0:
                        log_event(ev_int, ev_amt, ev_n, b * lanes + s, t, j, i, _DETECTED, 1.0,
                                  -1, -1)
        # the detecting party leaves: the agreement no longer binds it
        for i in range(n):
            for j in range(n):
                for s in range(lanes):
                    in_agreement[b, g, i, s] = (in_agreement[b, g, i, s]
                                                & (not caught[b, i, j, s] > 0.0))
