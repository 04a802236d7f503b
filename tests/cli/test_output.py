"""The JSON every sub-command prints is valid JSON: no nan, no numpy types."""

import json

import numpy as np
import pytest

from herz.cli.output import echo_json, jsonable


def test_nan_and_infinity_become_null_and_numpy_becomes_plain() -> None:
    value = {"a": float("nan"), "b": [np.float64(1.5), np.inf], "c": np.array([1, 2]),
             "d": (np.int64(3), "x")}
    assert jsonable(value) == {"a": None, "b": [1.5, None], "c": [1, 2], "d": [3, "x"]}


def test_echo_json_prints_parseable_json(capsys: pytest.CaptureFixture[str]) -> None:
    echo_json({"x": np.nan, "y": np.float32(0.5)})
    assert json.loads(capsys.readouterr().out) == {"x": None, "y": 0.5}
