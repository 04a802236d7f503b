"""What the driver reads after a step, from arrays in blocks of runs
(:mod:`herz.engine.compiled.lanes.outputs`), equals what the run-first functions give on the
same runs, bit for bit: the dyad counts, the store's sums, kept trajectories and sketch counts,
and the per-run tallies. Every case has 10 real runs in blocks of 4, the last block's two
padding lanes copies of a real run's, which must count nowhere.
"""

from __future__ import annotations

import numpy as np
import pytest

numba = pytest.importorskip("numba")

from lanes_support import Layouts, warmed_layouts  # noqa: E402

from engine import ring_scenario  # noqa: E402
from herz.engine import compiled  # noqa: E402
from herz.engine.actions import WAR_KINDS  # noqa: E402
from herz.engine.compiled.lanes.layout import block_argument  # noqa: E402
from herz.engine.compiled.lanes.outputs import (  # noqa: E402
    NO_PERCEPTION,
    NO_STATE,
    dyad_record_block,
    record_frame_lanes,
    tally_lanes,
)
from herz.engine.compiled.outputs import (  # noqa: E402
    NO_PERCEPTION as NO_PERCEPTION_FIRST,
)
from herz.engine.compiled.outputs import (  # noqa: E402
    dyad_record_run,
    dyad_total,
    record_frame,
    tally,
)
from herz.engine.scenario import Scenario, apply_overrides, parse_scenario  # noqa: E402
from herz.engine.simulate import _Store  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402

BLOCK, RUNS, REAL = 4, 12, 10
KINDS = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)
PAIRS = ("p_incident", "p_crisis", "p_demand", "p_deployment", "p_force", "p_war", "p_hazard",
         "p_level", "p_own_level")
HOT = ["world.incident_rate=0.3", "world.misread=0.7", "world.rationality=1.0",
       "world.war_hazard_max=0.8", "world.war_cost=0.03"]


def _hot_ring(n: int) -> Scenario:
    data = ring_scenario(n, steps=20).model_dump(mode="json", exclude_none=True)
    return parse_scenario(apply_overrides(data, HOT, source="<test>"))


def _pad(lay: Layouts, name: str, source: int) -> np.ndarray:
    """The blocked array ``name`` with its lanes past :data:`REAL` copies of run ``source``'s
    (the driver's padding)."""
    x = lay.last[name]
    for r in range(REAL, RUNS):
        x[r // BLOCK, ..., r % BLOCK] = x[source // BLOCK, ..., source % BLOCK]
    return x


def _put(lay: Layouts, name: str, value: np.ndarray) -> None:
    lay.first[name][...] = value
    lay.last[name][...] = block_argument(name, value, BLOCK)


def _layouts(n: int, seed: int) -> Layouts:
    return warmed_layouts(n, RUNS, BLOCK, warmup=5, scenario=_hot_ring(n), seed=seed)


def _dyads_first(f: dict, runs: int) -> tuple[np.ndarray, ...]:
    n = f["gdp"].shape[1]
    pairs = n * (n - 1) // 2
    own = np.zeros((runs, n * n), dtype=np.int32)
    record, hazard = np.zeros((runs, pairs), dtype=np.int32), np.zeros((runs, pairs))
    for r in range(runs):
        dyad_record_run(r, *(f[k] for k in PAIRS), KINDS, own, record, hazard)
    out = np.full((6 + len(KINDS) + 8 + 1, pairs), np.nan)
    dyad_total(record, hazard, runs, out)
    return record, hazard, out


@pytest.mark.parametrize("n", [2, 3, 7])
def test_dyad_counts_from_blocks(n: int) -> None:
    lay = _layouts(n, seed=n)
    f = lay.first
    gen = np.random.default_rng(n)
    off = ~np.eye(n, dtype=bool)[None]
    shape = (RUNS, n, n)
    assert f["p_incident"].any()  # the warmed step's own record, with more on top
    for k in ("p_incident", "p_crisis", "p_demand", "p_deployment", "p_force"):
        _put(lay, k, f[k] | ((gen.random(shape) < 0.2) & off))
    _put(lay, "p_war", np.where(gen.random(shape) < 0.3, gen.choice(KINDS, shape), 0) * off)
    _put(lay, "p_hazard", np.maximum(f["p_hazard"], gen.random(shape) * off))
    level = gen.integers(0, 6, shape) * off
    _put(lay, "p_level", level)
    _put(lay, "p_own_level", np.minimum(level, gen.integers(0, 6, shape)))
    record, hazard, want = _dyads_first(f, REAL)
    source = int(np.argmax(record.sum(axis=1)))
    blocked = [_pad(lay, k, source) for k in PAIRS]
    pairs = n * (n - 1) // 2
    # views of the real runs' rows: a padding lane written would land past them
    record_rows = np.full((RUNS, pairs), -1, dtype=np.int32)
    hazard_rows = np.full((RUNS, pairs), np.nan)
    got_record, got_hazard = record_rows[:REAL], hazard_rows[:REAL]
    own = np.zeros((n * n, BLOCK), dtype=np.int32)
    for b in range(lay.blocks):
        dyad_record_block(b, REAL, *blocked, KINDS, own, got_record, got_hazard)
    got = np.full_like(want, np.nan)
    dyad_total(got_record, got_hazard, REAL, got)
    np.testing.assert_array_equal(got_record, record)
    np.testing.assert_array_equal(got_hazard, hazard)
    np.testing.assert_array_equal(got, want)
    assert (record_rows[REAL:] == -1).all() and np.isnan(hazard_rows[REAL:]).all()
    assert (want[:-1] > 0).all(axis=1).any() and (want[:-1].sum(axis=1) > 0).all()
    # the padding, were it counted, would show: a real run's counts twice more
    for r in range(REAL, RUNS):
        for k in PAIRS:
            f[k][r] = f[k][source]
    assert not np.array_equal(_dyads_first(f, RUNS)[2], want)
    # one lane's hostility level off by one: caught
    level_last = lay.last["p_level"]
    level_last[1, 0, 1, 2] = (level_last[1, 0, 1, 2] + 1) % 6
    for b in range(lay.blocks):
        dyad_record_block(b, REAL, *(lay.last[k] for k in PAIRS), KINDS, own, got_record,
                          got_hazard)
    assert not np.array_equal(got_record, record)


STATE = ("forces", "gdp", "alert", "belief")
#: The perception's series: the spending, security (pa[4]), war hazard, threat (pp[3]),
#: first strike (pp[8]), second strike (pp[4]).
PERCEPTION = (("spent", None), ("pa", 4), ("war_hazard", None), ("pp", 3), ("pp", 8),
              ("pp", 4))


def _frame_arrays(lay: Layouts, cost: np.ndarray, source: int
                  ) -> tuple[list[np.ndarray], list[np.ndarray], list[np.ndarray],
                             list[np.ndarray]]:
    """The state's and the perception's arrays run-first (the real runs) and blocked
    (padded)."""
    state_first = [lay.first[k][:REAL] for k in STATE]
    state_last = [_pad(lay, k, source) for k in STATE]
    state_first.insert(1, cost)
    state_last.insert(1, cost)
    per_first, per_last = [], []
    for k, row in PERCEPTION:
        x, y = lay.first[k], lay.last[k]
        if row is not None:
            x, y = x[row], y[row]
        for r in range(REAL, RUNS):
            y[r // BLOCK, ..., r % BLOCK] = y[source // BLOCK, ..., source % BLOCK]
        per_first.append(np.ascontiguousarray(x[:REAL]))
        per_last.append(y)
    return state_first, state_last, per_first, per_last


def _store(runs: int, keep: int, n: int) -> tuple[_Store, tuple[np.ndarray, ...]]:
    store = _Store(runs, keep, 2, n)
    store.allocate()
    (_, actor_sums, actor_kept), (_, pair_sums, pair_kept) = store.groups
    actor_kept[...] = 0.0  # allocated empty: rows not kept compare equal
    pair_kept[...] = 0.0
    return store, (actor_sums, actor_kept, pair_sums, pair_kept, store.sketch_counts)


#: (start of the chunk, runs kept of the batch): none kept; some of the chunk's kept.
@pytest.mark.parametrize(("n", "start", "keep", "threads"),
                         [(2, 0, 0, False), (3, 3, 7, False), (7, 0, 0, False),
                          (7, 2, 6, True)])
def test_recorded_frames_from_blocks(n: int, start: int, keep: int, threads: bool,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    lay = _layouts(n, seed=n)
    cost = np.ascontiguousarray(compile_world(_hot_ring(n)).cat.cost, dtype=float)
    source = 9
    s_first, s_last, p_first, p_last = _frame_arrays(lay, cost, source)
    if threads:  # the parallel kernel (actors in blocks over threads), even here
        monkeypatch.setattr(compiled, "PARALLEL_MIN_WORK", 1)
        assert compiled.parallel(1) or numba.get_num_threads() == 1
    batch = start + REAL + 5
    want, want_arrays = _store(batch, keep, n)
    got, got_arrays = _store(batch, keep, n)
    # frame 0: the state alone; frame 1: both; frame 2: the perception alone
    record_frame(0, -1, start, keep, *s_first, *NO_PERCEPTION_FIRST, *want_arrays)
    record_frame(1, 1, start, keep, *s_first, *p_first, *want_arrays)
    stand_in = [np.zeros((0, 0, 0)), np.zeros(0), *NO_PERCEPTION_FIRST[:2],
                NO_PERCEPTION_FIRST[3]]
    record_frame(-1, 2, start, keep, *stand_in, *p_first, *want_arrays)
    record_frame_lanes(0, -1, start, keep, REAL, *s_last, *NO_PERCEPTION, *got_arrays)
    record_frame_lanes(1, 1, start, keep, REAL, *s_last, *p_last, *got_arrays)
    record_frame_lanes(-1, 2, start, keep, REAL, *NO_STATE, *p_last, *got_arrays)
    names = ("actor sums", "actor kept", "pair sums", "pair kept", "sketch counts")
    for name, x, y in zip(names, want_arrays, got_arrays, strict=True):
        assert x.dtype == y.dtype and x.shape == y.shape, name
        np.testing.assert_array_equal(y, x, err_msg=name)
    actor_sums, actor_kept, pair_sums, pair_kept, counts = want_arrays
    assert counts.shape[0] and counts.sum() == 12 * REAL * n  # the sketch on, every value
    # every frame's series written: the state's at frames 0 and 1, the perception's at 1, 2
    assert actor_sums[[0, 3], :2].any(axis=2).all() and pair_sums[0, :2].any(axis=(1, 2)).all()
    assert actor_sums[[1, 2, 5], 1:].any(axis=2).all()
    assert pair_sums[1:, 1:].any(axis=(2, 3)).all()
    kept = min(max(keep - start, 0), REAL)
    assert actor_kept.shape[1] == keep and (actor_kept[0, start:start + kept, :2] > 0).all()
    assert not actor_kept[:, :start].any() and not actor_kept[:, start + kept:].any()
    # a lane's value off by a little: caught
    s_last[2][1, 0, 1] *= 1.0 + 1e-12  # (gdp)
    again, again_arrays = _store(batch, keep, n)
    record_frame_lanes(0, -1, start, keep, REAL, *s_last, *NO_PERCEPTION, *again_arrays)
    assert not np.array_equal(again_arrays[0][3, 0], want_arrays[0][3, 0])


@pytest.mark.parametrize("n", [2, 7])
def test_tallies_from_blocks(n: int) -> None:
    lay = _layouts(n, seed=n)
    f = lay.first
    gen = np.random.default_rng(n)
    assert f["n_incidents"].any()  # the warmed step's own counts, and wars on top
    _put(lay, "n_wars", f["n_wars"] + (gen.random(f["n_wars"].shape) < 0.15))
    source = int(np.argmax(f["n_wars"].sum(axis=1)))
    blocked = [_pad(lay, k, source) for k in ("n_incidents", "n_crises", "n_wars")]
    start = {"incidents": gen.integers(0, 5, REAL).astype(float),
             "crises": gen.integers(0, 5, REAL).astype(float),
             "wars": gen.integers(0, 2, (REAL, len(WAR_KINDS))).astype(float),
             "first_war": np.where(gen.random(REAL) < 0.3, 1, -1)}
    want = {k: v.copy() for k, v in start.items()}
    # views of the real runs' rows: a padding lane written would land past them
    rows = {k: np.concatenate([v, np.full_like(v[:RUNS - REAL], -7)]) for k, v in start.items()}
    got = {k: v[:REAL] for k, v in rows.items()}
    order = ("incidents", "crises", "wars")
    tally(4, *(want[k] for k in order), f["n_incidents"][:REAL], f["n_crises"][:REAL],
          f["n_wars"][:REAL], want["first_war"])
    tally_lanes(4, REAL, *(got[k] for k in order), *blocked, got["first_war"])
    for k in want:
        np.testing.assert_array_equal(got[k], want[k], err_msg=k)
        assert (rows[k][REAL:] == -7).all(), k
    assert (want["first_war"] == 4).any() and (want["first_war"] == 1).any()
    # one lane's count off: caught
    blocked[2][0, 1, 3] += 1
    tally_lanes(4, REAL, *(got[k] for k in order), *blocked, got["first_war"])
    assert not np.array_equal(got["wars"], want["wars"] + f["n_wars"][:REAL])
