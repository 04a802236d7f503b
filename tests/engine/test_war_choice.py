"""War as a bargaining decision: the engine's arithmetic agrees with ``herz.models.bargaining``.

Kinds: analytic (the engine driven with the parameters of a formal-model example gives the
model's answer) and directional (each cost or perception lever moves the margins the way the
theory says, all else equal).
"""

from __future__ import annotations

import numpy as np
import pytest

from herz.engine.perception import perceive
from herz.engine.scenario import parse_scenario
from herz.engine.state import initial_state
from herz.engine.war_choice import WarAssessment, assess, projected_shift, quantal
from herz.engine.world import compile_world
from herz.models.bargaining import critical_shift, preventive_war, risk_return_uniform


def _world(world: dict | None = None, **actor_extra: dict) -> dict:  # type: ignore[type-arg]
    """Two equal states with conventional forces, no noise, a neutral balance."""
    actors = []
    for name in ("Blue", "Red"):
        a = {
            "name": name,
            "gdp": 100.0,
            "forces": {"conventional_offensive": 4.0, "conventional_defensive": 4.0},
        }
        a.update(actor_extra.get(name, {}))
        actors.append(a)
    base = {"offense_dominance": 0.5, "observation_noise": 0.0, "war_cost": 0.2,
            "war_prize": 0.2}
    base.update(world or {})
    return {"name": "pair", "world": base, "actors": actors}


def _assess(data: dict, history: list[np.ndarray] | None = None,  # type: ignore[type-arg]
            belief: float | None = None) -> WarAssessment:
    w = compile_world(parse_scenario(data))
    state = initial_state(w, np.zeros((1, w.n), dtype=bool) | (w.p_greedy[None] > 0.5))
    if belief is not None:
        state.belief[:] = belief
        state.belief[:, [0, 1], [0, 1]] = 0.0
    zeros = np.zeros((1, w.n, w.n))
    per = perceive(state.forces, state.belief, state.ally, state.deploy, zeros, zeros,
                   w.worst_case, w.cat, w.spec)
    power = state.forces @ (w.cat.offense + w.cat.defense)
    return assess(w, per, state.gdp, state.greedy, state.belief, state.ally, state.deploy,
                  history if history is not None else [power], zeros, zeros)


def test_quantal_response_is_a_scaled_logistic() -> None:
    """Kind: analytic. Half the maximum at indifference; a hard threshold as rationality grows."""
    assert quantal(np.array(0.0), 10.0, 0.4) == pytest.approx(0.2)
    assert quantal(np.array(-0.1), 1000.0, 1.0) < 1e-20
    assert quantal(np.array(0.1), 1000.0, 1.0) == pytest.approx(1.0)


@pytest.mark.parametrize("factor", [0.5, 0.9, 1.1, 2.0])
def test_preventive_war_follows_powells_condition(factor: float) -> None:
    """Kind: analytic. The example of ``herz validate`` (p0 = 0.3, c_A = c_B = 0.5,
    delta = 0.9): a rival rising faster than the critical one-period shift of Powell (2006)
    makes the engine's near-rational state fight; a slower one does not.

    Costs in stake units are ``war_cost * kappa / (2 war_prize)`` = 0.2 / 0.4 = 0.5 at a neutral
    balance; the rival's power share is 0.3 now and rises by ``factor`` times the critical shift
    in one step (forecast window and horizon of one step)."""
    p0, cost, delta = 0.3, 0.5, 0.9
    shift = factor * float(critical_shift(p0, cost, cost, delta))
    p1 = p0 + shift
    blue = 1.0
    red_now = blue * p0 / (1 - p0)
    red_next = blue * p1 / (1 - p1)
    red_past = red_now**2 / red_next  # log growth from past to now equals now to next
    history = [np.array([[blue, red_past]]), np.array([[blue, red_now]])]
    data = _world({"discount": delta, "forecast_window": 1, "forecast_horizon": 1,
                   "hostility_floor": 1.0, "rationality": 1000.0, "war_hazard_max": 1.0})
    war = _assess(data, history)
    assert war.preventive[0, 0, 1] == pytest.approx(
        delta * shift / (1 - delta) - (p0 + cost + delta * cost), abs=1e-9)
    fights = quantal(war.preventive, 1000.0, 1.0)[0, 0, 1] > 0.5
    assert fights == bool(preventive_war(p0, p1, cost, cost, delta))
    assert fights == (factor > 1)


def test_projected_shift_ignores_the_observers_own_cuts() -> None:
    """Kind: analytic. Blue cutting its own forces raises Red's share, but Blue does not
    project it: preventive war follows the other's rise, never one's own decline."""
    history = [np.array([[2.0, 1.0]]), np.array([[1.0, 1.0]])]
    shift = projected_shift(history, window=1, horizon=1)
    assert shift[0, 0, 1] == pytest.approx(0.0)  # Blue about Red: its own fall is not counted
    assert shift[0, 1, 0] < 0  # Red about Blue: Blue's decline projected


def test_opportunistic_demand_is_fearons_risk_return_solution() -> None:
    """Kind: analytic. A greedy Blue facing Red's cost of war
    between 0.25 and 0.75 (mean 0.5, ``resolve_uncertainty`` 0.5): the engine's demand and
    war risk are those of ``herz model bargaining risk-return`` with the same numbers."""
    data = _world({"greed_premium": 0.0, "resolve_uncertainty": 0.5, "war_cost": 0.04,
                   "offense_dominance": 0.9}, Blue={"motive": "greedy"})
    war = _assess(data)
    lam = 3.0 ** (2 * 0.9 - 1)  # offence dominance: attacking is cheaper than defending
    c_a = 0.04 * lam**-0.5 / (2 * 0.2)  # no greed premium: the stake is valued at 2 P
    c_b = 0.04 * lam**0.5 / (2 * 0.2)
    p = float(war.victory[0, 0, 1])  # lam * 4.6 offence against 6.4 defence
    model = risk_return_uniform(p, c_a, 0.5 * c_b, 1.5 * c_b)
    assert p == pytest.approx(lam * 4.6 / (lam * 4.6 + 6.4))
    assert war.demand[0, 0, 1] == pytest.approx(model.offer)
    assert war.war_risk[0, 0, 1] == pytest.approx(model.war_probability)
    assert war.war_risk[0, 0, 1] > 0


def test_greed_raises_the_gain_from_pressing_a_demand() -> None:
    """Kind: directional. The same position is worth pressing to a greedy state only."""
    greedy = _assess(_world({"war_cost": 0.05}, Blue={"motive": "greedy"}))
    secure = _assess(_world({"war_cost": 0.05}))
    assert greedy.demand_gain[0, 0, 1] > secure.demand_gain[0, 0, 1]
    assert greedy.status_quo[0, 0] < secure.status_quo[0, 0]


def test_a_secure_second_strike_makes_attack_prohibitive() -> None:
    """Kind: directional. Red's submarines add the expected retaliation to Blue's cost."""
    plain = _assess(_world())
    armed = _assess(_world(Red={"forces": {"conventional_offensive": 4.0,
                                           "conventional_defensive": 4.0, "ssbn": 5.0}}))
    assert armed.cost[0, 0, 1] > plain.cost[0, 0, 1] + 1.0
    assert armed.preemptive[0, 0, 1] < plain.preemptive[0, 0, 1]


def test_offence_dominance_raises_the_value_of_striking_first() -> None:
    """Kind: directional (Jervis 1978; Schelling 1960 ch. 9)."""
    low = _assess(_world({"offense_dominance": 0.2}), belief=0.8)
    high = _assess(_world({"offense_dominance": 0.9}), belief=0.8)
    assert high.preemptive[0, 0, 1] > low.preemptive[0, 0, 1]
    assert high.cost[0, 0, 1] < low.cost[0, 0, 1]


def test_fear_of_the_rival_raises_the_value_of_preempting() -> None:
    """Kind: directional. Reciprocal fear: the more likely Blue thinks Red greedy, the more it
    expects to be struck first, and the better a first strike looks."""
    data = _world({"offense_dominance": 0.9})
    trusting = _assess(data, belief=0.05)
    fearful = _assess(data, belief=0.95)
    assert fearful.preemptive[0, 0, 1] > trusting.preemptive[0, 0, 1]


def test_without_noise_there_is_no_mutual_optimism() -> None:
    """Kind: analytic. Without observation noise the defender sees the attacker's offence at
    least as large as it is (ambiguous defensive forces count as offence), so the two sides'
    chances sum to at most one and the bargaining range is never empty (Fearon 1995)."""
    war = _assess(_world())
    attacker, defender = war.victory[0, 0, 1], 1.0 - war.defending[0, 0, 1]
    assert attacker + defender <= 1.0 + 1e-12
    assert war.optimism[0, 0, 1] <= -(war.cost[0, 0, 1] + war.defense_cost[0, 0, 1]) + 1e-12


def test_noisy_estimates_can_leave_no_bargain() -> None:
    """Kind: directional. An attacker that underestimates the defence believes it wins more
    often than the defender concedes: the margin of mutual optimism rises (Blainey 1973)."""
    data = _world({"observation_noise": 0.0})
    w = compile_world(parse_scenario(data))
    state = initial_state(w, np.zeros((1, 2), dtype=bool))
    zeros = np.zeros((1, 2, 2))
    per = perceive(state.forces, state.belief, state.ally, state.deploy, zeros, zeros,
                   w.worst_case, w.cat, w.spec)
    power = [state.forces @ (w.cat.offense + w.cat.defense)]
    args = (w, per, state.gdp, state.greedy, state.belief, state.ally, state.deploy, power)
    sigma = np.full((1, 2, 2), 0.5)
    exact = assess(*args, sigma, zeros)
    optimistic = assess(*args, sigma, np.full((1, 2, 2), -2.0))  # defence seen too small
    assert optimistic.optimism[0, 0, 1] > exact.optimism[0, 0, 1] + 0.1


def test_a_greedy_state_strikes_in_a_crisis_only_if_war_beats_its_best_bargain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Kind: directional (Fearon 1995). A greedy Blue far stronger than Red would gain from a
    first strike against the status quo, but not against the bargain its best demand brings:
    its crisis gain is below zero. With bargaining switched off (the demand worth nothing)
    the same strike pays."""
    data = _world({"offense_dominance": 0.8, "war_cost": 0.05},
                  Blue={"motive": "greedy", "forces": {"conventional_offensive": 20.0,
                                                       "conventional_defensive": 4.0}})
    bargaining = _assess(data)
    import herz.engine.war_choice as wc

    real = wc.optimal_offer_uniform

    def worthless(*args: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        x, w, u = real(*args)
        return x, w, np.zeros_like(u)

    monkeypatch.setattr(wc, "optimal_offer_uniform", worthless)
    no_bargain = _assess(data)
    assert no_bargain.crisis_gain[0, 0, 1] > 0 > bargaining.crisis_gain[0, 0, 1]
