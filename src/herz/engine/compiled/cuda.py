"""The fused step on a CUDA device: one GPU thread per run, the same per-run functions.

:func:`step_cuda` takes the arguments of :func:`herz.engine.compiled.step.step_serial` and runs
:func:`herz.engine.compiled.step.step_run` for run ``r`` on thread ``r``. numba's CUDA target
compiles the ``@numba.njit`` per-run functions (context, decide, acts, conflict and what they
call) as device functions, so the rules have one source for the CPU and the GPU. Host arrays
passed to :func:`step_cuda` are copied to the device and back around every call (simple, slow);
:class:`DeviceStep` keeps them on the device and moves per step only what the host changes
(:data:`SENT`) and what it reads (:data:`FETCHED`); :class:`CudaStep` is
:class:`herz.engine.fused.FusedStep` with that kernel. It runs the worlds the CPU's fused step
runs (:func:`herz.engine.fused.unsupported`): arms-control agreements are phases of the same
per-run functions, and a step with timeline entries is taken by the numpy step on the host
between device steps, with the whole state fetched before it and what it wrote sent after it
(:meth:`DeviceStep.send`).

The numbers: every operation is the CPU's in the same order, and the normal draws' ``log`` and
``cos`` are herz's own polynomials (:mod:`herz.engine.compiled.libm`) on both, but the device's
``exp``, other ``log`` and ``sqrt`` (libdevice) may differ from the CPU's in the last bit, so
reals agree to rounding, and a draw that falls within rounding of a threshold could go the
other way.

numba's built-in CUDA target (``numba.cuda`` in numba 0.68) is deprecated in favour of NVIDIA's
``numba-cuda`` package (the ``gpu`` extra), which provides the same ``numba.cuda`` module when
installed; this module uses only what both offer. Under numba's CUDA simulator
(``NUMBA_ENABLE_CUDASIM=1``, set before numba is imported) the kernel runs as Python on the
CPU, which is how the tests check it without a device; it calls the CPU-compiled per-run
functions, so what the CUDA target refuses (a device function cannot allocate: the per-run
functions take their scratch from the caller) shows only when the kernel is compiled for a
device (the slow PTX test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np
from numba import cuda, types
from numba.core import config
from numba.extending import overload

from herz.engine.actions import WAR_KINDS
from herz.engine.compiled.step import ARGUMENTS, step_run
from herz.engine.fused import NUMPY_STEP_WRITES, FusedStep
from herz.engine.step import StepRecord

__all__ = ["FETCHED", "ROWS", "SENT", "THREADS", "CudaStep", "DeviceStep", "available",
           "step_cuda"]

#: Threads per block: one run per thread. A run's working set is large (every pair of actors)
#: and its loops are serial, so small blocks keep more blocks resident per multiprocessor.
THREADS = 64

#: Arrays the host changes between steps, sent to the device before each step: the powers the
#: preventive-war forecast compares, the forecast's switch (``assess_par[15]``) and the event
#: counts the host resets after draining them.
SENT = ("now", "past", "assess_par", "ev_n")

#: Arrays fetched from the device after each step: what :meth:`FusedStep.advance` and
#: :func:`herz.engine.simulate.simulate` read then (the record of the step, the power history,
#: the kept runs' events and the state that the next frame reads). The rest of the state stays
#: on the device until :meth:`DeviceStep.fetch` (e.g. for a chunk's final frame).
FETCHED = ("power_now", "spent", "war_hazard", "n_incidents", "n_crises", "n_wars",
           "p_incident", "p_crisis", "p_demand", "p_deployment", "p_force", "p_war",
           "p_hazard", "p_level", "p_own_level", "ev_n", "ev_int", "ev_amt",
           "forces", "gdp", "alert", "belief")

#: Rows of the perception arrays fetched after each step (those the frames read): security
#: (``pa[4]``), threat, second-strike security and first strike (``pp[3]``, ``pp[4]``,
#: ``pp[8]``). Only these rows of the step's :class:`~herz.engine.perception.Perception` are
#: current on the host.
ROWS = {"pa": (4,), "pp": (3, 4, 8)}


def available() -> bool:
    """Whether a CUDA device can run :func:`step_cuda` (always, under the simulator)."""
    try:
        return bool(cuda.is_available())
    except Exception:  # a missing or broken driver is "no device", not an error
        return False



def _numbers(*args: Any) -> bool:
    return all(isinstance(a, (types.Number, types.Boolean)) for a in args)


# numba's generic max and min take *args, which the built-in CUDA target fails to compile
# ("signature mismatch"). These two-argument versions, for the CUDA target only, are the
# generic ones' algorithm (the later value when it compares greater, resp. less, as in
# Python), so the device takes the same branch as the CPU, NaN included.
@overload(max, target="cuda")
def _max2(a: Any, b: Any) -> Callable[[Any, Any], Any] | None:
    if not _numbers(a, b):
        return None

    def impl(a: Any, b: Any) -> Any:
        return b if b > a else a
    return impl


@overload(min, target="cuda")
def _min2(a: Any, b: Any) -> Callable[[Any, Any], Any] | None:
    if not _numbers(a, b):
        return None

    def impl(a: Any, b: Any) -> Any:
        return b if b < a else a
    return impl


if getattr(config, "ENABLE_CUDASIM", 0):
    def _beneath(a: Any) -> Any:
        # The simulator (numba's and numba-cuda's alike) hands the kernel an in-kernel wrapper
        # (``_item``) of its "device" array, which holds the host array (``_ary``).
        item = vars(a).get("_item", a)
        return getattr(item, "_ary", item)

    def _step(r: int, *args: Any) -> None:
        # The simulator runs the kernel as Python; the CPU-compiled per-run functions cannot
        # type its wrappers, so they get the arrays beneath (the same memory).
        run: Any = step_run
        run(r, *[a if isinstance(a, int | float) else _beneath(a) for a in args])
else:
    _step = step_run

# step_run's parameters spelled out (a test holds them to ARGUMENTS): a plain signature is what
# every CUDA dispatcher types, and a kernel in a source file can be cached on disk (compiling
# the whole step for the device takes tens of seconds).
@cuda.jit(cache=True)
def _kernel(  # type: ignore[no-untyped-def]
    runs,
    t, keys, forces, gdp, greedy, belief, credibility, alert, deploy, bilateral, blocs,
    hotline, sanction, cooldown, bogus_pending, statement, spending, last_hostile,
    standing_deploy, last_concession, now, past, ctx_classes, perceive_par, assess_par,
    ctx_actor, unit, decide_par, decide_actor, contact, cyber, acts_par, acts_actor,
    acts_classes, procurement, conflict_par, growth, belief0, asymmetry, strength, ally,
    free, allies, sigma, noise, pa, pp, wa, q, assess_work, main_threat, known, replacement,
    d_spend, d_alert, d_deploy, d_sanction, d_covert, d_ally, d_statement, d_bogus,
    d_coerce, d_attack, d_war_hazard, L, hostile, spent, deployed, xi, judged, wn,
    p_incident, p_crisis, p_demand, p_deployment, p_force, p_war, p_hazard, p_level,
    p_own_level, n_incidents, n_crises, n_wars, war_hazard, power_now, crisis_hazard,
    started, flags, conflict_work, ev_int, ev_amt, ev_n, in_agreement, cheating,
    standing_sanction, caps, agreement, agree_par, d_cheat, d_abandon,
):
    r = cuda.grid(1)  # type: ignore[call-arg, var-annotated]  # numba types the intrinsic
    if r < runs:
        _step(
            r,
            t, keys, forces, gdp, greedy, belief, credibility, alert, deploy, bilateral, blocs,
            hotline, sanction, cooldown, bogus_pending, statement, spending, last_hostile,
            standing_deploy, last_concession, now, past, ctx_classes, perceive_par, assess_par,
            ctx_actor, unit, decide_par, decide_actor, contact, cyber, acts_par, acts_actor,
            acts_classes, procurement, conflict_par, growth, belief0, asymmetry, strength, ally,
            free, allies, sigma, noise, pa, pp, wa, q, assess_work, main_threat, known, replacement,
            d_spend, d_alert, d_deploy, d_sanction, d_covert, d_ally, d_statement, d_bogus,
            d_coerce, d_attack, d_war_hazard, L, hostile, spent, deployed, xi, judged, wn,
            p_incident, p_crisis, p_demand, p_deployment, p_force, p_war, p_hazard, p_level,
            p_own_level, n_incidents, n_crises, n_wars, war_hazard, power_now, crisis_hazard,
            started, flags, conflict_work, ev_int, ev_amt, ev_n, in_agreement, cheating,
            standing_sanction, caps, agreement, agree_par, d_cheat, d_abandon,
        )


#: The kernel's Python function (for compiling it to PTX without a device).
kernel_function: Callable[..., None] = _kernel.py_func


def step_cuda(runs: int, *args: Any) -> None:
    """:func:`~herz.engine.compiled.step.step_run` for runs ``0 .. runs - 1`` on the device.

    ``args`` as for :func:`~herz.engine.compiled.step.step_serial` (named in
    :data:`~herz.engine.compiled.step.ARGUMENTS`): host arrays are copied to the device and
    back (all of them), device arrays are used in place. Returns when the step is done."""
    if runs <= 0:
        return
    threads = min(THREADS, runs)  # no idle threads in a small batch
    blocks = (runs + threads - 1) // threads
    _kernel[blocks, threads](runs, *args)
    cuda.synchronize()


class DeviceStep:
    """The kernel's arrays kept on the device between steps; a drop-in for ``step_serial``.

    Called as ``step(runs, *args)`` with the same host arrays each step (as
    :class:`~herz.engine.fused.FusedStep` passes them), it copies every array to the device on
    the first call, then per step sends :data:`SENT`, runs :func:`step_cuda` and copies
    :data:`FETCHED` (and the :data:`ROWS` of the perception) back into the host arrays.
    ``now`` and ``past`` may be new host arrays each step: they are matched by name. Any other
    array the host changes or replaces between steps must go through :meth:`send` first.
    """

    def __init__(self, names: Sequence[str] = ARGUMENTS, fetched: Iterable[str] = FETCHED,
                 sent: Iterable[str] = SENT, rows: dict[str, tuple[int, ...]] | None = None
                 ) -> None:
        self.names = tuple(names)
        self.fetched = tuple(fetched)
        self.sent = tuple(sent)
        self.rows = dict(ROWS if rows is None else rows)
        self._host: dict[str, Any] = {}
        self._device: dict[str, Any] = {}

    def __call__(self, runs: int, *args: Any) -> None:
        if len(args) != len(self.names):
            raise TypeError(f"expected {len(self.names)} arguments, got {len(args)}")
        first = not self._device
        for name, value in zip(self.names, args, strict=True):
            if not isinstance(value, np.ndarray):
                self._device[name] = value  # a scalar (the step)
            elif first:
                self._device[name] = cuda.to_device(value)
            elif name in self.sent:
                if value.shape != self._host[name].shape:
                    raise ValueError(f"{name}: shape {value.shape} changed between steps")
                self._device[name].copy_to_device(value)
            elif value is not self._host[name]:
                raise ValueError(f"{name}: a new host array; only {self.sent} may change "
                                 "unless sent")
            self._host[name] = value
        step_cuda(runs, *[self._device[k] for k in self.names])
        for name in self.fetched:
            self._fetch(name)
        for name, rows in self.rows.items():
            for k in rows:
                self._device[name][k].copy_to_host(self._host[name][k])

    def send(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Copy ``arrays`` (by name) to the device: the host changed them between steps.

        A value may be a new host array of the same shape and dtype, which later steps then
        take in its place. Before the first step nothing is on the device yet, and the first
        step copies every array anyway."""
        if not self._device:
            return
        for name, value in arrays.items():
            old = self._host[name]
            if value.shape != old.shape or value.dtype != old.dtype:
                raise ValueError(f"{name}: {value.dtype}{list(value.shape)} sent in place of "
                                 f"{old.dtype}{list(old.shape)}")
            if value.size:
                self._device[name].copy_to_device(np.ascontiguousarray(value))
            self._host[name] = value

    def _fetch(self, name: str) -> None:
        host = self._host[name]
        if host.size:
            self._device[name].copy_to_host(host)

    def fetch(self, names: Iterable[str] | None = None) -> None:
        """Copy ``names`` from the device into the host arrays; by default every array but
        :data:`SENT` ones, which the host owns between steps (it resets the event counts)."""
        if names is None:
            names = [k for k in self.names if k not in self.sent]
        for name in names:
            if isinstance(self._host.get(name), np.ndarray):
                self._fetch(name)


class CudaStep(FusedStep):
    """:class:`~herz.engine.fused.FusedStep` with the step on the CUDA device.

    :meth:`advance` returns the same record; the arrays of :data:`FETCHED` (and the state's
    ``forces``, ``gdp``, ``alert``, ``belief``) are current on the host after each step, the
    rest of the state after :meth:`sync`. A step with timeline entries runs on the host
    (:meth:`_numpy_step`), everything else on the device."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.device = DeviceStep(ARGUMENTS)
        self._kernel = self._on_device
        self._kinds = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)

    def _on_device(self, runs: int, *args: Any) -> None:
        """The step on the device, then its dyad counts on the host (from the pair record,
        which is fetched every step)."""
        from herz.engine.compiled.outputs import dyad_counts

        self.device(runs, *args)
        a = self._arrays
        self.dyads[:] = 0.0
        dyad_counts(a["p_incident"], a["p_crisis"], a["p_demand"], a["p_deployment"],
                    a["p_force"], a["p_war"], a["p_hazard"], a["p_level"], a["p_own_level"],
                    self._kinds, self.dyads)

    def sync(self) -> None:
        """Copy every array of the step, the whole state included, back to the host."""
        self.device.fetch()

    def _numpy_step(self) -> StepRecord:
        """A timeline's step by the numpy step on the host: the whole state fetched before it,
        and after it every array it changed or replaced (the state's, the record's and the
        emptied event counts) sent to the device, where the next step reads them."""
        self.sync()
        record = super()._numpy_step()
        changed = {name: getattr(self.state, name) for name, _ in self._state_args}
        changed |= {name: self._arrays[name] for name in NUMPY_STEP_WRITES}
        self.device.send(changed)
        return record

    def finish(self) -> None:
        """The whole state back on the host and the buffered events in the log."""
        self.sync()
        super().finish()
