"""Edit one value of a TOML text in place, keeping its comments, order and layout.

The scenario editor changes a field of the form; regenerating the TOML text from the data
would drop every comment the scenario's author wrote (the explanation of an example lives in
them). :func:`edit_toml` changes only the value at a path with ``tomlkit``, a round-trip TOML
library, so the rest of the text is left as it was, byte for byte.

A path is a list of keys (tables) and indices (arrays of tables, arrays): ``["actors", 0,
"empathy"]``. The value ``None`` deletes the key or the array entry; an index equal to the
array's length appends. Missing tables on the way are created (as tables, or as arrays of tables
where the next step is an index).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, InlineTable

from herz.errors import HerzInputError

__all__ = ["edit_toml"]

PathPart = str | int


def _new_container(next_key: PathPart, inline: bool) -> Any:
    if isinstance(next_key, int):
        return tomlkit.array() if inline else tomlkit.aot()
    return tomlkit.inline_table() if inline else tomlkit.table()


def _item(value: Any, inline: bool) -> Any:
    """A tomlkit item for a JSON value; tables inside inline tables or arrays stay inline."""
    if isinstance(value, dict):
        table = tomlkit.inline_table() if inline else tomlkit.table()
        for k, v in value.items():
            if v is not None:
                table[k] = _item(v, True)
        return table
    if isinstance(value, list):
        if value and all(isinstance(v, dict) for v in value) and not inline:
            aot = tomlkit.aot()
            for v in value:
                aot.append(_item(v, False))
            return aot
        array = tomlkit.array()
        for v in value:
            array.append(_item(v, True))
        return array
    return tomlkit.item(value)


def _is_inline(node: Any) -> bool:
    return isinstance(node, InlineTable | Array)


def _child(node: Any, key: PathPart, next_key: PathPart, where: str) -> Any:
    """The child ``key`` of ``node``, created when missing."""
    if isinstance(node, AoT | Array | list):
        if not isinstance(key, int) or not 0 <= key <= len(node):
            raise HerzInputError(f"{key!r}", field=where, allowed=f"an index 0 to {len(node)}")
        if key == len(node):
            node.append(_item({}, _is_inline(node)))
        return node[key]
    if isinstance(key, int):
        raise HerzInputError(f"{key!r}", field=where, allowed="a key (this is a table)")
    if key not in node:
        node[key] = _new_container(next_key, _is_inline(node))
    return node[key]


def edit_toml(text: str, path: Sequence[PathPart], value: Any) -> str:
    """``text`` with the value at ``path`` set to ``value`` (``None``: deleted).

    Comments, key order and formatting elsewhere are kept. Raises :class:`HerzInputError` (field
    ``toml``) when the text is not TOML, or naming the path when it cannot be followed.
    """
    if not path:
        raise HerzInputError("an empty path", field="path", allowed="a list of keys and indices")
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as err:
        raise HerzInputError(f"not valid TOML: {err}", field="toml",
                             allowed="TOML text (fix the text first)") from None
    node: Any = doc
    for depth, key in enumerate(path[:-1]):
        where = ".".join(str(p) for p in path[: depth + 1])
        node = _child(node, key, path[depth + 1], where)
        if not isinstance(node, dict | list | AoT | Array):
            raise HerzInputError(f"{where} is a value, not a table", field=where,
                                 allowed="a path through tables and arrays")
    last = path[-1]
    where = ".".join(str(p) for p in path)
    if isinstance(node, AoT | Array | list):
        if not isinstance(last, int) or not 0 <= last <= len(node):
            raise HerzInputError(f"{last!r}", field=where, allowed=f"an index 0 to {len(node)}")
        if value is None:
            if last < len(node):
                del node[last]
        elif last == len(node):
            node.append(_item(value, _is_inline(node)))
        else:
            node[last] = _item(value, _is_inline(node))
        return tomlkit.dumps(doc)
    if isinstance(last, int):
        raise HerzInputError(f"{last!r}", field=where, allowed="a key (this is a table)")
    if value is None:
        if last in node:
            del node[last]
    else:
        old = node.get(last)
        inline = _is_inline(node) or isinstance(old, InlineTable | Array)
        node[last] = _item(value, inline)
    return tomlkit.dumps(doc)
