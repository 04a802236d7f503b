"""Counter-based random streams: per-run randomness that is vectorized and batch-independent.

Each run has a 64-bit key taken from its own ``SeedSequence`` (spawned from the batch seed,
:func:`herz.rng.run_seed_sequences`). A draw is a pure function of (key, step, stream, index):
the SplitMix64 finaliser (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
generators", OOPSLA) applied to the counter and then to the key mixed with it. So run *i* draws
the same numbers whether it is simulated alone, in a batch of 10 000, in chunks or in another
process, and all runs' numbers for one step come from one numpy expression (the idea of
counter-based generators: Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3").
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from herz.rng import RNGLike, run_seed_sequences

__all__ = ["Stream", "normal", "run_keys", "uniform"]

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
    z = z + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def run_keys(rng: RNGLike, n_runs: int, start: int = 0) -> np.ndarray:
    """The 64-bit keys of runs ``start .. start+n_runs-1`` of a batch seeded by ``rng``."""
    seqs = run_seed_sequences(rng, n_runs, start)
    return np.array([s.generate_state(1, np.uint64)[0] for s in seqs], dtype=np.uint64)


def uniform(keys: np.ndarray, step: int, stream: int, shape: tuple[int, ...] = ()) -> np.ndarray:
    """Uniform numbers in (0, 1) of shape ``(runs, *shape)`` for one step and stream."""
    size = int(np.prod(shape, dtype=np.int64)) if shape else 1
    with np.errstate(over="ignore"):
        # (step, stream) -> one 64-bit salt; every field has its own 32 bits, so no overlap.
        salt = _mix(np.array([(step << 32) | stream], dtype=np.uint64))[0]
        index = np.arange(size, dtype=np.uint64) ^ salt
        z = _mix(keys[:, None] ^ _mix(index)[None, :])
    u = (z >> np.uint64(11)).astype(np.float64) * 2.0**-53 + 2.0**-54
    return u.reshape((len(keys), *shape))


def normal(keys: np.ndarray, step: int, stream: int, shape: tuple[int, ...] = ()) -> np.ndarray:
    """Standard normal numbers (Box-Muller on two uniform streams)."""
    u1 = uniform(keys, step, stream, shape)
    u2 = uniform(keys, step, stream + _NORMAL_OFFSET, shape)
    return np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
