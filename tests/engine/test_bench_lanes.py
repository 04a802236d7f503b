"""bench/lanes.py's run-last belief update is the fused step's, bit for bit.

The bench times the same per-pair arithmetic with the run axis first (the fused step's own
functions) and last (the layout it weighs); its figure means something only while both compute
the same numbers, which this checks over several steps and at N = 1, 2 and 7 (the perception
of both layouts: ``test_lanes_perception.py``).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from lanes import inputs, run_first, run_last  # noqa: E402


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

