"""Shared helpers for the engine tests: scenarios from the built-in examples, and the
statistical comparison every directional claim goes through."""

from __future__ import annotations

from typing import Any

import numpy as np

from herz.engine.scenario import Scenario, apply_overrides, parse_scenario, read_toml
from herz.examples import example_path


def example_data(name: str) -> dict[str, Any]:
    """The TOML dict of a built-in example, to modify in a test."""
    return read_toml(example_path(name))


def scenario(name: str, *overrides: str, **replace: Any) -> Scenario:
    """A built-in example with ``PATH=VALUE`` overrides and top-level fields replaced."""
    data = apply_overrides(example_data(name), list(overrides), source=name)
    data.update(replace)
    return parse_scenario(data, source=name)


def assert_less(low: np.ndarray, high: np.ndarray, z: float = 2.576) -> None:
    """Assert ``mean(low) < mean(high)`` with a one-sided Welch bound at ``z`` (99.5%).

    Each argument holds one value per independent seeded run, so the bound accounts for the
    run-to-run spread instead of trusting one lucky seed.
    """
    low, high = np.asarray(low, float), np.asarray(high, float)
    diff = high.mean() - low.mean()
    se = np.sqrt(low.var(ddof=1) / len(low) + high.var(ddof=1) / len(high))
    assert diff - z * se > 0, f"{low.mean():.4g} < {high.mean():.4g} not shown (se {se:.3g})"


def assert_paired_less(low: np.ndarray, high: np.ndarray, z: float = 2.576) -> None:
    """Assert ``mean(high - low) > 0`` with a one-sided bound at ``z`` (99.5%), for two
    versions of the same seeded runs (run *i* of one paired with run *i* of the other)."""
    diff = np.asarray(high, float) - np.asarray(low, float)
    se = diff.std(ddof=1) / np.sqrt(len(diff))
    assert diff.mean() - z * se > 0, f"mean paired difference {diff.mean():.4g} (se {se:.3g})"


def same_array(name: str, ref: Any, got: Any) -> None:
    """``got`` is ``ref``: the same shape and dtype, reals to rounding (1e-12), the rest exactly
    (the device's kernel against the CPU's)."""
    ref, got = np.asarray(ref), np.asarray(got)
    assert ref.shape == got.shape and ref.dtype == got.dtype, name
    if ref.dtype.kind == "f":
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=0, err_msg=name)
    else:
        np.testing.assert_array_equal(got, ref, err_msg=name)
