"""Observers judging each other's arming (:func:`herz.engine.learning.observe_arming`) as one
fused loop over pairs.

The equations and sources are those of :mod:`herz.engine.learning`, :mod:`herz.engine.arming`
and :mod:`herz.engine.beliefs` (the arming rule: Glaser 1997, 2010, Richardson 1960; the
spending evidence of the transparency illusion: Jervis 1976 ch. 3, Butterfield 1951; Bayesian
updating on arming: Kydd 1997). The parts of the arming rule that depend on the observed actor
alone are computed once per actor rather than per pair (a quotient becomes a product by a
hoisted reciprocal) and ``s_sigma**2`` is taken without its square root, so the result agrees
with the numpy reference to floating-point tolerance (a few last bits, ``exp`` and ``log``
included): ``tests/engine/test_compiled_learning.py``. The random numbers and the row sums of
the threats come in from numpy, so they are the reference's own.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import libm, parallel

__all__ = ["WORK_ROWS", "judge_spending"]


#: Rows of :func:`_judge_run`'s scratch: the parts of the observed actor's desired spending
#: (:func:`_desired`) and evidence that do not depend on the observer, then the observer's
#: column of weights and of threat (``_WEIGHT``, ``_THREAT``).
_TQ, _ALLIED, _DEFENSE, _UPKEEP, _REPLACE, _CLOSE, _CAP, _COST, _FLOOR, _LOW, _SPENT = range(11)
_WEIGHT, _THREAT = 11, 12
#: Rows of the scratch array ``(WORK_ROWS, R, N)`` that :func:`_judge_run` takes: the caller's,
#: since a CUDA device function cannot allocate one (the fused step's ``wn[2:]``).
WORK_ROWS = 13


@numba.njit(cache=True, inline="always", error_model="numpy")
def _desired(expected: float, ambition: float, tq: float, allied: float, defense: float,
             per_need: float, replacement: float, close: float, cost: float, floor: float,
             cap: float) -> float:
    """The arming rule's spending (:func:`herz.engine.arming.desired_spending`) of an actor
    facing ``expected``, from its parts (:func:`_judge_run`): the need
    ``ambition * threat * s/(1 - s) - allied`` (``tq = s/(1 - s)``), upkeep
    ``replacement * need / defense`` below the stock (``per_need = replacement / defense``),
    else all of ``replacement``, closing ``rate * gap / defense_per_cost`` (``close``), and the
    cost restraint ``wanted / (1 + c wanted / cap)`` (``cost = c / cap``) clipped to
    ``[floor, cap]`` (the budget shares of GDP)."""
    need = max(ambition * expected * tq - allied, 0.0)
    gap = max(need - defense, 0.0)
    upkeep = need * per_need if defense > need else replacement
    wanted = upkeep + close * gap
    restrained = wanted / (1.0 + cost * wanted)
    return min(max(restrained, floor), cap)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _judge_run(r: int, spent: np.ndarray, sigma: np.ndarray, xi: np.ndarray,
               credibility: np.ndarray, statement: np.ndarray, weights: np.ndarray,
               threat: np.ndarray, threat_total: np.ndarray, allied: np.ndarray,
               defense: np.ndarray, replacement: np.ndarray, gdp: np.ndarray,
               actor: np.ndarray, par: np.ndarray, out: np.ndarray, h: np.ndarray) -> None:
    # h: the scratch, (WORK_ROWS, R, N), row r of its planes this run's
    statement_weight, floor, greed_premium, rate = par[0], par[1], par[2], par[3]
    noise2 = par[4] + par[5]  # arming_noise**2 + model_uncertainty**2, added to sigma**2
    n = spent.shape[1]
    # what j's desired spending takes that does not depend on the observer, once per j: the
    # pair loop then has one division per desired spending left. Loaded into scalars before
    # _desired's selects (its loads under a select kept the loop from vectorising).
    for j in range(n):
        target, dpc, cap = actor[2, j], actor[1, j], actor[4, j] * gdp[r, j]
        h[_TQ, r, j] = target / (1.0 - target)
        h[_ALLIED, r, j] = allied[r, j]
        h[_DEFENSE, r, j] = defense[r, j]
        h[_UPKEEP, r, j] = replacement[r, j] / max(defense[r, j], 1e-12)
        h[_REPLACE, r, j] = replacement[r, j]
        h[_CLOSE, r, j] = rate / max(dpc, 1e-12) if dpc > 0 else 0.0
        h[_CAP, r, j] = cap
        h[_COST, r, j] = actor[3, j] / cap
        h[_FLOOR, r, j] = actor[5, j] * gdp[r, j]
        h[_LOW, r, j] = 0.005 * gdp[r, j]
        h[_SPENT, r, j] = spent[r, j]
    for i in range(n):
        e_i = actor[0, i]
        # first the columns of weights and threat (read one at a time), then loops over the
        # row without branches or calls (libm's functions), which vectorise: the threat i
        # imagines j feels, then the evidence
        for j in range(n):
            h[_WEIGHT, r, j] = weights[r, j, i]
            h[_THREAT, r, j] = threat[r, j, i]
        for j in range(n):
            lift = statement_weight * credibility[r, i, j] * statement[r, i, j]
            empathy = e_i + (1.0 - e_i) * lift
            theirs = h[_WEIGHT, r, j]
            imagined = floor + empathy * (theirs - floor)
            contribution = h[_THREAT, r, j]
            scale = imagined / max(theirs, 1e-12) if theirs > 0 else 0.0
            out[r, i, j] = threat_total[r, j] - contribution + scale * contribution
        for j in range(n):
            expected = out[r, i, j]
            sig = sigma[r, i, j]
            # s_sigma**2 = sigma**2 + noise**2 + model**2, without the square root
            s2 = sig * sig + noise2
            observed = h[_SPENT, r, j] * libm.exp(sig * xi[r, i, j] - 0.5 * sig * sig)
            tq, allied_j, defense_j = h[_TQ, r, j], h[_ALLIED, r, j], h[_DEFENSE, r, j]
            per_need, replace_j, close = h[_UPKEEP, r, j], h[_REPLACE, r, j], h[_CLOSE, r, j]
            cost, floor_j, cap = h[_COST, r, j], h[_FLOOR, r, j], h[_CAP, r, j]
            security = _desired(expected, 1.0, tq, allied_j, defense_j, per_need, replace_j,
                                close, cost, floor_j, cap)
            greedy = _desired(expected, 1.0 + greed_premium, tq, allied_j, defense_j, per_need,
                              replace_j, close, cost, floor_j, cap)
            low = h[_LOW, r, j]
            x = libm.log(observed + low)
            d_s = x - libm.log(security + low)
            d_g = x - libm.log(greedy + low)
            out[r, i, j] = (d_s * d_s - d_g * d_g) / (2.0 * s2)


@numba.njit(cache=True, error_model="numpy")
def _judge_serial(spent: np.ndarray, sigma: np.ndarray, xi: np.ndarray,
                  credibility: np.ndarray, statement: np.ndarray, weights: np.ndarray,
                  threat: np.ndarray, threat_total: np.ndarray, allied: np.ndarray,
                  defense: np.ndarray, replacement: np.ndarray, gdp: np.ndarray,
                  actor: np.ndarray, par: np.ndarray, out: np.ndarray) -> None:
    h = np.empty((WORK_ROWS, spent.shape[0], spent.shape[1]))
    for r in range(spent.shape[0]):
        _judge_run(r, spent, sigma, xi, credibility, statement, weights, threat, threat_total,
                   allied, defense, replacement, gdp, actor, par, out, h)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _judge_parallel(spent: np.ndarray, sigma: np.ndarray, xi: np.ndarray,
                    credibility: np.ndarray, statement: np.ndarray, weights: np.ndarray,
                    threat: np.ndarray, threat_total: np.ndarray, allied: np.ndarray,
                    defense: np.ndarray, replacement: np.ndarray, gdp: np.ndarray,
                    actor: np.ndarray, par: np.ndarray, out: np.ndarray) -> None:
    h = np.empty((WORK_ROWS, spent.shape[0], spent.shape[1]))
    for r in numba.prange(spent.shape[0]):
        _judge_run(r, spent, sigma, xi, credibility, statement, weights, threat, threat_total,
                   allied, defense, replacement, gdp, actor, par, out, h)


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
