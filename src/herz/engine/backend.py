"""Which implementation computes the engine's hot loops: numpy (the reference) or numba.

:func:`herz.engine.simulate.simulate` takes ``backend="numpy" | "numba"`` and runs under
:func:`use_backend`; the functions that have a compiled version (:mod:`herz.engine.compiled`)
ask :func:`current` which to call. The choice lives in a :class:`contextvars.ContextVar`, so
it is scoped to the ``with`` block (and to the thread or task that entered it), never global.

The numba backend draws the same random numbers, bit for bit (:mod:`herz.engine.streams`), and
computes the compiled phases to floating-point tolerance of the numpy ones; numpy stays the
reference and the default.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Literal

from herz.errors import HerzInputError

__all__ = [
    "BACKENDS", "DEVICES", "Backend", "available", "check_backend", "check_device",
    "check_threads", "current", "use_backend", "use_threads",
]

Backend = Literal["numpy", "numba"]
BACKENDS: tuple[Backend, ...] = ("numpy", "numba")

#: Where the numba backend's fused step runs (:mod:`herz.engine.compiled.cuda` for the GPU).
DEVICES = ("cpu", "gpu")

_CURRENT: ContextVar[Backend] = ContextVar("herz_engine_backend", default="numpy")


def available(name: str) -> bool:
    """Whether backend ``name`` can run here (numba needs the ``fast`` extra)."""
    if name == "numpy":
        return True
    return name == "numba" and importlib.util.find_spec("numba") is not None


def check_backend(name: str, field: str = "backend") -> Backend:
    """``name`` as a :data:`Backend`, or a :class:`HerzInputError` saying what is allowed."""
    if name not in BACKENDS:
        raise HerzInputError(f"backend {name!r}", field=field, allowed=", ".join(BACKENDS))
    if not available(name):
        raise HerzInputError(
            f"backend {name!r} needs numba", field=field,
            allowed="numpy, or install the fast extra: pip install 'herz[fast]'",
        )
    return "numba" if name == "numba" else "numpy"


def current() -> Backend:
    """The backend of the enclosing :func:`use_backend` block (numpy outside any)."""
    return _CURRENT.get()


@contextmanager
def use_backend(name: str) -> Iterator[Backend]:
    """Compute the engine's hot loops with backend ``name`` inside the block."""
    token = _CURRENT.set(check_backend(name))
    try:
        yield _CURRENT.get()
    finally:
        _CURRENT.reset(token)


def check_threads(threads: int, backend: str, field: str = "threads") -> int:
    """``threads`` if the numba backend can run on that many, else a :class:`HerzInputError`."""
    if backend != "numba":
        raise HerzInputError(f"{threads} threads with the {backend} backend", field=field,
                             allowed="threads only with the numba backend (--backend numba)")
    import numba

    most = int(numba.config.NUMBA_NUM_THREADS)  # type: ignore[attr-defined]
    if not 1 <= threads <= most:
        raise HerzInputError(f"{threads} threads", field=field, allowed=f"1 to {most}")
    return threads


@contextmanager
def use_threads(threads: int | None) -> Iterator[None]:
    """Run the numba backend's parallel loops on ``threads`` threads inside the block (``None``:
    numba's default, every core). Each run's numbers depend on its own inputs only, so the
    count changes speed, never results."""
    if threads is None:
        yield
        return
    import numba

    check_threads(threads, current())
    before = numba.get_num_threads()
    numba.set_num_threads(threads)
    try:
        yield
    finally:
        numba.set_num_threads(before)


def check_device(device: str, backend: str, field: str = "device") -> str:
    """``device`` if it can run here with ``backend``, else a :class:`HerzInputError`: the GPU
    runs the numba backend's fused step on a CUDA device (the ``gpu`` extra)."""
    if device not in DEVICES:
        raise HerzInputError(f"device {device!r}", field=field, allowed=", ".join(DEVICES))
    if device == "cpu":
        return device
    if backend != "numba":
        raise HerzInputError(f"device 'gpu' with the {backend} backend", field=field,
                             allowed="gpu only with the numba backend (--backend numba)")
    from herz.engine.compiled.cuda import available as cuda_available

    if not cuda_available():
        raise HerzInputError("device 'gpu': no CUDA device here", field=field,
                             allowed="cpu, or a machine with a CUDA GPU: pip install 'herz[gpu]'")
    return device
