"""Contacts of the cases: the politically relevant dyads (Maoz & Russett 1993; Lemke & Reed
2001) each case declares, by the library's rule (docs/howto/add-a-case.md), and what they do.

With every pair in contact the built-in rule's greedy draws start wars between any two states
(a patron against its own client, a great power against a state it has no forces near), in the
first steps, so every counterfactual branch had the same war probability. With contacts, wars
the rule chooses happen only within reach, and branches that change history before the war
hazard matters change it where the mechanism says they should (tests below, over seeded runs
with a 99.5% one-sided bound)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from herz.cases import case_names, case_scenario, load_case
from herz.engine.actions import Action
from herz.engine.simulate import simulate

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "engine"))
from engine_support import assert_paired_less  # noqa: E402

CASES = case_names()
CHOSEN = (Action.WAR_OPPORTUNISTIC, Action.WAR_PREVENTIVE, Action.WAR_PREEMPTIVE)


@pytest.mark.parametrize("name", CASES)
def test_contacts_are_declared_with_their_reasons(name: str) -> None:
    """The scenario's contacts are exactly the metadata's, each pair once, each with a basis of
    the rule, a reason and a source; a reach pair names a COW major power's stationed forces."""
    case = load_case(name)
    scenario = case_scenario(case)
    assert scenario.contacts is not None, "every case declares its contacts"
    declared = [frozenset(c.pair) for c in case.meta.contacts]
    assert len(set(declared)) == len(declared)
    assert {frozenset(p) for p in scenario.contacts} == set(declared)
    assert len(scenario.contacts) == len(declared)
    for c in case.meta.contacts:
        if c.basis == "reach":
            assert "major power" in c.why and "stationed" in c.why, c.pair
            assert "COW State System" in c.source, c.pair
        else:
            assert "COW class" in c.why and "Stinnett" in c.source, c.pair


@pytest.mark.parametrize("name", CASES)
def test_wars_the_rule_chooses_are_between_contacts(name: str) -> None:
    """Opportunistic, preventive and pre-emptive wars start only between declared contacts
    (scripted wars are the record's and are not limited)."""
    case = load_case(name)
    scenario = case_scenario(case)
    res = simulate(scenario, 48, rng=5, keep=48)
    index = {a: i for i, a in enumerate(res.actors)}
    pairs = {frozenset((index[a], index[b])) for a, b in scenario.contacts or []}
    ev = res.events
    chosen = np.isin(ev["code"], [int(c) for c in CHOSEN])
    for a, t in zip(ev["actor"][chosen], ev["target"][chosen], strict=True):
        assert frozenset((int(a), int(t))) in pairs, (res.actors[a], res.actors[t])


def _outcome(name: str, branch: str | None, runs: int, key: str) -> np.ndarray:
    case = load_case(name)
    res = simulate(case_scenario(case, [branch] if branch else []), runs, rng=1, keep=1)
    o = res.outcomes
    if key == "spiral":
        return np.asarray(o["spiral"], float)
    return (o[key] > 0).astype(float)


def test_pre_1914_britain_outside_the_entente_raises_the_war_probability() -> None:
    """pre-1914, no-entente (set from the start): Britain outside the Entente is a non-ally of
    France and Russia within reach of both, so incidents and crises among the three are no
    longer damped by alignment and the Franco-Russian bloc balances Germany alone (Walt 1987,
    The Origins of Alliances): paired over the same seeded runs, P(war) rises."""
    runs = 1000
    assert_paired_less(_outcome("pre-1914", None, runs, "war"),
                       _outcome("pre-1914", "no-entente", runs, "war"))


@pytest.mark.xfail(
    strict=True,
    reason="Engine 2: with the default per-step discount 0.9 Powell's condition needs a shift of "
    "about 0.1 of the power share per step, so preventive war is rare in nato-russia (0.01 a "
    "run) and enlargement cannot move it measurably; the discount and event rates are to be "
    "calibrated on 1816-1993 (the backtest issue). Strict: passing again is a signal.",
)
def test_nato_enlargement_raises_the_preventive_war_probability() -> None:
    """nato-russia, no-enlargement (edits 1999 and 2004): Russia's preventive hazard rises with
    a rival's growing power (Levy 1987, Declining Power and the Preventive Motivation for War);
    enlargement adds Poland's and the Baltic states' power to NATO's, so without it preventive
    wars are rarer. (P(war) of every kind is 1 in both branches: the record's 2008 and 2014 wars
    are scripted.)"""
    runs = 200
    assert_paired_less(_outcome("nato-russia", "no-enlargement", runs, "wars_preventive"),
                       _outcome("nato-russia", None, runs, "wars_preventive"))


def test_cuba_arms_control_lowers_the_spiral() -> None:
    """cuba-1962, no-arms-control (edits 1963-1972): without the test ban, NPT, SALT I and the
    ABM Treaty the superpowers' arming is not capped nor their compliance observed, so the
    spiral index rises (Schelling & Halperin 1961, Strategy and Arms Control). P(war) does not
    move: its wars are a greedy United States' opportunistic wars on Cuba from the first steps,
    which no later treaty changes."""
    runs = 200
    assert_paired_less(_outcome("cuba-1962", None, runs, "spiral"),
                       _outcome("cuba-1962", "no-arms-control", runs, "spiral"))
