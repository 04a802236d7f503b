"""``herz model kent-thaler``: first-strike stability with discrete counterforce, launch under
attack and a general cost (herz's derivation of the Kent and Thaler 1989 method)."""

from __future__ import annotations

import typer

from herz import __version__
from herz.cli.output import echo_json
from herz.errors import HerzInputError
from herz.models import kent_thaler as kt
from herz.models.stability import ForcePosture

app = typer.Typer(
    help="Kent & Thaler (1989) style first-strike stability: 0/1/2 warheads per silo, "
         "launch under attack, cost exponent and weights.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _floats(text: str, field: str) -> list[float]:
    try:
        return [float(t) for t in text.split(",") if t.strip()]
    except ValueError as err:
        raise HerzInputError(f"{text!r}", field=field, allowed="numbers, comma-separated") \
            from err


@app.command("table")
def table(
    at_sea: str = typer.Option("0.2,0.6,1.0", "--at-sea",
                               help="Submarine at-sea fractions (rows), comma-separated."),
    lua: str = typer.Option("0,0.5,0.9", "--lua",
                            help="Launch-under-attack probabilities (columns)."),
    self_weight: float = typer.Option(1.0, "--self-weight", help="a: weight of damage suffered."),
    other_weight: float = typer.Option(0.5, "--other-weight",
                                       help="b: weight of damage not inflicted."),
    exponent: float = typer.Option(1.0, "--exponent", help="e: exponent of the cost."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """FSS of two like default postures across at-sea fractions and launch under attack."""
    rows, cols = _floats(at_sea, "--at-sea"), _floats(lua, "--lua")
    cost = kt.CostFunction(self_weight, other_weight, exponent)
    grid = kt.posture_table(rows, cols, base=ForcePosture(), cost=cost)
    if as_json:
        echo_json({"herz_version": __version__, "at_sea": rows, "launch_under_attack": cols,
                   "cost": {"self_weight": self_weight, "other_weight": other_weight,
                            "exponent": exponent},
                   "fss": grid.tolist()})
        return
    typer.echo(f"First-strike stability, default postures, cost {self_weight:g} D_self^{exponent:g}"
               f" + {other_weight:g} (1 - D_other)^{exponent:g}")
    typer.echo("at sea \\ L  " + "  ".join(f"{c:>7g}" for c in cols))
    for r, line in zip(rows, grid, strict=True):
        typer.echo(f"{r:>10g}  " + "  ".join(f"{v:7.4f}" for v in line))
