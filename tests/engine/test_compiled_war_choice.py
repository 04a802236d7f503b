"""The fused war arithmetic equals the numpy reference on real states, to floating tolerance."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from engine import ring_scenario  # noqa: E402
from herz.engine.backend import use_backend  # noqa: E402
from herz.engine.context import observation_sigma  # noqa: E402
from herz.engine.events import EventLog  # noqa: E402
from herz.engine.perception import perceive  # noqa: E402
from herz.engine.policy import power  # noqa: E402
from herz.engine.scenario import load_scenario  # noqa: E402
from herz.engine.state import State, initial_state  # noqa: E402
from herz.engine.step import advance  # noqa: E402
from herz.engine.streams import Stream, normal, run_keys, uniform  # noqa: E402
from herz.engine.war_choice import WarAssessment, assess  # noqa: E402
from herz.engine.world import World, compile_world  # noqa: E402
from herz.examples import example_path  # noqa: E402


def _states(world: World, runs: int, steps: int, seed: int) -> Iterator[tuple[State, np.ndarray]]:
    """The state of ``runs`` runs after each of ``steps`` steps (beliefs, forces and power
    histories as the engine makes them; the same object, advanced in place), with their keys."""
    keys = run_keys(seed, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy)
    for _ in range(steps):
        advance(world, state, keys, np.arange(runs), EventLog(keep=0))
        yield state, keys


def _both(world: World, state: State, keys: np.ndarray) -> tuple[WarAssessment, WarAssessment]:
    n = world.n
    sigma = observation_sigma(world, state)
    ally = state.ally
    per = perceive(state.forces, state.belief, ally, state.deploy, sigma,
                   normal(keys, state.step, Stream.OBSERVE, (n, n)), world.worst_case,
                   world.cat, world.spec, alert=state.alert)
    args = dict(gdp=state.gdp, greedy=state.greedy, belief=state.belief, ally=ally,
                deploy=state.deploy,
                power_history=state.power_history or [power(state, world, ally)],
                sigma=sigma, noise=normal(keys, state.step, Stream.ESTIMATE, (n, n)))
    ref = assess(world, per, **args)  # type: ignore[arg-type]
    with use_backend("numba"):
        got = assess(world, per, **args)  # type: ignore[arg-type]
    return ref, got


@pytest.mark.parametrize("name", ["ring7", "strategic_forces", "preventive_war"])
def test_fused_assessment_equals_numpy(name: str) -> None:
    scenario = (ring_scenario(7, steps=12) if name == "ring7"
                else load_scenario(example_path(name)))
    world = compile_world(scenario)
    shifted = 0
    for state, keys in _states(world, 40, 8, seed=3):
        ref, got = _both(world, state, keys)
        for field in ref.__dataclass_fields__:
            a, b = getattr(ref, field), getattr(got, field)
            assert a.shape == b.shape, field
            np.testing.assert_allclose(b, a, rtol=1e-10, atol=1e-12, err_msg=field)
        shifted += len(state.power_history) > world.spec.forecast_window
    assert shifted  # Powell's projected shift was exercised


def test_lazy_crisis_margins_equal_eager_bit_for_bit() -> None:
    """The fused step leaves the crisis margins to the pairs in a crisis
    (``preemption_pair``); pair by pair they are the numbers of the rounds over every pair."""
    import numba

    from herz.engine.compiled import war_choice as cw

    @numba.njit
    def lazy(gdp, greedy, belief, allies, deploy, now, past, sigma, noise, det, full_det,
             offense, eff_def, observed, weights, par, out, q, work):  # type: ignore[no-untyped-def]
        n = gdp.shape[1]
        for r in range(gdp.shape[0]):
            cw._assess_run(r, gdp, greedy, belief, allies, deploy, now, past, sigma, noise,
                           det, full_det, offense, eff_def, observed, weights, par, out, q,
                           work, True)
            for i in range(n):
                for j in range(i, n):
                    cw.preemption_pair(r, i, j, work, par[13], par[14], par[3], out)

    world = compile_world(load_scenario(example_path("preventive_war")))
    spec, n = world.spec, world.n
    for state, keys in _states(world, 16, 8, seed=5):
        sigma = observation_sigma(world, state)
        per = perceive(state.forces, state.belief, state.ally, state.deploy, sigma,
                       normal(keys, state.step, Stream.OBSERVE, (n, n)), world.worst_case,
                       world.cat, spec, alert=state.alert)
        window = spec.forecast_window
        hist = state.power_history or [power(state, world, state.ally)]
        has_shift = len(hist) > window
        lam = per.lam
        k_att, k_def = cw.cost_scales(lam)
        par = np.array([
            lam, k_att, k_def, spec.greed_premium, spec.war_prize, spec.retaliation_cost,
            spec.war_cost, spec.resolve_uncertainty, spec.hostility_floor, window,
            spec.forecast_horizon, spec.discount,
            cw.first_mover_edge(spec.first_mover_advantage, spec.offense_dominance),
            spec.rationality, spec.war_hazard_max, float(has_shift)])
        c = np.ascontiguousarray
        ins = (c(state.gdp, dtype=float), c(state.greedy, dtype=np.bool_),
               c(state.belief, dtype=float), spec.alliance_commitment * state.ally.astype(float),
               c(state.deploy, dtype=float), c(hist[-1], dtype=float),
               c(hist[-1 - window] if has_shift else hist[-1], dtype=float), c(sigma),
               c(normal(keys, state.step, Stream.ESTIMATE, (n, n))), c(per.deterrence),
               c(per.full_deterrence), c(per.offense), c(per.effective_defense),
               c(per.observed), c(per.weights), par)
        r = state.gdp.shape[0]
        eager, eager_q = np.empty((12, r, n, n)), np.empty((r, n))
        cw._assess_serial(*ins, eager, eager_q, np.empty((9, r, n, n)))
        got, got_q = np.empty((12, r, n, n)), np.empty((r, n))
        lazy(*ins, got, got_q, np.empty((9, r, n, n)))
        np.testing.assert_array_equal(got, eager)
        np.testing.assert_array_equal(got_q, eager_q)
