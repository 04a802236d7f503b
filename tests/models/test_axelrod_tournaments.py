"""Axelrod's first and second tournaments replayed with the axelrod package's entries.

Published ranks are as the axelrod package documents them (herz has not read Axelrod's
tables); TIT FOR TAT won both. Every reproduced figure is a seeded regression, not a published
number.
"""

from __future__ import annotations

import pytest

from herz.models.axelrod_tournaments import FIRST_PUBLISHED, SECOND_PROB_END, play

pytestmark = pytest.mark.oracle


def test_first_field_ci_sized() -> None:
    """Kind: regression (seed 1, 1 game per pair, 200 moves) — all 15 published entries are
    present; the cooperative entries (published 1-8) all beat every one published 9-15, and
    the package's TIT FOR TAT is in the top five but not first (the known reproduction gap)."""
    pytest.importorskip("axelrod")
    rows = play("first", repetitions=1, seed=1)
    assert sorted(r.name for r in rows) == sorted(FIRST_PUBLISHED)
    top = {r.name for r in rows[:8]}
    assert top == set(FIRST_PUBLISHED[:8])
    tft = next(r for r in rows if r.name == "Tit For Tat")
    assert 1 < tft.rank <= 5 and tft.published_rank == 1


@pytest.mark.slow
def test_first_tournament_full() -> None:
    """Kind: regression (seed 1; 5 games of 200 moves per pair, as published) — reproduced
    order: Stein and Rapoport, Grofman, Shubik, TIT FOR TAT, Nydegger, Tideman and Chieruzzi,
    Grudger, Davis, Graaskamp, Downing, Feld, Tullock, Joss, Anonymous, Random; places 7-11
    and 14-15 match the published ones."""
    pytest.importorskip("axelrod")
    rows = play("first", repetitions=5, seed=1)
    assert [r.name for r in rows][:4] == ["First by Stein and Rapoport", "First by Grofman",
                                          "First by Shubik", "Tit For Tat"]
    assert all(r.rank == r.published_rank for r in rows if r.rank in (7, 8, 9, 10, 11, 14, 15))
    assert rows[3].score == pytest.approx(2.493, abs=5e-3)


@pytest.mark.slow
def test_second_tournament_partial_field() -> None:
    """Kind: regression (seed 1; 28 of 63 entries; 5 games per pair of random length, end
    probability 1 - w = 0.00346, Axelrod 1984) — TIT FOR TAT, first in 1980b, is only in the
    middle of this partial field (6th on this seed); Tit For 2 Tats (published 24th) is last."""
    pytest.importorskip("axelrod")
    assert SECOND_PROB_END == pytest.approx(0.003460, abs=1e-6)
    rows = play("second", repetitions=5, seed=1)
    assert len(rows) == 28
    assert next(r.rank for r in rows if r.name == "Tit For Tat") == 6
    assert rows[-1].name == "Tit For 2 Tats"
