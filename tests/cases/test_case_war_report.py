"""The case report's war outcomes: P(war) by the types drawn, and the share of runs whose war
outcome each counterfactual changes (Engine 2: counterfactuals must be able to move war).

Kind: behavioural (seeded) and bookkeeping.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from herz.cases import load_case
from herz.cases.run import changed_runs, compare, run_case, type_profiles


def test_type_profiles_partition_the_runs() -> None:
    res = run_case(load_case("pre-1914"), [], runs=60, seed=0)["factual"]
    profiles = type_profiles(res)
    assert sum(v["runs"] for v in profiles.values()) == 60
    weighted = sum(v["runs"] * v["p_war"]["estimate"] for v in profiles.values()) / 60
    assert np.isclose(weighted, res.outcomes["war"].mean())


def test_a_counterfactual_that_changes_alliances_changes_war_in_some_runs() -> None:
    """pre-1914 without the Entente: run by run, some histories end differently (paired by
    seed), while a branch identical to the factual changes none."""
    case = load_case("pre-1914")
    results = run_case(case, ["no-entente"], runs=200, seed=0)
    changed = changed_runs(results["factual"], results["no-entente"])["war_or_peace"]
    assert changed["low"] > 0
    same = changed_runs(results["factual"], results["factual"])
    assert all(same[k]["estimate"] == 0
               for k in ("war_or_peace", "first_war_step", "war_kinds"))
    assert same["war_hazard_change"] == 0.0
    assert abs(changed_runs(results["factual"], results["no-entente"])["war_hazard_change"]) > 0
    cmp = compare(results)
    assert cmp["differences"]["no-entente"]["changed_runs"]["war_or_peace"] == changed


def test_the_report_says_when_a_branch_first_edits_the_history() -> None:
    """iran, deal-kept removes the United States' 2018 withdrawal and sanctions: its first
    edit is the step of 2018, and runs already at war by then are counted as such."""
    case = load_case("iran")
    results = run_case(case, ["deal-kept"], runs=40, seed=0)
    changed = changed_runs(results["factual"], results["deal-kept"])
    assert changed["edit_year"] == 2018
    fw = results["factual"].outcomes["first_war_step"]
    expected = ((fw >= 0) & (fw < changed["edit_step"])).mean()
    assert changed["at_war_before_edit"]["estimate"] == expected
    # A branch identical to the factual never edits it: its first edit is the horizon.
    same = changed_runs(results["factual"], results["factual"])
    assert same["edit_step"] == results["factual"].steps


def test_final_security_interval_stays_in_zero_to_one() -> None:
    """Security lies in [0, 1]: with most runs at 0 and a few high, the case comparison's
    interval stays inside [0, 1] (a t interval would reach below 0)."""
    from herz.cases import case_scenario
    from herz.cases.run import FACTUAL
    from herz.engine.simulate import simulate

    res = simulate(case_scenario(load_case("pre-1914")), 30, rng=0, keep=1)
    security = np.zeros_like(np.asarray(res.outcomes["security_final"], dtype=float))
    security[:2, 0] = [0.9, 0.3]
    skewed = dataclasses.replace(res, outcomes={**res.outcomes, "security_final": security})
    iv = compare({FACTUAL: skewed})["branches"][FACTUAL]["security_final"][res.actors[0]]
    assert 0.0 <= iv["low"] <= iv["estimate"] <= iv["high"] <= 1.0, iv
