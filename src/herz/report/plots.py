"""Plots of a batch of runs: the median and the 5-95% band across kept runs, the mean of all.

Figures are made with matplotlib's object API on the Agg canvas (no pyplot, no global state),
so making a report never opens a window and needs no display.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from herz.engine.simulate import ACTOR_SERIES, QUANTILE_LEVELS, SimulationResult

__all__ = ["PLOTS", "band_plot", "png_bytes"]

#: The plots of the report: variable, title, y-axis label.
PLOTS: tuple[tuple[str, str, str], ...] = (
    ("arms", "Arms", "value of forces (GDP units)"),
    ("belief", "Beliefs: how likely each thinks the other is greedy", "P(greedy)"),
    ("threat", "Perceived threat", "threat"),
    ("security", "Security", "security"),
    ("war_hazard", "War hazard per step", "probability of war"),
)
MAX_LINES = 8


def _lines(result: SimulationResult, variable: str) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(label, 5-50-95% band (3, T+1), mean over all runs (T+1,)) per line to draw: the band
    over all runs for a per-actor series (the engine's quantiles), over the kept runs for a
    pairwise one."""
    names = result.actors
    mean = result.mean[variable]
    levels = [QUANTILE_LEVELS.index(q) for q in (0.05, 0.5, 0.95)]
    if variable in ACTOR_SERIES and variable in result.quantiles:
        band = result.quantiles[variable][levels]
        out = [(a, band[:, :, i], mean[:, i]) for i, a in enumerate(names)]
    else:
        kept = np.quantile(result.series[variable].astype(float), [0.05, 0.5, 0.95], axis=0)
        out = [
            (f"{a} about {b}", kept[:, :, i, j], mean[:, i, j])
            for i, a in enumerate(names)
            for j, b in enumerate(names)
            if i != j
        ]
    if len(out) > MAX_LINES:  # the lines with the highest final mean
        out = sorted(out, key=lambda line: -float(line[2][-1]))[:MAX_LINES]
    return out


def band_plot(result: SimulationResult, variable: str, title: str, ylabel: str) -> Figure:
    """Median and 5-95% band (across all runs for per-actor series, the kept runs for pairwise
    ones), dashed mean across all runs, per line."""
    fig = Figure(figsize=(7.5, 3.8), dpi=100)
    fig.subplots_adjust(left=0.1, right=0.98, top=0.9, bottom=0.13)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    lines = _lines(result, variable)
    steps = np.arange(result.series[variable].shape[1])
    for k, (label, (lo, mid, hi), mean) in enumerate(lines):
        colour = f"C{k % 10}"
        ax.fill_between(steps, lo, hi, color=colour, alpha=0.2, linewidth=0)
        ax.plot(steps, mid, color=colour, label=f"{label} (median)")
        ax.plot(steps, mean, color=colour, linestyle="--", linewidth=0.9)
    shown = "" if len(lines) >= _count(result, variable) else f", {len(lines)} highest shown"
    ax.set_title(f"{title}{shown}", fontsize=11)
    ax.set_xlabel("step")
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    over = "all" if variable in ACTOR_SERIES and variable in result.quantiles else "kept"
    ax.legend(fontsize=8, loc="best", title=f"band: 5-95% of {over} runs; dashed: mean of all",
              title_fontsize=7)
    return fig


def _count(result: SimulationResult, variable: str) -> int:
    n = len(result.actors)
    return n if variable in ACTOR_SERIES else n * (n - 1)


def png_bytes(fig: Figure, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes (at ``dpi``, or matplotlib's default)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()
