"""``herz model surprise-attack``: Schelling's reciprocal fear of surprise attack."""

from __future__ import annotations

from typing import cast

import typer

from herz import __version__
from herz.cli.output import echo_json
from herz.errors import HerzInputError
from herz.models import surprise_attack as sa

app = typer.Typer(
    help="Schelling (1960, ch. 9): first-strike fears that compound, as a fixed point.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("solve")
def solve(
    first_strike: float = typer.Option(..., "--first-strike",
                                       help="F: payoff of striking while the other waits."),
    struck: float = typer.Option(..., "--struck", help="S: payoff of being struck first."),
    mutual: float = typer.Option(..., "--mutual", help="W: payoff when both strike at once."),
    peace: float = typer.Option(0.0, "--peace", help="V: payoff when both wait."),
    noise: str = typer.Option("uniform", "--noise",
                              help="Private reasons to strike: uniform, logistic or normal."),
    scale: float = typer.Option(1.0, "--scale", help="Scale h of the private reasons."),
    levels: int = typer.Option(5, "--levels", help="Levels of 'he thinks I think' to print."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Equilibrium strike probabilities of two like sides, and the regress that leads there."""
    if noise not in ("uniform", "logistic", "normal"):
        raise HerzInputError(f"{noise!r}", field="--noise", allowed="uniform, logistic, normal")
    p = sa.SurpriseAttackParams(first_strike, struck, mutual, peace, cast(sa.Noise, noise), scale)
    eqs = sa.equilibria(p)
    reg = sa.regress(p, levels)
    if as_json:
        echo_json({"herz_version": __version__, "g": p.g, "d": p.d, "noise": noise,
                   "scale": scale,
                   "equilibria": [{"s": e.s1, "stable": e.stable} for e in eqs],
                   "regress": reg})
        return
    typer.echo(f"Reciprocal fear of surprise attack (Schelling 1960, ch. 9): gain from striking "
               f"g + d q with g = {p.g:.6g}, first-strike premium d = {p.d:.6g}; {noise} private "
               f"reasons, scale {scale:g}")
    for e in eqs:
        typer.echo(f"  equilibrium strike probability {e.s1:.6f} "
                   f"({'stable' if e.stable else 'unstable'})")
    typer.echo("  regress (level: strike probability): "
               + ", ".join(f"{k}: {v:.4f}" for k, v in enumerate(reg)))
