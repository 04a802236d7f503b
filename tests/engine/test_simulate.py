"""The batch simulation: reproducibility, invariants of whole runs, scale, bad input.

Kinds: regression (seeded determinism), property (hypothesis over scenario parameters).
"""

from __future__ import annotations

import numpy as np
import pytest
from engine_support import scenario
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.engine.actions import Action
from herz.engine.scenario import load_scenario, parse_scenario
from herz.engine.simulate import simulate
from herz.errors import HerzInputError
from herz.examples import example_path, examples


def _same(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


def test_same_seed_same_numbers() -> None:
    s = scenario("spiral")
    _same(
        simulate(s, runs=20, steps=10, rng=5).outcomes,
        simulate(s, runs=20, steps=10, rng=5).outcomes,
    )
    other = simulate(s, runs=20, steps=10, rng=6).outcomes
    assert not np.array_equal(
        other["arms_final"], simulate(s, runs=20, steps=10, rng=5).outcomes["arms_final"]
    )


def test_numbers_do_not_depend_on_batch_size_or_chunking() -> None:
    s = scenario("monitoring", "actors.Red.p_greedy=0.5")
    whole = simulate(s, runs=12, steps=8, rng=9, keep=12)
    chunked = simulate(s, runs=12, steps=8, rng=9, keep=12, chunk_size=5)
    _same(whole.outcomes, chunked.outcomes)
    _same(whole.series, chunked.series)
    _same(whole.events, chunked.events)
    first = simulate(s, runs=4, steps=8, rng=9, keep=4)
    for k, v in first.outcomes.items():
        np.testing.assert_array_equal(v, whole.outcomes[k][:4], err_msg=k)
    np.testing.assert_array_equal(first.greedy, whole.greedy[:4])


def test_types_drawn_from_the_prior() -> None:
    s = scenario("monitoring", "actors.Red.p_greedy=0.3")
    res = simulate(s, runs=2000, steps=1, rng=1, keep=1)
    share = res.greedy[:, 1].mean()
    assert abs(share - 0.3) < 3 * np.sqrt(0.3 * 0.7 / 2000)
    assert not res.greedy[:, 0].any()


@pytest.mark.parametrize("name", examples())
def test_every_example_runs_and_keeps_its_invariants(name: str) -> None:
    res = simulate(load_scenario(example_path(name)), runs=8, steps=12, rng=0, keep=8)
    b = res.series["belief"]
    assert np.all((b >= 0) & (b <= 1))
    assert np.all(res.series["arms"] >= 0)
    assert np.all((res.series["security"] >= 0) & (res.series["security"] <= 1))
    assert np.all(res.series["gdp"] > 0)


def test_twenty_state_region_runs() -> None:
    res = simulate(load_scenario(example_path("region20")), runs=10, steps=10, rng=0)
    assert res.series["belief"].shape == (10, 11, 20, 20)
    assert res.outcomes["arms_final"].shape == (10, 20)


@settings(max_examples=15, deadline=None)
@given(
    od=st.floats(0, 1),
    dist=st.floats(0, 1),
    empathy=st.floats(0, 1),
    share=st.floats(0.01, 0.5),
    greedy=st.booleans(),
)
def test_runs_respect_invariants_for_any_parameters(
    od: float, dist: float, empathy: float, share: float, greedy: bool
) -> None:
    """Kind: property. Beliefs are probabilities, forces non-negative, and the built-in rule
    never spends more than its budget share (there is no scripted arming here)."""
    s = scenario(
        "spiral",
        f"world.offense_dominance={od}",
        f"world.distinguishability={dist}",
        f"actors.Blue.empathy={empathy}",
        f"actors.Red.max_budget_share={share}",
        f"actors.Red.motive={'greedy' if greedy else 'security'}",
    )
    res = simulate(s, runs=5, steps=10, rng=3, keep=5)
    assert np.all((res.series["belief"] >= 0) & (res.series["belief"] <= 1))
    assert np.all(res.series["arms"] >= 0)
    spend, gdp = res.series["spending"][:, :-1, 1], res.series["gdp"][:, :-1, 1]
    assert np.all(spend <= share * gdp * 1.0001)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"actors": [{"name": "A", "gdp": 1}]}, "actors: List should have at least 2"),
        (
            {"actors": [{"name": "A", "gdp": -1}, {"name": "B", "gdp": 1}]},
            "actors.0.gdp: Input should be greater than 0",
        ),
        (
            {"actors": [{"name": "A", "gdp": 1}, {"name": "B", "gdp": 1}], "steps": 5000},
            "steps: Input should be less than or equal to 1000",
        ),
        (
            {"actors": [{"name": "A", "gdp": 1, "forces": {"tanks": 1}}, {"name": "B", "gdp": 1}]},
            "unknown force class 'tanks'",
        ),
        (
            {
                "actors": [{"name": "A", "gdp": 1}, {"name": "B", "gdp": 1}],
                "timeline": [{"step": 1, "actor": "A", "action": "attack"}],
            },
            "needs a target",
        ),
        (
            {"actors": [{"name": "A", "gdp": 1}, {"name": "B", "gdp": 1}], "colour": "red"},
            "colour: unknown field",
        ),
    ],
)
def test_bad_scenarios_get_one_line_errors(data: dict, message: str) -> None:  # type: ignore[type-arg]
    with pytest.raises(HerzInputError) as err:
        parse_scenario(data, source="bad.toml")
    text = str(err.value)
    assert text.startswith("bad.toml: ") and message in text and "\n" not in text


def test_bad_run_sizes() -> None:
    s = scenario("spiral")
    with pytest.raises(HerzInputError, match="runs"):
        simulate(s, runs=0)
    with pytest.raises(HerzInputError, match="steps"):
        simulate(s, runs=1, steps=1001)


def test_user_policy_acts_on_equal_terms() -> None:
    """A user policy (here: never arm) drives its actor through the same interface."""

    def frugal(obs):  # type: ignore[no-untyped-def]
        d = obs.default
        d.spend[:, obs.actor] = 0.0
        return d

    res = simulate(scenario("spiral"), runs=5, steps=10, rng=0, keep=5, policies={"Blue": frugal})
    assert np.all(res.series["spending"][:, :-1, 0] == 0)
    assert np.all(res.series["spending"][:, 1:-1, 1] > 0)
    with pytest.raises(HerzInputError, match="no actor"):
        simulate(scenario("spiral"), runs=1, policies={"Nobody": frugal})


def test_force_is_used_only_within_reach() -> None:
    """With ``contacts``, incidents, coercion and wars of the built-in rule happen only between
    the pairs listed; unlisted pairs still perceive and arm against each other."""
    from herz.engine.actions import WAR_KINDS

    s = scenario("preventive_war", contacts=[["Blue", "Green"]])
    res = simulate(s, runs=100, steps=20, rng=2, keep=100)
    ev = res.events
    clash = np.isin(ev["code"], [*WAR_KINDS, Action.INCIDENT, Action.COERCE, Action.DEPLOY])
    pairs = {frozenset((int(a), int(t))) for a, t in zip(ev["actor"][clash],
                                                           ev["target"][clash], strict=True)}
    assert clash.sum() > 10 and pairs == {frozenset((0, 2))}
    assert res.series["threat"][:, 1, 0, 1].min() > 0  # Blue still sees Red as a threat


@pytest.mark.parametrize(
    ("spec", "problem"),
    [
        ("os:getcwd", "cannot be called with one argument"),  # takes no argument
        ("json:loads", "failed: TypeError"),  # takes one, but not an observation
        ("builtins:len", "failed: TypeError"),
        ("copy:copy", "returned Observation, not Decisions"),  # returns the wrong thing
        ("os:sep", "is not callable"),
        ("os", "is not module:function"),
        ("no_such_module_here:f", "cannot import"),
    ],
)
def test_user_policy_that_is_not_a_policy(spec: str, problem: str) -> None:
    s = scenario("spiral", f'actors.Blue.policy="{spec}"')
    with pytest.raises(HerzInputError) as err:
        simulate(s, runs=2, steps=3)
    assert problem in str(err.value) and "\n" not in str(err.value)
    assert err.value.field == "actors.0.policy"


def test_python_policy_returning_nothing_is_named() -> None:
    with pytest.raises(HerzInputError, match="returned NoneType, not Decisions"):
        simulate(scenario("spiral"), runs=2, steps=3, policies={"Blue": lambda obs: None})


def test_negative_seed_is_an_input_error() -> None:
    with pytest.raises(HerzInputError, match="seed: -1 is negative"):
        simulate(scenario("spiral"), runs=2, steps=3, rng=-1)
