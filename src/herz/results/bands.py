r"""Per-step quantile bands over **every** run of a batch, accumulated chunk by chunk.

The engine keeps whole trajectories only for the first ``keep`` runs, so bands drawn from them
show single runs as spikes (a war hazard of 1.0 around a median of 0 with 20 kept runs).
:class:`BandAccumulator` is handed each chunk's trajectories while the batch runs
(``simulate(..., on_chunk=acc.add)``) and keeps, per variable, step and actor (or ordered
pair), a weighted summary from which :meth:`BandAccumulator.quantiles` gives the 5%, 50% and
95% quantiles across all runs.

Summary (a mergeable quantile summary in the manner of Greenwald & Khanna 2001): a chunk of
``s <= resolution`` runs is kept as it is, each value with weight 1; a larger chunk is kept
as ``resolution`` of its quantiles at the levels ``(j + 1/2) / resolution``, each with weight
``s / resolution``. When the stored rows pass ``4 * resolution`` they are merged the same way
into ``resolution`` rows. Quantiles are read with Hazen's plotting positions (Hyndman & Fan
1996, definition 5): the ``i``-th of the sorted values, with the weight ``W_<i`` of those
before it, sits at ``(W_<i + w_i / 2) / W``, and a level between two positions is interpolated
linearly. Guarantees:

* **exact** (equal to ``numpy.quantile(values, q, method="hazen")`` over all runs) while no
  chunk has more runs than ``resolution`` and no merge happened;
* otherwise each summary step moves a value's rank by at most ``1 / resolution`` of the runs,
  so a quantile is off by at most ``(1 + merges) / resolution`` in rank (:attr:`rank_error`).

Memory: at most ``5 * resolution`` float32 rows of the chunk's cells (steps + 1 times the
series' actors and pairs); :func:`resolution_for` picks the largest resolution (up to 1000)
that fits a byte budget.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

__all__ = ["BandAccumulator", "Bands", "resolution_for", "weighted_quantiles"]

#: The levels of the bands.
LEVELS = (0.05, 0.5, 0.95)
MAX_RESOLUTION = 1000
MIN_RESOLUTION = 50

#: variable -> (3, steps + 1, ...) array of the q05, q50, q95 quantiles.
Bands = dict[str, np.ndarray]


def weighted_quantiles(values: np.ndarray, weights: np.ndarray,
                       levels: tuple[float, ...] | np.ndarray) -> np.ndarray:
    """Quantiles of each column of ``values`` (rows: observations) with row ``weights``.

    Hazen's positions (see the module docstring); levels below the first position or above the
    last give the smallest or largest value. Returns ``(len(levels), *values.shape[1:])``.
    """
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    flat = v.reshape(v.shape[0], -1)
    order = np.argsort(flat, axis=0, kind="stable")
    sv = np.take_along_axis(flat, order, axis=0)
    sw = w[order]
    cum = np.cumsum(sw, axis=0)
    pos = (cum - sw / 2.0) / cum[-1]
    out = np.empty((len(levels), flat.shape[1]))
    cols = np.arange(flat.shape[1])
    last = flat.shape[0] - 1
    for k, p in enumerate(levels):
        hi = np.minimum((pos < p).sum(axis=0), last)
        lo = np.maximum(hi - 1, 0)
        p_lo, p_hi = pos[lo, cols], pos[hi, cols]
        v_lo, v_hi = sv[lo, cols], sv[hi, cols]
        span = np.where(p_hi > p_lo, p_hi - p_lo, 1.0)
        frac = np.clip((p - p_lo) / span, 0.0, 1.0)
        out[k] = np.where(p <= pos[0], sv[0], v_lo + frac * (v_hi - v_lo))
    return out.reshape(len(levels), *v.shape[1:])


def resolution_for(cells: int, budget_bytes: int = 64 * 2**20) -> int:
    """The largest resolution (``MIN_RESOLUTION`` to ``MAX_RESOLUTION``) whose summaries of
    ``cells`` float32 cells (at most ``5 * resolution`` rows) fit in ``budget_bytes``."""
    fit = budget_bytes // max(1, 5 * 4 * cells)
    return int(max(MIN_RESOLUTION, min(MAX_RESOLUTION, fit)))


class BandAccumulator:
    """Quantile bands over all runs of the variables named, fed one chunk at a time.

    ``add`` takes a mapping of variable -> ``(runs_in_chunk, steps + 1, ...)`` arrays (what the
    engine holds for a chunk); variables not named in ``variables`` are ignored.
    """

    def __init__(self, variables: tuple[str, ...], resolution: int = MAX_RESOLUTION) -> None:
        if resolution < 1:
            raise ValueError("resolution must be >= 1")
        self.variables = variables
        self.resolution = resolution
        self.n_runs = 0
        self.merges = 0
        self._rows: dict[str, list[np.ndarray]] = {v: [] for v in variables}
        self._weights: list[np.ndarray] = []

    @property
    def rank_error(self) -> float:
        """Largest error of a quantile's rank, as a share of the runs (0: exact)."""
        summarised = self.merges > 0 or any(w.size and w.max() > 1 for w in self._weights)
        return (1 + self.merges) / self.resolution if summarised else 0.0

    def _summary(self, values: np.ndarray, weight: float) -> tuple[np.ndarray, float]:
        if values.shape[0] <= self.resolution:
            return values.astype(np.float32), weight
        # Hazen's quantiles at the levels (j + 1/2) / resolution from one sort (numpy's
        # quantile with 1000 levels partitions once per level: several times slower)
        n = values.shape[0]
        ordered = np.sort(values, axis=0)
        h = np.clip((np.arange(self.resolution) + 0.5) / self.resolution * n - 0.5, 0, n - 1)
        lo = np.floor(h).astype(np.int64)
        hi = np.minimum(lo + 1, n - 1)
        frac = (h - lo).reshape(-1, *([1] * (values.ndim - 1)))
        q = ordered[lo] + frac * (ordered[hi] - ordered[lo])
        return q.astype(np.float32), weight * n / self.resolution

    def add(self, chunk: Mapping[str, np.ndarray]) -> None:
        """Fold one chunk of runs into the summaries."""
        size = None
        for var in self.variables:
            values = np.asarray(chunk[var])
            size = values.shape[0] if size is None else size
            rows, weight = self._summary(values, 1.0)
            self._rows[var].append(rows)
        if size is None:
            return
        self._weights.append(np.full(min(size, self.resolution),
                                     1.0 if size <= self.resolution else size / self.resolution))
        self.n_runs += size
        if sum(w.size for w in self._weights) > 4 * self.resolution:
            self._merge()

    def _merge(self) -> None:
        weights = np.concatenate(self._weights)
        levels = (np.arange(self.resolution) + 0.5) / self.resolution
        for var in self.variables:
            rows = np.concatenate(self._rows[var])
            self._rows[var] = [weighted_quantiles(rows, weights, levels).astype(np.float32)]
        self._weights = [np.full(self.resolution, weights.sum() / self.resolution)]
        self.merges += 1

    def quantiles(self) -> Bands:
        """Per variable, the ``(3, steps + 1, ...)`` q05, q50 and q95 across all runs."""
        if not self._weights:
            raise ValueError("no runs were added")
        weights = np.concatenate(self._weights)
        return {var: weighted_quantiles(np.concatenate(self._rows[var]), weights, LEVELS)
                for var in self.variables}
