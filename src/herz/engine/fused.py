"""The fused step: a whole step of every run in one compiled call (the numba backend).

:func:`herz.engine.step.advance` applies the phases of a step to all runs at once, one numpy
operation at a time (some two thousand a step at twenty actors), which is the reference.
:class:`FusedStep` does the same step with one compiled loop per run
(:mod:`herz.engine.compiled.step`): the opening (:mod:`herz.engine.compiled.context`), the
built-in rule (:mod:`herz.engine.compiled.decide`), the acts and learning
(:mod:`herz.engine.compiled.acts`), incidents, war, beliefs and the economy
(:mod:`herz.engine.compiled.conflict`), drawing the same counter-based random numbers
(:mod:`herz.engine.compiled.draws`) and logging the same events for the kept runs
(:mod:`herz.engine.compiled.eventbuf`). Runs are spread over threads
(:mod:`herz.engine.compiled.threads`) when the batch is large enough, and from a block of runs
up to 14 actors :func:`herz.engine.simulate.simulate` takes the step with the runs in the
vector lanes (:class:`herz.engine.compiled.lanes.driver.LanesStep`, the same numbers bit for
bit); every number is a function of its own run's inputs, so neither the
thread count nor the batch changes any.

It covers the worlds whose actors all follow the built-in rule or are passive (:func:`unsupported`
says why not), arms-control agreements included (:mod:`herz.engine.compiled.agreements`). A
step with timeline entries (scripted acts, few steps of a case) is taken by the numpy step
(:func:`herz.engine.step.advance`) on the same state, and the compiled kernel goes on from
there: the standing scripted postures, memberships and cheating are state, which both read;
the power history the forecast needs is handed over both ways. On a CUDA device
(:class:`herz.engine.compiled.cuda.CudaStep`) the same holds, with the state fetched before
such a step and what it wrote (the state's arrays, :data:`NUMPY_STEP_WRITES`) sent back after
it. Worlds with user policies under the numba backend take the numpy path with its compiled
parts (on the CPU only).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any

import numpy as np

from herz.engine.actions import WAR_KINDS
from herz.engine.events import EventLog
from herz.engine.perception import Perception
from herz.engine.state import State
from herz.engine.step import PairRecord, StepRecord
from herz.engine.world import World

__all__ = ["NUMPY_STEP_WRITES", "PARALLEL_MIN_WORK", "FusedStep", "drain_events",
           "parallel_step", "unsupported"]


def unsupported(world: World, policies: Mapping[int, object] | None = None,
                device: str = "cpu") -> str | None:
    """Why the fused step cannot run ``world`` (``None`` when it can).

    On the CPU and on a CUDA device (``device="gpu"``, :mod:`herz.engine.compiled.cuda`) alike
    it runs every world whose actors follow the built-in rule or are passive, arms-control
    agreements included: a timeline's steps take the numpy step on the host within it
    (:class:`FusedStep`). User policies are Python called each step with the whole batch, so
    neither runs them; the CPU then takes the numpy path, the GPU refuses."""
    if policies:
        return "actors with their own policies"
    return None


#: The kernel's arrays that a timeline's step (:meth:`FusedStep._numpy_step`) overwrites
#: besides the state's: the step record's (the perception's rows in ``pa`` and ``pp``) and the
#: event counts it empties when it moves the buffered events into the log.
NUMPY_STEP_WRITES = ("pa", "pp", "spent", "n_incidents", "n_crises", "war_hazard", "n_wars",
                     "p_incident", "p_crisis", "p_demand", "p_deployment", "p_force", "p_war",
                     "p_hazard", "p_level", "p_own_level", "ev_n")


#: Work of a step (runs x (pairs + a run's fixed cost, in pairs)) from which the fused step
#: spreads runs over threads: about 0.2 ms of compute, ten times what waking them costs.
PARALLEL_MIN_WORK = 1024
_RUN_COST = 16


def parallel_step(runs: int, n: int) -> bool:
    """Whether a step of ``runs`` runs of ``n`` actors pays for the threads: one parallel loop
    a step (the fused kernel's), so a much smaller batch than the per-phase kernels need."""
    import numba

    return (runs > 1 and runs * (_RUN_COST + n * n) >= PARALLEL_MIN_WORK
            and numba.get_num_threads() > 1)


def drain_events(log: EventLog, runs: np.ndarray, ints: np.ndarray, amounts: np.ndarray,
                 count: np.ndarray) -> None:
    """Move the kept runs' events from the kernel's buffers into ``log`` and empty them."""
    kept = min(ints.shape[0], len(runs))
    if not kept or not count[:kept].any():
        return
    if (count[:kept] > ints.shape[1]).any():  # advance() drains before a step could overflow
        raise RuntimeError(f"fused step: more than {ints.shape[1]} events buffered")
    cols = np.concatenate([ints[r, : count[r]] for r in range(kept)])
    amt = np.concatenate([amounts[r, : count[r]] for r in range(kept)])
    run = np.repeat(runs[:kept], count[:kept])
    log.add(run, cols[:, 0], cols[:, 1], cols[:, 2], cols[:, 3], amt, cols[:, 4], cols[:, 5])
    count[:] = 0


class FusedStep:
    """Advance a batch of runs (``state``, mutated in place) by whole compiled steps.

    Built once per chunk of runs: it allocates every working array of the kernel, reads the
    world's constants and keeps the power history the preventive-war forecast needs.
    :meth:`advance` returns what :func:`herz.engine.step.advance` returns; its arrays are the
    kernel's and hold their values until the next call.
    """

    def __init__(self, world: World, state: State, keys: np.ndarray, runs: np.ndarray,
                 log: EventLog) -> None:
        from herz.engine.compiled.acts import acts_actor, acts_classes, acts_params
        from herz.engine.compiled.agreements import agreement_arrays
        from herz.engine.compiled.conflict import conflict_params, world_arrays
        from herz.engine.compiled.context import context_arrays
        from herz.engine.compiled.decide import decide_actors, decide_params
        from herz.engine.compiled.eventbuf import FIELDS
        from herz.engine.compiled.learning import WORK_ROWS
        from herz.engine.compiled.step import ARGUMENTS, step_parallel, step_serial

        self.world, self.state, self.keys, self.runs, self.log = world, state, keys, runs, log
        r, n, _ = state.forces.shape
        kernel = step_parallel if parallel_step(r, n) else step_serial
        kinds = np.array([int(code) for code in WAR_KINDS], dtype=np.int64)
        #: The step's dyad counts over runs (``herz.engine.simulate.DYAD_SERIES`` by pair).
        self.dyads = np.zeros((6 + len(WAR_KINDS) + 8 + 1, n * (n - 1) // 2))
        dyads = self.dyads

        def step(runs: int, *args: Any) -> None:
            kernel(runs, dyads, kinds, *args)

        self._kernel: Callable[..., None] = step
        for f in fields(state):
            value = getattr(state, f.name)
            if isinstance(value, np.ndarray) and not value.flags.c_contiguous:
                setattr(state, f.name, np.ascontiguousarray(value))
        a: dict[str, Any] = {"keys": np.ascontiguousarray(keys, dtype=np.uint64)}
        (a["ctx_classes"], a["perceive_par"], a["assess_par"], a["ctx_actor"],
         a["unit"]) = context_arrays(world)
        a["decide_par"], a["decide_actor"] = decide_params(world), decide_actors(world)
        a["cyber"] = np.ascontiguousarray(world.cat.cyber, dtype=float)
        a["acts_par"], a["acts_actor"] = acts_params(world), acts_actor(world)
        a["acts_classes"] = acts_classes(world)
        a["procurement"] = np.ascontiguousarray(world.procurement, dtype=float)
        a["conflict_par"] = conflict_params(world)
        (a["contact"], a["growth"], a["belief0"], a["asymmetry"],
         a["strength"]) = world_arrays(world)
        a["caps"], a["agreement"], a["agree_par"] = agreement_arrays(world)

        def z(*shape: int, dtype: Any = float) -> np.ndarray:
            return np.zeros(shape, dtype=dtype)

        pairs_f = ("allies", "sigma", "noise", "d_deploy", "d_sanction", "d_covert",
                   "d_war_hazard", "L", "hostile", "xi", "judged", "p_hazard", "crisis_hazard")
        pairs_b = ("ally", "free", "d_ally", "d_statement", "d_bogus", "d_coerce", "deployed",
                   "p_incident", "p_crisis", "p_demand", "p_deployment", "p_force", "started")
        a |= {k: z(r, n, n) for k in pairs_f}
        a |= {k: z(r, n, n, dtype=bool) for k in pairs_b}
        a |= {k: z(r, n) for k in ("q", "replacement", "d_spend", "d_alert", "spent",
                                   "war_hazard", "power_now")}
        a |= {k: z(r, n, dtype=np.int64) for k in ("main_threat", "known")}
        a |= {k: z(r, n, n, dtype=np.int64) for k in ("d_attack", "p_war")}
        a |= {k: z(r, n, n, dtype=np.int8) for k in ("p_level", "p_own_level", "flags")}
        groups = world.agreement_members.shape[0]
        a |= {k: z(r, n, groups, dtype=bool) for k in ("d_cheat", "d_abandon")}
        a["pa"], a["pp"], a["wa"] = z(8, r, n), z(9, r, n, n), z(12, r, n, n)
        a["assess_work"], a["conflict_work"] = z(9, r, n, n), z(r, 2, n)
        a["wn"] = z(2 + WORK_ROWS, r, n)  # and the arming judgement's scratch
        a["n_incidents"], a["n_crises"] = z(r, dtype=np.int64), z(r, dtype=np.int64)
        a["n_wars"] = z(r, len(WAR_KINDS), dtype=np.int64)
        kept = int(np.count_nonzero(runs < log.keep))
        # Every act a step can log, per run: at most one per pair and kind of act. The buffer
        # holds several steps' worth (up to _EVENT_BYTES) and is emptied when it may not hold
        # one more step.
        self._bound = 12 * n * n + n
        cap = max(self._bound, min(8 * self._bound, _EVENT_BYTES // (36 * max(kept, 1))))
        a["ev_int"] = z(kept, cap, len(FIELDS), dtype=np.int32)
        a["ev_amt"], a["ev_n"] = z(kept, cap), z(r, dtype=np.int64)
        window = world.spec.forecast_window
        self._history = z(window + 1, r, n)
        self._taken = 0
        self._arrays = a
        # Every argument but the step and the powers is the same array from step to step.
        self._args = [a[k] if k in a else getattr(state, k, None) for k in ARGUMENTS]
        self._slots = {k: ARGUMENTS.index(k) for k in ("t", "now", "past")}
        #: The state's arrays among the arguments, by name and slot.
        self._state_args = [(k, ARGUMENTS.index(k)) for k in ARGUMENTS
                            if k in {f.name for f in fields(State)}]
        pa, pp = a["pa"], a["pp"]
        self._record = StepRecord(
            perception=Perception(
                lam=float(a["perceive_par"][0]), offense=pa[0], seen_offense=pa[1],
                defense=pa[2], effective_defense=pa[3], weights=pp[0], observed=pp[1],
                deterrence=pp[2], full_deterrence=pp[6], threat=pp[3], security=pa[4],
                sss=pp[4], first_strike=pp[8], victory=pp[7],
            ),
            spending=a["spent"], incidents=a["n_incidents"], crises=a["n_crises"],
            wars={int(code): a["n_wars"][:, c] for c, code in enumerate(WAR_KINDS)},
            war_hazard=a["war_hazard"],
            pairs=PairRecord(
                incident=a["p_incident"], crisis=a["p_crisis"], demand=a["p_demand"],
                deployment=a["p_deployment"], force=a["p_force"], war=a["p_war"],
                hazard=a["p_hazard"], level=a["p_level"], own_level=a["p_own_level"],
            ),
        )

    def advance(self) -> StepRecord:
        """Take one step of every run; what it produced (the same arrays every step)."""
        state, a, args, slot = self.state, self._arrays, self._args, self._slots
        window = self.world.spec.forecast_window
        h, taken = self._history, self._taken
        if self.world.timeline.get(state.step):
            return self._numpy_step()
        if taken:
            now = h[(taken - 1) % (window + 1)]
            past = h[(taken - 1 - window) % (window + 1)] if taken > window else now
        else:
            from herz.engine.policy import power

            now = past = np.ascontiguousarray(power(state, self.world, state.ally))
        a["assess_par"][15] = float(taken > window)
        args[slot["t"]], args[slot["now"]], args[slot["past"]] = state.step, now, past
        self._kernel(len(self.keys), *args)
        h[taken % (window + 1)] = a["power_now"]
        self._taken += 1
        state.step += 1
        if a["ev_int"].shape[0] and a["ev_n"].max() > a["ev_int"].shape[1] - self._bound:
            self.flush()
        return self._record

    def _numpy_step(self) -> StepRecord:
        """A step with timeline entries, by the numpy step on the same state; its record and
        dyad counts copied into the kernel's arrays, so a caller cannot tell the two apart."""
        from herz.engine.simulate import DYAD_SERIES, _dyad_step, dyad_pairs
        from herz.engine.step import advance

        state, a, world = self.state, self._arrays, self.world
        window = world.spec.forecast_window
        h, taken = self._history, self._taken
        # the numpy forecast reads the last window + 1 powers, oldest first
        state.power_history = [h[s % (window + 1)].copy()
                               for s in range(max(0, taken - window - 1), taken)]
        self.flush()  # the log in the order of steps
        rec = advance(world, state, self.keys, self.runs, self.log)
        h[taken % (window + 1)] = state.power_history[-1]
        state.power_history = []
        self._taken += 1
        # The numpy phases replace some of the state's arrays: the kernel's arguments follow.
        for name, slot in self._state_args:
            value = np.ascontiguousarray(getattr(state, name))
            setattr(state, name, value)
            self._args[slot] = value
        mine = self._record
        for f in fields(mine.perception):
            theirs = getattr(rec.perception, f.name)
            if isinstance(theirs, np.ndarray):
                np.copyto(getattr(mine.perception, f.name), theirs)
        np.copyto(a["spent"], rec.spending)
        np.copyto(a["n_incidents"], rec.incidents)
        np.copyto(a["n_crises"], rec.crises)
        np.copyto(a["war_hazard"], rec.war_hazard)
        for c, code in enumerate(WAR_KINDS):
            a["n_wars"][:, c] = rec.wars.get(int(code), 0)
        assert rec.pairs is not None and mine.pairs is not None
        for f in fields(mine.pairs):
            np.copyto(getattr(mine.pairs, f.name), getattr(rec.pairs, f.name))
        counts = _dyad_step(rec.pairs, *dyad_pairs(world.n))
        for s, name in enumerate(DYAD_SERIES):
            self.dyads[s] = counts[name]
        return mine

    def record_frame(self, state_frame: int, perception_frame: int, start: int, keep: int,
                     cost: np.ndarray, sums: tuple[np.ndarray, ...]) -> None:
        """Add the state's series (frame ``state_frame``) and, where ``perception_frame`` is
        not -1, those of the last step's record to a batch's store: one
        :func:`herz.engine.compiled.outputs.record_frame` (``sums``: its arrays after
        ``sss``)."""
        from herz.engine.compiled.outputs import NO_PERCEPTION, record_frame

        state, rec = self.state, self._record
        per = rec.perception
        seen = NO_PERCEPTION if perception_frame < 0 else (
            rec.spending, per.security, rec.war_hazard, per.threat, per.first_strike, per.sss)
        record_frame(state_frame, perception_frame, start, keep, state.forces, cost, state.gdp,
                     state.alert, state.belief, *seen, *sums)

    def tally(self, step: int, incidents: np.ndarray, crises: np.ndarray, wars: np.ndarray,
              first_war: np.ndarray) -> None:
        """Add the last step's counts to a chunk's per-run totals
        (:func:`herz.engine.compiled.outputs.tally`)."""
        from herz.engine.compiled.outputs import tally

        a = self._arrays
        tally(step, incidents, crises, wars, a["n_incidents"], a["n_crises"], a["n_wars"],
              first_war)

    @property
    def war_counts(self) -> np.ndarray:
        """``(R, kinds)``: the wars each run started in the last step, by kind (columns in the
        order of :data:`herz.engine.actions.WAR_KINDS`)."""
        return np.asarray(self._arrays["n_wars"])

    def add_dyads(self, out: np.ndarray) -> None:
        """Add the last step's dyad counts (:attr:`dyads`) to ``out``."""
        out += self.dyads

    def flush(self) -> None:
        """Move the buffered events into the log (also done by :meth:`advance` when needed)."""
        a = self._arrays
        drain_events(self.log, self.runs, a["ev_int"], a["ev_amt"], a["ev_n"])

    def finish(self) -> None:
        """End the batch's steps: every event in the log (the state is current already)."""
        self.flush()


#: Bytes of event buffers a batch may hold before it moves them into the log.
_EVENT_BYTES = 1 << 25
