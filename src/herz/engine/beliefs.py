"""Beliefs about motives: Bayesian updating with the biases the security dilemma needs.

``b[r, i, j]`` is *i*'s belief that *j* is greedy. Evidence arrives as log-likelihood ratios
``L = log P(evidence | greedy) - log P(evidence | security-seeker)`` and moves the log-odds
(Bayes's rule in log-odds form; Kydd 1997, 2005 for the spiral as Bayesian updating):

``logit b' = logit b + L`` if ``L > 0`` and ``logit b + L / tau_i`` if ``L < 0``,

where ``tau_i >= 1`` is the trust asymmetry: bad news weighs more than good (Slovic 1993,
"Perceived risk, trust, and democracy"; Kydd 2005 ch. 1 on trust lost). Log-odds are kept in
[-9, 9] so that no belief becomes certain and every belief can still move.

Arming as evidence (the transparency illusion; Jervis 1976 ch. 3, Butterfield 1951): observer
*i* compares *j*'s observed spending ``s`` with ``E``, what a security-seeking *j* would spend
facing the threat *i* thinks *j* perceives. With empathy ``e`` (lifted by a credible statement
from *j*), *i* takes *j*'s threat weight on *i* to be ``eps + e * (w_ji - eps)``: at ``e = 1``
*i* sees itself exactly as *j* does; at ``e = 0`` *i* assumes *j* knows *i* is benign (only the
floor ``eps`` remains), so any arming aimed at *i* looks like greed. Under a log-normal model
of spending with log-sd ``sigma`` and a greedy premium ``mu``,
``L = log(1 + mu) * (log s - log E - log(1 + mu) / 2) / sigma**2``, where ``sigma**2`` adds
the observation error, the arming noise and the observer's model uncertainty. herz departs
from a plain Gaussian likelihood in one respect: ``|L|`` is capped per step
(``world.evidence_cap``), a robust observer that knows its model of the other side can be
wrong (bounded-influence estimation, Huber 1964), so one surprising budget cannot settle a
question of motives.
"""

from __future__ import annotations

import numpy as np

__all__ = ["LOGIT_BOUND", "arming_evidence", "likelihood_ratio", "update"]

LOGIT_BOUND = 9.0


def likelihood_ratio(p_greedy: float, p_security: float) -> float:
    """``log P(e | greedy) - log P(e | security-seeker)`` for an observed act."""
    return float(np.log(p_greedy) - np.log(p_security))


def update(belief: np.ndarray, evidence: np.ndarray, asymmetry: np.ndarray) -> np.ndarray:
    """Apply log-likelihood ratios ``evidence[r, i, j]`` to beliefs with trust asymmetry."""
    b = np.clip(belief, 1e-12, 1 - 1e-12)
    logit = np.log(b) - np.log1p(-b)
    weight = np.where(evidence > 0, 1.0, 1.0 / asymmetry[:, None])
    logit = np.clip(logit + weight * evidence, -LOGIT_BOUND, LOGIT_BOUND)
    out = 1.0 / (1.0 + np.exp(-logit))
    n = belief.shape[-1]
    out[..., np.arange(n), np.arange(n)] = 0.0
    return out


def arming_evidence(
    observed_spending: np.ndarray,
    expected_spending: np.ndarray,
    sigma: np.ndarray,
    greed_premium: float,
    floor: np.ndarray,
    cap: float = np.inf,
) -> np.ndarray:
    """``L`` for spending observed against the security-seeker expectation (see module doc).

    ``floor`` (a small spending level, e.g. a fraction of GDP) is added to both sides so that
    spending near zero does not make the log ratio explode.
    """
    if greed_premium <= 0:
        return np.zeros_like(observed_spending)
    g = np.log1p(greed_premium)
    diff = np.log(observed_spending + floor) - np.log(expected_spending + floor)
    return np.clip(g * (diff - 0.5 * g) / sigma**2, -cap, cap)
