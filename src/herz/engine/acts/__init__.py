"""The acts of a step, one phase per part of the repertoire, applied in the order of ``PHASES``.

Decisions are simultaneous: every actor decides on the state at the start of the step
(:func:`herz.engine.policy.decide`), then these phases apply the acts in a fixed order (the ODD's
process overview, steps 3 to 12). Each phase reads the step's shared inputs
(:class:`herz.engine.context.StepContext`) and the decisions, changes the state, logs its acts
through the context and adds what observers learn to the step's
:class:`~herz.engine.context.Evidence`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from herz.engine.acts.agreements import keep_agreements
from herz.engine.acts.alliances import form_alliances
from herz.engine.acts.arming import arm
from herz.engine.acts.concessions import concede
from herz.engine.acts.covert import attack_covertly
from herz.engine.acts.hotlines import open_hotlines
from herz.engine.acts.posture import take_posture
from herz.engine.acts.sanctions import impose_sanctions
from herz.engine.acts.statements import make_statements
from herz.engine.acts.transfers import transfer_and_support

__all__ = [
    "PHASES",
    "arm",
    "attack_covertly",
    "concede",
    "form_alliances",
    "impose_sanctions",
    "keep_agreements",
    "make_statements",
    "open_hotlines",
    "take_posture",
    "transfer_and_support",
]

#: The act phases in the order :func:`herz.engine.step.advance` applies them.
PHASES: tuple[Callable[..., Any], ...] = (
    concede,
    arm,
    take_posture,
    form_alliances,
    impose_sanctions,
    attack_covertly,
    transfer_and_support,
    make_statements,
    open_hotlines,
    keep_agreements,
)
