"""Property: whatever a hostile user hands ``herz run``, it ends in exactly one of two ways.

Either status 0 with complete outputs (every file written, every reported number finite), or
status 2 with exactly one line on standard error and no traceback. Hypothesis mutates the
built-in examples: numbers become nan, infinities, negatives, huge values, bools or strings; keys
are deleted or their items duplicated; actors refer to themselves; tables nest deeply; paths
and options go wrong. Derandomized and CI-sized (a few dozen examples of 2 runs x 3 steps).
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from herz.cli import main
from herz.engine.scenario import read_toml
from herz.examples import example_path, examples
from herz.results.write import OUTPUTS  # complete: every file a run promises

tomli_w = pytest.importorskip("tomli_w")

SMALL = ["--runs", "2", "--steps", "3", "--keep", "1"]

BAD_NUMBERS = [
    math.nan, math.inf, -math.inf, -1, -1e308, 1e308, 1e20, 0, True, False, "100", "", 2**70,
]
BAD_OPTIONS = [
    ["--runs", "abc"], ["--runs", "1.5"], ["--runs", "0"], ["--runs", "-3"],
    ["--seed", "-1"], ["--seed", "abc"], ["--steps", "0"], ["--steps", "5000"],
    ["--keep", "0"], ["--set", "steps"], ["--set", "nope=1"], ["--set", "actors.Nobody.gdp=1"],
    ["--bogus"], ["--set", "world" + ".x" * 500 + "=1"],
]


def _leaves(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _leaves(v, (*path, k))] or [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _leaves(v, (*path, i))] or [path]
    return [path]


def _containers(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if isinstance(value, dict | list) and value else []
    children = value.items() if isinstance(value, dict) else enumerate(value) \
        if isinstance(value, list) else []
    for k, v in children:
        out += _containers(v, (*path, k))
    return out


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    data = read_toml(example_path(draw(st.sampled_from(examples()))))
    data = copy.deepcopy(data)
    names = [a["name"] for a in data.get("actors", [])]
    kind = draw(st.sampled_from(["number", "number", "delete", "duplicate", "self", "deep",
                                 "none"]))
    if kind == "number":
        numeric = [p for p in _leaves(data) if p and isinstance(_get(data, p), int | float)]
        if numeric:
            _set(data, draw(st.sampled_from(numeric)), draw(st.sampled_from(BAD_NUMBERS)))
    elif kind == "delete":
        path = draw(st.sampled_from(_leaves(data)))
        if path:
            del _get(data, path[:-1])[path[-1]]
    elif kind == "duplicate":
        lists = [p for p in _containers(data) if isinstance(_get(data, p), list)]
        if lists:
            items = _get(data, draw(st.sampled_from(lists)))
            items.append(copy.deepcopy(items[draw(st.integers(0, len(items) - 1))]))
    elif kind == "self" and names:
        who = draw(st.sampled_from(names))
        where = draw(st.sampled_from(["hotlines", "contacts", "beliefs", "timeline", "alliances"]))
        item: Any = {
            "hotlines": [who, who],
            "contacts": [who, who],
            "beliefs": {"holder": who, "about": who, "value": 0.5},
            "timeline": {"step": 1, "actor": who, "action": draw(st.sampled_from(
                ["deploy", "ally", "sanction", "hotline", "attack", "coerce"])), "target": who},
            "alliances": {"name": "self", "members": [who, who]},
        }[where]
        data.setdefault(where, []).append(item)
    elif kind == "deep":
        path = draw(st.sampled_from(_leaves(data)))
        if path:
            _set(data, path, _deep(draw(st.integers(2, 200))))
    return data


def _finite(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _check(code: int, err: str, out: Path) -> None:
    lines = err.strip().splitlines()
    assert "Traceback" not in err, err
    if code == 0:
        for name in OUTPUTS:
            assert (out / name).is_file(), name
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        for actor, iv in summary["metrics"]["arms_final"].items():
            assert iv["estimate"] is not None and math.isfinite(iv["estimate"]), actor
    else:
        assert code == 2, err
        assert len(lines) == 1 and lines[0].startswith("herz: error: "), err
        assert not out.exists()  # bad input writes nothing


@settings(max_examples=36, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=mutated())
def test_mutated_examples(
    data: dict[str, Any], tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    scenario, out = folder / "scenario.toml", folder / "out"
    scenario.write_text(tomli_w.dumps(data), encoding="utf-8")
    capsys.readouterr()
    code = main(["run", str(scenario), *SMALL, "--out", str(out)])
    _check(code, capsys.readouterr().err, out)


@settings(max_examples=16, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    option=st.sampled_from(BAD_OPTIONS),
    target=st.sampled_from(["spiral", "nope", "missing.toml", "folder", "x" * 300, "empty.toml",
                            "binary.toml"]),
)
def test_bad_paths_and_options(
    option: list[str], target: str, tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "folder").mkdir()
    (folder / "empty.toml").write_text("", encoding="utf-8")
    (folder / "binary.toml").write_bytes(b"\xff\xfe\x00")
    path = target if target in ("spiral", "nope") else str(folder / target)
    out = folder / "out"
    capsys.readouterr()
    code = main(["run", path, *SMALL, *option, "--out", str(out)])
    _check(code, capsys.readouterr().err, out)
