"""Helpers of the web tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from herz.web import Settings

#: Debian's Chromium (``.ci/run`` installs it; never ``playwright install``) and its flags for
#: a headless run that reaches nothing but loopback.
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]


def small_settings(data_dir: Path, **changes: object) -> Settings:
    """Limits small enough for fast tests; no matplotlib report unless asked for."""
    values: dict[str, object] = {"data_dir": data_dir, "max_runs": 200, "max_steps": 60,
                                 "max_actors": 30, "max_keep": 20, "max_work": 2_000_000,
                                 "reports": False}
    values.update(changes)
    return Settings(**values)  # type: ignore[arg-type]


def wait(client: TestClient) -> None:
    """Wait for every queued run of the client's app."""
    client.app.state.herz.jobs.wait(timeout=60)  # type: ignore[attr-defined]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(app: Any) -> Iterator[str]:
    """Serve ``app`` on a free loopback port in a thread, as ``herz serve`` does; yield its
    base URL and stop it afterwards."""
    from herz.cli.serve_cmd import make_server

    port = free_port()
    srv = make_server(app, "127.0.0.1", port)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


def launch_chromium(playwright: Any) -> Any:
    """A headless Debian Chromium from a Playwright session."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                      headless=True)
