"""``herz sweep`` and ``herz results``: run a sweep file, and query or summarise its results.

``herz sweep FILE --out DIR`` designs, runs, collects, analyses and reports in one command; run
it again after an interruption and it resumes. ``DIR`` must be new, empty or hold the same
sweep; ``--overwrite`` writes a new sweep into a folder of other files, which are kept.
``--workers N`` uses local processes, ``--local-cluster N`` a Dask cluster started on this
machine, ``--scheduler ADDRESS`` an existing Dask cluster: the numbers are the same on any of
them.
``herz results DIR`` summarises a sweep folder; ``--sql "SELECT ..."`` queries it with DuckDB
(tables ``points`` and ``design``).
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, Any

import typer

from herz.cli.app import app
from herz.cli.output import OverwriteOption, echo_json
from herz.cli.progress import progress_bar
from herz.errors import HerzInputError

__all__: list[str] = []


@app.command(name="sweep")
def sweep_command(
    file: Annotated[Path, typer.Argument(help="A sweep file (TOML).")],
    out_text: Annotated[
        str,
        typer.Option("--out", "-o", help="Results folder: a new one, or this sweep's to resume."),
    ] = "herz-sweep",
    workers: Annotated[
        int, typer.Option("--workers", "-w", help="Local worker processes (1: this process).")
    ] = 1,
    local_cluster: Annotated[
        int | None,
        typer.Option("--local-cluster", help="Start a Dask cluster of N workers on this machine."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Address of a running Dask scheduler (tcp://host:8786)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    overwrite: OverwriteOption = False,
) -> None:
    """Run a sweep (design, simulate, collect, analyse, report); rerun to resume."""
    from herz.sweep import finish_sweep, load_sweep, run_sweep

    if not out_text.strip():
        raise HerzInputError("empty folder name", field="--out", allowed="a folder name")
    out = Path(out_text)

    chosen = [workers != 1, local_cluster is not None, scheduler is not None]
    if sum(chosen) > 1:
        raise HerzInputError(
            "choose one executor", field="--workers/--local-cluster/--scheduler",
            allowed="one of --workers N, --local-cluster N, --scheduler ADDRESS",
        )
    spec = load_sweep(file)
    bar: Any = None
    bars = ExitStack()

    def on_start(n_points: int, n_done: int) -> None:
        nonlocal bar
        if n_done:
            typer.echo(f"resuming: {n_done} of {n_points} points already done", err=True)
        if not quiet and n_points > n_done:
            bar = bars.enter_context(progress_bar("points", n_points - n_done))

    try:
        with bars:
            run = run_sweep(
                spec, out, workers, scheduler, local_cluster,
                progress=lambda k: bar.advance(k) if bar is not None else None,
                on_start=on_start, overwrite=overwrite,
            )
        analysis = finish_sweep(out)
    except OSError as err:
        raise HerzInputError(f"cannot write: {err}", field="--out", source=out_text) from None
    rate = run.computed / run.seconds if run.seconds > 0 else float("nan")
    typer.echo(
        f"herz sweep: {run.n_points} points ({run.computed} computed, {run.skipped} resumed) "
        f"in {run.seconds:.1f} s ({rate:.1f} points/s), seed {spec.spec.seed}"
    )
    _print_analysis(analysis)
    typer.echo(f"Outputs in {out}/: report.html, analysis.json, points/*.parquet, plots/")


def _print_analysis(analysis: dict[str, Any]) -> None:
    names = analysis["parameters"]
    for m, idx in (analysis.get("sobol") or {}).items():
        typer.echo(f"  Sobol {m}: " + ", ".join(
            f"{n} S1={idx['S1'][j]:.2f} ST={idx['ST'][j]:.2f}" for j, n in enumerate(names)))
    for m, idx in (analysis.get("morris") or {}).items():
        typer.echo(f"  Morris {m}: " + ", ".join(
            f"{n} mu*={idx['mu_star'][j]:.3g}" for j, n in enumerate(names)))
    prim = analysis.get("prim") or {}
    for k, box in enumerate(prim.get("boxes", []), 1):
        limits = "; ".join(f"{n} in [{box['limits'][n][0]:.3g}, {box['limits'][n][1]:.3g}]"
                           for n in box["restricted"]) or "everywhere"
        typer.echo(f"  PRIM box {k} ({prim['metric']} > {prim['threshold']:.3g}): {limits} "
                   f"(coverage {box['coverage']:.2f}, density {box['density']:.2f})")


def _format(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.6g}"
    return "NULL" if v is None else str(v)


@app.command(name="results")
def results_command(
    folder: Annotated[Path, typer.Argument(help="A sweep's results folder.")],
    sql: Annotated[
        str | None,
        typer.Option("--sql", help='A DuckDB query on tables points and design, e.g. '
                     '"SELECT * FROM points ORDER BY p_war DESC LIMIT 5".'),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Summarise a sweep's results, or query them with SQL."""
    from herz.sweep.store import query, read_manifest

    if not folder.is_dir():
        raise HerzInputError("no such folder", source=str(folder))
    manifest = read_manifest(folder)
    if manifest is None:
        raise HerzInputError("holds no sweep (no sweep.json)", source=str(folder))
    if sql is not None:
        names, rows = query(folder, sql)
        if as_json:
            echo_json([dict(zip(names, r, strict=True)) for r in rows])
            return
        typer.echo("\t".join(names))
        for r in rows:
            typer.echo("\t".join(_format(v) for v in r))
        return
    from herz.sweep.store import done_points

    done = len(done_points(folder))
    stats: dict[str, Any] = {}
    if done:
        for m in manifest["metrics"]:
            _, rows = query(folder, f'SELECT min("{m}"), avg("{m}"), max("{m}") FROM points')
            stats[m] = dict(zip(("min", "mean", "max"), rows[0], strict=True))
    summary = {
        "herz_version": manifest["herz_version"], "seed": manifest["seed"],
        "base_scenario": manifest["base_scenario"], "design": manifest["design"],
        "parameters": manifest["parameters"], "runs": manifest["runs"],
        "steps": manifest["steps"], "points": manifest["n_points"], "done": done,
        "metrics": stats,
    }
    if as_json:
        echo_json(summary)
        return
    typer.echo(
        f"sweep of {manifest['base_scenario']!r} (herz {manifest['herz_version']}, seed "
        f"{manifest['seed']}): {manifest['design']} design, {done} of {manifest['n_points']} "
        f"points done, {manifest['runs']} runs x {manifest['steps']} steps each"
    )
    typer.echo("  parameters: " + ", ".join(manifest["parameters"]))
    for m, s in stats.items():
        typer.echo(f"  {m:<20} min {_format(s['min'])}  mean {_format(s['mean'])}  "
                   f"max {_format(s['max'])}")
