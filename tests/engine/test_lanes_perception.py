"""Perception over blocks of runs (:mod:`herz.engine.compiled.lanes.perception`) gives the
run-first kernel's numbers, and the blocks' layout goes there and back."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from lanes import perception_agrees, perception_inputs  # noqa: E402

from herz.engine.compiled.lanes.layout import from_blocks, to_blocks  # noqa: E402
from herz.engine.compiled.lanes.perception import perceive_lanes  # noqa: E402
from herz.engine.compiled.perception import _perceive_serial  # noqa: E402


def test_blocks_hold_each_runs_values_in_its_lane() -> None:
    x = np.arange(6 * 2 * 3).reshape(6, 2, 3)
    y = to_blocks(x, 3)
    assert y.shape == (2, 2, 3, 3) and y.flags.c_contiguous
    assert y[1, 0, 2, 0] == x[3, 0, 2]  # block 1, lane 0 is run 3
    np.testing.assert_array_equal(from_blocks(y), x)


@pytest.mark.parametrize("n", [2, 3, 7])
def test_both_layouts_give_the_same_perception(n: int) -> None:
    first, last = perception_inputs(n, runs=12, block=4, seed=n)
    _perceive_serial(*first)
    perceive_lanes(*last)
    assert perception_agrees(first, last)
    assert (first[-1][4] > 0).any()  # second strikes computed (every third actor holds one)
    last[-2][4, 0, 0, 0, 0] += 1e-9  # one lane's second strike off by a little: caught
    assert not perception_agrees(first, last)
