"""The fused step (:mod:`herz.engine.fused`) on worlds with arms-control agreements and
timelines: every case of the library and synthetic worlds where cheating is caught, partners
leave and scripted acts stand, seed for seed equal to the numpy reference (outcomes, means,
dyads and event logs), whatever the threads."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("numba")

from engine_support import example_data  # noqa: E402
from test_fused_step import assert_same  # noqa: E402

from herz.cases.library import case_names, case_scenario, load_case  # noqa: E402
from herz.engine import fused  # noqa: E402
from herz.engine.actions import Action  # noqa: E402
from herz.engine.scenario import Scenario, parse_scenario  # noqa: E402
from herz.engine.simulate import SimulationResult, simulate  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402


def _count_steps(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Count the steps the fused step took with its kernel and with the numpy step."""
    calls = {"kernel": 0, "numpy": 0}
    advance, numpy_step = fused.FusedStep.advance, fused.FusedStep._numpy_step

    def counted(self: fused.FusedStep) -> object:
        calls["kernel"] += 1
        return advance(self)

    def counted_numpy(self: fused.FusedStep) -> object:
        calls["numpy"] += 1
        calls["kernel"] -= 1
        return numpy_step(self)

    monkeypatch.setattr(fused.FusedStep, "advance", counted)
    monkeypatch.setattr(fused.FusedStep, "_numpy_step", counted_numpy)
    return calls


def _codes(result: SimulationResult) -> set[Action]:
    return {Action(int(c)) for c in np.unique(result.events["code"])}


@pytest.mark.parametrize("name", case_names())
def test_every_case_equals_the_numpy_reference(name: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    s = case_scenario(load_case(name))
    world = compile_world(s)
    assert world.timeline and fused.unsupported(world) is None
    ref = simulate(s, runs=10, rng=5, keep=10)
    calls = _count_steps(monkeypatch)
    got = simulate(s, runs=10, rng=5, keep=10, backend="numba")
    scripted_steps = sum(1 for t in world.timeline if t < s.steps)
    assert calls == {"kernel": s.steps - scripted_steps, "numpy": scripted_steps}
    assert calls["kernel"] > 0
    assert ref.events["scripted"].any()
    assert_same(ref, got)


def _treaty_world(steps: int = 16) -> Scenario:
    """Three states under two agreements (one entering into force later), a greedy member
    whose caps bind, and a timeline that deploys, sanctions, joins, withdraws and attacks."""
    data: dict[str, Any] = example_data("monitoring")
    data["steps"] = steps
    data["actors"][1]["motive"] = "greedy"
    data["actors"].append({"name": "Green", "gdp": 80, "empathy": 0.5, "forces": {
        "conventional_offensive": 2, "conventional_defensive": 4}})
    data["agreements"].append({"name": "later", "members": ["Blue", "Green"],
                               "caps": {"conventional_defensive": 4.2}, "monitoring": 0.6,
                               "start": 4})
    data["timeline"] = [
        {"step": 2, "actor": "Blue", "action": "deploy", "target": "Red", "amount": 0.6},
        {"step": 2, "actor": "Green", "action": "sanction", "target": "Red", "amount": 0.5},
        {"step": 5, "actor": "Red", "action": "agree", "agreement": "later"},
        {"step": 7, "actor": "Blue", "action": "withdraw", "target": "Red"},
        {"step": 9, "actor": "Green", "action": "cheat", "agreement": "later"},
        {"step": 11, "actor": "Red", "action": "attack", "target": "Green"},
    ]
    return parse_scenario(data, source="treaty")


@pytest.mark.parametrize("threads", [1, 2])
def test_agreements_and_timeline_equal_the_numpy_reference(
        threads: int, monkeypatch: pytest.MonkeyPatch) -> None:
    s = _treaty_world()
    ref = simulate(s, runs=48, rng=2, keep=48)
    # what the world is for: cheating started by the rule and by script, caught and left
    assert {Action.CHEAT, Action.DETECTED_CHEATING, Action.ABANDON,
            Action.WAR_SCRIPTED} <= _codes(ref)
    # 48 runs of 3 actors: work enough for the parallel kernel where there are two threads
    assert 48 * (fused._RUN_COST + 9) >= fused.PARALLEL_MIN_WORK
    calls = _count_steps(monkeypatch)
    got = simulate(s, runs=48, rng=2, keep=48, backend="numba", threads=threads)
    assert calls == {"kernel": s.steps - 5, "numpy": 5}  # entries on steps 2, 5, 7, 9, 11
    assert_same(ref, got)
    # runs not all kept: the steps' frames go through numpy, the quantiles through sketches
    assert_same(simulate(s, runs=48, rng=2, keep=7),
                simulate(s, runs=48, rng=2, keep=7, backend="numba", threads=threads))


def test_agreements_alone_take_only_the_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    data: dict[str, Any] = example_data("monitoring")
    data["steps"] = 20
    data["actors"][1]["motive"] = "greedy"
    s = parse_scenario(data, source="monitoring")
    ref = simulate(s, runs=30, rng=1, keep=30)
    assert {Action.CHEAT, Action.DETECTED_CHEATING} <= _codes(ref)
    calls = _count_steps(monkeypatch)
    assert_same(ref, simulate(s, runs=30, rng=1, keep=30, backend="numba"))
    assert calls == {"kernel": 20, "numpy": 0}
