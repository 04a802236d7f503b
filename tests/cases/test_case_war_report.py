"""The case report's war outcomes: P(war) by the types drawn, and the share of runs whose war
outcome each counterfactual changes (Engine 2: counterfactuals must be able to move war).

Kind: behavioural (seeded) and bookkeeping.
"""

from __future__ import annotations

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
    assert all(v["estimate"] == 0 for v in same.values())
    cmp = compare(results)
    assert cmp["differences"]["no-entente"]["changed_runs"]["war_or_peace"] == changed
