"""Compiled (numba) versions of the engine's hot loops; numpy (the calling modules) stays the
reference. Imported only when the numba backend is chosen (:mod:`herz.engine.backend`).

Each kernel has a serial loop over runs and a parallel one (``prange``, threads over runs);
:func:`parallel` picks the parallel one only for batches large enough to pay for waking the
threads (on a busy machine a parallel call costs milliseconds). Every number is a function of
its run's inputs alone, so the choice and the thread count change none.
"""

from __future__ import annotations

import numba

__all__ = ["PARALLEL_MIN_WORK", "parallel"]

#: Elements of work (runs x pairs) from which a kernel runs on several threads.
PARALLEL_MIN_WORK = 1 << 17


def parallel(work: int) -> bool:
    """Whether a kernel over ``work`` elements should use the parallel loop."""
    return work >= PARALLEL_MIN_WORK and numba.get_num_threads() > 1
