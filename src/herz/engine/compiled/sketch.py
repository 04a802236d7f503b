"""Counting a frame's values into a quantile sketch (:class:`herz.engine.sketch.QuantileSketch`),
compiled: the fused step's batches count six per-actor series a step, and numpy's version makes
a dozen passes and temporaries over them where one loop will do.

The bucket of ``x`` is the reference's, operation for operation (DDSketch: Masson, Rim & Lee
2019): ``1 + floor(log(x / x_min) / log(gamma))``, clipped into the top bucket, and bucket 0
below ``x_min`` (NaN included). ``log`` is the C library's where numpy's may differ in the last
bit, which moves a value only if it lies within rounding of a bucket's edge.
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.sketch import _BUCKETS, _LOG_GAMMA, X_MIN, QuantileSketch

__all__ = ["count_into"]


@numba.njit(cache=True, error_model="numpy")
def _count(values: np.ndarray, counts: np.ndarray, x_min: float, inv_x_min: float,
           inv_log_gamma: float) -> None:
    top = counts.shape[1] - 1
    for r in range(values.shape[0]):
        for c in range(values.shape[1]):
            x = values[r, c]
            k = 0
            if x >= x_min:
                k = int(min(math.floor(math.log(x * inv_x_min) * inv_log_gamma) + 1.0, top))
            counts[c, k] += 1


def count_into(sketch: QuantileSketch, t: int, values: np.ndarray) -> None:
    """:meth:`QuantileSketch.add` of ``values`` ``(runs, cells)`` at frame ``t``, compiled."""
    assert sketch.counts.shape[2] == _BUCKETS
    _count(np.ascontiguousarray(values, dtype=float).reshape(len(values), sketch.cells),
           sketch.counts[t], X_MIN, 1.0 / X_MIN, 1.0 / _LOG_GAMMA)
