"""Per-step quantiles over all runs of a batch, from a mergeable sketch of bounded memory.

A batch keeps whole trajectories only for its kept runs; the quantiles over **all** runs come
from a log-bucket histogram (DDSketch: Masson, Rim & Lee 2019, "DDSketch: a fast and
fully-mergeable quantile sketch with relative-error guarantees", PVLDB 12(12)). Values
``x >= x_min`` fall into bucket ``k = 1 + floor(log(x / x_min) / log(gamma))`` with
``gamma = (1 + alpha) / (1 - alpha)``; a bucket's representative ``x_min * gamma**(k - 1) * 2 *
gamma / (gamma + 1)`` lies within a relative ``alpha`` of every value in it. Values below
``x_min`` (the engine's series are never negative) share bucket 0, represented by 0 (absolute
error below ``x_min``); values above the top bucket are clipped into it.

Guarantee: the sketch's ``q``-quantile is within a relative ``alpha`` (or ``x_min`` absolute)
of the order statistic ``x_(floor(q (n - 1)))`` of the values seen (``numpy.quantile(...,
method="lower")``), for ``x_min <= x < x_max``. Counts add, so the result does not depend on
how the runs were cut into chunks.
"""

from __future__ import annotations

import functools
import math
from dataclasses import InitVar, dataclass, field

import numpy as np

__all__ = ["ALPHA", "X_MAX", "X_MIN", "QuantileSketch", "bucket_edges", "buckets",
           "exact_quantiles"]

#: Relative accuracy of every quantile.
ALPHA = 0.01
#: Values below this share one bucket (absolute error below it).
X_MIN = 1e-6
#: Values above this are clipped into the top bucket.
X_MAX = 1e9

_GAMMA = (1 + ALPHA) / (1 - ALPHA)
_LOG_GAMMA = math.log(_GAMMA)
_BUCKETS = 2 + math.ceil(math.log(X_MAX / X_MIN) / _LOG_GAMMA)


def bucket_values() -> np.ndarray:
    """The representative value of each bucket."""
    k = np.arange(_BUCKETS, dtype=float)
    out = X_MIN * _GAMMA ** (k - 1) * 2 * _GAMMA / (_GAMMA + 1)
    out[0] = 0.0
    return out


def buckets(x: np.ndarray) -> np.ndarray:
    """The bucket of each value (int64): ``1 + floor(log(x / x_min) / log(gamma))`` clipped
    into the top bucket, 0 below ``x_min`` (NaN included)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        k = np.floor(np.log(x * (1.0 / X_MIN)) * (1.0 / _LOG_GAMMA)) + 1.0
    return np.where(x >= X_MIN, np.minimum(k, _BUCKETS - 1), 0.0).astype(np.int64)


@functools.cache
def bucket_edges() -> np.ndarray:
    """``edges[k]``, ``k >= 1``: the least double whose bucket (:func:`buckets`) is ``k`` or
    more (``edges[0]`` is ``-inf``), found by bisection over the doubles with :func:`buckets`
    itself, so that a value's bucket is the number of edges from 1 up that it reaches, as
    :func:`buckets` computes it (for a logarithm that never decreases)."""
    k = np.arange(1, _BUCKETS)
    # positive doubles are ordered as their bit patterns
    lo = np.full(len(k), np.array(X_MIN).view(np.int64) - 1)  # bucket 0, below every k
    hi = np.full(len(k), np.array(np.inf).view(np.int64))  # the top bucket
    while np.any(hi - lo > 1):
        mid = lo + (hi - lo) // 2
        reached = buckets(mid.view(float)) >= k
        hi, lo = np.where(reached, mid, hi), np.where(reached, lo, mid)
    edges = np.concatenate([[-np.inf], hi.view(float)])
    edges.flags.writeable = False
    return edges


@dataclass
class QuantileSketch:
    """Counts per step, cell and bucket for values shaped ``(runs, *cells)`` step by step."""

    steps: int  # frames, steps + 1 for a run of ``steps`` steps
    cells: int  # values per run and frame (N for a per-actor series)
    counts: np.ndarray = field(init=False, repr=False)  # (steps, cells, buckets) uint32
    #: Counts to count into (zeros, ``(steps, cells, buckets)`` uint32), e.g. a view of
    #: sketches stored side by side; default: its own.
    into: InitVar[np.ndarray | None] = None

    def __post_init__(self, into: np.ndarray | None) -> None:
        shape = (self.steps, self.cells, _BUCKETS)
        if into is None:
            into = np.zeros(shape, dtype=np.uint32)
        if into.shape != shape or into.dtype != np.uint32:
            raise ValueError(f"counts {into.shape} {into.dtype}, not {shape} uint32")
        self.counts = into

    @staticmethod
    def bytes_for(steps: int, cells: int) -> int:
        """Bytes of the counts of a sketch of this size."""
        return 4 * steps * cells * _BUCKETS

    def add(self, t: int, values: np.ndarray) -> None:
        """Count ``values`` (``(runs, cells)``) at frame ``t``."""
        k = buckets(np.asarray(values, dtype=float).reshape(len(values), self.cells))
        flat = (k + np.arange(self.cells) * _BUCKETS).ravel()
        counts = self.counts[t].reshape(-1)
        if 8 * flat.size < counts.size:  # few values: count them where they fall
            np.add.at(counts, flat, 1)
        else:
            counts += np.bincount(flat, minlength=counts.size).astype(np.uint32)

    def quantiles(self, levels: tuple[float, ...]) -> np.ndarray:
        """``(len(levels), steps, cells)``: the sketch's quantile at each level."""
        values = bucket_values()
        out = np.empty((len(levels), self.steps, self.cells))
        for t in range(self.steps):  # a frame at a time: bounded memory
            cum = np.cumsum(self.counts[t], axis=-1, dtype=np.int64)
            n = cum[:, -1:]
            for i, q in enumerate(levels):
                rank = np.floor(q * (n - 1))
                # the first bucket whose cumulative count exceeds the rank holds x_(rank)
                k = (cum <= rank).sum(axis=-1)
                out[i, t] = values[np.minimum(k, _BUCKETS - 1)]
        return out


def exact_quantiles(values: np.ndarray, levels: tuple[float, ...]) -> np.ndarray:
    """``(len(levels), *values.shape[1:])``: the order statistics ``x_(floor(q (n - 1)))`` over
    the first axis (what the sketch approximates), for batches that keep every run."""
    return np.quantile(np.asarray(values, dtype=float), levels, axis=0, method="lower")
