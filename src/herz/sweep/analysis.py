"""Analysis of a finished sweep: Sobol indices, Morris screening, PRIM boxes, grid maps.

* Sobol indices (Sobol' 1993, 2001; Saltelli 2002; Saltelli et al. 2010) with bootstrap
  confidence intervals: ``SALib.analyze.sobol`` on a ``sobol`` design. First order ``S1``: the
  share of the metric's variance due to one parameter alone; total ``ST``: with all its
  interactions; second order ``S2``: due to a pair's interaction only.
* Morris elementary effects (Morris 1991), ``mu_star`` as in Campolongo, Cariboni and Saltelli
  (2007): ``SALib.analyze.morris`` on a ``morris`` design.
* PRIM boxes (Friedman and Fisher 1999; Bryant and Lempert 2010): :mod:`herz.sweep.prim` on any
  design, for the ``[prim]`` section of the sweep.
* Grids: the metric at each combination of levels (a map for two parameters).

The metric of a point is the mean over its runs, so indices describe the expected outcome; the
runs' noise adds variance that no parameter explains (it lowers first-order indices).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from herz.sweep.design import unit_problem
from herz.sweep.prim import prim_covering

__all__ = ["analyse", "grid_maps", "morris_indices", "prim_boxes", "sobol_indices"]


def sobol_indices(
    names: list[str], y: np.ndarray, second_order: bool = True, seed: int = 0,
    conf_level: float = 0.95,
) -> dict[str, Any]:
    """Sobol indices of outputs ``y`` of a Saltelli design on ``names`` (SALib), as lists."""
    from SALib.analyze import sobol

    res = sobol.analyze(
        unit_problem(names), np.asarray(y, dtype=float), calc_second_order=second_order,
        conf_level=conf_level, seed=seed,
    )
    out: dict[str, Any] = {
        "S1": res["S1"].tolist(), "S1_conf": res["S1_conf"].tolist(),
        "ST": res["ST"].tolist(), "ST_conf": res["ST_conf"].tolist(),
    }
    if second_order:
        out["S2"] = res["S2"].tolist()
        out["S2_conf"] = res["S2_conf"].tolist()
    return out


def morris_indices(
    names: list[str], unit_x: np.ndarray, y: np.ndarray, levels: int = 4, seed: int = 0,
    conf_level: float = 0.95,
) -> dict[str, Any]:
    """Morris screening measures of a Morris design on the unit hypercube (SALib)."""
    from SALib.analyze import morris

    res = morris.analyze(
        unit_problem(names), np.asarray(unit_x, dtype=float), np.asarray(y, dtype=float),
        num_levels=levels, conf_level=conf_level, seed=seed,
    )
    return {k: np.asarray(res[k], dtype=float).tolist()
            for k in ("mu", "mu_star", "sigma", "mu_star_conf")}


def prim_boxes(
    names: list[str], x: np.ndarray, metric: np.ndarray, threshold: float | None,
    alpha: float, min_support: float, boxes: int,
) -> dict[str, Any]:
    """PRIM boxes for ``metric > threshold`` (default threshold: the metric's mean)."""
    metric = np.asarray(metric, dtype=float)
    thr = float(np.nanmean(metric)) if threshold is None else float(threshold)
    y = (metric > thr).astype(float)
    found = prim_covering(x, y, boxes=boxes, alpha=alpha, min_support=min_support)
    out: dict[str, Any] = {"threshold": thr, "cases": int(y.sum()), "points": len(y), "boxes": []}
    for res in found:
        b = res.box
        out["boxes"].append({
            "coverage": b.coverage, "density": b.density, "support": b.support, "n": b.n,
            "limits": {names[j]: [float(b.limits[j, 0]), float(b.limits[j, 1])]
                       for j in range(len(names))},
            "restricted": [names[j] for j in b.restricted(x)],
            "chosen": res.chosen,
            "trajectory": [{"coverage": t.coverage, "density": t.density, "support": t.support}
                           for t in res.trajectory],
        })
    return out


def grid_maps(
    points: dict[str, np.ndarray], names: list[str], metrics: list[str]
) -> dict[str, Any]:
    """For a two-parameter grid: the levels of each axis and, per metric, the mean over any
    repeated cells as a (len(x), len(y)) matrix."""
    if len(names) != 2:
        return {}
    xs = sorted(set(points[names[0]].tolist()))
    ys = sorted(set(points[names[1]].tolist()))
    ix = np.searchsorted(np.array(xs), points[names[0]])
    iy = np.searchsorted(np.array(ys), points[names[1]])
    out: dict[str, Any] = {"x": names[0], "y": names[1], "x_levels": xs, "y_levels": ys,
                           "maps": {}}
    for m in metrics:
        total = np.zeros((len(xs), len(ys)))
        count = np.zeros((len(xs), len(ys)))
        np.add.at(total, (ix, iy), points[m])
        np.add.at(count, (ix, iy), 1)
        with np.errstate(invalid="ignore"):
            out["maps"][m] = (total / count).tolist()
    return out


def analyse(
    manifest: dict[str, Any], points: dict[str, np.ndarray], unit: np.ndarray | None
) -> dict[str, Any]:
    """Every analysis that fits the sweep's design, as a JSON-ready dict."""
    spec = manifest["sweep"]
    design = spec["design"]
    names: list[str] = manifest["parameters"]
    metrics: list[str] = manifest["metrics"]
    seed = int(manifest["seed"])
    out: dict[str, Any] = {"design": design["kind"], "parameters": names, "metrics": metrics}
    numeric = [n for n in names if points[n].dtype.kind in "fiub"]
    if design["kind"] == "grid":
        out["grid"] = grid_maps(points, names, metrics) if numeric == names else {}
    if design["kind"] == "sobol":
        out["sobol"] = {
            m: sobol_indices(names, points[m], design["second_order"], seed) for m in metrics
        }
    if design["kind"] == "morris":
        assert unit is not None
        out["morris"] = {
            m: morris_indices(names, unit, points[m], design["levels"], seed) for m in metrics
        }
    prim_spec = spec.get("prim")
    if prim_spec and numeric:
        x = np.column_stack([points[n].astype(float) for n in numeric])
        out["prim"] = {
            "metric": prim_spec["metric"],
            "parameters": numeric,
            **prim_boxes(numeric, x, points[prim_spec["metric"]], prim_spec["threshold"],
                         prim_spec["peel_alpha"], prim_spec["min_support"], prim_spec["boxes"]),
        }
    return out
