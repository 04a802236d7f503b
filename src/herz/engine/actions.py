"""The repertoire of actions and the codes of the causal event log.

Every action an actor can take, by any policy (the built-in rule, a scripted timeline, a human,
a learning agent), is one of :class:`Action`. Events that happen to actors rather than being
chosen by them (an incident, a crisis, a detected violation, a war's outcome) have codes of their
own in the same enumeration so the causal log is one table.
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["Action", "HOSTILE", "TARGETED", "WAR_KINDS"]


class Action(IntEnum):
    """Actions of the repertoire (below 100) and other events of the log (100 and above)."""

    ARM = 1  # buy forces of a class (amount in GDP units)
    DISARM = 2  # scrap forces of a class (amount in units of stock)
    ALERT = 3  # raise the alert level (amount: new level in [0, 1])
    DEPLOY = 4  # forward-deploy offensive forces against a target (amount: share in [0, 1])
    ALLY = 5  # form, join or enlarge an alliance with the target (or a named alliance)
    TRANSFER = 6  # give forces of a class to a third party (amount in units of stock)
    SANCTION = 7  # impose sanctions on the target (amount: intensity in [0, 1])
    COVERT = 8  # covert or cyber attack on the target's forces of a class
    PROXY = 9  # support a proxy (the recipient) against the target
    AGREE = 10  # propose or join an agreement (caps by class, monitoring)
    CHEAT = 11  # secretly exceed the caps of an agreement
    ABANDON = 12  # leave an agreement
    HOTLINE = 13  # open a crisis hotline with the target
    STATEMENT = 14  # explain one's moves to the target (honest or bogus)
    CONCESSION = 15  # unilateral reduction of offensive forces as reassurance
    ATTACK = 16  # start a war on the target
    COERCE = 17  # demand a concession from the target under threat of force
    WITHDRAW = 18  # pull forward-deployed forces back
    # Events that happen rather than being chosen.
    INCIDENT = 101
    CRISIS = 102
    DETECTED_CHEATING = 103
    BOGUS_EXPOSED = 104
    WAR_OPPORTUNISTIC = 111
    WAR_PREVENTIVE = 112
    WAR_PREEMPTIVE = 113
    WAR_SCRIPTED = 114
    WAR_MUTUAL_OPTIMISM = 115
    CONCEDED = 121  # a coerced target gave way


#: Wars by kind, as recorded in the log and in the metrics.
WAR_KINDS: dict[Action, str] = {
    Action.WAR_OPPORTUNISTIC: "opportunistic",
    Action.WAR_PREVENTIVE: "preventive",
    Action.WAR_PREEMPTIVE: "preemptive",
    Action.WAR_SCRIPTED: "scripted",
    Action.WAR_MUTUAL_OPTIMISM: "mutual_optimism",
}

#: Actions the target experiences as hostile (evidence about the actor's motive).
HOSTILE = frozenset(
    {
        Action.DEPLOY,
        Action.SANCTION,
        Action.COVERT,
        Action.PROXY,
        Action.CHEAT,
        Action.ABANDON,
        Action.ATTACK,
        Action.COERCE,
    }
)

#: Actions that need a target actor.
TARGETED = frozenset(
    {
        Action.DEPLOY,
        Action.ALLY,
        Action.TRANSFER,
        Action.SANCTION,
        Action.COVERT,
        Action.PROXY,
        Action.HOTLINE,
        Action.STATEMENT,
        Action.ATTACK,
        Action.COERCE,
        Action.WITHDRAW,
    }
)
