"""``herz model intriligator-brito``: deterrence regions of the missile plane, races across them."""

from __future__ import annotations

import numpy as np
import typer

from herz.cli.output import echo_json
from herz.errors import HerzInputError
from herz.models import intriligator_brito as ib

app = typer.Typer(
    help="Intriligator and Brito (1984): deterrence, war initiation and missile races.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_SYMBOL = {"mutual deterrence": "D", "A may initiate": "a", "B may initiate": "b",
           "both may initiate": "W", "deterrence incomplete": "."}


def _params(f_a: float, f_b: float, v_a: float, v_b: float, cbar_a: float, cbar_b: float,
            cstar_a: float, cstar_b: float) -> ib.Deterrence:
    return ib.Deterrence(f_a=f_a, f_b=f_b, v_a=v_a, v_b=v_b, unacceptable_a=cbar_a,
                         unacceptable_b=cbar_b, acceptable_a=cstar_a, acceptable_b=cstar_b)


F_A = typer.Option(0.5, "--f-a", help="B's missiles destroyed per A missile.")
F_B = typer.Option(0.5, "--f-b", help="A's missiles destroyed per B missile.")
V_A = typer.Option(1.0, "--v-a", help="Casualties on B per arriving A missile.")
V_B = typer.Option(1.0, "--v-b", help="Casualties on A per arriving B missile.")
CBAR_A = typer.Option(100.0, "--unacceptable-a", help="Casualties that deter A.")
CBAR_B = typer.Option(100.0, "--unacceptable-b", help="Casualties that deter B.")
CSTAR_A = typer.Option(20.0, "--acceptable-a", help="Casualties A accepts in a war it starts.")
CSTAR_B = typer.Option(20.0, "--acceptable-b", help="Casualties B accepts in a war it starts.")
JSON = typer.Option(False, "--json", help="Print JSON.")


@app.command()
def classify(
    m_a: float = typer.Option(..., "--m-a", help="A's missiles."),
    m_b: float = typer.Option(..., "--m-b", help="B's missiles."),
    f_a: float = F_A, f_b: float = F_B, v_a: float = V_A, v_b: float = V_B,
    unacceptable_a: float = CBAR_A, unacceptable_b: float = CBAR_B,
    acceptable_a: float = CSTAR_A, acceptable_b: float = CSTAR_B, as_json: bool = JSON,
) -> None:
    """Which region of the missile plane the point (M_A, M_B) lies in."""
    p = _params(f_a, f_b, v_a, v_b, unacceptable_a, unacceptable_b, acceptable_a, acceptable_b)
    c = ib.classify(m_a, m_b, p)
    if as_json:
        echo_json({"m_a": m_a, "m_b": m_b, "region": c.region,
                               "a_deterred": c.a_deterred, "a_may_initiate": c.a_may_initiate,
                               "b_deterred": c.b_deterred, "b_may_initiate": c.b_may_initiate})
        return
    typer.echo(f"(M_A, M_B) = ({m_a:g}, {m_b:g}): {c.region}")
    typer.echo(f"  A deterred: {c.a_deterred}   A may initiate: {c.a_may_initiate}")
    typer.echo(f"  B deterred: {c.b_deterred}   B may initiate: {c.b_may_initiate}")


@app.command()
def regions(
    max_m: float = typer.Option(400.0, "--max", help="Largest stock shown on each axis."),
    size: int = typer.Option(40, help="Characters per axis in the map."),
    f_a: float = F_A, f_b: float = F_B, v_a: float = V_A, v_b: float = V_B,
    unacceptable_a: float = CBAR_A, unacceptable_b: float = CBAR_B,
    acceptable_a: float = CSTAR_A, acceptable_b: float = CSTAR_B, as_json: bool = JSON,
) -> None:
    """The four boundary lines, the cone's vertex and a map of the (M_A, M_B) plane."""
    p = _params(f_a, f_b, v_a, v_b, unacceptable_a, unacceptable_b, acceptable_a, acceptable_b)
    if not max_m > 0 or size < 2:
        raise HerzInputError("must be positive (max) and at least 2 (size)",
                                field="--max/--size", allowed="max > 0, size >= 2")
    lines = {
        "B deters A": f"M_B >= {p.deter_need_b:g} + {p.f_a:g} M_A",
        "A may initiate": f"M_B <= {p.acceptable_a / p.v_b:g} + {p.f_a:g} M_A",
        "A deters B": f"M_A >= {p.deter_need_a:g} + {p.f_b:g} M_B",
        "B may initiate": f"M_A <= {p.acceptable_b / p.v_a:g} + {p.f_b:g} M_B",
    }
    vertex = ib.cone_vertex(p) if p.cone_exists else None
    axis = np.linspace(0.0, max_m, size)
    grid_a, grid_b = np.meshgrid(axis, axis[::-1])
    codes = ib.region_codes(grid_a, grid_b, p)
    if as_json:
        echo_json({"lines": lines, "cone_exists": p.cone_exists,
                               "cone_vertex": vertex, "axis": axis.tolist(),
                               "regions": list(ib.REGIONS),
                               "codes_rows_top_to_bottom": codes.tolist()})
        return
    for name, text in lines.items():
        typer.echo(f"{name:15s} {text}")
    typer.echo("cone vertex     " + (f"({vertex[0]:.1f}, {vertex[1]:.1f})" if vertex
                                     else "none: f_A f_B >= 1, the lines do not diverge"))
    typer.echo(f"\nM_B up to {max_m:g} (rows), M_A up to {max_m:g} (columns)")
    for row in codes:
        typer.echo("  " + "".join(_SYMBOL[ib.REGIONS[c]] for c in row))
    typer.echo("  " + "  ".join(f"{s}={name}" for name, s in _SYMBOL.items()))


@app.command()
def race(
    m_a0: float = typer.Option(5.0, "--m-a0", help="A's initial missiles."),
    m_b0: float = typer.Option(40.0, "--m-b0", help="B's initial missiles."),
    years: float = typer.Option(20.0, help="Years simulated."),
    rate_a: float = typer.Option(0.5, help="Share of A's deterrence gap closed per year."),
    rate_b: float = typer.Option(0.5, help="Share of B's deterrence gap closed per year."),
    margin: float = typer.Option(0.2, help="Safety margin over the deterrence requirement."),
    f_a: float = F_A, f_b: float = F_B, v_a: float = V_A, v_b: float = V_B,
    unacceptable_a: float = CBAR_A, unacceptable_b: float = CBAR_B,
    acceptable_a: float = CSTAR_A, acceptable_b: float = CSTAR_B, as_json: bool = JSON,
) -> None:
    """A strategic (Richardson-type) missile race and the regions it passes through."""
    p = _params(f_a, f_b, v_a, v_b, unacceptable_a, unacceptable_b, acceptable_a, acceptable_b)
    if not years > 0:
        raise HerzInputError(f"{years!r} is not positive", field="--years", allowed="> 0")
    r = ib.deterrence_race(p, rate_a, rate_b, margin)
    traj = ib.simulate_race(r, (m_a0, m_b0), np.linspace(0.0, years, 100 * int(years) + 1), p)
    eq = r.equilibrium()
    if as_json:
        echo_json({"race": r.__dict__, "equilibrium": eq, "stable": r.stable,
                               "visits": traj.visits(),
                               "final": [float(traj.m_a[-1]), float(traj.m_b[-1])]})
        return
    typer.echo(f"dM_A/dt = {r.k_a:g} M_B - {r.a_a:g} M_A + {r.g_a:g}")
    typer.echo(f"dM_B/dt = {r.k_b:g} M_A - {r.a_b:g} M_B + {r.g_b:g}")
    typer.echo(f"equilibrium ({eq[0]:.1f}, {eq[1]:.1f}), {'stable' if r.stable else 'unstable'}")
    for t, name in traj.visits():
        i = int(np.searchsorted(traj.t, t))
        typer.echo(f"  year {t:6.2f}  ({traj.m_a[i]:7.1f}, {traj.m_b[i]:7.1f})  {name}")
    typer.echo(f"  year {traj.t[-1]:6.2f}  ({traj.m_a[-1]:7.1f}, {traj.m_b[-1]:7.1f})  "
               f"{traj.region[-1]}")
