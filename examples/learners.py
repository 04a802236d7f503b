"""Independent learners in the security dilemma: do they fall into the spiral or find restraint?

Each state is an independent tabular Q-learner (numpy only) in herz's multi-agent environment
(:class:`herz.env.SecurityDilemmaVectorEnv`, many worlds stepped at once). It sees a coarse
state, its belief that the rival is greedy (low / middling / high) and whether it is short of
the security it seeks, and picks one of four postures against its main rival:

- ``restrain``: spend the least allowed, stand down, ask for a hotline, explain itself;
- ``match``: spend halfway between its least and most, a modest alert;
- ``arm``: spend the most allowed, full alert, forward-deploy against the rival;
- ``strike``: as ``arm``, and attack the rival where it can.

Rewards are herz.env's defaults by motive (a security-seeker values security and peace and
dislikes the cost of arms). It trains on the ``spiral`` example and on Jervis's four worlds
(the ``four_worlds`` example with the offence-defence balance and distinguishability set),
then plays its greedy policy and reports, per world, how often the learners arm or strike, the
share of worlds with a war, and their final mutual suspicion, with a plot.

    python examples/learners.py --episodes 200 --worlds 64 --out learners.png

A learner is short-sighted (one-step credit with a discount) and the state coarse: the point
is the method, not a verdict on the dilemma. Small settings give noisy answers.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from herz.env import SecurityDilemmaVectorEnv

POSTURES = ("restrain", "match", "arm", "strike")
#: (label, example, overrides)
WORLDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("spiral", "spiral", ()),
    ("doubly dangerous", "four_worlds",
     ("world.offense_dominance=0.8", "world.distinguishability=0.2")),
    ("offence, legible", "four_worlds",
     ("world.offense_dominance=0.8", "world.distinguishability=0.9")),
    ("defence, illegible", "four_worlds",
     ("world.offense_dominance=0.2", "world.distinguishability=0.2")),
    ("doubly stable", "four_worlds",
     ("world.offense_dominance=0.2", "world.distinguishability=0.9")),
)
N_STATES = 6  # 3 belief bins x 2 security bins


@dataclass
class Result:
    label: str
    arm_share: float  # share of turns in `arm` or `strike` under the learned policy
    war_share: float  # share of worlds with at least one war
    suspicion: float  # mean final belief that the rival is greedy
    q: dict[str, np.ndarray]


def coarse_state(obs: dict[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """(R,) state index and (R,) main rival of each world, from one agent's observation."""
    rival = np.argmax(np.where(obs["legal"]["statement"] > 0, obs["threat"], -np.inf), axis=1)
    belief = np.take_along_axis(obs["belief"], rival[:, None], axis=1)[:, 0]
    b = np.digitize(belief, [0.3, 0.7])
    short = (obs["security"][:, 0] < 0.6).astype(int)
    return b * 2 + short, rival


def orders(posture: np.ndarray, rival: np.ndarray, obs: dict[str, Any]) -> dict[str, Any]:
    """A batched action dict for the chosen postures."""
    r, n = obs["belief"].shape
    low, high, _ = obs["budget"].T / obs["gdp"][:, 0]
    onehot = np.zeros((r, n))
    onehot[np.arange(r), rival] = 1.0
    hard = posture >= 2
    return {
        "spend": np.select([posture == 0, posture == 1], [low, 0.5 * (low + high)], high),
        "alert": np.select([posture == 0, posture == 1], [0.0, 0.3], 1.0),
        "deploy": onehot * hard[:, None],
        "attack": (onehot * (posture == 3)[:, None]).astype(np.int8),
        "hotline": (onehot * (posture == 0)[:, None]).astype(np.int8),
        "statement": (onehot * (posture == 0)[:, None]).astype(np.int64),
    }


def train(
    example: str,
    overrides: Sequence[str],
    episodes: int,
    worlds: int,
    steps: int,
    seed: int,
    alpha: float = 0.1,
    gamma: float = 0.9,
) -> dict[str, np.ndarray]:
    """Independent Q-tables, one per state, learned over ``episodes`` batches of worlds."""
    env = SecurityDilemmaVectorEnv(example, num_worlds=worlds, max_steps=steps,
                                   overrides=overrides)
    rng = np.random.default_rng(seed)
    q = {a: np.zeros((N_STATES, len(POSTURES))) for a in env.possible_agents}
    for episode in range(episodes):
        eps = max(0.05, 1.0 - episode / max(1, 0.7 * episodes))
        obs, _ = env.reset(seed=seed * 100_003 + episode)
        while env.agents:
            chosen, states, actions = {}, {}, {}
            for a in env.agents:
                s, rival = coarse_state(obs[a])
                greedy = q[a][s].argmax(axis=1)
                explore = rng.random(worlds) < eps
                chosen[a] = np.where(explore, rng.integers(len(POSTURES), size=worlds), greedy)
                states[a] = s
                actions[a] = orders(chosen[a], rival, obs[a])
            obs, rewards, _, truncs, _ = env.step(actions)
            for a in chosen:
                s2, _ = coarse_state(obs[a])
                done = truncs[a]
                target = rewards[a] + gamma * np.where(done, 0.0, q[a][s2].max(axis=1))
                # Average the batch's targets per (state, posture), then one step towards it.
                for st in range(N_STATES):
                    for p in range(len(POSTURES)):
                        hit = (states[a] == st) & (chosen[a] == p)
                        if hit.any():
                            q[a][st, p] += alpha * (target[hit].mean() - q[a][st, p])
    return q


def evaluate(
    example: str, overrides: Sequence[str], q: dict[str, np.ndarray], worlds: int, steps: int,
    seed: int,
) -> tuple[float, float, float]:
    """Play the greedy policies: (arm share, war share, final suspicion)."""
    env = SecurityDilemmaVectorEnv(example, num_worlds=worlds, max_steps=steps,
                                   overrides=overrides)
    obs, _ = env.reset(seed=seed + 7_777_777)
    hard, turns = 0, 0
    war = np.zeros(worlds, dtype=bool)
    while env.agents:
        actions = {}
        for a in env.agents:
            s, rival = coarse_state(obs[a])
            posture = q[a][s].argmax(axis=1)
            hard += int((posture >= 2).sum())
            turns += worlds
            actions[a] = orders(posture, rival, obs[a])
        obs, _, _, _, infos = env.step(actions)
        for a in infos:
            war |= infos[a]["wars"] > 0
    suspicion = float(np.mean([obs[a]["belief"].max(axis=1).mean() for a in env.possible_agents]))
    return hard / max(turns, 1), float(war.mean()), suspicion


def run(episodes: int, worlds: int, steps: int, seed: int) -> list[Result]:
    out = []
    for label, example, overrides in WORLDS:
        q = train(example, overrides, episodes, worlds, steps, seed)
        arm, war, suspicion = evaluate(example, overrides, q, worlds, steps, seed)
        out.append(Result(label, arm, war, suspicion, q))
    return out


def plot(results: Sequence[Result], path: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    labels = [r.label for r in results]
    x = np.arange(len(results))
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.27
    ax.bar(x - width, [r.arm_share for r in results], width, label="turns arming or striking")
    ax.bar(x, [r.war_share for r in results], width, label="worlds with a war")
    ax.bar(x + width, [r.suspicion for r in results], width, label="final suspicion")
    ax.set_xticks(x, labels, rotation=15)
    ax.set_ylim(0, 1)
    ax.set_title("Independent Q-learners in the security dilemma")
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: Sequence[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=200)
    parser.add_argument("--worlds", type=int, default=64, help="worlds stepped at once")
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default="learners.png", help="the plot (PNG)")
    args = parser.parse_args(argv)
    results = run(args.episodes, args.worlds, args.steps, args.seed)
    print(f"{'world':<20} {'arm/strike':>10} {'war':>6} {'suspicion':>10}  learned (Blue)")
    for r in results:
        policy = " ".join(POSTURES[p] for p in r.q["Blue"].argmax(axis=1))
        print(f"{r.label:<20} {r.arm_share:>10.2f} {r.war_share:>6.2f} {r.suspicion:>10.2f}"
              f"  {policy}")
    plot(results, args.out)
    print(f"plot: {args.out}")
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
