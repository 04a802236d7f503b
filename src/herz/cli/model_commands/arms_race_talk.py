"""``herz model arms-race-talk``: the fear spiral of the Baliga-Sjöström arms-race game."""

from __future__ import annotations

import typer

from herz import __version__
from herz.cli.output import echo_json
from herz.models import arms_race_talk as ar

app = typer.Typer(help="Baliga & Sjöström (2004): the fear spiral with private costs of arming.",
                  no_args_is_help=True, rich_markup_mode=None)


@app.command("solve")
def solve(
    mu: float = typer.Option(0.1, "--mu", help="Gain of building alone."),
    d: float = typer.Option(1.0, "--d", help="Loss of being out-built (> mu)."),
    lo: float = typer.Option(0.0, "--lo", help="Lowest cost of building."),
    hi: float = typer.Option(0.9, "--hi", help="Highest cost of building."),
    steps: int = typer.Option(10, "--steps", help="Steps of the spiral to print."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Threshold equilibria (probability of building) and the spiral from the hawks."""
    p = ar.ArmsRaceParams(mu, d, lo, hi)
    eqs, sp = ar.equilibria(p), ar.spiral(p, steps)
    if as_json:
        echo_json({"herz_version": __version__, "build_probabilities": eqs, "spiral": sp})
        return
    typer.echo(f"Arms race with private costs U[{lo:g}, {hi:g}], mu={mu:g}, d={d:g}")
    typer.echo("  equilibrium build probabilities: " + ", ".join(f"{e:.6g}" for e in eqs))
    typer.echo("  spiral thresholds: " + ", ".join(f"{t:.4f}" for t in sp))
