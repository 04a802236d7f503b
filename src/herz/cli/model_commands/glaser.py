"""``herz model glaser``: Glaser's (1997) security dilemma, severity and the arm-or-cooperate
threshold (herz's formalisation)."""

from __future__ import annotations

import typer

from herz import __version__
from herz.cli.output import echo_json
from herz.models import glaser as gl

app = typer.Typer(
    help="Glaser (1997): severity of the dilemma and when a security-seeker should arm.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("solve")
def solve(
    theta: float = typer.Option(1.0, "--theta", help="Offence multiplier (< 1: defence "
                                "advantage)."),
    distinguishability: float = typer.Option(0.0, "--distinguishability",
                                             help="Share of a build-up that is recognisably "
                                             "defensive, 0..1."),
    wanted_security: float = typer.Option(0.8, "--wanted-security",
                                          help="Security s the rival wants to keep, in (0, 1)."),
    belief: float = typer.Option(0.3, "--belief", help="Probability that the rival is greedy."),
    greed: float = typer.Option(0.0, "--greed", help="Value of expansion to this state (0: a "
                                "security-seeker)."),
    buildup: float = typer.Option(1.0, "--buildup", help="Size x of the build-up."),
    cost: float = typer.Option(0.05, "--cost", help="Resource cost per unit of build-up."),
    spiral_weight: float = typer.Option(0.2, "--spiral-weight",
                                        help="Cost k per unit of the rival's offsetting "
                                        "build-up."),
    value: float = typer.Option(1.0, "--value", help="Loss V if defence fails."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Severity M, threshold belief p* and the advice (arm or cooperate)."""
    p = gl.GlaserParams(theta=theta, distinguishability=distinguishability,
                        wanted_security=wanted_security, belief=belief, greed=greed,
                        buildup=buildup, cost=cost, spiral_weight=spiral_weight, value=value)
    r = gl.decide(p)
    if as_json:
        echo_json({"herz_version": __version__, "params": {
            "theta": theta, "distinguishability": distinguishability,
            "wanted_security": wanted_security, "belief": belief, "greed": greed,
            "buildup": buildup, "cost": cost, "spiral_weight": spiral_weight, "value": value},
            "severity": r.severity, "threshold_belief": r.threshold,
            "net_value_of_arming": r.net_value, "advice": r.advice})
        return
    typer.echo(f"Security dilemma after Glaser (1997), herz's formalisation: theta={theta:g}, "
               f"distinguishability={distinguishability:g}, greed={greed:g}")
    typer.echo(f"  severity M (rival's offsetting defence per unit of arming): {r.severity:.6g}")
    typer.echo(f"  threshold belief p* (arm above it): {r.threshold:.6g}")
    typer.echo(f"  at belief {belief:g}: net value of arming {r.net_value:.6g} -> {r.advice}")
