"""OpenAPI-driven property test (schemathesis): no request the schema allows makes a server error.

Schemathesis generates requests from ``/openapi.json`` (valid and invalid bodies, paths and
queries) and checks each answer; any 5xx fails the test. Runs are small on this server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from web_support import small_settings  # noqa: E402

from herz.web import create_app  # noqa: E402

_DATA = Path(__import__("tempfile").mkdtemp(prefix="herz-openapi-"))
APP = create_app(small_settings(_DATA, max_runs=20, max_steps=10, max_work=20_000,
                                max_queue=4))
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module", autouse=True)
def _finish_runs() -> Iterator[None]:
    yield
    APP.state.herz.jobs.wait(timeout=60)
    APP.state.herz.tasks.wait(timeout=60)


@schema.parametrize()
@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_server_error(case: schemathesis.Case) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.path}: {response.text[:300]}"
    if response.status_code >= 400:
        assert "error" in response.json()
