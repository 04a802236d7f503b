"""``herz model richardson``: solve, simulate and fit Richardson's arms-race equations."""

from __future__ import annotations

from typing import Any

import typer

from herz.cli.output import echo_json
from herz.errors import HerzInputError
from herz.models import richardson as rm

app = typer.Typer(
    help="Richardson's arms race (Richardson 1960): dx/dt = k y - a x + g, dy/dt = l x - b y + h.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

_K = typer.Option(..., "--k", help="Reaction (defence) coefficient of x to y, >= 0.")
_L = typer.Option(..., "--l", help="Reaction (defence) coefficient of y to x, >= 0.")
_A = typer.Option(..., "--a", help="Fatigue and expense coefficient of x, >= 0.")
_B = typer.Option(..., "--b", help="Fatigue and expense coefficient of y, >= 0.")
_G = typer.Option(0.0, "--g", help="Grievance of x (negative: goodwill).")
_H = typer.Option(0.0, "--h", help="Grievance of y (negative: goodwill).")
_JSON = typer.Option(False, "--json", help="Print JSON instead of text.")


def _params(k: float, l: float, a: float, b: float, g: float, h: float) -> rm.RichardsonParams:  # noqa: E741
    return rm.RichardsonParams(k=k, l=l, a=a, b=b, g=g, h=h)



@app.command()
def solve(
    k: float = _K, l: float = _L, a: float = _A, b: float = _B,  # noqa: E741
    g: float = _G, h: float = _H, as_json: bool = _JSON,
) -> None:
    """Equilibrium, eigenvalues, stability (ab > kl), regime and the yearly map's stability."""
    s = rm.solve(_params(k, l, a, b, g, h))
    if as_json:
        echo_json({
            "params": {"k": k, "l": l, "a": a, "b": b, "g": g, "h": h},
            "equilibrium": list(s.equilibrium), "eigenvalues": list(s.eigenvalues),
            "stable": s.stable, "regime": s.regime,
            "long_run": None if s.long_run is None else list(s.long_run),
            "discrete_spectral_radius": s.discrete_spectral_radius,
            "discrete_stable": s.discrete_stable,
        })
        return
    x, y = s.equilibrium
    typer.echo(f"equilibrium         x* = {x:.6g}, y* = {y:.6g}")
    typer.echo(f"eigenvalues         {s.eigenvalues[0]:.6g}, {s.eigenvalues[1]:.6g}")
    typer.echo(f"ab - kl             {s.params.determinant:.6g} "
               f"({'stable' if s.stable else 'unstable'})")
    typer.echo(f"regime              {s.regime.replace('_', ' ')}")
    if s.long_run is not None:
        typer.echo(f"long run (arms>=0)  x = {s.long_run[0]:.6g}, y = {s.long_run[1]:.6g}")
    typer.echo(f"yearly map          spectral radius of I + A = "
               f"{s.discrete_spectral_radius:.6g} "
               f"({'stable' if s.discrete_stable else 'unstable'})")


@app.command()
def simulate(
    k: float = _K, l: float = _L, a: float = _A, b: float = _B,  # noqa: E741
    g: float = _G, h: float = _H,
    x0: float = typer.Option(0.0, "--x0", help="Initial arms of x."),
    y0: float = typer.Option(0.0, "--y0", help="Initial arms of y."),
    t_end: float = typer.Option(10.0, "--t-end", help="End time (years); whole years for map."),
    points: int = typer.Option(11, "--points", help="Output points (exact and ode)."),
    method: str = typer.Option("exact", "--method",
                               help="exact (matrix exponential), ode (solve_ivp) or map."),
    truncate: bool = typer.Option(False, "--truncate/--no-truncate",
                                  help="Keep arms >= 0 (ode and map only)."),
    as_json: bool = _JSON,
) -> None:
    """A trajectory by the exact solution, numerical integration or the yearly map."""
    p = _params(k, l, a, b, g, h)
    if method == "exact":
        if truncate:
            raise HerzInputError("the exact solution cannot be truncated", field="--truncate",
                                 allowed="--method ode or map")
        if points < 2:
            raise HerzInputError(f"{points}", field="--points", allowed=">= 2")
        traj = rm.solve_exact(p, x0, y0, [t_end * i / (points - 1) for i in range(points)])
    elif method == "ode":
        traj = rm.simulate(p, x0, y0, t_end, n_points=points, truncate=truncate)
    elif method == "map":
        if t_end != int(t_end) or t_end < 0:
            raise HerzInputError(f"{t_end}", field="--t-end", allowed="whole years >= 0")
        traj = rm.iterate_map(p, x0, y0, int(t_end), truncate=truncate)
    else:
        raise HerzInputError(f"{method!r}", field="--method", allowed="exact, ode, map")
    if as_json:
        echo_json({"method": method, "truncate": truncate, "t": traj.t.tolist(),
                    "x": traj.x.tolist(), "y": traj.y.tolist()})
        return
    typer.echo(f"{'t':>10}  {'x':>14}  {'y':>14}")
    for t, x, y in zip(traj.t, traj.x, traj.y, strict=True):
        typer.echo(f"{t:10.4g}  {x:14.6g}  {y:14.6g}")


@app.command()
def fit(
    data: str = typer.Option("prewwi", "--data",
                             help="prewwi (NMC blocs 1900-1913), a SIPRI dyad ("
                                  + ", ".join(rm.DYADS) + "), or a CSV file of your own with "
                                  "the columns " + ", ".join(rm.SERIES_COLUMNS) + " (year, "
                                  "then the two sides' yearly spending in one unit; lines "
                                  "starting with # are comments)."),
    first: int = typer.Option(None, "--first", help="First year (default: 1909 for prewwi)."),
    last: int = typer.Option(None, "--last", help="Last year (default: 1913 for prewwi)."),
    names: str = typer.Option("x,y", "--names",
                              help="The two sides' names, for a CSV file of your own."),
    form: str = typer.Option("sum", "--form", help="sum (Richardson), difference or ls."),
    as_json: bool = _JSON,
) -> None:
    """Estimate Richardson's coefficients from yearly military expenditure: packaged data or
    your own CSV file."""
    if data == "prewwi":
        series = rm.load_prewwi_blocs(first or 1909, last or 1913)
    elif data in rm.DYADS:
        series = rm.load_dyad(data, first, last)
    else:
        sides = [n.strip() for n in names.split(",")]
        if len(sides) != 2 or not all(sides):
            raise HerzInputError(f"{names!r}", field="--names", allowed="two names, e.g. A,B")
        from herz.inputs import exists

        if not exists(data):
            raise HerzInputError("no such file, and no packaged series (prewwi or a SIPRI "
                                 "dyad) of that name",
                                 field="--data", source=data, allowed="prewwi, "
                                 + ", ".join(rm.DYADS) + ", or a CSV file (year, x, y)")
        series = rm.read_series(data, first, last, names=(sides[0], sides[1]))
    header = (f"{series.names[0]} (x) vs {series.names[1]} (y), "
              f"{int(series.years[0])}-{int(series.years[-1])}, {series.unit}")
    result: dict[str, Any]
    if form == "sum":
        s = rm.fit_sum(series)
        result = {"k_minus_a": s.k_minus_a, "k_minus_a_se": s.k_minus_a_se,
                  "g_plus_h": s.g_plus_h, "g_plus_h_se": s.g_plus_h_se,
                  "equilibrium_total": s.equilibrium_total, "r2": s.r2, "n": s.n}
    elif form == "difference":
        d = rm.fit_difference(series)
        result = {"k_plus_a": d.k_plus_a, "k_plus_a_se": d.k_plus_a_se,
                  "g_minus_h": d.g_minus_h, "g_minus_h_se": d.g_minus_h_se,
                  "k": d.k, "a": d.a, "g": d.g, "h": d.h, "r2": d.r2, "n": d.n}
    elif form == "ls":
        f = rm.fit_least_squares(series)
        result = {name: getattr(f, name) for name in (
            "k", "k_se", "l", "l_se", "a", "a_se", "b", "b_se", "g", "g_se", "h", "h_se",
            "r2_x", "r2_y", "n")}
    else:
        raise HerzInputError(f"{form!r}", field="--form", allowed="sum, difference, ls")
    if as_json:
        echo_json({"data": data, "series": header, "form": form, **result})
        return
    typer.echo(header)
    typer.echo(f"form: {form}")
    for name, value in result.items():
        typer.echo(f"  {name:<18} {value:.6g}")
