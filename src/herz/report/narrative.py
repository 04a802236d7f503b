"""The two narratives of "who started it" (Jervis 1976, ch. 3; the brief's mechanism 12).

Each side of a spiral sees its own moves as reactions. The engine's causal log records, for every
act, the rival the actor perceived as its main threat and the step of that rival's last
escalation (:mod:`herz.engine.events`). Read per actor, the log gives **how each actor tells
it** ("we armed in response to Red's arming at step 3"); read in order of steps, together with
the actors' true private motives, it gives **what happened**, including which act of escalation
came first.

:func:`pick_run` chooses the run to tell; :func:`narratives` builds both accounts as plain text
lines, which :mod:`herz.report.html` lays out side by side.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from herz.engine.actions import HOSTILE, WAR_KINDS, Action
from herz.engine.simulate import SimulationResult

__all__ = ["ESCALATION", "Narratives", "narratives", "pick_run", "predicate"]

#: Acts that escalate: arming, alerts and every hostile act, wars included.
ESCALATION = frozenset({Action.ARM, Action.ALERT, *HOSTILE, *WAR_KINDS})

# Past-tense predicate of each act ({t}: the target, {p}: the subject's possessive pronoun).
_VERB: dict[Action, str] = {
    Action.ARM: "armed",
    Action.DISARM: "scrapped forces",
    Action.ALERT: "raised {p} alert level",
    Action.DEPLOY: "deployed forces forward against {t}",
    Action.ALLY: "allied with {t}",
    Action.TRANSFER: "transferred arms to {t}",
    Action.SANCTION: "sanctioned {t}",
    Action.COVERT: "mounted a covert or cyber attack on {t}",
    Action.PROXY: "backed a proxy, {t}",
    Action.AGREE: "joined an agreement",
    Action.CHEAT: "secretly exceeded an agreement's caps",
    Action.ABANDON: "abandoned an agreement",
    Action.HOTLINE: "opened a hotline with {t}",
    Action.STATEMENT: "explained {p} moves to {t}",
    Action.CONCESSION: "made a unilateral concession",
    Action.ATTACK: "attacked {t}",
    Action.COERCE: "coerced {t}",
    Action.WITHDRAW: "withdrew forces facing {t}",
    Action.INCIDENT: "had an incident with {t}",
    Action.CRISIS: "fell into a crisis with {t}",
    # logged by the cheater (target: who caught it) and by the one who was told (target: the
    # speaker), as the engine records them (acts/agreements.py, learning.py)
    Action.DETECTED_CHEATING: "was caught cheating by {t}",
    Action.BOGUS_EXPOSED: "found {t}'s explanation to be bogus",
    Action.WAR_OPPORTUNISTIC: "started an opportunistic war on {t}",
    Action.WAR_PREVENTIVE: "started a preventive war on {t}",
    Action.WAR_PREEMPTIVE: "struck {t} preemptively: war",
    Action.WAR_SCRIPTED: "went to war with {t}",
    Action.CONCEDED: "gave way to {t}",
}

# Noun of an act, as a cause ("Red's arming").
_NOUN: dict[Action, str] = {
    Action.ARM: "arming",
    Action.ALERT: "raised alert",
    Action.DEPLOY: "forward deployment",
    Action.TRANSFER: "arms transfers",
    Action.SANCTION: "sanctions",
    Action.COVERT: "covert attack",
    Action.PROXY: "proxy war",
    Action.CHEAT: "cheating",
    Action.ABANDON: "abandonment of an agreement",
    Action.ATTACK: "attack",
    Action.COERCE: "coercion",
    Action.WAR_OPPORTUNISTIC: "war",
    Action.WAR_PREVENTIVE: "war",
    Action.WAR_PREEMPTIVE: "strike",
    Action.WAR_SCRIPTED: "war",
}

# Order in which an act counts as the cause when a rival did several things in one step.
_SEVERITY = [
    *WAR_KINDS,
    Action.ATTACK,
    Action.COVERT,
    Action.COERCE,
    Action.DEPLOY,
    Action.PROXY,
    Action.CHEAT,
    Action.ABANDON,
    Action.SANCTION,
    Action.ALERT,
    Action.TRANSFER,
    Action.ARM,
]


@dataclass(frozen=True)
class Narratives:
    """Both accounts of one run.

    ``tellings`` maps each actor to its own account (first person); ``happened`` is the
    chronological log, one line per step; ``first_escalation`` names the first act(s) of
    escalation; ``motives`` the actors' true private types.
    """

    run: int
    reason: str
    motives: dict[str, str]
    first_escalation: str
    outcome: str
    tellings: dict[str, list[str]]
    happened: list[str]


def pick_run(result: SimulationResult) -> tuple[int, str]:
    """The kept run to tell and why it was chosen.

    The first kept run with a war; failing that, the kept run with the largest spiral index.
    """
    kept = result.kept
    war = np.asarray(result.outcomes["war"][:kept], dtype=bool)
    if war.any():
        return int(np.argmax(war)), "the first kept run with a war"
    spiral = np.asarray(result.outcomes["spiral"][:kept], dtype=float)
    reason = "the kept run with the largest spiral index (no kept run had a war)"
    return int(np.argmax(spiral)), reason


def _act(code: int) -> Action | None:
    try:
        return Action(code)
    except ValueError:
        return None


def predicate(code: int, target: str, possessive: str) -> str:
    """What an act of the log says, in the past tense: "deployed forces forward against Red"."""
    act = _act(code)
    if act is None:
        return f"did act {code}" + (f" towards {target}" if target else "")
    return _VERB[act].format(t=target or "another state", p=possessive)


def _amount(code: int, amount: float) -> str:
    if _act(code) in (Action.ARM, Action.DISARM, Action.TRANSFER):
        return f" ({amount:.2f})"
    return ""


def narratives(result: SimulationResult, run: int | None = None) -> Narratives:
    """The two narratives of kept run ``run`` (default: :func:`pick_run`)."""
    if run is None:
        run, reason = pick_run(result)
    else:
        if not 0 <= run < result.kept:
            raise ValueError(f"run {run} is not a kept run (0 to {result.kept - 1})")
        reason = "the run asked for"
    names = result.actors
    ev = result.events
    sel = np.asarray(ev["run"]) == run
    step = np.asarray(ev["step"])[sel]
    actor = np.asarray(ev["actor"])[sel]
    target = np.asarray(ev["target"])[sel]
    code = np.asarray(ev["code"])[sel]
    amount = np.asarray(ev["amount"], dtype=float)[sel]
    c_actor = np.asarray(ev["cause_actor"])[sel]
    c_step = np.asarray(ev["cause_step"])[sel]

    def name(i: int) -> str:
        return names[i] if 0 <= i < len(names) else ""

    # What each actor did at each step, to name the cause an actor refers to.
    done: dict[tuple[int, int], set[int]] = {}
    for s, a, c in zip(step.tolist(), actor.tolist(), code.tolist(), strict=True):
        done.setdefault((a, s), set()).add(c)

    def cause_text(ca: int, cs: int, latest: bool = False) -> str:
        if ca < 0:
            return ""
        if cs < 0:
            return f" as a precaution against {name(ca)}, the main threat we saw"
        acts = done.get((ca, cs), set())
        noun = next((_NOUN[a] for a in _SEVERITY if int(a) in acts), "escalation")
        if latest:
            return f" in response to {name(ca)}'s {noun} (the latest at step {cs})"
        return f" in response to {name(ca)}'s {noun} at step {cs}"

    greedy = np.asarray(result.greedy)[run]
    motives = {
        n: ("greedy" if bool(g) else "a security-seeker")
        for n, g in zip(names, greedy, strict=True)
    }

    tellings: dict[str, list[str]] = {}
    for i, who in enumerate(names):
        own = [
            k
            for k in range(len(step))
            if actor[k] == i and (code[k] < 100 or _act(int(code[k])) in WAR_KINDS)
        ]
        tellings[who] = [
            _telling_line(g, step, code, target, amount, c_actor, c_step, name, cause_text)
            for g in _groups(own, step, code, target, c_actor, c_step)
        ] or ["We did nothing worth recording."]

    happened: list[str] = []
    for s in np.unique(step).tolist():
        parts = []
        for k in np.nonzero(step == s)[0].tolist():
            who = name(int(actor[k]))
            pred = predicate(int(code[k]), name(int(target[k])), "its")
            parts.append(f"{who} {pred}{_amount(int(code[k]), amount[k])}")
        happened.append(f"Step {s}: " + "; ".join(parts) + ".")

    esc = [k for k in range(len(step)) if _act(int(code[k])) in ESCALATION]
    if esc:
        s0 = int(step[esc[0]])
        firsts = sorted({f"{name(int(actor[k]))} ({motives[name(int(actor[k]))]})"
                         f" {predicate(int(code[k]), name(int(target[k])), 'its')}"
                         for k in esc if step[k] == s0})
        first = f"The first escalation came at step {s0}: " + "; ".join(firsts) + "."
    else:
        first = "Nobody escalated in this run."

    wars = [k for k in range(len(step)) if _act(int(code[k])) in WAR_KINDS]
    if wars:
        k = wars[0]
        kind = WAR_KINDS[Action(int(code[k]))]
        outcome = (f"War broke out at step {step[k]} ({kind}): {name(int(actor[k]))} against "
                   f"{name(int(target[k]))}.")
    else:
        outcome = f"No war within {result.steps} steps."
    return Narratives(run, reason, motives, first, outcome, tellings, happened)


def _groups(
    rows: list[int],
    step: np.ndarray,
    code: np.ndarray,
    target: np.ndarray,
    c_actor: np.ndarray,
    c_step: np.ndarray,
) -> list[list[int]]:
    """Rows cut into groups of the same act, target and perceived threat in consecutive steps.

    Acts of precaution (no prior escalation by the threat) and acts of response are never mixed.
    """
    open_: dict[tuple[int, int, int, int], list[int]] = {}
    done: list[list[int]] = []
    for k in rows:
        key = (int(code[k]), int(target[k]), int(c_actor[k]), int(c_step[k] >= 0))
        group = open_.get(key)
        if group is not None and step[k] - step[group[-1]] <= 1:
            group.append(k)
            continue
        if group is not None:
            done.append(group)
        open_[key] = [k]
    done.extend(open_.values())
    return sorted(done, key=lambda g: (int(step[g[0]]), int(code[g[0]])))


def _telling_line(
    group: list[int],
    step: np.ndarray,
    code: np.ndarray,
    target: np.ndarray,
    amount: np.ndarray,
    c_actor: np.ndarray,
    c_step: np.ndarray,
    name: Callable[[int], str],
    cause_text: Callable[..., str],
) -> str:
    """One line of an actor's own account: "Steps 3-9 (7 times): we armed in response to ..."."""
    k0, k1 = group[0], group[-1]
    c = int(code[k0])
    pred = predicate(c, name(int(target[k0])), "our")
    if len(group) == 1:
        cause = cause_text(int(c_actor[k0]), int(c_step[k0]))
        return f"Step {step[k0]}: we {pred}{_amount(c, float(amount[k0]))}{cause}."
    total = _amount(c, float(amount[group].sum())).replace(" (", " (in all ")
    cause = cause_text(int(c_actor[k1]), int(c_step[k1]), latest=True)
    return f"Steps {step[k0]}-{step[k1]} ({len(group)} times): we {pred}{total}{cause}."
