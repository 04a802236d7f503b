"""Statements: actors explain their moves, honestly or with a bogus reason.

A recipient reads a statement next to the speaker's arming: it lifts the recipient's empathy
towards the speaker for that step by ``statement_weight * credibility`` (the transparency
illusion, Jervis 1976 ch. 3; :mod:`herz.engine.learning`). A bogus reason waits to be exposed,
which costs the speaker its credibility.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import StepContext
from herz.engine.state import Decisions

__all__ = ["make_statements"]


def make_statements(ctx: StepContext, d: Decisions) -> np.ndarray:
    """Deliver ``d.statement``; remember the bogus ones until they are exposed.

    Statements are logged ``STATEMENT`` (amount 1 if honest, 0 if bogus). Returns the
    recipients' view, ``statement[r, i, j]``: *j* explained itself to *i* this step.
    """
    state = ctx.state
    state.statement = np.swapaxes(d.statement, 1, 2)  # [i, j]: j explained to i
    state.bogus_pending |= np.swapaxes(d.bogus, 1, 2)
    ctx.record(d.statement, int(Action.STATEMENT), np.where(d.bogus, 0.0, 1.0), with_cause=False)
    return state.statement
