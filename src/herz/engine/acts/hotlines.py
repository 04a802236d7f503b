"""Hotlines opened by decision (crisis communication; crises may open them too, see
:mod:`herz.engine.incidents`).

A hotline lowers the chance that an incident between the pair is misread as an attack by
``world.hotline_effect`` (ODD 7.9: herz's own specification; no single published source).
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import StepContext
from herz.engine.state import Decisions

__all__ = ["open_hotlines"]


def open_hotlines(ctx: StepContext, d: Decisions) -> np.ndarray:
    """Open the hotlines either side of a pair asks for in ``d.hotline``.

    Each new hotline is logged once, ``HOTLINE``. Returns the hotlines opened, ``(R, N, N)``
    bool (symmetric).
    """
    state = ctx.state
    opened = (d.hotline | np.swapaxes(d.hotline, 1, 2)) & ~state.hotline
    state.hotline |= opened
    ctx.record(np.triu(opened), int(Action.HOTLINE), with_cause=False)
    return opened
