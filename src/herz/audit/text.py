"""Plain-language summaries of an audit: how the policy looks from each other capital, and what
it does for the acting state.

Every sentence is generated from the measured paired differences and their confidence intervals:
a change is called a rise or a fall only when its interval excludes zero, and "no clear change"
otherwise.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from herz.audit.measure import OtherView, Paired

if TYPE_CHECKING:
    from herz.audit.core import AuditResult

__all__ = ["ci", "other_summary", "own_summary", "summaries"]


def ci(p: Paired, pct: bool = False) -> str:
    """``+0.12 [0.08, 0.16]`` (or in percent)."""
    scale, unit = (100.0, "%") if pct else (1.0, "")
    text = f"{scale * p.estimate:+.3g}{unit}"
    if p.low is not None and p.high is not None:
        text += f" [{scale * p.low:+.3g}{unit}, {scale * p.high:+.3g}{unit}]"
    return text


def _moves(p: Paired, up: str, down: str, still: str) -> str:
    return {1: up, -1: down, 0: still}[p.sign]


def other_summary(view: OtherView, actor: str, horizon: int) -> str:
    """How the policy looks from ``view.actor``'s capital."""
    x = view.actor
    if view.threat_base == 0.0 and not view.threat_change.values.any():
        return (
            f"How this looks from {x}: it perceives no threat from {actor} in either world "
            f"(an ally, or nothing to fear); its belief that {actor} is greedy ends at "
            f"{view.belief_base:.2f} {ci(view.belief_change)}."
        )
    threat = _moves(
        view.alarm,
        f"{x} feels more threatened by {actor}",
        f"{x} feels less threatened by {actor}",
        f"{x} feels no clearly different threat from {actor}",
    )
    motive = _moves(
        view.belief_change,
        f"reads the policy as a sign that {actor} is greedy",
        f"is reassured about {actor}'s motives",
        f"draws no clear conclusion about {actor}'s motives",
    )
    text = (
        f"How this looks from {x}: {threat} (perceived threat over {horizon} steps "
        f"{ci(view.alarm, pct=True)} against the baseline) and {motive} (its belief that "
        f"{actor} is greedy ends at {view.belief_base:.2f} {ci(view.belief_change)})."
    )
    clear = [r for r in view.reactions if r.change.sign != 0][:3]
    if clear:
        parts = [
            f"{r.label} {r.change.estimate:+.2g} per run ({r.base_mean:.2g} -> {r.policy_mean:.2g})"
            for r in clear
        ]
        text += " Its reactions: " + "; ".join(parts) + "."
    else:
        text += " Its acts do not change clearly."
    return text


def own_summary(result: AuditResult) -> str:
    """What the policy does for the acting state, and the best variant found."""
    own, a = result.own, result.actor
    verdict = _moves(
        own.net_security,
        "leaves it more secure",
        "leaves it less secure",
        "leaves its security about where it was",
    )
    text = (
        f"For {a}, the policy {verdict}: net security {ci(own.net_security)} over "
        f"{result.inputs['horizon']} steps, the direct gain {ci(own.direct_gain)} minus what the "
        f"reactions take away {ci(own.reaction_cost)}."
    )
    war = next(w for w in result.war if w.kind == "any")
    text += f" War risk involving {a} changes by {ci(war.change, pct=True)}."
    if result.best is not None:
        b = result.best.outcome
        text += (
            f" Best variant: {result.best.name} ({result.best.spec.description}) keeps the "
            f"purpose (gain {ci(b.purpose_gain)} against {ci(result.original.purpose_gain)}) "
            f"with alarm {ci(b.alarm, pct=True)} instead of {ci(result.original.alarm, pct=True)}."
        )
    elif result.variants:
        text += " No variant alarms others less while keeping the purpose."
    return text


def summaries(result: AuditResult) -> dict[str, str]:
    """One summary per other actor (keyed by name) and one for the acting state (key ``""``)."""
    out = {
        v.actor: other_summary(v, result.actor, int(result.inputs["horizon"]))
        for v in result.others
    }
    out[""] = own_summary(result)
    return out
