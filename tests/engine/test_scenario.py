"""Scenario validation: strict types, finite and bounded numbers, no self-references, no
duplicate names, and every error one line naming the file, the field and what is allowed."""

from __future__ import annotations

from typing import Any

import pytest
from engine_support import example_data

from herz.engine.scenario import (
    MAX_OVERRIDE_DEPTH,
    apply_overrides,
    load_scenario,
    parse_scenario,
)
from herz.errors import HerzInputError
from herz.examples import example_path, examples


def _error(*overrides: str, name: str = "spiral") -> HerzInputError:
    data = apply_overrides(example_data(name), list(overrides), source=f"{name}.toml")
    with pytest.raises(HerzInputError) as err:
        parse_scenario(data, source=f"{name}.toml")
    text = str(err.value)
    assert "\n" not in text and text.startswith(f"{name}.toml: ")
    return err.value


@pytest.mark.parametrize("name", examples())
def test_every_example_is_valid(name: str) -> None:
    load_scenario(example_path(name))


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ("steps=true", "steps"),  # a bool is not an int (it used to run 1 step)
        ("steps=1e3", "steps"),  # a float is not an int
        ('steps="10"', "steps"),
        ('actors.0.gdp="100"', "actors.0.gdp"),  # a string is not a number
        ("actors.0.gdp=true", "actors.0.gdp"),
        ('timeline=[{step=1,actor="Blue",action="statement",target="Red",honest="yes"}]',
         "timeline.0.honest"),
        ('world.misread="0.1"', "world.misread"),
    ],
)
def test_no_silent_conversion(override: str, field: str) -> None:
    err = _error(override)
    assert err.field == field
    assert err.allowed


def test_ints_are_fine_where_floats_are_expected() -> None:
    data = apply_overrides(example_data("spiral"), ["actors.0.gdp=100", "world.misread=0"], "s")
    sc = parse_scenario(data)
    assert sc.actors[0].gdp == 100.0 and sc.world.misread == 0.0


@pytest.mark.parametrize("value", ["nan", "inf", "-inf"])
@pytest.mark.parametrize(
    "path",
    ["actors.0.gdp", "step_years", "world.offense_multiplier", "world.misread",
     "actors.0.forces.conventional_offensive", "start_year", "world.rationality"],
)
def test_non_finite_numbers_are_refused(path: str, value: str) -> None:
    if path.endswith("hostile"):
        value = f"[0.5, {value}]"
    err = _error(f"{path}={value}")
    assert err.field.startswith(path)
    assert "finite" in err.allowed or "finite" in err.problem


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ("actors.0.gdp=1e308", "actors.0.gdp"),
        ("actors.0.gdp=0", "actors.0.gdp"),
        ("actors.0.gdp=-5", "actors.0.gdp"),
        ("actors.0.forces.conventional_offensive=-1", "actors.0.forces.conventional_offensive"),
        ("actors.0.forces.conventional_offensive=1e308", "actors.0.forces.conventional_offensive"),
        ("step_years=0", "step_years"),
        ("step_years=-1", "step_years"),
        ("world.offense_multiplier=1e308", "world.offense_multiplier"),
        ("world.greed_premium=1e9", "world.greed_premium"),
        ("world.assured_destruction=1e300", "world.assured_destruction"),
        ('agreements=[{name="a",members=["Blue","Red"],caps={nuclear=-1}}]',
         "agreements.0.caps.nuclear"),
        ('timeline=[{step=1,actor="Blue",action="arm",force_class="nuclear",amount=1e308}]',
         "timeline.0.amount"),
        ('timeline=[{step=1,actor="Blue",action="arm",force_class="nuclear",amount=-1}]',
         "timeline.0.amount"),
        ('forces=[{name="a",cost=1e300}]', "forces.0.cost"),
    ],
)
def test_ranges(override: str, field: str) -> None:
    err = _error(override)
    assert err.field == field
    assert any(op in err.allowed for op in ("<=", ">=", ">", "<"))


@pytest.mark.parametrize("action", ["alert", "deploy", "sanction", "covert", "concession"])
def test_level_amounts_lie_in_unit_interval(action: str) -> None:
    target = "" if action in ("alert", "concession") else ',target="Red"'
    extra = ',force_class="cyber"' if action == "covert" else ""
    err = _error(f'timeline=[{{step=1,actor="Blue",action="{action}"{target}{extra},amount=1.5}}]')
    assert err.field == "timeline.0.amount"
    assert err.allowed == "<= 1, >= 0" or err.allowed == ">= 0, <= 1"
    assert action in err.problem
    ok = apply_overrides(
        example_data("spiral"),
        [f'timeline=[{{step=1,actor="Blue",action="{action}"{target}{extra},amount=0.5}}]'], "s",
    )
    parse_scenario(ok)


@pytest.mark.parametrize(
    ("override", "field", "word"),
    [
        ('hotlines=[["Blue","Blue"]]', "", "itself"),
        ('contacts=[["Red","Red"]]', "", "itself"),
        ('beliefs=[{holder="Blue",about="Blue",value=0.5}]', "beliefs.0.about", "itself"),
        ('timeline=[{step=1,actor="Blue",action="deploy",target="Blue"}]', "timeline.0.target",
         "itself"),
        ('timeline=[{step=1,actor="Blue",action="ally",target="Blue"}]', "timeline.0.target",
         "itself"),
        ('timeline=[{step=1,actor="Blue",action="hotline",target="Blue"}]', "timeline.0.target",
         "itself"),
        ('timeline=[{step=1,actor="Blue",action="proxy",target="Red",against="Red"}]',
         "timeline.0.against", "itself"),
        ('alliances=[{name="x",members=["Blue","Blue"]}]', "alliances.0", "'Blue'"),
        ('agreements=[{name="x",members=["Blue","Blue"]}]', "agreements.0", "'Blue'"),
    ],
)
def test_self_references(override: str, field: str, word: str) -> None:
    err = _error(override)
    assert err.field == field or not field
    assert word in str(err)


@pytest.mark.parametrize(
    ("override", "name"),
    [
        ('alliances=[{name="x",members=["Blue"]},{name="x",members=["Red"]}]', "'x'"),
        ('agreements=[{name="g",members=["Blue","Red"]},{name="g",members=["Red","Blue"]}]',
         "'g'"),
        ('forces=[{name="tanks"},{name="tanks"}]', "'tanks'"),
        ('actors.1.name="Blue"', "'Blue'"),
    ],
)
def test_duplicate_names_are_named(override: str, name: str) -> None:
    err = _error(override)
    assert name in err.problem and "twice" in err.problem


def test_override_paths_are_bounded() -> None:
    keys = ".".join(["world"] + ["x"] * 5000)
    with pytest.raises(HerzInputError) as err:
        apply_overrides(example_data("spiral"), [f"{keys}=1"], "spiral.toml")
    assert f"at most {MAX_OVERRIDE_DEPTH} keys" in str(err.value)


def test_deeply_nested_data_is_refused() -> None:
    data: dict[str, Any] = example_data("spiral")
    deep: Any = 1
    for _ in range(5000):
        deep = [deep]
    data["world"]["misread"] = deep
    with pytest.raises(HerzInputError, match="nested more than"):
        parse_scenario(data, "spiral.toml")


def test_dump_and_validate_again() -> None:
    """The JSON dump (pairs as lists) validates strictly to the same scenario."""
    sc = load_scenario(example_path("hotline"))
    assert parse_scenario(sc.model_dump(mode="json")) == sc
