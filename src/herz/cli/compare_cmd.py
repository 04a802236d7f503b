"""``herz compare A B``: two run folders compared outcome by outcome, with 95% intervals.

Runs are paired by index when both folders have the same seed and number of runs (common random
numbers); otherwise the command says so and uses Welch's unpaired interval. See
:mod:`herz.results.compare`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from herz.cli.app import app
from herz.cli.output import echo_json
from herz.errors import HerzInputError

__all__: list[str] = []


@app.command(name="compare")
def compare_command(
    a: Annotated[str, typer.Argument(help="A `herz run` output folder (the baseline, A).")],
    b: Annotated[str, typer.Argument(help="Another one (B); differences are B - A.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
    html: Annotated[
        str | None,
        typer.Option("--html", help="Also write the comparison as a self-contained HTML file."),
    ] = None,
) -> None:
    """Compare two run folders: every per-run outcome, B - A, paired when the seeds and runs
    agree (else Welch), with 95% intervals."""
    from herz.results.compare import compare_runs, to_html, to_text

    cmp = compare_runs(a, b)
    if html is not None:
        target = Path(html)
        if not html.strip() or target.is_dir():
            raise HerzInputError("not a file name", field="--html", source=html,
                                 allowed="a file, e.g. compare.html")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(to_html(cmp), encoding="utf-8")
        except OSError as err:
            raise HerzInputError(f"cannot write: {err}", field="--html", source=html) from None
    if as_json:
        echo_json(cmp)
    else:
        typer.echo(to_text(cmp))
        if html is not None:
            typer.echo(f"HTML in {html}")
