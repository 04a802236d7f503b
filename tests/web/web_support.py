"""Helpers of the web tests."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from herz.web import Settings


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
