"""bench/lanes.py's run-last phases compute the fused step's numbers.

The bench times the same per-pair arithmetic with the run axis first (the fused step's own
functions) and last (the layout it weighs); its figures mean something only while both compute
the same numbers, which this checks: the belief update bit for bit over several steps, the
perception (blocks of runs) to the last bits of the second strike's ``exp``, at N = 1, 2 and 7.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from lanes import (  # noqa: E402
    inputs,
    perceive_lanes,
    perception_agrees,
    perception_inputs,
    run_first,
    run_last,
)

from herz.engine.compiled.perception import _perceive_serial  # noqa: E402


@pytest.mark.parametrize("n", [1, 2, 7])
def test_both_layouts_give_the_same_beliefs_and_evidence(n: int) -> None:
    first, last = inputs(n, runs=13, seed=n)
    for _ in range(3):
        run_first(*first)
        run_last(*last)
    for a, b in zip(first[-2:], last[-2:], strict=True):  # evidence and hostile ratios
        np.testing.assert_array_equal(a, b.transpose(2, 0, 1))
    np.testing.assert_array_equal(first[0], last[0].transpose(2, 0, 1))
    assert not np.allclose(first[0], inputs(n, runs=13, seed=n)[0][0])  # beliefs moved


@pytest.mark.parametrize("n", [2, 3, 7])
def test_both_layouts_give_the_same_perception(n: int) -> None:
    first, last = perception_inputs(n, runs=12, block=4, seed=n)
    _perceive_serial(*first)
    perceive_lanes(*last)
    assert perception_agrees(first, last)
    assert (first[-1][4] > 0).any()  # second strikes computed (every third actor holds one)
    last[-2][4, 0, 0, 0, 0] += 1e-9  # one lane's second strike off by a little: caught
    assert not perception_agrees(first, last)
