"""``herz run --agent ACTOR=POLICY``: who sits in each chair, and the language-model leaders'
logs (``llm/turns.jsonl``, ``llm/report.json``) written with the outputs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from herz.engine.policy import Policy
from herz.engine.scenario import Scenario
from herz.engine.simulate import load_policy
from herz.errors import HerzInputError

if TYPE_CHECKING:
    from herz.policies.llm import LLMSession

__all__ = ["Seats", "seat_policies"]


@dataclass
class Seats:
    """The policies by actor name, and the language-model session if any seat has one."""

    policies: dict[str, Policy] = field(default_factory=dict)
    session: LLMSession | None = None

    def write(self, folder: Path) -> None:
        """Write the language-model leaders' turns and report into ``folder/llm``."""
        if self.session is None:
            return
        (folder / "llm").mkdir(exist_ok=True)
        self.session.write_log(folder / "llm" / "turns.jsonl")
        report = {"provenance": self.session.provenance(), "signal_vs_action":
                  self.session.report()}
        (folder / "llm" / "report.json").write_text(json.dumps(report, indent=2, sort_keys=True)
                                                   + "\n", encoding="utf-8")


def seat_policies(
    scenario: Scenario,
    agents: list[str],
    base_url: str | None,
    api_key: str | None,
    record: str | None,
    replay: str | None,
) -> Seats:
    """Resolve ``--agent`` options and the scenario's ``llm:MODEL`` seats (one model)."""
    names = [a.name for a in scenario.actors]
    chosen = {a.name: a.policy for a in scenario.actors if a.policy.startswith("llm:")}
    for text in agents:
        actor, sep, spec = text.partition("=")
        if not sep or not spec:
            raise HerzInputError(f"{text!r}", field="--agent", allowed="ACTOR=llm:MODEL or "
                                 "ACTOR=module:function")
        if actor not in names:
            raise HerzInputError(f"no actor {actor!r}", field="--agent", allowed=", ".join(names))
        chosen[actor] = spec
    seats = Seats()
    models = sorted({spec.partition(":")[2] for spec in chosen.values()
                     if spec.startswith("llm:")})
    if len(models) > 1:
        raise HerzInputError(f"several models ({', '.join(models)})", field="--agent",
                             allowed="one model for all language-model seats of a run")
    if (record or replay) and not models:
        raise HerzInputError("no language-model seat to record or replay",
                             field="--replay" if replay else "--record",
                             allowed="with --agent ACTOR=llm:MODEL or policy = 'llm:MODEL'")
    if models:
        from herz.policies.llm import LLMSession

        if not models[0]:
            raise HerzInputError("llm: names no model", field="--agent", allowed="llm:MODEL")
        seats.session = LLMSession(model=models[0], base_url=base_url, api_key=api_key,
                                   record=record, replay=replay)
    for actor, spec in chosen.items():
        if spec.startswith("llm:"):
            assert seats.session is not None
            seats.policies[actor] = seats.session.policy(actor)
        else:
            seats.policies[actor] = load_policy(spec, "--agent")
    return seats
