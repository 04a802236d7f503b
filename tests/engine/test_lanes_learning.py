"""The judgement of arming and the exposure of bogus reasons over blocks of runs
(:mod:`herz.engine.compiled.lanes.learning`) give the run-first kernels' numbers and events,
``observe_arming_run`` and ``expose_bogus_run``, on real mid-run states of the ring world.

Kind (b) of the house's reproduction tests: the run-first kernel is the reference. Both take
libm's ``exp`` and ``log`` (and the normal draws' ``log`` and ``cos``), so every array is equal
bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("numba")

from lanes_support import Layouts, warmed_layouts  # noqa: E402

from herz.engine.compiled.acts import expose_bogus_run, observe_arming_run  # noqa: E402
from herz.engine.compiled.lanes.layout import block_argument, unblock_argument  # noqa: E402
from herz.engine.compiled.lanes.learning import (  # noqa: E402
    expose_bogus_block,
    observe_arming_block,
)
from herz.engine.compiled.learning import WORK_ROWS  # noqa: E402

OBSERVE = ("t", "keys", "spent", "credibility", "statement", "gdp", "last_concession", "pa",
           "pp", "sigma", "replacement", "acts_actor", "acts_par", "L", "xi", "judged", "wn")
EXPOSE = ("t", "keys", "credibility", "bogus_pending", "acts_actor", "acts_par", "L", "ev_int",
          "ev_amt", "ev_n")
#: What the lanes write of wn: all but the observer's columns of weights and threat, which
#: they read in place (wn[2 + 11], wn[2 + 12]).
WN_ROWS = 2 + WORK_ROWS - 2


def _observe_run(r: int, t: int, keys: np.ndarray, *rest: object) -> None:
    observe_arming_run(r, t, keys[r], *rest)


def _expose_run(r: int, t: int, keys: np.ndarray, *rest: object) -> None:
    expose_bogus_run(r, t, keys[r], *rest)


def _set(lay: Layouts, name: str, value: np.ndarray) -> None:
    """The same ``value`` (run-first) for ``name`` in both layouts."""
    lay.first[name][...] = value
    lay.last[name][...] = block_argument(name, np.asarray(value), lay.block)


def _wn_differs(lay: Layouts) -> bool:
    """Whether the rows of wn the lanes write differ between the layouts."""
    back = unblock_argument("wn", lay.last["wn"])[:WN_ROWS]
    return not np.array_equal(back, lay.first["wn"][:WN_ROWS])


def _stir(lay: Layouts, n: int, seed: int) -> None:
    """States where every branch fires: statements believed by some observers, concessions
    a step or two ago (so that re-arming reneges on them), some within the window and some
    not, and bogus reasons pending."""
    rng = np.random.default_rng(seed)
    first = lay.first
    runs, t = lay.runs, int(first["t"])
    eye = np.eye(n, dtype=bool)
    _set(lay, "statement", (rng.random((runs, n, n)) < 0.4) & ~eye)
    _set(lay, "credibility", rng.uniform(0.2, 1.0, (runs, n, n)))
    when = rng.choice([-1, t - 1, t - 2, t - 40, t], size=(runs, n))
    _set(lay, "last_concession", when)
    _set(lay, "bogus_pending", (rng.random((runs, n, n)) < 0.5) & ~eye)


@pytest.mark.parametrize("n", [2, 3, 7])
def test_both_layouts_judge_arming_the_same(n: int) -> None:
    lay = warmed_layouts(n, 12, 4, warmup=10, keep=12, seed=n)
    _stir(lay, n, seed=n)
    lay.run_first(_observe_run, OBSERVE)
    lay.run_blocks(observe_arming_block, OBSERVE)
    assert lay.differences(("L", "xi", "judged")) == []
    assert not _wn_differs(lay)
    # not idle: spending read as greedy's, and reneging fired in some runs and not in others
    judged, reneging = lay.first["judged"], lay.first["wn"][0]
    off = ~np.eye(n, dtype=bool)
    assert (judged[:, off] > 0).any()
    if n > 2:  # and as a security-seeker's
        assert (judged[:, off] < 0).any()
    if n == 3:  # or as both (no need beyond the allies' defence: both want the same)
        assert (judged[:, off] == 0).any()
    telling = lay.first["acts_par"][16]
    assert (reneging == telling).any() and (reneging == 0.0).any()
    # one lane off by a little in each written array: caught
    for name, where in (("judged", (0, 0, n - 1, 3)), ("xi", (1, n - 1, 0, 2)),
                        ("L", (2, 1 % n, 0, 1))):
        kept = lay.last[name][where]
        lay.last[name][where] = kept + 1e-12 * max(abs(kept), 1.0)
        assert lay.differences((name,)) == [name]
        lay.last[name][where] = kept
    kept = lay.last["wn"][0, 1, 0, 2]
    lay.last["wn"][0, 1, 0, 2] = telling - kept
    assert _wn_differs(lay)


@pytest.mark.parametrize("n", [2, 3, 7])
def test_both_layouts_expose_bogus_reasons_the_same(n: int) -> None:
    lay = warmed_layouts(n, 12, 4, warmup=10, keep=12, seed=n)
    _stir(lay, n, seed=10 + n)
    pending = lay.first["bogus_pending"].copy()
    lay.run_first(_expose_run, EXPOSE)
    lay.run_blocks(expose_bogus_block, EXPOSE)
    assert lay.differences(EXPOSE[2:]) == []
    # some reasons came to light and some did not; each exposure logged, as the run-first
    exposed = pending & ~lay.first["bogus_pending"]
    assert exposed.any() and lay.first["bogus_pending"].any()
    np.testing.assert_array_equal(lay.first["ev_n"], exposed.sum(axis=(1, 2)))
    # a lane's flag or one event's field flipped: caught
    lay.last["bogus_pending"][0, 0, n - 1, 1] ^= True
    assert lay.differences(("bogus_pending",)) == ["bogus_pending"]
    lay.last["bogus_pending"][0, 0, n - 1, 1] ^= True
    r = int(np.flatnonzero(lay.first["ev_n"])[0])
    lay.last["ev_int"][r, 0, 2] += 1
    assert lay.differences(("ev_int",)) == ["ev_int"]


def test_runs_not_kept_log_nothing() -> None:
    """A run beyond the kept ones is judged and exposed as the others, but logs nothing."""
    lay = warmed_layouts(3, 8, 4, warmup=10, keep=3, seed=5)
    _stir(lay, 3, seed=5)
    assert lay.first["ev_int"].shape[0] == 3
    lay.run_first(_expose_run, EXPOSE)
    lay.run_blocks(expose_bogus_block, EXPOSE)
    assert lay.differences(EXPOSE[2:]) == []
    assert (lay.first["ev_n"] > 0).any()
