"""What the phases of one step share: the step's inputs and the evidence collected over it.

:func:`perceive_step` opens a step: every actor perceives the others (:mod:`herz.engine.perception`)
and the inputs every later phase reads are fixed once, on the state at the start of the step
(decisions are simultaneous). :class:`StepContext` holds them and logs acts with their causes;
:class:`Evidence` collects the log-likelihood ratios about motives that the belief update applies
once, near the end of the step (:mod:`herz.engine.beliefs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from herz.engine import policy
from herz.engine.actions import Action
from herz.engine.beliefs import act_evidence, imagined_fear
from herz.engine.events import EventLog
from herz.engine.perception import Perception, perceive
from herz.engine.state import State
from herz.engine.streams import Stream, normal
from herz.engine.war_choice import WarAssessment, assess
from herz.engine.world import World

__all__ = [
    "Evidence", "StepContext", "observation_sigma", "perceive_step", "scripted_acts"
]


@dataclass
class StepContext:
    """The shared inputs of one step's phases, read off the state at the start of the step."""

    world: World
    state: State
    keys: np.ndarray  # (R,) the runs' random keys
    runs: np.ndarray  # (R,) global run indices, for the event log
    log: EventLog
    t: int  # the step being taken
    perception: Perception
    ally: np.ndarray  # (R, N, N) bool: allies at the start of the step (computed once)
    main_threat: np.ndarray  # (R, N) each actor's main threat, -1 where none threatens it
    known_escalation: np.ndarray  # (R, N) last_hostile at the start: what causes are read from
    sigma: np.ndarray  # (R, N, N) log-sd of i's estimates of j at the start of the step
    replacement: np.ndarray  # (R, N) spending that replaces this step's depreciation
    war: WarAssessment  # every pair's war arithmetic at the start of the step
    #: The timeline's acts of this step as logged: (code, actor, target; -1: any target).
    scripted: tuple[tuple[int, int, int], ...] = ()
    free: np.ndarray = field(init=False)  # (R, N, N) bool: pairs of distinct non-allies
    #: The rows whose runs the event log keeps: ``slice(0, m)`` when they lead (as in
    #: :func:`herz.engine.simulate.simulate`, whose chunks hold consecutive runs), else a mask.
    logged: slice | np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        n = self.ally.shape[-1]
        self.free = ~self.ally & ~np.eye(n, dtype=bool)[None]
        kept = self.runs < self.log.keep
        m = int(kept.sum())
        self.logged = slice(0, m) if kept[:m].all() else kept

    def cause(self, actor: np.ndarray, run_idx: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The actor's own account of an act: its main threat and that rival's last escalation."""
        j = self.main_threat[run_idx, actor]
        return j, np.where(j >= 0, self.known_escalation[run_idx, np.maximum(j, 0)], -1)

    def is_scripted(
        self, code: int | np.ndarray, actor: np.ndarray, target: np.ndarray
    ) -> np.ndarray:
        """Which of the acts ``(code, actor, target)`` a timeline entry of this step prescribes."""
        out = np.zeros(np.shape(actor), dtype=bool)
        for c, a, j in self.scripted:
            out |= (np.asarray(code) == c) & (actor == a) & ((j < 0) | (target == j))
        return out

    def record(
        self,
        mask: np.ndarray,
        code: int | np.ndarray,
        amount: np.ndarray | float = 1.0,
        with_cause: bool = True,
    ) -> None:
        """Log the acts in ``mask[r, i]`` or ``mask[r, i, j]`` (actor *i*, target *j*).

        ``code`` and ``amount`` are one value or arrays shaped like ``mask``; ``with_cause``
        adds the actor's account of its cause (:mod:`herz.engine.events`). Only the rows of
        the runs the log keeps are read.
        """
        rows = self.logged
        if isinstance(rows, slice):
            if rows.stop == 0:
                return
            if rows.stop < len(self.runs):
                mask = mask[rows]
                amount = amount[rows] if isinstance(amount, np.ndarray) else amount
                code = code[rows] if isinstance(code, np.ndarray) else code
        else:
            mask = mask & rows.reshape((-1,) + (1,) * (mask.ndim - 1))
        idx = np.nonzero(mask)
        rr, ii = idx[0], idx[1]
        jj = idx[2] if len(idx) > 2 else np.full_like(ii, -1)
        amt = amount[idx] if isinstance(amount, np.ndarray) else np.full(len(rr), amount)
        cd = code[idx] if isinstance(code, np.ndarray) else code
        if with_cause:
            ca, cs = self.cause(ii, rr)
        else:
            ca, cs = np.full_like(ii, -1), np.full_like(ii, -1)
        self.log.add(self.runs[rr], self.t, ii, jj, cd, amt, ca, cs,
                     scripted=self.is_scripted(cd, ii, jj))


@dataclass
class Evidence:
    """Log-likelihood ratios about motives collected over a step (:mod:`herz.engine.beliefs`).

    ``L[r, i, j]`` is the evidence observer *i* has gathered about *j*'s motives this step:
    ``log P(e | greedy) - log P(e | security-seeker)``, summed over the step's acts.
    """

    L: np.ndarray  # (R, N, N)
    hostile: np.ndarray  # (R, N, N) [i, j]: the ratio i applies to a hostile act by j
    epsilon: float  # observers' tremble: the chance of an act against a type's rule
    state: State  # whose last_hostile a hostile act updates
    t: int

    @classmethod
    def start(cls, state: State, world: World) -> Evidence:
        """No evidence yet, for the step ``state`` is at.

        A hostile act by *j* against *i* is taken by a security-seeker out of fear of *i* and by
        a greedy *j* out of fear or to press a demand (with the rule's ``demand_rate``). *i*
        allows for the share ``empathy_i`` of *j*'s fear of it (the transparency illusion;
        Jervis 1976 ch. 3): :func:`herz.engine.beliefs.act_evidence`.
        """
        r, n = state.gdp.shape
        spec = world.spec
        fear = imagined_fear(state.belief, world.empathy[None, :, None])
        hostile = act_evidence(fear, spec.demand_rate, spec.act_noise)
        return cls(np.zeros((r, n, n)), hostile, spec.act_noise, state, state.step)

    @property
    def telling(self) -> float:
        """``log((1 - eps) / eps)``: an act only one type's rule takes (cheating, a bogus
        reason, reneging), as the observer allows for trembles."""
        return float(np.log((1.0 - self.epsilon) / self.epsilon))

    def add(self, ratio: float | np.ndarray, mask: np.ndarray | None = None) -> None:
        """Add ``ratio`` (times ``mask[r, i, j]``, where *i* observes *j*, when given)."""
        if mask is None:
            self.L += ratio
        else:
            self.L += ratio * mask

    def hostile_to(self, mask: np.ndarray) -> None:
        """Hostile acts by *i* on *j* in ``mask[r, i, j]``: evidence for *j* about *i*.

        The acts are escalations: *i*'s ``last_hostile`` becomes this step.
        """
        self.L[:] += self.hostile * np.swapaxes(mask, 1, 2)
        rr, ii = np.nonzero(mask.any(axis=2))
        self.state.last_hostile[rr, ii] = self.t


def observation_sigma(world: World, state: State) -> np.ndarray:
    """Log-sd of *i*'s estimates of *j*: intelligence and monitoring reduce it."""
    base = world.spec.observation_noise * (1.0 - world.intelligence)[None, :, None]
    return base * (1.0 - state.monitoring(world))


def perceive_step(
    world: World, state: State, keys: np.ndarray, runs: np.ndarray, log: EventLog
) -> StepContext:
    """Perceive: open a step on the state at its start.

    Each actor estimates the others' offensive capability with log-normal noise (stream
    ``OBSERVE``) that intelligence and agreement monitoring reduce, and computes its threats,
    security, second-strike and first-strike quantities and victory chances
    (:func:`herz.engine.perception.perceive`: Jervis 1976 on worst-case thinking, Jervis 1978 on
    the offence-defence balance, Glaser 1997). The alliances, each actor's main threat, the
    upkeep of its forces and the escalations it knows of are fixed here for the whole step, and
    so is every pair's war arithmetic (:func:`herz.engine.war_choice.assess`: its own noisy
    estimate of the other's defence, stream ``ESTIMATE``).
    """
    n = state.gdp.shape[1]
    sigma = observation_sigma(world, state)
    ally = state.ally
    per = perceive(
        state.forces,
        state.belief,
        ally,
        state.deploy,
        sigma,
        normal(keys, state.step, Stream.OBSERVE, (n, n)),
        world.worst_case,
        world.cat,
        world.spec,
        alert=state.alert,
    )
    war = assess(
        world,
        per,
        gdp=state.gdp,
        greedy=state.greedy,
        belief=state.belief,
        ally=ally,
        deploy=state.deploy,
        power_history=state.power_history or [policy.power(state, world, ally)],
        sigma=sigma,
        noise=normal(keys, state.step, Stream.ESTIMATE, (n, n)),
    )
    return StepContext(
        world=world,
        state=state,
        keys=keys,
        runs=runs,
        log=log,
        t=state.step,
        perception=per,
        ally=ally,
        main_threat=policy.main_threat(per),
        # Replacing this step's depreciation, as the arming rule saw it when deciding.
        replacement=policy.upkeep(state.forces, world),
        # Causes are read from what the actor knew at the start of the step.
        known_escalation=state.last_hostile.copy(),
        sigma=sigma,
        war=war,
        scripted=scripted_acts(world, state.step),
    )


def scripted_acts(world: World, step: int) -> tuple[tuple[int, int, int], ...]:
    """The timeline's acts of ``step`` as the log records them: ``(code, actor, target)``, with
    an attack logged as a scripted war and -1 for an act without a target."""
    out = []
    for act in world.timeline.get(step, []):
        code = int(Action.WAR_SCRIPTED) if act.code == int(Action.ATTACK) else act.code
        out.append((code, act.actor, act.target))
    return tuple(out)
