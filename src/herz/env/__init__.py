"""herz as a multi-agent environment (PettingZoo, Gymnasium spaces): the states are the agents.

- :class:`SecurityDilemmaEnv`: a PettingZoo ``ParallelEnv`` over one world of any scenario.
- :class:`SecurityDilemmaVectorEnv`: many worlds at once, for training.
- :class:`RewardWeights`: the reward's parts, with defaults by motive.

Needs the ``agents`` extra (``pip install herz[agents]``: pettingzoo, gymnasium). Each step
goes through the engine's decision interface, so an agent acts on equal terms with the built-in
rule, a Python policy or a language model (:mod:`herz.env.core`; it needs no extra, and the
classroom game, :mod:`herz.game`, builds on it: the two environments are imported on first
use). Spaces and their layout: :mod:`herz.env.spaces`; the repertoire and what is legal:
:mod:`herz.policies.orders`.

>>> from herz.env import SecurityDilemmaEnv
>>> env = SecurityDilemmaEnv("spiral", max_steps=3)
>>> obs, infos = env.reset(seed=1)
>>> env.agents
['Blue', 'Red']
>>> obs["Blue"]["belief"].shape
(2,)
>>> actions = {a: env.action_space(a).sample() for a in env.agents}
>>> obs, rewards, terminations, truncations, infos = env.step(actions)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from herz.env.core import GREEDY_REWARDS, SECURITY_REWARDS, RewardWeights

if TYPE_CHECKING:
    from herz.env.parallel import SecurityDilemmaEnv
    from herz.env.vector import SecurityDilemmaVectorEnv

__all__ = [
    "GREEDY_REWARDS",
    "SECURITY_REWARDS",
    "RewardWeights",
    "SecurityDilemmaEnv",
    "SecurityDilemmaVectorEnv",
]


def __getattr__(name: str) -> Any:
    # The environments import pettingzoo and gymnasium (the ``agents`` extra) only when used.
    if name == "SecurityDilemmaEnv":
        from herz.env.parallel import SecurityDilemmaEnv

        return SecurityDilemmaEnv
    if name == "SecurityDilemmaVectorEnv":
        from herz.env.vector import SecurityDilemmaVectorEnv

        return SecurityDilemmaVectorEnv
    raise AttributeError(f"module 'herz.env' has no attribute {name!r}")
