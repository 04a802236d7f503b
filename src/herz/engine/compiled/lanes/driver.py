"""The fused step with the runs in the vector lanes: :class:`LanesStep`.

:class:`LanesStep` is :class:`herz.engine.fused.FusedStep` whose kernel
(:func:`herz.engine.compiled.lanes.step.step_lanes`) computes a block of runs at once on copies
of the step's arrays laid out in blocks (:mod:`herz.engine.compiled.lanes.layout`), the last
block padded with copies of the last run. As :class:`herz.engine.compiled.cuda.CudaStep` keeps
its arrays on a device, it keeps the state in blocks from step to step: a frame, the tallies
and the dyad counts are read off the blocks by compiled code
(:mod:`herz.engine.compiled.lanes.outputs`), the kept runs' events go to the same run-indexed
buffers, and the run-first state is written back only where a caller reads it: before a
timeline's step, which the numpy step takes on the run-first state (its changes then blocked
again), and at :meth:`finish`. The numbers are the run-first kernel's, bit for bit
(``tests/engine/test_lanes_step.py``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from herz.engine.actions import WAR_KINDS
from herz.engine.compiled.lanes.layout import (
    BY_RUN,
    WORLD,
    block_argument,
    padded_runs,
    unblock_into,
)
from herz.engine.compiled.step import ARGUMENTS
from herz.engine.events import EventLog
from herz.engine.fused import NUMPY_STEP_WRITES, FusedStep
from herz.engine.state import State
from herz.engine.step import StepRecord
from herz.engine.world import World

__all__ = ["LANES_MAX_ACTORS", "LANES_MIN_RUNS", "LANES_ON", "LanesStep", "block_size",
           "lanes_pay"]

#: Whether :func:`herz.engine.simulate.simulate` takes the lanes step at all (its first use
#: compiles the composed kernel: some minutes on a cold cache, numba's disk cache keeps it).
LANES_ON = True

#: The most actors a world may have for the lanes step. Its gain shrinks with N and depends on
#: the processor: inside ``simulate`` (1 000 runs, one thread, CPU time, alternated) it took
#: 0.68 of the run-first step's time at N = 12 and 0.87-0.92 at N = 20 on one machine; on
#: another, 0.66 at N = 12 and 1.01 at 16 and 20 (after the war arithmetic went row by row;
#: 0.79, 1.09 and 1.25 before). It holds the state and the step's record twice (blocked and
#: run-first), which the chunk budget counts (``herz.engine.simulate.chunk_bytes_per_run``).
LANES_MAX_ACTORS = 14
#: The least chunk of runs the lanes step takes, and fewer than a block never (the run-first
#: step does not pad a run to a block).
LANES_MIN_RUNS = 32


def lanes_pay(runs: int, n: int) -> bool:
    """Whether a chunk of ``runs`` runs of ``n`` actors takes the lanes step."""
    return LANES_ON and n <= LANES_MAX_ACTORS and runs >= max(LANES_MIN_RUNS, block_size(n))


def block_size(n: int) -> int:
    """Runs in a block at ``n`` actors: 64 up to 8 actors, 32 beyond (measured, 1 000 runs on
    two threads: at N = 7 a block of 64 against 32 took 9.1 against 9.5-10.3 us a run-step;
    at N = 12, 32 against 8 took 26 against 37 us; at N = 20, 32 against 8 and 16 took 68
    against 84-103 us)."""
    return 64 if n <= 8 else 32


class LanesStep(FusedStep):
    """:class:`~herz.engine.fused.FusedStep` with the runs in the vector lanes.

    :meth:`advance` returns the step's record, whose run-first arrays are current after
    :meth:`finish` (a caller reads each step's frame and counts through :meth:`record_frame`,
    :meth:`tally` and :meth:`add_dyads`); the state is current after :meth:`finish`."""

    def __init__(self, world: World, state: State, keys: np.ndarray, runs: np.ndarray,
                 log: EventLog, block: int | None = None) -> None:
        from herz.engine.compiled.lanes.step import scratch, step_lanes

        super().__init__(world, state, keys, runs, log)
        self.size = len(keys)
        self.block = block or block_size(world.n)
        blocks = padded_runs(self.size, self.block) // self.block
        self._blocked: dict[str, Any] = {
            k: block_argument(k, x, self.block) for k, x in zip(ARGUMENTS, self._args,
                                                                 strict=True)}
        # Nothing reads the run-first copies of the kernel's working arrays again (a timeline's
        # numpy step writes only the state and NUMPY_STEP_WRITES): their memory goes.
        keep = {name for name, _ in self._state_args} | set(NUMPY_STEP_WRITES) | BY_RUN | WORLD
        for i, name in enumerate(ARGUMENTS):
            if name in self._arrays and name not in keep:
                self._arrays[name] = self._args[i] = None
        self._history_blocks = np.stack([block_argument("now", h, self.block)
                                         for h in self._history])
        self._scratch = scratch(world.n, self.block, blocks)
        kinds = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)
        dyads, size = self.dyads, self.size

        def step(*args: Any) -> None:
            step_lanes(size, dyads, kinds, args, self._scratch)

        self._kernel = step

    def advance(self) -> StepRecord:
        """Take one step of every run (a timeline's step by the numpy step)."""
        state, a, blocked = self.state, self._arrays, self._blocked
        window = self.world.spec.forecast_window
        h, taken = self._history_blocks, self._taken
        if self.world.timeline.get(state.step):
            return self._numpy_step()
        if taken:
            now = h[(taken - 1) % (window + 1)]
            past = h[(taken - 1 - window) % (window + 1)] if taken > window else now
        else:
            from herz.engine.policy import power

            now = past = block_argument("now", np.ascontiguousarray(
                power(state, self.world, state.ally)), self.block)
        a["assess_par"][15] = float(taken > window)
        blocked["t"], blocked["now"], blocked["past"] = state.step, now, past
        self._kernel(*(blocked[k] for k in ARGUMENTS))
        h[taken % (window + 1)] = blocked["power_now"]
        self._taken += 1
        state.step += 1
        if a["ev_int"].shape[0] and a["ev_n"].max() > a["ev_int"].shape[1] - self._bound:
            self.flush()
        return self._record

    def _fetch(self, names: Any) -> None:
        """Write the blocks of ``names`` back to their run-first arrays."""
        for name in names:
            out = self._args[ARGUMENTS.index(name)]
            assert isinstance(out, np.ndarray)
            unblock_into(name, self._blocked[name], out)

    def _send(self, names: Any) -> None:
        """Block the run-first arrays of ``names`` again (the numpy step wrote them)."""
        for name in names:
            self._blocked[name][...] = block_argument(name, self._args[ARGUMENTS.index(name)],
                                                      self.block)

    def _numpy_step(self) -> StepRecord:
        """A timeline's step by the numpy step on the run-first state, fetched before it;
        what it wrote blocked again after it."""
        state_names = [name for name, _ in self._state_args]
        self._fetch(state_names)
        for s in range(self._history.shape[0]):
            unblock_into("now", self._history_blocks[s], self._history[s])
        record = super()._numpy_step()
        # the numpy phases may replace the state's arrays: the arguments follow them
        self._send(state_names)
        self._send(n for n in NUMPY_STEP_WRITES if n in self._blocked)
        slot = (self._taken - 1) % self._history.shape[0]
        self._history_blocks[slot] = block_argument("now", self._history[slot], self.block)
        return record

    def record_frame(self, state_frame: int, perception_frame: int, start: int, keep: int,
                     cost: np.ndarray, sums: tuple[np.ndarray, ...]) -> None:
        """:meth:`FusedStep.record_frame` read off the blocks
        (:func:`herz.engine.compiled.lanes.outputs.record_frame_lanes`)."""
        from herz.engine.compiled.lanes.outputs import NO_PERCEPTION, record_frame_lanes

        x = self._blocked
        seen = NO_PERCEPTION if perception_frame < 0 else (
            x["spent"], x["pa"][4], x["war_hazard"], x["pp"][3], x["pp"][8], x["pp"][4])
        record_frame_lanes(state_frame, perception_frame, start, keep, self.size, x["forces"],
                           cost, x["gdp"], x["alert"], x["belief"], *seen, *sums)

    def tally(self, step: int, incidents: np.ndarray, crises: np.ndarray, wars: np.ndarray,
              first_war: np.ndarray) -> None:
        """:meth:`FusedStep.tally` read off the blocks."""
        from herz.engine.compiled.lanes.outputs import tally_lanes

        x = self._blocked
        tally_lanes(step, self.size, incidents, crises, wars, x["n_incidents"], x["n_crises"],
                    x["n_wars"], first_war)

    @property
    def war_counts(self) -> np.ndarray:
        self._fetch(("n_wars",))
        return super().war_counts

    def finish(self) -> None:
        """The state and the last step's record run-first again, the events in the log."""
        self._fetch([name for name, _ in self._state_args])
        self._fetch(n for n in NUMPY_STEP_WRITES if n in self._blocked and n != "ev_n")
        super().finish()
