"""Beliefs about motives: Bayesian learning from what each type would have done.

``b[r, i, j]`` is *i*'s belief that *j* is greedy. Evidence arrives as log-likelihood ratios
``L = log P(evidence | greedy) - log P(evidence | security-seeker)`` and moves the log-odds
(Bayes's rule in log-odds form; Kydd 1997, 2005 for the spiral as Bayesian updating). Each
likelihood comes from the decision rule itself: the observer asks what a security-seeker and a
greedy state would have done *in the observed state's situation as the observer imagines it*.

- **Types can change** (leaders and governments turn over; Goemans, Gleditsch & Chiozza 2009,
  Archigos). Before each update the belief moves towards the observer's prior by the switching
  hazard ``eta``: ``b <- (1 - eta) b + eta pi`` (:func:`regress`), the prediction step of a
  two-state hidden Markov model. It is why beliefs never pin at 0 or 1 and why trust can be
  rebuilt.
- **Negativity bias** (trust lost fast, regained slowly; Slovic 1993; Kydd 2005 ch. 1): evidence
  of benign motives (``L < 0``) is divided by ``tau_i >= 1``; with ``tau = 1`` learning is
  symmetric (:func:`update`).
- **Spending** (:func:`spending_evidence`): the observer sees *j*'s spending with log-normal
  noise and compares it with ``s_S`` and ``s_G``, what the arming rule gives a security-seeker
  and a greedy *j* facing the threat the observer imagines *j* faces:
  ``L = [(x - log s_S)^2 - (x - log s_G)^2] / (2 sigma^2)`` with ``x`` the log of the observed
  spending and ``sigma^2`` the observation, arming and model variances.
- **Transparency illusion** (Jervis 1976 ch. 3; Butterfield 1951): with empathy ``e`` the
  observer counts only the share ``e`` of the fear *j* has of it. At ``e = 0`` it assumes *j*
  knows it is benign, so *j*'s defensive answer to it looks like greed
  (:func:`imagined_fear`, used for spending and for acts alike).
- **Discrete acts** (:func:`act_evidence`): a hostile act is taken by a security-seeker out of
  fear (with the probability the observer imagines *j*'s fear of it to give) and by a greedy
  state out of fear or to press a demand. Every observer allows a tremble ``epsilon``: any
  act may happen against the rule with that probability, which bounds what one act can say.

The log-odds are kept in ``[-LOGIT_BOUND, LOGIT_BOUND]`` as a numerical guard only: with the
switching hazard, beliefs stay well inside it.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "LOGIT_BOUND",
    "act_evidence",
    "imagined_fear",
    "regress",
    "spending_evidence",
    "trembled",
    "update",
]

LOGIT_BOUND = 12.0


def regress(belief: np.ndarray, prior: np.ndarray, eta: float) -> np.ndarray:
    """``(1 - eta) b + eta pi``: motives may have changed since the last step."""
    return (1.0 - eta) * belief + eta * prior


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


def trembled(p_rule: np.ndarray | float, epsilon: float) -> np.ndarray:
    """``epsilon + (1 - 2 epsilon) p``: the chance of an act under a rule with trembles."""
    return epsilon + (1.0 - 2.0 * epsilon) * np.asarray(p_rule, dtype=float)


def imagined_fear(fear: np.ndarray, empathy: np.ndarray) -> np.ndarray:
    """``[r, i, j]``: the share of *j*'s fear of *i* that *i* allows for, ``e_ij * fear_ji``.

    ``fear[r, i, j]`` is *i*'s fear of *j* (e.g. its belief that *j* is greedy), ``empathy``
    ``[r, i, j]`` (or broadcastable) *i*'s empathy towards *j*.
    """
    return empathy * np.swapaxes(fear, 1, 2)


def act_evidence(
    fear_driven: np.ndarray | float, greed_driven: np.ndarray | float, epsilon: float
) -> np.ndarray:
    """``L`` of a hostile act: a security-seeker takes it out of fear, a greedy state out of
    fear or greed. Arguments are the rule's probabilities of the act from each motive (as
    the observer imagines them); trembles bound the ratio by ``(1 - epsilon) / epsilon``."""
    fear = np.asarray(fear_driven, dtype=float)
    either = fear + np.asarray(greed_driven, dtype=float) * (1.0 - fear)
    return np.asarray(np.log(trembled(either, epsilon)) - np.log(trembled(fear, epsilon)))


def spending_evidence(
    observed: np.ndarray,
    security: np.ndarray,
    greedy: np.ndarray,
    sigma: np.ndarray,
    floor: np.ndarray,
) -> np.ndarray:
    """``L`` of observed spending against the two types' spending (see the module doc).

    ``floor`` (a small spending level, e.g. a fraction of GDP) is added to every spending level
    so that spending near zero does not make the log ratio explode.
    """
    x = np.log(observed + floor)
    d_s = x - np.log(security + floor)
    d_g = x - np.log(greedy + floor)
    return (d_s**2 - d_g**2) / (2.0 * sigma**2)
