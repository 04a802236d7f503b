"""``herz model iterated``: noisy iterated security games (payoffs, tournaments, generosity)."""

from __future__ import annotations

import dataclasses

import numpy as np
import typer

from herz import __version__
from herz.cli.output import echo_json
from herz.errors import HerzInputError
from herz.models.iterated import (
    AXELROD_1984_CONTINUATION,
    FIELDS,
    Noise,
    Payoffs,
    discounted_payoffs,
    ecological_simulation,
    exact_tournament,
    expected_length,
    finite_horizon_payoffs,
    geometric_payoffs,
    gtft_generosity,
    long_run_payoffs,
    median_length,
    strategy_from_spec,
    tournament,
)

app = typer.Typer(
    help="Noisy iterated security games: memory-one strategies, exact payoffs, tournaments.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

STRATEGY_HELP = ("tft, gtft, ctft, wsls, grim, alld, allc, tf2t, stft, random, zdgtft2, "
                 "extort2, gtft:Q, zd:CHI,PHI, gzd:CHI,PHI or m1:P_CC,P_CD,P_DC,P_DD[,P_FIRST]")
#: The tournament's default implementation noise: Wu & Axelrod's (1995) 1%.
DEFAULT_TOURNAMENT_NOISE = 0.01

_R = typer.Option(3.0, "--reward", help="R: both restrain.")
_S = typer.Option(0.0, "--sucker", help="S: restrain while the other arms.")
_T = typer.Option(5.0, "--temptation", help="T: arm while the other restrains.")
_P = typer.Option(1.0, "--punishment", help="P: both arm.")
_NOISE = typer.Option(0.0, "--noise", help="Implementation error: each move is flipped.")
_PERC = typer.Option(0.0, "--perception", help="Perception error: each player misreads the other.")
_JSON = typer.Option(False, "--json", help="Print JSON.")
_CONT = typer.Option(None, "--continuation",
                     help="Random match length: after each round the match goes on with "
                          "probability W (Axelrod's second tournament: "
                          f"{AXELROD_1984_CONTINUATION}).")



@app.command()
def payoff(
    x: str = typer.Argument(..., help=f"X's strategy: {STRATEGY_HELP}."),
    y: str = typer.Argument(..., help="Y's strategy (same forms)."),
    noise: float = _NOISE,
    perception: float = _PERC,
    turns: int | None = typer.Option(None, "--turns", help="Finite horizon of N rounds."),
    discount: float | None = typer.Option(None, "--discount", help="Discount factor, 0 <= d < 1."),
    continuation: float | None = _CONT,
    reward: float = _R, sucker: float = _S, temptation: float = _T, punishment: float = _P,
    as_json: bool = _JSON,
) -> None:
    """Exact expected per-round payoffs of X against Y under noise."""
    payoffs = Payoffs(reward, sucker, temptation, punishment)
    nz = Noise(noise, perception)
    sx, sy = strategy_from_spec(x, payoffs), strategy_from_spec(y, payoffs)
    if sum(v is not None for v in (turns, discount, continuation)) > 1:
        raise HerzInputError("more than one of --turns, --discount, --continuation given",
                             field="--turns/--discount/--continuation",
                             allowed="at most one of them")
    if continuation is not None:
        value = geometric_payoffs(sx, sy, continuation, payoffs, nz)
        horizon = (f"random length, continuation {continuation} "
                   f"(mean {expected_length(continuation):.1f} rounds)")
    elif turns is not None:
        value, horizon = finite_horizon_payoffs(sx, sy, turns, payoffs, nz), f"{turns} rounds"
    elif discount is not None:
        value, horizon = discounted_payoffs(sx, sy, discount, payoffs, nz), f"discount {discount}"
    else:
        value, horizon = long_run_payoffs(sx, sy, payoffs, nz), "long run"
    if as_json:
        echo_json({"herz_version": __version__, "x": x, "y": y, "payoffs": vars(payoffs),
               "noise": vars(nz), "horizon": horizon,
               "payoff_x": value.payoff_x, "payoff_y": value.payoff_y,
               "cooperation_x": value.cooperation_x, "cooperation_y": value.cooperation_y,
               "outcomes": dict(zip(("CC", "CD", "DC", "DD"), value.outcomes, strict=True))})
        return
    typer.echo(f"{sx.name} (X) vs {sy.name} (Y), {horizon}; implementation noise {noise}, "
               f"perception noise {perception}; R,S,T,P = {reward:g},{sucker:g},{temptation:g},"
               f"{punishment:g}")
    typer.echo(f"  payoff per round:  X {value.payoff_x:.6f}   Y {value.payoff_y:.6f}")
    typer.echo(f"  cooperation rate:  X {value.cooperation_x:.6f}   Y {value.cooperation_y:.6f}")
    typer.echo("  outcomes (X,Y):    " + "  ".join(
        f"{k} {v:.4f}" for k, v in zip(("CC", "CD", "DC", "DD"), value.outcomes, strict=True)))


@app.command("tournament")
def tournament_cmd(
    strategies: str | None = typer.Option(
        None, "--strategies",
        help=f"Comma-separated: {STRATEGY_HELP} (use ; between strategies that take "
             "parameters). Default: the field named by --field."),
    field: str = typer.Option("default", "--field",
                              help="A named field: " + ", ".join(
                                  f"{k} ({', '.join(v)})" for k, v in FIELDS.items()) + "."),
    noise: float = typer.Option(DEFAULT_TOURNAMENT_NOISE, "--noise",
                                help="Implementation error: each move is flipped (default 0.01, "
                                     "Wu & Axelrod's 1%; 0 for a noiseless tournament)."),
    perception: float = _PERC,
    turns: int = typer.Option(200, "--turns", help="Rounds per match (fixed length)."),
    continuation: float | None = _CONT,
    repetitions: int = typer.Option(20, "--repetitions", help="Repetitions of each match."),
    seed: int = typer.Option(0, "--seed", help="Seed of the simulation (printed)."),
    exact: bool = typer.Option(False, "--exact", help="Expected payoffs, no simulation."),
    ecological: int = typer.Option(0, "--ecological",
                                   help="Also run N generations of Axelrod's ecological "
                                        "analysis on the payoff matrix."),
    reward: float = _R, sucker: float = _S, temptation: float = _T, punishment: float = _P,
    as_json: bool = _JSON,
) -> None:
    """A round robin (self-play included), simulated with numpy or computed exactly.

    The defaults are reproducible: seed 0 and 1% implementation noise, so the same command prints
    the same numbers.
    """
    payoffs = Payoffs(reward, sucker, temptation, punishment)
    nz = Noise(noise, perception)
    if strategies is None:
        if field not in FIELDS:
            raise HerzInputError(f"{field!r}", field="--field", allowed=", ".join(FIELDS))
        specs = list(FIELDS[field])
    else:
        sep = ";" if ";" in strategies else ","
        specs = [s for s in (t.strip() for t in strategies.split(sep)) if s]
    players = [strategy_from_spec(s, payoffs) for s in specs]
    names = [p.name for p in players]
    if exact:
        matrix = exact_tournament(players, payoffs, nz,
                                  None if continuation is not None else turns, continuation)
        scores, errors, used_seed = matrix.mean(axis=1), np.zeros(len(players)), None
    else:
        used_seed = seed
        result = tournament(players, turns, repetitions, payoffs, nz, used_seed, continuation)
        matrix, scores, errors = (result.payoff_matrix, result.mean_scores,
                                  result.score_standard_errors)
    order = np.argsort(-scores, kind="stable")
    shares = ecological_simulation(matrix, ecological)[-1] if ecological > 0 else None
    if as_json:
        echo_json({"herz_version": __version__, "strategies": specs, "names": names,
               "payoffs": vars(payoffs), "noise": vars(nz),
               "turns": None if continuation is not None else turns,
               "continuation": continuation,
               "repetitions": None if exact else repetitions, "seed": used_seed,
               "exact": exact, "payoff_matrix": matrix.tolist(), "scores": scores.tolist(),
               "score_standard_errors": errors.tolist(),
               "ranking": [names[i] for i in order],
               "ecological": None if shares is None else {
                   "generations": ecological, "shares": dict(zip(names, shares.tolist(),
                                                                 strict=True))}})
        return
    how = "exact expectation" if exact else f"{repetitions} repetitions, seed {used_seed}"
    length = (f"random length, continuation {continuation} (mean "
              f"{expected_length(continuation):.1f}, median {median_length(continuation)} rounds)"
              if continuation is not None else f"{turns} rounds")
    typer.echo(f"Round robin: {length}, {how}; implementation noise {noise}, "
               f"perception noise {perception}")
    width = max(len(n) for n in names)
    for rank, i in enumerate(order, start=1):
        typer.echo(f"  {rank:>2}. {names[i]:<{width}}  score {scores[i]:.4f}"
                   + ("" if exact else f"  ± {errors[i]:.4f} (s.e.)"))
    typer.echo("Payoff matrix (row against column):")
    typer.echo(" " * (width + 2) + " ".join(f"{n[:9]:>9}" for n in names))
    for i, n in enumerate(names):
        typer.echo(f"  {n:<{width}}" + " ".join(f"{v:9.3f}" for v in matrix[i]))
    if shares is not None:
        typer.echo(f"Ecological analysis, shares after {ecological} generations:")
        for i in np.argsort(-shares, kind="stable"):
            typer.echo(f"  {names[i]:<{width}}  {shares[i]:.4f}")


@app.command("gtft-generosity")
def gtft_generosity_cmd(
    reward: float = _R, sucker: float = _S, temptation: float = _T, punishment: float = _P,
    as_json: bool = _JSON,
) -> None:
    """Nowak & Sigmund's (1992) generosity of generous tit-for-tat for these payoffs."""
    payoffs = Payoffs(reward, sucker, temptation, punishment)
    q = gtft_generosity(payoffs)
    if as_json:
        echo_json({"herz_version": __version__, "payoffs": vars(payoffs), "generosity": q})
        return
    typer.echo(f"GTFT generosity q = min(1 - (T-R)/(R-S), (R-P)/(T-P)) = {q:.6f}")


@app.command("axelrod-tournament")
def axelrod_tournament_cmd(
    which: str = typer.Option("first", "--which", help="first (Axelrod 1980a) or second "
                              "(1980b, the 28 entries the axelrod package implements)."),
    repetitions: int = typer.Option(5, "--repetitions", help="Games per pair."),
    seed: int = typer.Option(0, "--seed", help="Seed of the simulation."),
    as_json: bool = _JSON,
) -> None:
    """Replay Axelrod's tournament with the axelrod package's entries (needs the oracle extra).

    Prints the reproduced order next to the published rank (as the package documents it).
    """
    import importlib.util

    if importlib.util.find_spec("axelrod") is None:
        typer.echo("error: the axelrod package is missing; install herz[oracle] "
                   "(axelrod==4.13.1)", err=True)
        raise typer.Exit(2)
    from herz.models.axelrod_tournaments import play

    rows = play(which, repetitions=repetitions, seed=seed)
    if as_json:
        echo_json({"herz_version": __version__, "which": which, "repetitions": repetitions,
                   "seed": seed, "rows": [dataclasses.asdict(r) for r in rows]})
        return
    typer.echo(f"Axelrod's {which} tournament replayed ({len(rows)} entries, "
               f"{repetitions} games per pair, seed {seed}); score = median points per move")
    typer.echo("  rank  published  score  entry")
    for r in rows:
        pub = "-" if r.published_rank is None else str(r.published_rank)
        typer.echo(f"  {r.rank:>4}  {pub:>9}  {r.score:.3f}  {r.name}")
