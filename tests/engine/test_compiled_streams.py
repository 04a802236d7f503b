"""The compiled random streams draw the numpy streams' numbers, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("numba")

from herz.engine import streams  # noqa: E402
from herz.engine.backend import use_backend  # noqa: E402
from herz.engine.streams import Stream  # noqa: E402


def _keys(n: int, seed: int) -> np.ndarray:
    keys = np.random.default_rng(seed).integers(0, 2**64, size=n, dtype=np.uint64)
    keys[:3] = (0, 1, 2**64 - 1)  # the edges of the counter space
    return keys


@pytest.mark.parametrize("shape", [(), (7,), (13, 13), (3, 5, 4)])
def test_uniform_is_bit_identical(shape: tuple[int, ...]) -> None:
    keys = _keys(257, 1)
    for step, stream in ((0, Stream.TYPES), (17, Stream.OBSERVE), (999, Stream.AGREEMENT + 3),
                         (2**20, 2**30 + Stream.ESTIMATE)):
        ref = streams.uniform(keys, step, stream, shape)
        with use_backend("numba"):
            got = streams.uniform(keys, step, stream, shape)
        assert got.dtype == ref.dtype and got.shape == ref.shape
        np.testing.assert_array_equal(got.view(np.uint64), ref.view(np.uint64))
        assert 0.0 < got.min() and got.max() < 1.0


def test_subsets_normals_and_chance_events_are_bit_identical() -> None:
    keys = _keys(300, 2)
    mask = np.random.default_rng(3).random((300, 6, 6)) < 0.1
    p = np.random.default_rng(4).random((300, 6, 6))
    where = np.nonzero(mask)
    ref = (streams.uniform_at(keys, 5, Stream.INCIDENT, (6, 6), where),
           streams.normal(keys, 5, Stream.OBSERVE, (6, 6)),
           streams.below(keys, 5, Stream.MISREAD, mask, p))
    with use_backend("numba"):
        got = (streams.uniform_at(keys, 5, Stream.INCIDENT, (6, 6), where),
               streams.normal(keys, 5, Stream.OBSERVE, (6, 6)),
               streams.below(keys, 5, Stream.MISREAD, mask, p))
    for a, b in zip(ref, got, strict=True):
        np.testing.assert_array_equal(a, b)
    assert ref[2].any() and not ref[2].all()


@pytest.mark.parametrize("density", [0.0, 0.05, 0.5, 1.0])
def test_chance_events_at_any_density_are_bit_identical(density: float) -> None:
    keys = _keys(120, 5)
    gen = np.random.default_rng(6)
    for shape, p in (((120, 9, 9), 0.3), ((120, 9, 9), gen.random((120, 9, 9))),
                     ((120,), gen.random(120))):
        mask = gen.random(shape) < density
        ref = streams.below(keys, 11, Stream.WAR_START, mask, p)
        with use_backend("numba"):
            got = streams.below(keys, 11, Stream.WAR_START, mask, p)
        assert got.dtype == bool and got.shape == mask.shape
        np.testing.assert_array_equal(got, ref)
