"""Reading user files and text: regular files only, a size limit, a nesting limit, one line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from herz.errors import HerzInputError
from herz.inputs import (
    MAX_DEPTH,
    check_depth,
    loads_json,
    loads_toml,
    parse_csv,
    read_text,
    read_toml_file,
)


def _one_line(err: pytest.ExceptionInfo[HerzInputError]) -> str:
    text = str(err.value)
    assert "\n" not in text
    return text


def test_regular_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_text('name = "x"\n', encoding="utf-8")
    assert read_toml_file(path) == {"name": "x"}


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_device_is_refused_before_reading() -> None:
    with pytest.raises(HerzInputError) as err:
        read_text("/dev/zero")
    assert "not a regular file" in _one_line(err)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(HerzInputError) as err:
        read_text(fifo)
    assert "not a regular file" in _one_line(err)


def test_folder_missing_file_and_long_name(tmp_path: Path) -> None:
    with pytest.raises(HerzInputError, match="is a folder"):
        read_text(tmp_path)
    with pytest.raises(HerzInputError, match="no such file"):
        read_text(tmp_path / "nope.toml")
    with pytest.raises(HerzInputError, match="cannot read"):
        read_text(tmp_path / ("x" * 300 + ".toml"))


def test_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text("# " + "x" * 200 + "\n", encoding="utf-8")
    with pytest.raises(HerzInputError) as err:
        read_text(path, limit=100)
    assert "at most 100 bytes" in _one_line(err)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bin.toml"
    path.write_bytes(b"name = \"\xff\"\n")
    with pytest.raises(HerzInputError, match="not UTF-8"):
        read_text(path)


@pytest.mark.parametrize(
    "text",
    [
        "x = " + "[" * 3000 + "]" * 3000,  # recursion inside the parser
        "x = " + "[" * (MAX_DEPTH + 2) + "]" * (MAX_DEPTH + 2),
        "a" + ".b" * 3000 + " = 1",  # dotted keys: deep data from a flat text
    ],
)
def test_deep_toml_is_refused(text: str) -> None:
    with pytest.raises(HerzInputError) as err:
        loads_toml(text, "deep.toml")
    assert _one_line(err).startswith("deep.toml: nested")


def test_deep_json_is_refused() -> None:
    with pytest.raises(HerzInputError, match="nested"):
        loads_json("[" * 100_000 + "]" * 100_000, "x.json")
    with pytest.raises(HerzInputError, match="not valid JSON"):
        loads_json("{", "x.json")
    assert loads_json('{"a": [1, 2]}') == {"a": [1, 2]}


def test_check_depth_needs_no_recursion() -> None:
    deep: dict[str, object] = {}
    node = deep
    for _ in range(100_000):
        node["a"] = {}
        node = node["a"]  # type: ignore[assignment]
    with pytest.raises(HerzInputError, match="nested more than"):
        check_depth(deep)
    check_depth({"a": [[1, 2], {"b": 3}]})


def test_parse_csv_keeps_file_line_numbers_and_names_missing_columns() -> None:
    text = "\ufeff# a comment\n\nyear,x\n1900, 1\n# another\n1901,2\n,\n"
    rows = parse_csv(text, "f.csv", ["year", "x"])
    assert rows == [(4, {"year": "1900", "x": "1"}), (6, {"year": "1901", "x": "2"})]
    with pytest.raises(HerzInputError, match=r"^f\.csv: y: missing column 'y'"):
        parse_csv(text, "f.csv", ["year", "y"])
    with pytest.raises(HerzInputError, match="missing column 'year'"):
        parse_csv("", "f.csv", ["year"])
