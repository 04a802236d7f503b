"""The close of a step over blocks of runs (:mod:`herz.engine.compiled.lanes.closing`) gives the
run-first kernel's numbers (the end of ``conflict_run``) on the fused step's states.

Kind (b) of the house's reproduction tests: the run-first kernel is the reference, every array
bit for bit (the run-first belief update takes :mod:`herz.engine.compiled.libm`'s functions
too, so the beliefs are equal, not only close). The states are a hot ring's, some steps in,
with what the phases before the close would leave spread over the runs so that every branch
fires: scripted and other wars, demands pressed with and without deployments, crises, crisis
hazards, sanctions, named blocs that differ from run to run, cool-downs, evidence both ways
and past the log-odds bound.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

pytest.importorskip("numba")

from lanes_support import Layouts, warmed_layouts  # noqa: E402

from engine import ring_scenario  # noqa: E402
from herz.engine.actions import WAR_KINDS, Action  # noqa: E402
from herz.engine.compiled.conflict import (  # noqa: E402
    close_step_run,
    pairs_run,
    update_beliefs_run,
    war_hazard_run,
)
from herz.engine.compiled.lanes.closing import (  # noqa: E402
    close_step_block,
    conflict_close_block,
    pairs_block,
    update_beliefs_block,
    war_hazard_block,
)
from herz.engine.compiled.lanes.layout import block_argument  # noqa: E402
from herz.engine.scenario import Scenario, apply_overrides, parse_scenario  # noqa: E402

BLOCK = 4
#: Incidents, crises, demands and wars within a few steps (tests/engine/test_fused_conflict.py's).
HOT = ["world.incident_rate=0.3", "world.misread=0.7", "world.rationality=1.0",
       "world.war_hazard_max=0.8", "world.resolve_uncertainty=0.9", "world.war_cost=0.03",
       "actors.A001.trust_asymmetry=8.0"]


def _hot_ring(n: int) -> Scenario:
    data = ring_scenario(n, steps=20).model_dump(mode="json", exclude_none=True)
    return parse_scenario(apply_overrides(data, HOT, source="<test>"))


def _put(lay: Layouts, name: str, value: np.ndarray) -> None:
    """The same values in both layouts."""
    lay.first[name][...] = value
    lay.last[name][...] = block_argument(name, value, lay.block)


def _spread(lay: Layouts, seed: int) -> None:
    """What the phases before the close leave, spread over the runs on top of the warmed
    state (the same in both layouts)."""
    f = lay.first
    gen = np.random.default_rng(seed)
    runs, n = f["gdp"].shape
    off = ~np.eye(n, dtype=bool)[None]
    kinds = np.array([int(code) for code in WAR_KINDS])
    war = np.where(gen.random((runs, n, n)) < 0.25, gen.choice(kinds, (runs, n, n)), 0) * off
    war[0, 0, 1] = int(Action.WAR_SCRIPTED)  # a scripted war: no own level
    demand = (gen.random((runs, n, n)) < 0.3) & off
    crisis = f["p_crisis"] | ((gen.random((runs, n, n)) < 0.15) & off)
    deploy = np.where(gen.random((runs, n, n)) < 0.4, f["deploy"] + 0.5, 0.0) * off
    # run 1: a demand alone (level 2); run 2: a demand pressed with a deployment (level 4)
    war[1:3], crisis[1:3], deploy[1:3], demand[1:3] = 0, False, 0.0, False
    demand[1:3, 0, 1] = True
    deploy[2, 0, 1] = 0.5
    _put(lay, "p_war", war)
    _put(lay, "started", war > 0)
    _put(lay, "p_demand", demand)
    _put(lay, "p_crisis", crisis)
    _put(lay, "deploy", deploy)
    _put(lay, "deployed", f["deploy"] > 0.0)
    _put(lay, "crisis_hazard", np.where(f["p_crisis"], gen.uniform(0.0, 0.7, (runs, n, n)),
                                        0.0))
    _put(lay, "d_war_hazard", f["d_war_hazard"] + gen.uniform(0.0, 0.3, (runs, n, n)) * off)
    _put(lay, "sanction", np.where(gen.random((runs, n, n)) < 0.4,
                                   gen.uniform(0.1, 1.0, (runs, n, n)), 0.0) * off)
    _put(lay, "cooldown", gen.integers(0, 3, (runs, n, n)))
    evidence = gen.normal(0.0, 2.0, (runs, n, n))
    evidence[gen.random((runs, n, n)) < 0.2] = 0.0
    evidence[:, 0, -1] = 40.0  # past the log-odds bound, both ways
    evidence[:, -1, 0] = -400.0  # (good news, weighed by 1 / trust asymmetry)
    _put(lay, "L", evidence)
    if f["blocs"].shape[1]:  # each run's blocs its own (members leave and join)
        _put(lay, "blocs", gen.random(f["blocs"].shape) < 0.5)
    _put(lay, "bilateral", f["bilateral"] | ((gen.random((runs, n, n)) < 0.2) & off))


def _close_first(r: int, conflict_par: np.ndarray, growth: np.ndarray, belief0: np.ndarray,
                 asymmetry: np.ndarray, strength: np.ndarray, gdp: np.ndarray,
                 forces: np.ndarray, belief: np.ndarray, deploy: np.ndarray,
                 bilateral: np.ndarray, blocs: np.ndarray, sanction: np.ndarray,
                 cooldown: np.ndarray, spending: np.ndarray, spent: np.ndarray,
                 deployed: np.ndarray, d_war_hazard: np.ndarray, L: np.ndarray,
                 p_crisis: np.ndarray, p_demand: np.ndarray, p_deployment: np.ndarray,
                 p_force: np.ndarray, p_war: np.ndarray, p_hazard: np.ndarray,
                 p_level: np.ndarray, p_own_level: np.ndarray, war_hazard: np.ndarray,
                 power_now: np.ndarray, crisis_hazard: np.ndarray, started: np.ndarray,
                 conflict_work: np.ndarray) -> None:
    """The end of ``conflict_run`` for run ``r``, its calls in its order."""
    pairs_run(r, deploy, deployed, p_crisis, p_demand, p_war, d_war_hazard, crisis_hazard,
              p_deployment, p_force, p_hazard, p_level, p_own_level)
    update_beliefs_run(r, conflict_par, belief0, asymmetry, belief, L)
    close_step_run(r, conflict_par, growth, strength, gdp, forces, sanction, bilateral, blocs,
                   cooldown, spending, spent, power_now, conflict_work)
    war_hazard_run(r, d_war_hazard, crisis_hazard, started, war_hazard)


def _names(block: Callable[..., None]) -> list[str]:
    """A block function's parameters after ``b``."""
    return list(inspect.signature(block.py_func).parameters)[1:]  # type: ignore[attr-defined]


#: Each phase: the run-first function, called with the block function's names less ``acc``
#: (``conflict_par`` and ``conflict_work`` the run-first ``par`` and ``work``).
PHASES: dict[str, tuple[Callable[..., None], Callable[..., None]]] = {
    "pairs": (pairs_run, pairs_block),
    "beliefs": (update_beliefs_run, update_beliefs_block),
    "economy": (close_step_run, close_step_block),
    "hazard": (war_hazard_run, war_hazard_block),
    "close": (_close_first, conflict_close_block),
}


def _layouts(n: int, runs: int, seed: int) -> Layouts:
    lay = warmed_layouts(n, runs, BLOCK, warmup=6, scenario=_hot_ring(n), seed=seed)
    _spread(lay, seed)
    lay.last["acc"] = np.full((2, BLOCK), np.nan)
    return lay


def _run(lay: Layouts, phase: str) -> list[str]:
    first, block = PHASES[phase]
    names = _names(block)
    lay.run_first(first, [k for k in names if k != "acc"])
    lay.run_blocks(block, names)
    return lay.differences([k for k in _names(conflict_close_block) if k != "acc"])


@pytest.mark.parametrize(("n", "runs"), [(2, 8), (3, 12), (7, 12)])
def test_both_layouts_close_the_step_the_same(n: int, runs: int) -> None:
    lay = _layouts(n, runs, seed=n)
    f = lay.first
    before = {k: f[k].copy() for k in ("belief", "gdp", "cooldown")}
    assert _run(lay, "close") == []
    # the branches fired: every hostility level, a scripted war's, sanctions, blocs, bounds
    level, own = f["p_level"], f["p_own_level"]
    assert {0, 2, 3, 4, 5} <= set(np.unique(level)) and (own < level).any()
    assert (f["p_force"] & ~(f["p_war"] > 0)).any()  # a demand pressed with a deployment
    assert (f["sanction"] > 0).any() and not np.array_equal(f["gdp"], before["gdp"])
    assert (f["power_now"] > 0).all() and (0 < f["war_hazard"]).any()
    assert ((f["war_hazard"] < 1) & (f["war_hazard"] > 0)).any()
    assert (f["cooldown"] < before["cooldown"]).any()
    # the log-odds bound reached, both ways
    assert np.isclose(f["belief"].max(), 1.0 / (1.0 + np.exp(-12.0)), rtol=1e-15, atol=0)
    assert np.isclose(f["belief"][:, -1, 0].min(), 1.0 / (1.0 + np.exp(12.0)), rtol=1e-12,
                      atol=0)
    assert not np.array_equal(f["belief"], before["belief"])
    if n > 2:
        assert f["blocs"].any() and (f["conflict_work"][:, 0] > 0).any()


@pytest.mark.parametrize("phase", ["pairs", "beliefs", "economy", "hazard"])
def test_each_phase_alone(phase: str) -> None:
    assert _run(_layouts(7, 8, seed=11), phase) == []


def test_a_lane_off_is_caught() -> None:
    lay = _layouts(3, 8, seed=5)
    assert _run(lay, "close") == []
    last: dict[str, Any] = lay.last
    last["belief"][1, 0, 1, 2] *= 1.0 + 1e-15  # one lane's belief off by an ulp or so
    last["p_force"][0, 1, 2, 3] ^= True  # one lane's flag flipped
    last["power_now"][1, 2, 1] += 1e-9
    assert sorted(lay.differences(["belief", "p_force", "power_now", "gdp"])) == [
        "belief", "p_force", "power_now"]
