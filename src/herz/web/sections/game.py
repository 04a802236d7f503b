"""The classroom game on the web: the teacher's pages, the players' pages and their API.

Pages: ``/game`` (create a game), ``/game/{code}/console`` (the teacher console: seats and who
has moved, pause / resume / extend / end), ``/game/{code}/projector`` (public information
only, with the join code and its QR code), ``/play`` and ``/play/{code}`` (a student joins and
plays), ``/game/{code}/debrief`` (after the game).

A seat or the console is bound to a token (:mod:`herz.game.codes`) that the server gives once,
at joining or creating, in an HttpOnly cookie of the browser (``herz_seat_CODE`` or
``herz_teach_CODE``) and in the answer, for scripts that send it back in the ``X-Herz-Token``
header. A reload keeps the cookie, so the player is back at its seat; another browser has no
token and cannot take the seat. Live updates come over server-sent events
(``GET /api/games/{code}/stream``); the pages poll the same views when the stream fails.
"""

from __future__ import annotations

import asyncio
import io
import json
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from herz.game import ACTIONS, Forbidden, Game, GameConfig, parse_config
from herz.game.codes import digest
from herz.web.games import GameHub, hub_for
from herz.web.sections import Section
from herz.web.state import render, web_state

__all__ = ["section"]

api = APIRouter(tags=["game"])
pages = APIRouter()

Code = Annotated[str, PathParam(min_length=1, max_length=12, description="The join code.")]
TOKEN_HEADER = "x-herz-token"
#: How often an open stream looks for changes, looks whether its client is still there, and
#: sends a keep-alive comment (seconds).
STREAM_POLL = 0.4
STREAM_CHECK = 4.0
KEEPALIVE = 15.0


def _hub(request: Request) -> GameHub:
    state = web_state(request)
    return hub_for(state.settings, state.caches)


def _game(request: Request, code: str) -> Game:
    """The game of ``code`` (404; 429 for a client that guesses codes)."""
    return _hub(request).get(code, client=request.client.host if request.client else "")


def _token(request: Request, kind: str, code: str) -> str | None:
    return request.headers.get(TOKEN_HEADER) or request.cookies.get(f"herz_{kind}_{code}")


def _holder(request: Request, game: Game) -> tuple[str, str]:
    """The caller's seat and name (403 without a valid seat token)."""
    try:
        return game.holder(_token(request, "seat", game.code))
    except Forbidden as err:
        raise HTTPException(403, str(err)) from None


def _seat(request: Request, game: Game) -> str:
    return _holder(request, game)[0]


def _teacher(request: Request, game: Game) -> None:
    try:
        game.check_teacher(_token(request, "teach", game.code))
    except Forbidden as err:
        raise HTTPException(403, str(err)) from None


def _cookie(response: Response, kind: str, code: str, token: str) -> None:
    response.set_cookie(f"herz_{kind}_{code}", token, httponly=True, samesite="strict",
                        max_age=7 * 24 * 3600, path="/")


class JoinRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    seat: str = Field(max_length=60, description="The state to lead.")
    player: str = Field("", max_length=30, description="A name for the class to see.")


class MoveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    turn: int | None = Field(None, ge=1, le=50, description="The turn the move is for.")
    move: dict[str, Any] = Field(description="The move (see herz.game.moves).")


class BeliefRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    turn: int | None = Field(None, ge=1, le=50)
    beliefs: dict[str, float] = Field(max_length=8,
                                      description="Per other state, the chance it is greedy.")


class MessageRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=2000)
    to: str | None = Field(None, max_length=60, description="A state, or nothing: public.")


class ControlRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action: Literal["start", "pause", "resume", "extend", "end", "free_seat"]
    seconds: float = Field(60.0, description="For extend.")
    seat: str = Field("", max_length=60, description="For free_seat.")


@api.post("/games", summary="Create a classroom game (the teacher)")
def create_game(body: GameConfig, request: Request, response: Response) -> dict[str, Any]:
    game, token = _hub(request).create(parse_config(body.model_dump()))
    _cookie(response, "teach", game.code, token)
    return {"code": game.code, "teacher_token": token, "console": f"/game/{game.code}/console",
            "projector": f"/game/{game.code}/projector", "join": f"/play/{game.code}",
            "seed": game.config.seed}


@api.get("/games/setup", summary="The states of a world a game may be played on")
def setup(example: str | None = Query(None, max_length=100),
          case: str | None = Query(None, max_length=100)) -> dict[str, Any]:
    from herz.game.config import game_scenario, seat_names

    cfg = parse_config({"example": example, "case": case, "seed": 0})
    scenario = game_scenario(cfg)
    return {"states": [a.name for a in scenario.actors],
            "playable": seat_names(cfg, scenario)}


@api.get("/games/{code}", summary="A game's public view (the projector's)")
def public(code: Code, request: Request) -> dict[str, Any]:
    game = _game(request, code)
    return {**game.public_view(), "team_size": game.config.team_size}


@api.post("/games/{code}/join", summary="Take a seat")
def join(code: Code, body: JoinRequest, request: Request, response: Response) -> dict[str, Any]:
    hub = _hub(request)
    game = _game(request, code)
    token = game.join(body.seat, body.player)
    hub.save(game)
    _cookie(response, "seat", game.code, token)
    return {"seat": body.seat, "token": token}


@api.get("/games/{code}/me", summary="The player's private view", response_class=Response)
def me(code: Code, request: Request) -> Response:
    game = _game(request, code)
    return _mine(game, _seat(request, game))


@api.post("/games/{code}/move", summary="Submit this turn's move", response_class=Response)
def move(code: Code, body: MoveRequest, request: Request) -> Response:
    hub = _hub(request)
    game = _game(request, code)
    seat, player = _holder(request, game)
    mover = digest(_token(request, "seat", game.code) or "")
    try:
        game.move(seat, body.move, player=player, turn=body.turn, mover=mover)
    finally:
        hub.save(game)  # a refused move changed nothing, but the timer may have ended a turn
    return _mine(game, seat)


@api.post("/games/{code}/beliefs", summary="Set the belief sliders of this turn",
          response_class=Response)
def beliefs(code: Code, body: BeliefRequest, request: Request) -> Response:
    hub = _hub(request)
    game = _game(request, code)
    seat = _seat(request, game)
    try:
        game.set_beliefs(seat, body.beliefs, turn=body.turn)
    finally:
        hub.save(game)
    return _mine(game, seat)


@api.post("/games/{code}/messages", summary="A public statement or a private message",
          response_class=Response)
def message(code: Code, body: MessageRequest, request: Request) -> Response:
    hub = _hub(request)
    game = _game(request, code)
    seat, player = _holder(request, game)
    game.send(seat, body.text, to=body.to, player=player)
    hub.save(game)
    return _mine(game, seat)


@api.get("/games/{code}/teacher", summary="The teacher console's view")
def teacher(code: Code, request: Request) -> dict[str, Any]:
    game = _game(request, code)
    _teacher(request, game)
    return game.teacher_view()


@api.post("/games/{code}/control", summary="Start, pause, resume, extend or end; free a seat")
def control(code: Code, body: ControlRequest, request: Request) -> dict[str, Any]:
    hub = _hub(request)
    game = _game(request, code)
    _teacher(request, game)
    if body.action == "extend":
        game.extend(body.seconds)
    elif body.action == "free_seat":
        game.free_seat(body.seat)
    else:
        getattr(game, body.action)()
    hub.save(game)
    return game.teacher_view()


def _view_of(game: Game, who: str, request: Request) -> Callable[[], str]:
    """The caller's view as JSON text."""
    if who == "player":
        seat = _seat(request, game)
        return lambda: game.view_json(seat)
    if who == "teacher":
        _teacher(request, game)
        return lambda: json.dumps(game.teacher_view(), separators=(",", ":"))
    return lambda: json.dumps(game.public_view(), separators=(",", ":"))


def _mine(game: Game, seat: str) -> Response:
    """The seat's view, serialised once for the whole team (see ``Game.view_json``)."""
    return Response(game.view_json(seat), media_type="application/json")


@api.get("/games/{code}/stream", summary="Live updates (server-sent events)",
         response_class=StreamingResponse)
async def stream(code: Code, request: Request,
                 who: Literal["player", "public", "teacher"] = "public",
                 limit: int = Query(0, ge=0, le=10_000,
                                    description="Close after this many views (0: never).")
                 ) -> StreamingResponse:
    """Sends the caller's view (``event: view``) at once and after every change of the game;
    a comment line every 15 s keeps proxies from closing the connection. The stream ends when
    the game ends."""
    hub = _hub(request)
    game = _game(request, code)
    view = _view_of(game, who, request)

    def due() -> bool:
        return game.status == "running" and hub.clock() >= (game.deadline or float("inf"))

    async def events() -> AsyncIterator[str]:
        # The game's lock is taken in a worker thread, never on the event loop, which a turn
        # being computed would otherwise stall for every open stream.
        sent, seen, idle, checked = 0, -1, 0.0, 0.0
        while True:
            if due():
                await asyncio.to_thread(hub.tick, game)
            if game.changes != seen:
                seen = game.changes
                yield f"event: view\ndata: {await asyncio.to_thread(view)}\n\n"
                sent, idle = sent + 1, 0.0
                if (limit and sent >= limit) or game.status == "ended":
                    return
            elif idle >= KEEPALIVE:
                yield ": keep-alive\n\n"
                idle = 0.0
            checked += STREAM_POLL
            if checked >= STREAM_CHECK:
                checked = 0.0
                if await request.is_disconnected():
                    return
            await asyncio.sleep(STREAM_POLL)
            idle += STREAM_POLL

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


@api.get("/games/{code}/qr.svg", summary="The join link as a QR code", response_class=Response)
def qr(code: Code, request: Request) -> Response:
    import segno

    game = _game(request, code)
    url = str(request.base_url).rstrip("/") + f"/play/{game.code}"
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=6, border=2,
                                    title=f"Join link of game {game.code}")
    return Response(out.getvalue(), media_type="image/svg+xml")


def _debrief(code: str, request: Request) -> dict[str, Any]:
    from herz.game.debrief import debrief

    hub = _hub(request)
    game = _game(request, code)
    if game.status != "ended":
        raise HTTPException(409, "the debrief opens when the game has ended")
    out = hub.store.debrief(game.code)
    if out is None:
        out = debrief(game)
        hub.store.save_debrief(game.code, out)
    return out


@api.get("/games/{code}/debrief", summary="The debrief of a game that has ended")
def debrief_json(code: Code, request: Request) -> dict[str, Any]:
    return _debrief(code, request)


@api.get("/games/{code}/debrief.csv", summary="Stated beliefs against the truth, for grading",
         response_class=Response)
def debrief_csv(code: Code, request: Request) -> Response:
    from herz.game.debrief import debrief_csv as to_csv

    d = _debrief(code, request)
    return Response(to_csv(d), media_type="text/csv", headers={
        "Content-Disposition": f'attachment; filename="game-{d["game"]}-beliefs.csv"'})


@api.get("/games/{code}/debrief.html", summary="The debrief as one HTML file",
         response_class=HTMLResponse)
def debrief_file(code: Code, request: Request) -> HTMLResponse:
    from herz.game.debrief import debrief_html

    d = _debrief(code, request)
    return HTMLResponse(debrief_html(d), headers={
        "Content-Disposition": f'attachment; filename="game-{d["game"]}-debrief.html"'})


# -- pages ---------------------------------------------------------------------------------

@pages.get("/game", response_class=HTMLResponse)
def create_page(request: Request) -> HTMLResponse:
    from herz.cases import case_names
    from herz.examples import examples

    return render(request, "game_new.html", examples=examples(), cases=case_names(),
                  actions=ACTIONS, defaults=GameConfig().model_dump())


@pages.get("/game/{code}/console", response_class=HTMLResponse)
def console_page(code: Code, request: Request) -> HTMLResponse:
    game = _game(request, code)
    return render(request, "game_console.html", code=game.code)


@pages.get("/game/{code}/projector", response_class=HTMLResponse)
def projector_page(code: Code, request: Request) -> HTMLResponse:
    game = _game(request, code)
    return render(request, "game_projector.html", code=game.code)


@pages.get("/play", response_class=HTMLResponse)
def join_page(request: Request) -> HTMLResponse:
    return render(request, "game_join.html")


@pages.get("/play/{code}", response_class=HTMLResponse)
def play_page(code: Code, request: Request) -> HTMLResponse:
    game = _game(request, code)
    return render(request, "game_play.html", code=game.code)


@pages.get("/game/{code}/debrief", response_class=HTMLResponse)
def debrief_page(code: Code, request: Request) -> HTMLResponse:
    from herz.game.debrief import debrief_html

    page = debrief_html(_debrief(code, request))
    links = (f'<p><a href="/api/games/{code}/debrief.html">Download this page</a> · '
             f'<a href="/api/games/{code}/debrief.csv">Beliefs as CSV</a></p>')
    return HTMLResponse(page.replace("</h1>", "</h1>" + links, 1))


section = Section(name="game", title="Class game", api=api, pages=pages, nav="/game")
