"""Compiled (numba) versions of the engine's hot loops; numpy (the calling modules) stays the
reference. Imported only when the numba backend is chosen (:mod:`herz.engine.backend`).

Each phase kernel has a serial loop over runs and a parallel one (``prange``, threads over
runs); :func:`parallel` picks the parallel one only for batches large enough to pay for waking
the threads (on a busy machine a parallel call costs milliseconds). The fused steps share
their runs out over threads from Python instead (:mod:`herz.engine.compiled.threads`: a
``prange`` over a whole step doubles its compile). Every number is a function of its run's
inputs alone, so the choice and the thread count change none.
"""

from __future__ import annotations

import llvmlite.binding as llvm
import numba

# LLVM vectorises a loop over doubles 8 at a time (AVX-512) and leaves the remainder to a
# scalar loop: at N = 20 the last 4 pairs of every row then run the whole body one at a time,
# polynomial logs included. A vectorised remainder (4 at a time) for loops of 8 lanes, where
# LLVM's default starts at 16: 11% off the fused step at N = 20 (bench/kernel_profile.py).
# Process-wide, but it changes only how loops are vectorised, never a result.
llvm.set_option("", "--epilogue-vectorization-minimum-VF=8")

__all__ = ["PARALLEL_MIN_WORK", "parallel"]

#: Elements of work (runs x pairs) from which a kernel runs on several threads.
PARALLEL_MIN_WORK = 1 << 17


def parallel(work: int) -> bool:
    """Whether a kernel over ``work`` elements should use the parallel loop."""
    return work >= PARALLEL_MIN_WORK and numba.get_num_threads() > 1
