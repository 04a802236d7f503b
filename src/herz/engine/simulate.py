"""Run many independent worlds at once: the engine's public entry point.

Runs are advanced together as arrays and cut into chunks to bound memory. Run *i* draws its
private types and every random number from its own key (:mod:`herz.engine.streams`), so the
numbers do not depend on the batch size, the chunking or the number of processes.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from herz.defaults import DEFAULT_KEEP
from herz.engine import backend
from herz.engine.actions import WAR_KINDS, Action
from herz.engine.backend import check_device, use_backend, use_threads
from herz.engine.events import EventLog
from herz.engine.fused import FusedStep, unsupported
from herz.engine.perception import Perception, perceive
from herz.engine.policy import Policy
from herz.engine.scenario import Scenario
from herz.engine.sketch import _BUCKETS, QuantileSketch, exact_quantiles
from herz.engine.state import Decisions, Observation, State, initial_state
from herz.engine.step import advance
from herz.engine.streams import Stream, run_keys, uniform
from herz.engine.world import World, compile_world
from herz.errors import HerzInputError
from herz.rng import RNGLike

__all__ = ["ACTOR_SERIES", "DYAD_SERIES", "PAIR_SERIES", "QUANTILE_LEVELS", "SimulationResult",
           "chunk_bytes_per_run", "dyad_pairs", "simulate"]

#: Trajectories per actor, (runs, steps + 1, N).
ACTOR_SERIES = ("arms", "spending", "security", "gdp", "alert", "war_hazard")
#: Trajectories per ordered pair, (runs, steps + 1, N, N).
PAIR_SERIES = ("belief", "threat", "first_strike", "second_strike")
#: Per step and unordered pair (:func:`dyad_pairs`), over **all** runs: the share of runs with
#: each event (``hostlev_k``: an event of MID hostility level k or more, timeline acts included;
#: ``own_hostlev_k``: the model's own events only) and the mean war hazard. See
#: :mod:`herz.results.dyads`.
DYAD_SERIES = (
    "incident", "crisis", "demand", "deployment", "force", "war",
    *(f"war_{kind}" for kind in WAR_KINDS.values()),
    *(f"hostlev_{k}" for k in (2, 3, 4, 5)),
    *(f"own_hostlev_{k}" for k in (2, 3, 4, 5)),
    "war_hazard",
)
#: The levels of :attr:`SimulationResult.quantiles` (over all runs, per step and actor).
QUANTILE_LEVELS = (0.05, 0.25, 0.5, 0.75, 0.95)
MAX_RUNS = 1_000_000
_MEMORY_BUDGET = 2**29  # bytes of one chunk's state, frame and working arrays
_WORK_PAIRS = 64  # N x N doubles of working arrays a run needs in a step (measured)
_WORK_RUN = 1024  # bytes of per-run arrays that do not grow with N (measured)
_LANES_PAIRS = 44  # N x N doubles more a run holds in the lanes step (measured)


@dataclass(frozen=True)
class SimulationResult:
    """What a batch of runs produced.

    ``outcomes`` hold one value per run (all runs); ``series`` hold whole trajectories of the
    first ``kept`` runs, in single precision; ``mean`` holds trajectories averaged over **all**
    runs (double precision); ``quantiles`` holds, for each per-actor series
    (:data:`ACTOR_SERIES`), its quantiles over **all** runs at :data:`QUANTILE_LEVELS`, shaped
    ``(levels, steps + 1, N)``: exact order statistics when every run is kept, else from a
    sketch within a relative 1% of them (:mod:`herz.engine.sketch`); ``events`` is the causal
    log of the kept runs (:mod:`herz.engine.events`).
    """

    scenario: Scenario
    seed: int | None
    n_runs: int
    steps: int
    actors: tuple[str, ...]
    kept: int
    greedy: np.ndarray
    outcomes: dict[str, np.ndarray]
    series: dict[str, np.ndarray]
    mean: dict[str, np.ndarray]
    events: dict[str, np.ndarray] = field(repr=False)
    #: :data:`DYAD_SERIES`, each ``(steps, P)`` over the pairs of :func:`dyad_pairs`.
    dyads: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    #: Per-actor series' quantiles over all runs: ``(len(QUANTILE_LEVELS), steps + 1, N)``.
    quantiles: dict[str, np.ndarray] = field(default_factory=dict, repr=False)
    #: What computed the hot loops (:mod:`herz.engine.backend`).
    backend: str = "numpy"


def dyad_pairs(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The unordered pairs ``(i, j)``, ``i < j``, of ``n`` actors, in the order of the dyads."""
    ii, jj = np.triu_indices(n, 1)
    return ii, jj


def _dyad_step(pairs: object, ii: np.ndarray, jj: np.ndarray) -> dict[str, np.ndarray]:
    """One step's counts over runs, per unordered pair (the hazard summed, for the mean)."""
    from herz.engine.step import PairRecord

    assert isinstance(pairs, PairRecord)

    def both(x: np.ndarray) -> np.ndarray:
        return (x | np.swapaxes(x, 1, 2))[:, ii, jj]

    out = {
        "incident": both(pairs.incident).sum(axis=0),
        "crisis": both(pairs.crisis).sum(axis=0),
        "demand": both(pairs.demand).sum(axis=0),
        "deployment": both(pairs.deployment).sum(axis=0),
        "force": both(pairs.force).sum(axis=0),
        "war": both(pairs.war > 0).sum(axis=0),
    }
    for code, kind in WAR_KINDS.items():
        out[f"war_{kind}"] = both(pairs.war == int(code)).sum(axis=0)
    for k in (2, 3, 4, 5):
        out[f"hostlev_{k}"] = (pairs.level[:, ii, jj] >= k).sum(axis=0)
        out[f"own_hostlev_{k}"] = (pairs.own_level[:, ii, jj] >= k).sum(axis=0)
    h = pairs.hazard
    out["war_hazard"] = (1.0 - (1.0 - h[:, ii, jj]) * (1.0 - h[:, jj, ii])).sum(axis=0)
    return {k: np.asarray(v, dtype=float) for k, v in out.items()}


def _arms_value(state: State, world: World) -> np.ndarray:
    return state.forces @ world.cat.cost


def _state_frame(state: State, world: World) -> dict[str, np.ndarray]:
    """The part of a frame read off the state at the start of a step."""
    return {
        "arms": _arms_value(state, world),
        "gdp": state.gdp.copy(),
        "alert": state.alert.copy(),
        "belief": state.belief.copy(),
    }


def _perception_frame(
    per: Perception, spending: np.ndarray, hazard: np.ndarray
) -> dict[str, np.ndarray]:
    """The part of a frame that the step's perception and acts produce."""
    return {
        "spending": spending,
        "security": per.security,
        "war_hazard": hazard,
        "threat": per.threat,
        "first_strike": per.first_strike,
        "second_strike": per.sss,
    }


def _takes_one_argument(fn: Callable[..., object]) -> bool | None:
    """Whether ``fn`` can be called with one positional argument (None: cannot tell)."""
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):
        return None
    try:
        sig.bind(object())
    except TypeError:
        return False
    return True


def checked_policy(fn: Callable[..., object], label: str, field: str) -> Policy:
    """``fn`` as a policy that fails with a one-line :class:`HerzInputError` if it cannot take an
    observation, raises, or returns anything but :class:`~herz.engine.state.Decisions`."""
    if not callable(fn):
        raise HerzInputError(f"policy {label!r} is not callable", field=field,
                             allowed="a function policy(observation) -> Decisions")
    if _takes_one_argument(fn) is False:
        raise HerzInputError(
            f"policy {label!r} cannot be called with one argument", field=field,
            allowed="a function policy(observation) -> Decisions",
        )

    def policy(observation: Observation) -> Decisions:
        try:
            out = fn(observation)
        except HerzInputError:
            raise
        except Exception as err:
            raise HerzInputError(
                f"policy {label!r} failed: {type(err).__name__}: {err}", field=field,
                allowed="a function policy(observation) -> Decisions",
            ) from err
        if not isinstance(out, Decisions):
            raise HerzInputError(
                f"policy {label!r} returned {type(out).__name__}, not Decisions", field=field,
                allowed="a function policy(observation) -> Decisions (see herz.engine.policy)",
            )
        return out

    return policy


def load_policy(spec: str, source: str = "policy") -> Policy:
    """Import a user policy named ``module:function`` (checked: see :func:`checked_policy`)."""
    module, sep, name = spec.partition(":")
    if not (sep and module and name):
        raise HerzInputError(
            f"{spec!r} is not module:function", field=source,
            allowed="'default', 'passive' or an importable module:function",
        )
    try:
        fn = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError, ValueError, TypeError):
        raise HerzInputError(
            f"cannot import policy {spec!r}",
            field=source,
            allowed="'default', 'passive' or an importable module:function",
        ) from None
    return checked_policy(fn, spec, source)


def _llm_policy(spec: str, actor: str, sessions: dict[str, object]) -> Policy:
    """A language-model leader for ``llm:MODEL`` (:mod:`herz.policies.llm`), configured from
    the environment; seats with the same model share one session."""
    from herz.policies.llm import LLMSession, session_from_env

    model = spec.partition(":")[2]
    if not model:
        raise HerzInputError(f"{spec!r} names no model", field="policy", allowed="llm:MODEL")
    session = sessions.setdefault(model, session_from_env(model))
    assert isinstance(session, LLMSession)
    policy: Policy = session.policy(actor)
    return policy


def simulate(
    scenario: Scenario,
    runs: int = 100,
    steps: int | None = None,
    rng: RNGLike = 0,
    keep: int = DEFAULT_KEEP,
    policies: dict[str, Policy] | None = None,
    progress: Callable[[int], None] | None = None,
    chunk_size: int | None = None,
    backend: str = "numpy",
    threads: int | None = None,
    device: str = "cpu",
) -> SimulationResult:
    """Simulate ``runs`` independent worlds of ``scenario`` for ``steps`` steps.

    ``rng`` seeds the batch (see :mod:`herz.rng`); ``keep`` whole runs keep their trajectories
    and event logs; ``policies`` maps actor names to user policies (overriding the scenario's
    ``policy`` field); ``progress`` is called with the number of run-steps done after each step;
    ``backend`` computes the hot loops with numpy (the reference) or numba
    (:mod:`herz.engine.backend`: the same random numbers, the compiled phases to floating-point
    tolerance); ``threads`` spreads the numba backend's runs over that many threads (default:
    every core), which changes no number; ``device="gpu"`` runs the numba backend's fused step
    on a CUDA device (:mod:`herz.engine.compiled.cuda`).
    """
    with use_backend(backend) as chosen, use_threads(threads):
        check_device(device, chosen)
        return replace(
            _simulate(scenario, runs, steps, rng, keep, policies, progress, chunk_size, device),
            backend=chosen,
        )


def _simulate(
    scenario: Scenario,
    runs: int,
    steps: int | None,
    rng: RNGLike,
    keep: int,
    policies: dict[str, Policy] | None,
    progress: Callable[[int], None] | None,
    chunk_size: int | None,
    device: str = "cpu",
) -> SimulationResult:
    if not 1 <= runs <= MAX_RUNS:
        raise HerzInputError(f"{runs} runs", field="runs", allowed=f"1 to {MAX_RUNS}")
    steps = scenario.steps if steps is None else steps
    if not 1 <= steps <= 1000:
        raise HerzInputError(f"{steps} steps", field="steps", allowed="1 to 1000")
    world = compile_world(scenario)
    by_index: dict[int, Policy] = {}
    llm_sessions: dict[str, object] = {}
    for i, actor in enumerate(scenario.actors):
        if actor.policy.startswith("llm:"):
            if actor.name not in (policies or {}):  # else overridden below
                by_index[i] = _llm_policy(actor.policy, actor.name, llm_sessions)
        elif actor.policy not in ("default", "passive"):
            by_index[i] = load_policy(actor.policy, f"actors.{i}.policy")
    for name, policy in (policies or {}).items():
        if name not in world.names:
            raise HerzInputError(
                f"no actor {name!r}", field="policies", allowed=", ".join(world.names)
            )
        label = getattr(policy, "__qualname__", type(policy).__name__)
        by_index[world.names.index(name)] = checked_policy(policy, label, f"policies.{name}")

    n = world.n
    if chunk_size is None:
        lanes = _takes_lanes(world, runs, by_index, device)
        chunk_size = max(1, min(runs, _MEMORY_BUDGET // chunk_bytes_per_run(world, steps, lanes)))
    keep = min(keep, runs)
    seed = rng if isinstance(rng, int) else None
    log = EventLog(keep=keep)
    store = _Store(runs=runs, keep=keep, steps=steps, n=n)
    pi, pj = dyad_pairs(n)
    dyad_sums = np.zeros((len(DYAD_SERIES), steps, len(pi)))  # series, step, pair
    dyad_index = {k: s for s, k in enumerate(DYAD_SERIES)}

    for start in range(0, runs, chunk_size):
        size = min(chunk_size, runs - start)
        keys = run_keys(rng, size, start)
        greedy = uniform(keys, 0, Stream.TYPES, (n,)) < world.p_greedy
        state = initial_state(world, greedy)
        run_idx = np.arange(start, start + size)
        totals = {"incidents": np.zeros(size), "crises": np.zeros(size)}
        wars = {code: np.zeros(size) for code in WAR_KINDS}
        first_war = np.full(size, -1)
        first: dict[str, np.ndarray] = {}
        hazard = np.zeros((size, n))
        fused = _fused_step(world, state, keys, run_idx, log, by_index, device)
        if fused is not None:  # the compiled step and store
            first, last, first_war = _recorded_steps(
                fused, world, state, store, start, dyad_sums, totals, wars, progress)
        for t in range(0 if fused is not None else steps):  # the phases one by one
            frame = _state_frame(state, world)
            rec = advance(world, state, keys, run_idx, log, by_index)
            if rec.pairs is not None:
                for k, v in _dyad_step(rec.pairs, pi, pj).items():
                    dyad_sums[dyad_index[k], t] += v
            frame.update(_perception_frame(rec.perception, rec.spending, rec.war_hazard))
            if t == 0:
                first = {"arms": frame["arms"], "belief": frame["belief"]}
            store.add(start, t, frame)
            hazard = rec.war_hazard
            del frame
            totals["incidents"] += rec.incidents
            totals["crises"] += rec.crises
            started = np.zeros(size)
            for code, count in rec.wars.items():
                wars[Action(code)] += count
                started += count
            first_war = np.where((first_war < 0) & (started > 0), state.step - 1, first_war)
            if progress is not None:
                progress(size)
        if fused is None:
            last = _final_frame(world, state, hazard)
            store.add(start, steps, last)
        store.greedy[start : start + size] = greedy
        for k, v in _outcomes(first, last, totals, wars, first_war, state).items():
            if k not in store.outcomes:
                store.outcomes[k] = np.empty((runs, *v.shape[1:]), dtype=v.dtype)
            store.outcomes[k][start : start + size] = v
        del state, first, last

    # means in place: a fresh array of every series would cost more than a short run
    for _, sums, _ in store.groups:
        sums /= runs
    dyad_sums /= runs
    return SimulationResult(
        scenario=scenario,
        seed=seed,
        n_runs=runs,
        steps=steps,
        actors=world.names,
        kept=keep,
        greedy=store.greedy,
        outcomes=store.outcomes,
        series=store.kept,
        mean=dict(store.sums),
        events=log.columns(),
        dyads={k: dyad_sums[s] for s, k in enumerate(DYAD_SERIES)},
        quantiles=store.quantiles(),
    )


def _recorded_steps(
    fused: FusedStep, world: World, state: State, store: _Store, start: int,
    dyad_sums: np.ndarray, totals: dict[str, np.ndarray], wars: dict[Action, np.ndarray],
    progress: Callable[[int], None] | None,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray], np.ndarray]:
    """The fused step's steps of a chunk, with the frames (the final one included) recorded by
    one compiled call a step: their sums, the kept trajectories and, where not every run is
    kept, the per-actor series' counts in the quantile sketches (at a few runs, a step of
    storing through numpy would cost as much as the step; at many, stacking, summing and
    counting the frames in numpy cost a tenth of it); then the dyad table and the per-run
    totals. Returns the first and the last frame's arms and beliefs (the last one's security
    too) and each run's first war step."""
    from herz.engine.compiled.outputs import record_frame

    if not store.sums:
        store.allocate()
    (_, actor_sums, actor_kept), (_, pair_sums, pair_kept) = store.groups
    sums = (actor_sums, actor_kept, pair_sums, pair_kept, store.sketch_counts)
    steps, size = dyad_sums.shape[1], state.gdp.shape[0]
    cost = np.ascontiguousarray(world.cat.cost, dtype=float)
    first = {"arms": _arms_value(state, world), "belief": state.belief.copy()}
    counts = np.zeros((size, len(WAR_KINDS)))
    first_war = np.full(size, -1)
    fused.record_frame(0, -1, start, store.keep, cost, sums)
    rec = None
    for t in range(steps):
        rec = fused.advance()
        fused.add_dyads(dyad_sums[:, t])
        # frame t's own series and the state that opens frame t + 1 (the last frame is the
        # final one, perceived without noise, below)
        fused.record_frame(t + 1 if t + 1 < steps else -1, t, start, store.keep, cost, sums)
        fused.tally(t, totals["incidents"], totals["crises"], counts, first_war)
        if progress is not None:
            progress(size)
    fused.finish()
    for c, code in enumerate(WAR_KINDS):
        wars[code] += counts[:, c]
    assert rec is not None
    per = _final_perception(world, state)
    dense = np.ascontiguousarray
    record_frame(steps, steps, start, store.keep, state.forces, cost, state.gdp, state.alert,
                 state.belief, dense(state.spending), dense(per.security),
                 dense(rec.war_hazard), dense(per.threat), dense(per.first_strike),
                 dense(per.sss), *sums)
    last = {"arms": _arms_value(state, world), "belief": state.belief,
            "security": per.security}
    return first, last, first_war


def _fused_step(
    world: World, state: State, keys: np.ndarray, runs: np.ndarray, log: EventLog,
    policies: dict[int, Policy], device: str = "cpu",
) -> FusedStep | None:
    """The compiled whole step under the numba backend, where it covers the world
    (:mod:`herz.engine.fused`), on the CPU or a CUDA device; else ``None``: the phases one by
    one (on the CPU only)."""
    reason = unsupported(world, policies, device)
    if device == "gpu":
        if reason is not None:
            raise HerzInputError(f"device 'gpu' for a scenario with {reason}", field="device",
                                 allowed="cpu (the GPU runs worlds of the built-in rule alone)")
        from herz.engine.compiled.cuda import CudaStep

        return CudaStep(world, state, keys, runs, log)
    if backend.current() != "numba" or reason is not None:
        return None
    from herz.engine.compiled.lanes.driver import LanesStep, lanes_pay

    if lanes_pay(len(keys), world.n):
        return LanesStep(world, state, keys, runs, log)
    return FusedStep(world, state, keys, runs, log)


def _takes_lanes(world: World, runs: int, policies: dict[int, Policy], device: str) -> bool:
    """Whether a batch of ``runs`` runs may take the lanes step (:func:`_fused_step`)."""
    if backend.current() != "numba" or device != "cpu" or unsupported(world, policies, device):
        return False
    from herz.engine.compiled.lanes.driver import lanes_pay

    return lanes_pay(runs, world.n)


@dataclass
class _Store:
    """What a batch keeps of its runs' frames: sums for the mean and quantile sketches over all
    runs, whole trajectories (in single precision) of the first ``keep`` runs only."""

    runs: int
    keep: int
    steps: int
    n: int
    greedy: np.ndarray = field(init=False)
    outcomes: dict[str, np.ndarray] = field(default_factory=dict)
    kept: dict[str, np.ndarray] = field(default_factory=dict)
    sums: dict[str, np.ndarray] = field(default_factory=dict)
    sketches: dict[str, QuantileSketch] = field(default_factory=dict)
    #: The sketches' counts side by side, ``(series, frames, N, buckets)`` in the order of
    #: :data:`ACTOR_SERIES` (empty where every run is kept): :attr:`sketches` are views.
    sketch_counts: np.ndarray = field(
        default_factory=lambda: np.zeros((0, 0, 0, 0), dtype=np.uint32), init=False)
    #: (names, sums, kept) of the per-actor and the per-pair series, stored side by side.
    groups: list[tuple[tuple[str, ...], np.ndarray, np.ndarray]] = field(
        default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.greedy = np.empty((self.runs, self.n), dtype=bool)

    def add(self, start: int, t: int, frame: dict[str, np.ndarray]) -> None:
        """Frame ``t`` of the chunk of runs ``start, start + 1, ...`` (every series of
        :data:`ACTOR_SERIES` and :data:`PAIR_SERIES`)."""
        if not self.sums:
            self.allocate()
        # The series of a shape are stored side by side and added in one operation each:
        # at one run, numpy's per-call cost, not the frames, is what a step of storing costs.
        for names, sums, kept in self.groups:
            block = np.stack([frame[k] for k in names])
            sums[:, t] += block[:, 0] if block.shape[1] == 1 else block.sum(axis=1)
            if start < self.keep:
                kept[:, start : start + block.shape[1], t] = block[:, : self.keep - start]
        for k, sketch in self.sketches.items():
            sketch.add(t, frame[k])

    def allocate(self) -> None:
        """The arrays of every series: :attr:`groups` and views of them by name."""
        frames, n = self.steps + 1, self.n
        self.groups = []
        for names, shape in ((ACTOR_SERIES, (n,)), (PAIR_SERIES, (n, n))):
            sums = np.zeros((len(names), frames, *shape))
            kept = np.empty((len(names), self.keep, frames, *shape), dtype=np.float32)
            self.groups.append((names, sums, kept))
            for s, k in enumerate(names):
                self.sums[k], self.kept[k] = sums[s], kept[s]
        if self.keep < self.runs:
            self.sketch_counts = np.zeros((len(ACTOR_SERIES), frames, n, _BUCKETS),
                                          dtype=np.uint32)
            self.sketches = {k: QuantileSketch(frames, n, into=self.sketch_counts[s])
                             for s, k in enumerate(ACTOR_SERIES)}

    def quantiles(self) -> dict[str, np.ndarray]:
        """Per-actor series' quantiles over all runs: exact (from the kept trajectories, in
        single precision) when every run is kept, else from the sketches (compiled under the
        numba backend, bucket for bucket the same)."""
        if self.keep == self.runs:
            return {k: exact_quantiles(self.kept[k], QUANTILE_LEVELS)
                    for k in ACTOR_SERIES if k in self.kept}
        if backend.current() == "numba":
            from herz.engine.compiled.sketch import quantiles

            values = quantiles(self.sketch_counts, QUANTILE_LEVELS)
            return {k: values[s] for s, k in enumerate(ACTOR_SERIES)}
        return {k: s.quantiles(QUANTILE_LEVELS) for k, s in self.sketches.items()}


def _final_frame(world: World, state: State, hazard: np.ndarray) -> dict[str, np.ndarray]:
    """The last frame: the final state perceived without observation noise (the war hazard,
    which needs a step's decisions, is carried over from the last step)."""
    per = _final_perception(world, state)
    return {
        **_state_frame(state, world),
        **_perception_frame(per, state.spending, hazard),
    }


def _final_perception(world: World, state: State) -> Perception:
    """The final state perceived without observation noise."""
    r, n = state.gdp.shape
    return perceive(
        state.forces,
        state.belief,
        state.ally,
        state.deploy,
        np.zeros((r, n, n)),
        np.zeros((r, n, n)),
        world.worst_case,
        world.cat,
        world.spec,
        alert=state.alert,
    )


def _outcomes(
    first: dict[str, np.ndarray],
    last: dict[str, np.ndarray],
    totals: dict[str, np.ndarray],
    wars: dict[Action, np.ndarray],
    first_war: np.ndarray,
    state: State,
) -> dict[str, np.ndarray]:
    """Per-run outcomes of a chunk, from its first and last frames (double precision)."""
    n = first["belief"].shape[-1]
    off = ~np.eye(n, dtype=bool)
    rivals = off[None] & ~state.ally
    rise = np.where(rivals, last["belief"] - first["belief"], np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        growth = np.log(np.maximum(last["arms"], 1e-9) / np.maximum(first["arms"], 1e-9))
        mean_rise = np.nan_to_num(np.nanmean(rise.reshape(len(rise), -1), axis=1))
    out = {
        "incidents": totals["incidents"],
        "crises": totals["crises"],
        "first_war_step": first_war,
        "war": sum(wars.values()) > 0,
        "arms_initial": first["arms"],
        "arms_final": last["arms"],
        "arms_growth": growth,
        "security_final": last["security"],
        "belief_final": last["belief"].astype(np.float32),
        "spiral": mean_rise + growth.mean(axis=1),
    }
    for code, kind in WAR_KINDS.items():
        out[f"wars_{kind}"] = wars[code]
    return out


def chunk_bytes_per_run(world: World, steps: int, lanes: bool = False) -> int:
    """Bytes one run needs while its chunk is simulated: its state (counted from the arrays of
    :func:`~herz.engine.state.initial_state`), one frame of every series in double precision,
    and the step's working arrays and temporaries (``_WORK_PAIRS`` arrays of ``N x N``
    doubles, measured with ``tracemalloc``: ``tests/engine/test_chunk_memory.py``); with
    ``lanes``, what the lanes step (:class:`~herz.engine.compiled.lanes.driver.LanesStep`)
    holds besides: its working arrays, the state and the step's record again, in blocks
    (``_LANES_PAIRS`` arrays of ``N x N`` doubles, measured likewise)."""
    state = initial_state(world, np.zeros((1, world.n), dtype=bool))
    state_bytes = sum(v.nbytes for v in vars(state).values() if isinstance(v, np.ndarray))
    n = world.n
    frame = 8 * (len(ACTOR_SERIES) * n + len(PAIR_SERIES) * n * n)
    work = _WORK_PAIRS + (_LANES_PAIRS if lanes else 0)
    return state_bytes + frame + 8 * work * n * n + _WORK_RUN
