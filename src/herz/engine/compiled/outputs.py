"""What a batch keeps of the fused step's pair records: the dyad table's counts, compiled.

:func:`dyad_counts` adds one step's counts over runs per unordered pair ``i < j`` in the order of
:data:`herz.engine.simulate.DYAD_SERIES`, as ``herz.engine.simulate._dyad_step`` computes them
from a :class:`herz.engine.step.PairRecord`: an event of either side, a war of each kind, the
MID hostility levels reached (Jones, Bremer & Singer 1996) and the chance that either side
starts a war.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["dyad_counts"]


@numba.njit(cache=True)
def dyad_counts(incident: np.ndarray, crisis: np.ndarray, demand: np.ndarray,
                deployment: np.ndarray, force: np.ndarray, war: np.ndarray,
                hazard: np.ndarray, level: np.ndarray, own_level: np.ndarray,
                kinds: np.ndarray, out: np.ndarray) -> None:
    """Add the counts of one step to ``out`` ``(series, pairs)``."""
    runs, n = incident.shape[0], incident.shape[1]
    n_kinds = kinds.shape[0]
    for r in range(runs):
        p = 0
        for i in range(n):
            for j in range(i + 1, n):
                out[0, p] += incident[r, i, j] or incident[r, j, i]
                out[1, p] += crisis[r, i, j] or crisis[r, j, i]
                out[2, p] += demand[r, i, j] or demand[r, j, i]
                out[3, p] += deployment[r, i, j] or deployment[r, j, i]
                out[4, p] += force[r, i, j] or force[r, j, i]
                out[5, p] += war[r, i, j] > 0 or war[r, j, i] > 0
                for c in range(n_kinds):
                    out[6 + c, p] += war[r, i, j] == kinds[c] or war[r, j, i] == kinds[c]
                for k in range(4):
                    out[6 + n_kinds + k, p] += level[r, i, j] >= k + 2
                    out[10 + n_kinds + k, p] += own_level[r, i, j] >= k + 2
                out[14 + n_kinds, p] += 1.0 - (1.0 - hazard[r, i, j]) * (1.0 - hazard[r, j, i])
                p += 1
