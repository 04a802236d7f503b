"""Confidence intervals for the metrics of a batch of runs.

* :func:`wilson_interval`: the Wilson (1927) score interval for a binomial proportion, method 3
  of Newcombe (1998), which keeps its nominal coverage near 0 and 1 where the Wald interval fails.
* :func:`mean_interval`: the Student-t interval for a mean over independent runs.
* :func:`positive_mean_interval`: for the mean of a quantity that cannot be negative (a time to
  war, a count, arms), the bootstrap percentile interval (Efron and Tibshirani 1993, ch. 13),
  which lies within the range of the data and so never crosses zero, where the t interval of a
  skewed count can.

Each returns an :class:`Interval`; ``low <= estimate <= high`` always holds when defined.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = ["Interval", "mean_interval", "positive_mean_interval", "wilson_interval"]

#: Bootstrap resamples of :func:`positive_mean_interval`.
BOOTSTRAP_RESAMPLES = 2000
#: Above this many observations, :func:`positive_mean_interval` uses the t interval
#: clipped to the range of the data (the bootstrap would cost too much, and the two agree).
BOOTSTRAP_MAX_N = 20_000


@dataclass(frozen=True)
class Interval:
    """A point estimate with a confidence interval over ``n`` observations.

    ``low`` and ``high`` are ``None`` when the interval is undefined (fewer than two runs for a
    mean); ``estimate`` is ``None`` when there is no observation at all.
    """

    estimate: float | None
    low: float | None
    high: float | None
    n: int
    method: str

    def as_dict(self) -> dict[str, float | int | str | None]:
        return {
            "estimate": self.estimate,
            "low": self.low,
            "high": self.high,
            "n": self.n,
            "method": self.method,
        }


def _z(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence {confidence!r} must lie strictly between 0 and 1")
    return float(stats.norm.ppf(0.5 + confidence / 2.0))


def wilson_interval(successes: int, n: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval for ``successes`` out of ``n`` trials.

    With :math:`\\hat p = k/n` and :math:`z` the normal quantile,

    .. math:: \\frac{\\hat p + z^2/2n \\pm z\\sqrt{\\hat p(1-\\hat p)/n + z^2/4n^2}}{1 + z^2/n}

    (Wilson 1927; Newcombe 1998, method 3). For ``n == 0`` the interval is all of [0, 1].
    """
    if n < 0 or not 0 <= successes <= max(n, 0):
        raise ValueError(f"need 0 <= successes <= n, got {successes} of {n}")
    if n == 0:
        return Interval(None, 0.0, 1.0, 0, "wilson")
    z = _z(confidence)
    p = successes / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Interval(p, min(low, p), max(high, p), n, "wilson")


def mean_interval(values: np.ndarray, confidence: float = 0.95) -> Interval:
    """Mean of ``values`` (NaNs dropped) with a Student-t interval over the observations."""
    _z(confidence)  # validates the level
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return Interval(None, None, None, 0, "t")
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, None, None, 1, "t")
    sd = float(x.std(ddof=1))
    half = float(stats.t.ppf(0.5 + confidence / 2.0, n - 1)) * sd / math.sqrt(n)
    return Interval(mean, min(mean - half, mean), max(mean + half, mean), n, "t")


def positive_mean_interval(
    values: np.ndarray, confidence: float = 0.95, resamples: int = BOOTSTRAP_RESAMPLES
) -> Interval:
    """Mean of ``values`` (NaNs dropped) with a bootstrap percentile interval.

    The interval lies within [min, max] of the values, so a quantity that cannot be negative
    gets an interval that never crosses zero. The resampling is seeded from the data's size, so
    the same values always give the same interval. For more than :data:`BOOTSTRAP_MAX_N`
    values, the t interval clipped to the data's range (method ``"t-clipped"``) is used.
    """
    _z(confidence)
    x = np.asarray(values, dtype=float).ravel()
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return Interval(None, None, None, 0, "bootstrap")
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, None, None, 1, "bootstrap")
    lo_x, hi_x = float(x.min()), float(x.max())
    if n > BOOTSTRAP_MAX_N:
        t = mean_interval(x, confidence)
        assert t.low is not None and t.high is not None
        return Interval(mean, max(t.low, lo_x), min(t.high, hi_x), n, "t-clipped")
    gen = np.random.default_rng(np.random.SeedSequence([n, resamples]))
    means = np.empty(resamples)
    chunk = max(1, 2_000_000 // n)  # bound memory: at most ~2e6 indices at once
    for start in range(0, resamples, chunk):
        stop = min(resamples, start + chunk)
        means[start:stop] = x[gen.integers(0, n, size=(stop - start, n))].mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    low, high = (float(q) for q in np.quantile(means, [alpha, 1.0 - alpha]))
    return Interval(mean, max(min(low, mean), lo_x), min(max(high, mean), hi_x), n, "bootstrap")
