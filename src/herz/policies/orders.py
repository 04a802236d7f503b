"""One leader's orders, what is legal for it, and the engine decisions they become.

The repertoire open to an agent (a learner through :mod:`herz.env`, a language model through
:mod:`herz.policies.llm`) is the engine's (:mod:`herz.engine.actions`), in agent terms:

============  ===========================  ==============================================
part          values                       legal against
============  ===========================  ==============================================
spend         share of GDP on forces       between the actor's min and max budget shares
mix           weight per force class       optional: how the spending is split among the
                                           classes (default: the actor's procurement mix)
alert         level in [0, 1]              —
concession    share of offence given up    —
deploy        intensity in [0, 1] per j    states in reach (non-allies in contact, no
                                           war's cool-down running)
sanction      intensity in [0, 1] per j    non-allies
covert        intensity in [0, 1] per j    non-allies, and only with cyber capacity
attack        yes / no per j               states in reach
coerce        yes / no per j               states in reach
ally          offer yes / no per j         non-allies (an alliance forms when both offer)
hotline       ask yes / no per j           states without a hotline to it
statement     0 none, 1 honest, 2 bogus    any other state
agree         join yes / no per agreement  optional: agreements it is not party to
cheat         yes / no per agreement       optional: agreements it is party to (secretly
                                           exceed the caps)
abandon       yes / no per agreement       optional: agreements it is party to
============  ===========================  ==============================================

Nobody acts on itself. Orders replace the rule's whole row: without the agreement parts, the
agent neither joins, cheats on nor leaves an agreement. Scripted acts (arms transfers, proxies)
stay with the timeline. An attack an agent orders is
logged as a war of choice (``WAR_OPPORTUNISTIC``), whatever the agent's motive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from herz.engine.actions import Action
from herz.engine.state import Decisions, Observation

__all__ = [
    "LEVELS",
    "TARGETS",
    "Orders",
    "escalation",
    "escalation_of",
    "illegal_parts",
    "legal",
    "legal_agreements",
    "to_decisions",
]

#: Parts with one value per run.
LEVELS = ("spend", "alert", "concession")
#: Parts with one value per run and other state.
TARGETS = ("deploy", "sanction", "covert", "attack", "coerce", "ally", "hotline", "statement")
_BOOL = ("attack", "coerce", "ally", "hotline")


@dataclass
class Orders:
    """One actor's orders in R runs: ``spend``, ``alert``, ``concession`` are (R,) and the
    per-target parts (R, N) (see the module's table)."""

    spend: np.ndarray
    alert: np.ndarray
    concession: np.ndarray
    deploy: np.ndarray
    sanction: np.ndarray
    covert: np.ndarray
    attack: np.ndarray
    coerce: np.ndarray
    ally: np.ndarray
    hotline: np.ndarray
    statement: np.ndarray
    mix: np.ndarray | None = None  # (R, K) weights of the spending per force class
    agree: np.ndarray | None = None  # (R, G) bool: join agreement g
    cheat: np.ndarray | None = None  # (R, G) bool: secretly exceed the caps of agreement g
    abandon: np.ndarray | None = None  # (R, G) bool: leave agreement g

    @classmethod
    def none(cls, r: int, n: int) -> Orders:
        """Do nothing (spend nothing: the spending floor applies)."""
        z = np.zeros((r, n))
        return cls(
            spend=np.zeros(r), alert=np.zeros(r), concession=np.zeros(r),
            deploy=z.copy(), sanction=z.copy(), covert=z.copy(),
            attack=z.astype(bool), coerce=z.astype(bool), ally=z.astype(bool),
            hotline=z.astype(bool), statement=z.astype(np.int64),
        )


def legal(obs: Observation) -> dict[str, np.ndarray]:
    """``(R, N)`` bool per target part: against whom actor ``obs.actor`` may use it."""
    r, n = obs.belief.shape
    other = np.ones((r, n), dtype=bool)
    other[:, obs.actor] = False
    non_ally = other & ~obs.ally
    reach = obs.reach & other
    return {
        "deploy": reach,
        "sanction": non_ally,
        "covert": non_ally & (obs.cyber > 0)[:, None],
        "attack": reach,
        "coerce": reach,
        "ally": non_ally,
        "hotline": other & ~obs.hotline,
        "statement": other,
    }


def legal_agreements(obs: Observation) -> dict[str, np.ndarray]:
    """``(R, G)`` bool per agreement part: which agreements actor ``obs.actor`` may join,
    cheat on or leave."""
    member = np.asarray(obs.agreements, dtype=bool)
    return {"agree": ~member, "cheat": member, "abandon": member}


def illegal_parts(orders: Orders, obs: Observation) -> np.ndarray:
    """``(R,)``: how many per-target orders of each run are not legal (they are dropped)."""
    ok = legal(obs)
    count = np.zeros(obs.belief.shape[0], dtype=np.int64)
    for name in TARGETS:
        count += ((np.asarray(getattr(orders, name)) != 0) & ~ok[name]).sum(axis=1)
    return count


def to_decisions(orders: Orders, obs: Observation) -> Decisions:
    """The engine's decisions with row ``obs.actor`` from ``orders``: illegal per-target orders
    dropped, levels clipped to [0, 1], spending to the actor's budget (shares of GDP)."""
    d0 = obs.default
    r, n = obs.belief.shape
    d = Decisions.empty(r, n, d0.buy.shape[2], d0.join_bloc.shape[2], d0.agree.shape[2])
    i = obs.actor
    ok = legal(obs)
    d.spend[:, i] = np.clip(np.asarray(orders.spend, float) * obs.gdp, obs.min_spend,
                            obs.max_spend)
    if orders.mix is not None:
        # Arming by class: the same spending, bought as units of the chosen classes.
        w = np.clip(np.asarray(orders.mix, float), 0.0, None)
        total = w.sum(axis=1, keepdims=True)
        share = np.where(total > 0, w / np.where(total > 0, total, 1.0), 0.0)
        chosen = total[:, 0] > 0
        d.buy[:, i] = np.where(chosen[:, None], d.spend[:, i, None] * share / obs.unit_cost, 0.0)
        d.spend[:, i] = np.where(chosen, 0.0, d.spend[:, i])
    d.alert[:, i] = np.clip(orders.alert, 0.0, 1.0)
    d.concession[:, i] = np.clip(orders.concession, 0.0, 1.0)
    for name in ("deploy", "sanction", "covert"):
        getattr(d, name)[:, i] = np.where(ok[name], np.clip(getattr(orders, name), 0.0, 1.0), 0.0)
    for name in _BOOL:
        getattr(d, name)[:, i] = ok[name] & (np.asarray(getattr(orders, name)) != 0)
    said = np.asarray(orders.statement)
    d.statement[:, i] = ok["statement"] & (said > 0)
    d.bogus[:, i] = d.statement[:, i] & (said == 2)
    ok_g = legal_agreements(obs)
    for name in ("agree", "cheat", "abandon"):
        given = getattr(orders, name)
        if given is not None:
            getattr(d, name)[:, i] = ok_g[name] & (np.asarray(given) != 0)
    d.attack[:, i] = np.where(d.attack[:, i] != 0, int(Action.WAR_OPPORTUNISTIC), 0)
    d.coerce[:, i] &= d.attack[:, i] == 0
    d.war_hazard[:, i] = (d.attack[:, i] > 0).astype(float)
    return d


def escalation(orders: Orders, obs: Observation) -> np.ndarray:
    """``(R,)`` the escalation score of ``orders`` once illegal parts are dropped
    (:func:`escalation_of`)."""
    return escalation_of(to_decisions(orders, obs), obs)


def escalation_of(d: Decisions, obs: Observation) -> np.ndarray:
    """``(R,)`` a per-turn escalation score of actor ``obs.actor``'s row of ``d`` (for reports,
    not for the engine): ``alert + sum(deploy) + sum(sanction) + 1.5 sum(covert) + 2 #coerce
    + 4 #attack + 10 max(0, spend - upkeep) / GDP - concession - 0.5 #hotline``."""
    i = obs.actor
    extra = np.maximum(d.spend[:, i] - obs.upkeep, 0.0) / np.maximum(obs.gdp, 1e-12)
    return (
        d.alert[:, i]
        + d.deploy[:, i].sum(axis=1)
        + d.sanction[:, i].sum(axis=1)
        + 1.5 * d.covert[:, i].sum(axis=1)
        + 2.0 * d.coerce[:, i].sum(axis=1)
        + 4.0 * (d.attack[:, i] > 0).sum(axis=1)
        + 10.0 * extra
        - d.concession[:, i]
        - 0.5 * d.hotline[:, i].sum(axis=1)
    )
