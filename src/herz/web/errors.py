"""Errors as JSON with a one-line message, never a stack trace; a cap on request bodies.

Every error response has the form ``{"error": MESSAGE, ...}``: bad input (``HerzInputError``)
is 400 with the field and what is allowed, a malformed request 422, an unknown path 404, a full
queue 429, a body over the limit 413, and anything unexpected 500 with a generic message (the
traceback goes to the server's log only).
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from herz.errors import HerzInputError
from herz.web.jobs import QueueFull

__all__ = ["BodyLimit", "install_error_handlers"]

log = logging.getLogger("herz.web")


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _validation_message(err: RequestValidationError) -> tuple[str, list[dict[str, Any]]]:
    details = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e.get("loc", ()))
        details.append({"field": loc, "message": _one_line(str(e.get("msg", "")))})
    if not details:
        return "invalid request", []
    first = details[0]
    return _one_line(f"{first['field']}: {first['message']}"), details


def install_error_handlers(app: FastAPI) -> None:
    """Make every error a JSON object with an ``error`` message."""

    @app.exception_handler(HerzInputError)
    async def _input(_: Request, err: HerzInputError) -> JSONResponse:
        return JSONResponse(
            {"error": str(err), "field": err.field or None, "allowed": err.allowed or None},
            status_code=400,
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, err: RequestValidationError) -> JSONResponse:
        message, details = _validation_message(err)
        return JSONResponse({"error": message, "details": details}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, err: StarletteHTTPException) -> JSONResponse:
        return JSONResponse({"error": _one_line(str(err.detail))}, status_code=err.status_code,
                            headers=getattr(err, "headers", None))

    @app.exception_handler(QueueFull)
    async def _queue(_: Request, err: QueueFull) -> JSONResponse:
        return JSONResponse({"error": str(err)}, status_code=429, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, err: Exception) -> JSONResponse:
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=err)
        return JSONResponse({"error": "internal server error"}, status_code=500)


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_bytes`` with 413 and a JSON message.

    The body is read (up to the limit) before the app sees it, so a lying or missing
    ``Content-Length`` cannot get more through.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"error": f"request body over {self.max_bytes} bytes"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = self.max_bytes + 1
                if declared > self.max_bytes:
                    await self._refuse(send)
                    return
        chunks: list[bytes] = []
        size = 0
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                await self._refuse(send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
