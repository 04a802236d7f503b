"""Axelrod's first and second tournaments replayed with the axelrod package's entries.

Published ranks are as the axelrod package documents them; the four Table 2 rows (Axelrod
1980a) are read from a stored copy of the table. TIT FOR TAT won both tournaments.
"""

from __future__ import annotations

import numpy as np
import pytest

from herz.models.axelrod_tournaments import (
    FIRST_PUBLISHED,
    FIRST_TABLE2_ROWS,
    SECOND_PROB_END,
    first_tournament,
    play,
    reference_checks,
)

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


def test_first_tournament_table2_ci_sized() -> None:
    """Kind: published (Axelrod 1980a, Table 2; 1 game of 200 moves per pair, seed 3) — the
    package reproduces the four published rows against the eight nice entries within 4 points
    per cell; the published top eight are the reproduced top eight; and the validate checks
    (2 games, seed 0) pass."""
    pytest.importorskip("axelrod")
    rep = first_tournament(repetitions=1, seed=3)
    assert rep.names == FIRST_PUBLISHED and rep.per_game.shape == (15, 15)
    for name, row in FIRST_TABLE2_ROWS.items():
        i = FIRST_PUBLISHED.index(name)
        assert np.abs(rep.per_game[i, :8] - np.array(row[:8])).max() <= 4.0
    assert rep.nice_in_top() == 8 and rep.rank_correlation() > 0.85
    assert all(c.passed for c in reference_checks())


@pytest.mark.slow
def test_first_tournament_table2_full() -> None:
    """Kind: published vs reproduced (20 games of 200 moves per pair, seed 0) — TIT FOR TAT's
    mean is 509.1 against the published 504.5; against the non-nice entries the re-implemented
    Graaskamp (-72), Joss (+31), Tullock (+28) and Anonymous (+87) move TIT FOR TAT's cells,
    Downing's cell is reproduced (597); Spearman rho with the published order is about 0.90
    and places 9-11 (Graaskamp, Downing, Feld) are reproduced."""
    pytest.importorskip("axelrod")
    rep = first_tournament(repetitions=20, seed=0)
    tft = rep.per_game[0]
    pub = np.array(FIRST_TABLE2_ROWS["Tit For Tat"], float)
    assert rep.means[0] == pytest.approx(509.1, abs=1.0)
    assert tft[9] == pytest.approx(pub[9], abs=1.0)  # Downing
    for j, shift in ((8, -72), (11, 31), (12, 28), (13, 87)):
        assert tft[j] - pub[j] == pytest.approx(shift, abs=12)
    assert rep.order[8:11] == [8, 9, 10]
    assert rep.rank_correlation() == pytest.approx(0.90, abs=0.03)
