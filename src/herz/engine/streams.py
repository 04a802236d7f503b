"""Counter-based random streams: per-run randomness that is vectorized and batch-independent.

Each run has a 64-bit key taken from its own ``SeedSequence`` (spawned from the batch seed,
:func:`herz.rng.run_seed_sequences`). A draw is a pure function of (key, step, stream, index):
the SplitMix64 finaliser (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
generators", OOPSLA) applied to the counter and then to the key mixed with it. So run *i* draws
the same numbers whether it is simulated alone, in a batch of 10 000, in chunks or in another
process, and all runs' numbers for one step come from one numpy expression (the idea of
counter-based generators: Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3").

Under the numba backend (:mod:`herz.engine.backend`) the uniform numbers come from a compiled
version of the same hash (:mod:`herz.engine.compiled.streams`), bit for bit the same; the
normal transform stays numpy's, so it too gives the same bits.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from herz.engine import backend
from herz.rng import RNGLike, run_seed_sequences

__all__ = ["Stream", "below", "normal", "run_keys", "uniform", "uniform_at"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


class Stream(IntEnum):
    """One independent stream per use, so adding a draw never shifts the others."""

    TYPES = 1
    OBSERVE = 2
    OBSERVE_2 = 3
    ARMING = 4
    ARMING_2 = 5
    INCIDENT = 6
    MISREAD = 7
    WAR_START = 8
    WAR_OUTCOME = 9
    DETECTION = 10
    DISCRETE = 11
    EXPOSURE = 12
    ALLIANCE = 13
    HOTLINE = 14
    POLICY = 15
    COERCION = 16
    PREEMPTION = 17
    DEMAND = 18
    ESTIMATE = 19
    RESOLVE = 20
    OPTIMISM = 21
    #: Cheating detection under agreement g uses stream ``AGREEMENT + g``.
    AGREEMENT = 1000


#: Offset of the second uniform stream behind :func:`normal`.
_NORMAL_OFFSET = 1 << 30


def _mix(z: np.ndarray) -> np.ndarray:
    """The SplitMix64 finaliser of ``z + golden``, **in place** (``z`` must be a fresh array of
    ``uint64``, which is returned)."""
    z += _GOLDEN
    z ^= z >> np.uint64(30)
    z *= _M1
    z ^= z >> np.uint64(27)
    z *= _M2
    z ^= z >> np.uint64(31)
    return z


_MASK = (1 << 64) - 1


def _mix_int(z: int) -> int:
    """:func:`_mix` of one number, in Python integers (the same bits, without numpy's
    per-call cost)."""
    z = (z + 0x9E3779B97F4A7C15) & _MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK
    return z ^ (z >> 31)


def _salt(step: int, stream: int) -> np.uint64:
    """(step, stream) -> one 64-bit salt; every field has its own 32 bits, so no overlap."""
    return np.uint64(_mix_int(((step << 32) | stream) & _MASK))


def run_keys(rng: RNGLike, n_runs: int, start: int = 0) -> np.ndarray:
    """The 64-bit keys of runs ``start .. start+n_runs-1`` of a batch seeded by ``rng``."""
    seqs = run_seed_sequences(rng, n_runs, start)
    return np.array([s.generate_state(1, np.uint64)[0] for s in seqs], dtype=np.uint64)


def _to_unit(z: np.ndarray) -> np.ndarray:
    """The top 53 bits of ``z`` as a number in (0, 1) (``z`` is consumed)."""
    z >>= np.uint64(11)
    u = z.astype(np.float64)
    u *= 2.0**-53
    u += 2.0**-54
    return u


def uniform(keys: np.ndarray, step: int, stream: int, shape: tuple[int, ...] = ()) -> np.ndarray:
    """Uniform numbers in (0, 1) of shape ``(runs, *shape)`` for one step and stream."""
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    if backend.current() == "numba":
        from herz.engine.compiled.streams import uniform_grid

        return uniform_grid(keys, _salt(step, stream), size).reshape((len(keys), *shape))
    with np.errstate(over="ignore"):
        index = np.arange(size, dtype=np.uint64)
        index ^= _salt(step, stream)
        z = keys[:, None] ^ _mix(index)[None, :]
        u = _to_unit(_mix(z))
    return u.reshape((len(keys), *shape))


def uniform_at(
    keys: np.ndarray, step: int, stream: int, shape: tuple[int, ...],
    where: tuple[np.ndarray, ...],
) -> np.ndarray:
    """``uniform(keys, step, stream, shape)[where]``, drawing only those numbers.

    ``where`` holds index arrays ``(run, *position)`` (as :func:`numpy.nonzero` gives them):
    each number is the one the full draw puts there, so drawing fewer changes none.
    """
    if not where[0].size:
        return np.zeros(0)
    flat = np.ravel_multi_index(where[1:], shape) if shape else np.zeros_like(where[0])
    if backend.current() == "numba":
        from herz.engine.compiled.streams import uniform_points

        return uniform_points(keys, where[0], flat, _salt(step, stream))
    with np.errstate(over="ignore"):
        index = flat.astype(np.uint64)
        index ^= _salt(step, stream)
        z = keys[where[0]] ^ _mix(index)
        return _to_unit(_mix(z))


def below(
    keys: np.ndarray, step: int, stream: int, mask: np.ndarray, p: np.ndarray | float
) -> np.ndarray:
    """``mask & (uniform(keys, step, stream, mask.shape[1:]) < p)``, drawing only where
    ``mask`` holds (``p`` broadcasts to ``mask``): a chance event among the candidates."""
    if backend.current() == "numba":
        from herz.engine.compiled.streams import below as fused

        r = len(keys)
        every = np.ascontiguousarray(np.broadcast_to(p, mask.shape), dtype=float)
        flat = fused(keys, _salt(step, stream), np.ascontiguousarray(mask).reshape(r, -1),
                     every.reshape(r, -1))
        return flat.reshape(mask.shape)
    where = np.nonzero(mask)
    if not where[0].size:
        return np.zeros(mask.shape, dtype=bool)
    if 4 * where[0].size > mask.size:  # dense: one full draw costs less than the gathers
        return mask & (uniform(keys, step, stream, mask.shape[1:]) < p)
    u = uniform_at(keys, step, stream, mask.shape[1:], where)
    chance = np.broadcast_to(p, mask.shape)[where] if np.ndim(p) else p
    out = np.zeros(mask.shape, dtype=bool)
    out[where] = u < chance
    return out


def normal(keys: np.ndarray, step: int, stream: int, shape: tuple[int, ...] = ()) -> np.ndarray:
    """Standard normal numbers (Box-Muller on two uniform streams)."""
    u1 = uniform(keys, step, stream, shape)
    u2 = uniform(keys, step, stream + _NORMAL_OFFSET, shape)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
