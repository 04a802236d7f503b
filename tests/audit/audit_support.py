"""Shared helpers for the audit tests: scenarios built from the built-in examples, policies,
and a paired directional assertion over many seeded runs."""

from __future__ import annotations

from typing import Any

import numpy as np

from herz.engine.scenario import Scenario, apply_overrides, parse_scenario, read_toml
from herz.examples import example_path

#: An offensive build-up deployed forward, and a defensive build-up of equal cost.
OFFENSIVE = [
    {"step": 2, "action": "arm", "force_class": "conventional_offensive", "amount": 5.0},
    {"step": 2, "action": "deploy", "target": "Red", "amount": 0.5},
]
DEFENSIVE = [{"step": 2, "action": "arm", "force_class": "conventional_defensive", "amount": 5.0}]
#: Restraint: cut offensive forces and let defence run down.
RESTRAINT = [
    {"step": 1, "action": "concession", "amount": 0.8},
    {"step": 2, "action": "disarm", "force_class": "conventional_defensive", "amount": 3.0},
]


def example(name: str, *overrides: str, **replace: Any) -> Scenario:
    """A built-in example with ``PATH=VALUE`` overrides and top-level fields replaced."""
    data = apply_overrides(read_toml(example_path(name)), list(overrides), source=name)
    data.update(replace)
    return parse_scenario(data, source=name)


def neighbours(motive: str) -> Scenario:
    """Two neighbours (the ``concession`` example with both on the built-in rule and no
    script): Dove, a security-seeker, and Hawk, of the given motive."""
    return example(
        "concession", 'actors.Dove.policy="default"', f'actors.Hawk.motive="{motive}"', timeline=[]
    )


def assert_positive(values: np.ndarray, z: float = 2.576) -> None:
    """Assert ``mean(values) > 0`` with a one-sided t bound at ``z`` (99.5%) over runs."""
    v = np.asarray(values, float)
    se = v.std(ddof=1) / np.sqrt(len(v))
    assert v.mean() - z * se > 0, f"mean {v.mean():.4g} (se {se:.3g}) not shown above 0"


def assert_welch_less(low: np.ndarray, high: np.ndarray, z: float = 2.576) -> None:
    """Assert ``mean(low) < mean(high)`` for independent samples, Welch bound at ``z``."""
    low, high = np.asarray(low, float), np.asarray(high, float)
    se = np.sqrt(low.var(ddof=1) / len(low) + high.var(ddof=1) / len(high))
    gap = high.mean() - low.mean()
    assert gap - z * se > 0, f"{low.mean():.4g} < {high.mean():.4g} (se {se:.3g})"
