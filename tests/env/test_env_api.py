"""herz.env: the PettingZoo API tests, seeding, and stepping through the engine's interface.

Kinds: conformance (PettingZoo's own API, seed and AEC-conversion tests), regression (an
environment whose agents do not act is the engine's own run, bit for bit).
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("pettingzoo")

from pettingzoo.test import api_test, parallel_api_test, parallel_seed_test  # noqa: E402
from pettingzoo.utils.conversions import parallel_to_aec  # noqa: E402

from herz.engine.actions import Action  # noqa: E402
from herz.engine.simulate import simulate  # noqa: E402
from herz.env import RewardWeights, SecurityDilemmaEnv, SecurityDilemmaVectorEnv  # noqa: E402
from herz.env.core import resolve  # noqa: E402
from herz.errors import HerzInputError  # noqa: E402


@pytest.mark.parametrize("name", ["spiral", "four_worlds", "hotline"])
def test_parallel_api(name: str) -> None:
    parallel_api_test(SecurityDilemmaEnv(name, max_steps=8), num_cycles=20)


def test_seed_test() -> None:
    parallel_seed_test(lambda: SecurityDilemmaEnv("spiral", max_steps=6))


def test_aec_conversion_api() -> None:
    api_test(parallel_to_aec(SecurityDilemmaEnv("spiral", max_steps=8)), num_cycles=20)


def _columns_equal(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


@pytest.mark.parametrize("name", ["spiral", "preventive_war"])
def test_agents_that_do_not_act_are_the_engines_run(name: str) -> None:
    """No action (or None) means the built-in rule: the history is run 0 of simulate."""
    env = SecurityDilemmaEnv(name, max_steps=12)
    env.reset(seed=3)
    for t in range(12):
        env.step({} if t % 2 else dict.fromkeys(env.agents))
    ref = simulate(resolve(name), runs=1, steps=12, rng=3, keep=1)
    _columns_equal(env.core.history.columns(), ref.events)
    np.testing.assert_array_equal(env.core.state.greedy, ref.greedy)


def test_vector_worlds_are_the_runs_of_a_batch() -> None:
    venv = SecurityDilemmaVectorEnv("four_worlds", num_worlds=5, max_steps=6)
    venv.reset(seed=11)
    for _ in range(6):
        _, rewards, _, truncs, _ = venv.step({})
    assert all(t.all() for t in truncs.values()) and venv.agents == []
    assert rewards["Blue"].shape == (5,)
    ref = simulate(resolve("four_worlds"), runs=5, steps=6, rng=11, keep=5)
    _columns_equal(venv.core.history.columns(), ref.events)


def test_actions_reach_the_engine() -> None:
    """An order to attack is an attack; an order to attack an ally is dropped and counted."""
    env = SecurityDilemmaEnv("spiral", max_steps=5)
    env.reset(seed=0)
    _, _, _, _, infos = env.step({"Blue": {"attack": np.array([0, 1]), "spend": [0.05]}})
    ev = env.core.history.columns()
    wars = ev["code"] == int(Action.WAR_OPPORTUNISTIC)
    assert wars.sum() == 1 and ev["actor"][wars][0] == 0 and ev["target"][wars][0] == 1
    assert infos["Blue"]["wars"] == 1.0 and infos["Blue"]["illegal"] == 0.0
    obs, _, _, _, infos = env.step({"Blue": {"attack": np.array([1, 1])}})  # itself: illegal
    assert infos["Blue"]["illegal"] >= 1.0
    # After the war the pair is in cool-down: attacking is not legal.
    assert obs["Blue"]["legal"]["attack"].tolist() == [0, 0]


def test_spending_follows_the_order() -> None:
    env = SecurityDilemmaEnv("spiral", max_steps=5)
    obs, _ = env.reset(seed=0)
    low, high = env.action_space("Blue")["spend"].low[0], env.action_space("Blue")["spend"].high[0]
    _, _, _, _, infos = env.step({"Blue": {"spend": [high]}, "Red": {"spend": [low]}})
    assert infos["Blue"]["costs"] == pytest.approx(high, rel=1e-6)
    assert infos["Red"]["costs"] == pytest.approx(low, rel=1e-6)


def test_rewards_by_motive_and_configurable() -> None:
    env = SecurityDilemmaEnv("spiral", max_steps=3,
                             rewards={"Blue": RewardWeights(1, 0, 0, 0)})
    env.reset(seed=0)
    _, rewards, _, _, infos = env.step({})
    assert rewards["Blue"] == pytest.approx(infos["Blue"]["security"])
    assert rewards["Red"] == pytest.approx(
        infos["Red"]["security"] - infos["Red"]["wars"] - 5 * infos["Red"]["costs"])


def test_episode_ends_and_bad_agents() -> None:
    env = SecurityDilemmaEnv("spiral", max_steps=1)
    env.reset(seed=0)
    _, _, _, truncs, _ = env.step({})
    assert truncs == {"Blue": True, "Red": True} and env.agents == []
    with pytest.raises(RuntimeError):
        env.step({})
    with pytest.raises(HerzInputError):
        SecurityDilemmaEnv("spiral", agents=["Green"])
    env = SecurityDilemmaEnv("spiral", agents=["Red"])
    env.reset(seed=0)
    with pytest.raises(HerzInputError):
        env.step({"Blue": {}})


def test_reset_without_seed_follows_the_last_seed() -> None:
    a, b = SecurityDilemmaEnv("spiral", max_steps=2), SecurityDilemmaEnv("spiral", max_steps=2)
    a.reset(seed=5)
    b.reset(seed=5)
    oa, _ = a.reset()
    ob, _ = b.reset()
    np.testing.assert_array_equal(oa["Blue"]["observed_offense"], ob["Blue"]["observed_offense"])
