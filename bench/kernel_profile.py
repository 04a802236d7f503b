"""Where the fused step's time goes: its cost per run-step, then (Linux ``perf``) by compiled
function and by machine instruction.

Runs :func:`herz.engine.compiled.step.step_serial` over ``--runs`` runs of
:func:`engine.ring_scenario` some steps into a simulation (the same arrays each call, as
``bench/fused_phases.py`` does) for ``--seconds`` and prints the least CPU time of one call per
run-step: the minimum is what a busy shared machine disturbs least, so two builds compare by it
(``--threaded``: ``step_parallel`` on numba's threads, the least wall time).

With ``--perf`` it also samples itself with ``perf record`` while it loops, after writing a
perf map of every compiled function of :mod:`herz.engine.compiled` (numba's JIT code has no
symbols perf can read), and prints each function's share of the samples; ``--annotate NAME``
disassembles the code of the functions whose names contain ``NAME``, as it lies in memory, and
prints their hottest instructions and the share of samples on vector (``ymm``/``zmm``)
instructions; the whole listing with counts is written to ``--out``. The kernel is compiled
afresh (in a temporary numba cache): a kernel loaded from the cache has no object code to list
its functions from. Run with one thread::

    NUMBA_NUM_THREADS=1 python bench/kernel_profile.py --n 20 --runs 200
    NUMBA_NUM_THREADS=1 python bench/kernel_profile.py --perf --annotate observe_arming
    python bench/kernel_profile.py --threaded --runs 1000   # step_parallel, wall clock
"""

from __future__ import annotations

import argparse
import collections
import ctypes
import importlib
import os
import pkgutil
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))


def build_step(n: int, runs: int, warmup: int, threaded: bool = False,
               lanes: bool = False) -> Callable[[], None]:
    """One call of ``step_serial`` (``step_parallel`` if ``threaded``; the lanes step's kernel
    if ``lanes``) over ``runs`` runs, ``warmup`` steps into a simulation."""
    if lanes:
        return build_lanes(n, runs, warmup)
    from fused_phases import warmed

    from herz.engine.actions import WAR_KINDS
    from herz.engine.compiled.step import ARGUMENTS, step_parallel, step_serial

    fs, value = warmed(n, runs, warmup)
    args = [value(k) for k in ARGUMENTS]
    kinds = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)
    kernel = step_parallel if threaded else step_serial
    return lambda: kernel(runs, fs.dyads, kinds, *args)


def build_lanes(n: int, runs: int, warmup: int) -> Callable[[], None]:
    """One call of the lanes step's kernel (:func:`herz.engine.compiled.lanes.step.step_lanes`,
    on numba's threads) over ``runs`` runs of the ring world, ``warmup`` steps in."""
    from fused_phases import warmed

    from herz.engine.compiled.lanes.driver import LanesStep
    from herz.engine.compiled.step import ARGUMENTS

    ls, _ = warmed(n, runs, warmup, LanesStep)
    assert isinstance(ls, LanesStep)
    blocked = ls._blocked
    return lambda: ls._kernel(*(blocked[k] for k in ARGUMENTS))


def functions(out: Path) -> list[tuple[int, int, str, Path]]:
    """``(address, size, symbol, code file)`` of every compiled function of
    :mod:`herz.engine.compiled` in this process, its machine code copied to ``out``."""
    import herz.engine.compiled as compiled

    found: dict[int, tuple[int, int, str, Path]] = {}
    for info in pkgutil.walk_packages(compiled.__path__, "herz.engine.compiled."):
        if info.name.endswith(".cuda"):  # numba's CUDA target: not compiled here
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            for result in getattr(value, "overloads", {}).values():
                library = result.library
                try:
                    obj = library._get_compiled_object()
                except RuntimeError:  # loaded from the cache, or not compiled
                    continue
                with tempfile.NamedTemporaryFile(suffix=".o") as f:
                    f.write(obj)
                    f.flush()
                    table = subprocess.run(["nm", "-S", "--defined-only", f.name],
                                           capture_output=True, text=True).stdout
                for line in table.splitlines():
                    parts = line.split()
                    if len(parts) != 4 or parts[2] not in "tTwW":
                        continue
                    address = library.get_pointer_to_function(parts[3])
                    if address and address not in found:
                        code = out / f"code_{len(found)}.bin"
                        size = int(parts[1], 16)
                        code.write_bytes(ctypes.string_at(address, size))
                        found[address] = (address, size, parts[3], code)
    return sorted(found.values())


def short(symbol: str) -> str:
    """``module.function`` (``lanes.module.function``) of a numba symbol: the length-prefixed
    names after ``compiled`` in its mangled name."""
    at = symbol.find("8compiled")
    if at < 0:
        return symbol[:60]
    names, i = [], at + len("8compiled")
    while m := re.match(r"\d+", symbol[i:]):
        size = int(m.group())
        names.append(symbol[i + len(m.group()):i + len(m.group()) + size])
        i += len(m.group()) + size
    return ".".join(names) or symbol[:60]


def annotate(name: str, address: int, size: int, code: Path, ips: np.ndarray, out: Path,
             top: int = 25) -> None:
    """The hottest instructions of one function, and the whole listing in ``out``."""
    inside = ips[(ips >= address) & (ips < address + size)] - np.uint64(address)
    hist = collections.Counter(int(x) for x in inside)
    total = max(len(inside), 1)
    listing = subprocess.run(["objdump", "-D", "-b", "binary", "-m", "i386:x86-64",
                              "--no-show-raw-insn", str(code)],
                             capture_output=True, text=True).stdout
    rows = []
    for line in listing.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s*(.*)", line)
        if m:
            offset = int(m.group(1), 16)
            rows.append((hist.get(offset, 0), offset, m.group(2)))
    vector = sum(c for c, _, ins in rows if "zmm" in ins or "ymm" in ins)
    path = out / f"{name}.txt"
    path.write_text("".join(f"{100 * c / total:5.1f}% {o:#7x} {ins}\n" for c, o, ins in rows))
    print(f"\n{name}: {total} samples, {100 * vector / total:.0f}% on vector instructions "
          f"(listing: {path})")
    for c, o, ins in sorted(rows, reverse=True)[:top]:
        print(f"  {100 * c / total:5.1f}% {o:#7x} {ins}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20, help="actors (default 20)")
    parser.add_argument("--runs", type=int, default=200, help="runs (default 200)")
    parser.add_argument("--warmup", type=int, default=10, help="steps before (default 10)")
    parser.add_argument("--seconds", type=float, default=10.0, help="time looped (default 10)")
    parser.add_argument("--threaded", action="store_true",
                        help="time step_parallel on numba's threads, by the wall clock")
    parser.add_argument("--lanes", action="store_true",
                        help="time the lanes step's kernel (runs in blocks) instead")
    parser.add_argument("--perf", action="store_true", help="sample with perf record")
    parser.add_argument("--annotate", nargs="*", default=[], metavar="NAME",
                        help="list these functions' hottest instructions (with --perf)")
    parser.add_argument("--out", type=Path, default=None,
                        help="folder for the code and listings (default: a temporary one)")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="kernel_profile_"))
    out.mkdir(parents=True, exist_ok=True)
    if args.perf:  # compiled afresh, so that the object code can be read
        os.environ["NUMBA_CACHE_DIR"] = tempfile.mkdtemp(prefix="numba_cache_", dir=out)
    import numba

    threads = numba.get_num_threads()
    if threads != 1 and not args.threaded:
        print(f"note: {threads} numba threads; set NUMBA_NUM_THREADS=1")
    call = build_step(args.n, args.runs, args.warmup, args.threaded, args.lanes)
    clock = time.perf_counter if args.threaded else time.thread_time
    call()
    recorder = None
    if args.perf:
        table = functions(out)
        with open(f"/tmp/perf-{os.getpid()}.map", "w") as f:  # where perf looks for it
            for address, size, symbol, _ in table:
                f.write(f"{address:x} {size:x} {short(symbol)}\n")
        recorder = subprocess.Popen(["perf", "record", "-q", "-F", "2000", "-p",
                                     str(os.getpid()), "-o", str(out / "perf.data")])
        time.sleep(1.0)
    best = np.inf
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < args.seconds:
        c0 = clock()
        call()
        best = min(best, clock() - c0)
    what = f"least wall time of a call on {threads} threads" if args.threaded else (
        "least CPU time of a call")
    print(f"N = {args.n}, {args.runs} runs: {best / args.runs * 1e6:.1f} us per run-step ({what})")
    if recorder is None:
        return
    recorder.send_signal(2)
    recorder.wait()
    script = subprocess.run(["perf", "script", "-i", str(out / "perf.data"), "-F", "ip"],
                            capture_output=True, text=True).stdout.split()
    ips = np.array([int(x, 16) for x in script], dtype=np.uint64)
    shares = []
    for address, size, symbol, code in table:
        count = int(((ips >= address) & (ips < address + size)).sum())
        shares.append((count, short(symbol), address, size, code))
    shares.sort(reverse=True)
    print(f"\nshares of {len(ips)} samples (the rest: C library, NRT, Python)")
    for count, name, *_ in shares:
        if count:
            print(f"  {100 * count / len(ips):5.1f}%  {name}")
    for want in args.annotate:
        for count, name, address, size, code in shares:
            if want in name and count:
                annotate(name, address, size, code, ips, out)
                break


if __name__ == "__main__":
    main()
