"""The execution of war: crises that turn to war, demands met or refused, wars fought.

What each state expects from war is computed once a step (:mod:`herz.engine.war_choice`, the
arithmetic of :mod:`herz.models.bargaining`). The built-in rule decides on preventive wars and
on pressing demands (:mod:`herz.engine.policy`); this module adds what happens in a crisis —
preemption when striking first pays (Schelling 1960 ch. 9) and mutual optimism when the two
sides' estimates leave no bargain (Blainey 1973; Fearon 1995) — the target's answer to a demand
(Fearon 1995's risk-return trade-off: war when the demand exceeds what the target would rather
fight than give), and the wars themselves.
"""

from __future__ import annotations

import numpy as np

from herz.engine.actions import Action
from herz.engine.context import Evidence, StepContext
from herz.engine.state import Decisions
from herz.engine.streams import Stream, below, uniform_at
from herz.engine.war_choice import cost_scales, quantal

__all__ = ["answer_demands", "crisis_wars", "demands_made", "start_wars", "war_hazard"]


def crisis_wars(
    ctx: StepContext, d: Decisions, crisis: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Wars that a crisis sets off, on top of the attacks decided (``d.attack``).

    In a crisis *i* strikes *j* first with the quantal hazard of its preemptive margin (a
    preemptive war, or an opportunistic one where striking would pay with no fear at all), or,
    if not, starts a war of mutual optimism with the hazard of that margin (streams
    ``PREEMPTION``, ``OPTIMISM``). A pair in a cool-down does not fight, except by a scripted
    attack; allies fight only by a scripted attack. Returns ``(attack, hazard)``: the war code
    of each attack (0: none) and the crisis hazards, each ``(R, N, N)``.
    """
    state, spec, war, t = ctx.state, ctx.world.spec, ctx.war, ctx.t
    preempt_p = quantal(war.preemptive, spec.rationality, spec.war_hazard_max) * crisis
    optimism_p = quantal(war.optimism, spec.rationality, spec.war_hazard_max) * crisis
    # Outside a crisis the chances are 0 (``* crisis``): draw only in crises.
    preempting = below(ctx.keys, t, Stream.PREEMPTION, crisis, preempt_p)
    optimistic = below(ctx.keys, t, Stream.OPTIMISM, crisis, optimism_p)
    attack = np.where(
        d.attack > 0,
        d.attack,
        np.where(
            preempting,
            np.where(war.crisis_gain > 0, int(Action.WAR_OPPORTUNISTIC),
                     int(Action.WAR_PREEMPTIVE)),
            np.where(optimistic, int(Action.WAR_MUTUAL_OPTIMISM), 0),
        ),
    )
    scripted = attack == int(Action.WAR_SCRIPTED)
    attack = np.where((state.cooldown > 0) & ~scripted, 0, attack)
    attack = np.where(ctx.ally & ~scripted, 0, attack)
    hazard = 1.0 - (1.0 - preempt_p) * (1.0 - optimism_p)
    return attack, hazard


def demands_made(ctx: StepContext, d: Decisions) -> np.ndarray:
    """``(R, N, N)``: the demands made this step, ``d.coerce`` between non-allies (each is
    logged ``COERCE`` and is a hostile act, whatever the answer)."""
    return np.asarray(d.coerce & ctx.free)


def answer_demands(
    ctx: StepContext, d: Decisions, attack: np.ndarray, evidence: Evidence
) -> tuple[np.ndarray, np.ndarray]:
    """Targets answer the demands pressed on them (``d.coerce``) by non-allies.

    *i* demands ``x*_ij`` (:func:`herz.engine.war_choice.assess`). *j* weighs it against its own
    estimate ``p̃_ij`` of *i*'s chance and its true cost of war, drawn around its mean
    ``c̄_ij (1 + u (2 z - 1))`` with ``z`` uniform (stream ``RESOLVE``): the private information
    *i* was unsure of. *j* gives way iff ``x* <= p̃ + c_j`` (Fearon 1995), and pays the share
    ``(x* - q_i) / (1 - q_i)`` of the prize ``war_prize * min(Y_i, Y_j)`` (in all, at most half its
    GDP a step); otherwise it fights, and *i* starts an opportunistic war. A pair that goes to
    war this step answers by the war; during a cool-down (only a scripted or user demand can
    meet one) a refusal starts no war. Every demand made is a hostile act (logged ``COERCE``,
    so a scripted demand always shows); giving way is logged ``CONCEDED`` by the target.
    Returns ``(attack, give)``: the attacks with the refused demands added, and
    ``give[r, i, j]``: *j* gave way to *i*.
    """
    state, spec, war = ctx.state, ctx.world.spec, ctx.war
    n = state.gdp.shape[1]
    # Every demand made is logged and is a hostile act. Where the pair goes to war this step the
    # war answers it; the rule presses no demand during a cool-down, and a scripted or user
    # demand made then is answered, but a refusal starts no war (the pair cannot fight yet).
    made = demands_made(ctx, d)
    pressing = made & (attack == 0) & (np.swapaxes(attack, 1, 2) == 0)
    give = np.zeros_like(pressing)
    if not made.any():
        return attack, give
    where = np.nonzero(pressing)
    z = uniform_at(ctx.keys, ctx.t, Stream.RESOLVE, (n, n), where)
    resolve = war.defense_cost[where] * (1.0 + spec.resolve_uncertainty * (2.0 * z - 1.0))
    refuse = np.zeros_like(pressing)
    refuse[where] = war.demand[where] > war.defending[where] + resolve
    give = pressing & ~refuse
    rr, ii, jj = np.nonzero(give)
    q = war.status_quo[rr, ii]
    share = np.clip((war.demand[rr, ii, jj] - q) / (1.0 - q), 0.0, 1.0)
    _transfer(state.gdp, rr, payer=jj, payee=ii, amount=share * war.stake[rr, ii, jj])
    evidence.hostile_to(made)
    ctx.record(made, int(Action.COERCE), np.where(made, war.demand, 0.0))
    ctx.record(np.swapaxes(give, 1, 2), int(Action.CONCEDED), with_cause=False)
    attack = np.where(refuse & (state.cooldown == 0), int(Action.WAR_OPPORTUNISTIC), attack)
    return attack, give


def start_wars(
    ctx: StepContext, attack: np.ndarray, evidence: Evidence
) -> tuple[np.ndarray, dict[int, np.ndarray]]:
    """Start the wars in ``attack`` and settle them at once.

    A pair fights one war at a time: if both attack, a scripted attack moves first, else the
    lower index. *i* wins with
    its true chance ``p_ij`` (stream ``WAR_OUTCOME``). A war is as large as the smaller side can
    make it, ``m = min(Y_i, Y_j)``: the attacker loses ``war_cost * kappa_att * m`` of GDP, the
    defender ``war_cost * kappa_def * m`` (offence dominance makes attack cheaper, defence
    dearer; :func:`herz.engine.war_choice.cost_scales`), each the same share of its forces;
    the loser pays ``war_prize * m`` to the winner (in all, at most half its GDP a step). A state
    hit twice in a step pays twice. The
    pair cannot fight again for ``war_cooldown`` steps. The victim takes the attack as a hostile
    act; wars are logged by kind with the attacker's victory chance. Returns
    ``(starts, wars)``: the wars started, ``(R, N, N)`` bool, and per war code the count of wars
    started in each run.
    """
    state, spec, per, t = ctx.state, ctx.world.spec, ctx.perception, ctx.t
    n = state.gdp.shape[1]
    wars: dict[int, np.ndarray] = {}
    starts = attack > 0
    # One war per pair: a scripted attack goes first (the record), else the lower index.
    first = np.where(attack == int(Action.WAR_SCRIPTED), 2, 1) * starts
    other = np.swapaxes(first, 1, 2)
    lower = np.triu(np.ones((n, n), dtype=bool), 1)[None]
    starts &= (first > other) | ((first == other) & lower)
    if not starts.any():
        return starts, wars
    rr, ii, jj = np.nonzero(starts)
    draw = uniform_at(ctx.keys, t, Stream.WAR_OUTCOME, (n, n), (rr, ii, jj))
    won = draw < per.victory[rr, ii, jj]
    gdp = state.gdp.copy()  # every war of the step is sized on the GDP at its start
    m = np.minimum(gdp[rr, ii], gdp[rr, jj])
    k_att, k_def = cost_scales(per.lam)
    for side, kappa in ((ii, k_att), (jj, k_def)):
        lost = np.minimum(spec.war_cost * kappa * m / np.maximum(gdp[rr, side], 1e-12), 0.9)
        keep = np.ones_like(state.gdp)
        np.multiply.at(keep, (rr, side), 1.0 - lost)
        state.gdp *= keep
        state.forces *= keep[:, :, None]
    loser = np.where(won, jj, ii)
    winner = np.where(won, ii, jj)
    _transfer(state.gdp, rr, payer=loser, payee=winner, amount=spec.war_prize * m)
    state.cooldown[rr, ii, jj] = spec.war_cooldown
    state.cooldown[rr, jj, ii] = spec.war_cooldown
    evidence.hostile_to(starts)
    ctx.record(starts, attack, np.where(starts, per.victory, 0.0))
    for code in np.unique(attack[starts]):
        wars[int(code)] = ((attack == code) & starts).sum(axis=(1, 2))
    return starts, wars


def _transfer(
    gdp: np.ndarray, rr: np.ndarray, payer: np.ndarray, payee: np.ndarray, amount: np.ndarray
) -> None:
    """Move ``amount`` of GDP from ``payer`` to ``payee`` in runs ``rr``, in place. A state that
    pays several times in a step pays each in full (repeated indices add up), but never more
    than half its GDP in all: larger bills are scaled down in proportion."""
    owed = np.zeros_like(gdp)
    np.add.at(owed, (rr, payer), amount)
    scale = np.minimum(1.0, 0.5 * gdp / np.maximum(owed, 1e-300))
    paid = amount * scale[rr, payer]
    np.subtract.at(gdp, (rr, payer), paid)
    np.add.at(gdp, (rr, payee), paid)


def war_hazard(decided: np.ndarray, crisis: np.ndarray, attack: np.ndarray) -> np.ndarray:
    """``(R, N)``: the chance a war involving *i* starts this step (for reports).

    Per pair, the largest of the rule's hazard ``decided``, the crisis hazard and 1 for an
    attack decided; over pairs, the chance that at least one war starts.
    """
    pair = np.maximum(np.maximum(decided, crisis), (attack > 0).astype(float))
    return 1.0 - np.prod(1.0 - np.maximum(pair, np.swapaxes(pair, 1, 2)), axis=2)
