"""The runs-in-lanes layout: ``(R, ...)`` arrays to blocks ``(R / B, ..., B)`` and back.

The fused step's arguments (:data:`herz.engine.compiled.step.ARGUMENTS`) fall in four kinds:
the world's constants (:data:`WORLD`, the same for every run: left as they are), arrays with
rows before the runs (:data:`ROWS_FIRST`, ``(rows, R, ...)``: blocked row by row), the kept
runs' event buffers (:data:`BY_RUN`: indexed by the run's number ``b * B + s``, left as they
are) and every other array, run-first ``(R, ...)``. :func:`block_argument` and
:func:`unblock_argument` convert one argument by its name; a number of runs that is not a
multiple of the block is padded with copies of the last run (:func:`padded_runs`), lanes that
outputs skip and whose events are never kept (only runs below the count of kept runs log).
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["BY_RUN", "ROWS_FIRST", "WORLD", "block_argument", "from_blocks", "padded_runs",
           "to_blocks", "unblock_argument", "unblock_into"]

#: The world's constants among the step's arguments.
WORLD = frozenset((
    "ctx_classes", "perceive_par", "assess_par", "ctx_actor", "unit", "decide_par",
    "decide_actor", "contact", "cyber", "acts_par", "acts_actor", "acts_classes", "procurement",
    "conflict_par", "growth", "belief0", "asymmetry", "strength", "caps", "agreement",
    "agree_par"))
#: Arguments laid out ``(rows, R, ...)``.
ROWS_FIRST = frozenset(("pa", "pp", "wa", "assess_work", "wn"))
#: The kept runs' event buffers and counts, indexed by run.
BY_RUN = frozenset(("ev_int", "ev_amt", "ev_n"))


def to_blocks(x: np.ndarray, block: int) -> np.ndarray:
    """``(R, ...)`` to ``(R / block, ..., block)``: each block's runs in the last axis."""
    y = x.reshape((x.shape[0] // block, block) + x.shape[1:])
    return np.ascontiguousarray(np.moveaxis(y, 1, -1))


def from_blocks(y: np.ndarray) -> np.ndarray:
    """The inverse of :func:`to_blocks`."""
    x = np.moveaxis(y, -1, 1)
    return x.reshape((x.shape[0] * x.shape[1],) + x.shape[2:])


def padded_runs(runs: int, block: int) -> int:
    """The runs in whole blocks of ``block``: ``runs`` rounded up to a multiple of it."""
    return -(-runs // block) * block


def _pad(x: np.ndarray, block: int) -> np.ndarray:
    """``x`` ``(R, ...)`` with copies of its last run up to whole blocks."""
    extra = padded_runs(x.shape[0], block) - x.shape[0]
    return np.concatenate([x, np.repeat(x[-1:], extra, axis=0)]) if extra else x


def block_argument(name: str, x: Any, block: int) -> Any:
    """The step's argument ``name`` in blocks of ``block`` runs, the last block padded
    (scalars, the world's constants and the event buffers as they are)."""
    if not isinstance(x, np.ndarray) or name in WORLD or name in BY_RUN:
        return x
    if name in ROWS_FIRST:
        return np.ascontiguousarray(np.stack([to_blocks(_pad(row, block), block) for row in x]))
    return to_blocks(_pad(x, block), block)


def unblock_argument(name: str, y: Any) -> Any:
    """The inverse of :func:`block_argument`."""
    if not isinstance(y, np.ndarray) or name in WORLD or name in BY_RUN:
        return y
    if name in ROWS_FIRST:
        return np.stack([from_blocks(row) for row in y])
    return from_blocks(y)


def unblock_into(name: str, y: np.ndarray, out: np.ndarray) -> None:
    """Copy the runs of ``out`` (run-first, or rows first for :data:`ROWS_FIRST`) from their
    blocks ``y``, leaving the padding out."""
    if name in ROWS_FIRST:
        for row, blocks in zip(out, y, strict=True):
            row[...] = from_blocks(blocks)[: row.shape[0]]
    else:
        out[...] = from_blocks(y)[: out.shape[0]]
