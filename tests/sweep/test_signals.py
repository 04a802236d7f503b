"""No worker process outlives ``herz sweep --workers 2`` when it is terminated or killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")

SWEEP = """\
scenario = "spiral"
runs = 400
steps = 40
metrics = ["p_war"]

[design]
kind = "grid"

[[parameters]]
path = "world.offense_dominance"
range = [0.0, 1.0]
num = 400
"""


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return None if fields[0] == "Z" else int(fields[1])  # a zombie is gone


def _descendants(root: int) -> set[int]:
    parents = {int(p): _parent(int(p)) for p in os.listdir("/proc") if p.isdigit()}
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, ppid in parents.items() if ppid in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if _parent(pid) is not None}


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_no_worker_survives_the_sweep(tmp_path: Path, sig: signal.Signals) -> None:
    (tmp_path / "sweep.toml").write_text(SWEEP)
    proc = subprocess.Popen(
        [sys.executable, "-m", "herz.cli", "sweep", str(tmp_path / "sweep.toml"), "--out",
         str(tmp_path / "out"), "--workers", "2", "--quiet"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 3:  # the fork server and two workers
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.2)
            workers = _descendants(proc.pid)
        time.sleep(1.0)  # the workers are computing points
        workers = _descendants(proc.pid)
        proc.send_signal(sig)
        code = proc.wait(timeout=30)
        why = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        assert code == (143 if sig == signal.SIGTERM else -9), (code, why)
        deadline = time.monotonic() + 5
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers), f"still alive after 5 s: {_alive(workers)}"
    finally:
        if proc.poll() is None:
            proc.kill()
        for pid in _alive(workers):  # never leave one behind, even when the test fails
            os.kill(pid, signal.SIGKILL)
