"""The execution of war: preemption in crises, war starts and outcomes, coercion.

Whom each actor would attack, and how likely, is the built-in rule's decision
(:mod:`herz.engine.policy`: opportunistic war, Glaser 2010 and Fearon 1995; preventive war,
Fearon 1995 and Powell 2006). This module adds preemption in a crisis, when striking first pays
strategically or conventionally (Schelling 1960 ch. 9, the reciprocal fear of surprise attack;
Jervis 1978; Fearon 1995 on first-strike advantages), and carries out wars and coercion.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.beliefs import likelihood_ratio
from herz.engine.context import Evidence, StepContext
from herz.engine.state import Decisions
from herz.engine.streams import Stream, uniform

__all__ = ["coerce", "preempt", "start_wars", "war_hazard"]


def preempt(
    ctx: StepContext, d: Decisions, crisis: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Preemption in a crisis, and the attacks that may start this step.

    In a crisis *i* strikes *j* first with probability
    ``preemption * (1 - (1 - FSI_ij) (1 - max(0, 2 delta_od - 1))) * b_ij`` (stream
    ``PREEMPTION``; Schelling 1960 ch. 9; Jervis 1978; Fearon 1995). No pair in a cool-down
    fights; allies fight only by a scripted attack. Returns ``(attack, preempt_p)``: the war code
    of each attack (0: none) and the preemption probabilities, each ``(R, N, N)``.
    """
    state, spec, per = ctx.state, ctx.world.spec, ctx.perception
    n = state.gdp.shape[1]
    conventional_edge = max(0.0, 2.0 * spec.offense_dominance - 1.0)
    advantage = 1.0 - (1.0 - per.first_strike) * (1.0 - conventional_edge)
    preempt_p = spec.preemption * advantage * state.belief * crisis
    preempting = uniform(ctx.keys, ctx.t, Stream.PREEMPTION, (n, n)) < preempt_p
    attack = np.where(preempting & (d.attack == 0), int(Action.WAR_PREEMPTIVE), d.attack)
    attack = np.where(state.cooldown > 0, 0, attack)
    attack = np.where(ctx.ally & (attack != int(Action.WAR_SCRIPTED)), 0, attack)
    return attack, preempt_p


def start_wars(
    ctx: StepContext, attack: np.ndarray, evidence: Evidence
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """Start the wars in ``attack`` and settle them at once.

    A pair fights one war at a time: if both attack, the lower index moves first. *i* wins with
    probability ``p_ij`` (stream ``WAR_OUTCOME``); both sides lose the share ``war_cost`` of GDP
    and of every class; the loser pays the share ``war_prize`` of its GDP to the winner; the pair
    cannot fight again for ``war_cooldown`` steps. The victim takes the attack evidence; the
    attacker escalated. Wars are logged by kind with the attacker's victory chance. Returns
    ``(starts, wars)``: the wars started, ``(R, N, N)`` bool, and per war code the count of wars
    started in each run.
    """
    state, spec, per, t = ctx.state, ctx.world.spec, ctx.perception, ctx.t
    r, n = state.gdp.shape
    wars: dict[int, np.ndarray] = {}
    starts = attack > 0
    starts &= ~(np.swapaxes(starts, 1, 2) & np.tril(np.ones((n, n), dtype=bool), -1)[None])
    if starts.any():
        rr, ii, jj = np.nonzero(starts)
        p = per.victory[rr, ii, jj]
        won = uniform(ctx.keys, t, Stream.WAR_OUTCOME, (n, n))[rr, ii, jj] < p
        for side in (ii, jj):
            state.gdp[rr, side] *= 1.0 - spec.war_cost
            state.forces[rr, side] *= 1.0 - spec.war_cost
        loser = np.where(won, jj, ii)
        winner = np.where(won, ii, jj)
        prize = spec.war_prize * state.gdp[rr, loser]
        state.gdp[rr, loser] -= prize
        state.gdp[rr, winner] += prize
        state.cooldown[rr, ii, jj] = spec.war_cooldown
        state.cooldown[rr, jj, ii] = spec.war_cooldown
        struck = np.zeros((r, n, n), dtype=bool)
        struck[rr, ii, jj] = True
        evidence.add(likelihood_ratio(*spec.evidence.attack), np.swapaxes(struck, 1, 2))
        state.last_hostile[rr, ii] = t
        ctx.record(starts, attack, np.where(starts, per.victory, 0.0))
        for code in np.unique(attack[starts]):
            wars[int(code)] = (attack == code).sum(axis=(1, 2))
    return starts, wars


def coerce(
    ctx: StepContext, d: Decisions, starts: np.ndarray, evidence: Evidence
) -> np.ndarray:
    """Coercion of non-allies not attacked this step (``d.coerce``).

    The target gives way with probability ``clip((p_ij - q*) / (1 - q*), 0, 1)``, ``q*`` the
    coercion threshold, and pays the share ``war_prize / 2`` of its GDP to the coercer. Coercion
    is a hostile act (logged ``COERCE``); giving way is logged ``CONCEDED`` by the target.
    Returns ``give[r, i, j]``: *j* gave way to *i*.
    """
    state, spec, per = ctx.state, ctx.world.spec, ctx.perception
    n = state.gdp.shape[1]
    coercing = d.coerce & ~starts & ctx.free
    give = np.zeros_like(coercing)
    if coercing.any():
        thr = spec.coercion_threshold
        give = coercing & (
            uniform(ctx.keys, ctx.t, Stream.DISCRETE + 100, (n, n))
            < np.clip((per.victory - thr) / (1 - thr), 0, 1)
        )
        rr, ii, jj = np.nonzero(give)
        prize = 0.5 * spec.war_prize * state.gdp[rr, jj]
        np.subtract.at(state.gdp, (rr, jj), prize)
        np.add.at(state.gdp, (rr, ii), prize)
        evidence.hostile_to(coercing)
        ctx.record(coercing, int(Action.COERCE))
        ctx.record(np.swapaxes(give, 1, 2), int(Action.CONCEDED), with_cause=False)
    return give


def war_hazard(decided: np.ndarray, preempt_p: np.ndarray, attack: np.ndarray) -> np.ndarray:
    """``(R, N)``: the chance a war involving *i* starts this step (for reports).

    Per pair, the largest of the rule's hazard ``decided``, the preemption probability and 1 for
    an attack decided; over pairs, the chance that at least one war starts.
    """
    pair = np.maximum(np.maximum(decided, preempt_p), (attack > 0).astype(float))
    return 1.0 - np.prod(1.0 - np.maximum(pair, np.swapaxes(pair, 1, 2)), axis=2)
