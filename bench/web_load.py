"""Load on ``herz serve``: latency per route under concurrent readers, 5xx and timeouts.

Starts the web app with uvicorn in a subprocess on 127.0.0.1 (a free port, a temporary data
folder), then ``--clients`` concurrent clients (httpx, asynchronous) request pages and API reads
in turn for ``--duration`` seconds, each request with a ``--timeout``, after one warm-up
request per route (the first reads build the server's caches). Nothing leaves the
loopback interface, and the run is bounded in time and in requests (``--max-requests``); the
server is stopped at the end whatever happens. Reported per route: requests, median (p50) and
99th-percentile (p99) latency, the slowest, 5xx answers and timeouts; then whether the targets
hold: no 5xx, no timeout, p99 of every page under 1 s, p99 of ``/api/health`` under 100 ms.

Run::

    python bench/web_load.py                          # 50 clients for 60 s
    python bench/web_load.py --duration 15 --clients 20
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

#: Pages and API reads, requested in turn by every client.
ROUTES = ("/", "/cases", "/cases/cuba_1962", "/sweeps", "/runs", "/api/health", "/api/cases",
          "/api/gallery", "/api/examples", "/api/cases/cuba_1962", "/api/limits", "/api/runs")
#: Targets: p99 of a page (seconds) and of the health check.
PAGE_P99, HEALTH_P99 = 1.0, 0.1

SERVER = """\
import sys, uvicorn
from herz.web import Settings, create_app
uvicorn.run(create_app(Settings(data_dir=sys.argv[1])), host="127.0.0.1", port=int(sys.argv[2]),
            log_level="warning", access_log=False)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(data: Path, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(data), str(port)],
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.terminate()
    raise SystemExit("the server did not start within 60 s")


async def client(base: str, index: int, stop: float, timeout: float, budget: list[int],
                 out: dict[str, list[tuple[float, int]]]) -> None:
    """Request the routes in turn (each client from its own offset) until ``stop``."""
    async with httpx.AsyncClient(base_url=base, timeout=timeout) as http:
        i = index
        while time.monotonic() < stop and budget[0] > 0:
            budget[0] -= 1
            route = ROUTES[i % len(ROUTES)]
            i += 1
            t0 = time.perf_counter()
            try:
                status = (await http.get(route)).status_code
            except httpx.TimeoutException:
                status = -1  # a timeout
            except httpx.HTTPError:
                status = -2  # refused or reset
            out[route].append((time.perf_counter() - t0, status))


async def load(base: str, clients: int, duration: float, timeout: float,
               max_requests: int) -> dict[str, list[tuple[float, int]]]:
    out: dict[str, list[tuple[float, int]]] = {r: [] for r in ROUTES}
    stop = time.monotonic() + duration
    budget = [max_requests]
    await asyncio.gather(*(client(base, i, stop, timeout, budget, out) for i in range(clients)))
    return out


def report(out: dict[str, list[tuple[float, int]]]) -> bool:
    print(f"{'route':<24}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
          f"{'5xx':>6}{'timeouts':>10}{'errors':>8}")
    ok = True
    for route, rows in out.items():
        if not rows:
            continue
        t = np.array([r[0] for r in rows]) * 1000
        status = np.array([r[1] for r in rows])
        n5xx, timeouts = int(np.sum(status >= 500)), int(np.sum(status == -1))
        errors = int(np.sum(status == -2))
        p50, p99 = np.percentile(t, 50), np.percentile(t, 99)
        print(f"{route:<24}{len(rows):>9}{p50:>9.0f}{p99:>9.0f}{t.max():>9.0f}"
              f"{n5xx:>6}{timeouts:>10}{errors:>8}")
        limit = HEALTH_P99 if route == "/api/health" else PAGE_P99
        ok &= n5xx == 0 and timeouts == 0 and errors == 0 and p99 / 1000 < limit
    total = sum(len(r) for r in out.values())
    every = np.array([r[0] for rows in out.values() for r in rows]) * 1000
    print(f"{'all':<24}{total:>9}{np.percentile(every, 50):>9.0f}"
          f"{np.percentile(every, 99):>9.0f}{every.max():>9.0f}")
    print(f"targets (no 5xx or timeout, page p99 < {PAGE_P99:g} s, health p99 < "
          f"{HEALTH_P99 * 1000:g} ms): {'met' if ok else 'NOT met'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    parser.add_argument("--max-requests", type=int, default=200_000)
    args = parser.parse_args()
    if not (1 <= args.clients <= 500 and 0 < args.duration <= 600):
        parser.error("1 to 500 clients, for at most 600 s")
    with tempfile.TemporaryDirectory(prefix="herz-bench-web-") as data:
        port = free_port()
        server = start_server(Path(data), port)
        try:
            for route in ROUTES:  # warm up: first reads build the caches and templates
                httpx.get(f"http://127.0.0.1:{port}{route}", timeout=args.timeout)
            print(f"{args.clients} clients for {args.duration:g} s on 127.0.0.1:{port}")
            out = asyncio.run(load(f"http://127.0.0.1:{port}", args.clients, args.duration,
                                   args.timeout, args.max_requests))
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
    sys.exit(0 if report(out) else 1)


if __name__ == "__main__":
    main()
