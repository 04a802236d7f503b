"""What the driver reads after each step (:mod:`herz.engine.compiled.outputs`), from arrays in
blocks of runs ``(R / B, ..., B)``.

The same numbers as the run-first functions on the same runs, bit for bit:

- :func:`dyad_record_block` writes the part of the dyad counts of each run of block ``b`` (an
  event of either side, a war of each kind, the MID hostility levels of Jones, Bremer & Singer
  1996, the chance that either side starts a war) into the run-indexed rows ``r = b * B + s``
  that :func:`herz.engine.compiled.outputs.dyad_total` adds up;
- :func:`record_frame_lanes` adds a step's frames to the store as
  :func:`herz.engine.compiled.outputs.record_frame` does: every element summed over the runs
  in their order ``r = 0, 1, ...`` (blocks outside, lanes inside), the kept runs'
  trajectories, the sketches' counts;
- :func:`tally_lanes` adds a step's per-run counts as :func:`herz.engine.compiled.outputs.tally`.

Each takes ``runs``, the true number of runs: the lanes ``r = b * B + s >= runs`` of the last
block are padding and count nowhere. A run's lanes are read one lane at a time here, not
vectorised over the lanes: the sums are chains over the runs in their order (which a vector
over the lanes would reorder), and the rest are scattered writes into run-indexed rows.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import parallel
from herz.engine.compiled.outputs import _LEVEL_BITS
from herz.engine.compiled.sketch import bucket, bucket_table

__all__ = ["NO_PERCEPTION", "NO_STATE", "dyad_record_block", "record_frame_lanes",
           "tally_lanes"]


@numba.njit(cache=True, inline="always", error_model="numpy")
def dyad_record_block(b: int, runs: int, p_incident: np.ndarray, p_crisis: np.ndarray,
                      p_demand: np.ndarray, p_deployment: np.ndarray, p_force: np.ndarray,
                      p_war: np.ndarray, p_hazard: np.ndarray, p_level: np.ndarray,
                      p_own_level: np.ndarray, kinds: np.ndarray, own: np.ndarray,
                      record: np.ndarray, pair_hazard: np.ndarray) -> None:
    """``dyad_record_run`` for the runs of block ``b`` below ``runs``: per unordered pair
    ``i < j`` (the ``p``-th) their bits in ``record[r, p]`` and the chance either side starts a
    war in ``pair_hazard[r, p]``, ``r = b * B + s``. ``own`` ``(N * N, B)`` int32 scratch:
    each side's own bits, lane by lane."""
    n, lanes = p_incident.shape[1], p_incident.shape[3]
    for i in range(n):
        for j in range(n):
            for s in range(lanes):
                own[i * n + j, s] = (
                    np.int32(p_incident[b, i, j, s]) | (np.int32(p_crisis[b, i, j, s]) << 1)
                    | (np.int32(p_demand[b, i, j, s]) << 2)
                    | (np.int32(p_deployment[b, i, j, s]) << 3)
                    | (np.int32(p_force[b, i, j, s]) << 4)
                    | (np.int32(p_war[b, i, j, s] > 0) << 5))
    for c in range(kinds.shape[0]):
        code = kinds[c]
        for i in range(n):
            for j in range(n):
                for s in range(lanes):
                    own[i * n + j, s] |= np.int32(p_war[b, i, j, s] == code) << (6 + c)
    p = 0
    for i in range(n):
        for j in range(i + 1, n):
            for s in range(lanes):
                r = b * lanes + s
                if r >= runs:  # the padding of the last block
                    break
                record[r, p] = (own[i * n + j, s] | own[j * n + i, s]
                                | (np.int32(p_level[b, i, j, s]) << _LEVEL_BITS)
                                | (np.int32(p_own_level[b, i, j, s]) << (_LEVEL_BITS + 3)))
                pair_hazard[r, p] = 1.0 - ((1.0 - p_hazard[b, i, j, s])
                                           * (1.0 - p_hazard[b, j, i, s]))
            p += 1


@numba.njit(cache=True, inline="always", error_model="numpy")
def _record_actors(lo: int, hi: int, runs: int, sf: int, pf: int, start: int, keep: int,
                   forces: np.ndarray, cost: np.ndarray, gdp: np.ndarray, alert: np.ndarray,
                   belief: np.ndarray, spent: np.ndarray, security: np.ndarray,
                   war_hazard: np.ndarray, threat: np.ndarray, first_strike: np.ndarray,
                   sss: np.ndarray, actor_sums: np.ndarray, actor_kept: np.ndarray,
                   pair_sums: np.ndarray, pair_kept: np.ndarray, counts: np.ndarray,
                   edges: np.ndarray, first: np.ndarray) -> None:
    """Actors ``lo .. hi - 1``'s part of :func:`record_frame_lanes`. Blocks outside, a block's
    lanes in their order inside: every element adds the runs in their order."""
    shaped = gdp if sf >= 0 else spent  # the other part's arrays may be empty stand-ins
    blocks, n, lanes = shaped.shape[0], shaped.shape[1], shaped.shape[2]
    kept = min(max(keep - start, 0), runs)  # the chunk's runs that are kept
    sketch = counts.shape[0] > 0
    n_classes = forces.shape[2]
    for b in range(blocks):
        real = min(runs - b * lanes, lanes)  # the block's runs, the padding left out
        if real <= 0:
            break
        if sf >= 0:
            for i in range(lo, hi):
                total = actor_sums[0, sf, i]
                for s in range(real):
                    arms = 0.0
                    for k in range(n_classes):
                        arms += forces[b, i, k, s] * cost[k]
                    total += arms
                    r = b * lanes + s
                    if r < kept:
                        actor_kept[0, start + r, sf, i] = arms
                    if sketch:
                        counts[0, sf, i, bucket(arms, edges, first)] += 1
                actor_sums[0, sf, i] = total
            _actor_series(3, sf, b, real, start, kept, lo, hi, gdp, actor_sums, actor_kept,
                          counts, sketch, edges, first)
            _actor_series(4, sf, b, real, start, kept, lo, hi, alert, actor_sums, actor_kept,
                          counts, sketch, edges, first)
            _pair_rows(0, sf, b, real, start, kept, lo, hi, n, belief, pair_sums, pair_kept)
        if pf >= 0:
            _actor_series(1, pf, b, real, start, kept, lo, hi, spent, actor_sums, actor_kept,
                          counts, sketch, edges, first)
            _actor_series(2, pf, b, real, start, kept, lo, hi, security, actor_sums,
                          actor_kept, counts, sketch, edges, first)
            _actor_series(5, pf, b, real, start, kept, lo, hi, war_hazard, actor_sums,
                          actor_kept, counts, sketch, edges, first)
            _pair_rows(1, pf, b, real, start, kept, lo, hi, n, threat, pair_sums, pair_kept)
            _pair_rows(2, pf, b, real, start, kept, lo, hi, n, first_strike, pair_sums,
                       pair_kept)
            _pair_rows(3, pf, b, real, start, kept, lo, hi, n, sss, pair_sums, pair_kept)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _actor_series(x_s: int, f: int, b: int, real: int, start: int, kept: int, lo: int,
                  hi: int, x: np.ndarray, sums: np.ndarray, kept_rows: np.ndarray,
                  counts: np.ndarray, sketch: bool, edges: np.ndarray,
                  first: np.ndarray) -> None:
    """Block ``b``'s ``real`` runs' values of series ``x_s`` at frame ``f`` for actors
    ``lo .. hi - 1``: added to their sums in the runs' order, kept, counted into their
    sketches."""
    lanes = x.shape[2]
    for i in range(lo, hi):
        total = sums[x_s, f, i]
        for s in range(real):
            total += x[b, i, s]
        sums[x_s, f, i] = total
    for s in range(min(real, kept - b * lanes)):
        for i in range(lo, hi):
            kept_rows[x_s, start + b * lanes + s, f, i] = x[b, i, s]
    if sketch:
        for i in range(lo, hi):
            for s in range(real):
                counts[x_s, f, i, bucket(x[b, i, s], edges, first)] += 1


@numba.njit(cache=True, inline="always", error_model="numpy")
def _pair_rows(x_s: int, f: int, b: int, real: int, start: int, kept: int, lo: int, hi: int,
               n: int, x: np.ndarray, sums: np.ndarray, kept_rows: np.ndarray) -> None:
    """Block ``b``'s ``real`` runs' rows ``lo .. hi - 1`` of pair series ``x_s`` at frame
    ``f``: added to their sums in the runs' order, and kept."""
    lanes = x.shape[3]
    for i in range(lo, hi):
        for j in range(n):
            total = sums[x_s, f, i, j]
            for s in range(real):
                total += x[b, i, j, s]
            sums[x_s, f, i, j] = total
    for s in range(min(real, kept - b * lanes)):
        row = start + b * lanes + s
        for i in range(lo, hi):
            for j in range(n):
                kept_rows[x_s, row, f, i, j] = x[b, i, j, s]


@numba.njit(cache=True, error_model="numpy")
def _record_serial(runs: int, sf: int, pf: int, start: int, keep: int, forces: np.ndarray,
                   cost: np.ndarray, gdp: np.ndarray, alert: np.ndarray, belief: np.ndarray,
                   spent: np.ndarray, security: np.ndarray, war_hazard: np.ndarray,
                   threat: np.ndarray, first_strike: np.ndarray, sss: np.ndarray,
                   actor_sums: np.ndarray, actor_kept: np.ndarray, pair_sums: np.ndarray,
                   pair_kept: np.ndarray, counts: np.ndarray, edges: np.ndarray,
                   first: np.ndarray, blocks: int) -> None:
    """:func:`record_frame_lanes` on one thread: every actor at once."""
    _record_actors(0, actor_sums.shape[2], runs, sf, pf, start, keep, forces, cost, gdp,
                   alert, belief, spent, security, war_hazard, threat, first_strike, sss,
                   actor_sums, actor_kept, pair_sums, pair_kept, counts, edges, first)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _record_parallel(runs: int, sf: int, pf: int, start: int, keep: int, forces: np.ndarray,
                     cost: np.ndarray, gdp: np.ndarray, alert: np.ndarray, belief: np.ndarray,
                     spent: np.ndarray, security: np.ndarray, war_hazard: np.ndarray,
                     threat: np.ndarray, first_strike: np.ndarray, sss: np.ndarray,
                     actor_sums: np.ndarray, actor_kept: np.ndarray, pair_sums: np.ndarray,
                     pair_kept: np.ndarray, counts: np.ndarray, edges: np.ndarray,
                     first: np.ndarray, blocks: int) -> None:
    """:func:`record_frame_lanes` over threads, ``blocks`` blocks of actors (each element is
    one thread's, summed over the runs in their order)."""
    n = actor_sums.shape[2]
    for b in numba.prange(blocks):
        block = np.int64(b)  # a parallel loop's index is unsigned
        _record_actors(block * n // blocks, (block + 1) * n // blocks, runs, sf, pf, start,
                       keep, forces, cost, gdp, alert, belief, spent, security, war_hazard,
                       threat, first_strike, sss, actor_sums, actor_kept, pair_sums, pair_kept,
                       counts, edges, first)


#: Stand-ins for the perception's blocked arrays where a call records no perception frame.
NO_PERCEPTION = (np.zeros((0, 0, 0)), np.zeros((0, 0, 0)), np.zeros((0, 0, 0)),
                 np.zeros((0, 0, 0, 0)), np.zeros((0, 0, 0, 0)), np.zeros((0, 0, 0, 0)))
#: Stand-ins for the state's blocked arrays (forces, cost, gdp, alert, belief) where a call
#: records no state frame.
NO_STATE = (np.zeros((0, 0, 0, 0)), np.zeros(0), np.zeros((0, 0, 0)), np.zeros((0, 0, 0)),
            np.zeros((0, 0, 0, 0)))


def record_frame_lanes(state_frame: int, perception_frame: int, start: int, keep: int,
                       runs: int, forces: np.ndarray, cost: np.ndarray, gdp: np.ndarray,
                       alert: np.ndarray, belief: np.ndarray, spent: np.ndarray,
                       security: np.ndarray, war_hazard: np.ndarray, threat: np.ndarray,
                       first_strike: np.ndarray, sss: np.ndarray, actor_sums: np.ndarray,
                       actor_kept: np.ndarray, pair_sums: np.ndarray, pair_kept: np.ndarray,
                       counts: np.ndarray) -> None:
    """:func:`herz.engine.compiled.outputs.record_frame` of a chunk's ``runs`` runs
    ``start, start + 1, ...`` from arrays in blocks of runs: ``forces`` ``(R / B, N, K, B)``,
    ``gdp``, ``alert``, ``spent``, ``security`` (``pa[4]``), ``war_hazard``
    ``(R / B, N, B)``, ``belief``, ``threat`` (``pp[3]``), ``first_strike`` (``pp[8]``),
    ``sss`` (``pp[4]``) ``(R / B, N, N, B)``; :data:`NO_STATE` or :data:`NO_PERCEPTION` for
    the part a frame of -1 does not record. The store's arrays (run-indexed, as the run-first
    function's) get the same numbers: each element summed over the runs in their order,
    whatever the threads (blocks of actors, as the run-first function splits them)."""
    shaped = gdp if state_frame >= 0 else spent
    n = shaped.shape[1]
    threaded = parallel(runs * n * (n + 6))
    kernel = _record_parallel if threaded else _record_serial
    kernel(runs, state_frame, perception_frame, start, keep, forces, cost, gdp, alert, belief,
           spent, security, war_hazard, threat, first_strike, sss, actor_sums, actor_kept,
           pair_sums, pair_kept, counts, *bucket_table(),
           min(n, numba.get_num_threads()) if threaded else 1)


@numba.njit(cache=True, error_model="numpy")
def tally_lanes(step: int, runs: int, incidents: np.ndarray, crises: np.ndarray,
                wars: np.ndarray, n_incidents: np.ndarray, n_crises: np.ndarray,
                n_wars: np.ndarray, first_war: np.ndarray) -> None:
    """:func:`herz.engine.compiled.outputs.tally` from blocked counts (``n_incidents``,
    ``n_crises`` ``(R / B, B)``, ``n_wars`` ``(R / B, kinds, B)``) into the chunk's per-run
    totals (run-indexed, ``runs`` rows): each run's counts added, the step of its first war
    noted."""
    lanes = n_incidents.shape[1]
    for b in range(n_incidents.shape[0]):
        for s in range(lanes):
            r = b * lanes + s
            if r >= runs:  # the padding of the last block
                break
            incidents[r] += n_incidents[b, s]
            crises[r] += n_crises[b, s]
            started = 0
            for c in range(wars.shape[1]):
                wars[r, c] += n_wars[b, c, s]
                started += n_wars[b, c, s]
            if first_war[r] < 0 and started > 0:
                first_war[r] = step
