"""``herz mechanisms``: one paired experiment per mechanism of the brief, and its verdict.

A thin layer over :mod:`herz.mechanisms`: prints a table (or JSON rows with ``--json``) and
exits 1 if any experiment run is not ``ok``.
"""

from __future__ import annotations

import json

import typer

from herz import __version__
from herz.cli.app import app
from herz.errors import HerzInputError
from herz.mechanisms import DEFAULT_RUNS, DEFAULT_SEED, MechanismResult, run_experiments, select
from herz.mechanisms.run import MAX_RUNS

__all__ = ["format_table"]

HEADER = ("exp", "mechanism", "lever", "outcome", "effect [95% CI]", "expected", "verdict")


def _num(x: float) -> str:
    return f"{x:.3g}"


def _cells(r: MechanismResult) -> tuple[str, ...]:
    sign = "+" if r.expected > 0 else "-"
    expected = f"{sign}, beyond {_num(r.threshold)}" if r.threshold else sign
    effect = f"{_num(r.effect)} [{_num(r.low)}, {_num(r.high)}]"
    return (r.key, r.mechanism, r.lever, r.outcome, effect, expected, r.verdict)


def format_table(results: list[MechanismResult]) -> list[str]:
    """The results as aligned plain-text lines, header first."""
    rows = [HEADER, *(_cells(r) for r in results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    return ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
            for row in rows]


@app.command()
def mechanisms(
    runs: int = typer.Option(DEFAULT_RUNS, "--runs", help="Runs per arm of each experiment."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Seed shared by both arms.", min=0),
    skip: list[str] = typer.Option(None, "--skip", help="Leave out this experiment (repeatable)."),
    only: list[str] = typer.Option(None, "--only", help="Run only this experiment (repeatable)."),
    as_json: bool = typer.Option(False, "--json", help="Print the results as JSON rows."),
) -> None:
    """Run one paired experiment per mechanism of the security dilemma (lever on vs off, same
    seeds) and judge each effect: ok, null or wrong-sign; exit 1 unless all are ok."""
    if not 2 <= runs <= MAX_RUNS:
        raise HerzInputError(f"{runs} runs", field="--runs", allowed=f"2 to {MAX_RUNS}")
    chosen = select(skip or (), only or ())
    results = run_experiments(chosen, runs=runs, seed=seed)
    if as_json:
        typer.echo(json.dumps(
            {"herz_version": __version__, "runs": runs, "seed": seed,
             "skipped": list(skip or ()), "results": [r.row() for r in results]},
            indent=2,
        ))
    else:
        typer.echo(f"herz {__version__}: mechanisms, {runs} runs per arm, seed {seed}; effect = "
                   "mean paired difference (lever on - off), 95% t interval")
        for line in format_table(results):
            typer.echo(line)
        bad = [r.key for r in results if r.verdict != "ok"]
        typer.echo(f"\n{len(results) - len(bad)} ok, {len(bad)} not ok"
                   + (f": {', '.join(bad)}" if bad else ""))
    if any(r.verdict != "ok" for r in results):
        raise typer.Exit(1)
