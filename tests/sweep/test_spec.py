"""Sweep files: validation of paths, ranges, designs and metrics (one-line errors, exit 2,
nothing written)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.sweep.sweep_support import SMALL_GRID, write

from herz.cli import main
from herz.errors import HerzInputError
from herz.sweep.spec import load_sweep, parse_sweep


def _base(**over: object) -> dict[str, object]:
    data: dict[str, object] = {
        "scenario": "four_worlds", "runs": 2, "steps": 2,
        "parameters": [{"path": "world.misread", "range": [0.1, 0.5], "num": 2}],
    }
    data.update(over)
    return data


def test_small_grid_loads(tmp_path: Path) -> None:
    sweep = load_sweep(write(tmp_path, SMALL_GRID))
    assert sweep.spec.names == ["world.offense_dominance", "world.distinguishability"]
    assert sweep.steps == 6
    assert len(sweep.digest()) == 64


@pytest.mark.parametrize(
    ("data", "needle"),
    [
        (_base(parameters=[{"path": "world.nonsense", "range": [0, 1], "num": 2}]),
         "world.nonsense"),
        (_base(parameters=[{"path": "actors.Green.empathy", "range": [0, 1], "num": 2}]),
         "no item 'Green'"),
        (_base(parameters=[{"path": "world.misread", "range": [0.5, 0.5], "num": 2}]),
         "empty range"),
        (_base(parameters=[{"path": "world.misread", "values": []}]), "values is empty"),
        (_base(parameters=[{"path": "world.misread", "range": [0.0, 3.0], "num": 2}]),
         "world.misread"),
        (_base(design={"kind": "sobol", "n": 8}), "takes no list or num"),
        (_base(design={"kind": "sobol", "n": 6},
               parameters=[{"path": "world.misread", "range": [0, 1]},
                           {"path": "world.war_hazard_max", "range": [0, 1]}]), "power of two"),
        (_base(design={"kind": "sobol", "n": 8},
               parameters=[{"path": "world.misread", "range": [0, 1]}]), "at least 2"),
        (_base(design={"kind": "lhs"},
               parameters=[{"path": "world.misread", "range": [0, 1]}]), "needs n"),
        (_base(parameters=[{"path": "world.misread", "distribution": "uniform",
                            "args": [0, 1]}]), "needs levels for a grid"),
        (_base(design={"kind": "morris", "n": 2, "levels": 3},
               parameters=[{"path": "world.misread", "range": [0, 1]}]), "even"),
        (_base(metrics=["p_peace"]), "unknown metric"),
        (_base(scenario="atlantis"), "no such scenario"),
        (_base(colour="red"), "unknown field"),
    ],
)
def test_bad_sweeps_are_one_line_errors(data: dict[str, object], needle: str) -> None:
    with pytest.raises(HerzInputError) as info:
        parse_sweep(data, "bad.toml")
    message = str(info.value)
    assert needle in message
    assert "\n" not in message
    assert message.startswith("bad.toml")


def test_cli_bad_sweep_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(tmp_path, SMALL_GRID.replace("world.distinguishability", "world.clarity"))
    out = tmp_path / "out"
    assert main(["sweep", str(bad), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "world.clarity" in err
    assert not out.exists()


def test_cli_one_executor_only(tmp_path: Path) -> None:
    path = write(tmp_path, SMALL_GRID)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--workers", "2",
                 "--local-cluster", "2"]) == 2
    assert not out.exists()


def test_distributions_map_the_unit_interval() -> None:
    sweep = parse_sweep(_base(
        design={"kind": "lhs", "n": 4},
        parameters=[
            {"path": "world.misread", "distribution": "triangular", "args": [0.1, 0.2, 0.5]},
            {"path": "world.incident_rate", "distribution": "loguniform", "args": [0.001, 0.1]},
            {"path": "world.offense_multiplier", "distribution": "normal", "args": [3.0, 0.3]},
            {"path": "world.forecast_window", "range": [1, 9], "integer": True},
        ],
    ))
    tri, logu, norm, integer = sweep.spec.parameters
    u = np.array([0.0, 0.5, 1.0])
    assert tri.from_unit(u)[[0, 2]].tolist() == pytest.approx([0.1, 0.5])
    assert logu.from_unit(u).tolist() == pytest.approx([0.001, 0.01, 0.1])
    assert norm.from_unit(np.array([0.5]))[0] == pytest.approx(3.0)
    assert integer.from_unit(np.array([0.0, 0.49, 1.0])).tolist() == [1, 5, 9]


def test_numeric_values_are_checked_at_their_extremes_and_types() -> None:
    from herz.sweep.spec import ParameterSpec

    p = ParameterSpec(path="x", values=[0.5, 3, 0.1, 2.5, 1])
    assert p.extremes() == [0.1, 3, 0.5]  # min, max, the first float (3 is the first int)
    assert ParameterSpec(path="x", values=[1, 2, 3] * 1000).extremes() == [1, 3]
    assert ParameterSpec(path="x", values=["a", "b", "a"]).extremes() == ["a", "b"]
