"""Run a case and its counterfactual branches; compare them; write the case report.

Every branch is simulated with the same seed, so run *r* of the factual and run *r* of a
branch share their random streams (common random numbers; :mod:`herz.engine.streams`): the
comparison is paired, and each difference is a mean of per-run differences with a Student-t
interval (:func:`herz.results.stats.mean_interval`). War probabilities per branch use the Wilson
interval (:func:`herz.results.stats.wilson_interval`). Each branch's full outputs are written by
:func:`herz.results.write_outputs` into a folder of its own.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import numpy as np

import herz
from herz.atomic import atomic_directory
from herz.cases.calibrate import log_spending_rmse
from herz.cases.library import (
    Case,
    actor_codes,
    case_scenario,
    observed_file,
    observed_spending,
)
from herz.data import provenance
from herz.defaults import DEFAULT_KEEP
from herz.engine.actions import WAR_KINDS
from herz.engine.scenario import scenario_hash
from herz.engine.simulate import SimulationResult, simulate
from herz.results.stats import mean_interval, positive_mean_interval, wilson_interval

__all__ = ["compare", "run_case", "write_case_report"]

FACTUAL = "factual"


def run_case(
    case: Case,
    counterfactuals: list[str],
    runs: int,
    seed: int,
    overrides: list[str] | None = None,
    keep: int = DEFAULT_KEEP,
    progress: Callable[[int], None] | None = None,
    backend: str = "numpy",
) -> dict[str, SimulationResult]:
    """Simulate the factual case and each named branch with the same seed.

    ``progress`` is the engine's hook (:func:`herz.engine.simulate.simulate`), called with the
    run-steps done, over all branches in turn (``runs * steps`` per branch); ``backend``
    computes the runs (each branch's result records it).
    """
    out = {}
    for name in [FACTUAL, *counterfactuals]:
        branch = [] if name == FACTUAL else [name]
        scenario = case_scenario(case, branch, overrides)
        out[name] = simulate(scenario, runs, rng=seed, keep=keep, progress=progress,
                             backend=backend)
    return out


def _iv(values: np.ndarray) -> dict[str, Any]:
    return mean_interval(np.asarray(values, dtype=float)).as_dict()


def type_profiles(result: SimulationResult) -> dict[str, Any]:
    """P(war) by the profile of private types drawn in each run ("nobody greedy", "Iran
    greedy", ...), with Wilson intervals and the number of runs of each profile: how far the
    type draw alone decides war."""
    out: dict[str, Any] = {}
    profiles = result.greedy
    for row in np.unique(profiles, axis=0):
        runs = np.all(profiles == row, axis=1)
        greedy = [a for a, g in zip(result.actors, row, strict=True) if g]
        label = ", ".join(greedy) + " greedy" if greedy else "nobody greedy"
        out[label] = {
            "runs": int(runs.sum()),
            "p_war": wilson_interval(int(result.outcomes["war"][runs].sum()),
                                     int(runs.sum())).as_dict(),
        }
    return out


def edit_step(factual: SimulationResult, branch: SimulationResult) -> int:
    """The first step at which a branch's scenario differs from the factual: 0 if any field
    other than the timeline differs, else the earliest step of a timeline entry it removes or
    adds (the horizon if none)."""
    fs, bs = factual.scenario, branch.scenario
    if fs.model_dump(exclude={"timeline"}) != bs.model_dump(exclude={"timeline"}):
        return 0

    def entries(sc: Any) -> set[tuple[int, str]]:
        return {(sc.step_of(e), json.dumps(e.model_dump(mode="json"), sort_keys=True))
                for e in sc.timeline}

    changed = entries(fs) ^ entries(bs)
    return min((step for step, _ in changed), default=factual.steps)


def changed_runs(factual: SimulationResult, branch: SimulationResult) -> dict[str, Any]:
    """Run by run (paired by seed), the share of runs whose war outcome the branch changes:
    war or peace, and the kind and step of the first war, each with a Wilson interval; and why
    some cannot change: the branch's first edit, the share of runs already at war before it (a
    branch cannot change what happened before it diverges), and how far the edit moves the war
    hazard after it — the sum over the steps from the edit on of the mean over actors of the
    chance a war involving the actor starts, over all runs (for the factual, and branch minus
    factual: with common random numbers the difference of the means is the mean of the paired
    differences). A branch that barely moves that hazard can flip few runs."""
    n = factual.n_runs
    f, b = factual.outcomes, branch.outcomes
    edit = edit_step(factual, branch)
    before = (f["first_war_step"] >= 0) & (f["first_war_step"] < edit)
    war = f["war"] != b["war"]
    first = war | (f["first_war_step"] != b["first_war_step"])
    kinds = [f"wars_{k}" for k in WAR_KINDS.values()]
    kind = np.any([(f[k] > 0) != (b[k] > 0) for k in kinds], axis=0)
    hazard_f = float(factual.mean["war_hazard"][edit:].mean(axis=1).sum())
    hazard_b = float(branch.mean["war_hazard"][edit:].mean(axis=1).sum())
    return {
        "war_or_peace": wilson_interval(int(war.sum()), n).as_dict(),
        "first_war_step": wilson_interval(int(first.sum()), n).as_dict(),
        "war_kinds": wilson_interval(int(kind.sum()), n).as_dict(),
        "edit_step": edit,
        "edit_year": factual.scenario.year_of(edit),
        "at_war_before_edit": wilson_interval(int(before.sum()), n).as_dict(),
        "war_hazard_after_edit": hazard_f,
        "war_hazard_change": hazard_b - hazard_f,
    }


def compare(results: dict[str, SimulationResult]) -> dict[str, Any]:
    """Per branch: war probability by kind and by type profile, spiral index and each actor's
    final security; per counterfactual: the paired differences from the factual, with 95%
    intervals, and the share of runs whose war outcome it changes."""
    fact = results[FACTUAL]
    actors = fact.actors
    branches: dict[str, Any] = {}
    for name, res in results.items():
        o = res.outcomes
        n = res.n_runs
        branches[name] = {
            "p_war": wilson_interval(int(np.sum(o["war"])), n).as_dict(),
            "p_war_by_kind": {
                kind: wilson_interval(int((o[f"wars_{kind}"] > 0).sum()), n).as_dict()
                for kind in WAR_KINDS.values()
            },
            "p_war_by_types": type_profiles(res),
            "spiral_index": _iv(o["spiral"]),
            # security lies in [0, 1]: a bootstrap interval that stays inside the data's range
            "security_final": {a: positive_mean_interval(o["security_final"][:, i]).as_dict()
                               for i, a in enumerate(actors)},
        }
    diffs: dict[str, Any] = {}
    f = fact.outcomes
    for name, res in results.items():
        if name == FACTUAL:
            continue
        o = res.outcomes
        diffs[name] = {
            "p_war": _iv(o["war"].astype(float) - f["war"].astype(float)),
            "p_war_by_kind": {
                kind: _iv((o[f"wars_{kind}"] > 0).astype(float)
                          - (f[f"wars_{kind}"] > 0).astype(float))
                for kind in WAR_KINDS.values()
            },
            "spiral_index": _iv(o["spiral"] - f["spiral"]),
            "security_final": {
                a: _iv(o["security_final"][:, i] - f["security_final"][:, i])
                for i, a in enumerate(actors)
            },
            "changed_runs": changed_runs(fact, res),
        }
    return {"branches": branches, "differences": diffs, "paired": True}


def _spending_png(result: SimulationResult, observed: dict[str, dict[int, float]],
                  unit: str) -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from herz.report.plots import png_bytes

    sc = result.scenario
    assert sc.start_year is not None
    steps = result.steps
    years = sc.start_year + np.arange(steps) * sc.step_years
    spend = result.series["spending"][:, :steps]
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for i, actor in enumerate(result.actors):
        lo, mid, hi = np.quantile(spend[:, :, i], [0.05, 0.5, 0.95], axis=0)
        (line,) = ax.plot(years, mid, label=f"{actor} (model median, 5-95%)")
        ax.fill_between(years, lo, hi, color=line.get_color(), alpha=0.2)
        obs = observed.get(actor, {})
        if obs:
            ys = sorted(obs)
            ax.plot(ys, [obs[y] for y in ys], "o", color=line.get_color(), ms=4)
    ax.set_yscale("log")
    ax.set_xlabel("year")
    ax.set_ylabel(f"military spending ({unit})")
    ax.set_title("Model spending (lines, bands) against observed spending (dots)")
    ax.legend(fontsize=7, loc="best")
    fig.tight_layout()
    png = png_bytes(fig, dpi=110)
    plt.close(fig)
    return png


def _fmt(iv: dict[str, Any], pct: bool = False) -> str:
    if iv["estimate"] is None:
        return "–"
    s, u = (100.0, "%") if pct else (1.0, "")
    lo = "–" if iv["low"] is None else f"{s * iv['low']:.3g}{u}"
    hi = "–" if iv["high"] is None else f"{s * iv['high']:.3g}{u}"
    return f"{s * iv['estimate']:.3g}{u} [{lo}, {hi}]"


def _edit(changed: dict[str, Any]) -> str:
    year = changed["edit_year"]
    return f"step {changed['edit_step']}" + ("" if year is None else f" ({year:g})")


def _comparison_rows(cmp: dict[str, Any]) -> str:
    rows = []
    names = list(cmp["branches"])
    head = "<tr><th>metric</th>" + "".join(f"<th>{escape(n)}</th>" for n in names)
    head += "".join(f"<th>{escape(n)} − factual</th>" for n in cmp["differences"]) + "</tr>"

    def row(label: str, get: Any, pct: bool) -> str:
        cells = [_fmt(get(cmp["branches"][n]), pct) for n in names]
        cells += [_fmt(get(d), pct) for d in cmp["differences"].values()]
        return f"<tr><td>{escape(label)}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"

    rows.append(row("P(war)", lambda b: b["p_war"], True))
    for kind in WAR_KINDS.values():
        rows.append(row(f"P(war), {kind}", lambda b, k=kind: b["p_war_by_kind"][k], True))
    rows.append(row("spiral index", lambda b: b["spiral_index"], False))
    actors = list(cmp["branches"][names[0]]["security_final"])
    for a in actors:
        rows.append(row(f"final security: {a}", lambda b, a=a: b["security_final"][a], False))
    table = f"<table>{head}{''.join(rows)}</table>"
    profiles = cmp["branches"][FACTUAL]["p_war_by_types"]
    prof = "".join(
        f"<tr><td>{escape(label)}</td><td>{v['runs']}</td><td>{_fmt(v['p_war'], True)}</td></tr>"
        for label, v in profiles.items()
    )
    table += ("<h3>P(war) by the types drawn (factual)</h3><table><tr><th>types</th><th>runs</th>"
              f"<th>P(war)</th></tr>{prof}</table>")
    if cmp["differences"]:
        changed = "".join(
            f"<tr><td>{escape(name)}</td><td>{_fmt(d['changed_runs']['war_or_peace'], True)}</td>"
            f"<td>{_fmt(d['changed_runs']['first_war_step'], True)}</td>"
            f"<td>{_fmt(d['changed_runs']['war_kinds'], True)}</td>"
            f"<td>{_edit(d['changed_runs'])}</td>"
            f"<td>{_fmt(d['changed_runs']['at_war_before_edit'], True)}</td>"
            f"<td>{d['changed_runs']['war_hazard_after_edit']:.3g} "
            f"({d['changed_runs']['war_hazard_change']:+.2g})</td></tr>"
            for name, d in cmp["differences"].items()
        )
        table += ("<h3>Runs whose war outcome each counterfactual changes (paired by seed)</h3>"
                  "<table><tr><th>branch</th><th>war or peace</th><th>first war's step</th>"
                  "<th>kinds of war</th><th>first edit</th><th>runs at war before it</th>"
                  "<th>war hazard after the edit (change)</th></tr>"
                  f"{changed}</table>"
                  "<p>A branch cannot change a history before its first edit: runs already at "
                  "war by then keep their war. The last column sums, over the steps from the "
                  "edit on, the mean chance that a war involving an actor starts (all runs), "
                  "and the branch's change to it: where that change is tiny, the edit barely "
                  "reaches what the war decisions weigh (crises, beliefs, the balance of power) "
                  "and few runs can flip.</p>")
    return table


def write_case_report(
    case: Case,
    results: dict[str, SimulationResult],
    out_dir: str | Path,
    command: str = "",
    *,
    overwrite: bool = False,
) -> dict[str, Any]:
    """Write the case report and every branch's outputs into ``out_dir`` atomically.

    ``out_dir`` must be new, empty or written by herz before; with ``overwrite`` it may be any
    folder, whose other files are kept (see :func:`herz.atomic.atomic_directory`).
    """
    from herz.results.write import write_into

    with atomic_directory(
        out_dir, overwrite=overwrite, command=command or "herz.cases.run.write_case_report"
    ) as tmp:
        observed = observed_spending(case)
        fact = results[FACTUAL]
        cmp = compare(results)
        codes = {a: c.ccode for a, c in actor_codes(case).items()}
        for name, res in results.items():
            write_into(res, tmp / name, codes=codes)
        png = _spending_png(fact, observed, case.meta.observed.unit)
        (tmp / "spending.png").write_bytes(png)
        record = {
            "herz_version": herz.__version__,
            "case": case.name,
            "title": case.meta.title,
            "command": command,
            "seed": fact.seed,
            "runs": fact.n_runs,
            "steps": fact.steps,
            "backend": fact.backend,
            "counterfactuals": [n for n in results if n != FACTUAL],
            "scenario_hashes": {n: scenario_hash(r.scenario) for n, r in results.items()},
            "fit_rmse_log_spending": log_spending_rmse(fact, observed),
            "case_file": case.file,
            "datasets": case.meta.datasets,
            "citations": {d: provenance(d).citation for d in case.meta.datasets},
            "observed_file": observed_file(case),
            "comparison": cmp,
        }
        (tmp / "case.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        (tmp / "report.html").write_text(
            _html(case, record, fact, png), encoding="utf-8"
        )
    return record


def _html(case: Case, record: dict[str, Any], fact: SimulationResult, png: bytes) -> str:
    sc = fact.scenario
    tl = "".join(
        f"<tr><td>{escape(str(e.year if e.year is not None else sc.year_of(e.step or 0)))}</td>"
        f"<td>{escape(e.actor)}</td><td>{escape(e.action)}</td>"
        f"<td>{escape(e.target or e.alliance or e.agreement or '')}</td>"
        f"<td>{escape(e.note)}</td><td>{escape(e.source)}</td></tr>"
        for e in sorted(sc.timeline, key=lambda e: sc.step_of(e))
    )
    cites = "".join(
        f"<li><b>{escape(d)}</b>: {escape(c)}</li>" for d, c in record["citations"].items()
    )
    cfs = "".join(
        f"<li><b>{escape(cf.name)}</b>: {escape(cf.description)}</li>"
        for cf in case.meta.counterfactuals
        if cf.name in record["counterfactuals"]
    )
    img = base64.b64encode(png).decode()
    return f"""<!doctype html><html><head><meta charset="utf-8">
<title>herz case {escape(case.name)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}}
table{{border-collapse:collapse}} td,th{{padding:.2em .6em;border-bottom:1px solid #ddd;
text-align:left;font-size:.92em}} th{{background:#f3f3f3}} img{{max-width:100%}}</style>
</head><body><h1>{escape(case.meta.title)}</h1>
<p>{escape(case.meta.question)}</p>
<p>herz {escape(record['herz_version'])}, case <code>{escape(case.name)}</code>, seed
{record['seed']}, {record['runs']} runs x {record['steps']} steps. Command:
<code>{escape(record['command'])}</code></p>
<h2>Spending: model against data</h2>
<img src="data:image/png;base64,{img}" alt="spending">
<p>RMSE of log spending (model mean vs observed): {record['fit_rmse_log_spending']:.3f}.</p>
<h2>Factual and counterfactual branches (95% intervals; differences paired by run)</h2>
<ul>{cfs or '<li>none requested</li>'}</ul>
{_comparison_rows(record['comparison'])}
<h2>The real timeline</h2>
<table><tr><th>year</th><th>actor</th><th>action</th><th>target</th><th>what</th>
<th>source</th></tr>{tl}</table>
<h2>Data</h2><ul>{cites}</ul>
<p>Each branch's full outputs (summary, tables, report) are in its own folder.</p>
</body></html>
"""
