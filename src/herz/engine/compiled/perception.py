"""Every actor's perception (:func:`herz.engine.perception.perceive`) as one fused loop per run.

The equations, sources and departures are those of :mod:`herz.engine.perception` (Jervis 1976,
1978 on worst-case thinking, the offence-defence balance and distinguishability; Hirshleifer
1989 and Tullock 1980 on the contest; Kent & Thaler 1989 on survivors after a first strike;
Sagan 1985 on alerts), in the same order of operations, so the result agrees with the numpy
reference to floating-point tolerance (``exp`` may differ in the last bit, and sums over
classes and actors are taken in another order): ``tests/engine/test_compiled_perception.py``.
A strategic class that nobody holds adds exactly zero in both.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import libm, parallel
from herz.engine.forces import ForceCatalogue
from herz.engine.perception import Perception, offense_multiplier, seen_offense_weights
from herz.engine.scenario import WorldSpec

__all__ = ["perceive"]

_TINY = 1e-12


@numba.njit(cache=True, inline="always", error_model="numpy")
def _perceive_run(r: int, forces: np.ndarray, belief: np.ndarray, ally: np.ndarray,
                  deploy: np.ndarray, sigma: np.ndarray, noise: np.ndarray,
                  worst_case: np.ndarray, alert: np.ndarray, classes: np.ndarray,
                  par: np.ndarray, actors: np.ndarray, pairs: np.ndarray) -> None:
    lam, commitment, floor, alert_threat, assured = par[0], par[1], par[2], par[3], par[4]
    n, n_classes = forces.shape[1], forces.shape[2]
    # per actor: offence, seen offence, defence, counterforce, ASW, interception
    for i in range(n):
        o = s = d = cf = asw = mdef = 0.0
        for k in range(n_classes):
            f = forces[r, i, k]
            o += f * classes[0, k]
            s += f * classes[1, k]
            d += f * classes[2, k]
            cf += f * classes[3, k]
            asw += f * classes[4, k]
            mdef += f * classes[5, k]
        actors[0, r, i], actors[1, r, i], actors[2, r, i] = o, s, d
        actors[5, r, i], actors[6, r, i], actors[7, r, i] = cf, asw, mdef
    for i in range(n):
        allied = 0.0
        for j in range(n):
            allied += (1.0 if ally[r, i, j] else 0.0) * actors[2, r, j]
        actors[3, r, i] = actors[2, r, i] + commitment * allied
    for i in range(n):
        # The second strike of i after a first strike by j (before j's missile defence).
        # Only counterforce and ASW make it depend on j: against an attacker holding neither
        # (most actors) every exposure is exp(-0) = 1 exactly, and the sum is the same for
        # every such j, computed once per actor in the same order of operations.
        full = 0.0
        unexposed = 0.0
        for k in range(n_classes):
            stock = forces[r, i, k]
            if classes[6, k] <= 0.0 or stock == 0.0:
                continue  # adds exactly zero
            weight = classes[6, k] * stock
            surv = classes[7, k]
            unexposed += weight * (surv + (1.0 - surv) * 1.0)
            full += weight
        for j in range(n):
            if actors[5, r, j] == 0.0 and actors[6, r, j] == 0.0:
                pairs[4, r, i, j] = unexposed
                continue
            survivors = 0.0
            for k in range(n_classes):
                if classes[6, k] <= 0.0:
                    continue
                stock = forces[r, i, k]
                if stock == 0.0:
                    continue  # adds exactly zero, and saves an exp
                weight = classes[6, k] * stock
                if classes[8, k] > 0.0:
                    attack = actors[5, r, j]
                elif classes[9, k] > 0.0:
                    attack = actors[6, r, j]
                else:
                    attack = 0.0
                surv = classes[7, k]
                exposed = libm.exp(-attack / (stock + _TINY)) if attack != 0.0 else 1.0
                survivors += weight * (surv + (1.0 - surv) * exposed)
            pairs[4, r, i, j] = survivors
        # Split for vectorisation (herz.engine.compiled.libm): loops over the row without
        # branches or calls, each writing one row of pairs (LLVM gives up on a loop whose
        # arrays might overlap in too many ways); the transposed reads gathered first.
        for j in range(n):
            # j's missile defence, after the first strike
            m = actors[7, r, j]
            survivors = pairs[4, r, i, j]
            pairs[4, r, i, j] = survivors * (1.0 - m / (m + survivors + _TINY))
        for j in range(n):
            m = actors[7, r, j]
            pairs[5, r, i, j] = full * (1.0 - m / (m + full + _TINY))
        for j in range(n):
            b = belief[r, i, j]
            hostile = floor + (1.0 - floor) * (b + worst_case[i] * (1.0 - b))
            pairs[0, r, i, j] = 0.0 if (ally[r, i, j] | (i == j)) else hostile
        for j in range(n):
            readiness = 1.0 + alert_threat * alert[r, j]
            pairs[1, r, i, j] = actors[1, r, j] * (1.0 + deploy[r, j, i]) * readiness
        for j in range(n):
            sig = sigma[r, i, j]
            pairs[1, r, i, j] = pairs[1, r, i, j] * libm.exp(sig * noise[r, i, j]
                                                             - 0.5 * sig**2)
        for j in range(n):
            sss = pairs[4, r, i, j]
            pairs[2, r, i, j] = sss / (sss + assured)
        for j in range(n):
            full_after = pairs[5, r, i, j]
            pairs[6, r, i, j] = full_after / (full_after + assured)
        for j in range(n):
            pairs[3, r, i, j] = (lam * pairs[0, r, i, j] * pairs[1, r, i, j]
                                 * (1.0 - pairs[2, r, i, j]))
        a_i = actors[0, r, i]
        for j in range(n):
            a = lam * (a_i * (1.0 + deploy[r, i, j]))
            dj = actors[3, r, j]
            pairs[7, r, i, j] = a / (a + dj + _TINY) if a + dj > _TINY else 0.5
        total = 0.0
        for j in range(n):
            total += pairs[3, r, i, j]
        e = actors[3, r, i]
        actors[4, r, i] = e / (e + total + _TINY) if total > _TINY else 1.0
    # j's first-strike incentive against i, stored at [j, i]
    for j in range(n):
        for i in range(n):
            sss, full = pairs[4, r, i, j], pairs[5, r, i, j]
            pairs[8, r, j, i] = 1.0 - sss / (full + _TINY) if full > _TINY else 0.0


@numba.njit(cache=True, error_model="numpy")
def _perceive_serial(forces: np.ndarray, belief: np.ndarray, ally: np.ndarray,
                     deploy: np.ndarray, sigma: np.ndarray, noise: np.ndarray,
                     worst_case: np.ndarray, alert: np.ndarray, classes: np.ndarray,
                     par: np.ndarray, actors: np.ndarray, pairs: np.ndarray) -> None:
    for r in range(forces.shape[0]):
        _perceive_run(r, forces, belief, ally, deploy, sigma, noise, worst_case, alert,
                      classes, par, actors, pairs)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _perceive_parallel(forces: np.ndarray, belief: np.ndarray, ally: np.ndarray,
                       deploy: np.ndarray, sigma: np.ndarray, noise: np.ndarray,
                       worst_case: np.ndarray, alert: np.ndarray, classes: np.ndarray,
                       par: np.ndarray, actors: np.ndarray, pairs: np.ndarray) -> None:
    for r in numba.prange(forces.shape[0]):
        _perceive_run(r, forces, belief, ally, deploy, sigma, noise, worst_case, alert,
                      classes, par, actors, pairs)


def perceive(
    forces: np.ndarray,
    belief: np.ndarray,
    ally: np.ndarray,
    deploy: np.ndarray,
    sigma: np.ndarray,
    noise: np.ndarray,
    worst_case: np.ndarray,
    cat: ForceCatalogue,
    spec: WorldSpec,
    alert: np.ndarray | None = None,
) -> Perception:
    """:func:`herz.engine.perception.perceive`, compiled (the same arguments and result)."""
    c = np.ascontiguousarray
    r, n, _ = forces.shape
    lam = offense_multiplier(spec)
    classes = c(np.stack([cat.offense, seen_offense_weights(cat, spec), cat.defense,
                          cat.counterforce, cat.asw, cat.intercept, cat.strategic,
                          cat.survivability, cat.fixed.astype(float),
                          cat.hidden.astype(float)]), dtype=float)
    par = np.array([lam, spec.alliance_commitment, spec.hostility_floor,
                    spec.alert_threat if alert is not None else 0.0, spec.assured_destruction])
    actors = np.empty((8, r, n))
    pairs = np.empty((9, r, n, n))
    kernel = _perceive_parallel if parallel(r * n * n) else _perceive_serial
    kernel(c(forces, dtype=float), c(belief, dtype=float), c(ally, dtype=np.bool_),
           c(deploy, dtype=float), c(sigma, dtype=float), c(noise, dtype=float),
           c(worst_case, dtype=float),
           c(np.zeros((r, n)) if alert is None else alert, dtype=float), classes, par,
           actors, pairs)
    return Perception(
        lam=lam, offense=actors[0], seen_offense=actors[1], defense=actors[2],
        effective_defense=actors[3], weights=pairs[0], observed=pairs[1], deterrence=pairs[2],
        full_deterrence=pairs[6], threat=pairs[3], security=actors[4], sss=pairs[4],
        first_strike=pairs[8], victory=pairs[7],
    )
