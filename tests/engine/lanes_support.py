"""Both layouts of the fused step's arguments on the same real states, for the tests of the
lanes kernels (:mod:`herz.engine.compiled.lanes`).

:func:`warmed_layouts` runs a world some steps into the fused step and copies every argument of
:func:`herz.engine.compiled.step.step_run` twice: run-first, as the run-first phase reads them,
and in blocks of runs (:func:`herz.engine.compiled.lanes.layout.block_argument`). A test calls
the run-first phase on the one (:meth:`Layouts.run_first`) and the lanes phase on the other
(:meth:`Layouts.run_last` for a kernel over every block, :meth:`Layouts.run_blocks` for a
phase's ``X_block`` block by block), then asks which arrays differ
(:meth:`Layouts.differences`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from herz.engine.compiled.lanes.layout import BY_RUN, block_argument, unblock_argument
from herz.engine.compiled.step import ARGUMENTS
from herz.engine.events import EventLog
from herz.engine.fused import FusedStep
from herz.engine.scenario import Scenario
from herz.engine.state import initial_state
from herz.engine.streams import Stream, run_keys, uniform
from herz.engine.world import compile_world

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from engine import ring_scenario  # noqa: E402

__all__ = ["Layouts", "warmed_layouts"]


@dataclass
class Layouts:
    """Every argument of ``step_run`` by name, run-first (``first``) and in blocks of
    ``block`` runs (``last``): the same numbers, separate copies."""

    first: dict[str, Any]
    last: dict[str, Any]
    block: int

    @property
    def runs(self) -> int:
        return int(self.first["keys"].shape[0])

    @property
    def blocks(self) -> int:
        return int(self.last["keys"].shape[0])

    def run_first(self, phase: Callable[..., None], names: Iterable[str]) -> None:
        """``phase(r, *first[names])`` for every run ``r``."""
        args = [self.first[k] for k in names]
        for r in range(self.runs):
            phase(r, *args)

    def run_last(self, phase: Callable[..., None], names: Iterable[str]) -> None:
        """``phase(*last[names])``: the lanes phase over every block."""
        phase(*(self.last[k] for k in names))

    def run_blocks(self, phase_block: Callable[..., None], names: Iterable[str],
                   *extra: Any) -> None:
        """``phase_block(b, *last[names], *extra)`` for every block ``b``, in order, as
        :mod:`herz.engine.compiled.lanes.step` calls a phase (``extra``: scratch for one
        block, the same arrays for every block)."""
        args = [self.last[k] for k in names]
        for b in range(self.blocks):
            phase_block(b, *args, *extra)

    def differences(self, names: Iterable[str],
                    close: Mapping[str, float] | None = None) -> list[str]:
        """The arrays among ``names`` on which the layouts disagree: bit for bit, or to the
        relative tolerance ``close[name]`` (a C library function against
        :mod:`herz.engine.compiled.libm`'s); NaN equal to NaN. Event buffers compare the kept
        runs' events only, up to each run's count."""
        close = close or {}
        differ = []
        for k in names:
            want, got = self.first[k], unblock_argument(k, self.last[k])
            if k == "ev_int" or k == "ev_amt":
                same = _same_events(k, self.first, self.last)
            elif k in close:
                same = np.allclose(got, want, rtol=close[k], atol=0, equal_nan=True)
            else:
                same = np.array_equal(got, want, equal_nan=want.dtype.kind == "f")
            if not same or got.dtype != want.dtype or got.shape != want.shape:
                differ.append(k)
        return differ


def _same_events(k: str, first: dict[str, Any], last: dict[str, Any]) -> bool:
    counts = first["ev_n"]
    if not np.array_equal(counts, last["ev_n"]):
        return False
    for r in range(first[k].shape[0]):
        m = min(int(counts[r]), first[k].shape[1])
        if not np.array_equal(first[k][r, :m], last[k][r, :m]):
            return False
    return True


def warmed_layouts(n: int, runs: int, block: int, warmup: int = 10,
                   scenario: Scenario | None = None, keep: int = 0, seed: int = 0) -> Layouts:
    """Both layouts of ``runs`` runs of ``scenario`` (default :func:`engine.ring_scenario` of
    ``n`` actors) ``warmup`` steps into the fused step, with the step ``t`` and the powers
    ``now`` and ``past`` the next step would be given; ``keep`` runs keep their events (the
    buffers emptied). ``runs`` must be a multiple of ``block``."""
    if runs % block:
        raise ValueError(f"runs ({runs}) must be a multiple of block ({block})")
    world = compile_world(scenario or ring_scenario(n, steps=warmup + 10))
    keys = run_keys(seed, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy)
    fs = FusedStep(world, state, keys, np.arange(runs), EventLog(keep=keep))
    for _ in range(warmup):
        fs.advance()
    fs.flush()
    window = world.spec.forecast_window
    h, taken = fs._history, fs._taken
    now = h[(taken - 1) % (window + 1)]
    past = h[(taken - 1 - window) % (window + 1)] if taken > window else now
    fs._arrays["assess_par"][15] = float(taken > window)
    given = {"t": state.step, "now": now, "past": past}
    first: dict[str, Any] = {}
    for k in ARGUMENTS:
        x = given[k] if k in given else fs._arrays.get(k, getattr(state, k, None))
        first[k] = np.array(x, copy=True) if isinstance(x, np.ndarray) else x
    for k in BY_RUN:
        first[k][...] = 0
    last = {k: block_argument(k, x, block) for k, x in first.items()}
    for k in BY_RUN:
        last[k] = first[k].copy()
    return Layouts(first, last, block)
