"""``herz model offense-defense``: the offence-defence balance as a required force ratio."""

from __future__ import annotations

import typer

from herz import __version__
from herz.cli.output import echo_json
from herz.models import offense_defense as od

app = typer.Typer(
    help="Glaser & Kaufmann (1998): the offence-defence balance as a required force ratio.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@app.command("balance")
def balance_cmd(
    theta: float = typer.Option(1.0, "--theta",
                                help="Offence multiplier (> 1 favours offence)."),
    m: float = typer.Option(1.0, "--m", help="Decisiveness of war (contest exponent)."),
    q: float = typer.Option(0.5, "--q", help="Probability of success the attacker requires."),
    band_low: float = typer.Option(1.0, "--band-low", help="Lower end of the neutral band."),
    band_high: float = typer.Option(1.0, "--band-high", help="Upper end of the neutral band."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """The attacker/defender cost ratio needed to take territory with probability q."""
    b = od.balance(od.OffenseDefenseParams(theta, m, q, (band_low, band_high)))
    if as_json:
        echo_json({"herz_version": __version__, "theta": theta, "m": m, "q": q,
                   "band": [band_low, band_high], "ratio": b.ratio,
                   "classification": b.classification,
                   "neutral_multipliers": list(b.neutral_multipliers),
                   "even_fight_ratio": b.even_fight_ratio})
        return
    typer.echo(f"Offence-defence balance (Glaser & Kaufmann 1998), theta={theta:g}, m={m:g}, "
               f"q={q:g}")
    typer.echo(f"  required attacker/defender cost ratio: {b.ratio:.6g} ({b.classification})")
    typer.echo(f"  for an even fight (q = 1/2): {b.even_fight_ratio:.6g}")
    lo, hi = b.neutral_multipliers
    typer.echo(f"  multipliers theta with the ratio in [{band_low:g}, {band_high:g}]: "
               f"[{lo:.6g}, {hi:.6g}]")
