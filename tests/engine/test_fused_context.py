"""The fused step's opening equals the numpy one (:func:`herz.engine.context.perceive_step`)
on real states, to floating-point tolerance."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from engine import ring_scenario  # noqa: E402
from herz.engine.compiled.agreements import agreement_arrays  # noqa: E402
from herz.engine.compiled.context import context_arrays, context_run, power_run  # noqa: E402
from herz.engine.compiled.war_choice import preemption_pair  # noqa: E402
from herz.engine.context import perceive_step  # noqa: E402
from herz.engine.events import EventLog  # noqa: E402
from herz.engine.state import initial_state  # noqa: E402
from herz.engine.step import advance  # noqa: E402
from herz.engine.streams import Stream, run_keys, uniform  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402

PERCEPTION = ("weights", "observed", "deterrence", "threat", "sss", None, "full_deterrence",
              "victory", "first_strike")
ACTORS = ("offense", "seen_offense", "defense", "effective_defense", "security")
WAR = ("stake", "victory", "defending", "cost", "defense_cost", "demand", "war_risk",
       "demand_gain", "preventive", "preemptive", "crisis_gain", "optimism")


@pytest.mark.parametrize(("n", "steps"), [(2, 3), (6, 9), (12, 2)])
def test_opening_equals_numpy(n: int, steps: int) -> None:
    world = compile_world(ring_scenario(n, steps=20))
    runs = 12
    keys = run_keys(3, runs)
    state = initial_state(world, uniform(keys, 0, Stream.TYPES, (n,)) < world.p_greedy)
    for _ in range(steps):
        advance(world, state, keys, np.arange(runs), EventLog(keep=0))
    ctx = perceive_step(world, state, keys, np.arange(runs), EventLog(keep=0))

    classes, perceive_par, assess_par, actor, unit = context_arrays(world)
    window = world.spec.forecast_window
    hist = state.power_history
    now = hist[-1]
    assess_par[15] = float(len(hist) > window)
    past = hist[-1 - window] if len(hist) > window else now
    r = runs
    a = state.blocs.shape[1]
    assert a > 0 or n < 3  # the ring has named alliances from three actors on
    out = {name: np.zeros(shape, dtype=dtype) for name, shape, dtype in [
        ("ally", (r, n, n), bool), ("free", (r, n, n), bool), ("allies", (r, n, n), float),
        ("sigma", (r, n, n), float), ("noise", (r, n, n), float), ("pa", (8, r, n), float),
        ("pp", (9, r, n, n), float), ("wa", (12, r, n, n), float), ("q", (r, n), float),
        ("work", (9, r, n, n), float), ("main_threat", (r, n), np.int64),
        ("known", (r, n), np.int64), ("replacement", (r, n), float)]}
    for run in range(r):
        context_run(run, state.step, keys, state.forces, state.gdp, state.greedy,
                    state.belief, state.alert, state.deploy, state.bilateral, state.blocs,
                    state.last_hostile, now, past, classes, perceive_par, assess_par, actor,
                    unit, *out.values(), state.in_agreement, agreement_arrays(world)[1])
    # the opening leaves the crisis margins to the pairs in a crisis: none computed yet
    assert np.isnan(out["wa"][9:11]).all()
    for run in range(r):
        for i in range(n):
            for j in range(i, n):
                preemption_pair(run, i, j, out["work"], world.spec.rationality,
                                world.spec.war_hazard_max, world.spec.greed_premium, out["wa"])
    close = dict(rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(out["ally"], ctx.ally)
    np.testing.assert_array_equal(out["free"], ctx.free)
    np.testing.assert_allclose(out["sigma"], ctx.sigma, **close)
    for row, name in enumerate(ACTORS):
        np.testing.assert_allclose(out["pa"][row], getattr(ctx.perception, name), **close)
    for row, name in enumerate(PERCEPTION):
        if name is not None:
            np.testing.assert_allclose(out["pp"][row], getattr(ctx.perception, name), **close)
    for row, name in enumerate(WAR):
        np.testing.assert_allclose(out["wa"][row], getattr(ctx.war, name), **close,
                                   err_msg=name)
    np.testing.assert_allclose(out["q"], ctx.war.status_quo, **close)
    np.testing.assert_array_equal(out["main_threat"], ctx.main_threat)
    np.testing.assert_array_equal(out["known"], ctx.known_escalation)
    np.testing.assert_allclose(out["replacement"], ctx.replacement, **close)
    # the first step's forecast reads the power of the state itself
    powers = np.zeros((r, n))
    for run in range(r):
        power_run(run, state.forces, ctx.ally, classes[0] + classes[2],
                  world.spec.alliance_commitment, powers)
    from herz.engine.policy import power

    np.testing.assert_allclose(powers, power(state, world, ctx.ally), **close)
