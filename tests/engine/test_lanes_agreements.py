"""Arms-control agreements and the standing scripted postures over blocks of runs
(:mod:`herz.engine.compiled.lanes.agreements`) give the run-first kernels' decisions, evidence
and events (``decide_agreements_run``, ``standing_postures_run``, ``keep_agreements_run``) on
real mid-run states of worlds with agreements.

Kind (b) of the house's reproduction tests: the run-first kernel is the reference, bit for bit.
Where the warmed state does not leave, cheat or detect, the tests set the decisions by hand,
the same in both layouts, so that every branch fires (asserted).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

pytest.importorskip("numba")

from lanes_support import Layouts, warmed_layouts  # noqa: E402
from test_fused_cases import _treaty_world  # noqa: E402
from test_lanes_learning import EXPOSE, OBSERVE, _expose_run, _observe_run, _wn_differs  # noqa: E402

from herz.engine.actions import Action  # noqa: E402
from herz.engine.compiled.agreements import (  # noqa: E402
    decide_agreements_run,
    keep_agreements_run,
)
from herz.engine.compiled.decide import standing_postures_run  # noqa: E402
from herz.engine.compiled.lanes.agreements import (  # noqa: E402
    decide_agreements_block,
    keep_agreements_block,
    standing_postures_block,
)
from herz.engine.compiled.lanes.layout import block_argument  # noqa: E402
from herz.engine.compiled.lanes.learning import (  # noqa: E402
    expose_bogus_block,
    observe_arming_block,
)
from herz.engine.scenario import Scenario, parse_scenario  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402

DECIDE = ("forces", "greedy", "belief", "in_agreement", "caps", "agree_par", "decide_actor",
          "d_cheat", "d_abandon")
STANDING = ("standing_deploy", "standing_sanction", "d_deploy", "d_sanction")
KEEP = ("t", "keys", "forces", "in_agreement", "cheating", "d_abandon", "caps", "agreement",
        "agree_par", "telling", "L", "hostile", "last_hostile", "main_threat", "known", "xi")
KEEP_LANES = KEEP + ("acc", "ev_int", "ev_amt", "ev_n")
KEPT = ("L", "last_hostile", "in_agreement", "xi", "ev_int", "ev_amt", "ev_n")
RUNS, BLOCK = 12, 4


def _alliance_of_seven(steps: int = 30) -> Scenario:
    """Seven states under three agreements whose members overlap (caps on offensive and on
    defensive forces, one capping both), one not in force until step 25, half the states
    greedy by chance."""
    names = [f"S{i}" for i in range(7)]
    actors = [{"name": name, "gdp": 90.0 + 10.0 * (i % 3), "p_greedy": 0.5, "empathy": 0.3,
               "forces": {"conventional_offensive": 3.0 + (i % 2),
                          "conventional_defensive": 3.0}}
              for i, name in enumerate(names)]
    data: dict[str, Any] = {
        "name": "agreements of seven", "steps": steps,
        "world": {"offense_dominance": 0.6, "distinguishability": 0.4},
        "actors": actors,
        "agreements": [
            {"name": "west", "members": names[:4], "monitoring": 0.7,
             "caps": {"conventional_offensive": 3.6}},
            {"name": "east", "members": names[3:], "monitoring": 0.5,
             "caps": {"conventional_offensive": 4.2, "conventional_defensive": 3.3}},
            {"name": "late", "members": names[::2], "monitoring": 0.9, "start": 25,
             "caps": {"conventional_defensive": 3.1}},
        ],
    }
    return parse_scenario(data, source="seven")


WORLDS = {"treaty": _treaty_world, "seven": _alliance_of_seven}


def _set(lay: Layouts, name: str, value: np.ndarray) -> None:
    """The same ``value`` (run-first) for ``name`` in both layouts."""
    lay.first[name][...] = value
    lay.last[name][...] = block_argument(name, np.asarray(value), lay.block)


def _layouts(world: str, seed: int = 0) -> Layouts:
    """The world ten steps in, its members rejoined at random (by step ten most partners of a
    cheater have caught it and left) and its forces stirred: the same in both layouts."""
    scenario = WORLDS[world]()
    lay = warmed_layouts(0, RUNS, BLOCK, warmup=10, scenario=scenario, keep=RUNS, seed=seed)
    lay.first["telling"] = lay.last["telling"] = float(lay.first["acts_par"][16])
    lay.last["acc"] = np.zeros((1, BLOCK))
    members = compile_world(scenario).agreement_members
    rng = np.random.default_rng(100 + seed)
    member = lay.first["in_agreement"]
    _set(lay, "in_agreement", member | (members & (rng.random(member.shape) < 0.6)))
    # each class near its caps on its own, so that whether one binds tells nothing of another
    forces = lay.first["forces"]
    _set(lay, "forces", forces * rng.uniform(0.85, 1.15, forces.shape))
    return lay


def _run_keep(lay: Layouts) -> None:
    """``keep_agreements_run`` over every run and the lanes' over every block."""
    args = [lay.first[k] for k in KEEP]
    for r in range(lay.runs):
        keep_agreements_run(r, args[0], args[1][r], *args[2:], lay.first["ev_int"],
                            lay.first["ev_amt"], lay.first["ev_n"])
    lay.run_blocks(keep_agreements_block, KEEP_LANES)


def _codes(lay: Layouts) -> np.ndarray:
    ev_int, ev_n = lay.first["ev_int"], lay.first["ev_n"]
    return np.concatenate([ev_int[r, :ev_n[r], 3] for r in range(lay.runs)])


@pytest.mark.parametrize("world", list(WORLDS))
def test_both_layouts_decide_agreements_the_same(world: str) -> None:
    lay = _layouts(world)
    # forces well below and above the caps, class by class: a cap binds for some members, not
    # for all, and not always with the others
    forces = lay.first["forces"].copy()
    rng = np.random.default_rng(7)
    for k, cap in enumerate(lay.first["caps"].min(axis=0)):
        if np.isfinite(cap):
            forces[:, :, k] = cap * rng.uniform(0.75, 1.25, forces.shape[:2])
    _set(lay, "forces", forces)
    lay.run_first(decide_agreements_run, DECIDE)
    lay.run_blocks(decide_agreements_block, DECIDE)
    assert lay.differences(("d_cheat", "d_abandon")) == []
    # a greedy member whose caps bind cheats, a trusting member stays
    assert lay.first["d_cheat"].any() and not lay.first["d_cheat"].all()
    # a lower threshold of distrust: members leave in some runs, not in all; a passive
    # actor does neither (the world's constants are one array in both layouts)
    lay.first["agree_par"][1] = np.quantile(lay.first["belief"], 0.7)
    lay.first["decide_actor"][6, 1] = 1.0
    lay.run_first(decide_agreements_run, DECIDE)
    lay.run_blocks(decide_agreements_block, DECIDE)
    assert lay.differences(("d_cheat", "d_abandon")) == []
    leaves = lay.first["d_abandon"]
    assert leaves.any() and not leaves[:, 0].all()
    assert not leaves[:, 1].any() and not lay.first["d_cheat"][:, 1].any()
    # one lane's flag flipped: caught
    lay.last["d_abandon"][2, 0, 0, 3] ^= True
    assert lay.differences(("d_cheat", "d_abandon")) == ["d_abandon"]


def test_both_layouts_keep_the_standing_postures() -> None:
    lay = _layouts("treaty")
    rng = np.random.default_rng(1)
    shape = lay.first["d_deploy"].shape
    for standing, decided in (("standing_deploy", "d_deploy"),
                              ("standing_sanction", "d_sanction")):
        stand = np.where(rng.random(shape) < 0.5, rng.uniform(0.0, 1.0, shape), 0.0)
        stand[0, 0, 1] = np.nan  # a NaN standing posture leaves the decision, as run-first
        _set(lay, standing, stand)
        d = rng.uniform(0.0, 1.0, shape)
        d[1, 1, 0] = np.nan  # and a NaN decision stays
        _set(lay, decided, d)
    before = lay.first["d_deploy"].copy()
    lay.run_first(standing_postures_run, STANDING)
    lay.run_blocks(standing_postures_block, STANDING)
    assert lay.differences(STANDING) == []
    raised = lay.first["d_deploy"] != before
    assert raised.any() and not raised.all()
    lay.last["d_sanction"][1, 2, 0, 1] += 1e-12
    assert lay.differences(STANDING) == ["d_sanction"]


@pytest.mark.parametrize(("world", "seed"), [("treaty", 0), ("seven", 0), ("seven", 3)])
def test_both_layouts_keep_agreements_the_same(world: str, seed: int) -> None:
    lay = _layouts(world, seed)
    t = int(lay.first["t"])
    # the rule's decisions on this state, then more leaving and cheating by hand (the same in
    # both layouts): members leave in some runs, members cheat in others
    lay.run_first(decide_agreements_run, DECIDE)
    rng = np.random.default_rng(seed)
    member = lay.first["in_agreement"]
    abandon = lay.first["d_abandon"] | (rng.random(lay.first["d_abandon"].shape) < 0.08)
    _set(lay, "d_abandon", abandon)
    _set(lay, "cheating", lay.first["cheating"] | (member & (rng.random(member.shape) < 0.3)))
    _set(lay, "last_hostile", rng.integers(-1, t, lay.first["last_hostile"].shape))
    groups = member.shape[1]
    members_before = member.copy()
    L0 = lay.first["L"].copy()
    _run_keep(lay)
    assert lay.differences(KEPT) == []
    # every branch fired: members left (hostile towards their partners), cheaters were caught
    # (and their partners left), the caps verified compliance, events logged
    codes = _codes(lay)
    assert (codes == int(Action.ABANDON)).any() and (codes == int(Action.DETECTED_CHEATING)).any()
    left = members_before & ~lay.first["in_agreement"]
    assert left.any() and lay.first["in_agreement"].any()
    assert (lay.first["last_hostile"] == t).any()
    caught = lay.first["xi"]
    assert (caught == 1.0).any()
    change = lay.first["L"] - L0
    verified = lay.first["agreement"][2]
    assert any(np.isclose(change, verified[g], rtol=1e-9, atol=0).any() for g in range(groups))
    if world == "seven":  # an agreement not yet in force: its members neither watched nor caught
        assert (lay.first["agreement"][1] > t).any()
    # one lane's membership flipped, one lane's evidence off by a little: caught
    lay.last["in_agreement"][1, 0, 1, 2] ^= True
    lay.last["L"][0, 1, 0, 3] += 1e-12
    assert lay.differences(KEPT) == ["L", "in_agreement"]


def test_agreements_then_learning_in_the_steps_order() -> None:
    """The phases in the fused step's order (the agreements decided, the standing postures,
    the agreements kept with ``xi`` as the scratch of the caught, then arming judged and bogus
    reasons exposed) on the treaty world: every array they write, and each run's events in
    order across the phases."""
    lay = _layouts("treaty", seed=2)
    rng = np.random.default_rng(2)
    shape = lay.first["d_deploy"].shape
    _set(lay, "standing_sanction", np.where(rng.random(shape) < 0.3, 0.7, 0.0))
    _set(lay, "bogus_pending", rng.random(shape) < 0.5)
    lay.first["agree_par"][1] = np.quantile(lay.first["belief"], 0.8)  # some distrust
    lay.run_first(decide_agreements_run, DECIDE)
    lay.run_first(standing_postures_run, STANDING)
    args = [lay.first[k] for k in KEEP]
    for r in range(lay.runs):
        keep_agreements_run(r, args[0], args[1][r], *args[2:], lay.first["ev_int"],
                            lay.first["ev_amt"], lay.first["ev_n"])
    lay.run_first(_observe_run, OBSERVE)
    lay.run_first(_expose_run, EXPOSE)
    lay.run_blocks(decide_agreements_block, DECIDE)
    lay.run_blocks(standing_postures_block, STANDING)
    lay.run_blocks(keep_agreements_block, KEEP_LANES)
    lay.run_blocks(observe_arming_block, OBSERVE)
    lay.run_blocks(expose_bogus_block, EXPOSE)
    written = ("d_cheat", "d_abandon", "d_deploy", "d_sanction", "L", "last_hostile",
               "in_agreement", "xi", "judged", "credibility", "bogus_pending", "ev_int",
               "ev_amt", "ev_n")
    assert lay.differences(written) == [] and not _wn_differs(lay)
    codes = _codes(lay)
    for action in (Action.ABANDON, Action.DETECTED_CHEATING, Action.BOGUS_EXPOSED):
        assert (codes == int(action)).any(), action
