"""Helpers of the case tests (also used by the command-line tests of case files)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from herz.cases import load_case


def copy_library_case(name: str, folder: Path) -> Path:
    """Copy a library case's two files into ``folder``; return the case file's path."""
    case = load_case(name)
    root = resources.files("herz.cases")
    stem = case.meta.scenario.removesuffix(".toml")
    for file in (f"{stem}.case.toml", case.meta.scenario):
        (folder / file).write_text((root / file).read_text(encoding="utf-8"), encoding="utf-8")
    return folder / f"{stem}.case.toml"


def spy_backends(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[str]:
    """Record the backend of every ``simulate`` call that ``module`` makes (in order)."""
    used: list[str] = []
    real = module.simulate

    def spy(*args: Any, backend: str = "numpy", **kwargs: Any) -> Any:
        used.append(backend)
        return real(*args, backend=backend, **kwargs)

    monkeypatch.setattr(module, "simulate", spy)
    return used
