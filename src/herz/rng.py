"""One way to pass randomness.

Every stochastic function in herz takes ``rng`` as ``None``, an ``int``, a
:class:`numpy.random.SeedSequence` or a :class:`numpy.random.Generator`, normalised here. Per-run
streams are spawned from one ``SeedSequence``, so run *i* draws the same numbers whatever the batch
size, the chunking or the number of worker processes (the habit of SALib's ``handle_seed`` and
Axelrod's seeding promise).
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np

from herz.errors import HerzInputError

RNGLike: TypeAlias = None | int | np.random.SeedSequence | np.random.Generator


def _check_seed(rng: RNGLike) -> None:
    if isinstance(rng, bool | np.bool_):
        raise HerzInputError(f"{rng!r}", field="seed", allowed="an integer >= 0, not a bool")
    if isinstance(rng, int | np.integer) and rng < 0:
        raise HerzInputError(f"{int(rng)} is negative", field="seed", allowed="an integer >= 0")


def handle_rng(rng: RNGLike) -> np.random.Generator:
    """Return a Generator for any accepted form of ``rng`` (a seed is an integer >= 0)."""
    _check_seed(rng)
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or isinstance(rng, int | np.integer):
        return np.random.default_rng(rng)
    if isinstance(rng, np.random.SeedSequence):
        return np.random.default_rng(rng)
    raise TypeError(f"rng must be None, an int, a SeedSequence or a Generator, not {type(rng)}")


def seed_sequence(rng: RNGLike) -> np.random.SeedSequence:
    """Return a SeedSequence for ``rng``; a Generator contributes a fresh draw from itself."""
    _check_seed(rng)
    if isinstance(rng, np.random.SeedSequence):
        return rng
    if isinstance(rng, np.random.Generator):
        return np.random.SeedSequence(int(rng.integers(0, 2**63 - 1)))
    if rng is None or isinstance(rng, int | np.integer):
        return np.random.SeedSequence(None if rng is None else int(rng))
    raise TypeError(f"rng must be None, an int, a SeedSequence or a Generator, not {type(rng)}")


def run_seed_sequences(rng: RNGLike, n_runs: int, start: int = 0) -> list[np.random.SeedSequence]:
    """Seed sequences of runs ``start .. start+n_runs-1`` of a batch seeded by ``rng``.

    Run *i* gets the child of the root sequence with ``spawn_key`` ``(i,)`` whatever ``start`` is,
    so a batch cut into chunks gives the same streams as the whole batch at once.
    """
    root = seed_sequence(rng)
    return [
        np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, i))
        for i in range(start, start + n_runs)
    ]


def spawn_generators(rng: RNGLike, n: int, start: int = 0) -> list[np.random.Generator]:
    """Independent generators for runs ``start .. start+n-1`` (see :func:`run_seed_sequences`)."""
    return [np.random.default_rng(s) for s in run_seed_sequences(rng, n, start)]
