"""The causal event log: who did what to whom, and what each side says it responded to.

Every logged act records, beside the act itself, the actor's own account of its cause: the
rival it perceived as its main threat when it acted and the step of that rival's last
escalation towards it. Read per actor, the log gives each side's narrative ("we only reacted");
read in order of steps, with the private types, it gives what happened (see
:mod:`herz.report.narrative`).

``scripted`` tells the scenario's timeline (acts written into the history of a case) from the
model's own acts: it is true for an act that a timeline entry of that step prescribes (same
actor, same logged code and, where the entry names one, the same target), whatever the rule
would have done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["EventLog", "MID_LEVELS", "hostility_levels"]

COLUMNS = (
    "run", "step", "actor", "target", "code", "amount", "cause_actor", "cause_step", "scripted"
)


@dataclass
class EventLog:
    """Columnar events of the runs whose index is below ``keep``."""

    keep: int
    _chunks: dict[str, list[np.ndarray]] = field(default_factory=lambda: {c: [] for c in COLUMNS})

    def add(
        self,
        run: np.ndarray,
        step: int | np.ndarray,
        actor: np.ndarray,
        target: np.ndarray,
        code: int | np.ndarray,
        amount: np.ndarray,
        cause_actor: np.ndarray,
        cause_step: np.ndarray,
        scripted: bool | np.ndarray = False,
    ) -> None:
        """Append events given as equal-length arrays (``run`` holds global run indices; ``step``
        one step or an array like them)."""
        keep = run < self.keep
        if not keep.any():
            return
        values = {
            "run": run[keep],
            "step": np.broadcast_to(step, run.shape)[keep],
            "actor": actor[keep],
            "target": target[keep],
            "code": np.broadcast_to(code, run.shape)[keep],
            "amount": np.broadcast_to(amount, run.shape)[keep],
            "cause_actor": cause_actor[keep],
            "cause_step": cause_step[keep],
            "scripted": np.broadcast_to(scripted, run.shape)[keep],
        }
        for c in COLUMNS:
            self._chunks[c].append(np.asarray(values[c]))

    def extend(self, other: EventLog) -> None:
        for c in COLUMNS:
            self._chunks[c].extend(other._chunks[c])

    def columns(self) -> dict[str, np.ndarray]:
        """The log as a dict of arrays sorted by run, step and actor."""
        out = {c: (np.concatenate(v) if v else np.zeros(0)) for c, v in self._chunks.items()}
        ints = [c for c in COLUMNS if c not in ("amount", "scripted")]
        for c in ints:
            out[c] = out[c].astype(np.int64)
        out["amount"] = out["amount"].astype(float)
        out["scripted"] = out["scripted"].astype(bool)
        order = np.lexsort((out["actor"], out["step"], out["run"]))
        return {c: v[order] for c, v in out.items()}

    def __len__(self) -> int:
        return int(sum(len(a) for a in self._chunks["run"]))


#: herz's events on the hostility scale of the Militarized Interstate Dispute data (Jones, Bremer
#: & Singer 1996; Palmer et al. 2022): 2 threat, 3 display, 4 use of force, 5 war. An incident
#: that nobody misreads is below the scale (1: no militarized action). The reasons are in the
#: ODD (docs/reference/odd.md, "Outputs: dyads") and docs/howto/test-a-case.md.
MID_LEVELS = {
    "demand": 2,  # COERCE pressed: an explicit threat to use force (MID actions 1-6)
    "deployment": 3,  # a new forward deployment (DEPLOY): a show of force (MID action 7)
    "crisis": 3,  # an incident misread as an attack, both sides on alert (MID actions 8-10)
    "force": 4,  # a demand pressed with forces deployed forward: blockade, occupation (13-15)
    "war": 5,  # a war started (MID actions 16-21 with war)
}


def hostility_levels(
    demand: np.ndarray,
    deployment: np.ndarray,
    crisis: np.ndarray,
    force: np.ndarray,
    war: np.ndarray,
) -> np.ndarray:
    """``(R, N, N)`` int8: the highest MID hostility level (0 where none) that each pair's
    events of one step reach, the same for ``[i, j]`` and ``[j, i]`` (disputes are recorded per
    pair, whoever acted). Each argument is an ``(R, N, N)`` bool of ``i``'s acts on ``j`` (see
    :data:`MID_LEVELS`)."""
    level = np.zeros(demand.shape, dtype=np.int8)
    for name, mask in (("demand", demand), ("deployment", deployment), ("crisis", crisis),
                       ("force", force), ("war", war)):
        level = np.where(mask, np.maximum(level, MID_LEVELS[name]), level).astype(np.int8)
    return np.maximum(level, np.swapaxes(level, 1, 2))
