"""The causal event log of the fused step, as fixed-size buffers the kernel appends to.

Rows of the kept runs only (``r < ints.shape[0]``): ``ints[r, m]`` holds
``(step, actor, target, code, cause_actor, cause_step, scripted)`` of event ``m`` and
``amounts[r, m]`` its amount, as :meth:`herz.engine.events.EventLog.add` records them. The
count goes on past the buffer's size so that the driver can tell an overflow and grow it.
The actor's account of the cause is its main threat at the start of the step and that rival's
last escalation then (:meth:`herz.engine.context.StepContext.cause`).
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["FIELDS", "log_caused", "log_caused_lane", "log_event"]

#: Columns of ``ints``.
FIELDS = ("step", "actor", "target", "code", "cause_actor", "cause_step", "scripted")


@numba.njit(cache=True, inline="always", error_model="numpy")
def log_event(ints: np.ndarray, amounts: np.ndarray, count: np.ndarray, r: int, t: int,
              actor: int, target: int, code: int, amount: float, cause_actor: int,
              cause_step: int) -> None:
    """Append one event of run ``r`` (nothing when the run is not kept)."""
    if r >= ints.shape[0]:
        return
    m = count[r]
    if m < ints.shape[1]:
        ints[r, m, 0] = t
        ints[r, m, 1] = actor
        ints[r, m, 2] = target
        ints[r, m, 3] = code
        ints[r, m, 4] = cause_actor
        ints[r, m, 5] = cause_step
        ints[r, m, 6] = 0
        amounts[r, m] = amount
    count[r] = m + 1


@numba.njit(cache=True, inline="always", error_model="numpy")
def log_caused(ints: np.ndarray, amounts: np.ndarray, count: np.ndarray, r: int, t: int,
               actor: int, target: int, code: int, amount: float, main_threat: np.ndarray,
               known_escalation: np.ndarray) -> None:
    """Append an act with the actor's account of its cause (``with_cause=True``)."""
    if r >= ints.shape[0]:
        return
    j = main_threat[r, actor]
    step = known_escalation[r, j] if j >= 0 else -1
    log_event(ints, amounts, count, r, t, actor, target, code, amount, j, step)


@numba.njit(cache=True, inline="always", error_model="numpy")
def log_caused_lane(ints: np.ndarray, amounts: np.ndarray, count: np.ndarray, b: int, s: int,
                    t: int, actor: int, target: int, code: int, amount: float,
                    main_threat: np.ndarray, known_escalation: np.ndarray) -> None:
    """:func:`log_caused` for lane ``s`` of block ``b`` of the lanes kernel
    (:mod:`herz.engine.compiled.lanes`): ``main_threat`` and ``known_escalation`` in blocks
    ``(R / B, N, B)``, the event logged for run ``b * B + s``."""
    r = b * main_threat.shape[2] + s
    if r >= ints.shape[0]:
        return
    j = main_threat[b, actor, s]
    step = known_escalation[b, j, s] if j >= 0 else -1
    log_event(ints, amounts, count, r, t, actor, target, code, amount, j, step)
