"""``herz case list|show|run|backtest|calibrate|new`` and ``herz cite``: cases from the shell.

Every command that takes a case takes a library name or the path of a case file anywhere
(:func:`herz.cases.load_case` resolves both); ``herz case new`` writes a case file of one's own.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path
from typing import Annotated

import numpy as np
import typer

from herz.cli.app import app
from herz.cli.output import BackendOption, OverwriteOption, checked_out, echo_json
from herz.data import datasets, provenance
from herz.defaults import DEFAULT_KEEP, DEFAULT_SEED
from herz.errors import HerzInputError

__all__ = ["case_app"]

_CASE_HELP = ("A case name (see `herz case list`) or the path of a case file of your own, "
              "e.g. ./my_case.case.toml (`herz case new` writes one).")

case_app = typer.Typer(
    help="Real cases calibrated on real data, with counterfactual branches.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(case_app, name="case")


@case_app.command("list")
def list_cases() -> None:
    """List the cases with their titles."""
    from herz.cases import case_names, load_case

    names = case_names()
    width = max((len(n) for n in names), default=0)
    for name in names:
        typer.echo(f"{name.ljust(width)}  {load_case(name).meta.title}")


@case_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help=_CASE_HELP)],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show a case: question, actors and their data, timeline, parameters, counterfactuals."""
    from herz.cases import case_scenario, derived_initial, load_case

    case = load_case(name)
    sc = case_scenario(case)
    meta = case.meta
    derived = derived_initial(case)
    if as_json:
        echo_json({
            "meta": meta.model_dump(mode="json"),
            "derived_initial": derived,
            "scenario": sc.model_dump(mode="json"),
        })
        return
    echo = typer.echo
    echo(f"{meta.name}: {meta.title}")
    echo(f"  {meta.question}")
    echo(f"  case file {case.file}; scenario file {case.source}; {sc.start_year:g}, "
         f"{sc.steps} steps of {sc.step_years:g} year(s); units: {meta.observed.unit}")
    if meta.observed.file is not None:
        echo(f"  observed spending: {meta.observed.file} ({meta.observed.citation})")
    if meta.datasets:
        echo(f"  data: {', '.join(meta.datasets)} (herz cite {name})")
    echo("Actors (initial values built from the data):")
    for a in meta.actors:
        d = derived[a.name]
        how = f"burden {a.burden:g} ({a.why})" if a.burden else "GDP from the data"
        echo(f"  {a.name:<16} spending {d['spending']:.4g}, GDP {d['gdp']:.4g}: {how}")
    echo("Timeline:")
    for e in sorted(sc.timeline, key=sc.step_of):
        year = e.year if e.year is not None else sc.year_of(e.step or 0)
        who = e.target or e.alliance or e.agreement or ""
        echo(f"  {year:g} {e.actor} {e.action} {who}: {e.note} [{e.source}]")
    fitted = meta.calibration.values if meta.calibration else {}
    echo("Parameters (prior, range; * = calibrated to spending, with the value the case runs on):")
    for p in meta.parameters:
        star = "*" if p.calibrate else " "
        value = f" -> fitted {fitted[p.path]:g}" if p.path in fitted else ""
        echo(f" {star}{p.path} = {p.prior:g} in [{p.low:g}, {p.high:g}]{value}: {p.why}")
    if meta.calibration:
        c = meta.calibration
        echo(f"Calibration: RMSE of log spending {c.rmse:.3f} ({c.command})")
    from herz.cases.event_rates import recorded_event_rates

    rates = recorded_event_rates()
    shown = ", ".join(f"{k.split('.')[1]} {v:g}" for k, v in rates["values"].items())
    echo(f"Event rates fitted on disputes and wars up to 1993 (all cases): {shown} "
         f"(Brier {rates['score_prior']:.4f} -> {rates['score']:.4f}; {rates['command']})")
    echo("Counterfactuals:")
    for cf in meta.counterfactuals:
        echo(f"  {cf.name}: {cf.description}")


@case_app.command("new")
def new(
    name: Annotated[str, typer.Argument(help="The case's name: lower-case letters, digits and "
                                        "hyphens, e.g. my-case.")],
    folder: Annotated[
        str, typer.Option("--dir", "-d", help="Folder to write the files into (made if needed).")
    ] = ".",
    actors: Annotated[
        str,
        typer.Option("--actors", "-a", help="Comma-separated actor names, each with an optional "
                     "COW code and ISO alpha-3 code: 'Red,Blue' or "
                     "'United States:2:USA,Russia:365:RUS'."),
    ] = "Red,Blue",
    start: Annotated[int, typer.Option("--start", help="The case's first year.")] = 2000,
    steps: Annotated[int, typer.Option("--steps", help="Yearly steps.")] = 10,
) -> None:
    """Write a documented skeleton of a case of your own: case file, scenario, spending CSV.

    Every section of the case file is commented; the spending CSV holds example numbers marked
    as such. `herz case show` and `herz case run` take the case file as written. Existing files
    are never overwritten.
    """
    from herz.cases.skeleton import parse_actors, write_skeleton

    written = write_skeleton(name, folder, parse_actors(actors), start=start, steps=steps)
    case_file = written[1]
    typer.echo(f"Wrote {', '.join(str(p) for p in written)}")
    typer.echo(f"Next: replace the example numbers in {written[0].name} with your data, then\n"
               f"  herz case show {case_file}\n"
               f"  herz case run {case_file} --all --runs 200 --out {name}-run\n"
               f"  herz case calibrate {case_file} --runs 64")


@case_app.command("run")
def run(
    name: Annotated[str, typer.Argument(help=_CASE_HELP)],
    counterfactual: Annotated[
        list[str] | None,
        typer.Option("--counterfactual", "-c", help="A counterfactual branch (repeatable)."),
    ] = None,
    all_cfs: Annotated[
        bool, typer.Option("--all", help="Run every named counterfactual of the case.")
    ] = False,
    runs: Annotated[int, typer.Option("--runs", "-n", help="Runs per branch.")] = 200,
    keep: Annotated[
        int,
        typer.Option("--keep", "-k", help="Runs per branch whose whole trajectories and event "
                     "logs are kept (the dyads and outcomes always cover every run)."),
    ] = DEFAULT_KEEP,
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Seed (shared by all branches).")
    ] = DEFAULT_SEED,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="Override a field, PATH=VALUE.")
    ] = None,
    out_text: Annotated[
        str,
        typer.Option(
            "--out", "-o", help="Output folder: a new one, or one herz wrote before."
        ),
    ] = "herz-case",
    overwrite: OverwriteOption = False,
    backend: BackendOption = "numpy",
) -> None:
    """Run a case and its counterfactuals; write report.html, case.json and each branch."""
    from herz.cases import load_case
    from herz.cases.run import run_case, write_case_report
    from herz.engine.backend import check_backend
    from herz.engine.simulate import MAX_RUNS

    check_backend(backend, field="--backend")
    if not 1 <= runs <= MAX_RUNS:
        raise HerzInputError(f"{runs} runs", field="--runs", allowed=f"1 to {MAX_RUNS}")
    if keep < 1:
        raise HerzInputError(f"{keep} kept runs", field="--keep", allowed=">= 1")
    case = load_case(name)
    cfs = list(counterfactual or [])
    if all_cfs:
        cfs += [cf.name for cf in case.meta.counterfactuals if cf.name not in cfs]
    for cf in cfs:
        case.counterfactual(cf)  # validates every name before any work
    out = checked_out(out_text, overwrite)
    from herz.cases import case_scenario
    from herz.cli.progress import progress_bar

    overrides = list(set_ or [])
    steps = sum(case_scenario(case, [] if cf is None else [cf], overrides).steps
                for cf in [None, *cfs])
    with progress_bar(f"simulating {1 + len(cfs)} branch(es)", runs * steps) as bar:
        results = run_case(case, cfs, runs, seed, overrides, keep=keep, progress=bar.advance,
                           backend=backend)
    command = "herz " + shlex.join(sys.argv[1:]) if sys.argv[1:2] == ["case"] else ""
    try:
        record = write_case_report(case, results, out, command=command or "herz case run",
                                   overwrite=overwrite)
    except OSError as err:
        raise HerzInputError(f"cannot write outputs: {err}", field="--out",
                             source=str(out)) from None
    cmp = record["comparison"]
    typer.echo(f"herz {record['herz_version']}: case {case.name!r}, {runs} runs, seed {seed}; "
               f"RMSE of log spending {record['fit_rmse_log_spending']:.3f}")
    for branch, b in cmp["branches"].items():
        iv = b["p_war"]
        line = (f"  {branch:<28} P(war) {100 * iv['estimate']:.1f}% "
                f"[{100 * iv['low']:.1f}%, {100 * iv['high']:.1f}%]  spiral "
                f"{b['spiral_index']['estimate']:.3f}")
        if branch in cmp["differences"]:
            diff = cmp["differences"][branch]
            dw, ds = diff["p_war"], diff["spiral_index"]
            changed = diff["changed_runs"]["war_or_peace"]["estimate"]
            before = diff["changed_runs"]["at_war_before_edit"]["estimate"]
            hazard = diff["changed_runs"]["war_hazard_change"]
            line += (f"\n  {'':<28} minus factual (paired): P(war) {_pct(dw)}, spiral "
                     f"{_num(ds)}; war outcome changed in {100 * changed:.1f}% of runs "
                     f"({100 * before:.1f}% at war before the branch's first edit; war hazard "
                     f"after it {hazard:+.2g})")
        typer.echo(line)
    typer.echo(f"Outputs in {out}/: report.html, case.json, spending.png, one folder per branch "
               "(dyads.parquet: per year and pair, the share of all runs with each event)")


def _pct(iv: dict[str, float | None]) -> str:
    def f(x: float | None) -> str:
        return "-" if x is None else f"{100 * x:+.1f}%"

    return f"{f(iv['estimate'])} [{f(iv['low'])}, {f(iv['high'])}]"


def _num(iv: dict[str, float | None]) -> str:
    def f(x: float | None) -> str:
        return "-" if x is None else f"{x:+.3f}"

    return f"{f(iv['estimate'])} [{f(iv['low'])}, {f(iv['high'])}]"


@case_app.command("backtest")
def backtest_cmd(
    name: Annotated[str, typer.Argument(help=_CASE_HELP)],
    disputes: Annotated[
        str,
        typer.Option("--disputes", help="Dyad-year dispute file (GML MID layout: ccode1, "
                     "ccode2, year, gmlmidonset, hostlev1/2), CSV or CSV.gz; default: the "
                     "packaged subset for the cases before 1994."),
    ] = "packaged",
    wars: Annotated[
        str | None,
        typer.Option("--wars", help="Dyad-year war file (COW Inter-State War layout: ccode1, "
                     "ccode2, year, cowinteronset); 'packaged' for the packaged subset."),
    ] = None,
    first: Annotated[int | None, typer.Option("--from", help="First year scored.")] = None,
    last: Annotated[int | None, typer.Option("--to", help="Last year scored.")] = None,
    runs: Annotated[int, typer.Option("--runs", "-n", help="Runs simulated.")] = 400,
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Seed of the runs and the bootstrap.")
    ] = DEFAULT_SEED,
    level: Annotated[
        int, typer.Option("--level", help="Lowest MID hostility level counted (2 threat, 3 "
                          "display, 4 use of force, 5 war).")
    ] = 2,
    scripted: Annotated[
        bool, typer.Option("--scripted", help="Also count the timeline's scripted acts as "
                           "predictions (circular: they are the record written in).")
    ] = False,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", "-b", help="Bootstrap replicates (0: none).")
    ] = 1000,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    out_text: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Write backtest.json, dyad_years.csv, "
                     "reliability.png and backtest.html into this folder."),
    ] = None,
    overwrite: OverwriteOption = False,
    backend: BackendOption = "numpy",
) -> None:
    """Score a case's dyad-year predictions against the dispute record (to 1993)."""
    from herz.cases import load_case
    from herz.cases.backtest import backtest, read_disputes
    from herz.engine.backend import check_backend
    from herz.engine.simulate import MAX_RUNS

    check_backend(backend, field="--backend")
    if not 1 <= runs <= MAX_RUNS:
        raise HerzInputError(f"{runs} runs", field="--runs", allowed=f"1 to {MAX_RUNS}")
    if not 0 <= bootstrap <= 100_000:
        raise HerzInputError(f"{bootstrap}", field="--bootstrap", allowed="0 to 100000")
    case = load_case(name)
    out = None if out_text is None else checked_out(out_text, overwrite)
    record = read_disputes(disputes)
    if wars is not None:
        record = record.merged(read_disputes(wars, war=True))
    bt = backtest(case, record, runs=runs, seed=seed, first=first, last=last, level=level,
                  scripted=scripted, bootstrap=bootstrap, backend=backend)
    import herz

    payload = {"herz_version": herz.__version__,
               "command": "herz " + shlex.join(sys.argv[1:]) if sys.argv[1:2] == ["case"]
               else "herz case backtest", **bt.as_dict()}
    if out is not None:
        _write_backtest(bt, payload, out, overwrite)
    if as_json:
        echo_json(payload)
        return
    sc = bt.scores
    iv = sc["intervals_95"]

    def show(key: str) -> str:
        v = sc[key]
        if v is None:
            return "-"
        lo, hi = iv.get(key, [None, None])
        band = "" if lo is None else f" [{lo:.3f}, {hi:.3f}]"
        return f"{v:.3f}{band}"

    d = bt.as_dict()
    acts = "all acts" if scripted else "the model's own acts"
    typer.echo(f"herz {herz.__version__}: backtest of {case.name!r}, {bt.years[0]}-{bt.years[1]}, "
               f"{runs} runs, seed {seed}; MID onsets of hostility level >= {level} "
               f"({acts}); {d['dyad_years']} "
               f"dyad-years of {d['pairs']} pairs, {d['onsets']} onsets")
    typer.echo(f"  Brier score                      {show('brier')}")
    typer.echo(f"  pooled base rate {sc['base_rate']:.3f}: Brier {sc['brier_base_rate']:.3f}, "
               f"skill {show('skill_vs_base_rate')}")
    typer.echo(f"  pairs' own 20-year rates: Brier {sc['brier_pair_history']:.3f}, "
               f"skill {show('skill_vs_pair_history')}")
    typer.echo(f"  AUC, all dyad-years              {show('auc_all')}")
    typer.echo(f"  AUC, across pairs                {show('auc_across_pairs')}")
    typer.echo(f"  AUC, within pairs over time      {show('auc_within_pairs')}")
    typer.echo(f"  (95% intervals: {bootstrap} bootstrap replicates of years within pairs)")
    if out is not None:
        typer.echo(f"Outputs in {out}/: backtest.json, dyad_years.csv, reliability.png, "
                   "backtest.html")


def _write_backtest(bt: object, payload: dict[str, object], out: Path, overwrite: bool) -> None:
    import base64
    from html import escape

    from herz.atomic import atomic_directory
    from herz.cases.backtest import Backtest, reliability_png
    from herz.results.tables import write_table

    assert isinstance(bt, Backtest)
    png = reliability_png(bt)
    rows = "".join(
        f"<tr><td>{b['low']:.1f}-{b['high']:.1f}</td><td>{b['n']}</td>"
        f"<td>{b['mean_p']:.3f}</td><td>{b['observed']:.3f}</td></tr>" for b in bt.reliability)
    scores = "".join(
        f"<tr><td>{escape(k)}</td><td>{'-' if v is None else f'{v:.3f}'}</td><td>"
        + escape(" - ".join("-" if x is None else f"{x:.3f}"
                            for x in bt.scores["intervals_95"].get(k, [])))
        + "</td></tr>"
        for k, v in bt.scores.items() if k not in ("intervals_95", "bootstrap"))
    html = (f"<!doctype html><html><head><meta charset='utf-8'><title>herz backtest "
            f"{escape(bt.case)}</title></head><body style='font-family:sans-serif;"
            f"max-width:900px;margin:2em auto'><h1>Backtest: {escape(bt.case)}, "
            f"{bt.years[0]}-{bt.years[1]}</h1><p>Command: <code>"
            f"{escape(str(payload['command']))}</code>; disputes: {escape(bt.source)}.</p>"
            f"<h2>Scores (95% bootstrap intervals)</h2><table>{scores}</table>"
            f"<h2>Reliability</h2><img alt='reliability diagram' src='data:image/png;base64,"
            f"{base64.b64encode(png).decode()}'><table><tr><th>bin</th><th>dyad-years</th>"
            f"<th>mean predicted</th><th>observed</th></tr>{rows}</table></body></html>\n")
    try:
        with atomic_directory(out, overwrite=overwrite,
                              command=str(payload["command"])) as tmp:
            (tmp / "backtest.json").write_text(json.dumps(payload, indent=2) + "\n",
                                               encoding="utf-8")
            write_table({k: (v.astype(float) if k in ("p", "history") else
                             v.astype(np.int64) if k in ("year", "pair", "observed") else v)
                         for k, v in bt.rows.items()}, tmp / "dyad_years.csv")
            (tmp / "reliability.png").write_bytes(png)
            (tmp / "backtest.html").write_text(html, encoding="utf-8")
    except OSError as err:
        raise HerzInputError(f"cannot write outputs: {err}", field="--out",
                             source=str(out)) from None


@case_app.command("calibrate")
def calibrate_cmd(
    name: Annotated[str, typer.Argument(help=_CASE_HELP)],
    runs: Annotated[int, typer.Option("--runs", "-n", help="Runs per evaluation.")] = 64,
    seed: Annotated[
        int, typer.Option("--seed", "-s", help="Seed (common random numbers).")
    ] = DEFAULT_SEED,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", "-b", help="Residual-bootstrap refits (0: none).")
    ] = 0,
    max_evals: Annotated[
        int, typer.Option("--max-evals", help="Most objective evaluations of the main fit.")
    ] = 25,
    out_text: Annotated[
        str | None,
        typer.Option("--out", "-o", help="Write the calibration (JSON) to this file: a new "
                     "one, or one herz wrote before."),
    ] = None,
    overwrite: OverwriteOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    backend: BackendOption = "numpy",
) -> None:
    """Fit the case's free parameters, within their ranges, to its observed spending."""
    from herz.cases import load_case
    from herz.cases.calibrate import calibrate
    from herz.engine.backend import check_backend

    check_backend(backend, field="--backend")
    if not 1 <= runs <= 10_000:
        raise HerzInputError(f"{runs} runs", field="--runs", allowed="1 to 10000")
    if bootstrap < 0 or max_evals < 1:
        raise HerzInputError("must be >= 0 / >= 1", field="--bootstrap/--max-evals")
    out = None if out_text is None else _checked_file(out_text, overwrite)
    case = load_case(name)
    from herz.cli.progress import progress_bar

    with progress_bar("calibrating (evaluations)") as bar:
        result = calibrate(case, runs=runs, seed=seed, bootstrap=bootstrap, max_nfev=max_evals,
                           progress=bar.advance, backend=backend)
    payload = result.as_dict()
    import herz

    payload["herz_version"] = herz.__version__
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(f".{out.name}.tmp")
            try:
                tmp.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
                tmp.replace(out)
            finally:
                tmp.unlink(missing_ok=True)
        except OSError as err:
            raise HerzInputError(f"cannot write: {err}", field="--out", source=str(out)) from None
    if as_json:
        echo_json(payload)
        return
    echo = typer.echo
    echo(f"herz {payload['herz_version']}: case {case.name!r}, {runs} runs, seed {seed}, "
         f"{payload['evaluations']} evaluations")
    echo(f"RMSE of log spending: {payload['rmse_prior']:.4f} at the priors -> "
         f"{payload['rmse']:.4f} fitted, over {payload['n_obs']} actor-years")
    echo(f"  {'parameter':<44} {'prior':>8} {'fitted':>8}  range           95% interval")
    for entry in payload["parameters"]:
        iv = entry.get("ci95_bootstrap") or entry.get("ci95_asymptotic")
        shown = "none" if iv is None else f"[{iv[0]:.4g}, {iv[1]:.4g}]"
        bound = "  (at a bound)" if entry["at_bound"] else ""
        lo, hi = entry["range"]
        echo(f"  {entry['path']:<44} {entry['prior']:>8.4g} {entry['value']:>8.4g}  "
             f"[{lo:g}, {hi:g}]  {shown}{bound}")
    if out is not None:
        echo(f"Written to {out} (JSON; --json prints it)")


def _checked_file(text: str, overwrite: bool) -> Path:
    """``--out`` of ``herz case calibrate``: a file that is new, or a calibration herz wrote
    (any file with ``--overwrite``); never a folder."""
    if not text.strip():
        raise HerzInputError("empty file name", field="--out", allowed="a file, e.g. cal.json")
    out = Path(text)
    if out.is_dir() or not out.name or text.endswith(("/", "\\")):
        raise HerzInputError("is a folder; choose a file name, e.g. cal.json", field="--out",
                             source=text)
    if out.exists() and not overwrite:
        try:
            record = json.loads(out.read_text(encoding="utf-8"))
            keys = {"herz_version", "case", "objective"}
            herz_made = isinstance(record, dict) and keys <= set(record)
        except (OSError, ValueError):
            herz_made = False
        if not herz_made:
            raise HerzInputError(
                "file exists and is not a calibration written by herz; choose a new file, or "
                "pass --overwrite to replace it", field="--out", source=text,
            )
    return out


def _case_of_scenario_name(name: str) -> list[str] | None:
    """The data sets of the library case whose scenario is called ``name`` (None: no case)."""
    from herz.cases import case_names, load_case

    for case_name in case_names():
        case = load_case(case_name)
        if case.data.get("name") == name:
            return list(case.meta.datasets)
    return None


def _datasets_of(what: str) -> tuple[list[str] | None, str, dict[str, str] | None]:
    """The data sets behind ``what`` (a case name or file, a run or case-run folder, a scenario
    file), its label, and the case's own spending file where it has one."""
    from herz.cases import CASE_SUFFIX, load_case, observed_file
    from herz.inputs import exists, is_file

    path = Path(what)
    if exists(path) and path.is_dir():
        record, summary = path / "case.json", path / "summary.json"
        try:
            if record.is_file():
                data = json.loads(record.read_text(encoding="utf-8"))
                return list(data["datasets"]), what, data.get("observed_file")
            if summary.is_file():
                name = str(json.loads(summary.read_text(encoding="utf-8"))["scenario_name"])
                return _case_of_scenario_name(name), name, None
        except (ValueError, KeyError, TypeError) as err:
            raise HerzInputError(f"unreadable run record: {err}", source=what) from None
        raise HerzInputError(
            "no case.json or summary.json in this folder", source=what,
            allowed="a case name, a `herz case run` or `herz run` output folder, a scenario file",
        )
    if path.suffix == ".toml" and is_file(path) and not path.name.endswith(CASE_SUFFIX):
        from herz.engine.scenario import read_toml

        name = str(read_toml(path).get("name", ""))
        return _case_of_scenario_name(name), name, None
    case = load_case(what)
    return case.meta.datasets, what, observed_file(case)


@app.command()
def cite(
    what: Annotated[
        str | None,
        typer.Argument(help="A case name, a `herz case run` or `herz run` output folder, or a "
                       "scenario file (default: herz itself)."),
    ] = None,
    all_data: Annotated[
        bool, typer.Option("--data", help="Also list every packaged data set.")
    ] = False,
    bibtex: Annotated[bool, typer.Option("--bibtex", help="Cite herz as BibTeX.")] = False,
) -> None:
    """Print how to cite herz, and the data sets a case, a run or a scenario used.

    With no argument: herz itself (``--data`` adds every packaged data set). A plain run or
    scenario file is traced to the library case whose scenario has the same ``name``; any other
    scenario uses no packaged data.
    """
    from herz import citation

    typer.echo("herz itself:")
    typer.echo(f"  {citation.citation_text()}")
    if bibtex:
        typer.echo(citation.bibtex())
    names: list[str] | None
    if what is None:
        if not all_data:
            typer.echo("  (the data a run used: `herz cite RUN_FOLDER`; every packaged data set: "
                       "`herz cite --data`)")
            return
        names = datasets()
    else:
        names, label, own = _datasets_of(what)
        if own is not None:
            typer.echo(f"\nSpending data of the case ({own['file']}):\n  {own['citation']}")
        if names is None:
            typer.echo(f"{label!r} is not a case scenario: it uses no packaged data set.")
            return
    if names:
        typer.echo("\nData:")
    for name in names:
        p = provenance(name)
        typer.echo(f"[{name}] {p.title}\n  {p.citation}\n  Source: {p.source}\n  "
                   f"Terms: {p.terms}\n")
