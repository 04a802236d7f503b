"""The counter-based streams: drawing fewer numbers changes none of them."""

from __future__ import annotations

import numpy as np

from herz.engine.streams import Stream, below, normal, run_keys, uniform, uniform_at

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(z: np.ndarray) -> np.ndarray:
    z = z + _GOLDEN
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


def _reference_uniform(keys: np.ndarray, step: int, stream: int,
                       shape: tuple[int, ...]) -> np.ndarray:
    """The streams' definition, written out without any shortcut."""
    size = int(np.prod(shape))
    with np.errstate(over="ignore"):
        salt = _mix(np.array([(step << 32) | stream], dtype=np.uint64))[0]
        index = np.arange(size, dtype=np.uint64) ^ salt
        z = _mix(keys[:, None] ^ _mix(index)[None, :])
    u = (z >> np.uint64(11)).astype(np.float64) * 2.0**-53 + 2.0**-54
    return u.reshape((len(keys), *shape))


def test_uniform_is_the_definition_bit_for_bit() -> None:
    keys = run_keys(7, 9)
    for step, stream, shape in ((0, Stream.OBSERVE, (4, 4)), (13, Stream.AGREEMENT + 2, (3,)),
                                (999, Stream.OBSERVE + (1 << 30), (2, 5))):
        assert np.array_equal(uniform(keys, step, stream, shape),
                              _reference_uniform(keys, step, stream, shape))


def test_uniform_at_draws_the_same_numbers() -> None:
    keys = run_keys(3, 11)
    full = uniform(keys, 5, Stream.INCIDENT, (6, 6))
    where = np.nonzero(np.random.default_rng(0).random((11, 6, 6)) < 0.2)
    assert np.array_equal(uniform_at(keys, 5, Stream.INCIDENT, (6, 6), where), full[where])


def test_below_is_the_masked_full_draw_at_any_density() -> None:
    keys = run_keys(1, 40)
    rng = np.random.default_rng(1)
    p = rng.random((40, 5, 5))
    for density in (0.0, 0.05, 0.3, 1.0):
        mask = rng.random((40, 5, 5)) < density
        expected = mask & (uniform(keys, 2, Stream.MISREAD, (5, 5)) < p)
        assert np.array_equal(below(keys, 2, Stream.MISREAD, mask, p), expected)
        assert np.array_equal(below(keys, 2, Stream.MISREAD, mask, 0.5),
                              mask & (uniform(keys, 2, Stream.MISREAD, (5, 5)) < 0.5))


def test_normal_is_box_muller_on_two_streams() -> None:
    keys = run_keys(0, 3)
    u1 = _reference_uniform(keys, 4, Stream.OBSERVE, (2, 2))
    u2 = _reference_uniform(keys, 4, Stream.OBSERVE + (1 << 30), (2, 2))
    expected = np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2)
    assert np.array_equal(normal(keys, 4, Stream.OBSERVE, (2, 2)), expected)
