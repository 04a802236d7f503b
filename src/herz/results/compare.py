"""Compare two batches of runs outcome by outcome: ``herz compare A B``.

Each folder is one written by ``herz run`` (or one branch of ``herz case run``): its
``summary.json`` and its per-run ``outcomes`` table. For every per-run outcome the two have in
common, :func:`compare_runs` gives the mean in each and the difference B - A with an interval:

* **paired** when both batches have the same seed and the same number of runs: run *r* of A and
  run *r* of B then share their random streams (common random numbers), so the difference is the
  mean of the per-run differences with a Student-t interval, which is usually much narrower;
* **unpaired** otherwise: the difference of the means with Welch's interval (Welch 1947),
  which assumes neither equal variances nor equal sizes.

``first_war_step`` is compared over the runs that had a war (in both, when paired), so its
difference is conditional on war in the horizon; ``n`` says how many runs entered each row.
"""

from __future__ import annotations

import json
import math
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
from scipy import stats

from herz.errors import HerzInputError
from herz.results.stats import Interval, mean_interval
from herz.results.tables import Table, read_table

__all__ = ["compare_runs", "load_run", "to_html", "to_text", "welch_interval"]


def welch_interval(a: np.ndarray, b: np.ndarray, confidence: float = 0.95) -> Interval:
    """Mean of ``b`` minus mean of ``a`` with Welch's t interval (NaNs dropped)."""
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    x, y = x[np.isfinite(x)], y[np.isfinite(y)]
    n = min(x.size, y.size)
    if x.size == 0 or y.size == 0:
        return Interval(None, None, None, n, "welch")
    diff = float(y.mean() - x.mean())
    if x.size < 2 or y.size < 2:
        return Interval(diff, None, None, n, "welch")
    va, vb = float(x.var(ddof=1)) / x.size, float(y.var(ddof=1)) / y.size
    se2 = va + vb
    if se2 == 0.0:
        return Interval(diff, diff, diff, n, "welch")
    df = se2**2 / (va**2 / (x.size - 1) + vb**2 / (y.size - 1))
    half = float(stats.t.ppf(0.5 + confidence / 2.0, df)) * math.sqrt(se2)
    return Interval(diff, diff - half, diff + half, n, "welch")


def load_run(folder: str | Path) -> tuple[dict[str, Any], Table]:
    """The summary and the per-run outcomes of a ``herz run`` output folder."""
    path = Path(folder)
    summary_path = path / "summary.json"
    if not path.is_dir() or not summary_path.is_file():
        raise HerzInputError(
            "no summary.json here", source=str(folder),
            allowed="a `herz run` output folder (or one branch folder of `herz case run`)",
        )
    try:
        summary = json.loads(summary_path.read_text(encoding="utf-8"))
        runs, seed = int(summary["runs"]), summary["seed"]
    except (ValueError, KeyError, TypeError) as err:
        raise HerzInputError(f"unreadable summary.json: {err}", source=str(folder)) from None
    table_path = next((p for p in (path / "outcomes.parquet", path / "outcomes.csv")
                       if p.is_file()), None)
    if table_path is None:
        raise HerzInputError(
            "no outcomes table (outcomes.parquet or outcomes.csv): written by an older herz?",
            source=str(folder), allowed="a folder written by this herz's `herz run`",
        )
    table = read_table(table_path)
    if len(table.get("run", ())) != runs:
        raise HerzInputError(
            f"the outcomes table has {len(table.get('run', ()))} rows, summary.json says "
            f"{runs} runs", source=str(folder),
        )
    order = np.argsort(np.asarray(table["run"], dtype=np.int64), kind="stable")
    summary["seed"] = seed
    return summary, {k: v[order] for k, v in table.items()}


def _floats(values: np.ndarray) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values.tolist()], dtype=float)


def compare_runs(
    a: str | Path, b: str | Path, confidence: float = 0.95
) -> dict[str, Any]:
    """Every per-run outcome of run folders ``a`` and ``b`` compared (see the module docstring)."""
    sa, ta = load_run(a)
    sb, tb = load_run(b)
    same_seed = sa["seed"] is not None and sa["seed"] == sb["seed"]
    paired = same_seed and sa["runs"] == sb["runs"]
    if paired:
        pairing = f"paired: both have seed {sa['seed']} and {sa['runs']} runs, so run r of A " \
                  "and run r of B share their random numbers"
    else:
        why = (f"seeds {sa['seed']} and {sb['seed']}" if not same_seed
               else f"{sa['runs']} and {sb['runs']} runs")
        pairing = f"unpaired ({why}): Welch intervals"
    columns = [c for c in ta if c in tb and c != "run"]
    rows: dict[str, Any] = {}
    for col in columns:
        xa, xb = _floats(ta[col]), _floats(tb[col])
        if paired:  # the means of the pairs that enter the difference
            both = np.isfinite(xa) & np.isfinite(xb)
            xa, xb = np.where(both, xa, np.nan), np.where(both, xb, np.nan)
            diff = mean_interval(xb - xa, confidence)  # NaN (no war in one) dropped
        else:
            diff = welch_interval(xa, xb, confidence)
        rows[col] = {
            "a": _mean(xa),
            "b": _mean(xb),
            "difference": diff.as_dict(),
        }
    only = sorted(set(ta) ^ set(tb))
    return {
        "a": {"folder": str(a), "scenario_name": sa.get("scenario_name"), "seed": sa["seed"],
              "runs": sa["runs"], "scenario_hash": sa.get("scenario_hash")},
        "b": {"folder": str(b), "scenario_name": sb.get("scenario_name"), "seed": sb["seed"],
              "runs": sb["runs"], "scenario_hash": sb.get("scenario_hash")},
        "paired": paired,
        "pairing": pairing,
        "confidence": confidence,
        "outcomes": rows,
        "not_compared": only,
    }


def _mean(x: np.ndarray) -> float | None:
    x = x[np.isfinite(x)]
    return float(x.mean()) if x.size else None


def _num(x: float | None) -> str:
    return "–" if x is None else f"{x:.4g}"


def _diff_text(d: dict[str, Any]) -> str:
    if d["estimate"] is None:
        return "no runs to compare"
    text = f"{d['estimate']:+.4g}"
    if d["low"] is not None and d["high"] is not None:
        text += f" [{d['low']:+.4g}, {d['high']:+.4g}]"
    return text


def to_text(cmp: dict[str, Any]) -> str:
    """The comparison as aligned plain text."""
    level = round(100 * cmp["confidence"])
    a, b = cmp["a"], cmp["b"]
    lines = [
        f"A: {a['folder']} ({a['scenario_name']!r}, seed {a['seed']}, {a['runs']} runs)",
        f"B: {b['folder']} ({b['scenario_name']!r}, seed {b['seed']}, {b['runs']} runs)",
        cmp["pairing"] + ".",
        f"{'outcome':<28} {'mean A':>10} {'mean B':>10}  B - A ({level}% CI)",
    ]
    for name, row in cmp["outcomes"].items():
        lines.append(f"{name:<28} {_num(row['a']):>10} {_num(row['b']):>10}  "
                     f"{_diff_text(row['difference'])}")
    lines.append("first_war_step: over runs with a war" +
                 (" in both." if cmp["paired"] else " in each."))
    if cmp["not_compared"]:
        lines.append("In one folder only (not compared): " + ", ".join(cmp["not_compared"]))
    return "\n".join(lines)


def to_html(cmp: dict[str, Any]) -> str:
    """The comparison as a small self-contained HTML page (one table)."""
    level = round(100 * cmp["confidence"])
    a, b = cmp["a"], cmp["b"]
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{_num(r['a'])}</td><td>{_num(r['b'])}</td>"
        f"<td>{escape(_diff_text(r['difference']))}</td><td>{r['difference']['n']}</td></tr>"
        for name, r in cmp["outcomes"].items()
    )
    style = ("body{font-family:sans-serif;margin:2em;max-width:60em}table{border-collapse:"
             "collapse}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
             "td:first-child,th:first-child{text-align:left}")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>herz compare</title><style>{style}</style></head><body>"
        "<h1>herz compare</h1>"
        f"<p>A: <code>{escape(a['folder'])}</code> ({escape(str(a['scenario_name']))}, seed "
        f"{escape(str(a['seed']))}, {a['runs']} runs)<br>B: <code>{escape(b['folder'])}</code> "
        f"({escape(str(b['scenario_name']))}, seed {escape(str(b['seed']))}, {b['runs']} runs)"
        f"</p><p>{escape(cmp['pairing'])}.</p>"
        f"<table><tr><th>outcome</th><th>mean A</th><th>mean B</th><th>B − A ({level}% CI)"
        f"</th><th>n</th></tr>{rows}</table>"
        "<p>first_war_step: over runs with a war"
        f"{' in both' if cmp['paired'] else ' in each'}.</p></body></html>\n"
    )
