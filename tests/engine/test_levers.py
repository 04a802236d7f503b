"""Every lever works (Engine 2): each compares two versions of one world that differ only in the
lever, paired by seed (common random numbers), with a one-sided 99.5% bound, or, where the
quantity is deterministic, exactly.

Kind: behavioural (seeded, statistical) and analytic (deterministic quantities).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from engine_support import assert_paired_less, example_data

from herz.engine.perception import perceive
from herz.engine.policy import power
from herz.engine.scenario import apply_overrides, parse_scenario
from herz.engine.simulate import SimulationResult, simulate
from herz.engine.state import initial_state
from herz.engine.war_choice import assess
from herz.engine.world import compile_world

RUNS = 200


def _run(data: dict[str, Any], steps: int, seed: int = 0) -> SimulationResult:
    return simulate(parse_scenario(data), runs=RUNS, steps=steps, rng=seed, keep=RUNS)


def _logit(b: np.ndarray) -> np.ndarray:
    return np.log(b) - np.log1p(-b)


@pytest.mark.parametrize("act", [
    {"action": "alert", "amount": 1.0},
    {"action": "deploy", "target": "Blue", "amount": 1.0},
])
def test_alerts_and_forward_deployment_lower_the_others_security(act: dict[str, Any]) -> None:
    """Red's alert (read as readiness to strike; Sagan 1985) or forward deployment against
    Blue at step 3 lowers Blue's security at step 4."""
    quiet = example_data("spiral")
    acting = example_data("spiral")
    acting["timeline"] = [{"step": 3, "actor": "Red", **act}]
    a, b = _run(quiet, 6), _run(acting, 6)
    assert_paired_less(b.series["security"][:, 4, 0], a.series["security"][:, 4, 0])


def _strategic(**blue: float) -> dict[str, Any]:
    data = example_data("strategic_forces")
    data["actors"][0]["forces"].update(blue)
    return data


def _war_view(data: dict[str, Any], belief: float = 0.5):  # type: ignore[no-untyped-def]
    """Perception and war arithmetic at step 0, without observation noise."""
    w = compile_world(parse_scenario(data))
    st = initial_state(w, np.zeros((1, w.n), dtype=bool))
    st.belief[:] = belief
    st.belief[:, np.arange(w.n), np.arange(w.n)] = 0.0
    z = np.zeros((1, w.n, w.n))
    per = perceive(st.forces, st.belief, st.ally, st.deploy, z, z, w.worst_case, w.cat, w.spec,
                   alert=st.alert)
    war = assess(w, per, st.gdp, st.greedy, st.belief, st.ally, st.deploy,
                 [power(st, w, st.ally)], z, z)
    return per, war


def test_submarines_for_silos_raise_own_deterrent_and_lower_the_rivals_incentive() -> None:
    """Kind: analytic. Blue trades its silos for submarines: its secure second strike rises, and
    Red's first-strike index against Blue (the share of Blue's retaliation Red removes by going
    first) falls to zero; Red's preemptive margin against Blue falls with it."""
    silos, _ = _war_view(_strategic())
    subs_data = _strategic(ssbn=3.0, silo_missiles=0.0)
    subs, subs_war = _war_view(subs_data)
    _, silos_war = _war_view(_strategic())
    assert subs.sss[0, 0, 1] > silos.sss[0, 0, 1]
    assert subs.first_strike[0, 1, 0] < silos.first_strike[0, 1, 0]
    assert subs.first_strike[0, 1, 0] == pytest.approx(0.0, abs=1e-9)
    assert subs_war.preemptive[0, 1, 0] < silos_war.preemptive[0, 1, 0]


@pytest.mark.parametrize("lever", ["counterforce", "strategic_asw", "missile_defense"])
def test_damage_limitation_raises_the_first_strike_incentive(lever: str) -> None:
    """Kind: analytic. Counterforce, strategic ASW and missile defence each raise Blue's
    first-strike index against Red and Blue's margin of striking first in a crisis (Kent &
    Thaler 1989; Schelling 1960 ch. 9): the destabilising side of strategic forces."""
    base_per, base_war = _war_view(_strategic(), belief=0.9)
    per, war = _war_view(_strategic(**{lever: 4.0}), belief=0.9)
    assert per.first_strike[0, 0, 1] > base_per.first_strike[0, 0, 1]
    assert war.preemptive[0, 0, 1] > base_war.preemptive[0, 0, 1]


@pytest.mark.parametrize("offence", [0.2, 0.5, 0.8])
def test_distinguishability_matters_in_every_world(offence: float) -> None:
    """Jervis (1978): whatever the offence-defence balance, defensive forces that can be told
    apart from offensive ones ease the spiral (paired by seed)."""
    def world(d: float) -> dict[str, Any]:
        return apply_overrides(example_data("four_worlds"), [
            f"world.offense_dominance={offence}", f"world.distinguishability={d}"], "four_worlds")

    legible, murky = _run(world(0.9), 30, seed=3), _run(world(0.2), 30, seed=3)
    assert_paired_less(legible.outcomes["spiral"], murky.outcomes["spiral"])


def test_distinguishability_lowers_war_where_offence_dominates() -> None:
    """In the offence-dominant worlds, legible defence lowers the chance of war (paired)."""
    def world(d: float) -> dict[str, Any]:
        return apply_overrides(example_data("four_worlds"), [
            "world.offense_dominance=0.8", f"world.distinguishability={d}"], "four_worlds")

    legible, murky = _run(world(0.9), 40, seed=3), _run(world(0.2), 40, seed=3)
    assert_paired_less(legible.outcomes["war"].astype(float), murky.outcomes["war"].astype(float))


def test_a_caught_cheater_ends_more_suspected() -> None:
    """A greedy Red that cheats is more suspected by Blue where monitoring catches it than where
    nothing is monitored (paired by seed, in log-odds a few steps after the caps bind), and the
    step in which Blue catches it is a jump in suspicion: over that step Blue's log-odds rise
    more than over the same step of the same run unmonitored."""
    from herz.engine.actions import Action

    blind = apply_overrides(example_data("monitoring"),
                            ["actors.Red.motive=greedy", "agreements.0.monitoring=0"], "m")
    watched = apply_overrides(example_data("monitoring"), ["actors.Red.motive=greedy"], "m")
    a, b = _run(blind, 12), _run(watched, 12)
    assert_paired_less(_logit(a.series["belief"][:, 10, 0, 1]),
                       _logit(b.series["belief"][:, 10, 0, 1]))
    ev = b.events
    caught = (ev["code"] == Action.DETECTED_CHEATING) & (ev["actor"] == 1) & (ev["target"] == 0)
    first: dict[int, int] = {}
    for run, step in zip(ev["run"][caught], ev["step"][caught], strict=True):
        first.setdefault(int(run), int(step))
    runs = np.array(sorted(first))
    steps = np.array([first[r] for r in runs])
    assert len(runs) > RUNS / 2

    def jump(res: SimulationResult) -> np.ndarray:
        logit = _logit(res.series["belief"][runs, :, 0, 1])
        return logit[np.arange(len(runs)), steps + 1] - logit[np.arange(len(runs)), steps]

    assert_paired_less(jump(a), jump(b))


def test_a_dove_that_rearms_after_conceding_raises_suspicion() -> None:
    """Re-arming soon after a concession reneges on a costly signal that only a security-seeker
    makes (Kydd 2005, ch. 7). Red concedes half its offence and re-arms at step 5 in both
    worlds; in one it conceded at step 3 (within the forecast window: reneging), in the other
    at step 1 (outside it). Blue suspects the reneging Red more at step 6, paired by seed,
    although its concession is the more recent."""
    def world(conceded_at: int) -> dict[str, Any]:
        data = apply_overrides(example_data("spiral"),
                               ["actors.Blue.empathy=0.5", "actors.Red.empathy=0.5",
                                "actors.Red.policy=passive"], "spiral")
        data["timeline"] = [
            {"step": conceded_at, "actor": "Red", "action": "concession", "amount": 0.5},
            {"step": 5, "actor": "Red", "action": "arm", "force_class": "conventional_offensive",
             "amount": 3.0},
        ]
        return data

    kept_faith, reneged = _run(world(1), 7), _run(world(3), 7)
    assert_paired_less(_logit(kept_faith.series["belief"][:, 6, 0, 1]),
                       _logit(reneged.series["belief"][:, 6, 0, 1]))


def test_the_rules_constants_are_levers_too() -> None:
    """``[world.rule]`` reaches the built-in rule: with a higher belief threshold for sanctions
    the spiral's rivals sanction each other less, so Red's economy ends larger (paired)."""
    def red_gdp(threshold: float) -> np.ndarray:
        data = apply_overrides(example_data("spiral"), [f"world.rule.sanction_belief={threshold}"],
                               "spiral")
        return np.asarray(_run(data, 25).series["gdp"][:, -1, 1])

    assert_paired_less(red_gdp(0.7), red_gdp(0.95))


def _incidents_per_run(data: dict[str, Any], elasticity: float) -> np.ndarray:
    from herz.engine.actions import Action

    data["world"] = {**data.get("world", {}), "incident_rate": 0.1,
                     "incident_militarization": elasticity}
    res = _run(data, 20)
    own = res.events["code"] == int(Action.INCIDENT)
    return np.bincount(res.events["run"][own], minlength=RUNS).astype(float)


def test_militarized_pairs_meet_more_often_and_lightly_armed_ones_less() -> None:
    """The militarization intensity of incidents (Bremer 1992): with elasticity 1 a pair
    spending 15% of GDP each has more incidents than with the factor off, and the spiral's
    two states held to at most 2% of GDP have fewer. Both fail when the factor is ignored."""
    light = example_data("spiral")
    heavy = example_data("spiral")
    for low, high in zip(light["actors"], heavy["actors"], strict=True):
        low["max_budget_share"] = 0.02
        high["min_budget_share"] = 0.15
        high["max_budget_share"] = 0.3
    assert_paired_less(_incidents_per_run(heavy, 0.0), _incidents_per_run(heavy, 1.0))
    assert_paired_less(_incidents_per_run(light, 1.0), _incidents_per_run(light, 0.0))


def test_militarization_intensity_is_the_geometric_mean_of_burdens() -> None:
    """Kind: analytic. ``(sqrt(b_i b_j) / 0.05) ** e``: 1 at the reference burden or with the
    elasticity 0, the product of the burdens (mass action) at elasticity 2."""
    from herz.engine.incidents import REFERENCE_BURDEN, militarization_intensity

    b = np.array([[REFERENCE_BURDEN, 0.2, 0.0125]])
    assert np.allclose(militarization_intensity(b, 0.0), 1.0)
    m = militarization_intensity(b, 1.0)
    assert m[0, 0, 1] == pytest.approx(2.0)  # sqrt(1 * 4)
    assert m[0, 1, 2] == pytest.approx(1.0)  # sqrt(4 * 0.25)
    assert np.allclose(m, m.transpose(0, 2, 1))
    assert militarization_intensity(b, 2.0)[0, 0, 1] == pytest.approx(4.0)
