"""``herz model iterated``: noisy iterated security games (payoffs, tournaments, generosity)."""

from __future__ import annotations

import numpy as np
import typer

from herz import __version__
from herz.cli.output import echo_json
from herz.errors import HerzInputError
from herz.models.iterated import (
    Noise,
    Payoffs,
    discounted_payoffs,
    exact_tournament,
    finite_horizon_payoffs,
    gtft_generosity,
    long_run_payoffs,
    strategy_from_spec,
    tournament,
)

app = typer.Typer(
    help="Noisy iterated security games: memory-one strategies, exact payoffs, tournaments.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

STRATEGY_HELP = ("tft, gtft, ctft, wsls, grim, alld, allc, gtft:Q, zd:CHI,PHI or "
                 "m1:P_CC,P_CD,P_DC,P_DD[,P_FIRST]")

_R = typer.Option(3.0, "--reward", help="R: both restrain.")
_S = typer.Option(0.0, "--sucker", help="S: restrain while the other arms.")
_T = typer.Option(5.0, "--temptation", help="T: arm while the other restrains.")
_P = typer.Option(1.0, "--punishment", help="P: both arm.")
_NOISE = typer.Option(0.0, "--noise", help="Implementation error: each move is flipped.")
_PERC = typer.Option(0.0, "--perception", help="Perception error: each player misreads the other.")
_JSON = typer.Option(False, "--json", help="Print JSON.")



@app.command()
def payoff(
    x: str = typer.Argument(..., help=f"X's strategy: {STRATEGY_HELP}."),
    y: str = typer.Argument(..., help="Y's strategy (same forms)."),
    noise: float = _NOISE,
    perception: float = _PERC,
    turns: int | None = typer.Option(None, "--turns", help="Finite horizon of N rounds."),
    discount: float | None = typer.Option(None, "--discount", help="Discount factor, 0 <= d < 1."),
    reward: float = _R, sucker: float = _S, temptation: float = _T, punishment: float = _P,
    as_json: bool = _JSON,
) -> None:
    """Exact expected per-round payoffs of X against Y under noise."""
    payoffs = Payoffs(reward, sucker, temptation, punishment)
    nz = Noise(noise, perception)
    sx, sy = strategy_from_spec(x, payoffs), strategy_from_spec(y, payoffs)
    if turns is not None and discount is not None:
        raise HerzInputError("both --turns and --discount given", field="--turns/--discount",
                             allowed="at most one of them")
    if turns is not None:
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
    strategies: str = typer.Option("tft,gtft,ctft,wsls,grim,alld,allc", "--strategies",
                                   help=f"Comma-separated: {STRATEGY_HELP} (use ; between "
                                        "strategies that take parameters)."),
    noise: float = _NOISE,
    perception: float = _PERC,
    turns: int = typer.Option(200, "--turns", help="Rounds per match."),
    repetitions: int = typer.Option(20, "--repetitions", help="Repetitions of each match."),
    seed: int | None = typer.Option(None, "--seed", help="Seed (default: a fresh one, printed)."),
    exact: bool = typer.Option(False, "--exact", help="Expected payoffs, no simulation."),
    reward: float = _R, sucker: float = _S, temptation: float = _T, punishment: float = _P,
    as_json: bool = _JSON,
) -> None:
    """A round robin (self-play included), simulated with numpy or computed exactly."""
    payoffs = Payoffs(reward, sucker, temptation, punishment)
    nz = Noise(noise, perception)
    sep = ";" if ";" in strategies else ","
    specs = [s for s in (t.strip() for t in strategies.split(sep)) if s]
    players = [strategy_from_spec(s, payoffs) for s in specs]
    names = [p.name for p in players]
    if exact:
        matrix = exact_tournament(players, payoffs, nz, turns)
        scores, errors, used_seed = matrix.mean(axis=1), np.zeros(len(players)), None
    else:
        used_seed = seed if seed is not None else int(np.random.default_rng().integers(2**62))
        result = tournament(players, turns, repetitions, payoffs, nz, used_seed)
        matrix, scores, errors = (result.payoff_matrix, result.mean_scores,
                                  result.score_standard_errors)
    order = np.argsort(-scores, kind="stable")
    if as_json:
        echo_json({"herz_version": __version__, "strategies": specs, "names": names,
               "payoffs": vars(payoffs), "noise": vars(nz),
               "turns": turns, "repetitions": None if exact else repetitions, "seed": used_seed,
               "exact": exact, "payoff_matrix": matrix.tolist(), "scores": scores.tolist(),
               "score_standard_errors": errors.tolist(),
               "ranking": [names[i] for i in order]})
        return
    how = "exact expectation" if exact else f"{repetitions} repetitions, seed {used_seed}"
    typer.echo(f"Round robin: {turns} rounds, {how}; implementation noise {noise}, "
               f"perception noise {perception}")
    width = max(len(n) for n in names)
    for rank, i in enumerate(order, start=1):
        typer.echo(f"  {rank:>2}. {names[i]:<{width}}  score {scores[i]:.4f}"
                   + ("" if exact else f"  ± {errors[i]:.4f} (s.e.)"))
    typer.echo("Payoff matrix (row against column):")
    typer.echo(" " * (width + 2) + " ".join(f"{n[:9]:>9}" for n in names))
    for i, n in enumerate(names):
        typer.echo(f"  {n:<{width}}" + " ".join(f"{v:9.3f}" for v in matrix[i]))


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
