"""The quantile sketches (:class:`herz.engine.sketch.QuantileSketch`), compiled: counting a
frame's values and reading the quantiles off the counts. The fused step's batches count six
per-actor series a step, and numpy's version makes a dozen passes and temporaries over them
where one loop will do; numpy's quantiles make a cumulative sum and a pass per level over
every frame and cell where one pass will do.

The bucket of ``x`` is the reference's, operation for operation (DDSketch: Masson, Rim & Lee
2019): ``1 + floor(log(x / x_min) / log(gamma))``, clipped into the top bucket, and bucket 0
below ``x_min`` (NaN included). ``log`` is the C library's where numpy's may differ in the last
bit, which moves a value only if it lies within rounding of a bucket's edge. The quantile at
level ``q`` of a cell of ``n`` values is the reference's too, bucket for bucket: the first
bucket whose cumulative count exceeds the rank ``floor(q (n - 1))`` (the top one if none does).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled import parallel
from herz.engine.sketch import _BUCKETS, _LOG_GAMMA, X_MIN, QuantileSketch, bucket_values

__all__ = ["INV_LOG_GAMMA", "INV_X_MIN", "bucket", "count_into", "quantiles"]

#: The constants of :func:`bucket`, as the reference computes them.
INV_X_MIN = 1.0 / X_MIN
INV_LOG_GAMMA = 1.0 / _LOG_GAMMA


@numba.njit(cache=True, inline="always", error_model="numpy")
def bucket(x: float, top: int) -> int:
    """The bucket of ``x`` in a sketch whose top bucket is ``top``."""
    if x >= X_MIN:
        return int(min(math.floor(math.log(x * INV_X_MIN) * INV_LOG_GAMMA) + 1.0, top))
    return 0


@numba.njit(cache=True, error_model="numpy")
def _count(values: np.ndarray, counts: np.ndarray) -> None:
    top = counts.shape[1] - 1
    for r in range(values.shape[0]):
        for c in range(values.shape[1]):
            counts[c, bucket(values[r, c], top)] += 1


def count_into(sketch: QuantileSketch, t: int, values: np.ndarray) -> None:
    """:meth:`QuantileSketch.add` of ``values`` ``(runs, cells)`` at frame ``t``, compiled."""
    assert sketch.counts.shape[2] == _BUCKETS
    _count(np.ascontiguousarray(values, dtype=float).reshape(len(values), sketch.cells),
           sketch.counts[t])


@numba.njit(cache=True, inline="always", error_model="numpy")
def _cell_quantiles(counts: np.ndarray, levels: np.ndarray, values: np.ndarray,
                    out: np.ndarray, s: int, t: int, c: int) -> None:
    """One cell's quantiles: its total, then one pass over its buckets' cumulative counts
    until every level's bucket is found."""
    n_buckets, n_levels = counts.shape[3], levels.shape[0]
    total = np.int64(0)
    for b in range(n_buckets):
        total += np.int64(counts[s, t, c, b])
    rank = np.empty(n_levels)
    found = np.full(n_levels, n_buckets)  # the first bucket whose count exceeds the rank
    for q in range(n_levels):
        rank[q] = math.floor(levels[q] * float(total - 1))
    left = n_levels
    cum = np.int64(0)
    for b in range(n_buckets):
        cum += np.int64(counts[s, t, c, b])
        for q in range(n_levels):
            if found[q] == n_buckets and float(cum) > rank[q]:
                found[q] = b
                left -= 1
        if left == 0:
            break
    for q in range(n_levels):
        out[s, q, t, c] = values[min(found[q], n_buckets - 1)]


@numba.njit(cache=True, error_model="numpy")
def _quantiles_serial(counts: np.ndarray, levels: np.ndarray, values: np.ndarray,
                      out: np.ndarray) -> None:
    sketches, frames, cells = counts.shape[0], counts.shape[1], counts.shape[2]
    for cell in range(sketches * frames * cells):
        k = np.int64(cell)  # a parallel loop's index is unsigned
        s, rest = k // (frames * cells), k % (frames * cells)
        _cell_quantiles(counts, levels, values, out, s, rest // cells, rest % cells)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _quantiles_parallel(counts: np.ndarray, levels: np.ndarray, values: np.ndarray,
                        out: np.ndarray) -> None:
    sketches, frames, cells = counts.shape[0], counts.shape[1], counts.shape[2]
    for cell in numba.prange(sketches * frames * cells):
        k = np.int64(cell)  # a parallel loop's index is unsigned
        s, rest = k // (frames * cells), k % (frames * cells)
        _cell_quantiles(counts, levels, values, out, s, rest // cells, rest % cells)


def quantiles(counts: np.ndarray, levels: tuple[float, ...]) -> np.ndarray:
    """:meth:`QuantileSketch.quantiles` of sketches whose counts lie side by side,
    ``counts`` ``(sketches, frames, cells, buckets)``: ``(sketches, len(levels), frames,
    cells)``, each cell on its own (on threads for large batches), so equal whatever the
    threads."""
    assert counts.ndim == 4 and counts.shape[3] == _BUCKETS
    out = np.empty((counts.shape[0], len(levels), *counts.shape[1:3]))
    kernel = _quantiles_parallel if parallel(counts.size) else _quantiles_serial
    kernel(np.ascontiguousarray(counts), np.asarray(levels, dtype=float), bucket_values(), out)
    return out
