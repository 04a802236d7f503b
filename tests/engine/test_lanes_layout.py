"""The runs-in-lanes layout (:mod:`herz.engine.compiled.lanes.layout`): blocks and back,
padding, and the kinds of argument."""

from __future__ import annotations

import numpy as np
import pytest

from herz.engine.compiled.lanes.layout import (
    BY_RUN,
    ROWS_FIRST,
    WORLD,
    block_argument,
    padded_runs,
    unblock_argument,
    unblock_into,
)
from herz.engine.compiled.step import ARGUMENTS


def test_every_argument_has_a_kind_and_each_one_kind() -> None:
    named = WORLD | ROWS_FIRST | BY_RUN
    assert named <= set(ARGUMENTS)
    assert not WORLD & ROWS_FIRST and not WORLD & BY_RUN and not ROWS_FIRST & BY_RUN


@pytest.mark.parametrize("runs", [8, 10, 1])
def test_blocks_hold_each_run_in_its_lane_and_pad_with_the_last(runs: int) -> None:
    rng = np.random.default_rng(runs)
    x = rng.uniform(size=(runs, 3, 2))
    y = block_argument("belief", x, 4)
    assert y.shape == (padded_runs(runs, 4) // 4, 3, 2, 4)
    for r in range(padded_runs(runs, 4)):
        assert np.array_equal(y[r // 4, :, :, r % 4], x[min(r, runs - 1)])
    back = np.empty_like(x)
    unblock_into("belief", y, back)
    assert np.array_equal(back, x)
    assert np.array_equal(unblock_argument("belief", y)[:runs], x)


def test_rows_first_arrays_are_blocked_row_by_row() -> None:
    x = np.arange(3 * 6 * 2, dtype=float).reshape(3, 6, 2)  # (rows, R, N)
    y = block_argument("pa", x, 4)
    assert y.shape == (3, 2, 2, 4)
    assert y[2, 1, 0, 1] == x[2, 5, 0]
    assert y[2, 1, 0, 3] == x[2, 5, 0]  # padding: the last run again
    back = np.zeros_like(x)
    unblock_into("pa", y, back)
    assert np.array_equal(back, x)


def test_constants_and_event_buffers_are_left_as_they_are() -> None:
    x = np.ones((5, 2))
    for name in ("contact", "ev_n"):
        assert block_argument(name, x, 4) is x
        assert unblock_argument(name, x) is x
    assert block_argument("t", 3, 4) == 3
