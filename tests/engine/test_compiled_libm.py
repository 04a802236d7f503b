"""The branch-free ``log``, ``log1p``, ``exp`` and ``cos(2 pi u)`` agree with numpy's to the last
bit or so, and the fused step's normal numbers with the numpy streams' to rounding."""

from __future__ import annotations

import numpy as np
import pytest

numba = pytest.importorskip("numba")

from herz.engine import streams  # noqa: E402
from herz.engine.compiled import libm  # noqa: E402
from herz.engine.compiled.draws import NORMAL_OFFSET, normal_fill, normal_with, salt  # noqa: E402
from herz.engine.streams import Stream  # noqa: E402


@numba.njit(error_model="numpy")
def _map(f: object, x: np.ndarray) -> np.ndarray:
    out = np.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = f(x[i])
    return out


def _logs(x: np.ndarray) -> np.ndarray:
    return _map(libm.log, x)


def _cosines(u: np.ndarray) -> np.ndarray:
    return _map(libm.cos_turns, u)


@numba.njit(error_model="numpy")
def _fill(keys: np.ndarray, t: int, stream: int, out: np.ndarray) -> None:
    for r in range(keys.shape[0]):
        normal_fill(out[r], keys[r], t, stream)


@numba.njit(error_model="numpy")
def _one_by_one(keys: np.ndarray, t: int, stream: int, out: np.ndarray) -> None:
    s1, s2 = salt(t, stream), salt(t, stream + NORMAL_OFFSET)
    for r in range(keys.shape[0]):
        for f in range(out.shape[1]):
            out[r, f] = normal_with(keys[r], s1, s2, f)


def _ulps(got: np.ndarray, want: np.ndarray) -> float:
    return float(np.max(np.abs(got - want) / np.spacing(np.abs(want))))


def test_log_is_within_an_ulp_of_numpy_over_the_whole_range() -> None:
    rng = np.random.default_rng(0)
    x = np.concatenate([
        np.exp(rng.uniform(-708.0, 709.0, 200_000)),  # every binade of the normal range
        rng.uniform(1.0 - 2**-10, 1.0 + 2**-10, 50_000),  # near 1, where log is small
        rng.uniform(2**-54, 1.0, 50_000),  # Box-Muller's uniforms
        rng.uniform(0.0, 2.2e-308, 10_000),  # subnormals
        [2.0**-1074, 2.2250738585072014e-308, 1.7976931348623157e308],
    ])
    x = x[x != 1.0]
    assert _ulps(_logs(x), np.log(x)) <= 1.0
    assert _logs(np.array([1.0]))[0] == 0.0


def test_log_of_special_values_is_numpys() -> None:
    x = np.array([0.0, -0.0, -1.0, -np.inf, np.inf, np.nan])
    with np.errstate(divide="ignore", invalid="ignore"):
        np.testing.assert_array_equal(_logs(x), np.log(x))


def test_log1p_is_within_two_ulps_of_numpy() -> None:
    rng = np.random.default_rng(3)
    x = np.concatenate([
        -np.exp(rng.uniform(np.log(1e-12), 0.0, 100_000)) * (1.0 - 1e-12),  # the beliefs' -b
        rng.uniform(-1e-9, 1e-9, 50_000),  # where 1 + x rounds to 1 or nearly
        np.exp(rng.uniform(-40.0, 700.0, 50_000)),
    ])
    x = x[x != 0.0]
    assert _ulps(_map(libm.log1p, x), np.log1p(x)) <= 2.0
    with np.errstate(divide="ignore"):
        np.testing.assert_array_equal(_map(libm.log1p, np.array([0.0, -1.0])), [0.0, -np.inf])


def test_exp_is_within_an_ulp_of_numpy_and_over_and_underflows_as_it_does() -> None:
    rng = np.random.default_rng(4)
    x = np.concatenate([rng.uniform(-708.0, 709.0, 200_000), rng.uniform(-1.0, 1.0, 50_000),
                        rng.uniform(-745.0, -708.5, 20_000)])  # results in the subnormals
    got, want = _map(libm.exp, x), np.exp(x)
    normal = want > 2.2250738585072014e-308
    assert _ulps(got[normal], want[normal]) <= 1.0
    assert np.max(np.abs(got[~normal] - want[~normal])) <= 5e-324  # one subnormal step
    edges = np.array([0.0, -np.inf, np.inf, np.nan, 709.78, 709.79, -745.13, -745.14, 1e-300])
    with np.errstate(over="ignore", under="ignore"):
        np.testing.assert_array_equal(_map(libm.exp, edges), np.exp(edges))


def test_cos_turns_is_cos_of_two_pi_u() -> None:
    u = np.concatenate([np.random.default_rng(1).uniform(0.0, 1.0, 300_000),
                        np.arange(9) / 8.0, [2**-54, 1.0 - 2**-53]])
    got, want = _cosines(u), np.cos(2.0 * np.pi * u)
    # numpy rounds 2 pi u before its cosine (an error up to 4.4e-16 in the angle): the two
    # agree to that, and cos_turns is exact at the multiples of an eighth of a turn.
    assert np.max(np.abs(got - want)) < 1e-15
    np.testing.assert_array_equal(_cosines(np.arange(5) / 4.0), [1.0, 0.0, -1.0, 0.0, 1.0])
    assert _cosines(np.array([0.125]))[0] == pytest.approx(np.sqrt(0.5), abs=1.2e-16)


def test_normal_fill_draws_the_numpy_streams_normals() -> None:
    keys = np.random.default_rng(2).integers(0, 2**64, size=300, dtype=np.uint64)
    keys[:3] = (0, 1, 2**64 - 1)
    for step, stream in ((0, Stream.OBSERVE), (41, Stream.ESTIMATE), (2**20, Stream.OBSERVE_2)):
        want = streams.normal(keys, step, stream, (7, 7))
        got = np.empty((300, 7, 7))
        _fill(keys, step, int(stream), got)
        assert np.max(np.abs(got - want)) < 1e-14
        flat = np.empty((300, 49))
        _one_by_one(keys, step, int(stream), flat)
        np.testing.assert_array_equal(flat.reshape(300, 7, 7), got)
