"""Observers judging each other's arming (:func:`herz.engine.learning.observe_arming`) as one
fused loop over pairs.

The equations and sources are those of :mod:`herz.engine.learning`, :mod:`herz.engine.arming`
and :mod:`herz.engine.beliefs` (the arming rule: Glaser 1997, 2010, Richardson 1960; the
spending evidence of the transparency illusion: Jervis 1976 ch. 3, Butterfield 1951; Bayesian
updating on arming: Kydd 1997), in the same order of operations, so the result agrees with the
numpy reference to floating-point tolerance (``exp`` and ``log`` may differ in the last bit):
``tests/engine/test_compiled_learning.py``. The random numbers and the row sums of the threats
come in from numpy, so they are the reference's own.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled import libm, parallel

__all__ = ["judge_spending"]


@numba.njit(cache=True, inline="always", error_model="numpy")
def _desired(threat: float, allied: float, defense: float, replacement: float, dpc: float,
             gdp: float, target: float, cost_sensitivity: float, max_share: float,
             ambition: float, rate: float, min_share: float) -> float:
    need = max(ambition * threat * target / (1.0 - target) - allied, 0.0)
    gap = max(need - defense, 0.0)
    upkeep = replacement * (need / max(defense, 1e-12) if defense > need else 1.0)
    closing = rate * gap / max(dpc, 1e-12) if dpc > 0 else 0.0
    wanted = upkeep + closing
    cap = max_share * gdp
    restrained = wanted / (1.0 + cost_sensitivity * wanted / cap)
    return min(max(restrained, min_share * gdp), cap)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _judge_run(r: int, spent: np.ndarray, sigma: np.ndarray, xi: np.ndarray,
               credibility: np.ndarray, statement: np.ndarray, weights: np.ndarray,
               threat: np.ndarray, threat_total: np.ndarray, allied: np.ndarray,
               defense: np.ndarray, replacement: np.ndarray, gdp: np.ndarray,
               actor: np.ndarray, par: np.ndarray, out: np.ndarray) -> None:
    statement_weight, floor, greed_premium, rate = par[0], par[1], par[2], par[3]
    arming_noise2, model2 = par[4], par[5]  # squared, as numpy adds them
    n = spent.shape[1]
    for i in range(n):
        e_i = actor[0, i]
        row = out[r, i]
        # first the threat i imagines j feels (columns of weights and threat), then a loop
        # over the row without branches or calls (libm's functions), which vectorises
        for j in range(n):
            lift = statement_weight * credibility[r, i, j] * statement[r, i, j]
            empathy = e_i + (1.0 - e_i) * lift
            theirs = weights[r, j, i]
            imagined = floor + empathy * (theirs - floor)
            contribution = threat[r, j, i]
            scale = imagined / max(theirs, 1e-12) if theirs > 0 else 0.0
            row[j] = threat_total[r, j] - contribution + scale * contribution
        for j in range(n):
            expected = row[j]
            sig = sigma[r, i, j]
            s_sigma = math.sqrt(sig**2 + arming_noise2 + model2)
            observed = spent[r, j] * libm.exp(sig * xi[r, i, j] - 0.5 * sig**2)
            security = _desired(expected, allied[r, j], defense[r, j], replacement[r, j],
                                actor[1, j], gdp[r, j], actor[2, j], actor[3, j], actor[4, j],
                                1.0, rate, actor[5, j])
            greedy = _desired(expected, allied[r, j], defense[r, j], replacement[r, j],
                              actor[1, j], gdp[r, j], actor[2, j], actor[3, j], actor[4, j],
                              1.0 + greed_premium, rate, actor[5, j])
            low = 0.005 * gdp[r, j]
            x = libm.log(observed + low)
            d_s = x - libm.log(security + low)
            d_g = x - libm.log(greedy + low)
            row[j] = (d_s**2 - d_g**2) / (2.0 * s_sigma**2)


@numba.njit(cache=True, error_model="numpy")
def _judge_serial(spent: np.ndarray, sigma: np.ndarray, xi: np.ndarray,
                  credibility: np.ndarray, statement: np.ndarray, weights: np.ndarray,
                  threat: np.ndarray, threat_total: np.ndarray, allied: np.ndarray,
                  defense: np.ndarray, replacement: np.ndarray, gdp: np.ndarray,
                  actor: np.ndarray, par: np.ndarray, out: np.ndarray) -> None:
    for r in range(spent.shape[0]):
        _judge_run(r, spent, sigma, xi, credibility, statement, weights, threat, threat_total,
                   allied, defense, replacement, gdp, actor, par, out)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _judge_parallel(spent: np.ndarray, sigma: np.ndarray, xi: np.ndarray,
                    credibility: np.ndarray, statement: np.ndarray, weights: np.ndarray,
                    threat: np.ndarray, threat_total: np.ndarray, allied: np.ndarray,
                    defense: np.ndarray, replacement: np.ndarray, gdp: np.ndarray,
                    actor: np.ndarray, par: np.ndarray, out: np.ndarray) -> None:
    for r in numba.prange(spent.shape[0]):
        _judge_run(r, spent, sigma, xi, credibility, statement, weights, threat, threat_total,
                   allied, defense, replacement, gdp, actor, par, out)


def judge_spending(
    spent: np.ndarray, sigma: np.ndarray, xi: np.ndarray, credibility: np.ndarray,
    statement: np.ndarray, weights: np.ndarray, threat: np.ndarray, effective_defense: np.ndarray,
    defense: np.ndarray, replacement: np.ndarray, gdp: np.ndarray, empathy: np.ndarray,
    defense_per_cost: np.ndarray, target: np.ndarray, cost_sensitivity: np.ndarray,
    max_share: np.ndarray, min_share: np.ndarray, statement_weight: float,
    hostility_floor: float, greed_premium: float, rate: float, arming_noise: float,
    model_uncertainty: float,
) -> np.ndarray:
    """``L[r, i, j]``: the evidence of *j*'s observed spending for *i* (before reneging)."""
    c = np.ascontiguousarray
    r, n = spent.shape
    actor = c(np.stack([np.broadcast_to(np.asarray(v, dtype=float), (n,)) for v in (
        empathy, defense_per_cost, target, cost_sensitivity, max_share, min_share)]))
    par = np.array([statement_weight, hostility_floor, greed_premium, rate, arming_noise**2,
                    model_uncertainty**2])
    out = np.empty((r, n, n))
    kernel = _judge_parallel if parallel(r * n * n) else _judge_serial
    kernel(c(spent, dtype=float), c(sigma, dtype=float), c(xi, dtype=float),
           c(credibility, dtype=float), c(statement, dtype=float), c(weights), c(threat),
           c(threat.sum(axis=2)), c(effective_defense - defense), c(defense),
           c(replacement, dtype=float), c(gdp, dtype=float), actor, par, out)
    return out
