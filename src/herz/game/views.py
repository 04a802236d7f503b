"""What each screen of a game may show: a player's private view and the public view.

A player sees only what its state knows (the state's :class:`~herz.engine.state.Observation`
from :mod:`herz.env.core`, which the engine's own policies receive): its own motive, forces,
budget and security; its noisy estimates of the others' offensive forces, the threat it
perceives and its analysts' belief about each; who deployed forward against it or sanctions it;
the events it saw; the messages that are public or addressed to it; its own stated beliefs.
Deliberately left out, though the engine's observation holds them: the chance of winning a war
and the first-strike incentive, which the engine computes from the others' true forces.

Which events a state sees (:func:`seen_event`): its own acts (with amounts); acts done to it
(a covert attack without its author: attribution is uncertain); and public acts anywhere
(:data:`PUBLIC`: wars, alliances, deployments, sanctions, demands, crises, hotlines,
agreements, concessions), without amounts. Arming, alerts, cheating and explanations addressed
to others stay private. The projector (:func:`public_event`) shows public acts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from herz.engine.actions import WAR_KINDS, Action
from herz.report.narrative import predicate

__all__ = ["PUBLIC", "Event", "public_event", "seen_event"]

#: Acts every state (and the projector) learns of.
PUBLIC = frozenset({
    Action.DEPLOY, Action.WITHDRAW, Action.ALLY, Action.SANCTION, Action.AGREE, Action.ABANDON,
    Action.HOTLINE, Action.CONCESSION, Action.COERCE, Action.CONCEDED, Action.CRISIS,
    Action.DETECTED_CHEATING, *WAR_KINDS,
})
#: Acts whose author the target does not learn.
ANONYMOUS = frozenset({Action.COVERT})
#: Acts that stay with their author even when they have a target.
SECRET = frozenset({Action.CHEAT})


@dataclass(frozen=True)
class Event:
    """One row of the engine's causal log, in a game's turn (1-based)."""

    turn: int
    actor: int
    target: int
    code: int
    amount: float


def _act(code: int) -> Action | None:
    try:
        return Action(code)
    except ValueError:
        return None


def _name(names: tuple[str, ...], i: int) -> str:
    return names[i] if 0 <= i < len(names) else ""


def _text(ev: Event, names: tuple[str, ...], me: int | None, amount: bool,
          author: bool = True) -> str:
    who = _name(names, ev.actor) if author else "Someone"
    target = _name(names, ev.target)
    if me is not None:
        who = "You" if ev.actor == me and author else who
        target = "you" if ev.target == me else target
    if _act(ev.code) is Action.BOGUS_EXPOSED:  # logged by whom it was told to
        return f"{who} found {target or 'another state'}'s explanation to be bogus."
    text = f"{who} {predicate(ev.code, target, 'your' if who == 'You' else 'its')}"
    if amount and _act(ev.code) in (Action.ARM, Action.DISARM, Action.TRANSFER):
        text += f" ({ev.amount:.2f})"
    return text + "."


def seen_event(ev: Event, me: int, names: tuple[str, ...]) -> dict[str, Any] | None:
    """The event as state ``me`` learns of it, or ``None`` if it does not."""
    act = _act(ev.code)
    if ev.actor == me:
        return {"turn": ev.turn, "text": _text(ev, names, me, amount=True)}
    if ev.target == me and act not in SECRET:
        known = act not in ANONYMOUS
        return {"turn": ev.turn, "text": _text(ev, names, me, amount=False, author=known)}
    if act in PUBLIC:
        return {"turn": ev.turn, "text": _text(ev, names, me, amount=False)}
    return None


def public_event(ev: Event, names: tuple[str, ...]) -> dict[str, Any] | None:
    """The event as the projector shows it, or ``None`` if it is not public."""
    if _act(ev.code) in PUBLIC:
        return {"turn": ev.turn, "text": _text(ev, names, None, amount=False)}
    return None
