"""The error type and the randomness helper shared by every module."""

import numpy as np
import pytest

from herz.errors import HerzInputError, require_probability
from herz.rng import handle_rng, run_seed_sequences, spawn_generators


def test_error_message_is_one_line_naming_file_field_and_allowed() -> None:
    err = HerzInputError("bad\nvalue", field="world.offense_defense", allowed="0..1",
                         source="s.toml")
    assert str(err) == "s.toml: world.offense_defense: bad value (allowed: 0..1)"
    assert "\n" not in str(err.with_source("t.toml"))


def test_require_probability_rejects_outside_unit_interval() -> None:
    assert require_probability(0.3, "p") == 0.3
    with pytest.raises(HerzInputError, match="p: 1.5 is not a probability"):
        require_probability(1.5, "p")


@pytest.mark.parametrize("rng", [None, 3, np.random.SeedSequence(3), np.random.default_rng(3)])
def test_handle_rng_accepts_every_form(rng: object) -> None:
    assert isinstance(handle_rng(rng), np.random.Generator)  # type: ignore[arg-type]


def test_run_streams_do_not_depend_on_chunking() -> None:
    whole = [g.random() for g in spawn_generators(11, 6)]
    chunks = [g.random() for g in spawn_generators(11, 2)]
    chunks += [g.random() for g in spawn_generators(11, 4, start=2)]
    assert whole == chunks
    assert len({s.spawn_key for s in run_seed_sequences(11, 6)}) == 6
