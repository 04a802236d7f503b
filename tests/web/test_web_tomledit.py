"""herz.web.tomledit: one value of a TOML text changed, every comment and the order kept."""

from __future__ import annotations

import tomllib

import pytest

from herz.errors import HerzInputError
from herz.examples import example_path
from herz.web.tomledit import edit_toml

TEXT = """\
# A comment on top, explaining the scenario.
name = "demo"
steps = 10  # a trailing comment

[world]
# why offence dominates here
offense_dominance = 0.8

[[actors]]
name = "Blue"
empathy = 0.1
forces = { conventional_offensive = 3, conventional_defensive = 3 }

[[actors]]
name = "Red"
empathy = 0.1
"""


def _comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]


def test_a_change_keeps_comments_and_order_and_changes_only_that_value() -> None:
    out = edit_toml(TEXT, ["actors", 0, "empathy"], 0.9)
    assert _comments(out) == _comments(TEXT)
    assert tomllib.loads(out)["actors"][0]["empathy"] == 0.9
    changed = [(a, b) for a, b in zip(TEXT.splitlines(), out.splitlines(), strict=True) if a != b]
    assert changed == [("empathy = 0.1", "empathy = 0.9")]


def test_every_example_keeps_its_comments() -> None:
    text = example_path("spiral").read_text(encoding="utf-8")
    out = edit_toml(text, ["world", "offense_dominance"], 0.3)
    assert _comments(out) == _comments(text) and len(_comments(text)) >= 5
    assert tomllib.loads(out)["world"]["offense_dominance"] == 0.3


def test_inline_tables_stay_inline_and_new_keys_are_added() -> None:
    out = edit_toml(TEXT, ["actors", 0, "forces", "conventional_offensive"], 5)
    assert "forces = { conventional_offensive = 5, conventional_defensive = 3 }" in out
    out = edit_toml(TEXT, ["world", "hotline"], True)
    assert tomllib.loads(out)["world"] == {"offense_dominance": 0.8, "hotline": True}
    assert out.index("hotline") < out.index("[[actors]]")  # inside its own table
    out = edit_toml(TEXT, ["institutions", "monitoring"], 0.5)
    assert tomllib.loads(out)["institutions"] == {"monitoring": 0.5}


def test_delete_and_append() -> None:
    out = edit_toml(TEXT, ["steps"], None)
    assert "steps" not in tomllib.loads(out) and "# A comment on top" in out
    out = edit_toml(TEXT, ["actors", 1], None)
    assert [a["name"] for a in tomllib.loads(out)["actors"]] == ["Blue"]
    out = edit_toml(TEXT, ["actors", 2], {"name": "Green"})
    assert [a["name"] for a in tomllib.loads(out)["actors"]] == ["Blue", "Red", "Green"]
    out = edit_toml(TEXT, ["alliances", 0], {})
    assert tomllib.loads(out)["alliances"] == [{}]


@pytest.mark.parametrize(("text", "path", "field"), [
    ("name = [", ["name"], "toml"),
    (TEXT, ["actors", 5, "empathy"], "actors.5"),
    (TEXT, ["steps", "x"], "steps"),
    (TEXT, [], "path"),
])
def test_bad_edits_name_the_field(text: str, path: list[str | int], field: str) -> None:
    with pytest.raises(HerzInputError) as err:
        edit_toml(text, path, 1)
    assert err.value.field == field
