"""DELETE stops a running run, audit or sweep within a second, and frees the worker."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import small_settings

from herz.web import create_app

#: Work that would take minutes: the server must stop it, not finish it.
BIG = {"max_runs": 100_000, "max_steps": 500, "max_work": 10**12, "max_points": 10**6}
LONG_SWEEP = """\
scenario = "spiral"
runs = 5000
steps = 400
metrics = ["p_war"]

[design]
kind = "grid"

[[parameters]]
path = "world.offense_dominance"
values = [0.2, 0.5, 0.8]
"""
POLICY = [{"step": 2, "action": "arm", "force_class": "conventional_offensive", "amount": 3}]


@pytest.fixture
def big(tmp_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(small_settings(tmp_path / "data", **BIG))) as c:
        yield c


def _running(client: TestClient, url: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        info = client.get(url).json()
        assert info["status"] in ("queued", "running"), info
        if info["status"] == "running":
            time.sleep(0.5)  # well inside the engine
            return info
        time.sleep(0.05)
    raise AssertionError(f"{url} never started")


@pytest.mark.parametrize("kind", ["runs", "audits", "sweeps"])
def test_delete_stops_a_running_task(big: TestClient, kind: str) -> None:
    body: dict[str, Any] = {
        "runs": {"example": "spiral", "runs": 10_000, "steps": 400, "keep": 1},
        "audits": {"example": "spiral", "actor": "Blue", "policy": POLICY, "horizon": 400,
                   "runs": 2000, "variants": False},
        "sweeps": {"toml": LONG_SWEEP},
    }[kind]
    resp = big.post(f"/api/{kind}", json=body)
    assert resp.status_code == 202, resp.text
    url = f"/api/{kind}/{resp.json()['id']}"
    if kind == "runs":  # a run's progress is a share of run-steps
        deadline = time.monotonic() + 30
        while not big.get(url).json().get("progress"):
            assert time.monotonic() < deadline
            time.sleep(0.05)
    else:
        _running(big, url)
    t0 = time.perf_counter()
    deleted = big.delete(url)
    assert time.perf_counter() - t0 < 1.0, "the task was not stopped within a second"
    assert deleted.status_code == 200, deleted.text
    assert big.get(url).status_code == 404
    # the worker is free again: a small run finishes
    small = big.post("/api/runs", json={"example": "spiral", "runs": 4, "steps": 4, "keep": 1})
    big.app.state.herz.jobs.wait(timeout=30)  # type: ignore[attr-defined]
    assert big.get(f"/api/runs/{small.json()['id']}").json()["status"] == "done"


def test_delete_drops_a_queued_run(big: TestClient) -> None:
    first = big.post("/api/runs", json={"example": "spiral", "runs": 50_000, "steps": 400,
                                        "keep": 1}).json()["id"]
    second = big.post("/api/runs", json={"example": "spiral", "runs": 50_000, "steps": 400,
                                         "keep": 1}).json()["id"]
    t0 = time.perf_counter()
    assert big.delete(f"/api/runs/{second}").status_code == 200
    assert time.perf_counter() - t0 < 1.0  # never started
    assert big.delete(f"/api/runs/{first}").status_code == 200
    # perhaps still setting up its first step: 5.2 s once on a loaded two-core machine; the
    # whole run would take minutes
    assert time.perf_counter() - t0 < 15.0
    assert big.get("/api/runs").json() == []
