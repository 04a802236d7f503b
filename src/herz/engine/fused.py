"""The fused step: a whole step of every run in one compiled call (the numba backend).

:func:`herz.engine.step.advance` applies the phases of a step to all runs at once, one numpy
operation at a time (some two thousand a step at twenty actors), which is the reference.
:class:`FusedStep` does the same step with one compiled loop per run
(:mod:`herz.engine.compiled.step`): the opening (:mod:`herz.engine.compiled.context`), the
built-in rule (:mod:`herz.engine.compiled.decide`), the acts and learning
(:mod:`herz.engine.compiled.acts`), incidents, war, beliefs and the economy
(:mod:`herz.engine.compiled.conflict`), drawing the same counter-based random numbers
(:mod:`herz.engine.compiled.draws`) and logging the same events for the kept runs
(:mod:`herz.engine.compiled.eventbuf`). Runs are spread over threads (``prange``) when the
batch is large enough; every number is a function of its own run's inputs, so neither the
thread count nor the batch changes any.

It covers the worlds that the built-in rule runs alone (:func:`unsupported` says why not):
every actor follows the rule or is passive, no timeline and no arms-control agreement. Other
worlds under the numba backend take the numpy path with its compiled parts.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from herz.engine.events import EventLog
from herz.engine.world import World

__all__ = ["unsupported"]


def unsupported(world: World, policies: Mapping[int, object] | None = None) -> str | None:
    """Why the fused step cannot run ``world`` (``None`` when it can)."""
    if policies:
        return "actors with their own policies"
    if world.timeline:
        return "a timeline of scripted acts"
    if world.agreement_members.shape[0]:
        return "arms-control agreements"
    return None


def drain_events(log: EventLog, t: int, runs: np.ndarray, ints: np.ndarray,
                 amounts: np.ndarray, count: np.ndarray) -> None:
    """Move the kept runs' events of step ``t`` from the kernel's buffers into ``log``."""
    kept = min(ints.shape[0], len(runs))
    if not kept:
        return
    if (count[:kept] > ints.shape[1]).any():  # the buffer is sized for every act possible
        raise RuntimeError(f"fused step: more than {ints.shape[1]} events in a step")
    rows = [ints[r, : count[r]] for r in range(kept)]
    cols = np.concatenate(rows)
    if not len(cols):
        return
    run = np.repeat(runs[:kept], count[:kept])
    amt = np.concatenate([amounts[r, : count[r]] for r in range(kept)])
    log.add(run, t, cols[:, 1], cols[:, 2], cols[:, 3], amt, cols[:, 4], cols[:, 5])
    count[:] = 0
