"""Built-in example scenarios, one per mechanism; each file says in a comment what it shows."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from herz.errors import HerzInputError

__all__ = ["example_path", "examples"]


def examples() -> list[str]:
    """Names of the built-in examples."""
    root = resources.files("herz.examples")
    return sorted(p.name.removesuffix(".toml") for p in root.iterdir() if p.name.endswith(".toml"))


def example_path(name: str) -> Path:
    """The file of built-in example ``name``."""
    if name not in examples():
        raise HerzInputError(f"no example {name!r}", field="example", allowed=", ".join(examples()))
    return Path(str(resources.files("herz.examples").joinpath(f"{name}.toml")))
