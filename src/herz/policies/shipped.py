"""The example game shipped as a cassette: the spiral with both chairs taken by the scripted
stand-in (:class:`herz.policies.stub.ScriptedLeader`, not a language model).

Replay it offline::

    herz run spiral --runs 1 --steps 12 --seed 0 --agent Blue=llm:scripted-leader \\
        --agent Red=llm:scripted-leader --replay "$(python -m herz.policies.shipped)"

``python -m herz.policies.shipped --write`` records it again (after the brief or the schema
changed).
"""

from __future__ import annotations

import sys
from pathlib import Path

from herz.engine.scenario import load_scenario
from herz.engine.simulate import SimulationResult, simulate
from herz.examples import example_path
from herz.policies.llm import LLMSession
from herz.policies.stub import ScriptedLeader

__all__ = ["CASSETTE", "MODEL", "play"]

MODEL = "scripted-leader"
SEATS = ("Blue", "Red")
STEPS = 12
SEED = 0
CASSETTE = (
    Path(__file__).resolve().parent.parent / "examples" / "cassettes" / "spiral-scripted.jsonl"
)


def play(session: LLMSession) -> SimulationResult:
    """The example game: spiral, one run, 12 steps, seed 0, both seats to ``session``."""
    scenario = load_scenario(example_path("spiral"))
    return simulate(scenario, runs=1, steps=STEPS, rng=SEED, keep=1,
                    policies={a: session.policy(a) for a in SEATS})


def record(path: Path = CASSETTE) -> LLMSession:
    session = LLMSession(model=MODEL, transport=ScriptedLeader(), record=path)
    play(session)
    return session


if __name__ == "__main__":  # pragma: no cover
    if "--write" in sys.argv[1:]:
        record()
    print(CASSETTE)
