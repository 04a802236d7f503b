"""Single numbers of the counter-based streams, for the fused step (:mod:`herz.engine.streams`).

``uniform_at(key, salt(t, stream), flat)`` is the number ``uniform(keys, t, stream, shape)``
puts at ``[r, *position]`` with ``flat`` the position's flat index in ``shape`` and ``key`` the
run's key, bit for bit. :func:`normal_with` is Box-Muller on the two streams that
:func:`herz.engine.streams.normal` uses, with the branch-free ``log`` and ``cos`` of
:mod:`herz.engine.compiled.libm` (which may differ from numpy's in the last bit), and
:func:`normal_fill` draws a whole stream in one loop that the compiler vectorises. Drawing
one number never shifts another (Salmon et al. 2011, counter-based generators).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled import libm
from herz.engine.compiled.streams import _mix, _unit

__all__ = ["NORMAL_OFFSET", "normal_fill", "normal_with", "salt", "uniform_at"]

#: The second uniform stream of a normal draw (``herz.engine.streams._NORMAL_OFFSET``).
NORMAL_OFFSET = 1 << 30


@numba.njit(cache=True, inline="always", error_model="numpy")
def salt(t: int, stream: int) -> np.uint64:
    """The 64-bit salt of (step, stream): ``herz.engine.streams._salt``."""
    return _mix(np.uint64((np.int64(t) << 32) | np.int64(stream)))


@numba.njit(cache=True, inline="always", error_model="numpy")
def uniform_at(key: np.uint64, salted: np.uint64, flat: int) -> float:
    """The uniform number at flat position ``flat`` of a run with key ``key``."""
    return _unit(_mix(key ^ _mix(np.uint64(flat) ^ salted)))


@numba.njit(cache=True, inline="always", error_model="numpy")
def normal_with(key: np.uint64, salt1: np.uint64, salt2: np.uint64, flat: int) -> float:
    """The standard normal number of ``normal(keys, t, stream, shape)`` at ``flat`` for the run
    with key ``key``, given the salts ``salt(t, stream)`` and ``salt(t, stream +
    NORMAL_OFFSET)`` (computed once for a whole loop of draws)."""
    u1 = uniform_at(key, salt1, flat)
    u2 = uniform_at(key, salt2, flat)
    return math.sqrt(-2.0 * libm.log(u1)) * libm.cos_turns(u2)


@numba.njit(cache=True, inline="always", error_model="numpy")
def normal_fill(out: np.ndarray, key: np.uint64, t: int, stream: int) -> None:
    """Fill the C-contiguous array ``out`` with ``normal(keys, t, stream, out.shape)[r]`` for
    the run with key ``key``: one flat loop without branches or calls, which the compiler
    vectorises (:mod:`herz.engine.compiled.libm`)."""
    flat = out.reshape(out.size)
    salt1, salt2 = salt(t, stream), salt(t, stream + NORMAL_OFFSET)
    for f in range(flat.size):
        flat[f] = normal_with(key, salt1, salt2, f)
