"""Output shared by the sub-commands: JSON that is always valid, and the ``--out`` folder."""

from __future__ import annotations

import json
import math
import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer

__all__ = ["BackendOption", "OverwriteOption", "checked_out", "command_line", "echo_json",
           "jsonable"]


def jsonable(value: Any) -> Any:
    """``value`` with numpy scalars and arrays made plain and nan or infinity made ``None``
    (JSON has no nan)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return jsonable(value.tolist())
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def echo_json(payload: Any) -> None:
    """Print ``payload`` as indented JSON."""
    typer.echo(json.dumps(jsonable(payload), indent=2, allow_nan=False))


#: The ``--overwrite`` option of every command that writes a folder.
OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--overwrite",
        help="Write into an existing folder herz did not write: only herz's own files are "
        "replaced, every other file is kept.",
    ),
]

#: The ``--backend`` option of every command that simulates (checked by
#: :func:`herz.engine.backend.check_backend`).
BackendOption = Annotated[
    str,
    typer.Option("--backend", help="numpy (the reference) or numba (compiled hot loops, the "
                 "same random numbers; needs the fast extra)."),
]


def checked_out(out: str, overwrite: bool) -> Path:
    """``--out`` as a path, after checking herz may write there (before any work is done)."""
    from herz.atomic import check_out_dir

    check_out_dir(out, overwrite=overwrite)
    return Path(out)


def command_line(name: str) -> str:
    """The command as typed, for the output folder's manifest (``herz NAME`` if unknown)."""
    args = sys.argv[1:]
    if args[:1] == [name.split()[0]]:
        return "herz " + shlex.join(args)
    return f"herz {name}"
