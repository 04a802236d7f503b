"""Sobol indices, Morris screening and PRIM against known results.

Kind (a), analytic values: the Ishigami function (Ishigami and Homma 1990) with a = 7, b = 0.1
on [-pi, pi]^3 has first-order indices 0.3139, 0.4424, 0 and total indices 0.5576, 0.4424,
0.2437, and S13 = 0.2437 (Saltelli et al. 2008, *Global Sensitivity Analysis. The Primer*;
SALib's test function). With 1024 base samples SALib's bootstrap half-widths are about 0.05-0.07,
so the estimates must lie within 0.05 of the analytic values and the analytic values within
twice the reported half-width.
"""

from __future__ import annotations

import numpy as np
import pytest
from SALib.test_functions import Ishigami

from herz.sweep.analysis import grid_maps, morris_indices, prim_boxes, sobol_indices
from herz.sweep.design import sample_unit
from herz.sweep.prim import prim, prim_covering

S1 = [0.3139, 0.4424, 0.0]
ST = [0.5576, 0.4424, 0.2437]
S13 = 0.2437
NAMES = ["x1", "x2", "x3"]


def test_sobol_on_ishigami_matches_the_analytic_indices() -> None:
    unit = sample_unit("sobol", NAMES, 1024, np.random.SeedSequence(0))
    y = Ishigami.evaluate(-np.pi + 2 * np.pi * unit)
    idx = sobol_indices(NAMES, y, second_order=True, seed=0)
    for key, truth in (("S1", S1), ("ST", ST)):
        est, conf = np.array(idx[key]), np.array(idx[f"{key}_conf"])
        assert np.abs(est - truth).max() < 0.05, (key, est)
        assert np.all(np.abs(est - truth) <= 2 * conf + 1e-3), (key, est, conf)
    s2 = np.array(idx["S2"], dtype=float)
    assert s2[0, 2] == pytest.approx(S13, abs=0.06)
    assert abs(s2[0, 1]) < 0.05 and abs(s2[1, 2]) < 0.05


def test_morris_on_a_linear_function_gives_its_slopes() -> None:
    # On the unit cube y = 3 x1 + x2 has elementary effects exactly 3, 1 and 0 (Morris 1991).
    unit = sample_unit("morris", NAMES, 10, np.random.SeedSequence(2), levels=4)
    y = 3 * unit[:, 0] + unit[:, 1]
    idx = morris_indices(NAMES, unit, y, levels=4, seed=0)
    assert idx["mu_star"] == pytest.approx([3.0, 1.0, 0.0], abs=1e-9)
    assert idx["sigma"] == pytest.approx([0.0, 0.0, 0.0], abs=1e-9)


def test_prim_recovers_a_planted_box() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((3000, 4))
    planted = (x[:, 0] > 0.2) & (x[:, 0] < 0.6) & (x[:, 1] > 0.5)
    flip = rng.random(3000) < 0.05  # 5% label noise
    y = (planted ^ flip).astype(float)
    res = prim(x, y, alpha=0.05, min_support=0.05)
    box = res.box
    assert box.restricted(x)[:2] == [0, 1]
    assert box.limits[0] == pytest.approx([0.2, 0.6], abs=0.04)
    assert box.limits[1, 0] == pytest.approx(0.5, abs=0.04)
    assert box.density > 0.85 and box.coverage > 0.8
    # Coverage falls and density rises along the peeling trajectory (as a trend).
    cov = [b.coverage for b in res.trajectory]
    assert cov[0] == pytest.approx(1.0) and cov[-1] < cov[0]
    assert res.trajectory[0].density == pytest.approx(y.mean())


def test_prim_covering_finds_two_planted_boxes() -> None:
    rng = np.random.default_rng(1)
    x = rng.random((4000, 2))
    a = (x[:, 0] < 0.25) & (x[:, 1] < 0.25)
    b = (x[:, 0] > 0.75) & (x[:, 1] > 0.75)
    found = prim_covering(x, (a | b).astype(float), boxes=2, alpha=0.05, min_support=0.03)
    assert len(found) == 2
    corners = sorted(tuple(np.round(r.box.limits[:, 0], 1)) for r in found)
    assert corners[0] == (0.0, 0.0) and corners[1] == pytest.approx((0.75, 0.75), abs=0.06)
    assert sum(r.box.coverage for r in found) > 0.9


def test_prim_boxes_report_and_grid_maps() -> None:
    x = np.array(np.meshgrid(np.linspace(0, 1, 6), np.linspace(0, 1, 6))).reshape(2, -1).T
    metric = x[:, 0] * (1 - x[:, 1])
    out = prim_boxes(["od", "dist"], x, metric, 0.4, 0.05, 0.05, 1)
    box = out["boxes"][0]
    assert out["cases"] == int((metric > 0.4).sum())
    # The cases (od (1 - dist) > 0.4) are not a box: the box is denser than the base rate.
    assert box["limits"]["od"][0] >= 0.4 and box["density"] > 2 * out["cases"] / len(metric)
    assert box["restricted"] == ["od", "dist"] and len(box["trajectory"]) > 1
    maps = grid_maps({"od": x[:, 0], "dist": x[:, 1], "m": metric}, ["od", "dist"], ["m"])
    assert maps["maps"]["m"][5][0] == pytest.approx(1.0)  # od = 1, dist = 0
