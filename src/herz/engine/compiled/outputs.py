"""What a batch keeps of the fused step's frames and pair records, compiled.

:func:`record_frame` adds a step's frames to the store in one call: the sums over runs for the
means, the kept runs' trajectories and the quantile sketches' counts
(:mod:`herz.engine.compiled.sketch`), the arms' value computed where it is read. Threads take
blocks of actors, each looping over the runs in their order, so that every element is summed
over the runs in their order (a thread count cannot change a mean); :func:`tally` adds the
per-run totals.

:func:`dyad_counts` adds one step's counts over runs per unordered pair ``i < j`` in the order of
:data:`herz.engine.simulate.DYAD_SERIES`, as ``herz.engine.simulate._dyad_step`` computes them
from a :class:`herz.engine.step.PairRecord`: an event of either side, a war of each kind, the
MID hostility levels reached (Jones, Bremer & Singer 1996) and the chance that either side
starts a war.

The fused step records each run's part right after its step (:func:`dyad_record_run`), while
its pair record is in the cache and on the thread that took it, as bits per pair; then
:func:`dyad_total` adds the runs' parts in loops that vectorise: integers, and the hazards in
the order of the runs, so the counts are those of :func:`dyad_counts`, exactly, whatever the
threads.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import parallel
from herz.engine.compiled.sketch import bucket, bucket_table

__all__ = ["NO_PERCEPTION", "NO_SKETCH", "dyad_counts", "dyad_record_run", "dyad_total",
           "record_frame", "tally"]


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


#: Where the hostility levels lie in a pair's bits (:func:`dyad_record_run`): 3 bits each.
_LEVEL_BITS = 20


@numba.njit(cache=True, error_model="numpy")
def dyad_record_run(r: int, incident: np.ndarray, crisis: np.ndarray, demand: np.ndarray,
                    deployment: np.ndarray, force: np.ndarray, war: np.ndarray,
                    hazard: np.ndarray, level: np.ndarray, own_level: np.ndarray,
                    kinds: np.ndarray, own: np.ndarray, record: np.ndarray,
                    pair_hazard: np.ndarray) -> None:
    """What run ``r`` adds to :func:`dyad_counts`, per unordered pair ``i < j`` (the ``p``-th
    in :func:`dyad_counts`'s order) in ``record[r, p]`` (int32, ``(R, pairs)``) and
    ``pair_hazard[r, p]``: the events of either side as bits
    (0 an incident, 1 a crisis, 2 a demand, 3 a deployment, 4 force, 5 a war, ``6 + c`` a war
    of kind ``kinds[c]``, at most 14 kinds), the MID levels reached (``level`` at bit 20,
    ``own_level`` at bit 23) and the chance that either side starts a war. ``own[r]``
    (int32, ``(R, N * N)``) is scratch: each side's own bits."""
    n = incident.shape[1]
    # each side's own acts, loops over rows that vectorise; then the two sides together, the
    # one pass with transposed reads
    for i in range(n):
        for j in range(n):
            own[r, i * n + j] = (
                np.int32(incident[r, i, j]) | (np.int32(crisis[r, i, j]) << 1)
                | (np.int32(demand[r, i, j]) << 2) | (np.int32(deployment[r, i, j]) << 3)
                | (np.int32(force[r, i, j]) << 4) | (np.int32(war[r, i, j] > 0) << 5))
    for c in range(kinds.shape[0]):
        code = kinds[c]
        for i in range(n):
            for j in range(n):
                own[r, i * n + j] |= np.int32(war[r, i, j] == code) << (6 + c)
    p = 0
    for i in range(n):
        for j in range(i + 1, n):
            record[r, p] = (own[r, i * n + j] | own[r, j * n + i]
                                 | (np.int32(level[r, i, j]) << _LEVEL_BITS)
                                 | (np.int32(own_level[r, i, j]) << (_LEVEL_BITS + 3)))
            pair_hazard[r, p] = 1.0 - (1.0 - hazard[r, i, j]) * (1.0 - hazard[r, j, i])
            p += 1


@numba.njit(cache=True, error_model="numpy")
def dyad_total(record: np.ndarray, pair_hazard: np.ndarray, runs: int, out: np.ndarray) -> None:
    """One step's counts in ``out`` ``(series, pairs)`` (overwritten), as :func:`dyad_counts`
    adds them, from runs ``0 .. runs - 1``'s :func:`dyad_record_run`: integers (so exactly),
    and the hazards summed over runs in their order. Loops over the pairs that vectorise."""
    pairs = out.shape[1]
    last = out.shape[0] - 1
    bits = last - 8
    counts = np.zeros((last, pairs), dtype=np.int32)
    hazard = np.zeros(pairs)
    for r in range(runs):
        for s in range(bits):
            for p in range(pairs):
                counts[s, p] += (record[r, p] >> s) & 1
        for k in range(4):
            lowest = k + 2
            for p in range(pairs):
                value = record[r, p]
                counts[bits + k, p] += np.int32(((value >> _LEVEL_BITS) & 7) >= lowest)
                counts[bits + 4 + k, p] += np.int32(
                    ((value >> (_LEVEL_BITS + 3)) & 7) >= lowest)
        for p in range(pairs):
            hazard[p] += pair_hazard[r, p]
    for s in range(last):
        for p in range(pairs):
            out[s, p] = counts[s, p]
    for p in range(pairs):
        out[last, p] = hazard[p]


@numba.njit(cache=True, inline="always", error_model="numpy")
def _record_block(lo: int, hi: int, sf: int, pf: int, start: int, keep: int,
                  forces: np.ndarray, cost: np.ndarray, gdp: np.ndarray, alert: np.ndarray,
                  belief: np.ndarray, spent: np.ndarray, security: np.ndarray,
                  war_hazard: np.ndarray, threat: np.ndarray, first_strike: np.ndarray,
                  sss: np.ndarray, actor_sums: np.ndarray, actor_kept: np.ndarray,
                  pair_sums: np.ndarray, pair_kept: np.ndarray, counts: np.ndarray,
                  edges: np.ndarray, first: np.ndarray) -> None:
    """Actors ``lo .. hi - 1``'s part of :func:`record_frame`: their per-actor series and
    their rows of the per-pair series. Runs outside, so that each run's rows are read one
    after the other (actors outside, reading a row and jumping a run ahead: 2.3-2.5 against
    2.0-2.2 us a run-step at N = 20 and 1 000 runs on one thread, out of the caches), and each
    element is still summed over the runs in their order."""
    shaped = gdp if sf >= 0 else spent  # the other part's arrays may be empty stand-ins
    runs, n = shaped.shape[0], shaped.shape[1]
    kept = min(max(keep - start, 0), runs)  # the chunk's runs that are kept
    sketch = counts.shape[0] > 0
    n_classes = forces.shape[2]
    for r in range(runs):
        row = start + r
        if sf >= 0:
            for i in range(lo, hi):
                arms = 0.0
                for k in range(n_classes):
                    arms += forces[r, i, k] * cost[k]
                actor_sums[0, sf, i] += arms
                if r < kept:
                    actor_kept[0, row, sf, i] = arms
                if sketch:
                    counts[0, sf, i, bucket(arms, edges, first)] += 1
            for s, x in ((3, gdp), (4, alert)):
                _actor_series(s, sf, r, row, r < kept, lo, hi, x, actor_sums, actor_kept,
                              counts, sketch, edges, first)
            _pair_rows(0, sf, r, row, r < kept, lo, hi, n, belief, pair_sums, pair_kept)
        if pf >= 0:
            for s, x in ((1, spent), (2, security), (5, war_hazard)):
                _actor_series(s, pf, r, row, r < kept, lo, hi, x, actor_sums, actor_kept,
                              counts, sketch, edges, first)
            for s, x in ((1, threat), (2, first_strike), (3, sss)):
                _pair_rows(s, pf, r, row, r < kept, lo, hi, n, x, pair_sums, pair_kept)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _actor_series(s: int, f: int, r: int, row: int, keep_it: bool, lo: int, hi: int,
                  x: np.ndarray, sums: np.ndarray, kept: np.ndarray, counts: np.ndarray,
                  sketch: bool, edges: np.ndarray, first: np.ndarray) -> None:
    """Run ``r``'s values of series ``s`` at frame ``f`` for actors ``lo .. hi - 1``: added
    to their sums, kept, counted into their sketches."""
    for i in range(lo, hi):
        sums[s, f, i] += x[r, i]
    if keep_it:
        for i in range(lo, hi):
            kept[s, row, f, i] = x[r, i]
    if sketch:
        for i in range(lo, hi):
            counts[s, f, i, bucket(x[r, i], edges, first)] += 1


@numba.njit(cache=True, inline="always", error_model="numpy")
def _pair_rows(s: int, f: int, r: int, row: int, keep_it: bool, lo: int, hi: int, n: int,
               x: np.ndarray, sums: np.ndarray, kept: np.ndarray) -> None:
    """Run ``r``'s rows ``lo .. hi - 1`` of pair series ``s`` at frame ``f``: added to their
    sums (a loop over a row that vectorises) and kept."""
    for i in range(lo, hi):
        for j in range(n):
            sums[s, f, i, j] += x[r, i, j]
    if keep_it:
        for i in range(lo, hi):
            for j in range(n):
                kept[s, row, f, i, j] = x[r, i, j]


@numba.njit(cache=True, error_model="numpy")
def _record_serial(sf: int, pf: int, start: int, keep: int, forces: np.ndarray,
                   cost: np.ndarray, gdp: np.ndarray, alert: np.ndarray, belief: np.ndarray,
                   spent: np.ndarray, security: np.ndarray, war_hazard: np.ndarray,
                   threat: np.ndarray, first_strike: np.ndarray, sss: np.ndarray,
                   actor_sums: np.ndarray, actor_kept: np.ndarray, pair_sums: np.ndarray,
                   pair_kept: np.ndarray, counts: np.ndarray, edges: np.ndarray,
                   first: np.ndarray, blocks: int) -> None:
    _record_block(0, actor_sums.shape[2], sf, pf, start, keep, forces, cost, gdp, alert,
                  belief, spent, security, war_hazard, threat, first_strike, sss, actor_sums,
                  actor_kept, pair_sums, pair_kept, counts, edges, first)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _record_parallel(sf: int, pf: int, start: int, keep: int, forces: np.ndarray,
                     cost: np.ndarray, gdp: np.ndarray, alert: np.ndarray, belief: np.ndarray,
                     spent: np.ndarray, security: np.ndarray, war_hazard: np.ndarray,
                     threat: np.ndarray, first_strike: np.ndarray, sss: np.ndarray,
                     actor_sums: np.ndarray, actor_kept: np.ndarray, pair_sums: np.ndarray,
                     pair_kept: np.ndarray, counts: np.ndarray, edges: np.ndarray,
                     first: np.ndarray, blocks: int) -> None:
    n = actor_sums.shape[2]
    for b in numba.prange(blocks):
        block = np.int64(b)  # a parallel loop's index is unsigned
        _record_block(block * n // blocks, (block + 1) * n // blocks, sf, pf, start, keep,
                      forces, cost, gdp, alert, belief, spent, security, war_hazard, threat,
                      first_strike, sss, actor_sums, actor_kept, pair_sums, pair_kept, counts,
                      edges, first)


#: Stand-ins for the perception's arrays where a call records no perception frame.
NO_PERCEPTION = (np.zeros((0, 0)), np.zeros((0, 0)), np.zeros((0, 0)), np.zeros((0, 0, 0)),
                 np.zeros((0, 0, 0)), np.zeros((0, 0, 0)))
#: The sketch counts of a batch that keeps every run (and needs no sketch).
NO_SKETCH = np.zeros((0, 0, 0, 0), dtype=np.uint32)


def record_frame(state_frame: int, perception_frame: int, start: int, keep: int,
                 forces: np.ndarray, cost: np.ndarray, gdp: np.ndarray, alert: np.ndarray,
                 belief: np.ndarray, spent: np.ndarray, security: np.ndarray,
                 war_hazard: np.ndarray, threat: np.ndarray, first_strike: np.ndarray,
                 sss: np.ndarray, actor_sums: np.ndarray, actor_kept: np.ndarray,
                 pair_sums: np.ndarray, pair_kept: np.ndarray, counts: np.ndarray) -> None:
    """Add to a batch's store what a chunk of runs ``start, start + 1, ...`` shows, in one
    compiled call: the sums over runs, the kept runs' trajectories (``herz.engine.simulate``'s
    grouped arrays, series in the order of ``ACTOR_SERIES`` and ``PAIR_SERIES``) and the
    per-actor series' sketch counts (``counts``: ``(series, frames, N, buckets)``, the sketches
    side by side in the order of ``ACTOR_SERIES``, or :data:`NO_SKETCH`). Frame
    ``state_frame`` gets the series read off the state (arms, GDP, alert, beliefs), frame
    ``perception_frame`` those the step produced (spending, security, war hazard, threat,
    first strike, second strike; :data:`NO_PERCEPTION` where it is -1, none).

    Actors are split into a block per thread for large batches
    (:func:`herz.engine.compiled.parallel`), each element still summed over the runs in their
    order: the same numbers whatever the threads, and those of a loop over runs."""
    runs, n = (gdp if state_frame >= 0 else spent).shape
    threaded = parallel(runs * n * (n + 6))
    kernel = _record_parallel if threaded else _record_serial
    kernel(state_frame, perception_frame, start, keep, forces, cost, gdp, alert, belief,
           spent, security, war_hazard, threat, first_strike, sss, actor_sums, actor_kept,
           pair_sums, pair_kept, counts, *bucket_table(),
           min(n, numba.get_num_threads()) if threaded else 1)


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
