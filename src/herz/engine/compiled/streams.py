"""The counter-based random streams of :mod:`herz.engine.streams`, compiled with numba.

The same SplitMix64 finaliser (Steele, Lea & Flood 2014) of the same counters, in unsigned
64-bit integer arithmetic that wraps as numpy's does, and the same conversion of the top 53 bits
to a double: every number is bit for bit the one numpy draws (tested on many counters). One
pass over the output instead of a dozen whole-array operations; runs spread over threads with
``prange``, each number a pure function of its counter, so the thread count changes none.
"""

from __future__ import annotations

import numba
import numpy as np

from herz.engine.compiled import parallel

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_S30 = np.uint64(30)
_S27 = np.uint64(27)
_S31 = np.uint64(31)
_S11 = np.uint64(11)
_SCALE = 2.0**-53
_HALF = 2.0**-54


@numba.njit(cache=True, inline="always", error_model="numpy")
def _mix(z: np.uint64) -> np.uint64:
    z = z + _GOLDEN
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


@numba.njit(cache=True, inline="always", error_model="numpy")
def _unit(z: np.uint64) -> float:
    return float(z >> _S11) * _SCALE + _HALF


@numba.njit(cache=True, inline="always", error_model="numpy")
def _grid_row(out: np.ndarray, key: np.uint64, index: np.ndarray, r: int) -> None:
    for s in range(index.shape[0]):
        out[r, s] = _unit(_mix(key ^ index[s]))


@numba.njit(cache=True, error_model="numpy")
def _grid_serial(keys: np.ndarray, index: np.ndarray, out: np.ndarray) -> None:
    for r in range(keys.shape[0]):
        _grid_row(out, keys[r], index, r)


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _grid_parallel(keys: np.ndarray, index: np.ndarray, out: np.ndarray) -> None:
    for r in numba.prange(keys.shape[0]):
        _grid_row(out, keys[r], index, r)


@numba.njit(cache=True, error_model="numpy")
def _counters(salt: np.uint64, size: int) -> np.ndarray:
    index = np.empty(size, dtype=np.uint64)
    for s in range(size):
        index[s] = _mix(np.uint64(s) ^ salt)
    return index


@numba.njit(cache=True, error_model="numpy")
def _points_serial(keys: np.ndarray, run: np.ndarray, flat: np.ndarray, salt: np.uint64,
                   out: np.ndarray) -> None:
    for m in range(run.shape[0]):
        out[m] = _unit(_mix(keys[run[m]] ^ _mix(np.uint64(flat[m]) ^ salt)))


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _points_parallel(keys: np.ndarray, run: np.ndarray, flat: np.ndarray, salt: np.uint64,
                     out: np.ndarray) -> None:
    for m in numba.prange(run.shape[0]):
        out[m] = _unit(_mix(keys[run[m]] ^ _mix(np.uint64(flat[m]) ^ salt)))


def uniform_grid(keys: np.ndarray, salt: np.uint64, size: int) -> np.ndarray:
    """``(runs, size)`` uniforms: number ``s`` of run ``r`` from counter ``s ^ salt``."""
    out = np.empty((keys.shape[0], size))
    index = _counters(salt, size)
    (_grid_parallel if parallel(out.size) else _grid_serial)(keys, index, out)
    return out


def uniform_points(keys: np.ndarray, run: np.ndarray, flat: np.ndarray,
                   salt: np.uint64) -> np.ndarray:
    """Uniforms at (``run[m]``, ``flat[m]``): the numbers the full grid holds there."""
    out = np.empty(run.shape[0])
    run, flat = run.astype(np.int64, copy=False), flat.astype(np.int64, copy=False)
    (_points_parallel if parallel(out.size) else _points_serial)(keys, run, flat, salt, out)
    return out


@numba.njit(cache=True, error_model="numpy")
def _below_serial(keys: np.ndarray, index: np.ndarray, mask: np.ndarray, p: np.ndarray,
                  out: np.ndarray) -> None:
    for r in range(keys.shape[0]):
        for s in range(index.shape[0]):
            out[r, s] = mask[r, s] and _unit(_mix(keys[r] ^ index[s])) < p[r, s]


@numba.njit(cache=True, parallel=True, error_model="numpy")
def _below_parallel(keys: np.ndarray, index: np.ndarray, mask: np.ndarray, p: np.ndarray,
                    out: np.ndarray) -> None:
    for r in numba.prange(keys.shape[0]):
        for s in range(index.shape[0]):
            out[r, s] = mask[r, s] and _unit(_mix(keys[r] ^ index[s])) < p[r, s]


def below(keys: np.ndarray, salt: np.uint64, mask: np.ndarray, p: np.ndarray) -> np.ndarray:
    """``mask & (uniform < p)``, each number drawn only where ``mask`` holds (``mask`` and
    ``p`` shaped ``(runs, size)``)."""
    out = np.empty(mask.shape, dtype=np.bool_)
    index = _counters(salt, mask.shape[1])
    kernel = _below_parallel if parallel(out.size) else _below_serial
    kernel(keys, index, mask, p, out)
    return out
