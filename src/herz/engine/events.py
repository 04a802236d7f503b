"""The causal event log: who did what to whom, and what each side says it responded to.

Every logged act records, beside the act itself, the actor's own account of its cause: the
rival it perceived as its main threat when it acted and the step of that rival's last
escalation towards it. Read per actor, the log gives each side's narrative ("we only reacted");
read in order of steps, with the private types, it gives what happened (see
:mod:`herz.report.narrative`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["EventLog"]

COLUMNS = ("run", "step", "actor", "target", "code", "amount", "cause_actor", "cause_step")


@dataclass
class EventLog:
    """Columnar events of the runs whose index is below ``keep``."""

    keep: int
    _chunks: dict[str, list[np.ndarray]] = field(default_factory=lambda: {c: [] for c in COLUMNS})

    def add(
        self,
        run: np.ndarray,
        step: int,
        actor: np.ndarray,
        target: np.ndarray,
        code: int | np.ndarray,
        amount: np.ndarray,
        cause_actor: np.ndarray,
        cause_step: np.ndarray,
    ) -> None:
        """Append events given as equal-length arrays (``run`` holds global run indices)."""
        keep = run < self.keep
        if not keep.any():
            return
        size = int(keep.sum())
        values = {
            "run": run[keep],
            "step": np.full(size, step),
            "actor": actor[keep],
            "target": target[keep],
            "code": np.broadcast_to(code, run.shape)[keep],
            "amount": np.broadcast_to(amount, run.shape)[keep],
            "cause_actor": cause_actor[keep],
            "cause_step": cause_step[keep],
        }
        for c in COLUMNS:
            self._chunks[c].append(np.asarray(values[c]))

    def extend(self, other: EventLog) -> None:
        for c in COLUMNS:
            self._chunks[c].extend(other._chunks[c])

    def columns(self) -> dict[str, np.ndarray]:
        """The log as a dict of arrays sorted by run, step and actor."""
        out = {c: (np.concatenate(v) if v else np.zeros(0)) for c, v in self._chunks.items()}
        ints = [c for c in COLUMNS if c != "amount"]
        for c in ints:
            out[c] = out[c].astype(np.int64)
        out["amount"] = out["amount"].astype(float)
        order = np.lexsort((out["actor"], out["step"], out["run"]))
        return {c: v[order] for c, v in out.items()}

    def __len__(self) -> int:
        return int(sum(len(a) for a in self._chunks["run"]))
