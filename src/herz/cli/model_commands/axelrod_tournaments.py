"""``herz model axelrod-tournaments``: Axelrod's first tournament scored as his Table 2."""

from __future__ import annotations

import importlib.util

import typer

from herz import __version__
from herz.cli.output import echo_json

app = typer.Typer(help="Axelrod (1980a): the first tournament replayed with the axelrod "
                       "package's entries (oracle extra), scored as the published Table 2.",
                  no_args_is_help=True, rich_markup_mode=None)


@app.command("first")
def first_cmd(
    repetitions: int = typer.Option(5, "--repetitions", help="Games per pair (published: 5)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the simulation (printed)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Mean score per 200-move game (own twin included) beside the published rank and rows."""
    if importlib.util.find_spec("axelrod") is None:
        typer.echo("error: the axelrod package is missing; install herz[oracle] "
                   "(axelrod==4.13.1)", err=True)
        raise typer.Exit(2)
    from herz.models.axelrod_tournaments import FIRST_TABLE2_ROWS, first_tournament

    rep = first_tournament(repetitions=repetitions, seed=seed)
    published = {n: sum(r) / len(r) for n, r in FIRST_TABLE2_ROWS.items()}
    if as_json:
        echo_json({"herz_version": __version__, "repetitions": repetitions, "seed": seed,
                   "turns": 200, "names": list(rep.names),
                   "per_game": rep.per_game.tolist(), "means": rep.means.tolist(),
                   "order": [rep.names[i] for i in rep.order],
                   "published_means": published,
                   "rank_correlation": rep.rank_correlation(),
                   "nice_in_top_eight": rep.nice_in_top()})
        return
    typer.echo(f"Axelrod's first tournament replayed: {repetitions} x 200 moves per pair, "
               f"seed {seed}; mean score per game over the 15 entries (own twin included)")
    typer.echo("  rank  published  mean    published mean  entry")
    for r, i in enumerate(rep.order, start=1):
        name = rep.names[i]
        pub = published.get(name)
        typer.echo(f"  {r:>4}  {i + 1:>9}  {rep.means[i]:6.1f}  "
                   f"{'' if pub is None else f'{pub:6.1f}':>14}  {name}")
    typer.echo(f"  Spearman rho with the published order: {rep.rank_correlation():.3f}; "
               f"published top eight in the top eight: {rep.nice_in_top()}")
