"""The state of a batch of runs, and the decisions actors take in a step.

Arrays are shaped ``(runs, actors[, actors | classes | alliances | agreements])``; pairwise
arrays ``x[r, i, j]`` hold *i*'s quantity about *j*.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace

import numpy as np

from herz.engine.world import World

__all__ = ["Decisions", "Observation", "State", "initial_state"]


@dataclass
class State:
    """Everything that changes during a run."""

    step: int
    gdp: np.ndarray  # (R, N)
    forces: np.ndarray  # (R, N, K) stock per class
    greedy: np.ndarray  # (R, N) bool: private type
    belief: np.ndarray  # (R, N, N): i's belief that j is greedy
    credibility: np.ndarray  # (R, N, N): weight i gives to j's statements
    alert: np.ndarray  # (R, N) in [0, 1]
    deploy: np.ndarray  # (R, N, N) share of i's offence deployed forward against j
    bilateral: np.ndarray  # (R, N, N) bool: alliances outside the named blocs
    blocs: np.ndarray  # (R, A, N) bool: membership of named alliances
    in_agreement: np.ndarray  # (R, G, N) bool: party to agreement g
    cheating: np.ndarray  # (R, G, N) bool: secretly exceeding the caps
    hotline: np.ndarray  # (R, N, N) bool
    sanction: np.ndarray  # (R, N, N) intensity of i's sanctions on j
    cooldown: np.ndarray  # (R, N, N) steps before i and j can fight again
    bogus_pending: np.ndarray  # (R, N, N) bool: j gave i a bogus reason, not yet exposed
    statement: np.ndarray  # (R, N, N) bool: j explained its moves to i this step
    spending: np.ndarray  # (R, N) spent on forces last step
    last_hostile: np.ndarray  # (R, N) step of i's last escalation, -1 if none
    standing_deploy: np.ndarray  # (R, N, N) scripted forward deployments in force
    standing_sanction: np.ndarray  # (R, N, N) scripted sanctions in force
    last_concession: np.ndarray  # (R, N) step of i's last concession, -1 if none
    power_history: list[np.ndarray] = field(default_factory=list)  # (R, N) power P_i by step

    @property
    def ally(self) -> np.ndarray:
        """``ally[r, i, j]``: *i* and *j* share a named alliance or a bilateral one.

        Computed afresh on each access (the phases of a step read the value of the step's
        start from :class:`herz.engine.context.StepContext`)."""
        out = self.bilateral.copy()
        for a in range(self.blocs.shape[1]):
            m = self.blocs[:, a, :]
            out |= m[:, :, None] & m[:, None, :]
        n = out.shape[-1]
        out[:, np.arange(n), np.arange(n)] = False
        return out

    def monitoring(self, world: World) -> np.ndarray:
        """``mon[r, i, j]``: best detection probability of an agreement both are party to."""
        r, n = self.gdp.shape
        out = np.zeros((r, n, n))
        active = world.agreement_start <= self.step
        for g in np.flatnonzero(active):
            m = self.in_agreement[:, g, :]
            both = m[:, :, None] & m[:, None, :]
            out = np.where(both, np.maximum(out, world.monitoring[g]), out)
        return out


def initial_state(world: World, greedy: np.ndarray) -> State:
    """The state at step 0 of ``R = len(greedy)`` runs."""
    r, n = greedy.shape[0], world.n
    g = len(world.agreement_members)
    return State(
        step=0,
        gdp=np.tile(world.gdp0, (r, 1)),
        forces=np.tile(world.forces0, (r, 1, 1)),
        greedy=greedy,
        belief=np.tile(world.belief0, (r, 1, 1)),
        credibility=np.full((r, n, n), 0.8),
        alert=np.zeros((r, n)),
        deploy=np.zeros((r, n, n)),
        bilateral=np.zeros((r, n, n), dtype=bool),
        blocs=np.tile(world.blocs, (r, 1, 1)),
        in_agreement=np.tile(world.agreement_members, (r, 1, 1)),
        cheating=np.zeros((r, g, n), dtype=bool),
        hotline=np.tile(world.hotline0, (r, 1, 1)),
        sanction=np.zeros((r, n, n)),
        cooldown=np.zeros((r, n, n), dtype=np.int64),
        bogus_pending=np.zeros((r, n, n), dtype=bool),
        statement=np.zeros((r, n, n), dtype=bool),
        spending=(world.forces0 * world.cat.depreciation * world.cat.cost).sum(axis=1)
        * np.ones((r, 1)),
        last_hostile=np.full((r, n), -1),
        standing_deploy=np.zeros((r, n, n)),
        standing_sanction=np.zeros((r, n, n)),
        last_concession=np.full((r, n), -1),
    )


@dataclass
class Decisions:
    """What every actor does in one step, in every run.

    The built-in rule fills all rows at once; a user policy for actor *i* returns a
    ``Decisions`` of which only row *i* is used; a scripted timeline adds its acts on top.
    """

    spend: np.ndarray  # (R, N) GDP units spent on forces, bought by the procurement mix
    buy: np.ndarray  # (R, N, K) extra units bought of each class (scripted arming)
    scrap: np.ndarray  # (R, N, K) units scrapped
    alert: np.ndarray  # (R, N)
    deploy: np.ndarray  # (R, N, N)
    sanction: np.ndarray  # (R, N, N)
    ally: np.ndarray  # (R, N, N) bool: i offers j an alliance (formed if j offers too)
    ally_forced: np.ndarray  # (R, N, N) bool: i allies with j, accepted (scripted)
    join_bloc: np.ndarray  # (R, N, A) bool
    covert: np.ndarray  # (R, N, N) intensity of covert attacks on j
    statement: np.ndarray  # (R, N, N) bool: i explains its moves to j
    bogus: np.ndarray  # (R, N, N) bool: ... with a reason that is not its real one
    hotline: np.ndarray  # (R, N, N) bool
    concession: np.ndarray  # (R, N) share of offensive forces given up
    attack: np.ndarray  # (R, N, N) int: 0, or the war-kind code of an attack on j
    coerce: np.ndarray  # (R, N, N) bool
    agree: np.ndarray  # (R, N, G) bool: join agreement g
    cheat: np.ndarray  # (R, N, G) bool
    abandon: np.ndarray  # (R, N, G) bool
    war_hazard: np.ndarray  # (R, N, N): the chance the rule gave each war start (for reports)
    transfers: list[tuple[int, int, int, float]] = field(default_factory=list)
    proxies: list[tuple[int, int, int, float]] = field(default_factory=list)
    covert_class: dict[tuple[int, int], int] = field(default_factory=dict)

    @classmethod
    def empty(cls, r: int, n: int, k: int, a: int, g: int) -> Decisions:
        def z(*shape: int, dtype: type = float) -> np.ndarray:
            return np.zeros(shape, dtype=dtype)

        return cls(
            spend=z(r, n),
            buy=z(r, n, k),
            scrap=z(r, n, k),
            alert=z(r, n),
            deploy=z(r, n, n),
            sanction=z(r, n, n),
            ally=z(r, n, n, dtype=bool),
            ally_forced=z(r, n, n, dtype=bool),
            join_bloc=z(r, n, a, dtype=bool),
            covert=z(r, n, n),
            statement=z(r, n, n, dtype=bool),
            bogus=z(r, n, n, dtype=bool),
            hotline=z(r, n, n, dtype=bool),
            concession=z(r, n),
            attack=z(r, n, n, dtype=int),
            coerce=z(r, n, n, dtype=bool),
            agree=z(r, n, g, dtype=bool),
            cheat=z(r, n, g, dtype=bool),
            abandon=z(r, n, g, dtype=bool),
            war_hazard=z(r, n, n),
        )

    def take_row(self, other: Decisions, actor: int) -> Decisions:
        """These decisions with actor *i*'s row replaced by ``other``'s."""
        out = replace(self)
        for f in fields(self):
            mine = getattr(self, f.name)
            if isinstance(mine, np.ndarray):
                arr = mine.copy()
                arr[:, actor] = getattr(other, f.name)[:, actor]
                setattr(out, f.name, arr)
        return out


def _empty() -> np.ndarray:
    return np.zeros(0)


@dataclass(frozen=True)
class Observation:
    """What actor ``actor`` knows at the start of a step, in every run: the input of a policy.

    It holds only the actor's own view: its own forces, economy and private type, its
    estimates of others' offensive capability, its beliefs, its security and threats.
    """

    actor: int
    step: int
    names: tuple[str, ...]
    class_names: tuple[str, ...]
    gdp: np.ndarray  # (R,)
    forces: np.ndarray  # (R, K)
    greedy: np.ndarray  # (R,) its own type
    belief: np.ndarray  # (R, N) its beliefs that others are greedy
    observed_offense: np.ndarray  # (R, N) its estimates of others' offence
    threat: np.ndarray  # (R, N) threat it perceives from each other actor
    security: np.ndarray  # (R,)
    ally: np.ndarray  # (R, N) bool
    victory: np.ndarray  # (R, N) its chance of winning a war it starts on each other
    first_strike: np.ndarray  # (R, N) its first-strike incentive against each other
    default: Decisions  # what the built-in rule would do
    # What else it knows of its own situation (filled by herz.engine.policy.observation_for;
    # empty when an Observation is built by hand):
    min_spend: np.ndarray = field(default_factory=_empty)  # (R,) least it may spend (GDP units)
    max_spend: np.ndarray = field(default_factory=_empty)  # (R,) most it may spend
    upkeep: np.ndarray = field(default_factory=_empty)  # (R,) spending that replaces depreciation
    cyber: np.ndarray = field(default_factory=_empty)  # (R,) its covert (cyber) capacity
    reach: np.ndarray = field(default_factory=_empty)  # (R, N) bool: non-allies in contact, not
    # in a war's cool-down: whom it can attack, coerce or deploy against
    hotline: np.ndarray = field(default_factory=_empty)  # (R, N) bool: hotlines it has
    statements: np.ndarray = field(default_factory=_empty)  # (R, N) bool: j explained itself
    # to it last step
    deployed_against: np.ndarray = field(default_factory=_empty)  # (R, N) j's forward
    # deployment against it
    sanctioned_by: np.ndarray = field(default_factory=_empty)  # (R, N) j's sanctions on it
    unit_cost: np.ndarray = field(default_factory=_empty)  # (K,) GDP cost of a unit of each class
    agreements: np.ndarray = field(default_factory=_empty)  # (R, G) bool: agreements it is
    # party to
