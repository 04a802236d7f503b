"""A batch of R worlds stepped one step at a time with agents' orders: what the environments share.

Each step goes through the engine's own decision interface: the agents' orders become the
rows of a :class:`~herz.engine.state.Decisions` (:func:`herz.policies.orders.to_decisions`),
handed to :func:`herz.engine.step.advance` as user policies; actors that are not agents, or
agents that do not act this step, follow the built-in rule (or the scenario's own policy).
World *r* of a batch seeded with ``seed`` is run *r* of ``simulate(scenario, rng=seed)``: with
no agent acting, the histories are the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from herz.engine.actions import WAR_KINDS, Action
from herz.engine.context import perceive_step
from herz.engine.events import EventLog
from herz.engine.policy import Policy, default_decisions, observation_for
from herz.engine.scenario import Scenario, load_scenario
from herz.engine.simulate import load_policy
from herz.engine.state import Decisions, Observation, State, initial_state
from herz.engine.step import advance
from herz.engine.streams import Stream, run_keys, uniform
from herz.engine.world import World, compile_world
from herz.errors import HerzInputError
from herz.policies.orders import Orders, illegal_parts, legal, to_decisions
from herz.rng import RNGLike

__all__ = [
    "EVENT_FEATURES",
    "GREEDY_REWARDS",
    "SECURITY_REWARDS",
    "RewardWeights",
    "WorldBatch",
    "resolve",
]

_WARS = frozenset(int(c) for c in WAR_KINDS)
#: Events an agent sees, counted over the last step (where it is the actor or the target,
#: ``attacked`` and ``coerced`` only as the target).
EVENT_FEATURES: dict[str, tuple[frozenset[int], bool]] = {
    "incident": (frozenset({int(Action.INCIDENT)}), False),
    "crisis": (frozenset({int(Action.CRISIS)}), False),
    "war": (_WARS, False),
    "attacked": (_WARS, True),
    "coerced": (frozenset({int(Action.COERCE)}), True),
    "conceded": (frozenset({int(Action.CONCEDED)}), False),
    "detected_cheating": (frozenset({int(Action.DETECTED_CHEATING)}), False),
    "bogus_exposed": (frozenset({int(Action.BOGUS_EXPOSED)}), False),
}


@dataclass(frozen=True)
class RewardWeights:
    """Weights of an agent's reward per step, ``security * min(S / S*, 1) - survival * wars
    + gains * 100 * d(share of world GDP) - costs * spending / GDP``.

    ``S`` is the security it perceives at the start of the next step and ``S*`` its target;
    ``wars`` counts the wars it fought this step (as attacker or target); the share of world
    GDP moves with growth, war costs and war prizes; ``spending`` is what it spent on forces.
    """

    security: float = 1.0
    survival: float = 1.0
    gains: float = 0.0
    costs: float = 5.0


#: Default for a security-seeker: security, no war, low costs.
SECURITY_REWARDS = RewardWeights(security=1.0, survival=1.0, gains=0.0, costs=5.0)
#: Default for a greedy (revisionist) state: gains at others' expense first.
GREEDY_REWARDS = RewardWeights(security=0.5, survival=0.5, gains=1.0, costs=2.0)

Rewards = RewardWeights | Mapping[str, RewardWeights] | None


def resolve(scenario: Scenario | str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """A scenario object, a built-in example's name, or a scenario file."""
    from herz.examples import example_path, examples

    if isinstance(scenario, Scenario):
        if overrides:
            raise HerzInputError("overrides need a scenario name or file", field="overrides")
        return scenario
    name = str(scenario)
    if name in examples():
        return load_scenario(example_path(name), list(overrides))
    return load_scenario(Path(name), list(overrides))


class WorldBatch:
    """R worlds of one scenario, stepped together; ``agents`` name the actors driven from
    outside (default: every actor that is not ``passive``)."""

    def __init__(
        self,
        scenario: Scenario,
        runs: int,
        agents: Sequence[str] | None = None,
        max_steps: int | None = None,
        rewards: Rewards = None,
    ) -> None:
        self.scenario = scenario
        self.world: World = compile_world(scenario)
        w = self.world
        if agents is None:
            agents = [a for a, quiet in zip(w.names, w.passive, strict=True) if not quiet]
        for a in agents:
            if a not in w.names:
                raise HerzInputError(f"no actor {a!r}", field="agents", allowed=", ".join(w.names))
        self.agents = list(agents)
        self.index = {a: w.names.index(a) for a in self.agents}
        self.runs = runs
        self.max_steps = scenario.steps if max_steps is None else max_steps
        if not 1 <= self.max_steps <= 1000:
            raise HerzInputError(f"{self.max_steps} steps", field="max_steps", allowed="1 to 1000")
        self.rewards = rewards
        # Actors that are not agents keep the scenario's own policy (if any).
        self.fixed: dict[int, Policy] = {}
        for i, actor in enumerate(scenario.actors):
            if actor.name not in self.index and actor.policy not in ("default", "passive"):
                self.fixed[i] = load_policy(actor.policy, f"actors.{i}.policy")
        self.state: State | None = None
        self.observations: dict[str, Observation] = {}
        self.events: dict[str, np.ndarray] = {}
        self.history = EventLog(keep=runs)

    @property
    def t(self) -> int:
        return 0 if self.state is None else self.state.step

    def reset(self, seed: RNGLike) -> None:
        """Start R fresh worlds; world *r* is run *r* of a batch seeded with ``seed``."""
        w = self.world
        self.keys = run_keys(seed, self.runs)
        greedy = uniform(self.keys, 0, Stream.TYPES, (w.n,)) < w.p_greedy
        self.state = initial_state(w, greedy)
        self.history = EventLog(keep=self.runs)
        self.events = EventLog(keep=self.runs).columns()
        self._look()

    def _look(self) -> None:
        """Every agent's observation at the start of the step (the engine's own view)."""
        assert self.state is not None
        w, s = self.world, self.state
        ctx = perceive_step(w, s, self.keys, np.arange(self.runs), EventLog(keep=0))
        d = default_decisions(w, s, ctx.perception, ctx.war, self.keys, ally=ctx.ally,
                              replacement=ctx.replacement)
        self.observations = {
            a: observation_for(i, w, s, ctx.perception, d, ally=ctx.ally)
            for a, i in self.index.items()
        }

    def check(self, agents: Iterable[str]) -> None:
        """Fail with a clear error on a name that is not an agent's."""
        for a in agents:
            if a not in self.index:
                raise HerzInputError(f"no agent {a!r}", field="actions",
                                     allowed=", ".join(self.agents))

    def step(self, orders: Mapping[str, Orders | None]) -> dict[str, dict[str, np.ndarray]]:
        """Advance every world one step; returns per agent its reward parts and counts."""
        assert self.state is not None
        s = self.state
        policies = dict(self.fixed)
        illegal: dict[str, np.ndarray] = {}
        self.check(orders)
        for a, o in orders.items():
            if o is None:
                continue
            illegal[a] = illegal_parts(o, self.observations[a])
            policies[self.index[a]] = _orders_policy(o)
        share0 = s.gdp / s.gdp.sum(axis=1, keepdims=True)
        gdp0 = s.gdp.copy()
        log = EventLog(keep=self.runs)
        rec = advance(self.world, s, self.keys, np.arange(self.runs), log, policies)
        self.history.extend(log)
        self.events = log.columns()
        self._look()
        share1 = s.gdp / s.gdp.sum(axis=1, keepdims=True)
        out: dict[str, dict[str, np.ndarray]] = {}
        for a, i in self.index.items():
            obs = self.observations[a]
            wars = self.seen(a)["war"]
            parts = {
                "security": np.minimum(obs.security / self.world.target_security[i], 1.0),
                "wars": wars,
                "gains": 100.0 * (share1[:, i] - share0[:, i]),
                "costs": rec.spending[:, i] / np.maximum(gdp0[:, i], 1e-12),
                "illegal": illegal.get(a, np.zeros(self.runs, dtype=np.int64)).astype(float),
            }
            weights = self.weights(a)
            parts["reward"] = (
                weights["security"] * parts["security"]
                - weights["survival"] * parts["wars"]
                + weights["gains"] * parts["gains"]
                - weights["costs"] * parts["costs"]
            )
            out[a] = parts
        return out

    def weights(self, agent: str) -> dict[str, np.ndarray]:
        """(R,) reward weights of ``agent`` in each world (by its private type unless given)."""
        assert self.state is not None
        greedy = self.state.greedy[:, self.index[agent]]
        spec = self.rewards
        if isinstance(spec, RewardWeights):
            return {k: np.full(self.runs, getattr(spec, k)) for k in _WEIGHTS}
        spec = spec or {}
        if agent in spec:
            return {k: np.full(self.runs, getattr(spec[agent], k)) for k in _WEIGHTS}
        sec = spec.get("security", SECURITY_REWARDS)
        gr = spec.get("greedy", GREEDY_REWARDS)
        return {k: np.where(greedy, getattr(gr, k), getattr(sec, k)) for k in _WEIGHTS}

    def seen(self, agent: str) -> dict[str, np.ndarray]:
        """(R,) counts of the events of the last step ``agent`` saw (:data:`EVENT_FEATURES`)."""
        i = self.index[agent]
        ev = self.events
        out = {}
        for name, (codes, as_target) in EVENT_FEATURES.items():
            hit = np.isin(ev["code"], list(codes)) & (
                (ev["target"] == i) if as_target else ((ev["actor"] == i) | (ev["target"] == i))
            )
            out[name] = np.bincount(ev["run"][hit], minlength=self.runs).astype(float)
        return out

    def legal(self, agent: str) -> dict[str, np.ndarray]:
        return legal(self.observations[agent])


_WEIGHTS = ("security", "survival", "gains", "costs")


def _orders_policy(orders: Orders) -> Policy:
    def policy(obs: Observation) -> Decisions:
        return to_decisions(orders, obs)

    return policy
