"""``herz model bargaining``: Fearon's bargaining range and risk-return trade-off, Powell's
commitment problem under shifting power."""

from __future__ import annotations

import numpy as np
import typer

from herz.cli.output import echo_json
from herz.errors import HerzInputError
from herz.models import bargaining as bg

app = typer.Typer(
    help="Fearon (1995) and Powell (2006): bargaining range, risk-return, commitment problem.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

JSON = typer.Option(False, "--json", help="Print the result as JSON.")



@app.command("range")
def range_(
    p: float = typer.Option(..., "--p", help="Probability that A wins a war."),
    c_a: float = typer.Option(..., "--c-a", help="A's cost of war (issue units)."),
    c_b: float = typer.Option(..., "--c-b", help="B's cost of war (issue units)."),
    as_json: bool = JSON,
) -> None:
    """The settlements both states prefer to war: [p - c_A, p + c_B]."""
    r = bg.bargaining_range(p, c_a, c_b)
    if as_json:
        echo_json({"p": r.p, "c_a": r.c_a, "c_b": r.c_b, "low": r.low,
                               "high": r.high, "feasible_low": r.feasible_low,
                               "feasible_high": r.feasible_high, "width": r.width})
        return
    typer.echo(f"Bargaining range (Fearon 1995): x in [{r.low:.4g}, {r.high:.4g}]")
    typer.echo(f"within the issue space [0, 1]: [{r.feasible_low:.4g}, {r.feasible_high:.4g}], "
               f"width {r.width:.4g}")
    typer.echo("Both states prefer any settlement in the range to war.")


@app.command("risk-range")
def risk_range(
    p: float = typer.Option(..., "--p", help="Probability that A wins a war."),
    c_a: float = typer.Option(..., "--c-a", help="A's cost of war (utility units)."),
    c_b: float = typer.Option(..., "--c-b", help="B's cost of war (utility units)."),
    r_a: float = typer.Option(..., "--r-a", help="A's risk exponent r in u(x) = x^r, 0 < r <= 1."),
    r_b: float | None = typer.Option(None, "--r-b", help="B's risk exponent (default: r_A)."),
    as_json: bool = JSON,
) -> None:
    """The bargaining range of risk-averse states (Fearon 1995): wider than [p - c_A, p + c_B]."""
    r = bg.risk_averse_range(p, c_a, c_b, r_a, r_b)
    if as_json:
        echo_json({"p": r.p, "c_a": r.c_a, "c_b": r.c_b, "r_a": r.r_a, "r_b": r.r_b,
                   "low": r.low, "high": r.high, "width": r.width,
                   "risk_neutral_low": r.neutral.feasible_low,
                   "risk_neutral_high": r.neutral.feasible_high, "widening": r.widening})
        return
    typer.echo(f"Bargaining range with u_A = x^{r.r_a:g}, u_B = (1-x)^{r.r_b:g} (Fearon 1995): "
               f"x in [{r.low:.4g}, {r.high:.4g}], width {r.width:.4g}")
    typer.echo(f"risk neutral: [{r.neutral.feasible_low:.4g}, {r.neutral.feasible_high:.4g}]; "
               f"risk aversion widens the range by {r.widening:.4g}")


@app.command("risk-return")
def risk_return(
    p: float = typer.Option(..., "--p", help="Probability that A wins a war."),
    c_a: float = typer.Option(..., "--c-a", help="A's cost of war."),
    c_b_low: float = typer.Option(..., "--c-b-low", help="Lowest possible cost of war for B."),
    c_b_high: float = typer.Option(..., "--c-b-high", help="Highest possible cost for B."),
    numeric: bool = typer.Option(False, "--numeric", help="Also optimise numerically."),
    as_json: bool = JSON,
) -> None:
    """A's optimal take-it-or-leave-it demand when B's cost is uniform on [low, high]."""
    sol = bg.risk_return_uniform(p, c_a, c_b_low, c_b_high)
    rows = [sol]
    if numeric:
        lo, hi = np.asarray(c_b_low, dtype=float), np.asarray(c_b_high, dtype=float)
        rows.append(bg.optimal_offer_numeric(p, c_a, bg.uniform_cost_cdf(lo, hi)))
    if as_json:
        echo_json([{"method": s.method, "offer": s.offer,
                                "war_probability": s.war_probability,
                                "expected_utility_a": s.expected_utility_a} for s in rows])
        return
    for s in rows:
        typer.echo(f"{s.method}: demand x* = {s.offer:.6g}, war probability "
                   f"{s.war_probability:.6g}, A's expected utility {s.expected_utility_a:.6g}")


@app.command("commitment")
def commitment(
    p_now: float = typer.Option(..., "--p-now", help="A's probability of winning now."),
    p_next: float = typer.Option(..., "--p-next", help="A's probability after the shift."),
    c_a: float = typer.Option(..., "--c-a", help="A's cost of war (present value)."),
    c_b: float = typer.Option(..., "--c-b", help="B's cost of war (present value)."),
    delta: float = typer.Option(0.9, "--delta", help="Discount factor, 0 < delta < 1."),
    periods: int = typer.Option(1, "--periods", help="Periods over which the shift happens."),
    proposer: str = typer.Option("declining", "--proposer",
                                 help="Who makes the offers: declining (B) or rising (A)."),
    as_json: bool = JSON,
) -> None:
    """Does the shift of power lead the declining state to preventive war? (Powell 2006)"""
    if proposer not in ("declining", "rising"):
        raise HerzInputError(f"{proposer!r}", field="--proposer", allowed="declining, rising")
    role: bg.Proposer = "declining" if proposer == "declining" else "rising"
    path = bg.linear_shift_path(p_now, p_next, periods)
    sol = bg.solve_commitment_game(path, c_a, c_b, delta, role)
    shift = float(bg.critical_shift(p_now, c_a, c_b, delta, role))
    closed = bool(bg.preventive_war(p_now, p_next, c_a, c_b, delta, role))
    if as_json:
        echo_json({
            "p_path": list(sol.p_path), "proposer": proposer, "war_period": sol.war_period,
            "attacker": sol.attacker, "critical_one_period_shift": shift,
            "closed_form_war_if_shift_in_one_period": closed,
            "value_a": list(sol.value_a), "value_b": list(sol.value_b),
            "share_a": [(x) for x in sol.share_a]})
        return
    typer.echo(f"Power path of A: {', '.join(f'{x:.4g}' for x in sol.p_path)} (then constant)")
    typer.echo(f"Critical one-period shift (closed form): {shift:.6g}; "
               f"the whole shift at once {'would' if closed else 'would not'} cause war")
    if sol.war_period is None:
        typer.echo("Backward induction: peace in every period.")
    else:
        typer.echo(f"Backward induction: war in period {sol.war_period}, started by "
                   f"{sol.attacker}.")
