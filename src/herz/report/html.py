"""``report.html``: one self-contained page per batch of runs.

The page works offline: its plots are embedded as base64 PNG and its style is inline; PNG copies
of the plots are written beside it in ``plots/``. It shows the inputs (herz version, seed,
scenario hash), the metrics with their confidence intervals, the trajectories with bands, and
the two narratives of "who started it" (:mod:`herz.report.narrative`).
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import Any

from herz.engine.simulate import SimulationResult
from herz.glossary import METRICS, takeaway
from herz.report.narrative import Narratives, narratives
from herz.report.plots import PLOTS, band_plot, png_bytes

__all__ = ["render_report", "write_report"]

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222;line-height:1.45}
h1{margin-bottom:.1em} .sub{color:#555;margin-top:0}
table{border-collapse:collapse;margin:.5em 0 1.5em} td,th{padding:.25em .7em;text-align:left;
border-bottom:1px solid #ddd;font-variant-numeric:tabular-nums} th{background:#f3f3f3}
code{background:#f3f3f3;padding:0 .25em;word-break:break-all}
figure{margin:1em 0} img{max-width:100%} figcaption{color:#555;font-size:.9em}
.cols{display:flex;gap:1.5em;flex-wrap:wrap} .cols>div{flex:1 1 300px;min-width:280px}
.tell{background:#f7f9fc;border-left:4px solid #4a78b0;padding:.3em 1em}
.truth{background:#fbf7f2;border-left:4px solid #b07a4a;padding:.3em 1em}
ul.log{max-height:32em;overflow-y:auto;padding-left:1.2em;font-size:.92em}
.note{color:#555;font-size:.9em}
"""


def _fmt(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.3g}" if abs(x) < 1e5 else f"{x:.3e}"
    return escape(str(x))


MAX_INLINE = 12  # metrics with more entries than this go into a folded table of their own


def _row(label: str, iv: dict[str, Any], key: str = "") -> str:
    term = METRICS.get(key)
    meaning = f"{term.meaning} ({term.unit})" if term else ""
    extra = ""
    if "censored_share" in iv:
        extra = f" (no war by the horizon in {100 * iv['censored_share']:.0f}% of runs)"
    return (
        f"<tr><td>{escape(label)}{escape(extra)}</td><td>{_fmt(iv['estimate'])}</td>"
        f"<td>{_fmt(iv['low'])} – {_fmt(iv['high'])}</td><td>{iv['n']}</td>"
        f"<td>{escape(str(iv['method']))}</td><td class=\"meaning\">{escape(meaning)}</td></tr>"
    )


def _metrics_table(summary: dict[str, Any]) -> str:
    """The metrics as a table; long per-actor or per-pair metrics folded below it."""
    level = round(100 * float(summary["confidence"]))
    head = (f"<tr><th>metric</th><th>estimate</th><th>{level}% CI</th><th>n</th>"
            "<th>method</th><th>what it means (unit)</th></tr>")
    main: list[str] = []
    folded: list[str] = []
    for key, value in summary["metrics"].items():
        if "estimate" in value:
            main.append(_row(key, value, key))
        elif len(value) <= MAX_INLINE:
            main.extend(_row(f"{key}: {sub}", iv, key) for sub, iv in value.items())
        else:
            rows = "".join(_row(f"{key}: {sub}", iv, key) for sub, iv in value.items())
            folded.append(f"<details><summary>{escape(key)} ({len(value)} entries)</summary>"
                          f"<table>{head}{rows}</table></details>")
    return f"<table>{head}{''.join(main)}</table>{''.join(folded)}"


def _kept_words(result: SimulationResult) -> str:
    if result.kept >= result.n_runs:
        return f"all {result.n_runs} runs"
    return f"{result.kept} kept runs (of {result.n_runs}; bands from the kept runs only)"


def _inputs_table(summary: dict[str, Any]) -> str:
    rows = [
        ("herz version", summary["herz_version"]),
        ("seed", summary["seed"]),
        ("runs", summary["runs"]),
        ("steps", summary["steps"]),
        ("kept runs (trajectories, events)", summary["kept"]),
        ("scenario", summary["scenario_name"]),
        ("scenario hash (SHA-256)", summary["scenario_hash"]),
    ]
    body = "".join(f"<tr><th>{escape(k)}</th><td><code>{_fmt(v)}</code></td></tr>"
                   for k, v in rows)
    return f"<table>{body}</table>"


def _narrative_html(nar: Narratives) -> str:
    motives = ", ".join(f"{escape(a)} was {escape(m)}" for a, m in nar.motives.items())
    tellings = "".join(
        f'<div class="tell"><h3>How {escape(actor)} tells it</h3><ul class="log">'
        + "".join(f"<li>{escape(line)}</li>" for line in lines)
        + "</ul></div>"
        for actor, lines in nar.tellings.items()
    )
    truth = (
        '<div class="truth"><h3>What happened</h3>'
        f"<p><b>True motives (private to each state):</b> {motives}.</p>"
        f"<p><b>{escape(nar.first_escalation)}</b></p><p>{escape(nar.outcome)}</p>"
        '<ul class="log">' + "".join(f"<li>{escape(line)}</li>" for line in nar.happened)
        + "</ul></div>"
    )
    return (
        f"<p>Run {nar.run}, {escape(nar.reason)}. Each state records the rival it saw as its "
        "main threat and that rival's last escalation; read per state, the log is a story of "
        "reactions. Beside it, the record in order, with the motives nobody could see.</p>"
        f'<div class="cols">{tellings}</div><div class="cols">{truth}</div>'
    )


def render_report(
    result: SimulationResult, summary: dict[str, Any], plots: dict[str, bytes], nar: Narratives
) -> str:
    """The HTML text of the report (plots given as PNG bytes by variable)."""
    scenario = result.scenario
    figures = []
    for variable, title, _ in PLOTS:
        if variable in plots:
            data = base64.b64encode(plots[variable]).decode("ascii")
            figures.append(
                f'<figure><img alt="{escape(title)}" src="data:image/png;base64,{data}">'
                f"<figcaption>{escape(title)}: median (solid) and 5–95% band across the "
                f"{_kept_words(result)}; dashed: mean across all {result.n_runs} runs. "
                f"PNG: <code>plots/{variable}.png</code></figcaption></figure>"
            )
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>herz report: {escape(scenario.name)}</title><style>{_CSS}</style></head><body>"
        f"<h1>{escape(scenario.name)}</h1><p class=\"sub\">{escape(scenario.description)}</p>"
        f"<p class=\"takeaway\"><b>In one sentence:</b> {escape(takeaway(result))}</p>"
        f"<h2>Inputs</h2>{_inputs_table(summary)}"
        f"<h2>Metrics</h2>{_metrics_table(summary)}"
        "<p class=\"note\">Probabilities: Wilson score intervals over all runs. Means: Student-t "
        "intervals over runs; bootstrap percentile intervals, which stay within the range of "
        "the runs' values, for bounded quantities (time to first war, final arms, incidents, "
        "crises, final security, final beliefs). Time to first war is "
        "averaged over the runs with a war.</p>"
        f"<h2>Trajectories</h2>{''.join(figures)}"
        f"<h2>Who started it?</h2>{_narrative_html(nar)}"
        f"<p class=\"note\">Made by herz {escape(str(summary['herz_version']))} with seed "
        f"{_fmt(summary['seed'])}. Tables: <code>summary.json</code>, "
        + ", ".join(f"<code>{t}.{escape(str(summary.get('table_format', 'parquet')))}</code>"
                    for t in ("outcomes", "steps", "quantiles", "events"))
        + ".</p>"
        "</body></html>\n"
    )


def write_report(result: SimulationResult, summary: dict[str, Any], out_dir: str | Path) -> Path:
    """Write ``report.html`` and ``plots/*.png`` into ``out_dir``; return the report's path."""
    out = Path(out_dir)
    (out / "plots").mkdir(parents=True, exist_ok=True)
    plots: dict[str, bytes] = {}
    for variable, title, ylabel in PLOTS:
        if variable in result.series and variable in result.mean:
            data = png_bytes(band_plot(result, variable, title, ylabel))
            (out / "plots" / f"{variable}.png").write_bytes(data)
            plots[variable] = data
    path = out / "report.html"
    path.write_text(render_report(result, summary, plots, narratives(result)), encoding="utf-8")
    return path
