"""A range of runs, or of blocks of runs, shared out over threads: each thread takes one call of
a compiled loop that releases the GIL (``nogil=True``) over consecutive items.

The fused steps (:mod:`herz.engine.compiled.step`, :mod:`herz.engine.compiled.lanes.step`)
spread their runs so rather than by a ``prange``: numba compiles a parallel loop's body a
second time, as a separate function with everything it calls inlined and optimised again, and
for a whole step that second compile took twice the serial one (run-first) and over five times
it (lanes). The ranges are equal consecutive parts; each item's numbers depend on its own
inputs only, so the cut and the thread count change none.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

__all__ = ["share"]

# The pools by their number of threads, made on first use; none in a forked child (a fork
# keeps only the thread that forked: a pool whose threads are gone would wait for ever).
_pools: dict[int, ThreadPoolExecutor] = {}
os.register_at_fork(after_in_child=_pools.clear)


def share(kernel: Callable[..., None], items: int, threads: int, *args: Any) -> None:
    """``kernel(first, last, *args)`` over ``range(items)`` cut into ``threads`` consecutive
    ranges (fewer if there are fewer items), the calling thread taking the first; returns when
    every range is done."""
    threads = max(1, min(threads, items))
    cuts = [items * i // threads for i in range(threads + 1)]
    rest: list[Future[None]] = []
    if threads > 1:
        pool = _pools.get(threads)
        if pool is None:
            pool = _pools[threads] = ThreadPoolExecutor(threads - 1, "herz-compiled")
        rest = [pool.submit(kernel, cuts[i], cuts[i + 1], *args) for i in range(1, threads)]
    try:
        kernel(cuts[0], cuts[1], *args)
    finally:
        for done in rest:
            done.result()
