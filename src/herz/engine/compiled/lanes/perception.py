"""Every actor's perception (:mod:`herz.engine.compiled.perception`) over a block of runs.

The equations, sources and departures are those of :mod:`herz.engine.perception` (Jervis 1976,
1978 on worst-case thinking, the offence-defence balance and distinguishability; Hirshleifer
1989 and Tullock 1980 on the contest; Kent & Thaler 1989 on survivors after a first strike;
Sagan 1985 on alerts), in the order of operations of
:func:`herz.engine.compiled.perception._perceive_run`, lane by lane, the second strike's
``exp`` :mod:`herz.engine.compiled.libm`'s as there: the same numbers bit for bit (tested:
``tests/engine/test_lanes_perception.py``).
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import libm

__all__ = ["perceive_lanes"]

_TINY = 1e-12  # herz.engine.compiled.perception's


@numba.njit(cache=True, inline="always", error_model="numpy")
def _perceive_block(b: int, forces: np.ndarray, belief: np.ndarray, ally: np.ndarray,
                    deploy: np.ndarray, sigma: np.ndarray, noise: np.ndarray,
                    worst_case: np.ndarray, alert: np.ndarray, classes: np.ndarray,
                    par: np.ndarray, actors: np.ndarray, pairs: np.ndarray,
                    acc: np.ndarray) -> None:
    """``_perceive_run`` for the ``B`` runs of block ``b``: arrays ``(blocks, ..., B)``,
    ``actors`` ``(8, blocks, N, B)``, ``pairs`` ``(9, blocks, N, N, B)``, ``acc`` ``(4, B)``
    scratch. Every loop over the lanes is ``range(B)`` with ``B`` an array's length."""
    lam, commitment, floor, alert_threat, assured = par[0], par[1], par[2], par[3], par[4]
    n, n_classes, lanes = forces.shape[1], forces.shape[2], forces.shape[3]
    for i in range(n):
        for x in range(8):
            for s in range(lanes):
                actors[x, b, i, s] = 0.0
        for k in range(n_classes):
            for s in range(lanes):
                f = forces[b, i, k, s]
                actors[0, b, i, s] += f * classes[0, k]
                actors[1, b, i, s] += f * classes[1, k]
                actors[2, b, i, s] += f * classes[2, k]
                actors[5, b, i, s] += f * classes[3, k]
                actors[6, b, i, s] += f * classes[4, k]
                actors[7, b, i, s] += f * classes[5, k]
    for i in range(n):
        for s in range(lanes):
            acc[0, s] = 0.0
        for j in range(n):
            for s in range(lanes):
                acc[0, s] += (1.0 if ally[b, i, j, s] else 0.0) * actors[2, b, j, s]
        for s in range(lanes):
            actors[3, b, i, s] = actors[2, b, i, s] + commitment * acc[0, s]
    for i in range(n):
        # the second strike: full and unexposed (against an attacker without counterforce or
        # ASW) as in _perceive_run; a block computes the exposure where any of its runs' j
        # holds either, and a stock of zero adds exactly zero
        for s in range(lanes):
            acc[1, s] = 0.0
            acc[2, s] = 0.0
        for k in range(n_classes):
            if classes[6, k] <= 0.0:
                continue
            for s in range(lanes):
                weight = classes[6, k] * forces[b, i, k, s]
                acc[2, s] += weight * (classes[7, k] + (1.0 - classes[7, k]) * 1.0)
                acc[1, s] += weight
        for j in range(n):
            attacker = False
            for s in range(lanes):
                attacker |= (actors[5, b, j, s] != 0.0) | (actors[6, b, j, s] != 0.0)
            if not attacker:
                for s in range(lanes):
                    pairs[4, b, i, j, s] = acc[2, s]
                continue
            for s in range(lanes):
                pairs[4, b, i, j, s] = 0.0
            for k in range(n_classes):
                if classes[6, k] <= 0.0:
                    continue
                c6, surv = classes[6, k], classes[7, k]
                if not (classes[8, k] > 0.0 or classes[9, k] > 0.0):
                    for s in range(lanes):
                        pairs[4, b, i, j, s] += (c6 * forces[b, i, k, s]) * (surv + (1.0 - surv)
                                                                             * 1.0)
                    continue
                row = 5 if classes[8, k] > 0.0 else 6
                for s in range(lanes):
                    stock = forces[b, i, k, s]
                    attack = actors[row, b, j, s]
                    exposed = libm.exp(-attack / (stock + _TINY))
                    exposed = exposed if attack != 0.0 else 1.0
                    pairs[4, b, i, j, s] += (c6 * stock) * (surv + (1.0 - surv) * exposed)
        for j in range(n):
            for s in range(lanes):
                m = actors[7, b, j, s]
                sss = pairs[4, b, i, j, s]
                pairs[4, b, i, j, s] = sss * (1.0 - m / (m + sss + _TINY))
                full = acc[1, s]
                pairs[5, b, i, j, s] = full * (1.0 - m / (m + full + _TINY))
        for s in range(lanes):
            acc[3, s] = 0.0
        for j in range(n):
            eye = i == j
            for s in range(lanes):
                p = belief[b, i, j, s]
                hostile = floor + (1.0 - floor) * (p + worst_case[i] * (1.0 - p))
                pairs[0, b, i, j, s] = 0.0 if (ally[b, i, j, s] | eye) else hostile
            for s in range(lanes):
                readiness = 1.0 + alert_threat * alert[b, j, s]
                seen = actors[1, b, j, s] * (1.0 + deploy[b, j, i, s]) * readiness
                sig = sigma[b, i, j, s]
                pairs[1, b, i, j, s] = seen * libm.exp(sig * noise[b, i, j, s] - 0.5 * sig**2)
            for s in range(lanes):
                sss = pairs[4, b, i, j, s]
                pairs[2, b, i, j, s] = sss / (sss + assured)
                full_after = pairs[5, b, i, j, s]
                pairs[6, b, i, j, s] = full_after / (full_after + assured)
            for s in range(lanes):
                threat = (lam * pairs[0, b, i, j, s] * pairs[1, b, i, j, s]
                          * (1.0 - pairs[2, b, i, j, s]))
                pairs[3, b, i, j, s] = threat
                acc[3, s] += threat
            for s in range(lanes):
                a = lam * (actors[0, b, i, s] * (1.0 + deploy[b, i, j, s]))
                d = actors[3, b, j, s]
                pairs[7, b, i, j, s] = a / (a + d + _TINY) if a + d > _TINY else 0.5
        for s in range(lanes):
            e = actors[3, b, i, s]
            total = acc[3, s]
            actors[4, b, i, s] = e / (e + total + _TINY) if total > _TINY else 1.0
    for j in range(n):
        for i in range(n):
            for s in range(lanes):
                sss, full = pairs[4, b, i, j, s], pairs[5, b, i, j, s]
                pairs[8, b, j, i, s] = 1.0 - sss / (full + _TINY) if full > _TINY else 0.0


@numba.njit(cache=True, error_model="numpy")
def perceive_lanes(forces: np.ndarray, belief: np.ndarray, ally: np.ndarray,
                   deploy: np.ndarray, sigma: np.ndarray, noise: np.ndarray,
                   worst_case: np.ndarray, alert: np.ndarray, classes: np.ndarray,
                   par: np.ndarray, actors: np.ndarray, pairs: np.ndarray,
                   acc: np.ndarray) -> None:
    """Perception block by block of runs (the run-last counterpart of ``_perceive_serial``)."""
    for b in range(forces.shape[0]):
        _perceive_block(b, forces, belief, ally, deploy, sigma, noise, worst_case, alert,
                        classes, par, actors, pairs, acc)
