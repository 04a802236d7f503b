"""A scenario compiled to arrays: what the vectorized mechanisms read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from herz.engine.forces import ForceCatalogue
from herz.engine.scenario import Scenario, TimelineEntry, WorldSpec

__all__ = ["ScriptedAction", "World", "compile_world"]


@dataclass(frozen=True)
class ScriptedAction:
    """A timeline entry resolved to indices."""

    step: int
    actor: int
    code: int
    target: int  # -1 when none
    against: int
    force_class: int
    amount: float
    alliance: int
    agreement: int
    honest: bool
    note: str


@dataclass(frozen=True)
class World:
    """Everything constant during a run, as arrays over actors (N) and force classes (K)."""

    scenario: Scenario
    spec: WorldSpec
    cat: ForceCatalogue
    names: tuple[str, ...]
    gdp0: np.ndarray  # (N,)
    growth: np.ndarray
    forces0: np.ndarray  # (N, K)
    p_greedy: np.ndarray  # (N,) probability of the greedy type (0 or 1 when fixed)
    reputation: np.ndarray
    empathy: np.ndarray
    worst_case: np.ndarray
    intelligence: np.ndarray
    cost_sensitivity: np.ndarray
    target_security: np.ndarray
    min_budget_share: np.ndarray
    max_budget_share: np.ndarray
    trust_asymmetry: np.ndarray
    candor: np.ndarray
    procurement: np.ndarray  # (N, K) rows sum to 1
    belief0: np.ndarray  # (N, N): belief of i that j is greedy
    blocs: np.ndarray  # (A, N) bool membership of named alliances
    agreement_members: np.ndarray  # (G, N) bool
    caps: np.ndarray  # (G, K), inf where uncapped
    monitoring: np.ndarray  # (G,)
    agreement_start: np.ndarray  # (G,) int
    hotline0: np.ndarray  # (N, N) bool
    contact: np.ndarray  # (N, N) bool: pairs that can clash (all pairs by default)
    timeline: dict[int, list[ScriptedAction]]
    passive: np.ndarray  # (N,) bool: acts only on its timeline

    @property
    def n(self) -> int:
        return len(self.names)

    @cached_property
    def defense_per_cost(self) -> np.ndarray:
        """Defence bought per GDP unit by each actor's procurement mix, (N,)."""
        return np.asarray(self.procurement @ (self.cat.defense / self.cat.cost))

    @property
    def k(self) -> int:
        return len(self.cat)


def compile_world(s: Scenario) -> World:
    """Resolve names to indices and gather every parameter into arrays."""
    names = tuple(s.actor_names)
    idx = {a: i for i, a in enumerate(names)}
    cat = ForceCatalogue.from_classes(s.forces)
    cls = {c: i for i, c in enumerate(cat.names)}
    n, k = len(names), len(cat)

    forces0 = np.zeros((n, k))
    procurement = np.tile(cat.procurement, (n, 1))
    for i, a in enumerate(s.actors):
        for c, v in a.forces.items():
            forces0[i, cls[c]] = v
        if a.procurement is not None:
            procurement[i] = 0.0
            for c, v in a.procurement.items():
                procurement[i, cls[c]] = v
    totals = procurement.sum(axis=1, keepdims=True)
    procurement = np.where(totals > 0, procurement / np.where(totals > 0, totals, 1), 1.0 / k)

    def actor_col(field: str) -> np.ndarray:
        return np.array([getattr(a, field) for a in s.actors], dtype=float)

    p_greedy = np.array(
        [a.p_greedy if a.p_greedy is not None else float(a.motive == "greedy") for a in s.actors]
    )
    reputation = actor_col("reputation")
    belief0 = np.tile(reputation, (n, 1))
    for bs in s.beliefs:
        belief0[idx[bs.holder], idx[bs.about]] = bs.value
    np.fill_diagonal(belief0, 0.0)

    blocs = np.zeros((len(s.alliances), n), dtype=bool)
    for row, al in enumerate(s.alliances):
        blocs[row, [idx[m] for m in al.members]] = True
    members = np.zeros((len(s.agreements), n), dtype=bool)
    caps = np.full((len(s.agreements), k), np.inf)
    for g, ag in enumerate(s.agreements):
        members[g, [idx[m] for m in ag.members]] = True
        for c, v in ag.caps.items():
            caps[g, cls[c]] = v
    hotline0 = np.zeros((n, n), dtype=bool)
    for one, other in s.hotlines:
        hotline0[idx[one], idx[other]] = hotline0[idx[other], idx[one]] = True

    if s.contacts is None:
        contact = ~np.eye(n, dtype=bool)
    else:
        contact = np.zeros((n, n), dtype=bool)
        for one, other in s.contacts:
            contact[idx[one], idx[other]] = contact[idx[other], idx[one]] = True

    alliances = {al.name: i for i, al in enumerate(s.alliances)}
    agreements = {g.name: i for i, g in enumerate(s.agreements)}
    timeline: dict[int, list[ScriptedAction]] = {}
    for e in s.timeline:
        step = s.step_of(e)
        timeline.setdefault(step, []).append(_resolve(e, step, idx, cls, alliances, agreements))

    return World(
        scenario=s,
        spec=s.world,
        cat=cat,
        names=names,
        gdp0=actor_col("gdp"),
        growth=actor_col("growth"),
        forces0=forces0,
        p_greedy=p_greedy,
        reputation=reputation,
        empathy=actor_col("empathy"),
        worst_case=actor_col("worst_case"),
        intelligence=actor_col("intelligence"),
        cost_sensitivity=actor_col("cost_sensitivity"),
        target_security=actor_col("target_security"),
        min_budget_share=actor_col("min_budget_share"),
        max_budget_share=actor_col("max_budget_share"),
        trust_asymmetry=actor_col("trust_asymmetry"),
        candor=actor_col("candor"),
        procurement=procurement,
        belief0=belief0,
        blocs=blocs,
        agreement_members=members,
        caps=caps,
        monitoring=np.array([g.monitoring for g in s.agreements], dtype=float),
        agreement_start=np.array([g.start for g in s.agreements], dtype=int),
        hotline0=hotline0,
        contact=contact,
        timeline=timeline,
        passive=np.array([a.policy == "passive" for a in s.actors]),
    )


def _resolve(
    e: TimelineEntry,
    step: int,
    idx: dict[str, int],
    cls: dict[str, int],
    alliances: dict[str, int],
    agreements: dict[str, int],
) -> ScriptedAction:
    def get(table: dict[str, int], key: str | None) -> int:
        return -1 if key is None else table[key]

    return ScriptedAction(
        step=step,
        actor=idx[e.actor],
        code=int(e.code),
        target=get(idx, e.target),
        against=get(idx, e.against),
        force_class=get(cls, e.force_class),
        amount=e.amount,
        alliance=get(alliances, e.alliance),
        agreement=get(agreements, e.agreement),
        honest=e.honest,
        note=e.note or e.source,
    )
