"""The built-in rule over blocks of runs (:mod:`herz.engine.compiled.lanes.decide`) gives the
run-first kernel's decisions on real mid-run states of the ring world."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from lanes import (  # noqa: E402
    DECIDE_INPUTS,
    DECISIONS,
    decide_differences,
    decide_inputs,
    decide_serial,
)

from herz.engine.compiled.lanes.decide import decide_lanes  # noqa: E402

_START = 1 + len(DECIDE_INPUTS)  # the first decision among the arguments


def _given(args: list, name: str) -> np.ndarray:
    return args[1 + DECIDE_INPUTS.index(name)]


def _decided(args: list, name: str) -> np.ndarray:
    return args[_START + DECISIONS.index(name)]


#: (actors, runs, passive actors, hot: wars likely), and the decisions that must fire.
CASES = {
    "ring2": ((2, 8, (), False), "deploy coerce war_hazard statement sanction"),
    "ring3": ((3, 12, (), False), "deploy coerce covert statement sanction"),
    "ring7_passive": ((7, 12, (2,), False), "deploy coerce covert ally statement bogus"),
    "ring7_hot": ((7, 12, (), True), "deploy coerce attack covert ally statement bogus"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_both_layouts_decide_the_same(case: str) -> None:
    (n, runs, passive, hot), fired = CASES[case]
    first, last = decide_inputs(n, runs, block=4, warmup=10, passive=passive)
    if hot:  # low rationality, high hazard: preventive starts meet demands (shared by both)
        par = _given(first, "decide_par")
        par[11], par[12] = 1.0, 0.9
    decide_serial(*first)
    decide_lanes(*last)
    assert decide_differences(first, last) == []
    # the states are not idle: insecure and greedy actors, demands, hazards, the listed acts
    security, target = _given(first, "pa")[4], _given(first, "decide_actor")[0]
    assert (security < target).any() and _given(first, "greedy").any()
    assert (_decided(first, "d_war_hazard") > 0).any()
    for name in fired.split():
        assert _decided(first, "d_" + name).any(), name
    for i in passive:  # a passive actor only replaces its depreciation
        np.testing.assert_array_equal(_decided(first, "d_spend")[:, i],
                                      _given(first, "replacement")[:, i])
        assert not _decided(first, "d_war_hazard")[:, i].any()


def test_a_lane_off_is_caught() -> None:
    first, last = decide_inputs(3, 8, block=4, warmup=10)
    decide_serial(*first)
    decide_lanes(*last)
    assert decide_differences(first, last) == []
    _decided(last, "d_spend")[1, 0, 3] *= 1.0 + 1e-12  # one lane's spending off by a little
    _decided(last, "d_coerce")[0, 2, 1, 2] ^= True  # one lane's demand flipped
    assert decide_differences(first, last) == ["d_spend", "d_coerce"]
