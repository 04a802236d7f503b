"""``herz model jervis``: the security dilemma as a 2x2 game (Jervis 1978)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import typer

from herz.cli.output import echo_json
from herz.models import jervis as jm

app = typer.Typer(
    help="Jervis (1978): classify 2x2 security games, trust and discount thresholds, "
         "the four worlds.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_R = typer.Option(..., "--R", help="Payoff of mutual cooperation (CC).")
_S = typer.Option(..., "--S", help="Sucker's payoff: I cooperate, the other defects (CD).")
_T = typer.Option(..., "--T", help="Temptation: I defect, the other cooperates (DC).")
_P = typer.Option(..., "--P", help="Payoff of mutual defection (DD).")
_JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


def _fmt(value: float | None, none: str = "none (no discount factor below 1)") -> str:
    return none if value is None else f"{value:.6g}"


_NEVER = "none (C is a best response to no belief)"


def _thresholds(game: jm.Game2x2) -> dict[str, float | None]:
    R, S, _, P = game.rstp  # noqa: N806
    out: dict[str, float | None] = {"trust_threshold": jm.trust_threshold(game)}
    out["grim_trigger_delta"] = jm.grim_trigger_threshold(game) if R > P else None
    out["tit_for_tat_delta"] = jm.tit_for_tat_threshold(game) if R > P and R > S else None
    return out


def _describe(game: jm.Game2x2) -> dict[str, Any]:
    return {
        "payoffs": dict(zip(("R", "S", "T", "P"), game.rstp, strict=True)),
        "class": jm.classify(game), "ranking": jm.ranking(*game.rstp),
        "equilibria": [asdict(e) for e in jm.equilibria(game)], **_thresholds(game),
    }


def _echo(info: dict[str, Any]) -> None:
    pay = info["payoffs"]
    typer.echo(f"payoffs             R={pay['R']:g} S={pay['S']:g} T={pay['T']:g} P={pay['P']:g}")
    typer.echo(f"game                {info['class'].replace('_', ' ')} ({info['ranking']})")
    for e in info["equilibria"]:
        typer.echo(f"equilibrium ({e['kind']:<5})  P(row C) = {e['p_row_c']:.4g}, "
                   f"P(col C) = {e['p_col_c']:.4g}, payoffs {e['payoff_row']:.4g}, "
                   f"{e['payoff_col']:.4g}")
    typer.echo(f"trust threshold     {_fmt(info['trust_threshold'], _NEVER)}")
    typer.echo(f"grim trigger delta  {_fmt(info['grim_trigger_delta'])}")
    typer.echo(f"tit for tat delta   {_fmt(info['tit_for_tat_delta'])}")


@app.command()
def classify(
    R: float = _R, S: float = _S, T: float = _T, P: float = _P,  # noqa: N803
    as_json: bool = _JSON,
) -> None:
    """Classify a symmetric game by the row player's ranking; equilibria and thresholds."""
    info = _describe(jm.Game2x2.symmetric(R, S, T, P))
    if as_json:
        echo_json(info)
    else:
        _echo(info)


@app.command()
def threshold(
    R: float = _R, S: float = _S, T: float = _T, P: float = _P,  # noqa: N803
    delta: float = typer.Option(None, "--delta", help="Discount factor to test, in [0, 1]."),
    as_json: bool = _JSON,
) -> None:
    """Trust threshold (one shot) and discount thresholds (grim trigger, tit for tat)."""
    game = jm.Game2x2.symmetric(R, S, T, P)
    info: dict[str, Any] = dict(_thresholds(game))
    if game.rstp[0] <= game.rstp[3]:
        info["note"] = "R <= P: mutual cooperation is not worth sustaining"
    if delta is not None:
        for name, key in (("grim", "grim_trigger_delta"), ("tft", "tit_for_tat_delta")):
            info[f"sustained_{name}"] = (info[key] is not None
                                         and jm.sustains_cooperation(game, delta, name))  # type: ignore[arg-type]
        info["delta"] = delta
    if as_json:
        echo_json(info)
        return
    typer.echo(f"trust threshold     {_fmt(info['trust_threshold'], _NEVER)}")
    typer.echo(f"grim trigger delta  {_fmt(info['grim_trigger_delta'])}")
    typer.echo(f"tit for tat delta   {_fmt(info['tit_for_tat_delta'])}")
    if "note" in info:
        typer.echo(f"note                {info['note']}")
    if delta is not None:
        typer.echo(f"at delta = {delta:g}: grim sustains cooperation: {info['sustained_grim']}; "
                   f"tit for tat: {info['sustained_tft']}")


@app.command()
def game(
    offense: float = typer.Option(..., "--offense", help="Offense advantage o in [0, 1]."),
    distinguishability: float = typer.Option(..., "--distinguishability",
                                             help="Distinguishability d in [0, 1]."),
    gain: float = typer.Option(1.0, "--gain", help="Exploitation gain g > 0."),
    cost: float = typer.Option(0.25, "--cost", help="Cost c > 0 of an offensive posture."),
    loss: float = typer.Option(1.0, "--loss", help="Loss l > 0 of being exploited."),
    base_loss: float = typer.Option(0.25, "--base-loss", help="Base loss l0 > 0."),
    as_json: bool = _JSON,
) -> None:
    """herz's offense-defense payoff family at (o, d): payoffs, class and thresholds."""
    params = jm.JervisParams(offense, distinguishability, gain, cost, loss, base_loss)
    info = _describe(jm.jervis_game(params))
    w = jm.world(offense, distinguishability, gain=gain, cost=cost, loss=loss,
                 base_loss=base_loss)
    info["effective_offense"] = params.effective_offense
    info["world"] = {"number": w.number, "label": w.label}
    if as_json:
        echo_json(info)
        return
    typer.echo(f"Jervis world        {w.number}: {w.label}")
    typer.echo(f"effective offense   e = o (1 - d) = {params.effective_offense:.6g}")
    _echo(info)


@app.command("four-worlds")
def four_worlds(
    low: float = typer.Option(0.2, "--low", help="Representative 'low' value of o and d."),
    high: float = typer.Option(0.8, "--high", help="Representative 'high' value of o and d."),
    gain: float = typer.Option(1.0, "--gain", help="Exploitation gain g > 0."),
    cost: float = typer.Option(0.25, "--cost", help="Cost c > 0 of an offensive posture."),
    loss: float = typer.Option(1.0, "--loss", help="Loss l > 0 of being exploited."),
    base_loss: float = typer.Option(0.25, "--base-loss", help="Base loss l0 > 0."),
    as_json: bool = _JSON,
) -> None:
    """Jervis's four worlds and herz's game in each (offense/defense x distinguishable)."""
    worlds = jm.four_worlds(low=low, high=high, gain=gain, cost=cost, loss=loss,
                            base_loss=base_loss)
    if as_json:
        echo_json([asdict(w) for w in worlds])
        return
    header = ("world", "advantage", "postures", "Jervis's label", "game", "trust", "grim delta")
    rows = [header] + [
        (str(w.number), "offense" if w.offense_advantage else "defense",
         "distinguishable" if w.distinguishable else "indistinguishable", w.label,
         w.game_class.replace("_", " "),
         "none" if w.trust_threshold is None else f"{w.trust_threshold:.3g}",
         "none" if w.grim_threshold is None else f"{w.grim_threshold:.3g}")
        for w in worlds
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    for r in rows:
        typer.echo("  ".join(c.ljust(wd) for c, wd in zip(r, widths, strict=True)).rstrip())
