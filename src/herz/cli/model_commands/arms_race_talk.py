"""``herz model arms-race-talk``: Baliga and Sjöström's arms-race game, with and without talk."""

from __future__ import annotations

import numpy as np
import typer

from herz import __version__
from herz.cli.output import echo_json
from herz.models import arms_race_talk as ar

app = typer.Typer(help="Baliga & Sjöström (2004): the fear spiral with private costs of arming, "
                       "and cheap talk that undoes it.",
                  no_args_is_help=True, rich_markup_mode=None)

_MU = typer.Option(0.1, "--mu", help="Gain of building alone.")
_D = typer.Option(1.0, "--d", help="Loss of being out-built (> mu).")
_LO = typer.Option(0.0, "--lo", help="Lowest cost of building.")
_HI = typer.Option(0.9, "--hi", help="Highest cost of building.")
_JSON = typer.Option(False, "--json", help="Print JSON.")


@app.command("solve")
def solve(
    mu: float = _MU, d: float = _D, lo: float = _LO, hi: float = _HI,
    steps: int = typer.Option(10, "--steps", help="Steps of the spiral to print."),
    as_json: bool = _JSON,
) -> None:
    """Threshold equilibria without talk (probability of building) and the spiral."""
    p = ar.ArmsRaceParams(mu, d, lo, hi)
    eqs, sp = ar.equilibria(p), ar.spiral(p, steps)
    if as_json:
        echo_json({"herz_version": __version__, "params": vars(p), "build_probabilities": eqs,
                   "spiral": sp})
        return
    typer.echo(f"Arms race with private costs U[{lo:g}, {hi:g}], mu={mu:g}, d={d:g}")
    typer.echo("  equilibrium build probabilities: " + ", ".join(f"{e:.6g}" for e in eqs))
    typer.echo("  spiral thresholds: " + ", ".join(f"{t:.4f}" for t in sp))


def _mc_worst(eq: ar.TalkEquilibrium, types: int, draws: int, seed: int) -> float:
    """Largest gain of any plan over the prescribed one, in standard errors, over ``types``
    types spread across the support (a seeded Monte Carlo check of the equilibrium)."""
    p, worst = eq.params, -np.inf
    streams = np.random.SeedSequence(seed).spawn(types)
    for c, ss in zip(np.linspace(p.lo, p.hi, types), streams, strict=True):
        mc = ar.monte_carlo_deviations(eq, float(c), draws, np.random.default_rng(ss))
        own = eq.message(float(c))
        base = mc[(own, c <= eq.cutoff[(own, "dove")], c <= eq.cutoff[(own, "hawk")])][0]
        for mean, se in mc.values():
            if se > 0.0:
                worst = max(worst, (mean - base) / se)
    return float(worst)


@app.command("talk")
def talk(
    mu: float = typer.Option(0.05, "--mu", help="Gain of building alone."),
    d: float = _D, lo: float = _LO,
    hi: float = typer.Option(1.0, "--hi", help="Highest cost of building."),
    draws: int = typer.Option(20_000, "--draws", help="Opponents per type in the Monte Carlo "
                              "check (0: skip it)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the Monte Carlo check (printed)."),
    as_json: bool = _JSON,
) -> None:
    """Cheap talk: the dove/hawk/dove equilibria, their arms-race probability, and checks."""
    p = ar.ArmsRaceParams(mu, d, lo, hi)
    eqs = ar.talk_equilibria(p)
    no_talk = ar.no_talk_arms_race_probability(p)
    rows = []
    for eq in eqs:
        audit = ar.talk_audit(eq)
        rows.append({"a": eq.a, "b": eq.b, "hawk_message_share": eq.hawk_message_share,
                     "arm_prob": {f"{m}|{o}": v for (m, o), v in eq.arm_prob.items()},
                     "arms_race_probability": eq.arms_race_probability(),
                     "audit_max_gain": audit.max_gain,
                     "monte_carlo_worst_z": (_mc_worst(eq, 21, draws, seed) if draws > 0
                                             else None)})
    if as_json:
        echo_json({"herz_version": __version__, "params": vars(p), "seed": seed,
                   "draws": draws, "hawk_share": p.hawk_share,
                   "no_talk_arms_race_probability": no_talk, "equilibria": rows})
        return
    typer.echo(f"Cheap talk, costs U[{lo:g}, {hi:g}], mu={mu:g}, d={d:g}; "
               f"hawks (c < mu) {p.hawk_share:.4f}")
    typer.echo(f"  without talk: P(arms race) = {no_talk:.4f}")
    if not eqs:
        typer.echo("  with talk: no dove/hawk/dove equilibrium found (the hawks are too "
                   "common for the pooling profile)")
        return
    for eq, r in zip(eqs, rows, strict=True):
        typer.echo(f"  types in [{eq.a:.4f}, {eq.b:.4f}) announce hawk, the rest dove: "
                   f"P(arms race) = {eq.arms_race_probability():.4f}")
        typer.echo("    chance of building (own message | other's): " + ", ".join(
            f"{m}|{o} {v:.4f}" for (m, o), v in eq.arm_prob.items()))
        mc = ("" if r["monte_carlo_worst_z"] is None else
              f"; Monte Carlo (seed {seed}, {draws} draws x 21 types): best deviation "
              f"{r['monte_carlo_worst_z']:+.2f} s.e.")
        typer.echo(f"    audit: largest gain from switching message {r['audit_max_gain']:.2g}"
                   + mc)
