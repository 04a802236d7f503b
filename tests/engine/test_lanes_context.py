"""The step's opening over blocks of runs (:mod:`herz.engine.compiled.lanes.context`) gives the
run-first kernel's numbers, :func:`herz.engine.compiled.context.context_run`, on the fused
step's states.

Kind (b) of the house's reproduction tests: the run-first kernel is the reference. Every output
is compared bit for bit (both kernels take libm's ``exp`` and ``log`` in the second strike and
the forecast). Every output starts poisoned, so an element the lanes kernel leaves unwritten is
caught.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
import pytest

pytest.importorskip("numba")

from lanes_support import Layouts, warmed_layouts  # noqa: E402
from test_fused_cases import _treaty_world  # noqa: E402

from herz.engine.compiled.context import context_run  # noqa: E402
from herz.engine.compiled.draws import normal_fill  # noqa: E402
from herz.engine.compiled.lanes.context import _normal_block, context_block  # noqa: E402
from herz.engine.compiled.lanes.layout import block_argument, to_blocks  # noqa: E402
from herz.engine.streams import Stream  # noqa: E402

#: ``context_run``'s arguments after ``r``, by their names among the fused step's.
NAMES = ("t", "keys", "forces", "gdp", "greedy", "belief", "alert", "deploy", "bilateral",
         "blocs", "last_hostile", "now", "past", "ctx_classes", "perceive_par", "assess_par",
         "ctx_actor", "unit", "ally", "free", "allies", "sigma", "noise", "pa", "pp", "wa", "q",
         "assess_work", "main_threat", "known", "replacement", "in_agreement", "agreement")
#: What the opening writes.
OUTPUTS = ("ally", "free", "allies", "sigma", "noise", "pa", "pp", "wa", "q", "assess_work",
           "main_threat", "known", "replacement")
EXACT = tuple(k for k in OUTPUTS if k != "assess_work")
_POISON = 1234.5  # in no output (checked on the run-first one)


def _opened(L: Layouts) -> None:
    """Poison both layouts' outputs, open the step in both, check the run-first kernel wrote
    every element the lanes one is compared on."""
    shifting = L.first["assess_par"][15] > 0.0
    for k in OUTPUTS:
        x = L.first[k]
        if x.dtype.kind == "f":
            x[...] = _POISON
        elif x.dtype.kind == "i":
            x[...] = -99
    L.run_first(context_run, NAMES)
    for k in OUTPUTS:
        x = L.first[k]
        if x.dtype.kind == "b":
            # the opposite of what the run-first kernel wrote: an element left is caught
            L.last[k][...] = block_argument(k, ~x, L.block)
            continue
        written = x.copy()
        if k == "assess_work":  # the work planes' power trend and greedy gains only
            written = written[8][:, 1:2] if not shifting else written[8][:, :2]
        assert not (written == (_POISON if x.dtype.kind == "f" else -99)).any(), k
        L.last[k][...] = block_argument(k, np.full_like(x, _POISON if x.dtype.kind == "f"
                                                        else -99), L.block)
    n, lanes = L.first["forces"].shape[1], L.block
    scratch = (np.zeros((4, lanes)), np.zeros((6, n, lanes)))  # (acc, assess_acc), one block's
    L.run_blocks(context_block, NAMES, scratch)


def _work_differs(L: Layouts) -> bool:
    """Whether the work planes the step leaves meaningful differ, bit for bit."""
    want = L.first["assess_work"]
    got = np.stack([np.moveaxis(p, -1, 1).reshape(want.shape[1:]) for p in L.last["assess_work"]])
    same = (np.array_equal(got[:8], want[:8], equal_nan=True)
            and np.array_equal(got[8][:, 1:2], want[8][:, 1:2]))
    if L.first["assess_par"][15] > 0.0:
        same = same and np.array_equal(got[8][:, 0], want[8][:, 0])
    return not same


def _differences(L: Layouts) -> list[str]:
    return L.differences(EXACT) + (["assess_work"] if _work_differs(L) else [])


def _world(name: str) -> tuple[int, Any]:
    if name == "treaty":
        return 3, _treaty_world()
    return int(name.removeprefix("ring")), None


#: (world, runs, warmup): below and above the ring's forecast window (3 steps); the treaty
#: world before and after its second agreement comes into force (step 4).
CASES = [("ring2", 8, 2), ("ring3", 12, 5), ("ring7", 12, 2), ("ring7", 12, 10),
         ("treaty", 8, 2), ("treaty", 8, 8)]


@pytest.mark.parametrize(("world", "runs", "warmup"), CASES)
def test_both_layouts_open_the_step_the_same(world: str, runs: int, warmup: int) -> None:
    n, scenario = _world(world)
    L = warmed_layouts(n, runs, 4, warmup=warmup, scenario=scenario)
    _opened(L)
    assert _differences(L) == []
    f = L.first
    n = f["forces"].shape[1]
    assert np.isnan(f["wa"][9]).all() and np.isnan(f["wa"][10]).all()  # left for a crisis
    shifting = warmup > f["assess_par"][9]
    assert (f["assess_par"][15] > 0.0) == shifting
    if shifting:
        assert (f["assess_work"][8][:, 0] != 0.0).any()  # a power trend forecast
    assert (f["main_threat"] >= 0).any()
    if n > 2:
        assert f["ally"].any() and f["allies"].any()  # alliances: their pacts, or blocs
        assert (f["main_threat"] != f["main_threat"][:, :1]).any()  # threats differ by actor
    if world == "ring7" and warmup == 10:
        assert f["blocs"].any() and f["bilateral"].any()  # named and bilateral alliances
    if world != "treaty":  # its actors hold no strategic forces
        assert (f["pp"][4] != f["pp"][5]).any()  # exposed second strikes (libm's exp)
    else:
        # monitoring sharpens some estimates; the later agreement only once in force
        log_sd = f["ctx_actor"][1][None, :, None]
        monitored = f["sigma"] < log_sd
        assert monitored.any() and (~monitored).any()
        later = f["in_agreement"][:, 1]
        both = later[:, :, None] & later[:, None, :] & ~np.eye(3, dtype=bool)
        only = both & ~(f["in_agreement"][:, 0][:, :, None] & f["in_agreement"][:, 0][:, None])
        assert only.any()
        assert monitored[only].all() == (f["t"] >= f["agreement"][1, 1])
        assert (~monitored[only]).all() == (f["t"] < f["agreement"][1, 1])


def test_an_actor_allied_to_all_has_no_main_threat() -> None:
    """Bilateral alliances of actor 0 with every other in some runs of a block (not in the
    others): no hostility towards anyone, so no main threat (-1) in those runs only."""
    L = warmed_layouts(3, 8, 4, warmup=5)
    bilateral = L.first["bilateral"]
    for r in (1, 6):
        bilateral[r, 0, 1:] = bilateral[r, 1:, 0] = True
    L.last["bilateral"][...] = block_argument("bilateral", bilateral, L.block)
    _opened(L)
    assert _differences(L) == []
    alone = L.first["main_threat"][:, 0] == -1
    assert alone.tolist() == [r in (1, 6) for r in range(8)]
    assert (L.first["main_threat"][:, 1:] >= 0).all()


def test_a_lane_off_is_caught() -> None:
    L = warmed_layouts(3, 8, 4, warmup=5)
    _opened(L)
    assert _differences(L) == []
    last = L.last
    last["sigma"][1, 0, 2, 3] *= 1.0 + 1e-12  # one lane's log-sd off by a little
    last["free"][0, 2, 1, 2] ^= True  # one lane's flag flipped
    last["main_threat"][1, 1, 0] = (last["main_threat"][1, 1, 0] + 2) % 3 - 1  # another
    last["pp"][3, 0, 1, 0, 1] *= 1.0 + 1e-12  # a threat off by a little
    last["assess_work"][8, 1, 0, 1, 2] += 1e-9  # a power trend off
    assert _differences(L) == ["free", "sigma", "pp", "main_threat", "assess_work"]


@numba.njit(cache=False)
def _fill_first(noise: np.ndarray, keys: np.ndarray, t: int, stream: int) -> None:
    for r in range(noise.shape[0]):
        normal_fill(noise[r], keys[r], t, stream)


@numba.njit(cache=False)
def _fill_last(noise: np.ndarray, keys: np.ndarray, t: int, stream: int) -> None:
    for b in range(noise.shape[0]):
        _normal_block(b, t, stream, keys, noise)


@pytest.mark.parametrize("n", [1, 3, 8])
def test_the_noise_is_the_run_first_draw(n: int) -> None:
    """Both streams' draws, run by run and pair by pair, are ``normal_fill``'s bit for bit."""
    runs, block = 12, 4
    keys = np.random.default_rng(n).integers(0, 2**63, runs, dtype=np.uint64)
    for t in (0, 1, 17):
        for stream in (Stream.OBSERVE, Stream.ESTIMATE):
            want = np.zeros((runs, n, n))
            got = np.zeros((runs // block, n, n, block))
            _fill_first(want, keys, t, int(stream))
            _fill_last(got, to_blocks(keys, block), t, int(stream))
            assert np.array_equal(got, to_blocks(want, block))
            assert np.unique(want).size == want.size  # every position its own draw
