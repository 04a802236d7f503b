"""The opening of the conflict phases over blocks of runs
(:mod:`herz.engine.compiled.lanes.conflict`: incidents and crises, crisis wars, demands
answered, wars started) gives the run-first kernels' numbers and events, bit for bit, on real
mid-run states.

Kind (b) of the house's reproduction tests: the run-first functions of
:mod:`herz.engine.compiled.conflict`, called in ``conflict_run``'s order for every run, are the
reference. Every array the four phases write is compared bit for bit (no C library function is
replaced in the lanes), and each run's events in its order.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

pytest.importorskip("numba")

from lanes_support import Layouts, warmed_layouts  # noqa: E402

from engine import ring_scenario  # noqa: E402
from herz.engine.actions import WAR_KINDS, Action  # noqa: E402
from herz.engine.compiled.conflict import (  # noqa: E402
    answer_demands_run,
    crisis_wars_run,
    incidents_run,
    start_wars_run,
)
from herz.engine.compiled.lanes.conflict import conflict_open_block  # noqa: E402
from herz.engine.compiled.lanes.layout import block_argument  # noqa: E402
from herz.engine.scenario import Scenario, apply_overrides, parse_scenario  # noqa: E402

#: The arguments of the opening, run-first (the lanes' take ``acc`` scratch after them).
NAMES = ("t", "keys", "conflict_par", "contact", "gdp", "forces", "alert", "deploy", "hotline",
         "cooldown", "spending", "last_hostile", "pp", "wa", "q", "ally", "free", "main_threat",
         "known", "d_attack", "d_coerce", "L", "hostile", "ev_int", "ev_amt", "ev_n",
         "p_incident", "p_crisis", "p_demand", "p_war", "n_incidents", "n_crises", "n_wars",
         "crisis_hazard", "started", "flags", "conflict_work", "assess_work")
#: What the four phases write (and ``conflict_work`` their scratch, left as the run-first
#: kernel leaves it).
WRITTEN = ("p_incident", "p_crisis", "p_demand", "p_war", "crisis_hazard", "wa", "L",
           "alert", "hotline", "last_hostile", "gdp", "forces", "cooldown", "flags", "started",
           "n_incidents", "n_crises", "n_wars", "conflict_work", "ev_int", "ev_amt", "ev_n")
#: Everything else the phases read: must come out unchanged.
READ = tuple(k for k in NAMES[1:] if k not in WRITTEN)

_OPPORTUNISTIC = int(Action.WAR_OPPORTUNISTIC)
_PREEMPTIVE = int(Action.WAR_PREEMPTIVE)
_PREVENTIVE = int(Action.WAR_PREVENTIVE)
_SCRIPTED = int(Action.WAR_SCRIPTED)
_MUTUAL_OPTIMISM = int(Action.WAR_MUTUAL_OPTIMISM)
_KINDS = [int(code) for code in WAR_KINDS]

#: Incidents, crises and hotlines often (test_fused_conflict.py's hot ring).
HOT = ["world.incident_rate=0.3", "world.misread=0.7", "world.incident_militarization=2.0",
       "world.crisis_hotline_prob=0.5"]
#: Wars cheap and chosen loosely, targets unsure of their resolve: crisis wars and refusals.
#: A larger prize and first-mover edge: crisis gains above peace (opportunistic crisis wars).
WAR = ["world.rationality=1.0", "world.war_hazard_max=0.8", "world.resolve_uncertainty=0.9",
       "world.war_cost=0.03", "world.war_prize=0.6", "world.first_mover_advantage=3.0"]


def _with(scenario: Scenario, overrides: list[str]) -> Scenario:
    data = scenario.model_dump(mode="json", exclude_none=True)
    return parse_scenario(apply_overrides(data, overrides, source="<test>"))


def _set(lay: Layouts, name: str, value: np.ndarray) -> None:
    """Set the run-first argument ``name`` to ``value`` and its blocks to the same numbers."""
    lay.first[name][...] = value
    lay.last[name] = block_argument(name, lay.first[name], lay.block)


def _layouts(n: int, runs: int, hot: bool, seed: int = 0) -> Layouts:
    """Both layouts ``runs`` runs of the ring (hot: incidents, crises and wars likely) some
    steps in, every run's events kept, the crisis margins NaN as the opening leaves them."""
    scenario = _with(ring_scenario(n), HOT + WAR) if hot else None
    lay = warmed_layouts(n, runs, 4, warmup=8, scenario=scenario, keep=runs, seed=seed)
    wa = lay.first["wa"].copy()
    wa[9:11] = np.nan
    _set(lay, "wa", wa)
    lay.last["acc"] = np.zeros((2, n, 4))
    return lay


def _scripted(lay: Layouts, rng: np.random.Generator) -> None:
    """Decisions set by hand, the same in both layouts: demands on a third of the free pairs,
    scripted and preventive attacks (some against a pair in a cool-down or allied, some
    against each other), and a cool-down on some pairs (none on the pair (0, 1) of the first
    three runs, which is not allied there)."""
    free = lay.first["free"]
    runs, n = free.shape[:2]
    coerce = free & (rng.random(free.shape) < 0.35)
    attack = lay.first["d_attack"].copy()
    pick = rng.random(attack.shape)
    attack[pick < 0.04] = _SCRIPTED
    attack[(pick >= 0.04) & (pick < 0.08)] = _PREVENTIVE
    cooldown = lay.first["cooldown"].copy()
    cooldown[rng.random(cooldown.shape) < 0.1] = 2
    for r in range(runs):
        np.fill_diagonal(attack[r], 0)
        np.fill_diagonal(coerce[r], False)
    ally = lay.first["ally"].copy()
    cooldown[:3, 0, 1] = cooldown[:3, 1, 0] = 0
    ally[:3, 0, 1] = ally[:3, 1, 0] = False
    attack[0, 0, 1], attack[0, 1, 0] = _SCRIPTED, _PREVENTIVE  # the scripted one goes first
    attack[1, 1, 0], attack[1, 0, 1] = _SCRIPTED, _SCRIPTED  # the lower index goes first
    attack[2, 0, 1], cooldown[2, 0, 1] = _SCRIPTED, 3  # a scripted attack breaks a cool-down
    _set(lay, "d_attack", attack)
    _set(lay, "d_coerce", coerce)
    _set(lay, "cooldown", cooldown)
    _set(lay, "ally", ally)


def _run_first(lay: Layouts) -> dict[str, list[np.ndarray]]:
    """The run-first phases in ``conflict_run``'s order for every run; returns each run's
    attacks after the crisis wars and flags after the demands (what later phases overwrite)."""
    seen: dict[str, list[np.ndarray]] = {"attack": [], "answers": []}

    def opening(r: int, t: int, keys: np.ndarray, par: np.ndarray, contact: np.ndarray,
                gdp: np.ndarray, forces: np.ndarray, alert: np.ndarray, deploy: np.ndarray,
                hotline: np.ndarray, cooldown: np.ndarray, spending: np.ndarray,
                last_hostile: np.ndarray, pp: np.ndarray, wa: np.ndarray, q: np.ndarray,
                ally: np.ndarray, free: np.ndarray, main_threat: np.ndarray, known: np.ndarray,
                d_attack: np.ndarray, d_coerce: np.ndarray, L: np.ndarray,
                hostile: np.ndarray, ev_int: np.ndarray, ev_amt: np.ndarray,
                ev_n: np.ndarray, p_incident: np.ndarray, p_crisis: np.ndarray,
                p_demand: np.ndarray, p_war: np.ndarray, n_incidents: np.ndarray,
                n_crises: np.ndarray, n_wars: np.ndarray, crisis_hazard: np.ndarray,
                started: np.ndarray, flags: np.ndarray, work: np.ndarray,
                assess_work: np.ndarray) -> None:
        key = keys[r]
        n_inc, n_cri = incidents_run(r, t, key, par, contact, free, alert, deploy, spending,
                                     gdp, hotline, L, hostile, ev_int, ev_amt, ev_n,
                                     p_incident, p_crisis, work)
        n_incidents[r] = n_inc
        n_crises[r] = n_cri
        crisis_wars_run(r, t, key, par, wa, p_crisis, d_attack, cooldown, ally, p_war,
                        crisis_hazard, assess_work)
        seen["attack"].append(p_war[r].copy())
        answer_demands_run(r, t, key, par, wa, q, d_coerce, free, p_war, gdp, cooldown,
                           last_hostile, L, hostile, main_threat, known, ev_int, ev_amt, ev_n,
                           p_demand, flags, work)
        seen["answers"].append(flags[r].copy())
        start_wars_run(r, t, key, par, pp[7], p_war, gdp, forces, cooldown, last_hostile, L,
                       hostile, main_threat, known, ev_int, ev_amt, ev_n, started, flags,
                       n_wars, work)

    lay.run_first(opening, NAMES)
    return seen


def _both(lay: Layouts) -> dict[str, list[np.ndarray]]:
    read = {k: lay.first[k].copy() for k in READ}
    seen = _run_first(lay)
    lay.run_blocks(conflict_open_block, NAMES + ("acc",))
    for k, x in read.items():  # the phases' inputs are left alone
        np.testing.assert_array_equal(lay.first[k], x, err_msg=k)
    return seen


def _events(lay: Layouts, code: int) -> int:
    ints, counts = lay.first["ev_int"], lay.first["ev_n"]
    return sum(int((ints[r, :m, 3] == code).sum()) for r, m in enumerate(counts))


@pytest.mark.parametrize("n", [2, 3, 7])
def test_both_layouts_open_the_conflict_alike_in_the_ring(n: int) -> None:
    lay = _layouts(n, 12, hot=False, seed=n)
    seen = _both(lay)
    assert lay.differences(WRITTEN) == []
    first = lay.first
    if n == 7:  # incidents and crises at the world's own rates
        assert first["n_incidents"].sum() > first["n_crises"].sum() > 0
    else:  # the rule's demands, given way to
        assert (np.stack(seen["answers"]) == 1).any()
    assert (first["ev_n"] > 0).any()


#: (actors, runs, seed, decisions set by hand, the crisis wars that must start)
HOT_CASES = {
    "hot3": (3, 16, 1, True, (_PREEMPTIVE,)),
    "hot7": (7, 16, 2, True, (_OPPORTUNISTIC, _PREEMPTIVE, _MUTUAL_OPTIMISM)),
    "hot7_as_decided": (7, 12, 3, False, (_PREEMPTIVE, _MUTUAL_OPTIMISM)),
}


@pytest.mark.parametrize("case", list(HOT_CASES))
def test_both_layouts_open_the_conflict_alike_when_hot(case: str) -> None:
    n, runs, seed, scripted, kinds = HOT_CASES[case]
    lay = _layouts(n, runs, hot=True, seed=seed)
    if scripted:
        _scripted(lay, np.random.default_rng(seed))
    hotline0 = lay.first["hotline"].copy()
    seen = _both(lay)
    assert lay.differences(WRITTEN) == []
    first = lay.first
    # incidents, crises with their margins computed and their hazards, new hotlines
    assert first["n_incidents"].sum() > first["n_crises"].sum() > 0
    crisis = first["p_crisis"]
    assert not np.isnan(first["wa"][9][crisis]).any()
    assert (first["crisis_hazard"][crisis] > 0).all()
    assert (first["hotline"] & ~hotline0).any()
    assert _events(lay, int(Action.INCIDENT)) == first["n_incidents"].sum()
    assert _events(lay, int(Action.CRISIS)) == first["n_crises"].sum()
    # a crisis war of each kind the crisis draws give here
    attack = np.stack(seen["attack"])
    for code in kinds:
        assert (attack[crisis] == code).any(), code
    assert first["started"].any() and first["n_wars"].sum() == first["started"].sum()
    if not scripted:
        return
    # demands answered both ways, wars started and fought
    answers = np.stack(seen["answers"])
    assert (answers == 1).any() and (answers == 2).any()
    assert _events(lay, int(Action.CONCEDED)) == (answers == 1).sum()
    assert _events(lay, int(Action.COERCE)) == first["p_demand"].sum()
    wars = first["n_wars"].sum(axis=0)
    assert wars[_KINDS.index(_SCRIPTED)] > 0 and wars[_KINDS.index(_OPPORTUNISTIC)] > 0
    assert first["started"][0, 0, 1] and not first["started"][0, 1, 0]  # scripted first
    assert first["started"][1, 0, 1] and not first["started"][1, 1, 0]  # the lower index
    assert first["started"][2, 0, 1]  # the scripted attack through a cool-down


def test_a_lane_off_is_caught() -> None:
    lay = _layouts(3, 8, hot=True, seed=1)
    _scripted(lay, np.random.default_rng(1))
    _both(lay)
    assert lay.differences(WRITTEN) == []
    last = lay.last
    # one lane's GDP off by a little, one crisis flipped, one event's amount off: caught
    tweaks: list[tuple[str, Callable[[Any], None]]] = [
        ("gdp", lambda x: x.__setitem__((1, 2, 3), x[1, 2, 3] * (1.0 + 1e-15))),
        ("p_crisis", lambda x: x.__setitem__((0, 1, 2, 1), ~x[0, 1, 2, 1])),
        ("conflict_work", lambda x: x.__setitem__((1, 1, 0, 2), x[1, 1, 0, 2] + 1e-9)),
    ]
    for name, tweak in tweaks:
        kept = last[name].copy()
        tweak(last[name])
        assert lay.differences(WRITTEN) == [name]
        last[name] = kept
    m = int(lay.first["ev_n"][5]) - 1
    assert m >= 0
    last["ev_amt"][5, m] += 1e-12
    assert lay.differences(WRITTEN) == ["ev_amt"]
