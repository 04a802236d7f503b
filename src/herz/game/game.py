"""A classroom game: seats, turns, moves, beliefs and messages around one engine world.

A :class:`Game` binds a :class:`~herz.game.config.GameConfig` to one world of its scenario, a
:class:`~herz.env.core.WorldBatch` of one run (the engine's multi-agent core, shared with the
PettingZoo environment): every turn, the moves of the seats that moved become orders
(:mod:`herz.game.moves`), and the batch advances the world one step through the engine's one
decision interface; a seat nobody holds, or whose players did not move in time, is played by
the built-in rule. World seeded ``s`` is run 0 of ``simulate(scenario, rng=s)``: a game where
nobody moves is that history.

Lifecycle: ``lobby`` (students join) -> ``running`` (a turn's timer runs; ``paused`` stops
it) -> ``ended`` (after the last turn, or when the teacher ends it). A turn ends when every
held seat has moved or its deadline passes (:meth:`Game.tick`). Every refused request raises a
one-line :class:`~herz.errors.HerzInputError` (or :class:`Forbidden` for a bad token) and
changes nothing.

:meth:`Game.record` is everything a server must keep to resume the game after a restart: the
settings, the seats (token digests only), the moves of every turn, the current turn's moves,
beliefs and messages; :meth:`Game.restore` replays the turns' moves through the engine, whose
randomness is keyed by run and step, so the world is rebuilt exactly.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

import herz
from herz.engine.scenario import Scenario
from herz.env.core import WorldBatch
from herz.errors import HerzInputError
from herz.game import codes
from herz.game.config import GameConfig, game_scenario, seat_names
from herz.game.moves import check_move, default_spend, to_orders
from herz.game.views import Event, public_event, seen_event
from herz.policies.orders import legal_agreements

__all__ = ["RECORD_FORMAT", "Forbidden", "Game"]

RECORD_FORMAT = 1
#: Longest message (characters), most messages a seat may send in one turn.
MAX_TEXT = 280
MAX_MESSAGES = 20
MAX_NAME = 30
Clock = Callable[[], float]


class Forbidden(Exception):
    """A request with a missing, wrong or revoked token."""


def _round(x: Any, digits: int = 4) -> Any:
    return np.round(np.asarray(x, dtype=float), digits).tolist()


def _clean_text(text: Any, field: str, limit: int) -> str:
    if not isinstance(text, str):
        raise HerzInputError("not text", field=field, allowed=f"text of 1 to {limit} characters")
    out = " ".join(text.split())
    if not 1 <= len(out) <= limit or any(ord(c) < 32 for c in out):
        raise HerzInputError(f"{len(out)} characters", field=field,
                             allowed=f"text of 1 to {limit} printable characters")
    return out


class Game:
    """One game; build with :meth:`create` or :meth:`restore`. Thread-safe (one lock)."""

    def __init__(self, code: str, config: GameConfig, scenario: Scenario, teacher: str,
                 clock: Clock = time.time) -> None:
        self.code = code
        self.config = config
        self.scenario = scenario
        self.teacher = teacher
        self.clock = clock
        self.lock = threading.RLock()
        self.batch = WorldBatch(scenario, 1, max_steps=config.turns)
        assert config.seed is not None
        self.batch.reset(config.seed)
        self.names: tuple[str, ...] = self.batch.world.names
        self.agreements: tuple[str, ...] = tuple(g.name for g in scenario.agreements)
        self.seats: dict[str, dict[str, list[str]]] = {
            a: {"tokens": [], "players": []} for a in seat_names(config, scenario)}
        self.status = "lobby"
        self.created = clock()
        self.deadline: float | None = None
        self.remaining: float | None = None
        self.turns: list[dict[str, Any]] = []  # per turn done: {"moves": {seat: move | None}}
        self.moves: dict[str, dict[str, Any]] = {}  # this turn's: {seat: {move, by, at}}
        self.beliefs: dict[str, dict[str, dict[str, float]]] = {}  # "turn" -> seat -> target
        self.messages: list[dict[str, Any]] = []
        self.events: list[Event] = []
        self.truth: list[dict[str, Any]] = [self._truth()]
        self.changes = 0
        self._views: dict[str, dict[str, Any]] = {}  # seat -> view body, until a change
        self._json: dict[tuple[str, int, int], str] = {}  # (seat, changes, second) -> view

    # -- creation and persistence ---------------------------------------------------------

    @classmethod
    def create(cls, config: GameConfig, clock: Clock = time.time) -> tuple[Game, str]:
        """A new game and its teacher token (given once; only its digest is kept)."""
        token = codes.new_token()
        game = cls(codes.join_code(), config, game_scenario(config), codes.digest(token), clock)
        return game, token

    def record(self) -> dict[str, Any]:
        """What must be stored to resume the game (JSON-ready)."""
        return {
            "format": RECORD_FORMAT, "herz_version": herz.__version__, "code": self.code,
            "config": self.config.model_dump(), "teacher": self.teacher,
            "created": self.created, "saved": self.clock(), "status": self.status,
            "deadline": self.deadline, "remaining": self.remaining, "seats": self.seats,
            "turns": self.turns, "moves": self.moves, "beliefs": self.beliefs,
            "messages": self.messages, "changes": self.changes,
        }

    @classmethod
    def restore(cls, rec: Mapping[str, Any], clock: Clock = time.time) -> Game:
        """The game of a :meth:`record`, its world rebuilt by replaying every turn's moves."""
        cfg = GameConfig.model_validate(rec["config"])
        game = cls(rec["code"], cfg, game_scenario(cfg), rec["teacher"], clock)
        game.created = rec["created"]
        game.seats = rec["seats"]
        for turn in rec["turns"]:
            game._step(turn["moves"])
        game.turns = list(rec["turns"])
        game.moves, game.beliefs, game.messages = rec["moves"], rec["beliefs"], rec["messages"]
        game.status, game.remaining = rec["status"], rec["remaining"]
        if rec["status"] == "running" and rec["deadline"] is not None:
            # The time the server was down is not taken from the players.
            left = max(rec["deadline"] - rec["saved"], 0.0)
            game.deadline = clock() + left
        game.changes = rec["changes"] + 1
        return game

    # -- who is who ------------------------------------------------------------------------

    def holder(self, token: str | None) -> tuple[str, str]:
        """The seat ``token`` holds and its player's name; :class:`Forbidden` if none."""
        if token:
            stored = codes.digest(token)
            for actor, seat in self.seats.items():
                if stored in seat["tokens"]:
                    return actor, seat["players"][seat["tokens"].index(stored)]
        raise Forbidden("no seat of this game is held with this token")

    def seat_of(self, token: str | None) -> str:
        """The seat ``token`` holds; :class:`Forbidden` if none."""
        return self.holder(token)[0]

    def check_teacher(self, token: str | None) -> None:
        if not token or not codes.same(token, self.teacher):
            raise Forbidden("not the teacher of this game")

    def join(self, seat: str, player: str = "") -> str:
        """Take a place at ``seat``; returns the new seat token."""
        with self.lock:
            if self.status == "ended":
                raise HerzInputError("the game is over", field="seat")
            free = [a for a, s in self.seats.items() if len(s["tokens"]) < self.config.team_size]
            if seat not in self.seats:
                raise HerzInputError(f"no seat {seat!r}", field="seat",
                                     allowed=", ".join(free) or "no free seat")
            if seat not in free:
                raise HerzInputError(f"seat {seat!r} is taken", field="seat",
                                     allowed=", ".join(free) or "no free seat")
            name = _clean_text(player, "player", MAX_NAME) if player else f"{seat} player"
            token = codes.new_token()
            self.seats[seat]["tokens"].append(codes.digest(token))
            self.seats[seat]["players"].append(name)
            self._changed()
            return token

    def free_seat(self, seat: str) -> None:
        """Revoke every token of ``seat`` (a student who lost its device joins again)."""
        with self.lock:
            if seat not in self.seats:
                raise HerzInputError(f"no seat {seat!r}", field="seat",
                                     allowed=", ".join(self.seats))
            self.seats[seat] = {"tokens": [], "players": []}
            self._changed()

    # -- the teacher's controls ------------------------------------------------------------

    def start(self) -> None:
        with self.lock:
            if self.status != "lobby":
                raise HerzInputError(f"the game is {self.status}", field="action",
                                     allowed="start only from the lobby")
            self.status = "running"
            self.deadline = self.clock() + self.config.turn_seconds
            self._changed()

    def pause(self) -> None:
        with self.lock:
            if self.status != "running":
                raise HerzInputError(f"the game is {self.status}", field="action",
                                     allowed="pause a running game")
            assert self.deadline is not None
            self.remaining = max(self.deadline - self.clock(), 0.0)
            self.status, self.deadline = "paused", None
            self._changed()

    def resume(self) -> None:
        with self.lock:
            if self.status != "paused":
                raise HerzInputError(f"the game is {self.status}", field="action",
                                     allowed="resume a paused game")
            self.status = "running"
            self.deadline = self.clock() + (self.remaining or 0.0)
            self.remaining = None
            self._changed()

    def extend(self, seconds: float) -> None:
        with self.lock:
            if not 1 <= seconds <= 3600:
                raise HerzInputError(f"{seconds!r}", field="seconds", allowed="1 to 3600")
            if self.status == "running":
                assert self.deadline is not None
                self.deadline += seconds
            elif self.status == "paused":
                self.remaining = (self.remaining or 0.0) + seconds
            else:
                raise HerzInputError(f"the game is {self.status}", field="action",
                                     allowed="extend a running or paused game")
            self._changed()

    def end(self) -> None:
        with self.lock:
            if self.status == "ended":
                return
            self.status, self.deadline, self.remaining = "ended", None, None
            self._changed()

    # -- the players' requests -------------------------------------------------------------

    def _playing(self, turn: int | None) -> None:
        """Refuse a request outside a running turn; ``turn``: the turn the player moves in."""
        if self.status == "running" and self.clock() >= (self.deadline or 0.0):
            self._advance()  # the timer ended the turn before this request came
            raise HerzInputError("the turn's time is up", field="turn",
                                 allowed="moves before the timer ends")
        if self.status == "paused":
            raise HerzInputError("the game is paused", field="turn",
                                 allowed="moves once the teacher resumes")
        if self.status != "running":
            raise HerzInputError(f"the game is {self.status}", field="turn",
                                 allowed="moves while the game runs")
        if turn is not None and turn != len(self.turns) + 1:
            raise HerzInputError(f"turn {turn} is over", field="turn",
                                 allowed=f"moves for turn {len(self.turns) + 1}")

    def move(self, seat: str, data: Any, player: str = "", turn: int | None = None,
             mover: str | None = None) -> dict[str, Any]:
        """Check and keep ``seat``'s move for this turn (the last one counts). ``mover``
        names the member of a team who moved (its token's digest; ``None``: the whole seat).
        The turn ends at once when every member of every held seat has moved. ``turn``, if
        given, must be this turn."""
        with self.lock:
            self._playing(turn)
            obs = self.batch.observations[seat]
            move = check_move(data, obs, self.batch.legal(seat), self.config.actions,
                              self.agreements)
            movers = list(self.moves.get(seat, {}).get("movers", []))
            tokens = self.seats[seat]["tokens"]
            movers = sorted(set(movers) | ({mover} if mover is not None else set(tokens)))
            self.moves[seat] = {"move": move, "by": player, "at": self.clock(),
                                "movers": movers}
            self._changed()
            if all(set(s["tokens"]) <= set(self.moves.get(a, {}).get("movers", []))
                   for a, s in self.seats.items() if s["tokens"]):
                self._advance()
            return move

    def set_beliefs(self, seat: str, values: Any, turn: int | None = None) -> dict[str, float]:
        """Keep ``seat``'s stated beliefs for this turn (the chance each other is greedy)."""
        with self.lock:
            self._playing(turn)
            if not isinstance(values, Mapping) or len(values) > len(self.names):
                raise HerzInputError("beliefs are an object", field="beliefs",
                                     allowed="{state: chance it is greedy, 0 to 1}")
            out: dict[str, float] = {}
            for who, p in values.items():
                if who == seat or who not in self.names:
                    raise HerzInputError(f"no other state {who!r}", field="beliefs",
                                         allowed=", ".join(n for n in self.names if n != seat))
                if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
                    raise HerzInputError(f"{p!r}", field=f"beliefs.{who}",
                                         allowed="a chance from 0 to 1")
                out[who] = float(p)
            now = self.beliefs.setdefault(str(len(self.turns)), {})
            now[seat] = {**now.get(seat, {}), **out}
            self._changed()
            return now[seat]

    def send(self, seat: str, text: Any, to: str | None = None, player: str = "") -> None:
        """A public statement (``to`` None) or a private message to another state."""
        with self.lock:
            if self.status not in ("lobby", "running", "paused"):
                raise HerzInputError("the game is over", field="message")
            if to is not None and (to == seat or to not in self.names):
                raise HerzInputError(f"no other state {to!r}", field="to",
                                     allowed="nothing (public) or " + ", ".join(
                                         n for n in self.names if n != seat))
            body = _clean_text(text, "text", MAX_TEXT)
            turn = len(self.turns) + 1
            sent = sum(1 for m in self.messages if m["from"] == seat and m["turn"] == turn)
            if sent >= MAX_MESSAGES:
                raise HerzInputError(f"{sent} messages this turn", field="message",
                                     allowed=f"at most {MAX_MESSAGES} a turn")
            self.messages.append({"turn": turn, "from": seat, "to": to, "text": body,
                                  "by": player, "at": self.clock()})
            self._changed()

    # -- turns -----------------------------------------------------------------------------

    def tick(self) -> bool:
        """End the turn if its time is up; whether it did."""
        with self.lock:
            if self.status == "running" and self.deadline is not None \
                    and self.clock() >= self.deadline:
                self._advance()
                return True
            return False

    def _advance(self) -> None:
        moves = {a: (self.moves[a]["move"] if a in self.moves else None) for a in self.seats}
        self._step(moves)
        self.turns.append({"moves": moves, "at": self.clock()})
        self.moves = {}
        if len(self.turns) >= self.config.turns:
            self.status, self.deadline = "ended", None
        else:
            self.deadline = self.clock() + self.config.turn_seconds
        self._changed()

    def _step(self, moves: Mapping[str, Mapping[str, Any] | None]) -> None:
        """One engine step: the moves as orders, the rule for seats without one."""
        b = self.batch
        orders = {a: to_orders(m, b.observations[a], self.agreements)
                  for a, m in moves.items() if m is not None}
        b.step(orders)
        turn = b.t
        ev = b.events
        for k in range(len(ev["run"])):
            self.events.append(Event(turn, int(ev["actor"][k]), int(ev["target"][k]),
                                     int(ev["code"][k]), float(ev["amount"][k])))
        self.truth.append(self._truth())

    def _truth(self) -> dict[str, Any]:
        """What really is at the start of the next turn (for the debrief only)."""
        s, w = self.batch.state, self.batch.world
        assert s is not None
        obs = self.batch.observations
        return {
            "arms": _round(s.forces[0] @ w.cat.cost),
            "offense": _round(s.forces[0] @ w.cat.offense),
            "belief": _round(s.belief[0]),
            "security": {a: round(float(o.security[0]), 4) for a, o in obs.items()},
            "greedy": [bool(g) for g in s.greedy[0]],
        }

    def _changed(self) -> None:
        self.changes += 1
        self._views = {}

    # -- views -----------------------------------------------------------------------------

    def _clock_view(self) -> dict[str, Any]:
        left = None
        if self.status == "running" and self.deadline is not None:
            left = max(0.0, round(self.deadline - self.clock(), 1))
        elif self.status == "paused":
            left = round(self.remaining or 0.0, 1)
        return {"game": self.code, "title": self.config.title, "scenario": self.scenario.name,
                "status": self.status, "turn": len(self.turns) + 1, "turns": self.config.turns,
                "turns_done": len(self.turns), "seconds_left": left, "changes": self.changes,
                "states": list(self.names)}

    def _seat_rows(self, names: bool) -> list[dict[str, Any]]:
        rows = []
        for a, seat in self.seats.items():
            row: dict[str, Any] = {"seat": a, "players": len(seat["tokens"]),
                                   "moved": a in self.moves}
            if names:
                row["names"] = list(seat["players"])
            rows.append(row)
        return rows

    def public_view(self) -> dict[str, Any]:
        """The projector's view: public information only."""
        with self.lock:
            events = [e for e in (public_event(ev, self.names) for ev in self.events) if e]
            return {**self._clock_view(), "seats": self._seat_rows(False),
                    "computer": [a for a in self.names if a not in self.seats
                                 or not self.seats[a]["tokens"]],
                    "events": events,
                    "messages": [self._message(m) for m in self.messages if m["to"] is None]}

    def teacher_view(self) -> dict[str, Any]:
        """The teacher console: the public view, the seats' players and the join code."""
        with self.lock:
            return {**self.public_view(), "seats": self._seat_rows(True),
                    "team_size": self.config.team_size, "actions": self.config.actions,
                    "seed": self.config.seed, "herz_version": herz.__version__}

    @staticmethod
    def _message(m: Mapping[str, Any]) -> dict[str, Any]:
        return {"turn": m["turn"], "from": m["from"], "to": m["to"], "text": m["text"],
                "by": m["by"]}

    def view(self, seat: str) -> dict[str, Any]:
        """Seat ``seat``'s private view (see :mod:`herz.game.views`)."""
        with self.lock:
            body = self._views.get(seat)
            if body is None:
                body = self._views[seat] = self._view(seat)
            return {**body, **self._clock_view()}

    def view_json(self, seat: str) -> str:
        """:meth:`view` as JSON, made once per change and second for all of a seat's team
        (the live channel sends it to every member after every change)."""
        with self.lock:
            key = (seat, self.changes, int(self.clock()))
            text = self._json.get(key)
            if text is None:
                if len(self._json) > 4 * len(self.names):
                    self._json.clear()
                text = self._json[key] = json.dumps(self.view(seat), separators=(",", ":"))
            return text

    def _agreements(self, obs: Any) -> list[dict[str, Any]]:
        """The scenario's agreements as the treaty texts say (caps, monitoring, when in
        force), who is party to them now (public), and what the seat may do with each."""
        s = self.batch.state
        assert s is not None
        ok = legal_agreements(obs)
        out = []
        for g, spec in enumerate(self.scenario.agreements):
            out.append({
                "name": spec.name, "caps": dict(spec.caps), "monitoring": spec.monitoring,
                "in_force_from_turn": spec.start + 1,
                "members": [n for j, n in enumerate(self.names) if bool(s.in_agreement[0, g, j])],
                "may": [p for p in ("agree", "cheat", "abandon") if bool(ok[p][0, g])],
                "you_cheat": bool(s.cheating[0, g, obs.actor]),  # its own secret only
            })
        return out

    def _view(self, seat: str) -> dict[str, Any]:
        b = self.batch
        me = self.names.index(seat)
        obs = b.observations[seat]
        legal = b.legal(seat)
        gdp = float(obs.gdp[0])
        others = []
        for j, name in enumerate(self.names):
            if j == me:
                continue
            others.append({
                "name": name,
                "estimated_offense": round(float(obs.observed_offense[0, j]), 2),
                "threat": round(float(obs.threat[0, j]), 3),
                "assessment": round(float(obs.belief[0, j]), 3),
                "ally": bool(obs.ally[0, j]),
                "hotline": bool(obs.hotline[0, j]),
                "explained_to_you": bool(obs.statements[0, j]),
                "deployed_against_you": round(float(obs.deployed_against[0, j]), 3),
                "sanctions_on_you": round(float(obs.sanctioned_by[0, j]), 3),
                "in_reach": bool(obs.reach[0, j]),
            })
        events = [e for e in (seen_event(ev, me, self.names) for ev in self.events) if e]
        messages = [self._message(m) for m in self.messages
                    if m["to"] is None or seat in (m["to"], m["from"])]
        stated = {t: v[seat] for t, v in self.beliefs.items() if seat in v}
        mine = self.moves.get(seat)
        return {
            "seat": seat, "players": list(self.seats[seat]["players"]),
            "moved": mine is not None, "move": None if mine is None else mine["move"],
            "open": list(self.config.actions), "classes": list(obs.class_names),
            "me": {
                "motive": "greedy" if bool(obs.greedy[0]) else "security",
                "gdp": round(gdp, 3),
                "forces": dict(zip(obs.class_names, _round(obs.forces[0], 3), strict=True)),
                "security": round(float(obs.security[0]), 3),
                "target_security": round(float(b.world.target_security[me]), 3),
                "budget": {"min": round(float(obs.min_spend[0]) / gdp, 4),
                           "max": round(float(obs.max_spend[0]) / gdp, 4),
                           "upkeep": round(float(obs.upkeep[0]) / gdp, 4),
                           "default": round(default_spend(obs), 4)},
                "cyber": round(float(obs.cyber[0]), 3),
            },
            "others": others,
            "legal": {part: [n for j, n in enumerate(self.names) if bool(mask[0, j])]
                      for part, mask in legal.items()},
            "agreements": self._agreements(obs),
            "events": events,
            "messages": messages,
            "beliefs": stated,
            "computer_played": [t + 1 for t, turn in enumerate(self.turns)
                                if turn["moves"].get(seat) is None],
        }
