"""The class game over HTTP: no leaks, tokens, bad input, restarts (in-process, no browser).

The no-leak test plays a whole game with three students and a computer seat and keeps every
payload each student's client receives (JSON answers and the server-sent event stream); then
checks that none holds another state's motive, exact forces, private messages or stated beliefs,
nor any other seat's token.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from web_support import small_settings

from herz.game.codes import new_token
from herz.game.store import GameStore
from herz.web import create_app
from herz.web.games import GameHub

SEATS = ["United States", "Russia", "Ukraine"]  # NATO Europe is left to the computer
CONFIG = {"case": "ukraine", "turns": 4, "turn_seconds": 600, "seed": 11,
          "motives": {"Russia": "greedy", "United States": "security"}}


class Clock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def app(tmp_path: Path) -> Any:
    return create_app(small_settings(tmp_path / "data"))


@pytest.fixture
def clock(app: Any) -> Clock:
    c = Clock()
    data = app.state.herz.settings.data_dir
    app.state.herz.caches["games"] = GameHub(GameStore(data / "herz.sqlite"), clock=c)
    return c


class Player:
    """One browser: its own cookies, and every payload it received."""

    def __init__(self, app: Any) -> None:
        self.client = TestClient(app)
        self.seen: list[str] = []

    def call(self, method: str, url: str, body: Any = None, ok: bool = True) -> Any:
        resp = self.client.request(method, url, json=body)
        self.seen.append(resp.text)
        if ok:
            assert resp.status_code == 200, resp.text
        return resp.json()

    def stream(self, url: str) -> dict[str, Any]:
        """The first view of the live channel (``limit=1`` closes it after one)."""
        with self.client.stream("GET", url + "&limit=1") as resp:
            assert resp.headers["content-type"].startswith("text/event-stream")
            text = "".join(resp.iter_text())
        self.seen.append(text)
        data = [line[6:] for line in text.splitlines() if line.startswith("data: ")]
        assert len(data) == 1
        out: dict[str, Any] = json.loads(data[0])
        return out


def _keys(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}.{k}", v
            yield from _keys(v, f"{path}.{k}")
    elif isinstance(value, list):
        for v in value:
            yield from _keys(v, f"{path}[]")


def _numbers(text: str) -> set[float]:
    out: set[float] = set()
    for chunk in text.split("data: "):
        try:
            doc = json.loads(chunk.split("\n\n")[0])
        except json.JSONDecodeError:
            continue
        stack = [doc]
        while stack:
            x = stack.pop()
            if isinstance(x, dict):
                stack.extend(x.values())
            elif isinstance(x, list):
                stack.extend(x)
            elif isinstance(x, float):
                out.add(x)
    return out


def test_no_payload_leaks_what_a_player_may_not_know(app: Any) -> None:
    teacher = Player(app)
    created = teacher.call("POST", "/api/games", CONFIG)
    code = created["code"]
    players = {s: Player(app) for s in SEATS}
    tokens = {s: p.call("POST", f"/api/games/{code}/join", {"seat": s, "player": s[:3]})["token"]
              for s, p in players.items()}
    teacher.call("POST", f"/api/games/{code}/control", {"action": "start"})
    projector = Player(app)
    game = app.state.herz.caches["games"].get(code)
    names = list(game.names)
    secrets: dict[str, set[str]] = {s: set() for s in SEATS}  # texts each seat may see
    all_private: set[str] = set()
    stated: dict[str, set[str]] = {s: set() for s in SEATS}
    forces_by_turn: list[np.ndarray] = []
    rng = np.random.default_rng(3)
    for turn in range(1, 5):
        forces_by_turn.append(game.batch.state.forces[0].copy())
        for k, (seat, p) in enumerate(players.items()):
            view = p.call("GET", f"/api/games/{code}/me")
            assert view["seat"] == seat and view["turn"] == turn
            others = [o["name"] for o in view["others"]]
            # distinctive beliefs: each value is one only this seat states
            values = {o: round(0.1 + 0.01 * (10 * k + j) + 0.0001 * turn, 4)
                      for j, o in enumerate(others)}
            p.call("POST", f"/api/games/{code}/beliefs", {"turn": turn, "beliefs": values})
            stated[seat] |= {repr(v) for v in values.values()}
            to = others[turn % len(others)]
            text = f"private {uuid.uuid4().hex}"
            p.call("POST", f"/api/games/{code}/messages", {"text": text, "to": to})
            all_private.add(text)
            secrets[seat].add(text)
            if to in secrets:
                secrets[to].add(text)
            p.call("POST", f"/api/games/{code}/messages", {"text": f"public {seat} {turn}"})
            p.stream(f"/api/games/{code}/stream?who=player")
            move: dict[str, Any] = {"spend": view["me"]["budget"]["max"] * rng.uniform(0.3, 1)}
            reach = view["legal"]["deploy"]
            if reach:
                move["deploy"] = {reach[0]: 0.4}
            move["statement"] = {others[0]: "bogus" if k == 1 else "honest"}
            move["hotline"] = view["legal"]["hotline"][:1]
            p.call("POST", f"/api/games/{code}/move", {"turn": turn, "move": move})
        projector.call("GET", f"/api/games/{code}")
        projector.stream(f"/api/games/{code}/stream?who=public")
    assert game.status == "ended" and len(game.turns) == 4
    forces_by_turn.append(game.batch.state.forces[0].copy())
    truth_greedy = game.batch.state.greedy[0]

    for seat, p in players.items():
        me = names.index(seat)
        text = "\n".join(p.seen)
        for other, token in tokens.items():
            if other != seat:
                assert token not in text, "another seat's token"
        assert created["teacher_token"] not in text
        for msg in all_private - secrets[seat]:
            assert msg not in text, "someone else's private message"
        for other in SEATS:
            if other != seat:
                for v in stated[other] - stated[seat]:
                    assert v not in text, f"{other}'s stated belief {v}"
        numbers = _numbers(text)
        for j in range(len(names)):
            if j == me:
                continue
            for f in forces_by_turn:
                exact = {round(float(x), 3) for x in f[j] if x > 0} - {
                    round(float(x), 3) for x in f[me]}
                assert not exact & numbers or len(exact & numbers) < len(exact), \
                    f"{names[j]}'s exact forces reached {seat}"
        for chunk in p.seen:
            for doc in _docs(chunk):
                for path, value in _keys(doc):
                    if path.endswith((".motive", ".greedy")):
                        assert path == ".me.motive", path
                        assert value == ("greedy" if truth_greedy[me] else "security")
                    if path.endswith(".forces"):
                        assert path == ".me.forces", path
                    assert not path.endswith((".truth", ".belief", ".tokens")), path

    public = "\n".join(projector.seen)
    for msg in all_private:
        assert msg not in public
    for values in stated.values():
        for v in values:
            assert v not in public
    for doc in (d for chunk in projector.seen for d in _docs(chunk)):
        for path, _ in _keys(doc):
            assert not path.endswith((".motive", ".forces", ".me", ".beliefs", ".names")), path


def _docs(chunk: str) -> Iterator[Any]:
    for part in chunk.split("data: "):
        try:
            yield json.loads(part.split("\n\n")[0])
        except json.JSONDecodeError:
            continue


def test_seat_tokens_cannot_be_guessed_taken_or_reused(app: Any) -> None:
    teacher = Player(app)
    code = teacher.call("POST", "/api/games", CONFIG)["code"]
    other_code = teacher.call("POST", "/api/games", CONFIG)["code"]
    ann, eve = Player(app), Player(app)
    token = ann.call("POST", f"/api/games/{code}/join", {"seat": "Russia"})["token"]
    assert ann.call("GET", f"/api/games/{code}/me")["seat"] == "Russia"  # by its cookie
    # Another browser has no token: no view, no move, and the seat is taken.
    for method, url, body in (("GET", f"/api/games/{code}/me", None),
                              ("POST", f"/api/games/{code}/move", {"move": {}}),
                              ("GET", f"/api/games/{code}/stream?who=player", None),
                              ("GET", f"/api/games/{code}/teacher", None),
                              ("POST", f"/api/games/{code}/control", {"action": "end"})):
        resp = eve.client.request(method, url, json=body)
        assert resp.status_code == 403 and "error" in resp.json()
    resp = eve.client.post(f"/api/games/{code}/join", json={"seat": "Russia"})
    assert resp.status_code == 400 and "taken" in resp.json()["error"]
    # A guessed token, or the seat's token at another game, holds nothing.
    for headers, where in (({"x-herz-token": new_token()}, code),
                           ({"x-herz-token": token}, other_code)):
        assert eve.client.get(f"/api/games/{where}/me", headers=headers).status_code == 403
    # With the token itself (a script, or the same browser after a reload) it works.
    assert eve.client.get(f"/api/games/{code}/me",
                          headers={"x-herz-token": token}).json()["seat"] == "Russia"
    # A freed seat revokes the token.
    teacher.call("POST", f"/api/games/{code}/control", {"action": "free_seat", "seat": "Russia"})
    assert ann.client.get(f"/api/games/{code}/me").status_code == 403
    assert teacher.client.get("/api/games/NOSUCH/me").status_code == 404


def _record(app: Any, code: str) -> str:
    rec = app.state.herz.caches["games"].get(code).record()
    rec.pop("saved")
    return json.dumps(rec, sort_keys=True)


@pytest.mark.parametrize(
    ("url", "body", "status", "message"),
    [
        ("move", {"move": {"attack": ["NATO Europe"]}}, 400, "not possible against NATO Europe"),
        ("move", {"move": {"ally": ["Nowhere"]}}, 400, "no other state 'Nowhere'"),
        ("move", {"move": {"spend": 0.9}}, 400, "over budget"),
        ("move", {"move": {"deploy": {"Russia": "lots"}}}, 400, "deploy.Russia"),
        ("move", {"move": {"covert": {"Russia": 0.5}}}, 400, "not open"),
        ("move", "attack!", 422, "body"),
        ("move", {"turn": 3, "move": {}}, 400, "turn 3 is over"),
        ("messages", {"text": "x" * 300}, 400, "text"),
        ("messages", {"text": "hi", "to": "Atlantis"}, 400, "no other state"),
        ("messages", {"txt": "hi"}, 422, "text"),
        ("beliefs", {"beliefs": {"Russia": 2}}, 400, "beliefs.Russia"),
    ],
)
def test_bad_input_gets_a_clear_message_and_changes_nothing(
        app: Any, clock: Clock, url: str, body: Any, status: int, message: str) -> None:
    p = Player(app)
    code = p.call("POST", "/api/games", {**CONFIG, "actions": ["arm", "deploy", "attack", "ally",
                                                                "hotline", "statement"]})["code"]
    p.call("POST", f"/api/games/{code}/join", {"seat": "Ukraine"})
    p.call("POST", f"/api/games/{code}/control", {"action": "start"})
    before = _record(app, code)
    resp = p.client.post(f"/api/games/{code}/{url}", json=body)
    assert resp.status_code == status
    error = resp.json()["error"]
    assert message in error and "\n" not in error and "Traceback" not in error
    assert _record(app, code) == before


def test_a_move_after_the_timer_is_refused(app: Any, clock: Clock) -> None:
    p = Player(app)
    code = p.call("POST", "/api/games", {**CONFIG, "turn_seconds": 30})["code"]
    p.call("POST", f"/api/games/{code}/join", {"seat": "Russia"})
    p.call("POST", f"/api/games/{code}/control", {"action": "start"})
    clock.now += 31
    resp = p.client.post(f"/api/games/{code}/move", json={"turn": 1, "move": {}})
    assert resp.status_code == 400
    assert "turn 1 is over" in resp.json()["error"] or "time is up" in resp.json()["error"]
    view = p.call("GET", f"/api/games/{code}/me")
    assert view["turn"] == 2 and view["computer_played"] == [1] and not view["moved"]


def test_a_restarted_server_resumes_the_game(tmp_path: Path) -> None:
    settings = small_settings(tmp_path / "data")
    first = create_app(settings)
    p = Player(first)
    code = p.call("POST", "/api/games", CONFIG)["code"]
    token = p.call("POST", f"/api/games/{code}/join", {"seat": "Ukraine"})["token"]
    p.call("POST", f"/api/games/{code}/control", {"action": "start"})
    p.call("POST", f"/api/games/{code}/move", {"move": {"hotline": ["Russia"]}})
    before = p.call("GET", f"/api/games/{code}/me")
    again = TestClient(create_app(settings))  # a new server on the same data
    after = again.get(f"/api/games/{code}/me", headers={"x-herz-token": token}).json()
    for key in ("turn", "me", "others", "events", "status"):
        assert after[key] == before[key], key
    assert again.post(f"/api/games/{code}/move", json={"move": {}},
                      headers={"x-herz-token": token}).status_code == 200


def test_pages_and_qr_code(app: Any) -> None:
    p = Player(app)
    code = p.call("POST", "/api/games", CONFIG)["code"]
    for path in ("/game", "/play", f"/play/{code}", f"/game/{code}/console",
                 f"/game/{code}/projector"):
        resp = p.client.get(path)
        assert resp.status_code == 200 and "<h1" in resp.text, path
    svg = p.client.get(f"/api/games/{code}/qr.svg")
    assert svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    setup = p.call("GET", "/api/games/setup?case=ukraine")
    assert setup["states"] == ["United States", "NATO Europe", "Russia", "Ukraine"]


def test_the_debrief_opens_when_the_game_ends(app: Any) -> None:
    p = Player(app)
    code = p.call("POST", "/api/games", {**CONFIG, "turns": 2})["code"]
    p.call("POST", f"/api/games/{code}/join", {"seat": "Ukraine"})
    p.call("POST", f"/api/games/{code}/control", {"action": "start"})
    resp = p.client.get(f"/api/games/{code}/debrief")
    assert resp.status_code == 409 and "ended" in resp.json()["error"]  # no motives before
    p.call("POST", f"/api/games/{code}/move", {"move": {}})
    p.call("POST", f"/api/games/{code}/move", {"move": {}})
    d = p.call("GET", f"/api/games/{code}/debrief")
    assert d["motives"]["Russia"] == "greedy" and d["against_model"]["runs"] == 1000
    assert p.client.get(f"/api/games/{code}/debrief.csv").text.startswith("game,turn,")
    page = p.client.get(f"/game/{code}/debrief")
    assert page.status_code == 200 and "Who started it?" in page.text
    assert "attachment" in p.client.get(f"/api/games/{code}/debrief.html").headers[
        "content-disposition"]


def test_guessing_join_codes_is_cut_off(app: Any) -> None:
    from herz.web.games import MAX_MISSES

    guesser = TestClient(app)
    for k in range(MAX_MISSES):
        assert guesser.get(f"/api/games/ABCD{k % 10}{k // 10}").status_code == 404
    resp = guesser.get("/api/games/ZZZZZZ")
    assert resp.status_code == 429 and "wrong join codes" in resp.json()["error"]
