"""The debrief: motives revealed, who started it, beliefs against the truth, the class against
simulated histories."""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np

from herz.game import Game, parse_config
from herz.game.debrief import debrief, debrief_csv, debrief_html


def _game(**cfg: Any) -> Game:
    settings = {"case": "ukraine", "turns": 5, "turn_seconds": 60, "seed": 11, **cfg}
    return Game.create(parse_config(settings))[0]


def test_a_war_the_class_started_is_dated_and_compared() -> None:
    game = _game(title="<b>Period 3</b>")
    game.join("Russia", "Ann")
    game.start()
    game.set_beliefs("Russia", {"Ukraine": 0.25, "United States": 1.0})
    game.move("Russia", {"attack": ["Ukraine"]})
    game.send("Russia", "<script>alert(1)</script>")
    while game.status != "ended":
        game.move("Russia", {})
    d = debrief(game, runs=200)
    greedy = game.batch.state.greedy[0]  # type: ignore[union-attr]
    assert d["motives"] == {n: "greedy" if g else "security"
                            for n, g in zip(game.names, greedy, strict=True)}
    m = d["against_model"]
    assert m["war_turn"] == 1 and "went to war at turn 1" in m["sentence"]
    assert 0 <= m["share_war_by_war_turn"] <= m["share_war_by_end"] <= 1
    assert sum(m["war_turns"]) == round(200 * m["share_war_by_end"])
    assert set(d["story"]["tellings"]) == set(game.names)
    assert "Turn 1" in " ".join(d["story"]["happened"]) and "Step" not in str(d["story"])
    rows = d["beliefs"]
    truth = {n: int(g) for n, g in zip(game.names, greedy, strict=True)}
    assert {(r["about"], r["stated"], r["truth"]) for r in rows} == {
        ("Ukraine", 0.25, truth["Ukraine"]), ("United States", 1.0, truth["United States"])}
    expected = ((0.25 - truth["Ukraine"]) ** 2 + (1.0 - truth["United States"]) ** 2) / 2
    assert abs(d["scores"]["Russia"] - expected) < 1e-3
    table = list(csv.DictReader(io.StringIO(debrief_csv(d))))
    assert len(table) == 2 and table[0]["game"] == game.code and table[0]["players"] == "Ann"
    page = debrief_html(d)
    assert "<b>Period 3</b>" not in page and "&lt;b&gt;Period 3" in page
    assert "<script>" not in page


def test_history_zero_is_the_game_the_computer_plays_alone() -> None:
    """Nobody moves: the class's history is the simulator's history 0 of the same seed."""
    now = [0.0]
    game = Game.create(parse_config({"case": "pre-1914", "turns": 8, "turn_seconds": 60,
                                     "seed": 5}), clock=lambda: now[0])[0]
    game.start()
    for _ in range(8):
        now[0] += 61  # nobody moves: the timer ends each turn
        game.tick()
    assert game.status == "ended"
    m = debrief(game, runs=50)["against_model"]
    assert m["war_turn"] == m["computer_alone_war_turn"]
    np.testing.assert_allclose(m["computer_alone_arms"], game.truth[-1]["arms"], atol=2e-3)
