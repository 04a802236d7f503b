"""Beliefs that learn (Engine 2): what the issue asks beliefs to show, over seeded runs.

Kind: behavioural (seeded, statistical). Each claim compares two versions of one world that
differ only in the lever, and each has a switched-off counterpart that must fail the claim.
"""

from __future__ import annotations

import numpy as np
from engine_support import assert_less, assert_paired_less, example_data, scenario

from herz.engine.scenario import TimelineEntry, apply_overrides, parse_scenario
from herz.engine.simulate import SimulationResult, simulate

RUNS = 300


def _auc(score: np.ndarray, positive: np.ndarray) -> float:
    """Area under the ROC curve: the chance a positive scores above a negative (ties 1/2)."""
    pos, neg = score[positive], score[~positive]
    greater = (pos[:, None] > neg[None, :]).mean()
    ties = (pos[:, None] == neg[None, :]).mean()
    return float(greater + 0.5 * ties)


def _random_red(*overrides: str, runs: int = RUNS, steps: int = 21) -> SimulationResult:
    """The spiral world with Red greedy in half the runs (drawn per run)."""
    data = example_data("spiral")
    del data["actors"][1]["motive"]
    data = apply_overrides(data, ["actors.Red.p_greedy=0.5", *overrides], source="spiral")
    return simulate(parse_scenario(data), runs=runs, steps=steps, rng=21, keep=runs)


def test_with_empathy_beliefs_track_the_true_type() -> None:
    """With empathy >= 0.5, Blue's belief at step 20 tells a greedy Red from a security-seeker
    (AUC >= 0.8 over runs with a random type); the claim of the Engine 2 issue."""
    res = _random_red("actors.Blue.empathy=0.5", "actors.Red.empathy=0.5")
    red_greedy = res.greedy[:, 1]
    assert 0.3 < red_greedy.mean() < 0.7
    assert _auc(res.series["belief"][:, 20, 0, 1], red_greedy) >= 0.8


def test_low_empathy_biases_beliefs_towards_greed_but_keeps_a_spread() -> None:
    """The transparency illusion: with empathy 0.1 Blue suspects a security-seeking Red more
    than with empathy 0.9, yet beliefs neither pin at the bound nor lose their spread."""
    low = simulate(scenario("spiral"), runs=RUNS, steps=21, rng=22, keep=RUNS)
    high = simulate(scenario("spiral", "actors.Blue.empathy=0.9", "actors.Red.empathy=0.9"),
                    runs=RUNS, steps=21, rng=22, keep=RUNS)
    b_low = low.series["belief"][:, 20, 0, 1]
    assert_less(high.series["belief"][:, 20, 0, 1], b_low)
    assert (b_low > 0.999).mean() < 0.5
    logit = np.log(b_low) - np.log1p(-b_low)
    assert logit.std() > 0.2  # a spread of evidence across runs, in log-odds


def test_without_changes_of_motive_beliefs_pin_at_the_bound() -> None:
    """Switched off: with no switching hazard the same low-empathy spiral sends most runs to
    the numerical bound, as herz 0.1 did; the hazard is what keeps beliefs learning."""
    pinned = simulate(scenario("spiral", "world.type_change=0"), runs=RUNS, steps=21, rng=22,
                      keep=RUNS)
    assert (pinned.series["belief"][:, 20, 0, 1] > 0.999).mean() > 0.5


def test_one_arming_surge_moves_the_belief() -> None:
    """A surge by Red at step 5 (5 GDP units of offensive forces) raises Blue's suspicion the
    step after, paired by seed with the same world without it (herz 0.1's evidence cap let it
    move nothing)."""
    base = scenario("spiral", "actors.Blue.empathy=0.5", "actors.Red.empathy=0.5")
    surge = {"step": 5, "actor": "Red", "action": "arm", "force_class": "conventional_offensive",
             "amount": 5.0}
    quiet = simulate(base, runs=RUNS, steps=8, rng=23, keep=RUNS)
    armed = simulate(base.model_copy(update={"timeline": [TimelineEntry.model_validate(surge)]}),
                     runs=RUNS, steps=8, rng=23, keep=RUNS)
    assert_paired_less(quiet.series["belief"][:, 6, 0, 1], armed.series["belief"][:, 6, 0, 1])


def _cycle(asymmetry: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Steps for Blue's belief about Red to rise past the midpoint between its start and its
    peak after three forward deployments by Red (steps 5, 7, 9, each withdrawn the step after),
    and to fall back below it, in a calm world (defence dominant, legible, empathetic), inside
    the horizon; runs that never cross are dropped."""
    data = apply_overrides(
        example_data("spiral"),
        [f"actors.Blue.trust_asymmetry={asymmetry}", "world.offense_dominance=0.2",
         "world.distinguishability=0.9", "actors.Blue.empathy=0.9", "actors.Red.empathy=0.9"],
        source="spiral",
    )
    data["timeline"] = [
        {"step": s, "actor": "Red", "action": act, "target": "Blue", "amount": 0.5}
        for s0 in (5, 7, 9)
        for s, act in ((s0, "deploy"), (s0 + 1, "withdraw"))
    ]
    res = simulate(parse_scenario(data), runs=RUNS, steps=70, rng=24, keep=RUNS)
    b = res.series["belief"][:, :, 0, 1]
    start = b[:, 5]
    mid = (start + b[:, 5:].max(axis=1)) / 2
    lose, regain = [], []
    for r in range(len(b)):
        peak = 5 + int(b[r, 5:].argmax())
        up = np.flatnonzero(b[r, 5:] > mid[r])
        down = np.flatnonzero(b[r, peak:] < mid[r])
        if len(up) and len(down):
            lose.append(up[0])
            regain.append(down[0])
    return np.array(lose, float), np.array(regain, float), b


def test_trust_is_lost_faster_than_regained_only_with_asymmetry() -> None:
    """With trust asymmetry 3 the belief falls back from its peak more slowly than it rose,
    measured inside the horizon (the type-change hazard lets beliefs come back); paired by
    seed, the same acts leave more distrust ten steps later with asymmetry 3 than with 1
    (negativity bias; Slovic 1993)."""
    lose3, regain3, b3 = _cycle(3.0)
    lose1, regain1, b1 = _cycle(1.0)
    assert len(lose3) > RUNS / 2 and len(lose1) > RUNS / 2
    assert_less(lose3, regain3)
    assert_paired_less(b1[:, 20], b3[:, 20])
