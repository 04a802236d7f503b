"""The war arithmetic over blocks of runs (:mod:`herz.engine.compiled.lanes.war_choice`) gives
the run-first kernel's numbers, ``_assess_run(..., lazy=True)``, on the fused step's states.

Kind (b) of the house's reproduction tests: the run-first kernel is the reference. Every plane
of ``out``, ``q_out`` and what ``work`` keeps for the crisis margins must be equal bit for bit
(both kernels take :mod:`herz.engine.compiled.libm`'s ``log`` and ``exp`` in the forecast).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from fused_phases import _assess_loop  # noqa: E402
from lanes import assess_agrees, assess_inputs  # noqa: E402

from herz.engine.compiled.lanes.layout import to_blocks  # noqa: E402
from herz.engine.compiled.lanes.war_choice import assess_lanes  # noqa: E402


@pytest.mark.parametrize(("n", "runs", "warmup"), [(2, 8, 2), (3, 12, 5), (7, 12, 5)])
def test_both_layouts_give_the_same_war_arithmetic(n: int, runs: int, warmup: int) -> None:
    first, last = assess_inputs(n, runs, block=4, warmup=warmup)
    shifting = warmup > 3  # the forecast window: a shift forecast from the step after it
    assert (first[11][15] > 0.0) == shifting
    _assess_loop(runs, *first)
    assess_lanes(*last)
    assert assess_agrees(first, last)
    out, work = first[-3], first[-1]
    assert np.isnan(out[9]).all() and np.isnan(out[10]).all()  # the margins left for a crisis
    if shifting:
        assert (work[8][:, 0] != 0.0).any()  # powers that move: the trend and the forecast
    if n > 2:
        assert (first[3] != 0.0).any()  # allies that intervene (the ring's pacts)
    # one lane's number off by a little, in each kind of plane: caught
    got_out, got_q, got_work = last[-4], last[-3], last[-2]
    for plane, where in ((got_out, (3, 1, 1, 0, 2)), (got_q, (1, 1, 3)),
                         (got_work, (7, 0, 0, 1, 1)), (got_out, (8, 0, 1, 0, 0))):
        kept = plane[where]
        plane[where] = kept + 1e-9 * max(abs(kept), 1.0)
        assert not assess_agrees(first, last)
        plane[where] = kept
    assert assess_agrees(first, last)


def test_many_allies_and_falling_powers() -> None:
    """Runs of one block whose targets have different allies, up to all the other actors
    (the intervention, in the attacker's cost, is each run's own sum, in its order), and
    powers that rise and fall over the forecast window (a falling rival's projected share)."""
    n, runs = 7, 8
    first, last = assess_inputs(n, runs, block=4, warmup=5)
    rng = np.random.default_rng(3)
    allies = np.where(rng.random((runs, n, n)) < 0.5, 0.7, 0.0)
    allies[:, 0, 1:] = 0.7  # a target allied to every other actor in every run
    allies[1, 2] = 0.0  # and one with no ally in one run
    for x in range(runs):
        np.fill_diagonal(allies[x], 0.0)
    first[3][:] = allies
    last[3][:] = to_blocks(allies, 4)
    past = first[5] * rng.uniform(0.9, 1.1, first[5].shape)
    first[6][:] = past
    last[6][:] = to_blocks(past, 4)
    _assess_loop(runs, *first)
    assess_lanes(*last)
    assert assess_agrees(first, last)
