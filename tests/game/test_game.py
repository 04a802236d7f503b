"""The classroom game's core: seats and tokens, moves checked, turns, timer, persistence."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

from herz.engine.simulate import simulate
from herz.errors import HerzInputError
from herz.game import Forbidden, Game, codes, parse_config
from herz.game.store import GameStore


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make(clock: Clock | None = None, **cfg: Any) -> tuple[Game, str]:
    settings = {"example": "spiral", "turns": 4, "turn_seconds": 60, "seed": 7, **cfg}
    return Game.create(parse_config(settings), clock=clock or Clock())


def frozen(game: Game) -> str:
    rec = game.record()
    rec.pop("saved")
    return json.dumps(rec, sort_keys=True)


def test_codes_are_short_unambiguous_and_tokens_long() -> None:
    seen = {codes.join_code() for _ in range(200)}
    assert len(seen) == 200
    for code in seen:
        assert len(code) == 6 and not set(code) & set("01OIL")
        assert codes.check_code(code.lower()) == code
    assert codes.check_code("ABC0EF") == ""
    token = codes.new_token()
    assert len(token) >= 32 and codes.same(token, codes.digest(token))
    assert not codes.same(token + "x", codes.digest(token))


def test_seats_bound_to_tokens() -> None:
    game, teacher = make()
    token = game.join("Blue", "Ann")
    assert game.seat_of(token) == "Blue"
    rec = json.dumps(game.record())
    assert token not in rec and teacher not in rec  # only digests are kept
    with pytest.raises(HerzInputError, match="taken"):
        game.join("Blue", "Bob")
    with pytest.raises(HerzInputError, match="no seat"):
        game.join("Green")
    with pytest.raises(Forbidden):
        game.seat_of(codes.new_token())
    with pytest.raises(Forbidden):
        game.seat_of(None)
    with pytest.raises(Forbidden):
        game.check_teacher(token)
    game.check_teacher(teacher)
    game.free_seat("Blue")
    with pytest.raises(Forbidden):
        game.seat_of(token)  # revoked
    assert game.seat_of(game.join("Blue", "Bob")) == "Blue"


def test_teams_share_a_seat() -> None:
    game, _ = make(team_size=2)
    a, b = game.join("Red", "A"), game.join("Red", "B")
    assert a != b and game.seat_of(a) == game.seat_of(b) == "Red"
    with pytest.raises(HerzInputError, match="taken"):
        game.join("Red", "C")
    game.start()
    # The turn waits for every member of the team; the last move counts for the seat.
    game.move("Red", {"hotline": ["Blue"]}, mover=codes.digest(a))
    assert len(game.turns) == 0 and game.public_view()["seats"][1]["moved"]
    game.move("Red", {"alert": 0.5}, mover=codes.digest(b))
    assert len(game.turns) == 1 and game.turns[0]["moves"]["Red"]["alert"] == 0.5


def test_config_errors_name_the_field() -> None:
    with pytest.raises(HerzInputError, match="turns"):
        parse_config({"example": "spiral", "turns": 0})
    with pytest.raises(HerzInputError, match="seats"):
        Game.create(parse_config({"example": "spiral", "seats": ["Nobody"]}))
    with pytest.raises(HerzInputError, match="2 to 8 states"):
        Game.create(parse_config({"example": "region20"}))
    with pytest.raises(HerzInputError, match="exactly one"):
        Game.create(parse_config({"turns": 3}))
    assert parse_config({"example": "spiral"}).seed is not None  # drawn and recorded


@pytest.mark.parametrize(
    ("move", "field", "message"),
    [
        ({"spend": 0.5}, "spend", "over budget"),
        ({"deploy": {"Blue": 0.5}}, "deploy", "no other state"),
        ({"deploy": {"Green": 0.5}}, "deploy", "no other state"),
        ({"covert": {"Red": 0.5}}, "covert", "cyber"),
        ({"attack": "Red"}, "attack", "list"),
        ({"fly": 1}, "fly", "Extra inputs"),
        ({"alert": 2}, "alert", "less than or equal"),
        ({"statement": {"Red": "maybe"}}, "statement", "honest"),
        ([1, 2], "move", "JSON object"),
        ({"mix": {"tanks": 1}}, "mix", "no force class"),
    ],
)
def test_bad_moves_are_refused_and_change_nothing(move: Any, field: str, message: str) -> None:
    game, _ = make()
    game.join("Blue")
    game.start()
    before = frozen(game)
    with pytest.raises(HerzInputError, match=message) as err:
        game.move("Blue", move)
    assert err.value.field.startswith(field)
    assert "\n" not in str(err.value)
    assert frozen(game) == before


def test_closed_actions_and_late_moves_are_refused() -> None:
    clock = Clock()
    game, _ = make(clock, actions=["arm", "statement"])
    game.join("Blue")
    game.join("Red")
    with pytest.raises(HerzInputError, match="lobby"):
        game.move("Blue", {})
    game.start()
    with pytest.raises(HerzInputError, match="'attack' is not open"):
        game.move("Blue", {"attack": ["Red"]})
    game.pause()
    with pytest.raises(HerzInputError, match="paused"):
        game.move("Blue", {})
    game.resume()
    clock.now += 59.9
    game.move("Blue", {"statement": {"Red": "honest"}})  # in time
    clock.now += 0.2
    before = len(game.turns)
    with pytest.raises(HerzInputError, match="time is up"):
        game.set_beliefs("Red", {"Blue": 0.5})
    # The deadline ended the turn: Blue's move counted, Red was played by the rule.
    assert len(game.turns) == before + 1
    assert game.turns[-1]["moves"]["Blue"]["statement"] == {"Red": "honest"}
    assert game.turns[-1]["moves"]["Red"] is None
    assert game.view("Red")["computer_played"] == [1]
    with pytest.raises(HerzInputError, match="turn 1 is over"):
        game.move("Red", {}, turn=1)  # meant for the turn that ended


def test_timer_pause_resume_extend() -> None:
    clock = Clock()
    game, _ = make(clock)
    game.start()
    clock.now += 20
    game.pause()
    clock.now += 500  # paused: the clock does not run out
    assert not game.tick() and game.public_view()["seconds_left"] == 40
    game.resume()
    game.extend(30)
    assert game.public_view()["seconds_left"] == 70
    clock.now += 69
    assert not game.tick()
    clock.now += 1
    assert game.tick() and len(game.turns) == 1


def test_nobody_moving_is_run_zero_of_simulate() -> None:
    """Empty seats are the built-in rule: the game's world is the simulator's run 0."""
    clock = Clock()
    game, _ = make(clock, turns=6)
    game.start()
    for _ in range(6):
        clock.now += 61
        game.tick()
    assert game.status == "ended"
    res = simulate(game.scenario, runs=3, steps=6, rng=7, keep=1)
    arms = np.array([t["arms"] for t in game.truth])
    np.testing.assert_allclose(arms, res.series["arms"][0], atol=1e-3)


def test_moves_go_through_the_engine() -> None:
    game, _ = make(turns=3)
    game.join("Blue")
    game.start()
    game.move("Blue", {"spend": 0.08, "mix": {"conventional_defensive": 1},
                       "deploy": {"Red": 0.7}})
    s = game.batch.state
    assert s is not None and len(game.turns) == 1  # the only held seat moved: turn over
    assert s.deploy[0, 0, 1] == pytest.approx(0.7)
    classes = game.batch.world.cat.names
    forces = game.truth
    assert forces  # the truth is recorded per turn
    view = game.view("Blue")
    bought = view["me"]["forces"]
    assert bought["conventional_defensive"] > 3.0 + 7.0  # 8 GDP units bought defence only
    assert bought["conventional_offensive"] < 3.0  # depreciated, none bought
    assert set(bought) == set(classes)


def test_beliefs_and_messages() -> None:
    game, _ = make(seats=["Blue"])
    game.join("Blue")
    game.start()
    assert game.set_beliefs("Blue", {"Red": 0.25}) == {"Red": 0.25}
    for bad in ({"Blue": 0.5}, {"Red": 1.5}, {"Red": "x"}, [0.5]):
        with pytest.raises(HerzInputError, match="beliefs"):
            game.set_beliefs("Blue", bad)
    game.send("Blue", "We only arm for defence.")
    game.send("Blue", "A secret", to="Red")
    for bad_text in ("", "x" * 281, 5, "a\x00b"):
        with pytest.raises(HerzInputError, match="text"):
            game.send("Blue", bad_text)
    with pytest.raises(HerzInputError, match="to"):
        game.send("Blue", "hi", to="Blue")
    public = game.public_view()["messages"]
    assert [m["text"] for m in public] == ["We only arm for defence."]
    assert len(game.view("Blue")["messages"]) == 2
    assert game.view("Blue")["beliefs"] == {"0": {"Red": 0.25}}


def test_restore_rebuilds_the_world_and_continues_alike(tmp_path: Any) -> None:
    clock = Clock()
    game, teacher = make(clock, turns=5)
    token = game.join("Blue", "Ann")
    game.start()
    game.set_beliefs("Blue", {"Red": 0.4})
    game.move("Blue", {"spend": 0.09, "deploy": {"Red": 0.3}, "ally": ["Red"]})
    game.send("Blue", "hello", to="Red")
    game.move("Blue", {"spend": 0.02, "hotline": ["Red"]})
    clock.now += 10
    store = GameStore(tmp_path / "herz.sqlite")
    store.save(game.record())
    later = Clock()
    later.now = clock.now + 3600  # the server was down an hour
    back = Game.restore(store.load(game.code) or {}, clock=later)
    assert back.seat_of(token) == "Blue"
    assert back.turns == game.turns
    for key in ("events", "messages", "seats", "turn", "status"):
        assert back.public_view()[key] == game.public_view()[key]
    back.check_teacher(teacher)
    assert back.truth == game.truth
    assert back.view("Blue")["events"] == game.view("Blue")["events"]
    assert back.public_view()["seconds_left"] == 50  # the downtime was not counted
    for g in (game, back):
        g.move("Blue", {"spend": 0.1, "sanction": {"Red": 1.0}})
    assert back.truth == game.truth
    assert store.codes() == [game.code]


def test_the_game_needs_no_agents_extra() -> None:
    """herz.game builds on herz.env.core, which imports neither pettingzoo nor gymnasium."""
    import subprocess
    import sys

    code = ("import sys, herz.game; "
            "print(any(m in sys.modules for m in ('pettingzoo', 'gymnasium')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"


def test_agreements_joined_cheated_on_and_left() -> None:
    game, _ = make(example="monitoring", turns=3)
    game.join("Blue")
    game.join("Red")
    game.start()
    treaty = game.view("Blue")["agreements"][0]
    assert treaty["name"] == "treaty" and treaty["members"] == ["Blue", "Red"]
    assert treaty["may"] == ["cheat", "abandon"] and treaty["monitoring"] == 0.9
    before = frozen(game)
    for bad, message in (({"agree": ["treaty"]}, "only agreements you are not party to"),
                         ({"cheat": ["pact"]}, "no agreement 'pact'")):
        with pytest.raises(HerzInputError, match=message):
            game.move("Blue", bad)
    assert frozen(game) == before
    game.move("Blue", {"cheat": ["treaty"]})
    game.move("Red", {"abandon": ["treaty"]})
    s = game.batch.state
    assert s is not None
    assert s.cheating[0, 0, 0] and not s.in_agreement[0, 0, 1]  # Blue cheats; Red has left
    assert game.view("Blue")["agreements"][0]["you_cheat"]
    assert not game.view("Red")["agreements"][0]["you_cheat"]  # Red sees its own, not Blue's
    public = [e["text"] for e in game.public_view()["events"]]
    assert any("Red abandoned an agreement" in t for t in public)
    assert game.view("Red")["agreements"][0]["may"] == ["agree"]
    closed, _ = make(example="monitoring", actions=["arm"])
    closed.join("Blue")
    closed.start()
    with pytest.raises(HerzInputError, match="'agreement' is not open"):
        closed.move("Blue", {"abandon": ["treaty"]})


def test_a_computer_state_may_be_passive() -> None:
    clock = Clock()
    game, _ = make(clock, passive=["Red"], turns=3)
    assert list(game.seats) == ["Blue"]
    game.start()
    for _ in range(3):
        clock.now += 61
        game.tick()
    s = game.batch.state
    assert s is not None
    red = [e for e in game.events if e.actor == 1]
    assert not red  # a passive state takes no act of its own
    with pytest.raises(HerzInputError, match="passive"):
        make(passive=["Blue"], seats=["Blue"])
