"""The reference sweep ``examples/sweeps/four_worlds.toml``: Jervis's (1978) four worlds as a
war-probability map over the offence-defence balance and distinguishability.

Directional claims, each with a one-sided 99.5% bound from the points' standard errors: war is
likelier in the doubly dangerous world (offence dominant, postures indistinguishable) than in
the doubly stable one (defence dominant, postures legible). The CI variant runs the map's four
corners with fewer runs; the slow one runs the example as shipped.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from herz.engine.scenario import read_toml
from herz.sweep import finish_sweep, parse_sweep, read_points, run_sweep

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "sweeps" / "four_worlds.toml"
Z = 2.576


def _at(points: dict[str, np.ndarray], od: float, dist: float) -> tuple[float, float]:
    i = np.flatnonzero(np.isclose(points["world.offense_dominance"], od)
                       & np.isclose(points["world.distinguishability"], dist))
    assert len(i) == 1
    return float(points["p_war"][i[0]]), float(points["p_war_se"][i[0]])


def _assert_more_war(points: dict[str, np.ndarray], high: tuple[float, float],
                     low: tuple[float, float]) -> None:
    (a, sa), (b, sb) = _at(points, *high), _at(points, *low)
    assert a - b - Z * np.hypot(sa, sb) > 0, (high, a, sa, low, b, sb)


def _run(tmp_path: Path, data: dict[str, object]) -> dict[str, np.ndarray]:
    sweep = parse_sweep(data, str(EXAMPLE))
    run_sweep(sweep, tmp_path / "out")
    finish_sweep(tmp_path / "out")
    assert (tmp_path / "out" / "plots" / "heatmap_p_war.png").is_file()
    return read_points(tmp_path / "out")


def test_four_worlds_corners(tmp_path: Path) -> None:
    data = read_toml(EXAMPLE)
    data["runs"] = 80
    for p in data["parameters"]:
        p["num"] = 2
    points = _run(tmp_path, data)
    _assert_more_war(points, (1.0, 0.0), (0.0, 1.0))
    _assert_more_war(points, (1.0, 0.0), (0.0, 0.0))


@pytest.mark.slow
def test_four_worlds_map(tmp_path: Path) -> None:
    points = _run(tmp_path, read_toml(EXAMPLE))
    _assert_more_war(points, (1.0, 0.0), (0.0, 1.0))
    _assert_more_war(points, (0.6, 0.0), (0.6, 1.0))  # distinguishability matters at the edge
    _assert_more_war(points, (0.8, 0.2), (0.2, 0.8))
