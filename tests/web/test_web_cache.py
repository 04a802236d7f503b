"""The gallery and the case library are read once and again only when a file changes; the
health check does not wait for busy work threads."""

from __future__ import annotations

import os
import time
from pathlib import Path

from fastapi.testclient import TestClient

from herz.web.cache import FileCache, package_folder


def test_a_file_cache_rebuilds_only_when_a_file_changes(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text("x = 1\n")
    cache = FileCache(lambda: [tmp_path], lambda: sorted(p.read_text() for p in
                                                        tmp_path.iterdir()))
    assert cache.get() == ["x = 1\n"] and cache.get() == ["x = 1\n"] and cache.builds == 1
    path = tmp_path / "a.toml"
    path.write_text("x = 2\n")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # a coarse clock too
    assert cache.get() == ["x = 2\n"] and cache.builds == 2
    (tmp_path / "b.toml").write_text("y = 1\n")
    assert len(cache.get()) == 2 and cache.builds == 3
    (tmp_path / "b.toml").unlink()
    assert len(cache.get()) == 1 and cache.builds == 4


def test_pages_read_the_library_once(client: TestClient) -> None:
    from herz.web.sections import cases

    cases._library.clear()
    for _ in range(3):
        assert client.get("/").status_code == 200
        assert client.get("/api/cases").status_code == 200
        assert client.get("/cases").status_code == 200
        assert client.get("/api/gallery").status_code == 200
    assert cases._library.builds <= 2  # once (or twice if a build raced a file check)
    assert client.app.state.herz.caches["gallery"].builds == 1  # type: ignore[attr-defined]
    assert package_folder("herz.cases").is_dir()


def test_health_answers_while_the_work_threads_are_busy(client: TestClient) -> None:
    import threading

    from anyio import to_thread

    limiter = to_thread.current_default_thread_limiter
    release = threading.Event()
    # take every thread of the pool that sync handlers run on
    portal = client.portal
    assert portal is not None

    async def tokens() -> int:
        return int(limiter().total_tokens)

    total = portal.call(tokens)
    futures = [portal.start_task_soon(to_thread.run_sync, release.wait) for _ in range(total)]
    threading.Timer(3.0, release.set).start()  # a sync handler would wait for this
    time.sleep(0.2)
    try:
        t0 = time.perf_counter()
        assert client.get("/api/health").json()["status"] == "ok"
        assert time.perf_counter() - t0 < 0.5
    finally:
        release.set()
        for f in futures:
            f.result(timeout=5)
