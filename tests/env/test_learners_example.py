"""examples/learners.py runs at a tiny size and writes its plot (the full size is a manual run)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

pytest.importorskip("pettingzoo")

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "learners.py"


def test_learners_example_runs_small(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("herz_learners_example", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    png = tmp_path / "learners.png"
    results = module.main(["--episodes", "2", "--worlds", "3", "--steps", "4", "--out", str(png)])
    assert [r.label for r in results][0] == "spiral" and len(results) == 5
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for r in results:
        assert 0.0 <= r.arm_share <= 1.0 and 0.0 <= r.war_share <= 1.0
