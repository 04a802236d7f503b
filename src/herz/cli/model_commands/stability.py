"""``herz model stability``: kill probabilities, survivors and the first-strike stability index."""

from __future__ import annotations

import typer

from herz.cli.output import echo_json
from herz.models import stability as st

app = typer.Typer(
    help="Strategic stability: SSPK, counterforce survivors, first-strike stability index.",
    no_args_is_help=True,
    rich_markup_mode=None,
)



@app.command()
def sspk(
    yield_mt: float = typer.Option(..., "--yield-mt", help="Warhead yield, megatons."),
    cep_nmi: float = typer.Option(..., "--cep-nmi", help="Circular error probable, nmi."),
    hardness_psi: float = typer.Option(..., "--hardness-psi", help="Target hardness, psi."),
    reliability: float = typer.Option(1.0, help="Probability the warhead works."),
    intercept: float = typer.Option(0.0, help="Fraction intercepted by a defense."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Lethal radius and single-shot kill probability of one warhead against one target."""
    lr = float(st.lethal_radius(yield_mt, hardness_psi))
    p = float(st.sspk(yield_mt, cep_nmi, hardness_psi))
    pk = float(st.kill_probability(p, reliability, intercept))
    if as_json:
        echo_json({"yield_mt": yield_mt, "cep_nmi": cep_nmi, "hardness_psi": hardness_psi,
                    "reliability": reliability, "intercept": intercept,
                    "lethal_radius_nmi": lr, "sspk": p, "kill_probability": pk})
        return
    typer.echo(f"lethal radius     {lr:.4f} nmi  (2.62 * Y^(1/3) / H^(1/3))")
    typer.echo(f"SSPK              {p:.4f}      (1 - 0.5^((LR/CEP)^2))")
    typer.echo(f"kill probability  {pk:.4f}      (reliability x (1 - intercept) x SSPK)")


@app.command()
def survivors(
    silos: float = typer.Option(500.0, help="Silos attacked."),
    warheads_per_silo: float = typer.Option(2.0, help="Attacking warheads per silo."),
    kill_probability: float = typer.Option(0.7, help="Terminal kill probability per warhead."),
    warheads_per_missile: float = typer.Option(1.0, help="Warheads on each silo missile."),
    slbm_warheads: float = typer.Option(0.0, help="Submarine-launched warheads."),
    at_sea: float = typer.Option(0.6, help="Fraction of SLBM warheads at sea."),
    asw_kill: float = typer.Option(0.0, help="Fraction of at-sea SLBM warheads ASW destroys."),
    bomber_warheads: float = typer.Option(0.0, help="Bomber warheads."),
    alert: float = typer.Option(0.3, help="Fraction of bomber warheads on alert."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Expected warheads that survive a counterforce first strike."""
    s_silos = float(st.silo_survivors(silos, warheads_per_silo * silos, kill_probability))
    s_subs = float(st.submarine_survivors(slbm_warheads, at_sea, asw_kill))
    s_bombers = float(st.bomber_survivors(bomber_warheads, alert))
    silo_warheads = s_silos * warheads_per_missile
    total = silo_warheads + s_subs + s_bombers
    if as_json:
        echo_json({"surviving_silos": s_silos, "surviving_silo_warheads": silo_warheads,
                    "surviving_slbm_warheads": s_subs, "surviving_bomber_warheads": s_bombers,
                    "surviving_warheads": total})
        return
    typer.echo(f"silos surviving           {s_silos:10.1f} of {silos:g}")
    typer.echo(f"silo warheads surviving   {silo_warheads:10.1f}")
    typer.echo(f"SLBM warheads surviving   {s_subs:10.1f}")
    typer.echo(f"bomber warheads surviving {s_bombers:10.1f}")
    typer.echo(f"total surviving warheads  {total:10.1f}")


def _posture(
    silos: float, slbm: float, at_sea: float, cep: float, asw: float, defense: float,
    silo_defense: float,
) -> st.ForcePosture:
    return st.ForcePosture(
        silos=silos, slbm_warheads=slbm, at_sea_fraction=at_sea, icbm_cep_nmi=cep,
        asw_kill=asw, defense_intercept=defense, silo_defense_intercept=silo_defense,
    )


@app.command()
def index(
    silos_a: float = typer.Option(500.0, help="A's silo ICBMs (3 warheads each)."),
    silos_b: float = typer.Option(500.0, help="B's silo ICBMs (3 warheads each)."),
    slbm_a: float = typer.Option(800.0, help="A's SLBM warheads."),
    slbm_b: float = typer.Option(800.0, help="B's SLBM warheads."),
    at_sea_a: float = typer.Option(0.6, help="A's fraction of SLBM warheads at sea."),
    at_sea_b: float = typer.Option(0.6, help="B's fraction of SLBM warheads at sea."),
    cep_a: float = typer.Option(0.1, help="A's ICBM CEP, nmi."),
    cep_b: float = typer.Option(0.1, help="B's ICBM CEP, nmi."),
    asw_a: float = typer.Option(0.0, help="Fraction of B's at-sea SLBMs A's ASW destroys."),
    asw_b: float = typer.Option(0.0, help="Fraction of A's at-sea SLBMs B's ASW destroys."),
    defense_a: float = typer.Option(0.0, help="Fraction of warheads on A's cities intercepted."),
    defense_b: float = typer.Option(0.0, help="Fraction of warheads on B's cities intercepted."),
    silo_defense_a: float = typer.Option(0.0, help="Fraction of warheads on A's silos stopped."),
    silo_defense_b: float = typer.Option(0.0, help="Fraction of warheads on B's silos stopped."),
    k: float = typer.Option(0.5, help="Weight of damage not inflicted in each side's cost."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON."),
) -> None:
    """Kent and Thaler's first-strike stability index for two postures (other fields default)."""
    a = _posture(silos_a, slbm_a, at_sea_a, cep_a, asw_a, defense_a, silo_defense_a)
    b = _posture(silos_b, slbm_b, at_sea_b, cep_b, asw_b, defense_b, silo_defense_b)
    res = st.first_strike_stability(a, b, k=k)
    if as_json:
        def ex(e: st.Exchange) -> dict[str, float]:
            return {name: float(getattr(e, name)) for name in (
                "counterforce_warheads", "defender_survivors", "damage_to_attacker",
                "damage_to_defender", "cost_to_attacker", "cost_to_defender")}

        echo_json({"k": k, "a": a.as_dict(), "b": b.as_dict(), "index": float(res.index),
                    "ratio_a": float(res.ratio_a), "ratio_b": float(res.ratio_b),
                    "a_first": ex(res.a_first), "b_first": ex(res.b_first)})
        return
    for name, e in (("A strikes first", res.a_first), ("B strikes first", res.b_first)):
        typer.echo(f"{name}: counterforce warheads {float(e.counterforce_warheads):.0f}, "
                   f"defender survivors {float(e.defender_survivors):.0f}, "
                   f"damage to attacker {float(e.damage_to_attacker):.3f}, "
                   f"damage to defender {float(e.damage_to_defender):.3f}")
    typer.echo(f"S_A = C_A(first)/C_A(second) = {float(res.ratio_a):.4f}")
    typer.echo(f"S_B = C_B(first)/C_B(second) = {float(res.ratio_b):.4f}")
    typer.echo(f"first-strike stability index  = {float(res.index):.4f}  (1 stable, 0 unstable)")
