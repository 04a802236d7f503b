"""A scripted stand-in for a language model, and a loopback server that speaks the chat API.

:class:`ScriptedLeader` is not a model: it reads the brief herz sends and answers by a fixed
rule, so tests and the shipped example cassette need no model and no network. Its rule, a
wary leader: when it believes a rival likely greedy (above 0.6) it spends the most it may,
raises its alert to 0.6 and sanctions that rival, with a stern statement; otherwise it spends
halfway between its least and most, asks for hotlines, explains itself to everyone and says so
in a conciliatory statement. ``canned`` replies (per actor, served first) script malformed or
hostile answers for tests.

:class:`LoopbackServer` serves any transport at ``http://127.0.0.1:PORT/v1`` (the
OpenAI-compatible ``POST /v1/chat/completions``), on the loopback interface only::

    python -m herz.policies.stub          # serves the scripted leader until interrupted
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from herz.policies.cassette import Transport

__all__ = ["LoopbackServer", "ScriptedLeader", "completion", "loopback"]

_LEAD = re.compile(r"^You lead (\S+)\. Step (\d+)\.", re.MULTILINE)
_BUDGET = re.compile(r"spend_share between ([0-9.]+) and ([0-9.]+) of GDP")
_BELIEF = re.compile(r"^- (\S+): your belief it is greedy ([0-9.]+)", re.MULTILINE)
_LEGAL = re.compile(r"^Legal targets this step: (.*)$", re.MULTILINE)


def completion(model: str, content: str, n: int = 0) -> dict[str, Any]:
    """A chat-completions response body with one message."""
    return {
        "id": f"stub-{n}",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, "finish_reason": "stop",
                     "message": {"role": "assistant", "content": content}}],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


class ScriptedLeader:
    """A deterministic transport that answers herz's briefs by a fixed rule (not a model)."""

    def __init__(self, canned: dict[str, list[str]] | None = None) -> None:
        self.canned = {k: list(v) for k, v in (canned or {}).items()}
        self.requests: list[dict[str, Any]] = []

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(request)
        brief = next(m["content"] for m in request["messages"] if m["role"] == "user")
        lead = _LEAD.search(brief)
        actor = lead.group(1) if lead else "?"
        if self.canned.get(actor):
            return completion(request["model"], self.canned[actor].pop(0), len(self.requests))
        return completion(request["model"], json.dumps(self.answer(brief), sort_keys=True),
                          len(self.requests))

    @staticmethod
    def answer(brief: str) -> dict[str, Any]:
        budget = _BUDGET.search(brief)
        low, high = (float(budget.group(1)), float(budget.group(2))) if budget else (0.0, 0.0)
        legal_match = _LEGAL.search(brief)
        allowed: dict[str, list[str]] = json.loads(legal_match.group(1)) if legal_match else {}
        beliefs = {m.group(1).rstrip(":"): float(m.group(2)) for m in _BELIEF.finditer(brief)}
        feared = sorted(s for s, b in beliefs.items() if b > 0.6 and s in allowed.get("sanction",
                                                                                      []))
        if feared:
            return {
                "actions": {"spend_share": high, "alert": 0.6,
                            "sanction": dict.fromkeys(feared, 0.5)},
                "statement": f"We will defend ourselves. Any aggression by {', '.join(feared)} "
                             "will meet consequences.",
                "honest": True,
                "rationale": f"Rising suspicion of {', '.join(feared)}: arm to the limit.",
            }
        talk = sorted(allowed.get("explain_to", []))
        return {
            "actions": {"spend_share": round(0.5 * (low + high), 6), "alert": 0.1,
                        "hotline": sorted(allowed.get("hotline", [])), "explain_to": talk},
            "statement": "Our forces are defensive. We seek dialogue and stability.",
            "honest": True,
            "rationale": "No rival looks greedy yet: keep arming moderate and explain it.",
        }


class LoopbackServer:
    """``transport`` served over HTTP on 127.0.0.1 (a free port unless given)."""

    def __init__(self, transport: Transport, port: int = 0) -> None:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the http.server interface)
                size = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(size) or b"{}")
                if not self.path.rstrip("/").endswith("/chat/completions"):
                    self.send_error(404)
                    return
                payload = json.dumps(outer.transport(body)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format: str, *args: Any) -> None:
                return None

        self.transport = transport
        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> LoopbackServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def loopback(transport: Transport) -> Iterator[str]:
    """Serve ``transport`` for the duration of the block; yields the base URL."""
    server = LoopbackServer(transport).start()
    try:
        yield server.base_url
    finally:
        server.stop()


if __name__ == "__main__":  # pragma: no cover
    srv = LoopbackServer(ScriptedLeader(), port=8765).start()
    print(f"scripted leader (not a model) at {srv.base_url}; Ctrl-C to stop", flush=True)
    try:
        srv.thread.join()
    except KeyboardInterrupt:
        srv.stop()
