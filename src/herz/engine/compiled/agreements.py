"""Arms-control agreements in the fused step, for one run: monitoring, the rule's cheating and
abandoning, caps, cheating's start and the partners' watch (:mod:`herz.engine.acts.agreements`).

The equations and sources are those of the numpy phases: agreement monitoring reduces the
noise of the members' estimates of each other (:func:`herz.engine.context.observation_sigma`);
a greedy member cheats once a capped class binds and a member abandons an agreement when its
belief about a partner passes ``abandon_belief`` (:func:`herz.engine.policy.default_decisions`);
caps bind complying members (:func:`herz.engine.acts.arm`); leaving is hostile towards the
remaining partners, each partner of a cheater detects it with probability ``monitoring``
(stream ``AGREEMENT + g``) and leaves, and detecting nothing while the cheater's caps bind is
evidence of compliance (:func:`herz.engine.acts.keep_agreements`; Kydd 2005 ch. 1 on trust
lost; Slovic 1993). Events are logged in the numpy order, so the sorted logs are equal:
``tests/engine/test_fused_cases.py``.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.actions import Action
from herz.engine.compiled.draws import salt, uniform_at
from herz.engine.compiled.eventbuf import log_caused, log_event
from herz.engine.streams import Stream
from herz.engine.world import World

__all__ = ["agreement_arrays", "capped", "cheat_starts_run", "decide_agreements_run",
           "keep_agreements_run", "monitoring_at"]

_AGREEMENT = int(Stream.AGREEMENT)
_CHEAT = int(Action.CHEAT)
_ABANDON = int(Action.ABANDON)
_DETECTED = int(Action.DETECTED_CHEATING)


def agreement_arrays(world: World) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What the kernel reads of the agreements, once per simulation: ``(caps, agreement,
    agree_par)``. ``caps`` ``(G, K)`` (inf: no cap); ``agreement`` ``(3, G)``: ``[0]``
    monitoring, ``[1]`` the step it enters into force, ``[2]`` the log-likelihood ratio of
    verified compliance ``log((1 - mon (1 - eps)) / (1 - mon eps))`` (computed as numpy
    does); ``agree_par``: ``[0]`` ``rule.cap_binding``, ``[1]`` ``rule.abandon_belief``."""
    spec = world.spec
    eps = spec.act_noise
    g = world.agreement_members.shape[0]
    rows = np.zeros((3, g))
    for a in range(g):
        mon = world.monitoring[a]
        rows[0, a] = mon
        rows[1, a] = float(world.agreement_start[a])
        rows[2, a] = float(np.log((1 - mon * (1 - eps)) / (1 - mon * eps)))
    caps = np.ascontiguousarray(np.asarray(world.caps, dtype=float).reshape(g, world.k))
    return caps, rows, np.array([spec.rule.cap_binding, spec.rule.abandon_belief])


@numba.njit(cache=True, inline="always", error_model="numpy")
def monitoring_at(r: int, t: int, i: int, j: int, in_agreement: np.ndarray,
                  agreement: np.ndarray) -> float:
    """:meth:`herz.engine.state.State.monitoring` ``[r, i, j]``: the best detection probability
    of an agreement in force that both are party to (0 if none)."""
    out = 0.0
    for g in range(in_agreement.shape[1]):
        if agreement[1, g] <= t and in_agreement[r, g, i] and in_agreement[r, g, j]:
            out = max(out, agreement[0, g])
    return out


@numba.njit(cache=True, inline="always", error_model="numpy")
def _binds(r: int, j: int, g: int, forces: np.ndarray, caps: np.ndarray,
           binding: float) -> bool:
    # a capped class of j's at ``binding`` (cap_binding) of its cap or more
    for k in range(forces.shape[2]):
        if math.isfinite(caps[g, k]) and forces[r, j, k] >= binding * caps[g, k]:
            return True
    return False


@numba.njit(cache=True, error_model="numpy")
def decide_agreements_run(r: int, forces: np.ndarray, greedy: np.ndarray, belief: np.ndarray,
                          in_agreement: np.ndarray, caps: np.ndarray, agree_par: np.ndarray,
                          actor_par: np.ndarray, d_cheat: np.ndarray,
                          d_abandon: np.ndarray) -> None:
    """The rule's agreements (:func:`herz.engine.policy.default_decisions`): a greedy member
    cheats once a capped class binds; a member abandons an agreement when it believes a
    partner greedy beyond ``abandon_belief``. A passive actor (``actor_par[6]``) does neither.
    Writes ``d_cheat[r]``, ``d_abandon[r]`` ``(N, G)``."""
    binding, distrust = agree_par[0], agree_par[1]
    n = forces.shape[1]
    for i in range(n):
        active = actor_par[6, i] == 0.0
        for g in range(in_agreement.shape[1]):
            member = active and in_agreement[r, g, i]
            d_cheat[r, i, g] = member and greedy[r, i] and _binds(r, i, g, forces, caps,
                                                                  binding)
            leaves = False
            if member:
                for j in range(n):
                    if belief[r, i, j] > distrust and in_agreement[r, g, j]:
                        leaves = True
            d_abandon[r, i, g] = leaves


@numba.njit(cache=True, inline="always", error_model="numpy")
def capped(r: int, t: int, i: int, k: int, new: float, old: float, in_agreement: np.ndarray,
           cheating: np.ndarray, d_cheat: np.ndarray, caps: np.ndarray,
           agreement: np.ndarray) -> float:
    """Class ``k`` of actor ``i`` after the caps of :func:`herz.engine.acts.arm`: a complying
    member of an agreement in force cannot raise a capped stock above the cap,
    ``min(F', max(min(F', cap), F))``, agreement by agreement."""
    for g in range(in_agreement.shape[1]):
        if agreement[1, g] > t:
            continue
        if in_agreement[r, g, i] and not (d_cheat[r, i, g] or cheating[r, g, i]):
            new = min(new, max(min(new, caps[g, k]), old))
    return new


@numba.njit(cache=True, error_model="numpy")
def cheat_starts_run(r: int, t: int, in_agreement: np.ndarray, cheating: np.ndarray,
                     d_cheat: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                     ev_int: np.ndarray, ev_amt: np.ndarray, ev_n: np.ndarray) -> None:
    """Cheating starts (:func:`herz.engine.acts.arm`): a member that decides to cheat is freed
    of the caps from now on; logged ``CHEAT``, amount the number of agreements it starts
    cheating, with its cause."""
    for i in range(in_agreement.shape[2]):
        count = 0
        for g in range(in_agreement.shape[1]):
            if d_cheat[r, i, g] and in_agreement[r, g, i] and not cheating[r, g, i]:
                cheating[r, g, i] = True
                count += 1
        if count:
            log_caused(ev_int, ev_amt, ev_n, r, t, i, -1, _CHEAT, float(count), main_threat,
                       known)


@numba.njit(cache=True, error_model="numpy")
def keep_agreements_run(r: int, t: int, key: np.uint64, forces: np.ndarray,
                        in_agreement: np.ndarray, cheating: np.ndarray, d_abandon: np.ndarray,
                        caps: np.ndarray, agreement: np.ndarray, agree_par: np.ndarray,
                        telling: float, L: np.ndarray, hostile: np.ndarray,
                        last_hostile: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                        caught: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                        ev_n: np.ndarray) -> None:
    """:func:`herz.engine.acts.keep_agreements` for run ``r`` (no joining: only the timeline
    joins, and its steps take the numpy path). Leaving is hostile towards every remaining
    partner (``ABANDON``, target the agreement); in each agreement in force every partner *i*
    of a cheater *j* detects it with probability ``monitoring`` (stream ``AGREEMENT + g``):
    telling evidence, ``DETECTED_CHEATING`` (actor the cheater), and *i* leaves; detecting
    nothing while *j*'s caps bind is evidence of compliance. ``caught[r]`` ``(N, N)`` is
    scratch."""
    n, groups = in_agreement.shape[2], in_agreement.shape[1]
    for g in range(groups):
        for i in range(n):
            if d_abandon[r, i, g] and in_agreement[r, g, i]:
                for j in range(n):
                    if in_agreement[r, g, j] and j != i:
                        L[r, j, i] += hostile[r, j, i]
                        last_hostile[r, i] = t
    for i in range(n):
        for g in range(groups):
            if d_abandon[r, i, g] and in_agreement[r, g, i]:
                in_agreement[r, g, i] = False
                log_caused(ev_int, ev_amt, ev_n, r, t, i, g, _ABANDON, 1.0, main_threat, known)
    binding = agree_par[0]
    for g in range(groups):
        if agreement[1, g] > t:
            continue
        mon, verified = agreement[0, g], agreement[2, g]
        salted = salt(t, _AGREEMENT + g)
        for j in range(n):
            binds = _binds(r, j, g, forces, caps, binding)
            for i in range(n):
                both = in_agreement[r, g, i] and in_agreement[r, g, j] and i != j
                hit = (both and cheating[r, g, j]
                       and uniform_at(key, salted, i * n + j) < mon)
                caught[r, i, j] = 1.0 if hit else 0.0
                if hit:
                    L[r, i, j] += telling
                elif both and binds:
                    L[r, i, j] += verified
        for j in range(n):
            for i in range(n):
                if caught[r, i, j] > 0.0:
                    log_event(ev_int, ev_amt, ev_n, r, t, j, i, _DETECTED, 1.0, -1, -1)
        # the detecting party leaves: the agreement no longer binds it
        for i in range(n):
            for j in range(n):
                if caught[r, i, j] > 0.0:
                    in_agreement[r, g, i] = False
