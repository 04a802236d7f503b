"""``herz model kydd``: minimum trust, Bayesian updating (the spiral) and reassurance."""

from __future__ import annotations

import math

import typer

from herz.cli.output import echo_json
from herz.defaults import DEFAULT_SEED
from herz.errors import HerzInputError, require_probability
from herz.models import kydd
from herz.results.stats import wilson_interval

app = typer.Typer(
    help="Kydd (1997, 2000, 2005): trust thresholds, the Bayesian spiral, costly reassurance.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

JSON = typer.Option(False, "--json", help="Print the result as JSON.")
C = typer.Option(1.0, "--c", help="Sucker's loss from cooperating against defection (> 0).")
T_SECURE = typer.Option(0.5, "--t-secure", help="Security seeker's temptation payoff (< 1).")
T_GREEDY = typer.Option(1.5, "--t-greedy", help="Greedy type's temptation payoff (> 1).")



@app.command()
def threshold(
    c: float = C,
    t_secure: float = T_SECURE,
    t_greedy: float = T_GREEDY,
    q1: float = typer.Option(0.8, "--q1", help="Probability that player 1 is a security seeker."),
    q2: float = typer.Option(0.8, "--q2", help="Probability that player 2 is a security seeker."),
    as_json: bool = JSON,
) -> None:
    """Minimum trust for cooperation and the pure Bayesian equilibria of the game."""
    game = kydd.SecurityDilemmaGame(c, t_secure, t_greedy)
    possible = bool(kydd.cooperation_possible(q1, q2, c, t_secure))
    eqs = kydd.pure_bayesian_equilibria(game, q1, q2)
    if as_json:
        echo_json({
            "minimum_trust": game.threshold, "cooperation_possible": possible,
            "equilibria": [{"player1": list(e.player1), "player2": list(e.player2)}
                           for e in eqs]})
        return
    typer.echo(f"Minimum trust c/(1 - t + c) = {game.threshold:.6g}")
    typer.echo(f"Trust in 1: {q1:.4g}, trust in 2: {q2:.4g}: security seekers "
               f"{'can' if possible else 'cannot'} cooperate in equilibrium")
    typer.echo("Pure Bayesian equilibria (security seeker, greedy):")
    for e in eqs:
        typer.echo(f"  player 1 {e.player1[0]}{e.player1[1]}, player 2 {e.player2[0]}"
                   f"{e.player2[1]}")


@app.command()
def update(
    prior: float = typer.Option(..., "--prior", help="Belief that the other is a security seeker."),
    observed: str = typer.Option(..., "--observed", help="Observed action: C or D."),
    pooling: bool = typer.Option(False, "--pooling",
                                 help="Security seekers defect too (belief below threshold)."),
    noise: float = typer.Option(0.05, "--noise", help="Probability an action is misread."),
    signal: str = typer.Option("none", "--signal", help="Intelligence: none, benign or hostile."),
    accuracy: float = typer.Option(0.5, "--accuracy", help="Reliability of intelligence."),
    as_json: bool = JSON,
) -> None:
    """One Bayesian update of trust from an observed action and an intelligence signal."""
    if observed.upper() not in ("C", "D"):
        raise HerzInputError(f"{observed!r}", field="--observed", allowed="C, D")
    if signal not in ("none", "benign", "hostile"):
        raise HerzInputError(f"{signal!r}", field="--signal", allowed="none, benign, hostile")
    ls, lg = kydd.action_likelihoods(observed.upper() == "C", not pooling, noise)
    after_action = float(kydd.posterior(prior, ls, lg))
    after = after_action
    if signal != "none":
        require_probability(accuracy, "--accuracy")
        hit = accuracy if signal == "benign" else 1 - accuracy
        after = float(kydd.posterior(after_action, hit, 1 - hit))
    if as_json:
        echo_json({"prior": prior, "after_action": after_action,
                               "posterior": after, "likelihood_ratio": (
                                   float(ls / lg) if lg > 0 else math.inf)})
        return
    typer.echo(f"Prior {prior:.6g} -> after the observed action {after_action:.6g} -> "
               f"posterior {after:.6g}")
    if pooling:
        typer.echo("Pooling region: both types defect, so actions carry no information.")


@app.command()
def spiral(
    c: float = C,
    t_secure: float = T_SECURE,
    t_greedy: float = T_GREEDY,
    prior: float = typer.Option(0.8, "--prior", help="Initial trust, each in the other."),
    rounds: int = typer.Option(20, "--rounds", help="Number of rounds."),
    noise: float = typer.Option(0.1, "--noise", help="Probability an action is misread."),
    accuracy: float = typer.Option(0.5, "--accuracy", help="Reliability of intelligence."),
    runs: int = typer.Option(
        200, "--runs", help="Number of runs (the share locked in the spiral is over them)."),
    seed: int = typer.Option(DEFAULT_SEED, "--seed", help="Random seed (printed)."),
    as_json: bool = JSON,
) -> None:
    """Simulate the Bayesian spiral between two security seekers.

    The defaults show the model's point: over 200 runs the mean trust rises, yet misread moves
    (noise 0.1) lock a share of the runs into the spiral although both sides are security
    seekers; a single run (--runs 1) shows only one of these histories.
    """
    game = kydd.SecurityDilemmaGame(c, t_secure, t_greedy)
    path = kydd.simulate_spiral(game, prior, prior, rounds, noise=noise, accuracy=accuracy,
                                n_runs=runs, rng=seed)
    locked = int(path.locked_in.sum()) if rounds else 0
    share = locked / runs
    iv = wilson_interval(locked, runs)
    if as_json:
        echo_json({"seed": seed, "runs": runs, "threshold": game.threshold,
                               "mean_belief_1_in_2": path.belief_1_in_2.mean(axis=1).tolist(),
                               "mean_belief_2_in_1": path.belief_2_in_1.mean(axis=1).tolist(),
                               "locked_in_share": share,
                               "locked_in_share_ci95": [iv.low, iv.high]})
        return
    typer.echo(f"seed {seed}, {runs} runs; minimum trust {game.threshold:.4g}")
    for r in range(rounds + 1):
        typer.echo(f"round {r:3d}: mean trust 1->2 {path.belief_1_in_2[r].mean():.4f}, "
                   f"2->1 {path.belief_2_in_1[r].mean():.4f}")
    typer.echo(f"share of runs locked in the spiral: {share:.4g} [{iv.low:.3g}, {iv.high:.3g}] "
               f"(95% Wilson interval; both sides are security seekers in every run)")


@app.command()
def reassurance(
    prior: float = typer.Option(..., "--prior", help="Receiver's trust in the sender."),
    threshold: float = typer.Option(..., "--threshold", help="Receiver's minimum trust."),
    cost: float = typer.Option(..., "--cost", help="Cost of the reassuring signal."),
    gain_secure: float = typer.Option(..., "--gain-secure",
                                      help="Security seeker's gain from being trusted."),
    gain_greedy: float = typer.Option(..., "--gain-greedy",
                                      help="Greedy type's gain from being trusted."),
    as_json: bool = JSON,
) -> None:
    """Equilibria of the costly-signal reassurance game and the bounds on the signal's cost."""
    g = kydd.ReassuranceGame(prior, threshold, cost, gain_secure, gain_greedy)
    r = kydd.reassurance_equilibria(g)
    if as_json:
        d = {k: ((v) if isinstance(v, float) else v) for k, v in vars(r).items()}
        echo_json(d)
        return
    typer.echo(f"Separating needs {r.cost_lower_bound:.6g} <= cost <= {r.cost_upper_bound:.6g}"
               f": {'yes' if r.separating else 'no'} at cost {cost:.6g}")
    trusted = "trusted" if r.pooling_no_signal_trusted else "not trusted"
    typer.echo(f"Pooling without signal: {trusted}"
               f"{'' if r.pooling_no_signal_intuitive else ' (fails the Intuitive Criterion)'}")
    typer.echo(f"Pooling on the signal: {'yes' if r.pooling_signal else 'no'}")
    if r.semi_separating:
        typer.echo(f"Semi-separating: greedy signals with probability {r.sigma:.4g}, "
                   f"the receiver trusts a signal with probability {r.rho:.4g}")
    else:
        typer.echo("Semi-separating: no")
