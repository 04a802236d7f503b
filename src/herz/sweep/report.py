"""Plots and the self-contained HTML report of a finished sweep.

Figures use matplotlib's object API on the Agg canvas (as :mod:`herz.report.plots`), are written
as PNG into ``plots/`` and embedded as base64 in ``report.html``, which needs no network.
"""

from __future__ import annotations

import base64
import json
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
from matplotlib.figure import Figure

from herz.cli.output import jsonable
from herz.report.plots import png_bytes
from herz.sweep.metrics import METRICS
from herz.sweep.store import atomic_text, atomic_write

__all__ = ["heatmap", "morris_bars", "prim_boxes_plot", "prim_tradeoff", "sobol_bars",
           "write_report"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
table{border-collapse:collapse;margin:.5em 0 1.5em} td,th{padding:.25em .7em;text-align:left;
border-bottom:1px solid #ddd;font-variant-numeric:tabular-nums} th{background:#f3f3f3}
code{background:#f3f3f3;padding:0 .25em;word-break:break-all} img{max-width:100%}
figcaption{color:#555;font-size:.9em} .note{color:#555;font-size:.9em}
"""


def heatmap(grid: dict[str, Any], metric: str) -> Figure:
    """The metric over a two-parameter grid, one annotated cell per combination of levels."""
    z = np.array(grid["maps"][metric], dtype=float).T  # rows: y levels
    fig = Figure(figsize=(6.4, 5.2), layout="constrained")
    ax = fig.add_subplot()
    im = ax.imshow(z, origin="lower", aspect="auto", cmap="magma_r")
    ax.set_xticks(range(len(grid["x_levels"])), [f"{v:.3g}" for v in grid["x_levels"]])
    ax.set_yticks(range(len(grid["y_levels"])), [f"{v:.3g}" for v in grid["y_levels"]])
    ax.set_xlabel(grid["x"])
    ax.set_ylabel(grid["y"])
    ax.set_title(f"{metric}: {METRICS[metric][1]}")
    if z.size <= 400:
        mid = np.nanmean(z)
        for (i, j), v in np.ndenumerate(z):
            ax.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=8,
                    color="white" if v > mid else "black")
    fig.colorbar(im, ax=ax)
    return fig


def sobol_bars(names: list[str], idx: dict[str, Any], metric: str) -> Figure:
    """First-order and total Sobol indices with their confidence intervals."""
    fig = Figure(figsize=(6.4, 0.6 * len(names) + 2), layout="constrained")
    ax = fig.add_subplot()
    pos = np.arange(len(names))
    ax.barh(pos - 0.2, idx["S1"], 0.4, xerr=idx["S1_conf"], label="first order S1")
    ax.barh(pos + 0.2, idx["ST"], 0.4, xerr=idx["ST_conf"], label="total ST")
    ax.set_yticks(pos, names)
    ax.set_xlabel("share of variance")
    ax.set_title(f"Sobol indices of {metric}")
    ax.legend()
    return fig


def morris_bars(names: list[str], idx: dict[str, Any], metric: str) -> Figure:
    """Morris mu* with its confidence interval, and sigma."""
    fig = Figure(figsize=(6.4, 0.6 * len(names) + 2), layout="constrained")
    ax = fig.add_subplot()
    pos = np.arange(len(names))
    ax.barh(pos - 0.2, idx["mu_star"], 0.4, xerr=idx["mu_star_conf"], label="mu* (importance)")
    ax.barh(pos + 0.2, idx["sigma"], 0.4, label="sigma (interactions, non-linearity)")
    ax.set_yticks(pos, names)
    ax.set_title(f"Morris screening of {metric}")
    ax.legend()
    return fig


def prim_tradeoff(box: dict[str, Any], title: str) -> Figure:
    """Coverage against density along the peeling trajectory; the chosen box is marked."""
    traj = box["trajectory"]
    fig = Figure(figsize=(6.4, 4.8), layout="constrained")
    ax = fig.add_subplot()
    sc = ax.scatter([t["coverage"] for t in traj], [t["density"] for t in traj],
                    c=[t["support"] for t in traj], cmap="viridis", s=18)
    chosen = traj[box["chosen"]]
    ax.scatter([chosen["coverage"]], [chosen["density"]], s=120, facecolors="none",
               edgecolors="red", label="chosen box")
    ax.set_xlabel("coverage")
    ax.set_ylabel("density")
    ax.set_title(title)
    ax.legend()
    fig.colorbar(sc, ax=ax, label="support")
    return fig


def prim_boxes_plot(box: dict[str, Any], ranges: dict[str, tuple[float, float]],
                    title: str) -> Figure:
    """The box's limits on each parameter, as a share of the parameter's sampled range."""
    names = list(box["limits"])
    fig = Figure(figsize=(6.4, 0.5 * len(names) + 2), layout="constrained")
    ax = fig.add_subplot()
    for k, name in enumerate(names):
        lo, hi = ranges[name]
        a, b = box["limits"][name]
        span = hi - lo if hi > lo else 1.0
        ax.plot([0, 1], [k, k], color="#ccc", lw=6)
        ax.plot([(a - lo) / span, (b - lo) / span], [k, k],
                color="#b03a2e" if name in box["restricted"] else "#888", lw=6)
        ax.text(1.02, k, f"[{a:.3g}, {b:.3g}]", va="center", fontsize=8)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlim(0, 1.25)
    ax.set_xlabel("share of the sampled range")
    ax.set_title(title)
    return fig


def _img(png: bytes, caption: str) -> str:
    data = base64.b64encode(png).decode()
    return (f'<figure><img alt="{escape(caption)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _table(head: list[str], rows: list[list[Any]]) -> str:
    def cell(v: Any) -> str:
        if isinstance(v, float):
            return "–" if not np.isfinite(v) else f"{v:.3g}"
        return escape(str(v))

    return ("<table><tr>" + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{cell(v)}</td>" for v in r) + "</tr>" for r in rows)
            + "</table>")


def _write_png(path: Path, png: bytes) -> None:
    atomic_write(path, lambda tmp: tmp.write_bytes(png))


def write_report(
    out: Path, manifest: dict[str, Any], points: dict[str, np.ndarray], analysis: dict[str, Any]
) -> Path:
    """Write ``analysis.json``, ``plots/*.png`` and ``report.html`` into ``out`` (each
    atomically) and return the report's path."""
    plots = out / "plots"
    plots.mkdir(exist_ok=True)
    figures: list[tuple[str, bytes, str]] = []

    def add(name: str, fig: Figure, caption: str) -> None:
        figures.append((name, png_bytes(fig), caption))

    names: list[str] = manifest["parameters"]
    metrics: list[str] = manifest["metrics"]
    sections: list[str] = []
    grid = analysis.get("grid") or {}
    for m in metrics if grid else []:
        add(f"heatmap_{m}", heatmap(grid, m), f"{m} over {grid['x']} x {grid['y']}")
    for m, idx in (analysis.get("sobol") or {}).items():
        add(f"sobol_{m}", sobol_bars(names, idx, m), f"Sobol indices of {m} (95% CI)")
        rows = [[n, idx["S1"][j], idx["S1_conf"][j], idx["ST"][j], idx["ST_conf"][j]]
                for j, n in enumerate(names)]
        sections.append(f"<h3>Sobol indices of {escape(m)}</h3>"
                        + _table(["parameter", "S1", "± (95%)", "ST", "± (95%)"], rows))
        if "S2" in idx:
            pairs = [[names[a], names[b], idx["S2"][a][b], idx["S2_conf"][a][b]]
                     for a in range(len(names)) for b in range(a + 1, len(names))]
            sections.append(_table(["parameter", "with", "S2", "± (95%)"], pairs))
    for m, idx in (analysis.get("morris") or {}).items():
        add(f"morris_{m}", morris_bars(names, idx, m), f"Morris screening of {m}")
        rows = [[n, idx["mu_star"][j], idx["mu_star_conf"][j], idx["mu"][j], idx["sigma"][j]]
                for j, n in enumerate(names)]
        sections.append(f"<h3>Morris screening of {escape(m)}</h3>"
                        + _table(["parameter", "mu*", "± (95%)", "mu", "sigma"], rows))
    prim = analysis.get("prim")
    if prim:
        ranges = {n: (float(np.nanmin(points[n])), float(np.nanmax(points[n])))
                  for n in prim["parameters"]}
        rows = []
        for k, box in enumerate(prim["boxes"], 1):
            title = f"PRIM box {k}: {prim['metric']} > {prim['threshold']:.3g}"
            add(f"prim_tradeoff_{k}", prim_tradeoff(box, title), title + " (peeling trajectory)")
            add(f"prim_box_{k}", prim_boxes_plot(box, ranges, title), title + " (limits)")
            limits = "; ".join(f"{n} in [{box['limits'][n][0]:.3g}, {box['limits'][n][1]:.3g}]"
                               for n in box["restricted"]) or "(no restriction)"
            rows.append([k, box["coverage"], box["density"], box["support"], limits])
        sections.append(
            f"<h3>Scenario discovery (PRIM): where {escape(prim['metric'])} &gt; "
            f"{prim['threshold']:.3g}</h3><p class=note>{prim['cases']} of {prim['points']} "
            "points are cases of interest. Coverage: share of them in the box; density: share "
            "of the box's points that are cases (Friedman and Fisher 1999).</p>"
            + _table(["box", "coverage", "density", "support", "limits"], rows))
    for name, png, _ in figures:
        _write_png(plots / f"{name}.png", png)
    summary_rows = []
    for m in metrics:
        v = points[m].astype(float)
        summary_rows.append([m, METRICS[m][1], float(np.nanmin(v)), float(np.nanmean(v)),
                             float(np.nanmax(v))])
    inputs = [["herz version", manifest["herz_version"]], ["seed", manifest["seed"]],
              ["base scenario", manifest["base_scenario"]],
              ["scenario hash", manifest["scenario_hash"][:16]],
              ["design", manifest["design"]], ["points", manifest["n_points"]],
              ["runs per point", manifest["runs"]], ["steps", manifest["steps"]],
              ["parameters", ", ".join(names)], ["sweep digest", manifest["digest"][:16]]]
    html = (
        "<!DOCTYPE html><html lang=en><head><meta charset=utf-8>"
        f"<title>herz sweep</title><style>{_CSS}</style></head><body>"
        f"<h1>herz sweep: {escape(str(manifest['sweep'].get('description') or manifest['source']))}"
        "</h1>" + _table(["input", "value"], inputs)
        + "<h2>Metrics over the points</h2>"
        + _table(["metric", "meaning", "min", "mean", "max"], summary_rows)
        + "<h2>Analysis</h2>" + "".join(sections)
        + "".join(_img(png, caption) for _, png, caption in figures)
        + "</body></html>"
    )
    atomic_text(out / "analysis.json",
                json.dumps(jsonable(analysis), indent=2, allow_nan=False) + "\n")
    atomic_text(out / "report.html", html)
    return out / "report.html"
