"""The games a server holds: created, looked up by join code, saved after every change.

:class:`GameHub` keeps live games in memory and every game's record in the app's SQLite
database (:class:`herz.game.store.GameStore`, the ``games`` table of ``herz.sqlite``). A game
not in memory (the server restarted) is restored from its record on first use, its world
rebuilt by replaying its moves. There is no timer thread: every request and every open live
channel of a game ends its turn once the deadline has passed (:meth:`GameHub.tick`).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from typing import Any

from fastapi import HTTPException

from herz.game import Game, GameConfig
from herz.game.codes import check_code
from herz.game.store import GameStore
from herz.web.settings import Settings

__all__ = ["GameHub", "hub_for"]

#: Games a server keeps in memory at once (the rest stay in the database until used).
MAX_LIVE = 200
#: Wrong join codes one client may try in ``MISS_WINDOW`` seconds before it is refused (429):
#: guessing one of a classroom's codes among 31^6 takes far more tries than that.
MAX_MISSES = 30
MISS_WINDOW = 60.0


class GameHub:
    """Live games by code, backed by a :class:`GameStore`."""

    def __init__(self, store: GameStore, clock: Any = time.time) -> None:
        self.store = store
        self.clock = clock
        self._games: dict[str, Game] = {}
        self._lock = threading.Lock()
        self._misses: dict[str, deque[float]] = {}

    def create(self, config: GameConfig) -> tuple[Game, str]:
        """A new game, saved, with its teacher token."""
        with self._lock:
            while True:
                game, token = Game.create(config, clock=self.clock)
                if game.code not in self._games and not self.store.exists(game.code):
                    break
            self._games[game.code] = game
            self._evict()
        self.store.save(game.record())
        return game, token

    def _evict(self) -> None:
        if len(self._games) > MAX_LIVE:
            ended = [c for c, g in self._games.items() if g.status == "ended"]
            for code in (ended or list(self._games))[: len(self._games) - MAX_LIVE]:
                del self._games[code]

    def _limit(self, client: str, missed: bool) -> None:
        """Refuse a client that has tried too many wrong codes lately (429)."""
        now = time.monotonic()
        with self._lock:
            tries = self._misses.setdefault(client, deque())
            while tries and tries[0] < now - MISS_WINDOW:
                tries.popleft()
            if missed:
                tries.append(now)
            if not tries:
                del self._misses[client]
            elif len(tries) > MAX_MISSES:
                raise HTTPException(429, "too many wrong join codes: wait a minute",
                                    headers={"Retry-After": str(int(MISS_WINDOW))})

    def get(self, code: str, client: str = "") -> Game:
        """The game of ``code`` (404 if there is none); its turn ended if its time is up.
        ``client`` (an address) is refused after too many wrong codes."""
        if client:
            self._limit(client, missed=False)
        canonical = check_code(code)
        with self._lock:
            game = self._games.get(canonical) if canonical else None
            if game is None and canonical:
                record = self.store.load(canonical)
                if record is not None:
                    game = Game.restore(record, clock=self.clock)
                    self._games[canonical] = game
                    self._evict()
        if game is None:
            if client:
                self._limit(client, missed=True)
            raise HTTPException(404, f"no game {code!r}: check the join code")
        self.tick(game)
        return game

    def tick(self, game: Game) -> None:
        if game.tick():
            self.save(game)

    def save(self, game: Game) -> None:
        with game.lock:
            record = game.record()
        self.store.save(record)


_HUB_LOCK = threading.Lock()


def hub_for(settings: Settings, caches: dict[str, Any]) -> GameHub:
    """The server's hub, made on first use (its table lives in the run store's database)."""
    with _HUB_LOCK:
        hub = caches.get("games")
        if hub is None:
            hub = caches["games"] = GameHub(GameStore(settings.data_dir / "herz.sqlite"))
        assert isinstance(hub, GameHub)
        return hub
