"""The quantile sketches (:class:`herz.engine.sketch.QuantileSketch`), compiled: counting a
frame's values and reading the quantiles off the counts. The fused step's batches count six
per-actor series a step, and numpy's version makes a dozen passes and temporaries over them
where one loop will do; numpy's quantiles make a cumulative sum and a pass per level over
every frame and cell where one pass will do.

The bucket of ``x`` is the reference's (:func:`herz.engine.sketch.buckets`; DDSketch: Masson,
Rim & Lee 2019), found without a logarithm: the number of the reference's bucket edges
(:func:`herz.engine.sketch.bucket_edges`, each the least double of its bucket under numpy's
own logarithm) that ``x`` reaches, looked up from the bits of ``x`` (its exponent and the top
:data:`MANTISSA_BITS` of its mantissa: bins of relative width ``2**-7``, narrower than a
bucket, so that at most one edge lies within a bin) and settled by one comparison with the
next edge. A logarithm per value cost four times as much, and the C library's may differ from
numpy's in the last bit. The quantile at level ``q`` of a cell of ``n`` values is the
reference's too, bucket for bucket: the first bucket whose cumulative count exceeds the rank
``floor(q (n - 1))`` (the top one if none does).
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numba
import numpy as np

from herz.engine.compiled import parallel
from herz.engine.compiled.libm import _bits
from herz.engine.sketch import _BUCKETS, QuantileSketch, bucket_edges, bucket_values

__all__ = ["MANTISSA_BITS", "bucket", "bucket_table", "count_into", "quantiles"]

#: Mantissa bits of a value that pick its bin in :func:`bucket_table`.
MANTISSA_BITS = 7
_SHIFT = 52 - MANTISSA_BITS


@functools.cache
def bucket_table() -> tuple[np.ndarray, np.ndarray]:
    """``(edges, first)``: the reference's bucket edges, with ``+inf`` after the top one, and,
    per bin of doubles from the edge of bucket 1 to that of the top bucket (the doubles
    sharing their bits above :data:`MANTISSA_BITS` of mantissa), the bucket of the least of
    them at or above edge 1."""
    edges = bucket_edges()
    low, high = (int(np.array(edges[k]).view(np.int64)) >> _SHIFT for k in (1, len(edges) - 1))
    bins = (np.arange(low, high + 1, dtype=np.int64) << _SHIFT).view(float)
    first = np.searchsorted(edges[1:], np.maximum(bins, edges[1]), side="right")
    # one comparison settles a value's bucket: at most one edge from a bin's start to the next
    assert np.diff(first).max() <= 1
    return np.append(edges, np.inf), first.astype(np.int64)


@numba.njit(cache=True, inline="always", error_model="numpy")
def bucket(x: float, edges: np.ndarray, first: np.ndarray) -> int:
    """The bucket of ``x`` (:func:`herz.engine.sketch.buckets`), from :func:`bucket_table`.
    Without branches: at most one edge lies in a bin, and values at zero, the commonest, would
    mispredict one."""
    top = edges.shape[0] - 2
    below = not x >= edges[1]  # bucket 0, NaN included
    y = min(edges[1] if below else x, edges[top])
    bits: Any = _bits  # numba types the intrinsic
    k = first[(bits(y) >> _SHIFT) - (bits(edges[1]) >> _SHIFT)]
    k += y >= edges[k + 1]
    return 0 if below else int(k)


@numba.njit(cache=True, error_model="numpy")
def _count(values: np.ndarray, counts: np.ndarray, edges: np.ndarray,
           first: np.ndarray) -> None:
    for r in range(values.shape[0]):
        for c in range(values.shape[1]):
            counts[c, bucket(values[r, c], edges, first)] += 1


def count_into(sketch: QuantileSketch, t: int, values: np.ndarray) -> None:
    """:meth:`QuantileSketch.add` of ``values`` ``(runs, cells)`` at frame ``t``, compiled."""
    assert sketch.counts.shape[2] == _BUCKETS
    _count(np.ascontiguousarray(values, dtype=float).reshape(len(values), sketch.cells),
           sketch.counts[t], *bucket_table())


@numba.njit(cache=True, inline="always", error_model="numpy")
def _frame_quantiles(counts: np.ndarray, levels: np.ndarray, order: np.ndarray,
                     values: np.ndarray, out: np.ndarray, s: int, t: int) -> None:
    """Frame ``t`` of sketch ``s``, cell by cell: the cell's total, then one pass over its
    buckets' cumulative counts until the bucket of every level is found, the levels in the
    order of their ranks (``order``: ascending levels, whose ranks ascend for a cell of at least
    one value)."""
    n_buckets, n_levels = counts.shape[3], levels.shape[0]
    rank = np.empty(n_levels)
    found = np.empty(n_levels, dtype=np.int64)  # the first bucket whose count exceeds the rank
    for c in range(counts.shape[2]):
        total = np.int64(0)
        for b in range(n_buckets):
            total += np.int64(counts[s, t, c, b])
        for q in range(n_levels):
            rank[q] = math.floor(levels[q] * float(total - 1))
            # an empty cell: no count exceeds a rank of 0 (a level of 0), every one exceeds -1
            found[q] = 0 if rank[q] < 0.0 else n_buckets
        if total > 0:
            p = 0
            cum = np.int64(0)
            for b in range(n_buckets):
                cum += np.int64(counts[s, t, c, b])
                while p < n_levels and float(cum) > rank[order[p]]:
                    found[order[p]] = b
                    p += 1
                if p == n_levels:
                    break
        for q in range(n_levels):
            out[s, q, t, c] = values[min(found[q], n_buckets - 1)]


@numba.njit(cache=True, error_model="numpy")
def _quantiles_serial(counts: np.ndarray, levels: np.ndarray, order: np.ndarray,
                      values: np.ndarray, out: np.ndarray) -> None:
    for k in range(counts.shape[0] * counts.shape[1]):
        _frame_quantiles(counts, levels, order, values, out, k // counts.shape[1],
                         k % counts.shape[1])


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _quantiles_parallel(counts: np.ndarray, levels: np.ndarray, order: np.ndarray,
                        values: np.ndarray, out: np.ndarray) -> None:
    for i in numba.prange(counts.shape[0] * counts.shape[1]):
        k = np.int64(i)  # a parallel loop's index is unsigned
        _frame_quantiles(counts, levels, order, values, out, k // counts.shape[1],
                         k % counts.shape[1])


def quantiles(counts: np.ndarray, levels: tuple[float, ...]) -> np.ndarray:
    """:meth:`QuantileSketch.quantiles` of sketches whose counts lie side by side,
    ``counts`` ``(sketches, frames, cells, buckets)``: ``(sketches, len(levels), frames,
    cells)``, each cell on its own (on threads for large batches), so equal whatever the
    threads."""
    assert counts.ndim == 4 and counts.shape[3] == _BUCKETS
    out = np.empty((counts.shape[0], len(levels), *counts.shape[1:3]))
    kernel = _quantiles_parallel if parallel(counts.size) else _quantiles_serial
    q = np.asarray(levels, dtype=float)
    kernel(np.ascontiguousarray(counts), q, np.argsort(q, kind="stable"), bucket_values(), out)
    return out
