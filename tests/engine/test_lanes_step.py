"""The fused step with the runs in the vector lanes
(:class:`herz.engine.compiled.lanes.driver.LanesStep`) gives the run-first fused step's numbers
bit for bit: step by step on the same runs (every state array, the dyad counts, the tallies and
the event log), the last block padded; and whole simulations, frames and quantiles included.

Kind (b) of the house's reproduction tests: the run-first fused step is the reference, itself
tested against the numpy step (``tests/engine/test_fused_step.py``).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import numpy as np
import pytest

pytest.importorskip("numba")

from test_fused_cases import _treaty_world  # noqa: E402
from test_fused_step import WORLDS  # noqa: E402

from herz.engine import simulate as simulate_module  # noqa: E402
from herz.engine.compiled.lanes import driver  # noqa: E402
from herz.engine.compiled.lanes.driver import LanesStep, block_size  # noqa: E402
from herz.engine.events import EventLog  # noqa: E402
from herz.engine.fused import FusedStep  # noqa: E402
from herz.engine.scenario import Scenario  # noqa: E402
from herz.engine.simulate import simulate  # noqa: E402
from herz.engine.state import State, initial_state  # noqa: E402
from herz.engine.streams import Stream, run_keys, uniform  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402

#: Worlds and the steps to take: rings, strategic forces, a war-prone world, passive actors,
#: and agreements with a timeline (whose steps the numpy step takes, between lanes steps).
CASES: dict[str, tuple[Any, int]] = {
    "ring2": (WORLDS["ring2"], 12),
    "ring6": (WORLDS["ring6"], 12),
    "strategic_forces": (WORLDS["strategic_forces"], 10),
    "hot ring": (WORLDS["hot ring"], 12),
    "passive": (WORLDS["passive"], 6),
    "treaty": (_treaty_world, 14),
}


def _both(s: Scenario, runs: int, keep: int, block: int
          ) -> tuple[FusedStep, LanesStep, State, State]:
    world = compile_world(s)
    keys = run_keys(4, runs)
    greedy = uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy
    first, last = initial_state(world, greedy), initial_state(world, greedy.copy())
    ids = np.arange(runs)
    return (FusedStep(world, first, keys, ids, EventLog(keep=keep)),
            LanesStep(world, last, keys, ids, EventLog(keep=keep), block=block),
            first, last)


def _totals(runs: int, kinds: int) -> list[np.ndarray]:
    return [np.zeros(runs), np.zeros(runs), np.zeros((runs, kinds)), np.full(runs, -1)]


@pytest.mark.parametrize("name", list(CASES))
def test_step_by_step_the_run_first_numbers(name: str) -> None:
    make, steps = CASES[name]
    runs, keep = 10, 7  # blocks of 4: the last one padded with two copies of run 9
    f, ln, first, last = _both(make(), runs, keep, block=4)
    kinds = f.war_counts.shape[1]
    want, got = _totals(runs, kinds), _totals(runs, kinds)
    fired = 0
    for t in range(steps):
        f.advance()
        ln.advance()
        np.testing.assert_array_equal(ln.dyads, f.dyads, err_msg=f"dyads at step {t}")
        f.tally(t, *want)
        ln.tally(t, *got)
        fired += int(f.dyads.sum() > 0)
    for w, g in zip(want, got, strict=True):
        np.testing.assert_array_equal(g, w)
    f.finish()
    ln.finish()
    for x in fields(State):
        a, b = getattr(first, x.name), getattr(last, x.name)
        if isinstance(a, np.ndarray):
            assert a.dtype == b.dtype, x.name
            np.testing.assert_array_equal(b, a, err_msg=x.name)
    assert first.step == last.step == steps
    ours, theirs = ln.log.columns(), f.log.columns()
    assert len(theirs["run"]) > 0 and theirs["run"].max() < keep
    for k, v in theirs.items():
        np.testing.assert_array_equal(ours[k], v, err_msg=k)
    np.testing.assert_array_equal(ln.war_counts, f.war_counts)
    assert fired  # the steps were not idle: some pair had an incident, crisis or war


def test_a_lane_off_is_caught() -> None:
    """The comparison above sees one state element of one run off by a little."""
    make, _ = CASES["ring6"]
    f, ln, first, last = _both(make(), 8, 0, block=4)
    for _ in range(3):
        f.advance()
        ln.advance()
    ln._blocked["belief"][1, 2, 3, 1] *= 1.0 + 1e-12  # run 5's belief of actor 2 in actor 3
    f.finish()
    ln.finish()
    assert not np.array_equal(last.belief, first.belief)
    assert np.array_equal(last.belief[:5], first.belief[:5])


def _lanes_always(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every chunk takes the lanes step; the sizes taken are listed."""
    taken: list[int] = []
    original = simulate_module._fused_step

    def counted(*args: Any, **kwargs: Any) -> Any:
        step = original(*args, **kwargs)
        if isinstance(step, LanesStep):
            taken.append(step.size)
        return step

    monkeypatch.setattr(driver, "lanes_pay", lambda runs, n: True)
    monkeypatch.setattr(simulate_module, "_fused_step", counted)
    return taken


@pytest.mark.parametrize("name", ["ring6", "treaty"])
def test_whole_simulations_equal(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Means, quantiles, kept series, outcomes, dyads and events: identical whichever fused
    step takes the chunks (a padded chunk included)."""
    make, steps = CASES[name]
    s = make()
    ref = simulate(s, runs=13, rng=2, keep=5, backend="numba", chunk_size=7)
    taken = _lanes_always(monkeypatch)
    got = simulate(s, runs=13, rng=2, keep=5, backend="numba", chunk_size=7)
    assert taken == [7, 6]
    for part in ("outcomes", "mean", "series", "dyads", "events", "quantiles"):
        want, have = getattr(ref, part), getattr(got, part)
        assert want.keys() == have.keys(), part
        for k in want:
            np.testing.assert_array_equal(np.asarray(have[k]), np.asarray(want[k]),
                                          err_msg=f"{part}.{k}")


@pytest.mark.parametrize("n", [2, 7, 14])
def test_chunks_of_a_block_or_more_take_the_lanes(n: int, monkeypatch: pytest.MonkeyPatch
                                                  ) -> None:
    b = block_size(n)
    assert b >= 8 and b & (b - 1) == 0 and block_size(2 * n) <= b  # full vectors, whole lanes
    assert driver.lanes_pay(max(b, driver.LANES_MIN_RUNS), n)
    assert not driver.lanes_pay(b - 1, n)
    assert not driver.lanes_pay(10 * b, driver.LANES_MAX_ACTORS + 1)
    monkeypatch.setattr(driver, "LANES_ON", False)
    assert not driver.lanes_pay(1000, n)


def _held(*arrays: Any) -> int:
    """Bytes of the distinct arrays among ``arrays``."""
    distinct = {id(x): x for x in arrays if isinstance(x, np.ndarray)}
    return sum(x.nbytes for x in distinct.values())


def test_the_lanes_step_keeps_one_copy_of_the_working_arrays() -> None:
    """The run-first working arrays go once blocked: the lanes step holds what the run-first
    step holds and the state and the step's record a second time, run-first (1.31x here;
    1.82x were the working arrays kept too)."""
    f, ln, _, _ = _both(WORLDS["ring6"](), 64, 2, 32)
    run_first = _held(*f._args)
    lanes = _held(*ln._args, *ln._blocked.values())
    assert run_first < lanes < 1.5 * run_first
