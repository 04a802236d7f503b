"""Reports of an audit: a JSON-ready dict, Markdown, self-contained HTML and plots.

Plots use matplotlib's object API on the Agg canvas (no pyplot, no display); the HTML embeds
them as base64 PNG and works offline. :func:`write_audit` writes ``audit.json``, ``audit.md``,
``audit.html`` and ``plots/*.png`` into a temporary sibling of the target directory and moves it
into place only when all are written, so a failure leaves nothing behind.
"""

from __future__ import annotations

import base64
import json
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

from herz.atomic import atomic_directory
from herz.audit.core import AuditResult, Outcome
from herz.audit.measure import CHANNELS, Paired
from herz.audit.text import ci
from herz.cli.output import jsonable

__all__ = ["OUTPUTS", "audit_plots", "to_dict", "to_html", "to_markdown", "write_audit"]

OUTPUTS = ("audit.json", "audit.md", "audit.html")
#: Channels drawn in the spiral plot.
_SPIRAL_PLOT = ("others_belief", "others_threat", "others_arms", "own_security")
MAX_REACTIONS = 8


def to_dict(result: AuditResult) -> dict[str, Any]:
    """Everything the audit found, JSON-ready (nan as None once passed through ``jsonable``)."""
    sp = result.spiral
    return jsonable(
        {
            "inputs": result.inputs,
            "summary": result.summaries.get("", ""),
            "others": [
                {
                    "actor": v.actor,
                    "summary": result.summaries.get(v.actor, ""),
                    "threat_base": v.threat_base,
                    "threat_change": v.threat_change.as_dict(),
                    "alarm": v.alarm.as_dict(),
                    "belief_base": v.belief_base,
                    "belief_change": v.belief_change.as_dict(),
                    "reactions": [
                        {
                            "act": r.label,
                            "base_per_run": r.base_mean,
                            "policy_per_run": r.policy_mean,
                            "change": r.change.as_dict(),
                        }
                        for r in v.reactions
                    ],
                }
                for v in result.others
            ],
            "own": {
                "security_base": result.own.security_base,
                "net_security": result.own.net_security.as_dict(),
                "direct_gain": result.own.direct_gain.as_dict(),
                "reaction_cost": result.own.reaction_cost.as_dict(),
                "purpose_gain": result.own.purpose_gain.as_dict(),
                "war_risk": {
                    w.kind: {
                        "base": w.base.as_dict(),
                        "policy": w.policy.as_dict(),
                        "change": w.change.as_dict(),
                    }
                    for w in result.war
                },
            },
            "spiral": {
                "story": [{"step": t, "text": s} for t, s in sp.story],
                "steps": {
                    key: {"mean": sp.mean[key], "low": sp.low[key], "high": sp.high[key]}
                    for key, _ in CHANNELS
                },
            },
            "original": {**result.original.as_dict(), "pareto": result.original_pareto},
            "variants": [
                {
                    "name": v.name,
                    "rules": list(v.spec.rules),
                    "description": v.spec.description,
                    "keeps_purpose": v.keeps_purpose,
                    "pareto": v.pareto,
                    **v.outcome.as_dict(),
                    "policy": [
                        e.model_dump(mode="json", exclude_defaults=True) for e in v.spec.entries
                    ],
                    "agreements": [g.model_dump(mode="json") for g in v.spec.agreements],
                }
                for v in result.variants
            ],
            "best": None if result.best is None else result.best.name,
        }
    )


def _err(p: Paired) -> np.ndarray:
    """Error-bar lengths (2, 1) below and above the estimate (0 where the CI is undefined)."""
    low = p.estimate if p.low is None else p.low
    high = p.estimate if p.high is None else p.high
    return np.array([[p.estimate - low], [high - p.estimate]])


def _figure(width: float = 7.5, height: float = 3.8) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100)
    FigureCanvasAgg(fig)
    return fig


def _spiral_plot(result: AuditResult) -> Any:
    fig = _figure(8.5, 5.2)
    labels = dict(CHANNELS)
    sp = result.spiral
    for k, key in enumerate(_SPIRAL_PLOT):
        ax = fig.add_subplot(2, 2, k + 1)
        steps = np.arange(len(sp.mean[key]))
        ax.fill_between(steps, sp.low[key], sp.high[key], color=f"C{k}", alpha=0.25, linewidth=0)
        ax.plot(steps, sp.mean[key], color=f"C{k}")
        ax.axhline(0.0, color="#555", linewidth=0.7)
        ax.set_title(labels[key].format(a=result.actor), fontsize=9)
        ax.tick_params(labelsize=8)
        ax.grid(alpha=0.3)
        if k >= 2:
            ax.set_xlabel("step", fontsize=8)
    fig.suptitle("Change against the baseline (policy minus baseline, paired runs; band: CI)",
                 fontsize=10)
    fig.subplots_adjust(left=0.08, right=0.98, top=0.87, bottom=0.1, hspace=0.45, wspace=0.25)
    return fig


def _pareto_plot(result: AuditResult) -> Any:
    fig = _figure()
    ax = fig.add_subplot()
    fig.subplots_adjust(left=0.12, right=0.98, top=0.9, bottom=0.13)

    def point(o: Outcome, **kw: Any) -> None:
        x, y = 100 * o.alarm.estimate, o.net_security.estimate
        ax.errorbar(x, y, xerr=100 * _err(o.alarm), yerr=_err(o.net_security), linewidth=0.8,
                    **kw)

    for v in result.variants:
        style = {"fmt": "o", "color": "C0" if v.pareto else "#999", "markersize": 5}
        point(v.outcome, **style)
    point(result.original, fmt="s", color="C3", markersize=7, label="original policy")
    if result.best is not None:
        point(result.best.outcome, fmt="*", color="C2", markersize=12,
              label=f"best: {result.best.name}")
    front = [v.outcome for v in result.variants if v.pareto]
    if result.original_pareto:
        front.append(result.original)
    front.sort(key=lambda o: o.alarm.estimate)
    if front:
        ax.plot([100 * o.alarm.estimate for o in front], [o.net_security.estimate for o in front],
                color="C0", linewidth=0.8, linestyle="--", label="Pareto front")
    ax.set_xlabel("others' alarm: change of the threat they perceive (%)")
    ax.set_ylabel(f"{result.actor}'s net security")
    ax.set_title("Variants: net security against alarm", fontsize=11)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    return fig


def _reactions_plot(result: AuditResult) -> Any:
    views = result.others[:4]
    fig = _figure(8.0, 1.2 + 2.2 * len(views))
    for k, v in enumerate(views):
        ax = fig.add_subplot(len(views), 1, k + 1)
        rs = v.reactions[:MAX_REACTIONS]
        y = np.arange(len(rs))
        err = np.hstack([_err(r.change) for r in rs]) if rs else None
        ax.barh(y, [r.change.estimate for r in rs], color="C1", xerr=err)
        ax.set_yticks(y, [r.label for r in rs], fontsize=8)
        ax.axvline(0.0, color="#555", linewidth=0.7)
        ax.set_title(f"{v.actor}: change in acts per run", fontsize=9)
        ax.grid(alpha=0.3, axis="x")
    fig.subplots_adjust(left=0.3, right=0.97, top=0.93, bottom=0.08, hspace=0.6)
    return fig


def audit_plots(result: AuditResult) -> dict[str, bytes]:
    """The report's plots as PNG bytes by name."""
    from herz.report.plots import png_bytes

    out = {"spiral": png_bytes(_spiral_plot(result))}
    if result.others:
        out["reactions"] = png_bytes(_reactions_plot(result))
    if result.variants:
        out["variants"] = png_bytes(_pareto_plot(result))
    return out


def _outcome_row(name: str, o: Outcome, keeps: str, pareto: bool) -> list[str]:
    return [name, ci(o.net_security), ci(o.purpose_gain), ci(o.alarm, pct=True),
            ci(o.belief_change), keeps, "yes" if pareto else ""]


def _tables(result: AuditResult) -> list[tuple[str, list[str], list[list[str]]]]:
    """(title, header, rows) of every table of the report."""
    own = result.own
    rows_own = [
        ["net security", ci(own.net_security)],
        ["direct gain", ci(own.direct_gain)],
        ["reaction cost", ci(own.reaction_cost)],
        ["purpose gain", ci(own.purpose_gain)],
    ]
    rows_war = [
        [w.kind, f"{100 * (w.base.estimate or 0):.3g}%", f"{100 * (w.policy.estimate or 0):.3g}%",
         ci(w.change, pct=True)]
        for w in result.war
    ]
    rows_var = [_outcome_row("original policy", result.original, "", result.original_pareto)]
    rows_var += [
        _outcome_row(v.name, v.outcome, "yes" if v.keeps_purpose else "no", v.pareto)
        for v in result.variants
    ]
    tables = [
        (f"{result.actor}: effects over the horizon (paired differences, CI)",
         ["quantity", "change"], rows_own),
        (f"War risk involving {result.actor}", ["kind", "baseline", "policy", "change"], rows_war),
    ]
    for v in result.others:
        rows = [[r.label, f"{r.base_mean:.3g}", f"{r.policy_mean:.3g}", ci(r.change)]
                for r in v.reactions[:MAX_REACTIONS]]
        tables.append((f"Acts of {v.actor} per run", ["act", "baseline", "policy", "change"],
                       rows))
    if result.variants:
        tables.append((
            "Variants, ranked by net security (alarm: change of the threat others perceive)",
            ["version", "net security", "purpose gain", "alarm", "belief change",
             "keeps purpose", "Pareto"],
            rows_var,
        ))
    return tables


def _inputs(result: AuditResult) -> list[tuple[str, str]]:
    i = result.inputs
    policy = "; ".join(json.dumps(e, sort_keys=True) for e in i["policy"])
    rival = i["purpose"]["rival"] or "overall security"
    return [
        ("herz version", str(i["herz_version"])),
        ("seed", str(i["seed"])),
        ("runs (paired)", str(i["runs"])),
        ("horizon (steps)", str(i["horizon"])),
        ("scenario", f"{i['scenario_name']} (SHA-256 {i['scenario_hash']})"),
        ("acting state", result.actor),
        ("policy", policy),
        ("purpose", f"security against {rival}, tolerance {i['purpose']['tolerance']}"),
    ]


def to_markdown(result: AuditResult, plots: dict[str, str] | None = None) -> str:
    """The report as Markdown; ``plots`` maps plot names to relative image paths."""
    lines = [f"# Audit: {result.actor}'s policy in {result.inputs['scenario_name']}", ""]
    lines += ["## Inputs", "", "| | |", "|---|---|"]
    lines += [f"| {k} | `{v}` |" for k, v in _inputs(result)]
    lines += ["", "## Summary", "", result.summaries.get("", ""), ""]
    for v in result.others:
        lines += [f"- {result.summaries.get(v.actor, '')}"]
    lines += ["", "## The spiral it sets off, step by step", ""]
    lines += [f"- by step {t}: {s}" for t, s in result.spiral.story] or ["- nothing moves."]
    for title, head, rows in _tables(result):
        lines += ["", f"## {title}", "", "| " + " | ".join(head) + " |",
                  "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
    for name, path in (plots or {}).items():
        lines += ["", f"![{name}]({path})"]
    lines += ["", f"Made by herz {result.inputs['herz_version']} with seed "
              f"{result.inputs['seed']}. Intervals: {round(100 * result.inputs['confidence'])}% "
              "Student-t over paired runs (Wilson for the war shares)."]
    return "\n".join(lines) + "\n"


_CSS = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;
color:#222;line-height:1.45} table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{padding:.25em .7em;text-align:left;border-bottom:1px solid #ddd;
font-variant-numeric:tabular-nums} th{background:#f3f3f3} code{background:#f3f3f3;
word-break:break-all} img{max-width:100%} .view{background:#f7f9fc;border-left:4px solid
#4a78b0;padding:.3em 1em;margin:.5em 0} .note{color:#555;font-size:.9em}"""


def to_html(result: AuditResult, plots: dict[str, bytes]) -> str:
    """The report as one self-contained HTML page (plots embedded as base64 PNG)."""
    title = f"Audit: {result.actor}'s policy in {result.inputs['scenario_name']}"
    parts = [
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}'
        f"</title><style>{_CSS}</style></head><body><h1>{escape(title)}</h1><h2>Inputs</h2>"
        "<table>"
        + "".join(f"<tr><th>{escape(k)}</th><td><code>{escape(v)}</code></td></tr>"
                  for k, v in _inputs(result))
        + "</table><h2>Summary</h2>"
        f"<p>{escape(result.summaries.get('', ''))}</p>"
    ]
    parts += [f'<div class="view">{escape(result.summaries.get(v.actor, ""))}</div>'
              for v in result.others]
    parts.append("<h2>The spiral it sets off, step by step</h2><ul>")
    parts += [f"<li>by step {t}: {escape(s)}</li>" for t, s in result.spiral.story]
    parts.append("</ul>")
    for name, data in plots.items():
        b64 = base64.b64encode(data).decode("ascii")
        parts.append(f'<figure><img alt="{escape(name)}" src="data:image/png;base64,{b64}">'
                     f"<figcaption>PNG: <code>plots/{escape(name)}.png</code></figcaption>"
                     "</figure>")
    for t, head, rows in _tables(result):
        parts.append(f"<h2>{escape(t)}</h2><table><tr>"
                     + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr>"
                     + "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>"
                               for r in rows) + "</table>")
    parts.append(
        f'<p class="note">Made by herz {escape(str(result.inputs["herz_version"]))} with seed '
        f"{escape(str(result.inputs['seed']))}. Intervals over paired runs: the baseline and the "
        "policy world share every random draw run by run.</p></body></html>\n"
    )
    return "".join(parts)


def write_audit(
    result: AuditResult, out_dir: str | Path, *, overwrite: bool = False, command: str = ""
) -> Path:
    """Write ``audit.json``, ``audit.md``, ``audit.html`` and ``plots/`` atomically.

    ``out_dir`` must be new, empty or written by herz before; with ``overwrite`` it may be any
    folder, whose other files are kept (see :func:`herz.atomic.atomic_directory`).
    """
    with atomic_directory(
        out_dir, overwrite=overwrite, command=command or "herz.audit.write_audit"
    ) as tmp:
        plots = audit_plots(result)
        (tmp / "plots").mkdir()
        for name, data in plots.items():
            (tmp / "plots" / f"{name}.png").write_bytes(data)
        payload = json.dumps(to_dict(result), indent=2, allow_nan=False)
        (tmp / "audit.json").write_text(payload + "\n", encoding="utf-8")
        md = to_markdown(result, {n: f"plots/{n}.png" for n in plots})
        (tmp / "audit.md").write_text(md, encoding="utf-8")
        (tmp / "audit.html").write_text(to_html(result, plots), encoding="utf-8")
    return Path(out_dir).resolve()
