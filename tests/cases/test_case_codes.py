"""Case outputs a researcher can join to data: standard actor codes, calendar years, scripted
acts told from the model's own, and nothing logged at step 0 that did not happen then."""

from __future__ import annotations

import numpy as np
import pytest

from herz.cases import actor_codes, case_names, case_scenario, load_case
from herz.cases.spec import ActorCode
from herz.engine.actions import Action
from herz.engine.simulate import simulate
from herz.errors import HerzInputError
from herz.results.tables import events_table, outcomes_table, quantiles_table, steps_table


@pytest.mark.parametrize("name", case_names())
def test_every_actor_has_codes(name: str) -> None:
    case = load_case(name)
    codes = actor_codes(case)
    assert list(codes) == [a["name"] for a in case.data["actors"]]
    for code in codes.values():
        assert code.kind in ("state", "aggregate", "non-state")
        assert all(0 < c < 1000 for c in code.ccode)


def test_codes_of_aggregates_and_non_state_actors() -> None:
    nato = actor_codes(load_case("nato-russia"))
    assert nato["NATO Europe"].kind == "aggregate"
    assert sorted(nato["NATO Europe"].ccode) == [200, 220, 255]
    assert nato["Russia"].ccode == [365] and nato["Russia"].iso3 == ["RUS"]
    iran = actor_codes(load_case("iran"))
    assert iran["Hezbollah"].kind == "non-state" and iran["Hezbollah"].ccode == []
    pre = actor_codes(load_case("pre-1914"))
    assert pre["Austria-Hungary"].ccode == [300] and pre["Austria-Hungary"].iso3 == []


def test_code_schema_rejects_inconsistent_codes() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        ActorCode(actor="X", kind="state", ccode=[1, 2])
    with pytest.raises(ValueError, match="members"):
        ActorCode(actor="X", kind="aggregate", ccode=[1], why="a bloc")
    with pytest.raises(ValueError, match="no state codes"):
        ActorCode(actor="X", kind="non-state", ccode=[1], why="a movement")
    with pytest.raises(ValueError, match="alpha-3"):
        ActorCode(actor="X", kind="state", ccode=[2], iso3=["us"])


def test_missing_codes_are_an_error() -> None:
    case = load_case("cuba-1962")
    meta = case.meta.model_copy(update={"codes": case.meta.codes[:-1]})
    broken = type(case)(meta=meta, data=case.data, source=case.source)
    with pytest.raises(HerzInputError, match="no codes for Cuba"):
        actor_codes(broken)


@pytest.fixture(scope="module")
def pre_1914():
    return simulate(case_scenario(load_case("pre-1914")), 40, rng=3, keep=40)


def test_every_table_has_a_year_beside_the_step(pre_1914) -> None:
    for table in (steps_table(pre_1914), quantiles_table(pre_1914), events_table(pre_1914)):
        keys = list(table)
        assert keys[keys.index("step") + 1] == "year"
        assert np.array_equal(table["year"], 1908 + table["step"])
    out = outcomes_table(pre_1914)
    for step, year in zip(out["first_war_step"], out["first_war_year"], strict=True):
        assert (step is None and year is None) or year == 1908 + step


def test_scripted_acts_are_flagged(pre_1914) -> None:
    ev = events_table(pre_1914)
    names = ("Germany", "Russia")
    bosnia = ((ev["year"] == 1909) & (ev["action"] == "coerce") & (ev["actor"] == names[0])
              & (ev["target"] == names[1]))
    assert bosnia.sum() == 40 and ev["scripted"][bosnia].all()  # in every kept run
    agadir = (ev["year"] == 1911) & (ev["action"] == "deploy") & (ev["actor"] == "Germany")
    assert ev["scripted"][agadir & (ev["target"] == "France")].all()
    own = ev["action"] == "incident"
    assert own.any() and not ev["scripted"][own].any()


def test_no_deployment_is_logged_at_step_0_unless_scripted() -> None:
    """A greedy actor's standing deployment is the posture it held when the case opens."""
    res = simulate(case_scenario(load_case("nato-russia")), 60, rng=0, keep=60)
    ev = res.events
    first = (ev["step"] == 0) & (ev["code"] == int(Action.DEPLOY))
    assert not (first & ~ev["scripted"]).any()
    later = (ev["step"] > 0) & (ev["code"] == int(Action.DEPLOY)) & ~ev["scripted"]
    assert later.any()  # the rule's later deployments are still logged
