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

__all__ = ["dyad_counts", "record_frame", "tally"]


@numba.njit(cache=True, error_model="numpy")
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


@numba.njit(cache=True, error_model="numpy")
def record_frame(state_frame: int, perception_frame: int, start: int, keep: int,
                 forces: np.ndarray, cost: np.ndarray, gdp: np.ndarray, alert: np.ndarray,
                 belief: np.ndarray, spent: np.ndarray, security: np.ndarray,
                 war_hazard: np.ndarray, threat: np.ndarray, first_strike: np.ndarray,
                 sss: np.ndarray, actor_sums: np.ndarray, actor_kept: np.ndarray,
                 pair_sums: np.ndarray, pair_kept: np.ndarray) -> None:
    """Add to a batch's store what a chunk of runs ``start, start + 1, ...`` shows: the sums
    over runs and the kept runs' trajectories (``herz.engine.simulate``'s grouped arrays, series
    in the order of ``ACTOR_SERIES`` and ``PAIR_SERIES``). Frame ``state_frame`` gets the series
    read off the state (arms, GDP, alert, beliefs), frame ``perception_frame`` those the step
    produced (spending, security, war hazard, threat, first strike, second strike); -1: none."""
    sf, pf = state_frame, perception_frame
    shaped = gdp if sf >= 0 else spent  # the other part's arrays may be empty stand-ins
    runs, n = shaped.shape[0], shaped.shape[1]
    n_classes = forces.shape[2]
    for r in range(runs):
        row = start + r
        kept = row < keep
        for i in range(n):
            if sf >= 0:
                arms = 0.0
                for k in range(n_classes):
                    arms += forces[r, i, k] * cost[k]
                _add(actor_sums, actor_kept, 0, sf, row, kept, i, arms)
                _add(actor_sums, actor_kept, 3, sf, row, kept, i, gdp[r, i])
                _add(actor_sums, actor_kept, 4, sf, row, kept, i, alert[r, i])
            if pf >= 0:
                _add(actor_sums, actor_kept, 1, pf, row, kept, i, spent[r, i])
                _add(actor_sums, actor_kept, 2, pf, row, kept, i, security[r, i])
                _add(actor_sums, actor_kept, 5, pf, row, kept, i, war_hazard[r, i])
            for j in range(n):
                if sf >= 0:
                    _add_pair(pair_sums, pair_kept, 0, sf, row, kept, i, j, belief[r, i, j])
                if pf >= 0:
                    _add_pair(pair_sums, pair_kept, 1, pf, row, kept, i, j, threat[r, i, j])
                    _add_pair(pair_sums, pair_kept, 2, pf, row, kept, i, j,
                              first_strike[r, i, j])
                    _add_pair(pair_sums, pair_kept, 3, pf, row, kept, i, j, sss[r, i, j])


@numba.njit(cache=True, inline="always", error_model="numpy")
def _add(sums: np.ndarray, kept: np.ndarray, s: int, f: int, row: int, keep_it: bool, i: int,
         value: float) -> None:
    sums[s, f, i] += value
    if keep_it:
        kept[s, row, f, i] = value


@numba.njit(cache=True, inline="always", error_model="numpy")
def _add_pair(sums: np.ndarray, kept: np.ndarray, s: int, f: int, row: int, keep_it: bool,
              i: int, j: int, value: float) -> None:
    sums[s, f, i, j] += value
    if keep_it:
        kept[s, row, f, i, j] = value


@numba.njit(cache=True, error_model="numpy")
def tally(step: int, incidents: np.ndarray, crises: np.ndarray, wars: np.ndarray,
          n_incidents: np.ndarray, n_crises: np.ndarray, n_wars: np.ndarray,
          first_war: np.ndarray) -> None:
    """Add a step's counts to a chunk's totals (per run; wars per kind, columns in the order of
    :data:`herz.engine.actions.WAR_KINDS`) and note the step of each run's first war."""
    for r in range(incidents.shape[0]):
        incidents[r] += n_incidents[r]
        crises[r] += n_crises[r]
        started = 0
        for c in range(wars.shape[1]):
            wars[r, c] += n_wars[r, c]
            started += n_wars[r, c]
        if first_war[r] < 0 and started > 0:
            first_war[r] = step
