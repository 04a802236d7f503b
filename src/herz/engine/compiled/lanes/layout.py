"""The runs-in-lanes layout: ``(R, ...)`` arrays to blocks ``(R / B, ..., B)`` and back."""

from __future__ import annotations

import numpy as np

__all__ = ["from_blocks", "to_blocks"]


def to_blocks(x: np.ndarray, block: int) -> np.ndarray:
    """``(R, ...)`` to ``(R / block, ..., block)``: each block's runs in the last axis."""
    y = x.reshape((x.shape[0] // block, block) + x.shape[1:])
    return np.ascontiguousarray(np.moveaxis(y, 1, -1))


def from_blocks(y: np.ndarray) -> np.ndarray:
    """The inverse of :func:`to_blocks`."""
    x = np.moveaxis(y, -1, 1)
    return x.reshape((x.shape[0] * x.shape[1],) + x.shape[2:])
