"""The backend switch: scoped, checked, recorded; the numba backend keeps the numbers."""

from __future__ import annotations

import numpy as np
import pytest

from herz.engine import backend
from herz.engine.scenario import load_scenario
from herz.engine.simulate import simulate
from herz.errors import HerzInputError
from herz.examples import example_path


def test_the_choice_is_scoped_and_checked() -> None:
    assert backend.current() == "numpy"
    with pytest.raises(HerzInputError, match="numpy, numba"):
        backend.check_backend("cuda")
    if backend.available("numba"):
        with backend.use_backend("numba"):
            assert backend.current() == "numba"
    assert backend.current() == "numpy"


def test_a_missing_numba_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend.importlib.util, "find_spec", lambda name: None)
    assert backend.available("numpy") and not backend.available("numba")
    with pytest.raises(HerzInputError, match=r"herz\[fast\]"):
        backend.check_backend("numba")


def test_numba_backend_keeps_every_run_and_whatever_the_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pytest.importorskip("numba")
    import numba

    from herz.engine import compiled

    scenario = load_scenario(example_path("strategic_forces"))
    ref = simulate(scenario, 40, 15, rng=9, keep=40)
    fast = simulate(scenario, 40, 15, rng=9, keep=40, backend="numba")
    assert (ref.backend, fast.backend) == ("numpy", "numba")
    for k, v in ref.outcomes.items():
        if v.dtype.kind in "biu":  # decisions and counts: the same (no threshold this close)
            np.testing.assert_array_equal(fast.outcomes[k], v, err_msg=k)
        else:
            np.testing.assert_allclose(fast.outcomes[k], v, rtol=1e-9, atol=1e-12, err_msg=k)
    for k, v in ref.series.items():
        np.testing.assert_allclose(fast.series[k], v, rtol=1e-5, atol=1e-7, err_msg=k)
    # the parallel loops, on one thread and on all: the same numbers as the serial ones
    monkeypatch.setattr(compiled, "PARALLEL_MIN_WORK", 1)
    threads = numba.get_num_threads()
    runs = []
    for t in sorted({1, threads}):
        numba.set_num_threads(t)
        try:
            runs.append(simulate(scenario, 40, 15, rng=9, keep=40, backend="numba"))
        finally:
            numba.set_num_threads(threads)
    for other in runs:
        for k, v in fast.series.items():
            np.testing.assert_array_equal(other.series[k], v, err_msg=k)
        for k, v in fast.outcomes.items():
            np.testing.assert_array_equal(other.outcomes[k], v, err_msg=k)


def test_threads_are_checked_and_change_no_number() -> None:
    pytest.importorskip("numba")
    import numba

    scenario = load_scenario(example_path("spiral"))
    with pytest.raises(HerzInputError, match="numba backend"):
        simulate(scenario, 4, 3, threads=1)
    with pytest.raises(HerzInputError, match="threads"):
        simulate(scenario, 4, 3, backend="numba", threads=0)
    before = numba.get_num_threads()
    one = simulate(scenario, 30, 8, rng=2, keep=30, backend="numba", threads=1)
    assert numba.get_num_threads() == before  # restored
    every = simulate(scenario, 30, 8, rng=2, keep=30, backend="numba")
    for k, v in every.outcomes.items():
        np.testing.assert_array_equal(one.outcomes[k], v, err_msg=k)
