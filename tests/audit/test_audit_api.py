"""The audit's API: inputs checked with one-line errors, reproducibility, general rules."""

from __future__ import annotations

import pytest
from audit_support import DEFENSIVE, OFFENSIVE, example

from herz.audit import REPERTOIRE, audit
from herz.audit.policy import check_policy, with_policy
from herz.audit.report import to_dict
from herz.audit.variants import generate
from herz.engine.actions import Action
from herz.errors import HerzInputError


def test_same_seed_same_numbers() -> None:
    """Kind: seed-pinned -- one seed gives the same audit."""
    s = example("spiral")
    a = to_dict(audit(s, "Blue", OFFENSIVE, 8, runs=12, rng=4, max_rules=1))
    b = to_dict(audit("spiral", "Blue", OFFENSIVE, 8, runs=12, rng=4, max_rules=1))
    assert a == b
    assert a["inputs"]["seed"] == 4 and a["inputs"]["runs"] == 12


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"actor": "Green"}, "actor"),
        ({"policy": [{"step": 1, "action": "fly"}]}, "policy.0.action"),
        ({"policy": [{"step": 1, "action": "incident"}]}, "policy.0.action"),
        ({"horizon": 0}, "horizon"),
        ({"horizon": 1001}, "horizon"),
        ({"policy": [{"step": 9, "action": "alert"}], "horizon": 9}, "policy.0.step"),
        ({"policy": [{"step": 1, "action": "arm", "force_class": "lasers"}]},
         "policy.0.force_class"),
        ({"policy": [{"step": 1, "action": "arm"}]}, "policy.0.force_class"),
        ({"policy": [{"step": 1, "action": "deploy", "target": "Blue"}]}, "policy.0.target"),
        ({"policy": [{"step": 1, "action": "deploy", "target": "Mars"}]}, "policy.0.target"),
        ({"policy": [{"step": 1, "action": "alert", "actor": "Red"}]}, "policy.0.actor"),
        ({"policy": [{"step": 1, "action": "alert", "colour": 3}]}, "policy.0.colour"),
        ({"policy": []}, "policy"),
        ({"purpose": "Blue"}, "purpose.rival"),
        ({"purpose": "Mars"}, "purpose.rival"),
        ({"runs": 1}, "runs"),
    ],
)
def test_bad_input_is_one_line(kwargs: dict, field: str) -> None:
    args = {"actor": "Blue", "policy": DEFENSIVE, "horizon": 10, "runs": 4, "variants": False}
    args.update(kwargs)
    actor, policy, horizon = args.pop("actor"), args.pop("policy"), args.pop("horizon")
    with pytest.raises(HerzInputError) as err:
        audit("spiral", actor, policy, horizon, **args)
    assert err.value.field == field
    assert "\n" not in str(err.value)


def test_repertoire_is_the_engines() -> None:
    assert set(REPERTOIRE) == {a.name.lower() for a in Action if a < 100}


def _rename(name: str, mapping: dict[str, str]) -> object:
    data = example(name).model_dump(mode="json")
    for actor in data["actors"]:
        actor["name"] = mapping[actor["name"]]
    return data


def test_results_do_not_depend_on_names() -> None:
    """No rule keys on an actor's name: renaming the actors changes no number."""
    from herz.engine.scenario import parse_scenario

    renamed = parse_scenario(_rename("spiral", {"Blue": "Ayr", "Red": "Bex"}), "renamed")
    policy = [dict(OFFENSIVE[0]), {**OFFENSIVE[1], "target": "Bex"}]
    a = audit("spiral", "Blue", OFFENSIVE, 10, "Red", runs=16, rng=2, max_rules=1)
    b = audit(renamed, "Ayr", policy, 10, "Bex", runs=16, rng=2, max_rules=1)
    assert [v.name for v in a.variants] == [v.name for v in b.variants]
    for va, vb in zip(a.variants, b.variants, strict=True):
        assert va.outcome.as_dict() == vb.outcome.as_dict()
    assert a.own.net_security.as_dict() == b.own.net_security.as_dict()


def test_variant_rules_follow_the_catalogue() -> None:
    s = example("strategic_forces")
    entries = check_policy(
        s,
        "Blue",
        [
            {"step": 1, "action": "arm", "force_class": "counterforce", "amount": 4.0},
            {"step": 1, "action": "arm", "force_class": "conventional_offensive", "amount": 2.0},
            {"step": 2, "action": "deploy", "target": "Red", "amount": 0.6},
            {"step": 3, "action": "covert", "target": "Red"},
        ],
        20,
    )
    variants = generate(s, "Blue", entries, 20, max_rules=1)
    found = {v.name: v for v in variants if len(v.rules) == 1}
    assert variants[-1].rules == tuple(found)  # then all rules together
    assert set(found) == {"defensive", "restraint", "phasing", "explanation", "transparency",
                          "agreement"}
    classes = [e.force_class for e in found["defensive"].entries if e.action == "arm"]
    assert classes == ["ssbn", "conventional_defensive"]  # survivable, distinguishable
    restrained = found["restraint"].entries
    assert [e.action for e in restrained] == ["arm", "arm", "deploy"]  # covert dropped
    assert [e.amount for e in restrained] == [2.0, 1.0, 0.3]
    arm = [e for e in found["phasing"].entries if e.action == "arm"]
    assert len(arm) == 6 and sum(e.amount for e in arm) == pytest.approx(6.0)
    said = [e for e in found["explanation"].entries if e.action == "statement"]
    assert {e.step for e in said} == {1, 2, 3, 4, 5} and all(e.target == "Red" for e in said)
    assert all(e.honest for e in said)  # Blue's fixed motive is security
    (treaty,) = found["agreement"].agreements
    assert set(treaty.members) == {"Blue", "Red"} and "counterforce" in treaty.caps
    assert treaty.caps["counterforce"] == pytest.approx(4.0 / 1.2)
    (regime,) = found["transparency"].agreements
    assert regime.caps == {} and regime.start == 1
    # Each combination is a valid scenario.
    for v in generate(s, "Blue", entries, 20):
        with_policy(s, v.entries, v.agreements)


def test_a_defensive_policy_has_no_defensive_variant() -> None:
    s = example("spiral")
    entries = check_policy(s, "Blue", DEFENSIVE, 20)
    names = {v.name for v in generate(s, "Blue", entries, 20, max_rules=1) if len(v.rules) == 1}
    assert "defensive" not in names and "restraint" not in names


def test_an_ally_is_not_a_rival() -> None:
    """An ally perceives no threat; regimes and treaties are offered to rivals only."""
    from herz.engine.scenario import parse_scenario

    data = example("spiral").model_dump(mode="json")
    data["actors"].append({**data["actors"][1], "name": "Green"})
    data["alliances"] = [{"name": "pact", "members": ["Blue", "Green"]}]
    s = parse_scenario(data, "three")
    result = audit(s, "Blue", OFFENSIVE, 8, runs=10, rng=1, max_rules=1)
    green = next(v for v in result.others if v.actor == "Green")
    assert green.threat_base == 0.0 and "no threat" in result.summaries["Green"]
    treaties = [g for v in result.variants for g in v.spec.agreements]
    assert treaties and all(set(g.members) == {"Blue", "Red"} for g in treaties)


def test_memory_bound_is_a_one_line_error() -> None:
    with pytest.raises(HerzInputError, match="at most"):
        audit("region20", "Avaria", [{"step": 1, "action": "alert"}], 100, runs=20_000)


def test_progress_counts_every_version() -> None:
    """The progress hook sees baseline, policy and each variant once, in order."""
    from herz.audit import audit

    calls: list[tuple[int, int]] = []
    result = audit("spiral", "Blue", [{"step": 1, "action": "arm", "amount": 2,
                                        "force_class": "conventional_offensive"}],
                   horizon=6, runs=8, rng=0, max_rules=1,
                   progress=lambda d, t: calls.append((d, t)))
    total = 2 + len(result.variants)
    assert calls == [(i, total) for i in range(1, total + 1)]
