"""herz as a multi-agent environment (PettingZoo, Gymnasium spaces): the states are the agents.

- :class:`SecurityDilemmaEnv`: a PettingZoo ``ParallelEnv`` over one world of any scenario.
- :class:`SecurityDilemmaVectorEnv`: many worlds at once, for training.
- :class:`RewardWeights`: the reward's parts, with defaults by motive.

Needs the ``agents`` extra (``pip install herz[agents]``: pettingzoo, gymnasium). Each step
goes through the engine's decision interface, so an agent acts on equal terms with the built-in
rule, a Python policy or a language model (:mod:`herz.env.core`). Spaces and their layout:
:mod:`herz.env.spaces`; the repertoire and what is legal: :mod:`herz.policies.orders`.

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

from herz.env.core import GREEDY_REWARDS, SECURITY_REWARDS, RewardWeights
from herz.env.parallel import SecurityDilemmaEnv
from herz.env.vector import SecurityDilemmaVectorEnv

__all__ = [
    "GREEDY_REWARDS",
    "SECURITY_REWARDS",
    "RewardWeights",
    "SecurityDilemmaEnv",
    "SecurityDilemmaVectorEnv",
]
