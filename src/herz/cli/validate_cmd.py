"""``herz validate``: run the reproduction suite and print its table."""

from __future__ import annotations

import json

import typer

from herz.cli.app import app
from herz.validate import run_checks


@app.command()
def validate(
    as_json: bool = typer.Option(False, "--json", help="Print the checks as JSON."),
    model: list[str] = typer.Option(None, "--model", help="Only these models (repeatable)."),
) -> None:
    """Reproduce every published and analytic value; exit 1 if any check fails."""
    checks = run_checks(tuple(model) if model else None)
    if as_json:
        rows = [
            {
                "model": c.model,
                "quantity": c.quantity,
                "source": c.source,
                "kind": c.kind,
                "expected": c.expected,
                "computed": c.computed,
                "tolerance": c.tolerance,
                "passed": c.passed,
            }
            for c in checks
        ]
        typer.echo(json.dumps(rows, indent=2))
    else:
        header = ("model", "quantity", "source", "kind", "expected", "computed", "tol", "result")
        table = [header] + [
            (
                c.model,
                c.quantity,
                c.source,
                c.kind,
                f"{c.expected:.6g}",
                f"{c.computed:.6g}",
                f"{c.tolerance:.2g}",
                "pass" if c.passed else "FAIL",
            )
            for c in checks
        ]
        widths = [max(len(row[i]) for row in table) for i in range(len(header))]
        for row in table:
            typer.echo("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)))
        failed = sum(not c.passed for c in checks)
        typer.echo(f"\n{len(checks) - failed} passed, {failed} failed")
    if any(not c.passed for c in checks):
        raise typer.Exit(1)
