"""The opening of a step (:mod:`herz.engine.compiled.context`) over a block of runs.

For the ``B`` runs of a block, on the state at the start of step ``t``: the alliances (named
blocs or bilateral), the log-sd of every estimate (intelligence and agreement monitoring),
every actor's perception with its observation noise (stream ``OBSERVE``: Jervis 1976, 1978;
Glaser 1997), the war arithmetic of every pair with its estimate noise (stream ``ESTIMATE``:
Fearon 1995; Powell 2006; Schelling 1960), each actor's main threat, the upkeep of its forces
and the escalations it knows of, in the order of operations of
:func:`herz.engine.compiled.context.context_run`, lane by lane.

Perception and the war arithmetic are the lanes kernels
:func:`herz.engine.compiled.lanes.perception._perceive_block` and
:func:`herz.engine.compiled.lanes.war_choice._assess_block` (lazy form); their ``exp`` and
``log`` are :mod:`herz.engine.compiled.libm`'s where the run-first loops call the C library's
(the second strike, the power forecast and the preventive margin it moves: the last bit or
two). The noise is drawn as :func:`herz.engine.compiled.draws.normal_fill` draws it, the same
libm functions on the same counters, so it is the run-first noise bit for bit; so is every
other array (tested: ``tests/engine/test_lanes_context.py``).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled import libm
from herz.engine.compiled.draws import NORMAL_OFFSET, salt
from herz.engine.compiled.lanes.perception import _perceive_block
from herz.engine.compiled.lanes.war_choice import _assess_block
from herz.engine.compiled.streams import _mix, _unit
from herz.engine.streams import Stream

__all__ = ["context_block"]

_OBSERVE = int(Stream.OBSERVE)
_ESTIMATE = int(Stream.ESTIMATE)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _ally_block(b: int, bilateral: np.ndarray, blocs: np.ndarray, ally: np.ndarray) -> None:
    """:func:`herz.engine.compiled.context.ally_run` for block ``b``: a bilateral alliance or
    a shared named one, never oneself. A bloc's members are set allied where both are members
    (an or over the lanes: the run-first kernel's conditional ``True``)."""
    n, lanes = bilateral.shape[1], bilateral.shape[3]
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                ally[b, i, j, s] = bilateral[b, i, j, s]
    for c in range(blocs.shape[1]):
        for i in range(n):
            for j in range(n):
                for s in range(lanes):
                    ally[b, i, j, s] |= blocs[b, c, i, s] & blocs[b, c, j, s]
    for i in range(n):
        for s in range(lanes):
            ally[b, i, i, s] = False


@numba.njit(cache=True, inline="always", error_model="numpy")
def _monitoring_block(b: int, t: int, i: int, j: int, in_agreement: np.ndarray,
                      agreement: np.ndarray, out: np.ndarray) -> None:
    """:func:`herz.engine.compiled.agreements.monitoring_at` for pair ``(i, j)`` of every run
    of block ``b``, into ``out[b, i, j]``: the best detection probability of an agreement in
    force (``agreement[1, g] <= t``, the same in every run: a branch) that both are party to
    (``in_agreement`` ``(blocks, G, N, B)``), 0 if none."""
    lanes = in_agreement.shape[3]
    for s in range(lanes):
        out[b, i, j, s] = 0.0
    for g in range(in_agreement.shape[1]):
        if agreement[1, g] <= t:
            detect = agreement[0, g]
            for s in range(lanes):
                both = in_agreement[b, g, i, s] & in_agreement[b, g, j, s]
                m = out[b, i, j, s]
                out[b, i, j, s] = max(m, detect) if both else m


@numba.njit(cache=True, inline="always", error_model="numpy")
def _normal_block(b: int, t: int, stream: int, keys: np.ndarray, out: np.ndarray) -> None:
    """``normal_fill(out[r], keys[r], t, stream)`` for every run ``r`` of block ``b``:
    ``out`` ``(blocks, N, N, B)``, the draw at ``[b, i, j, s]`` the one at flat index
    ``i * N + j`` of run ``b * B + s``. :func:`herz.engine.compiled.draws.normal_with`'s
    operations, with the counter's part that does not depend on the run
    (``_mix(flat ^ salt)``) computed once a pair for every lane."""
    n, lanes = out.shape[1], out.shape[3]
    salt1, salt2 = salt(t, stream), salt(t, stream + NORMAL_OFFSET)
    for i in range(n):
        for j in range(n):
            flat = np.uint64(i * n + j)
            c1, c2 = _mix(flat ^ salt1), _mix(flat ^ salt2)
            for s in range(lanes):
                u1 = _unit(_mix(keys[b, s] ^ c1))
                u2 = _unit(_mix(keys[b, s] ^ c2))
                out[b, i, j, s] = math.sqrt(-2.0 * libm.log(u1)) * libm.cos_turns(u2)


@numba.njit(cache=True, error_model="numpy")
def context_block(
    b: int, t: int, keys: np.ndarray, forces: np.ndarray, gdp: np.ndarray,
    greedy: np.ndarray, belief: np.ndarray, alert: np.ndarray, deploy: np.ndarray,
    bilateral: np.ndarray, blocs: np.ndarray, last_hostile: np.ndarray,
    now: np.ndarray, past: np.ndarray, classes: np.ndarray, perceive_par: np.ndarray,
    assess_par: np.ndarray, actor: np.ndarray, unit: np.ndarray,
    ally: np.ndarray, free: np.ndarray, allies: np.ndarray, sigma: np.ndarray,
    noise: np.ndarray, pa: np.ndarray, pp: np.ndarray, wa: np.ndarray, q: np.ndarray,
    work: np.ndarray, main_threat: np.ndarray, known: np.ndarray, replacement: np.ndarray,
    in_agreement: np.ndarray, agreement: np.ndarray, scratch: tuple[np.ndarray, np.ndarray],
) -> None:
    """``context_run`` for the ``B`` runs of block ``b``: arrays ``(blocks, ..., B)`` (``keys``
    ``(blocks, B)``, ``pa`` ``(8, blocks, N, B)``, ``pp`` ``(9, blocks, N, N, B)``, ``wa``
    ``(12, ...)`` and ``work`` ``(9, ...)`` likewise, ``blocs`` ``(blocks, A, N, B)``,
    ``in_agreement`` ``(blocks, G, N, B)``), the world's constants as ``context_run`` takes
    them; ``scratch`` ``(acc, assess_acc)``: ``(4, B)`` and ``(6, N, B)`` ``float64``, the
    scratch of perception and of the war arithmetic (``acc[0]`` also the main threat's best
    value). As in ``context_run``, ``wa[9]`` and ``wa[10]`` are left NaN and ``work`` keeps
    what a pair in a crisis needs to compute them.

    More than 30 arguments: numba compiles the call as ``f(*args)`` and cannot inline it."""
    acc, assess_acc = scratch
    n, n_classes, lanes = forces.shape[1], forces.shape[2], forces.shape[3]
    _ally_block(b, bilateral, blocs, ally)
    commitment = perceive_par[1]
    for i in range(n):
        for j in range(n):
            eye = i == j
            for s in range(lanes):
                allied = ally[b, i, j, s]
                free[b, i, j, s] = not (allied | eye)
                allies[b, i, j, s] = commitment * (1.0 if allied else 0.0)
            # agreement monitoring sharpens the members' estimates of each other
            _monitoring_block(b, t, i, j, in_agreement, agreement, sigma)
            log_sd = actor[1, i]
            for s in range(lanes):
                sigma[b, i, j, s] = log_sd * (1.0 - sigma[b, i, j, s])
    _normal_block(b, t, _OBSERVE, keys, noise)
    _perceive_block(b, forces, belief, ally, deploy, sigma, noise, actor[0], alert, classes,
                    perceive_par, pa, pp, acc)
    _normal_block(b, t, _ESTIMATE, keys, noise)
    # Perception.deterrence, full_deterrence, offense, effective_defense, observed, weights
    _assess_block(b, gdp, greedy, belief, allies, deploy, now, past, sigma, noise, pp[2], pp[6],
                  pa[0], pa[3], pp[1], pp[0], assess_par, wa, q, work, assess_acc)
    for i in range(n):
        # the first largest threat, if it is above zero (a NaN is never taken)
        for s in range(lanes):
            main_threat[b, i, s] = 0
            acc[0, s] = pp[3, b, i, 0, s]
        for j in range(1, n):
            for s in range(lanes):
                x, best = pp[3, b, i, j, s], acc[0, s]
                take = x > best
                acc[0, s] = x if take else best
                main_threat[b, i, s] = j if take else main_threat[b, i, s]
        for s in range(lanes):
            main_threat[b, i, s] = main_threat[b, i, s] if acc[0, s] > 0.0 else -1
            known[b, i, s] = last_hostile[b, i, s]
            replacement[b, i, s] = 0.0
        for k in range(n_classes):
            upkeep = unit[k]
            for s in range(lanes):
                replacement[b, i, s] += forces[b, i, k, s] * upkeep
