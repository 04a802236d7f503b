"""``herz model arms-race-talk``: the fear spiral of the Baliga-Sjöström arms-race game."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
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


@app.command("talk")
def talk(
    mu: float = typer.Option(0.1, "--mu", help="Gain of building alone."),
    d: float = typer.Option(1.0, "--d", help="Loss of being out-built (d < mu: substitutes)."),
    lo: float = typer.Option(0.0, "--lo", help="Lowest cost of building."),
    hi: float = typer.Option(0.9, "--hi", help="Highest cost of building."),
    k: float | None = typer.Option(None, "--k", help="Audit this threshold (types below it "
                                   "announce hawk); default: the solved one, else a scan."),
    grid: int = typer.Option(2001, "--grid", help="Types checked by the audit."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Cheap talk (hawk/dove announcements): the threshold and who gains by deviating."""
    p = ar.TalkParams(mu, d, lo, hi)
    solved = ar.talk_threshold(p)
    if k is not None:
        ks = [k]
    elif solved is not None:
        ks = [solved]
    else:
        ks = [float(x) for x in np.linspace(lo, hi, 52)[1:-1]]
    audits = [ar.talk_audit(p, x, grid) for x in ks]
    live = [a for a in audits if ar.talk_outcome(p, a.k).informative] or audits
    best = min(live, key=lambda a: a.max_gain)
    o = ar.talk_outcome(p, best.k)
    if as_json:
        echo_json({"herz_version": __version__, "complements": p.complements,
                   "solved_threshold": solved, "k": best.k,
                   "incentive_compatible": best.incentive_compatible,
                   "informative": o.informative,
                   "max_gain": best.max_gain,
                   "deviator": None if math.isnan(best.deviator) else best.deviator,
                   "deviates_to": best.to or None,
                   "outcome": dataclasses.asdict(o),
                   "arms_race_probability": o.arms_race_probability()})
        return
    kind = "complements" if p.complements else "substitutes"
    typer.echo(f"Cheap talk, costs U[{lo:g}, {hi:g}], mu={mu:g}, d={d:g} ({kind})")
    typer.echo("  indifferent threshold (bisection): "
               + ("none (the gap U_H - U_D keeps one sign)" if solved is None
                  else f"{solved:.6f}"))
    label = "audited k" if len(ks) == 1 else f"best of {len(live)} informative k"
    typer.echo(f"  {label} = {best.k:.4f}: "
               + ("incentive compatible" if best.incentive_compatible else
                  f"type {best.deviator:.4f} gains {best.max_gain:.4g} by announcing {best.to}")
               + ("" if o.informative else " (talk idle: play ignores the announcements)"))
    typer.echo(f"  P(both build) = {o.arms_race_probability():.4f}")
