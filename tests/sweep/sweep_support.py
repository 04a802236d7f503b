"""Helpers for the sweep tests: small sweep files written into a temporary folder."""

from __future__ import annotations

from pathlib import Path

SMALL_GRID = """
scenario = "four_worlds"
runs = 6
steps = 6
seed = 3
metrics = ["p_war", "spiral", "belief_final"]
batch = 1

[design]
kind = "grid"

[[parameters]]
path = "world.offense_dominance"
range = [0.2, 1.0]
num = 3

[[parameters]]
path = "world.distinguishability"
values = [0.2, 0.9]
"""


def write(tmp: Path, text: str, name: str = "sweep.toml") -> Path:
    """Write ``text`` as a sweep file in ``tmp`` and return its path."""
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path
