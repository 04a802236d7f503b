"""Reading user files and text safely: bounded size, regular files only, bounded nesting.

Every scenario, case, sweep or policy file goes through :func:`read_text` (a regular file of at
most :data:`MAX_FILE_BYTES`, so ``/dev/zero`` or a FIFO is refused before anything is read) and
every TOML or JSON text through :func:`loads_toml` or :func:`loads_json` (nesting at most
:data:`MAX_DEPTH` levels). Each failure is a one-line :class:`herz.errors.HerzInputError`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from herz.errors import HerzInputError

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_QUANTITY",
    "check_depth",
    "exists",
    "is_file",
    "loads_json",
    "loads_toml",
    "parse_csv",
    "read_csv",
    "read_text",
    "read_toml_file",
]

#: Largest stock, cap, GDP or amount in a scenario: far above any real economy in any unit, far
#: below where the engine's arithmetic would overflow.
MAX_QUANTITY = 1e15
#: Largest scenario, case, sweep or policy file read (bytes).
MAX_FILE_BYTES = 1 << 20
#: Deepest nesting of tables and arrays accepted in any input (a scenario needs about 5).
MAX_DEPTH = 32


def read_text(path: str | Path, limit: int = MAX_FILE_BYTES) -> str:
    """The text of the regular file ``path``, refusing anything else or anything over ``limit``."""
    path = Path(path)
    source = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise HerzInputError("no such file", source=source) from None
    except (OSError, ValueError) as err:  # too long a name, a NUL byte, no permission, a loop
        raise HerzInputError(f"cannot read: {_reason(err)}", source=source) from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise HerzInputError(f"is {kind}", allowed="a regular file", source=source)
    if info.st_size > limit:
        raise HerzInputError(
            f"{info.st_size} bytes", allowed=f"a file of at most {limit} bytes", source=source
        )
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as err:
        raise HerzInputError(f"cannot read: {_reason(err)}", source=source) from None
    if len(data) > limit:
        raise HerzInputError(
            "grew while read", allowed=f"a file of at most {limit} bytes", source=source
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise HerzInputError(f"not UTF-8 text: {err.reason} at byte {err.start}",
                             source=source) from None


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return err.strerror
    return str(err)


def is_file(path: str | Path) -> bool:
    """Whether ``path`` names an existing regular file; ``False`` for a name the system refuses
    (too long, a NUL byte) rather than an error."""
    try:
        return Path(path).is_file()
    except (OSError, ValueError):
        return False


def exists(path: str | Path) -> bool:
    """Whether anything exists at ``path``; ``False`` for a name the system refuses."""
    try:
        return Path(path).exists()
    except (OSError, ValueError):
        return False


def check_depth(value: Any, source: str = "", limit: int = MAX_DEPTH) -> None:
    """Refuse tables and arrays nested deeper than ``limit`` (checked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list | tuple):
            children = item
        else:
            continue
        if depth >= limit:
            raise HerzInputError(
                f"nested more than {limit} levels deep",
                allowed=f"at most {limit} levels of tables and arrays",
                source=source,
            )
        stack.extend((child, depth + 1) for child in children)


def loads_toml(text: str, source: str = "", limit: int = MAX_DEPTH) -> dict[str, Any]:
    """Parse TOML text, refusing bad syntax and deep nesting with one-line errors."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise HerzInputError(f"not valid TOML: {err}", source=source) from None
    except RecursionError:
        raise HerzInputError(
            "nested too deep", allowed=f"at most {limit} levels of tables and arrays",
            source=source,
        ) from None
    check_depth(data, source, limit)
    return data


def loads_json(text: str | bytes, source: str = "", limit: int = MAX_DEPTH) -> Any:
    """Parse JSON text, refusing bad syntax and deep nesting with one-line errors."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as err:
        raise HerzInputError(f"not valid JSON: {err}", source=source) from None
    except RecursionError:
        raise HerzInputError(
            "nested too deep", allowed=f"at most {limit} levels of objects and arrays",
            source=source,
        ) from None
    check_depth(data, source, limit)
    return data


def read_toml_file(path: str | Path, limit: int = MAX_FILE_BYTES) -> dict[str, Any]:
    """Read and parse a TOML file with the limits above."""
    return loads_toml(read_text(path, limit), str(path))


def parse_csv(text: str, source: str, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows of CSV text as (line number, dict of stripped strings); lines starting with ``#``
    and blank lines are skipped, the first other line is the header.

    A missing column of ``required`` is a one-line error naming ``source`` and the column.
    """
    kept = ["" if ln.lstrip().startswith("#") else ln
            for ln in text.removeprefix("\ufeff").splitlines()]
    reader = csv.reader(io.StringIO("\n".join(kept)))
    header: list[str] | None = None
    rows: list[tuple[int, dict[str, str]]] = []
    for cells in reader:
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = [c.strip() for c in cells]
            continue
        padded = [c.strip() for c in cells] + [""] * (len(header) - len(cells))
        rows.append((reader.line_num, dict(zip(header, padded, strict=False))))
    for col in required:
        if col not in (header or []):
            raise HerzInputError(f"missing column {col!r}", field=col, source=source,
                                 allowed="a CSV with the columns " + ", ".join(required))
    return rows


def read_csv(path: str | Path, required: Sequence[str]) -> list[tuple[int, dict[str, str]]]:
    """Read a CSV file (with the limits of :func:`read_text`) and check its columns
    (:func:`parse_csv`)."""
    return parse_csv(read_text(path), str(path), required)
