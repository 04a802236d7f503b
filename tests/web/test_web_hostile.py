"""Hostile requests get clean JSON errors (4xx with one-line messages), never a 5xx: deeply
nested TOML or JSON, override paths thousands of keys long, non-finite and mistyped numbers."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

DEEP_TOML = "x = " + "[" * 3000 + "]" * 3000
DEEP_KEYS = "a" + ".b" * 3000 + " = 1"
POLICY = [{"step": 2, "action": "arm", "force_class": "conventional_offensive", "amount": 3}]
SWEEP_HEAD = 'scenario = "spiral"\nruns = 2\nsteps = 3\n'


def _clean(resp: Any) -> dict[str, Any]:
    assert resp.status_code < 500, resp.text
    body: dict[str, Any] = resp.json()
    return body


def _refused(resp: Any) -> str:
    body = _clean(resp)
    assert 400 <= resp.status_code < 500, resp.text
    message = str(body["error"])
    assert "\n" not in message
    return message


@pytest.mark.parametrize("text", [DEEP_TOML, DEEP_KEYS])
def test_deep_toml_everywhere(client: TestClient, text: str) -> None:
    assert "nested" in _refused(client.post("/api/runs", json={"toml": text, "runs": 2,
                                                               "steps": 3, "keep": 1}))
    assert "nested" in _refused(client.post("/api/audits", json={
        "toml": text, "actor": "Blue", "policy": POLICY, "runs": 2}))
    assert "nested" in _refused(client.post("/api/sweeps", json={"toml": SWEEP_HEAD + text}))
    body = _clean(client.post("/api/scenario/validate", json={"toml": text}))
    assert body["valid"] is False and "nested" in body["error"]


def test_deep_json_scenario(client: TestClient) -> None:
    headers = {"content-type": "application/json"}  # too deep for the client to encode
    for depth in (3000, 60):
        deep = '{"a":' * depth + "1" + "}" * depth
        _refused(client.post("/api/runs", headers=headers, content=(
            '{"scenario": {"name": "x", "world": ' + deep + '}, "runs": 2, "steps": 3, '
            '"keep": 1}')))
        resp = client.post("/api/scenario/validate", headers=headers,
                           content='{"scenario": {"world": ' + deep + "}}")
        _clean(resp)
        if resp.status_code == 200:
            assert resp.json()["valid"] is False


def test_long_override_path(client: TestClient) -> None:
    path = "world" + ".x" * 5000 + "=1"
    assert "keys" in _refused(client.post("/api/runs", json={
        "example": "spiral", "overrides": [path], "runs": 2, "steps": 3, "keep": 1}))
    body = _clean(client.post("/api/scenario/validate",
                              json={"example": "spiral", "overrides": [path]}))
    assert body["valid"] is False and body["field"] == "--set"


@settings(max_examples=24, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    path=st.sampled_from(["actors.Blue.gdp", "steps", "step_years", "world.misread",
                          "world.offense_multiplier", "actors.Red.forces.ssbn",
                          "hotlines", "timeline.0.amount"]),
    value=st.sampled_from(["nan", "inf", "-1", "1e308", "true", '"100"', "[[[[1]]]]",
                           '[["Blue","Blue"]]', "0"]),
)
def test_bad_overrides_never_500(client: TestClient, path: str, value: str) -> None:
    body = {"example": "spiral", "overrides": [f"{path}={value}"]}
    checked = _clean(client.post("/api/scenario/validate", json=body))
    resp = client.post("/api/runs", json={**body, "runs": 2, "steps": 3, "keep": 1})
    _clean(resp)
    assert (resp.status_code == 202) == checked["valid"], (resp.text, checked)
