"""Output shared by the sub-commands: JSON that is always valid."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np
import typer

__all__ = ["echo_json", "jsonable"]


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
