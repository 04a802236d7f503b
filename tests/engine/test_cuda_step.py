"""The fused step on a CUDA device (:mod:`herz.engine.compiled.cuda`), checked without one.

numba's CUDA simulator runs the kernel as Python on the CPU: launch, grid guard, transfers and
the device-resident :class:`~herz.engine.compiled.cuda.DeviceStep` give every array that
:func:`~herz.engine.compiled.step.step_serial` gives. The simulator must be switched on before
numba is imported, so that check runs in a subprocess. Where a CUDA compiler (NVVM) is
installed, the whole kernel is also compiled to PTX, which is what a device would run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("numba")

ROOT = Path(__file__).resolve().parents[2]

# Run in a subprocess under the simulator; prints "ok" when every array agrees.
_SIMULATED = textwrap.dedent(r"""
    import sys
    sys.path[:0] = sys.argv[1:]
    from engine_support import same_array as same
    import numpy as np
    from numba.core import config
    assert config.ENABLE_CUDASIM
    from engine import ring_scenario
    from herz.engine.compiled import cuda as hc
    from herz.engine.compiled.step import ARGUMENTS, step_serial
    from herz.engine.events import EventLog
    from herz.engine.fused import FusedStep
    from herz.engine.state import initial_state
    from herz.engine.streams import Stream, run_keys, uniform
    from herz.engine.world import compile_world

    RUNS, STEPS = 5, 3
    from herz.engine.actions import WAR_KINDS
    KINDS = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)
    assert hc.available()
    hc.THREADS = 2  # three blocks, the last with an idle thread: the grid's guard matters
    scenario = ring_scenario(3, steps=STEPS)
    # a one-step forecast window, so that the forecast switches on within the steps taken
    scenario = scenario.model_copy(
        update={"world": scenario.world.model_copy(update={"forecast_window": 1})})
    world = compile_world(scenario)
    keys = run_keys(5, RUNS, 0)
    greedy = uniform(keys, 0, Stream.TYPES, (world.n,)) < world.p_greedy


    def fused(cls):
        state = initial_state(world, greedy)
        return cls(world, state, keys, np.arange(RUNS), EventLog(keep=RUNS)), state



    # 1. step_cuda on host arrays against step_serial on copies of the same inputs, each step
    first, first_state = fused(FusedStep)
    captured = []

    def both(runs, *args):
        mine = [a.copy() if isinstance(a, np.ndarray) else a for a in args]
        step_serial(runs, first.dyads, KINDS, *args)
        hc.step_cuda(runs, *mine)
        for name, a, b in zip(ARGUMENTS, args, mine):
            if isinstance(a, np.ndarray):
                same(f"step_cuda {name}", a, b)
        captured.append(int(args[ARGUMENTS.index("ev_n")].sum()))

    first._kernel = both
    for _ in range(STEPS):
        first.advance()
    assert len(captured) == STEPS and sum(captured) > 0, captured  # events were logged

    # 2. CudaStep (device-resident arrays, per-step transfers) against FusedStep
    ref, ref_state = fused(FusedStep)
    got, got_state = fused(hc.CudaStep)
    for t in range(STEPS):
        a, b = ref.advance(), got.advance()
        for name in ("spending", "incidents", "crises", "war_hazard"):
            same(name, getattr(a, name), getattr(b, name))
        for code in a.wars:
            same(f"wars {code}", a.wars[code], b.wars[code])
        for name in ("incident", "crisis", "demand", "deployment", "force", "war", "hazard",
                     "level", "own_level"):
            same(name, getattr(a.pairs, name), getattr(b.pairs, name))
        for name in ("security", "threat", "sss", "first_strike"):
            same(name, getattr(a.perception, name), getattr(b.perception, name))
        for name in ("forces", "gdp", "alert", "belief"):
            same(name, getattr(ref_state, name), getattr(got_state, name))
        same("history", ref._history, got._history)
    ref.flush()
    got.flush()  # the events are fetched each step: draining needs no sync
    for k, v in ref.log.columns().items():
        same(f"event {k}", v, got.log.columns()[k])
    assert len(ref.log.columns()["run"]) > 0
    got.sync()
    for name, value in vars(ref_state).items():
        if isinstance(value, np.ndarray):
            same(f"state {name}", value, getattr(got_state, name))
    for name, value in ref._arrays.items():
        same(f"array {name}", value, got._arrays[name])

    # 3. simulate(device="gpu"): the numba backend's results on the CPU
    from herz.engine.simulate import simulate
    cpu = simulate(scenario, RUNS, STEPS, rng=5, keep=RUNS, backend="numba")
    gpu = simulate(scenario, RUNS, STEPS, rng=5, keep=RUNS, backend="numba", device="gpu")
    for part in ("outcomes", "mean", "events", "dyads"):
        for k, v in getattr(cpu, part).items():
            same(f"{part} {k}", v, getattr(gpu, part)[k])
    print("ok")
""")


# Run in a subprocess under the simulator: simulate(device="gpu") on a world with a timeline
# (its steps by the numpy step on the host, between device steps) and on one with an
# arms-control agreement gives the numba backend's results on the CPU; prints "ok".
_COVERED = textwrap.dedent(r"""
    import sys
    sys.path.insert(0, sys.argv[1])
    import numpy as np
    from numba.core import config
    assert config.ENABLE_CUDASIM
    from engine_support import example_data, same_array as same
    from herz.engine.actions import Action
    from herz.engine.compiled import cuda as hc
    from herz.engine.scenario import parse_scenario
    from herz.engine.simulate import simulate

    hc.THREADS = 2  # two blocks of the four runs

    # what the device is sent between steps, and the steps the numpy step takes
    sent, numpy_steps = [], []
    send, numpy_step = hc.DeviceStep.send, hc.CudaStep._numpy_step

    def spied_send(self, arrays):
        sent.append({k for k, v in arrays.items() if self._device and v is not self._host[k]})
        send(self, arrays)

    def spied_numpy_step(self):
        numpy_steps.append(self.state.step)
        return numpy_step(self)

    hc.DeviceStep.send, hc.CudaStep._numpy_step = spied_send, spied_numpy_step



    def compare(scenario, runs, rng, keep):
        cpu = simulate(scenario, runs, rng=rng, keep=keep, backend="numba")
        gpu = simulate(scenario, runs, rng=rng, keep=keep, backend="numba", device="gpu")
        for part in ("outcomes", "mean", "series", "quantiles", "events", "dyads"):
            ref, got = getattr(cpu, part), getattr(gpu, part)
            assert ref.keys() == got.keys(), part
            for k, v in ref.items():
                same(f"{part} {k}", v, got[k])
        return {Action(int(c)) for c in np.unique(gpu.events["code"])}


    # 1. a timeline: scripted acts on steps 0, 2, 3, 5 and 6 (the last) of 7, the device's
    # steps between them; each numpy step replaces state arrays; the final sync follows a
    # numpy step. A one-step forecast window, so that the forecast reads powers of both kinds
    # of step.
    data = example_data("spiral")
    data["steps"] = 7
    data.setdefault("world", {})["forecast_window"] = 1
    a, b = (actor["name"] for actor in data["actors"][:2])
    data["timeline"] = [
        {"step": 0, "actor": a, "action": "sanction", "target": b, "amount": 0.4},
        {"step": 2, "actor": a, "action": "deploy", "target": b, "amount": 0.6},
        {"step": 3, "actor": b, "action": "sanction", "target": a, "amount": 0.5},
        {"step": 3, "actor": a, "action": "withdraw", "target": b},
        {"step": 5, "actor": b, "action": "attack", "target": a},
        {"step": 6, "actor": a, "action": "sanction", "target": b, "amount": 0.2},
    ]
    codes = compare(parse_scenario(data, source="timeline"), runs=4, rng=3, keep=3)
    assert numpy_steps == [0, 2, 3, 5, 6], numpy_steps
    # the first numpy step precedes the first device step, which copies every array; the
    # later ones replace state arrays, which are sent in place of the old ones
    assert len(sent) == 5 and not sent[0] and all(s for s in sent[1:]), sent
    assert {"forces", "belief", "deploy", "sanction"} <= sent[2], sent
    assert {Action.DEPLOY, Action.SANCTION, Action.WAR_SCRIPTED} <= codes, codes

    # 2. an agreement with monitoring and caps, a greedy member: cheating, its detection and
    # leaving happen in these four runs (all on the device)
    numpy_steps.clear()
    data = example_data("monitoring")
    data["steps"] = 10
    data["actors"][1]["motive"] = "greedy"
    codes = compare(parse_scenario(data, source="agreement"), runs=4, rng=1, keep=4)
    assert not numpy_steps
    assert {Action.CHEAT, Action.DETECTED_CHEATING, Action.ABANDON} <= codes, codes

    # 3. what is sent must fit the device's array: the same shape and dtype
    from herz.engine.events import EventLog
    from herz.engine.state import initial_state
    from herz.engine.streams import run_keys
    from herz.engine.world import compile_world
    world = compile_world(parse_scenario(data, source="agreement"))
    state = initial_state(world, np.zeros((2, world.n), dtype=bool))
    step = hc.CudaStep(world, state, run_keys(1, 2, 0), np.arange(2), EventLog(keep=2))
    step.advance()
    for wrong in (state.forces.astype(np.float32), state.forces[:1].copy()):
        try:
            step.device.send({"forces": wrong})
        except ValueError as e:
            assert str(e).startswith("forces: "), e
        else:
            raise AssertionError(f"{wrong.dtype}{wrong.shape} sent")
    print("ok")
""")


def _simulated(tmp_path: Path, script: str, *paths: Path) -> None:
    """Run ``script`` under numba's CUDA simulator with ``paths`` as its arguments; it must
    print "ok" last."""
    file = tmp_path / "simulated.py"
    file.write_text(script)
    env = os.environ | {"NUMBA_ENABLE_CUDASIM": "1",
                        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"),
                                                       os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, str(file), *map(str, paths)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert done.stdout.strip().endswith("ok")


def test_the_kernel_gives_step_serials_arrays_under_the_simulator(tmp_path: Path) -> None:
    _simulated(tmp_path, _SIMULATED, ROOT / "bench", ROOT / "tests" / "engine")


def test_timelines_and_agreements_run_on_the_device_under_the_simulator(
        tmp_path: Path) -> None:
    _simulated(tmp_path, _COVERED, ROOT / "tests" / "engine")


def test_the_kernel_takes_step_runs_arguments() -> None:
    import inspect

    from herz.engine.compiled import cuda as hc
    from herz.engine.compiled.step import ARGUMENTS

    assert tuple(inspect.signature(hc.kernel_function).parameters) == ("runs", *ARGUMENTS)


def test_without_a_device_it_says_so() -> None:
    from herz.engine.compiled import cuda as hc

    if hc.available():
        pytest.skip("a CUDA device is present")
    assert hc.available() is False
    from herz.engine.scenario import load_scenario
    from herz.engine.simulate import simulate
    from herz.errors import HerzInputError
    from herz.examples import example_path

    spiral = load_scenario(example_path("spiral"))
    with pytest.raises(HerzInputError, match="no CUDA device"):
        simulate(spiral, 2, 2, backend="numba", device="gpu")
    with pytest.raises(HerzInputError, match="numba backend"):
        simulate(spiral, 2, 2, device="gpu")
    with pytest.raises(HerzInputError, match="device 'tpu'"):
        simulate(spiral, 2, 2, device="tpu")


@pytest.mark.slow
def test_the_whole_kernel_compiles_for_a_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CUDA target accepts every per-run function (PTX for compute capability 9.0)."""
    import numba
    from numba import cuda
    from numba.cuda import dispatcher

    from herz.engine.compiled import cuda as hc
    from herz.engine.events import EventLog
    from herz.engine.fused import FusedStep
    from herz.engine.state import initial_state
    from herz.engine.streams import run_keys
    from herz.engine.world import compile_world

    sys.path.insert(0, str(ROOT / "bench"))
    from engine import ring_scenario

    world = compile_world(ring_scenario(3, steps=2))
    keys = run_keys(1, 2, 0)
    fs = FusedStep(world, initial_state(world, np.zeros((2, world.n), dtype=bool)), keys,
                   np.arange(2), EventLog(keep=2))
    captured: list[tuple[object, ...]] = []
    fs._kernel = lambda runs, *args: captured.append(args)
    fs.advance()
    signature = (numba.int64, *(numba.typeof(a) for a in captured[0]))
    # Device functions are compiled for the current device's capability; there is none here.
    monkeypatch.setattr(dispatcher, "get_current_device",
                        lambda: types.SimpleNamespace(compute_capability=(9, 0)))
    try:
        ptx, _ = cuda.compile_ptx(hc.kernel_function, signature, cc=(9, 0))
    except Exception as e:  # no CUDA toolkit (NVVM, NVRTC): nothing to compile with
        if re.search(r"nvvm|nvrtc|libdevice|toolkit", f"{type(e).__name__} {e}", re.I):
            pytest.skip(f"no CUDA compiler: {e}")
        raise
    assert ".entry" in ptx and "sm_90" in ptx

