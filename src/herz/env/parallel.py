"""``SecurityDilemmaEnv``: a PettingZoo ``ParallelEnv`` over one world of any scenario."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from herz.engine.scenario import Scenario
from herz.env.core import Rewards, WorldBatch, resolve
from herz.env.spaces import action_space, features, observation_space, orders_from_actions

__all__ = ["SecurityDilemmaEnv"]

_SEED_RANGE = 2**63 - 1


class SecurityDilemmaEnv(ParallelEnv[str, dict[str, Any], dict[str, Any]]):
    """The security dilemma as a multi-agent environment: the states are the agents.

    ``scenario`` is a :class:`~herz.engine.scenario.Scenario`, a built-in example's name or a
    scenario file (``overrides``: ``PATH=VALUE`` strings as in ``herz run --set``). ``agents``
    name the actors driven from outside (default: all that are not ``passive``); the others
    follow the built-in rule, and so does an agent whose action is missing or ``None``.
    ``max_steps`` (default: the scenario's ``steps``) ends an episode by truncation; nothing
    terminates it earlier. ``rewards`` sets :class:`~herz.env.core.RewardWeights` for all
    agents, or by agent name or by motive (``"security"``, ``"greedy"``: the agent's private
    type in the episode); defaults: :data:`~herz.env.core.SECURITY_REWARDS` and
    :data:`~herz.env.core.GREEDY_REWARDS`. Spaces: :mod:`herz.env.spaces`.

    Seeding follows PettingZoo: ``reset(seed=s)`` starts the world that is run 0 of
    ``simulate(scenario, rng=s)``; a later ``reset()`` without a seed draws the next world
    from a generator seeded by the last seed given (or by ``seed``).
    """

    metadata = {"name": "herz_security_dilemma_v0", "render_modes": [], "is_parallelizable": True}

    def __init__(
        self,
        scenario: Scenario | str | Path = "spiral",
        seed: int | None = None,
        max_steps: int | None = None,
        agents: Sequence[str] | None = None,
        rewards: Rewards = None,
        overrides: Sequence[str] = (),
        render_mode: str | None = None,
    ) -> None:
        self.core = WorldBatch(resolve(scenario, overrides), 1, agents, max_steps, rewards)
        w = self.core.world
        self.possible_agents = list(self.core.agents)
        self.agents: list[str] = []
        self.render_mode = render_mode
        self._seed = seed
        self._np_random_seed: np.random.Generator | None = None
        n, k = w.n, w.k
        self._obs_spaces = {a: observation_space(n, k, self.core.max_steps)
                            for a in self.possible_agents}
        self._act_spaces = {
            a: action_space(n, float(w.min_budget_share[i]), float(w.max_budget_share[i]))
            for a, i in self.core.index.items()
        }

    def observation_space(self, agent: str) -> spaces.Space[Any]:
        return self._obs_spaces[agent]

    def action_space(self, agent: str) -> spaces.Space[Any]:
        return self._act_spaces[agent]

    def reset(
        self, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        if seed is None and self._np_random_seed is None:
            seed = self._seed
        if seed is None:
            gen = self._np_random_seed or np.random.default_rng()
            seed = int(gen.integers(_SEED_RANGE))
        else:
            self._np_random_seed = np.random.default_rng(seed)
        self.core.reset(seed)
        self.agents = list(self.possible_agents)
        return self._observe(), self._infos(None)

    def step(
        self, actions: Mapping[str, Mapping[str, Any] | None]
    ) -> tuple[
        dict[str, dict[str, Any]],
        dict[str, float],
        dict[str, bool],
        dict[str, bool],
        dict[str, dict[str, Any]],
    ]:
        if not self.agents:
            raise RuntimeError("the episode is over: call reset()")
        w = self.core.world
        self.core.check(actions)
        orders = {
            a: None if act is None else orders_from_actions(
                act, 1, w.n, float(w.min_budget_share[self.core.index[a]]))
            for a, act in actions.items()
        }
        parts = self.core.step(orders)
        obs = self._observe()
        rewards = {a: float(parts[a]["reward"][0]) for a in self.agents}
        over = self.core.t >= self.core.max_steps
        terminations = {a: False for a in self.agents}
        truncations = {a: over for a in self.agents}
        infos = self._infos(parts)
        if over:
            self.agents = []
        return obs, rewards, terminations, truncations, infos

    def _observe(self) -> dict[str, dict[str, Any]]:
        out = {}
        for a in self.possible_agents:
            batch = features(self.core.observations[a], self.core.seen(a), self.core.legal(a))
            out[a] = _first(batch)
        return out

    def _infos(self, parts: Mapping[str, Mapping[str, np.ndarray]] | None) -> dict[str, Any]:
        assert self.core.state is not None
        out: dict[str, Any] = {}
        for a, i in self.core.index.items():
            info: dict[str, Any] = {"greedy": bool(self.core.state.greedy[0, i])}
            if parts is not None:
                info.update({k: float(v[0]) for k, v in parts[a].items() if k != "reward"})
            out[a] = info
        return out

    def state(self) -> np.ndarray:
        """The whole world's GDP and forces, ``(N * (1 + K),)`` (for centralised critics)."""
        s = self.core.state
        assert s is not None
        return np.concatenate([s.gdp[0], s.forces[0].ravel()]).astype(np.float32)

    def render(self) -> None:
        return None

    def close(self) -> None:
        return None


def _first(batch: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _first(v) if isinstance(v, Mapping) else v[0] for k, v in batch.items()}
