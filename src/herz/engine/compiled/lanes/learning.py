"""The judgement of arming and the exposure of bogus reasons
(:func:`herz.engine.compiled.acts.observe_arming_run`,
:func:`~herz.engine.compiled.acts.expose_bogus_run`) over a block of runs.

The equations and sources are those of :mod:`herz.engine.learning`, :mod:`herz.engine.arming`
and :mod:`herz.engine.beliefs`: the arming rule (Glaser 1997, 2010; Richardson 1960), the
spending evidence of the transparency illusion (Jervis 1976 ch. 3; Butterfield 1951), Bayesian
updating on arming (Kydd 1997), reneging on a concession (Kydd 2005, ch. 7) and the exposure of
bogus reasons. The operations are those of :func:`herz.engine.compiled.learning._judge_run`
and :func:`herz.engine.compiled.learning._desired`, in their order, lane by lane; the run-first
kernel already takes :mod:`herz.engine.compiled.libm`'s ``exp`` and ``log`` (and the normal
draws' ``log`` and ``cos``), so every number is the run-first kernel's bit for bit (tested:
``tests/engine/test_lanes_learning.py``).

The scratch ``wn`` ``(2 + WORK_ROWS, blocks, N, B)`` holds what it holds run-first (``wn[0]``
the reneging evidence, ``wn[1]`` the allied defence, ``wn[2:13]`` the observed actors' parts
of the arming rule), but for the observer's column of weights and of threat
(``wn[2 + 11]``, ``wn[2 + 12]``), which the lanes read in place: a column of a block is as
contiguous as its rows, the lanes being the last axis.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import libm
from herz.engine.compiled.acts import _BOGUS_EXPOSED, _EXPOSURE, _OBSERVE_2
from herz.engine.compiled.draws import salt
from herz.engine.compiled.eventbuf import log_event
from herz.engine.compiled.lanes.context import _normal_block
from herz.engine.compiled.learning import (
    _ALLIED,
    _CAP,
    _CLOSE,
    _COST,
    _DEFENSE,
    _FLOOR,
    _LOW,
    _REPLACE,
    _SPENT,
    _TQ,
    _UPKEEP,
    _desired,
)
from herz.engine.compiled.streams import _mix, _unit

__all__ = ["expose_bogus_block", "observe_arming_block"]

_H = 2  # the judgement's rows start at wn[2] (wn[2:] is _judge_run's scratch)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _judge_block(b: int, spent: np.ndarray, sigma: np.ndarray, xi: np.ndarray,
                 credibility: np.ndarray, statement: np.ndarray, weights: np.ndarray,
                 threat: np.ndarray, replacement: np.ndarray, gdp: np.ndarray,
                 actor: np.ndarray, par: np.ndarray, out: np.ndarray, wn: np.ndarray) -> None:
    """``_judge_run`` for the ``B`` runs of block ``b`` into ``out``: ``weights`` and
    ``threat`` (``pp[0]``, ``pp[3]``) ``(blocks, N, N, B)``; the threat totals in ``wn[0]``,
    the allied and own defence in ``wn[2 + _ALLIED]`` and ``wn[2 + _DEFENSE]``, as
    :func:`observe_arming_block` leaves them."""
    statement_weight, floor, greed_premium, rate = par[0], par[1], par[2], par[3]
    noise2 = par[4] + par[5]  # arming_noise**2 + model_uncertainty**2, added to sigma**2
    n, lanes = spent.shape[1], spent.shape[2]
    # j's parts of the desired spending that do not depend on the observer, once per j (the
    # world's constants once per j, not per lane)
    for j in range(n):
        target, dpc, max_share = actor[2, j], actor[1, j], actor[4, j]
        cost_share, min_share = actor[3, j], actor[5, j]
        tq = target / (1.0 - target)
        close = rate / max(dpc, 1e-12) if dpc > 0 else 0.0
        for s in range(lanes):
            g = gdp[b, j, s]
            cap = max_share * g
            wn[_H + _TQ, b, j, s] = tq
            wn[_H + _UPKEEP, b, j, s] = replacement[b, j, s] / max(wn[_H + _DEFENSE, b, j, s],
                                                                   1e-12)
            wn[_H + _REPLACE, b, j, s] = replacement[b, j, s]
            wn[_H + _CLOSE, b, j, s] = close
            wn[_H + _CAP, b, j, s] = cap
            wn[_H + _COST, b, j, s] = cost_share / cap
            wn[_H + _FLOOR, b, j, s] = min_share * g
            wn[_H + _LOW, b, j, s] = 0.005 * g
            wn[_H + _SPENT, b, j, s] = spent[b, j, s]
    for i in range(n):
        e_i = actor[0, i]
        # the threat i imagines j feels (held in out until the evidence replaces it)
        for j in range(n):
            for s in range(lanes):
                lift = statement_weight * credibility[b, i, j, s] * statement[b, i, j, s]
                empathy = e_i + (1.0 - e_i) * lift
                theirs = weights[b, j, i, s]
                imagined = floor + empathy * (theirs - floor)
                contribution = threat[b, j, i, s]
                scale = imagined / max(theirs, 1e-12) if theirs > 0 else 0.0
                out[b, i, j, s] = wn[0, b, j, s] - contribution + scale * contribution
        # the evidence of j's spending seen with error, a security-seeker's against a greedy
        # state's (s_sigma**2 without its square root, as run-first)
        for j in range(n):
            for s in range(lanes):
                expected = out[b, i, j, s]
                sig = sigma[b, i, j, s]
                s2 = sig * sig + noise2
                observed = wn[_H + _SPENT, b, j, s] * libm.exp(sig * xi[b, i, j, s]
                                                              - 0.5 * sig * sig)
                tq, allied_j = wn[_H + _TQ, b, j, s], wn[_H + _ALLIED, b, j, s]
                defense_j, per_need = wn[_H + _DEFENSE, b, j, s], wn[_H + _UPKEEP, b, j, s]
                replace_j, close = wn[_H + _REPLACE, b, j, s], wn[_H + _CLOSE, b, j, s]
                cost, floor_j = wn[_H + _COST, b, j, s], wn[_H + _FLOOR, b, j, s]
                cap = wn[_H + _CAP, b, j, s]
                security = _desired(expected, 1.0, tq, allied_j, defense_j, per_need,
                                    replace_j, close, cost, floor_j, cap)
                greedy = _desired(expected, 1.0 + greed_premium, tq, allied_j, defense_j,
                                  per_need, replace_j, close, cost, floor_j, cap)
                low = wn[_H + _LOW, b, j, s]
                x = libm.log(observed + low)
                d_s = x - libm.log(security + low)
                d_g = x - libm.log(greedy + low)
                out[b, i, j, s] = (d_s * d_s - d_g * d_g) / (2.0 * s2)


@numba.njit(cache=True, inline="always", error_model="numpy")
def observe_arming_block(b: int, t: int, keys: np.ndarray, spent: np.ndarray,
                         credibility: np.ndarray, statement: np.ndarray, gdp: np.ndarray,
                         last_concession: np.ndarray, pa: np.ndarray, pp: np.ndarray,
                         sigma: np.ndarray, replacement: np.ndarray, actor: np.ndarray,
                         par: np.ndarray, L: np.ndarray, xi: np.ndarray, judged: np.ndarray,
                         wn: np.ndarray) -> None:
    """``observe_arming_run`` for the ``B`` runs of block ``b``: arrays ``(blocks, ..., B)``
    (``keys`` ``(blocks, B)``, ``pa`` ``(8, blocks, N, B)``, ``pp`` ``(9, blocks, N, N, B)``),
    ``actor`` and ``par`` as the run-first kernel takes them; ``xi``, ``judged``
    ``(blocks, N, N, B)`` and ``wn`` ``(2 + WORK_ROWS, blocks, N, B)`` scratch. Each observer
    judges the others' spending, seen with log-normal error (stream ``OBSERVE_2``, lane ``s``
    its run's key at the run-first flat index ``i * n + j``), against a security-seeker's and
    a greedy state's; re-arming within ``forecast_window`` steps of a concession reneges on
    it (Kydd 2005, ch. 7)."""
    surge, window, telling = par[6], par[15], par[16]
    n, lanes = spent.shape[1], spent.shape[2]
    # normal_fill of xi on stream OBSERVE_2 (Box-Muller, as the opening draws its noise)
    _normal_block(b, t, _OBSERVE_2, keys, xi)
    # each actor's threat total (summed in j's order), allied and own defence
    for i in range(n):
        for s in range(lanes):
            wn[0, b, i, s] = 0.0
        for j in range(n):
            for s in range(lanes):
                wn[0, b, i, s] += pp[3, b, i, j, s]
        for s in range(lanes):
            wn[1, b, i, s] = pa[3, b, i, s] - pa[2, b, i, s]
            wn[_H + _ALLIED, b, i, s] = wn[1, b, i, s]
            wn[_H + _DEFENSE, b, i, s] = pa[2, b, i, s]
    _judge_block(b, spent, sigma, xi, credibility, statement, pp[0], pp[3], replacement, gdp,
                 actor, par, judged, wn)
    # the telling evidence of reneging per observed actor (wn[0] is spent), then the rows
    for j in range(n):
        for s in range(lanes):
            c = last_concession[b, j, s]
            reneged = ((c >= 0) & (t - c <= window) & (c < t)
                       & (spent[b, j, s] > surge * replacement[b, j, s]))
            wn[0, b, j, s] = telling if reneged else 0.0
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                L[b, i, j, s] += judged[b, i, j, s] + wn[0, b, j, s]


@numba.njit(cache=True, inline="always", error_model="numpy")
def expose_bogus_block(b: int, t: int, keys: np.ndarray, credibility: np.ndarray,
                       bogus_pending: np.ndarray, actor: np.ndarray, par: np.ndarray,
                       L: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                       ev_n: np.ndarray) -> None:
    """``expose_bogus_run`` for the ``B`` runs of block ``b``: a pending bogus reason comes to
    light with probability ``bogus_exposure * (0.5 + 0.5 intel_i)`` (stream ``EXPOSURE`` at
    ``i * n + j``); the speaker loses the share ``credibility_loss`` of its credibility with
    *i*, the exposure is telling evidence, logged ``BOGUS_EXPOSED`` for run ``b * B + s``.
    Rare: the pair's writes and its event only where some lane's reason comes to light, each
    run's events in its run-first order (pairs outer, lanes inner)."""
    rate, loss, telling = par[11], par[12], par[16]
    n, lanes = credibility.shape[1], credibility.shape[3]
    salted = salt(t, _EXPOSURE)
    for i in range(n):
        p = rate * (0.5 + 0.5 * actor[6, i])
        for j in range(n):
            c = _mix(np.uint64(i * n + j) ^ salted)
            anyone = False
            for s in range(lanes):
                anyone |= bogus_pending[b, i, j, s] & (_unit(_mix(keys[b, s] ^ c)) < p)
            if not anyone:
                continue
            for s in range(lanes):
                if bogus_pending[b, i, j, s] and _unit(_mix(keys[b, s] ^ c)) < p:
                    credibility[b, i, j, s] = credibility[b, i, j, s] * (1 - loss)
                    L[b, i, j, s] += telling
                    bogus_pending[b, i, j, s] = False
                    log_event(ev_int, ev_amt, ev_n, b * lanes + s, t, i, j, _BOGUS_EXPOSED,
                              1.0, -1, -1)
