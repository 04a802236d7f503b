"""Fixtures of the web tests: an app on a temporary data directory, and its test client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from fastapi.testclient import TestClient  # noqa: E402
from web_support import small_settings  # noqa: E402

from herz.web import create_app  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end tests in headless Chromium (skipped "
                                       "when /usr/bin/chromium is absent)")


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    app = create_app(small_settings(tmp_path / "data"))
    with TestClient(app) as c:
        yield c
