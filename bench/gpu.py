"""The fused step on a CUDA device against the CPU's threads, at growing batches.

First one step of the smallest batch on the CPU and on the device from the same inputs, every
array compared. Then for 1 000, 10 000 and 100 000 runs of an N-actor ring (N = 20 by default)
it times per step, in one process: ``step_parallel`` on the CPU's threads; ``step_cuda`` on
arrays already on the device (the kernel alone); and
:class:`herz.engine.compiled.cuda.DeviceStep` (the kernel plus the per-step transfers that
:class:`~herz.engine.compiled.cuda.CudaStep` makes), and prints the ratios. Without a CUDA
device it says so and exits 0.

    python bench/gpu.py [--actors 20] [--runs 1000 10000 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from engine import ring_scenario  # noqa: E402
from herz.engine.actions import WAR_KINDS  # noqa: E402
from herz.engine.events import EventLog  # noqa: E402
from herz.engine.fused import FusedStep  # noqa: E402
from herz.engine.state import initial_state  # noqa: E402
from herz.engine.streams import Stream, run_keys, uniform  # noqa: E402
from herz.engine.world import compile_world  # noqa: E402


def _arguments(n: int, runs: int) -> list[object]:
    """The kernel's arguments for the first step of ``runs`` runs (no events kept)."""
    world = compile_world(ring_scenario(n, steps=10))
    keys = run_keys(7, runs, 0)
    greedy = uniform(keys, 0, Stream.TYPES, (n,)) < world.p_greedy
    fs = FusedStep(world, initial_state(world, greedy), keys, np.arange(runs), EventLog(keep=0))
    captured: list[tuple[object, ...]] = []
    fs._kernel = lambda _runs, *args: captured.append(args)
    fs.advance()
    return list(captured[0])


def _cpu_step(runs: int, args: list[object]) -> Callable[[], None]:
    """One step of the CPU kernel on ``args`` (with its count of the pairs' events)."""
    from herz.engine.compiled.step import ARGUMENTS, step_parallel

    gdp = args[ARGUMENTS.index("gdp")]
    assert isinstance(gdp, np.ndarray)
    n = gdp.shape[1]
    kinds = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)
    dyads = np.zeros((6 + len(WAR_KINDS) + 9, n * (n - 1) // 2))
    return partial(step_parallel, runs, dyads, kinds, *args)


def _agreement(runs: int, args: list[object]) -> str:
    """One step on the CPU and on the device from the same inputs: how far apart they end."""
    from herz.engine.compiled import cuda as hc
    from herz.engine.compiled.step import ARGUMENTS

    cpu = [x.copy() if isinstance(x, np.ndarray) else x for x in args]
    gpu = [x.copy() if isinstance(x, np.ndarray) else x for x in args]
    _cpu_step(runs, cpu)()
    hc.step_cuda(runs, *gpu)
    worst, differ = 0.0, []
    for name, a, b in zip(ARGUMENTS, cpu, gpu, strict=True):
        if not isinstance(a, np.ndarray) or not a.size:
            continue
        assert isinstance(b, np.ndarray)
        if a.dtype.kind == "f":
            scale = np.maximum(np.abs(a), np.finfo(float).tiny)
            worst = max(worst, float(np.nanmax(np.abs(a - b) / scale)))
            if not np.array_equal(np.isnan(a), np.isnan(b)):
                differ.append(name)
        elif not np.array_equal(a, b):
            differ.append(f"{name} ({int(np.count_nonzero(a != b))})")
    return f"largest relative difference {worst:.2e}; integers differ: {differ or 'none'}"


def _seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # compile and warm up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--actors", type=int, default=20)
    p.add_argument("--runs", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    p.add_argument("--repeat", type=int, default=3)
    a = p.parse_args()

    from herz.engine.compiled import cuda as hc

    if not hc.available():
        print("no CUDA device: nothing measured")
        return 0
    from numba import cuda

    name = cuda.get_current_device().name if hasattr(cuda, "get_current_device") else "?"
    first = _arguments(a.actors, a.runs[0])
    print(f"one step of {a.runs[0]} runs, device against CPU: {_agreement(a.runs[0], first)}")
    del first
    print(f"device: {name!r}, N = {a.actors}, seconds per step "
          f"(median of {a.repeat})")
    print(f"{'runs':>8} {'cpu threads':>12} {'gpu kernel':>11} {'gpu + io':>10} "
          f"{'cpu/kernel':>11} {'cpu/(gpu+io)':>13}")
    for runs in a.runs:
        args = _arguments(a.actors, runs)
        host = [x.copy() if isinstance(x, np.ndarray) else x for x in args]
        cpu = _seconds(_cpu_step(runs, host), a.repeat)
        on_device = [cuda.to_device(x) if isinstance(x, np.ndarray) else x for x in args]
        kernel = _seconds(partial(hc.step_cuda, runs, *on_device), a.repeat)
        on_device.clear()  # free the device's copy before the next one
        resident = _seconds(partial(hc.DeviceStep(), runs, *args), a.repeat)
        print(f"{runs:>8} {cpu:>12.4f} {kernel:>11.4f} {resident:>10.4f} "
              f"{cpu / kernel:>11.2f} {cpu / resident:>13.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
