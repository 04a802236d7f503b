"""Single numbers of the counter-based streams, for the fused step (:mod:`herz.engine.streams`).

``uniform_at(key, salt(t, stream), flat)`` is the number ``uniform(keys, t, stream, shape)``
puts at ``[r, *position]`` with ``flat`` the position's flat index in ``shape`` and ``key`` the
run's key, bit for bit; ``normal_at`` is Box-Muller on the two streams :func:`normal` uses
(libm's ``log``/``cos`` may differ from numpy's in the last bit). Drawing one number never
shifts another (Salmon et al. 2011, counter-based generators).
"""

from __future__ import annotations

import math

import numba
import numpy as np

from herz.engine.compiled.streams import _mix, _unit

__all__ = ["NORMAL_OFFSET", "normal_at", "normal_with", "salt", "uniform_at"]

#: The second uniform stream of a normal draw (``herz.engine.streams._NORMAL_OFFSET``).
NORMAL_OFFSET = 1 << 30
_TWO_PI = 2.0 * math.pi


@numba.njit(cache=True, inline="always")
def salt(t: int, stream: int) -> np.uint64:
    """The 64-bit salt of (step, stream): ``herz.engine.streams._salt``."""
    return _mix(np.uint64((np.int64(t) << 32) | np.int64(stream)))


@numba.njit(cache=True, inline="always")
def uniform_at(key: np.uint64, salted: np.uint64, flat: int) -> float:
    """The uniform number at flat position ``flat`` of a run with key ``key``."""
    return _unit(_mix(key ^ _mix(np.uint64(flat) ^ salted)))


@numba.njit(cache=True, inline="always")
def normal_at(key: np.uint64, t: int, stream: int, flat: int) -> float:
    """The standard normal number of ``normal(keys, t, stream, shape)`` at ``flat``."""
    return normal_with(key, salt(t, stream), salt(t, stream + NORMAL_OFFSET), flat)


@numba.njit(cache=True, inline="always")
def normal_with(key: np.uint64, salt1: np.uint64, salt2: np.uint64, flat: int) -> float:
    """:func:`normal_at` with its two salts ``salt(t, stream)`` and
    ``salt(t, stream + NORMAL_OFFSET)`` computed once for a whole loop of draws."""
    u1 = uniform_at(key, salt1, flat)
    u2 = uniform_at(key, salt2, flat)
    return math.sqrt(-2.0 * math.log(u1)) * math.cos(_TWO_PI * u2)
