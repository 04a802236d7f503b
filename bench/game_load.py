"""Load on the class game: 40 students in one game, then 5 games at once, on loopback.

Starts ``herz serve``'s app with uvicorn in a subprocess on 127.0.0.1 (a free port, a
temporary data folder). Phase 1: one game of a 7-state case with teams of 6, 40 students.
Phase 2: 5 games of a 4-state case at once, 8 students each (teams of 2). Every student is an
asynchronous client with its own cookies: it joins, keeps the live channel (server-sent
events) open, and each turn reads its view, sets its beliefs, sometimes sends a message, and
moves (random parts its view says are legal); a turn ends when every seat has moved. Nothing
leaves the loopback interface; every request has a timeout; the server is stopped at the end.

Reported: per request kind, the count, p50, p99 and slowest latency, 5xx answers, timeouts and
refused moves; the server's resident memory (RSS) before, after phase 1 and after phase 2.
Targets: no 5xx, no timeout, no refused move, p99 of a move under 500 ms, and the server's
memory growth under 500 MB.

Run::

    python bench/game_load.py                 # 5 turns per game
    python bench/game_load.py --turns 3
"""

from __future__ import annotations

import argparse
import asyncio
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from web_load import free_port, start_server  # noqa: E402

MOVE_P99 = 0.5  # seconds
MEMORY_GROWTH = 500.0  # MB
Timings = dict[str, list[tuple[float, int]]]
_TURN = re.compile(r'"turn":(\d+)')
_STATUS = re.compile(r'"status":"(\w+)"')


def rss_mb(pid: int) -> float:
    """The resident memory of process ``pid`` (Linux), MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def timed(out: Timings, kind: str, call: Any) -> httpx.Response | None:
    t0 = time.perf_counter()
    try:
        resp: httpx.Response = await call
        status = resp.status_code
    except httpx.TimeoutException:
        resp, status = None, -1
    except httpx.HTTPError:
        resp, status = None, -2
    out.setdefault(kind, []).append((time.perf_counter() - t0, status))
    return resp


async def listen(http: httpx.AsyncClient, code: str, latest: dict[str, Any]) -> None:
    """Keep the live channel open, remembering the turn and status of the latest view (read
    without parsing the whole view, so the clients take little of the machine's time)."""
    try:
        async with http.stream("GET", f"/api/games/{code}/stream?who=player",
                               timeout=httpx.Timeout(10, read=None)) as resp:
            async for line in resp.aiter_lines():
                if line.startswith("data: "):
                    # the clock's fields come last in a view (events also have a "turn")
                    latest["turn"] = int(_TURN.findall(line)[-1])
                    latest["status"] = _STATUS.findall(line)[-1]
    except (httpx.HTTPError, asyncio.CancelledError):
        return


def random_move(view: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    b = view["me"]["budget"]
    move: dict[str, Any] = {"spend": rng.uniform(b["min"], b["max"])}
    legal = view["legal"]
    for part in ("deploy", "sanction"):
        if legal[part] and rng.random() < 0.3:
            move[part] = {rng.choice(legal[part]): round(rng.random(), 2)}
    for part in ("hotline", "ally"):
        if legal[part] and rng.random() < 0.2:
            move[part] = [rng.choice(legal[part])]
    if rng.random() < 0.3:
        move["statement"] = {rng.choice(legal["statement"]): rng.choice(["honest", "bogus"])}
    return move


async def student(base: str, code: str, seat: str, k: int, turns: int, out: Timings,
                  timeout: float) -> None:
    rng = random.Random(k)
    async with httpx.AsyncClient(base_url=base, timeout=timeout) as http:
        await timed(out, "join", http.post(f"/api/games/{code}/join",
                                           json={"seat": seat, "player": f"s{k}"}))
        latest: dict[str, Any] = {}
        channel = asyncio.create_task(listen(http, code, latest))
        try:
            for turn in range(1, turns + 1):
                while latest.get("status") != "ended" and not (
                        latest.get("status") == "running" and latest.get("turn", 0) >= turn):
                    await asyncio.sleep(0.05)  # wait for the turn on the live channel
                if latest.get("status") == "ended":
                    break
                resp = await timed(out, "view", http.get(f"/api/games/{code}/me"))
                if resp is None or resp.status_code != 200:
                    continue
                view = resp.json()
                if view["turn"] != turn:
                    continue
                others = [o["name"] for o in view["others"]]
                await timed(out, "beliefs", http.post(
                    f"/api/games/{code}/beliefs",
                    json={"turn": turn, "beliefs": {o: rng.random() for o in others}}))
                if rng.random() < 0.3:
                    await timed(out, "message", http.post(
                        f"/api/games/{code}/messages",
                        json={"text": f"turn {turn} from {seat}", "to": rng.choice(
                            [None, *others])}))
                await timed(out, "move", http.post(
                    f"/api/games/{code}/move", json={"turn": turn,
                                                     "move": random_move(view, rng)}))
        finally:
            channel.cancel()
            await asyncio.gather(channel, return_exceptions=True)


async def game(base: str, config: dict[str, Any], students: int, turns: int, out: Timings,
               timeout: float) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=timeout) as teacher:
        created = (await teacher.post("/api/games", json=config)).json()
        code = created["code"]
        seats = [s["seat"] for s in (await teacher.get(f"/api/games/{code}")).json()["seats"]]
        tasks = [asyncio.create_task(student(base, code, seats[k % len(seats)], k, turns, out,
                                             timeout)) for k in range(students)]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and sum(
                s["players"] for s in (await teacher.get(f"/api/games/{code}")).json()["seats"]
        ) < students:
            await asyncio.sleep(0.1)  # everyone has joined
        await teacher.post(f"/api/games/{code}/control", json={"action": "start"})
        await asyncio.gather(*tasks)


def report(title: str, out: Timings) -> bool:
    print(title)
    print(f"  {'request':<10}{'count':>7}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'5xx':>6}"
          f"{'4xx':>6}{'timeouts':>10}")
    ok = True
    for kind, rows in out.items():
        t = np.array([r[0] for r in rows]) * 1000
        status = np.array([r[1] for r in rows])
        n5, n4, nt = int(np.sum(status >= 500)), int(np.sum((status >= 400) & (status < 500))), \
            int(np.sum(status < 0))
        p99 = np.percentile(t, 99)
        print(f"  {kind:<10}{len(rows):>7}{np.percentile(t, 50):>9.1f}{p99:>9.1f}{t.max():>9.1f}"
              f"{n5:>6}{n4:>6}{nt:>10}")
        ok &= n5 == 0 and nt == 0
        if kind == "move":
            ok &= n4 == 0 and p99 / 1000 < MOVE_P99
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request")
    args = parser.parse_args()
    if not 1 <= args.turns <= 12:
        parser.error("1 to 12 turns")
    one = {"case": "us-china", "turns": args.turns, "turn_seconds": 600, "team_size": 6,
           "seed": 1}
    many = {"case": "ukraine", "turns": args.turns, "turn_seconds": 600, "team_size": 2}
    with tempfile.TemporaryDirectory(prefix="herz-bench-game-") as data:
        port = free_port()
        server = start_server(Path(data), port)
        base = f"http://127.0.0.1:{port}"
        try:
            httpx.get(base + "/api/games/setup?case=ukraine", timeout=args.timeout)  # warm up
            mem0 = rss_mb(server.pid)
            first: Timings = {}
            t0 = time.perf_counter()
            asyncio.run(game(base, one, 40, args.turns, first, args.timeout))
            t1 = time.perf_counter()
            mem1 = rss_mb(server.pid)
            second: Timings = {}

            async def five() -> None:
                await asyncio.gather(*(game(base, {**many, "seed": g}, 8, args.turns, second,
                                            args.timeout) for g in range(5)))

            asyncio.run(five())
            t2 = time.perf_counter()
            mem2 = rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    ok = report(f"one game, 40 students, {args.turns} turns: {t1 - t0:.1f} s", first)
    ok &= report(f"5 games at once, 8 students each, {args.turns} turns: {t2 - t1:.1f} s",
                 second)
    print(f"server memory (RSS): {mem0:.0f} MB at start, {mem1:.0f} MB after one game, "
          f"{mem2:.0f} MB after five more (growth {mem2 - mem0:.0f} MB)")
    ok &= mem2 - mem0 < MEMORY_GROWTH
    print(f"targets (no 5xx, timeout or refused move; move p99 < {MOVE_P99 * 1000:g} ms; "
          f"memory growth < {MEMORY_GROWTH:g} MB): {'met' if ok else 'NOT met'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
