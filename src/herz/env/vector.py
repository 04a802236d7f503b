"""``SecurityDilemmaVectorEnv``: many worlds of one scenario stepped at once, for training.

The same worlds, spaces and rewards as :class:`~herz.env.parallel.SecurityDilemmaEnv`, with a
leading axis of length ``num_worlds`` on every observation entry, action part, reward and flag;
the engine advances all worlds in one vectorised step. World *r* after ``reset(seed=s)`` is run
*r* of ``simulate(scenario, rng=s)``. All worlds end together after ``max_steps`` steps.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from herz.engine.scenario import Scenario
from herz.env.core import Rewards, WorldBatch, resolve
from herz.env.spaces import action_space, features, observation_space, orders_from_actions
from herz.errors import HerzInputError

__all__ = ["SecurityDilemmaVectorEnv"]


class SecurityDilemmaVectorEnv:
    """``num_worlds`` independent worlds; see :class:`~herz.env.parallel.SecurityDilemmaEnv`."""

    def __init__(
        self,
        scenario: Scenario | str | Path = "spiral",
        num_worlds: int = 64,
        seed: int | None = None,
        max_steps: int | None = None,
        agents: Sequence[str] | None = None,
        rewards: Rewards = None,
        overrides: Sequence[str] = (),
    ) -> None:
        if not 1 <= num_worlds <= 100_000:
            raise HerzInputError(f"{num_worlds} worlds", field="num_worlds",
                                 allowed="1 to 100000")
        self.core = WorldBatch(resolve(scenario, overrides), num_worlds, agents, max_steps,
                               rewards)
        w = self.core.world
        self.num_worlds = num_worlds
        self.possible_agents = list(self.core.agents)
        self.agents: list[str] = []
        self._seed = seed
        self.single_observation_spaces = {
            a: observation_space(w.n, w.k, self.core.max_steps) for a in self.possible_agents
        }
        self.single_action_spaces = {
            a: action_space(w.n, float(w.min_budget_share[i]), float(w.max_budget_share[i]))
            for a, i in self.core.index.items()
        }

    def reset(self, seed: int | None = None) -> tuple[dict[str, Any], dict[str, Any]]:
        seed = self._seed if seed is None else seed
        self.core.reset(seed)
        self.agents = list(self.possible_agents)
        return self._observe(), self._infos(None)

    def step(
        self, actions: Mapping[str, Mapping[str, Any] | None]
    ) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, np.ndarray],
               dict[str, np.ndarray], dict[str, Any]]:
        if not self.agents:
            raise RuntimeError("the episode is over: call reset()")
        w, r = self.core.world, self.num_worlds
        self.core.check(actions)
        orders = {
            a: None if act is None else orders_from_actions(
                act, r, w.n, float(w.min_budget_share[self.core.index[a]]))
            for a, act in actions.items()
        }
        parts = self.core.step(orders)
        over = self.core.t >= self.core.max_steps
        rewards = {a: parts[a]["reward"] for a in self.agents}
        terms = {a: np.zeros(r, dtype=bool) for a in self.agents}
        truncs = {a: np.full(r, over) for a in self.agents}
        obs, infos = self._observe(), self._infos(parts)
        if over:
            self.agents = []
        return obs, rewards, terms, truncs, infos

    def _observe(self) -> dict[str, Any]:
        return {
            a: features(self.core.observations[a], self.core.seen(a), self.core.legal(a))
            for a in self.possible_agents
        }

    def _infos(self, parts: Mapping[str, Mapping[str, np.ndarray]] | None) -> dict[str, Any]:
        assert self.core.state is not None
        out: dict[str, Any] = {}
        for a, i in self.core.index.items():
            info: dict[str, Any] = {"greedy": self.core.state.greedy[:, i].copy()}
            if parts is not None:
                info.update({k: v for k, v in parts[a].items() if k != "reward"})
            out[a] = info
        return out
