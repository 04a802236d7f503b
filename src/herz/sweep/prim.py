"""PRIM, the Patient Rule Induction Method, for scenario discovery.

Friedman and Fisher (1999), "Bump hunting in high-dimensional data", *Statistics and
Computing* 9: 123-143; used for scenario discovery by Bryant and Lempert (2010), "Thinking
inside the box", *Technological Forecasting and Social Change* 77: 34-49.

Given points ``x`` (n, d) and a 0/1 outcome ``y`` (1: a case of interest, e.g. a point where
war is likely), PRIM looks for a box, a product of intervals, in which cases of interest are
dense. **Peeling**: starting from the box holding every point, at each step it considers, for
every dimension, removing the ``alpha`` share of the box's points with the lowest or the highest
values, and keeps the peel that leaves the highest mean of ``y``; it stops when the box holds
fewer than ``min_support`` of all points. Each box of this *peeling trajectory* is described by

* **coverage**: the share of all cases of interest that lie in the box,
* **density**: the share of the points in the box that are cases of interest,
* **support**: the share of all points in the box.

herz picks from the trajectory the box with the largest harmonic mean of coverage and density
(an explicit rule where Bryant and Lempert leave the choice to the analyst; the whole trajectory
is returned to choose otherwise). **Covering**: the points of the chosen box are removed and the
search is repeated for the next box. Departure from Friedman and Fisher: no *pasting* phase
(re-expanding the box after peeling), which they found changes boxes little.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Box", "PrimResult", "prim", "prim_covering"]


@dataclass(frozen=True)
class Box:
    """One box: ``limits[j] = (low, high)`` per dimension (closed), and its quality."""

    limits: np.ndarray
    coverage: float
    density: float
    support: float
    n: int

    def contains(self, x: np.ndarray) -> np.ndarray:
        """Which rows of ``x`` lie in the box."""
        return np.all((x >= self.limits[:, 0]) & (x <= self.limits[:, 1]), axis=1)

    def restricted(self, x: np.ndarray) -> list[int]:
        """Dimensions the box restricts, compared with the range of ``x``."""
        lo, hi = x.min(axis=0), x.max(axis=0)
        return [j for j in range(x.shape[1])
                if self.limits[j, 0] > lo[j] or self.limits[j, 1] < hi[j]]


@dataclass(frozen=True)
class PrimResult:
    """The peeling trajectory and the chosen box."""

    trajectory: list[Box]
    chosen: int
    total_interest: float = field(default=0.0)

    @property
    def box(self) -> Box:
        return self.trajectory[self.chosen]


def _box_stats(inside: np.ndarray, y: np.ndarray, total: float, n_all: int) -> tuple[
    float, float, float, int
]:
    k = int(inside.sum())
    hits = float(y[inside].sum())
    density = hits / k if k else 0.0
    coverage = hits / total if total > 0 else 0.0
    return coverage, density, k / n_all, k


def prim(
    x: np.ndarray,
    y: np.ndarray,
    alpha: float = 0.05,
    min_support: float = 0.05,
    total_interest: float | None = None,
    n_all: int | None = None,
) -> PrimResult:
    """Peel one box from points ``x`` (n, d) with 0/1 outcomes ``y`` (see the module docstring).

    ``total_interest`` and ``n_all`` are the cases of interest and points of the whole data set
    (for covering, where ``x`` is what earlier boxes left); they default to those of ``x``.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    if x.ndim != 2 or len(x) != len(y) or len(y) == 0:
        raise ValueError("x must be (n, d) and y (n,), n >= 1")
    if not 0 < alpha < 0.5 or not 0 < min_support < 1:
        raise ValueError("need 0 < alpha < 0.5 and 0 < min_support < 1")
    total = float(y.sum()) if total_interest is None else total_interest
    n_all = len(y) if n_all is None else n_all
    limits = np.column_stack([x.min(axis=0), x.max(axis=0)])
    inside = np.ones(len(y), dtype=bool)
    trajectory = [Box(limits.copy(), *_box_stats(inside, y, total, n_all))]
    min_count = max(1, int(np.ceil(min_support * n_all)))
    while True:
        best: tuple[float, int, int, float] | None = None  # (mean, dim, side, cut)
        xi, yi = x[inside], y[inside]
        for j in range(x.shape[1]):
            col = xi[:, j]
            for side, q in ((0, alpha), (1, 1 - alpha)):
                cut = float(np.quantile(col, q, method="lower" if side == 0 else "higher"))
                keep = col > cut if side == 0 else col < cut
                k = int(keep.sum())
                if k == len(col) or k < min_count:
                    # A tie at the quantile: peel just the extreme value instead.
                    edge = col.min() if side == 0 else col.max()
                    keep = col > edge if side == 0 else col < edge
                    k = int(keep.sum())
                    if k == 0 or k < min_count:
                        continue
                    cut = float(edge)
                mean = float(yi[keep].mean())
                if best is None or mean > best[0]:
                    best = (mean, j, side, cut)
        if best is None:
            break
        _, j, side, cut = best
        new_inside = inside & ((x[:, j] > cut) if side == 0 else (x[:, j] < cut))
        limits[j, side] = (x[new_inside, j].min() if side == 0 else x[new_inside, j].max())
        inside = new_inside
        trajectory.append(Box(limits.copy(), *_box_stats(inside, y, total, n_all)))
    scores = [
        2 * b.coverage * b.density / (b.coverage + b.density) if b.coverage + b.density else 0.0
        for b in trajectory
    ]
    return PrimResult(trajectory, int(np.argmax(scores)), total)


def prim_covering(
    x: np.ndarray, y: np.ndarray, boxes: int = 2, alpha: float = 0.05, min_support: float = 0.05
) -> list[PrimResult]:
    """Find up to ``boxes`` boxes, each on the points the earlier boxes left (covering)."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    total, n_all = float(y.sum()), len(y)
    left = np.ones(len(y), dtype=bool)
    out: list[PrimResult] = []
    for _ in range(boxes):
        if y[left].sum() == 0 or left.sum() < max(1, min_support * n_all):
            break
        res = prim(x[left], y[left], alpha, min_support, total, n_all)
        out.append(res)
        inside = np.zeros(len(y), dtype=bool)
        inside[np.flatnonzero(left)[res.box.contains(x[left])]] = True
        left &= ~inside
    return out
