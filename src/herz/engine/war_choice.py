r"""War as a bargaining decision: what each state expects from war and from peace.

Pairwise arrays ``x[r, i, j]`` hold *i*'s quantity about *j*, with *i* the state that weighs
starting a war on *j*. Every quantity is *i*'s own estimate, from its own perception.

**The issue and its units** (Fearon 1995). A war between *i* and *j* is fought over a prize:
the winner takes the share ``war_prize`` of ``m_ij = min(Y_i, Y_j)`` (a war is as large as the
smaller side can make it), so the loser loses ``P_ij = war_prize * m_ij``. *i* values the whole
range of outcomes, from losing ``P`` to winning ``P``, at ``S_i = (2 + g_i) P`` GDP units, where
``g_i`` is the greed premium of a greedy *i* (greedy states value gains above their security
value; Glaser 1997, 2010; Kydd 1997) and 0 for a security-seeker. In units of ``S_i`` the
status quo gives *i* the share ``q_i = 1 / (2 + g_i)`` of the issue and war gives it
``p - c``: Fearon's lottery.

**Costs of war** ``c``, in units of the stake: a conventional cost ``war_cost * m_ij`` scaled by
the offence–defence balance (offence dominance lowers the attacker's cost and raises the
defender's: ``kappa_att = lam**-1/2``, ``kappa_def = lam**1/2``; Jervis 1978, Van Evera 1999),
the expected intervention of the target's allies (each ally *l* weighted by the alliance
commitment adds ``war_cost * kappa * min(Y_i, Y_l)``; Morrow 1994, Leeds 2003), and, where the
other side keeps a secure second strike, the retaliation ``R * Det * Y_i``: a survivable
deterrent makes attacking it prohibitive (Schelling 1960; ``herz.models.stability``).

**Chance of victory.** *i*'s estimate ``p̂_ij`` is the contest function of
:mod:`herz.engine.perception` on *i*'s own offence and its noisy estimate of *j*'s effective
defence (log-normal with the observer's intelligence error). *j* estimates *its* chances from
its own noisy view, so the two need not sum to one.

The four rationalist routes to war (Fearon 1995), each turned into a per-step hazard by a
logistic quantal response ``h = h_max * logistic(rationality * margin)`` (McKelvey & Palfrey
1995), so that a strongly negative margin gives a negligible hazard and every lever that moves
costs, perceptions or beliefs moves war smoothly:

1. **Opportunistic** — a greedy *i* presses a demand on *j* when its optimal risky demand
   beats the status quo. Fearon's risk–return trade-off: *i* is unsure of *j*'s cost of war,
   ``c_j ~ U[c̄_j (1 - u), c̄_j (1 + u)]``, and demands ``x*`` with war probability ``F(x* - p̂)``
   (:func:`herz.models.bargaining.optimal_offer_uniform`, the same formula). *j* refuses, and
   war follows, when the demand exceeds its own war value ``p̃ + c_j`` (in :mod:`herz.engine.war`).
2. **Preventive** (Powell 2006) — *i* projects *j*'s power share from what it observed over the
   forecast window: *j*'s growth and arming, and its own growth, never its own cuts. Weighted by
   its fear that *j* is greedy, the projected per-step shift feeds
   :func:`herz.models.bargaining.preventive_margin` with per-step discount ``delta``.
3. **Preemptive** (Schelling 1960, ch. 9, the reciprocal fear of surprise attack) — in a crisis
   *i* compares striking first ``A`` with waiting, which risks being struck first ``B`` with the
   probability ``q`` it expects *j* to strike: margin ``A - q B - (1 - q) peace``, where a
   security-seeker values only what it stands to lose (peace gives it all it wants), so it
   strikes only out of fear, and a greedy state's peace is the better of the status quo and
   the bargain its best demand would bring; a crisis war that would pay even with no fear is
   opportunistic.
   First-mover advantages come from offence dominance (``e = first_mover_advantage *
   delta_od`` boosts the first striker's offence) and from counterforce, ASW and missile
   defence (striking first meets only *j*'s secure second strike; being struck first meets
   all of *j*'s force). ``q`` is computed by a few rounds of "he thinks I think" (level-k
   reasoning): *j*'s hazard, for each type of *j* weighted by *i*'s belief, given *j*'s own
   fear of *i*, starting from each side's threat weight.
4. **Mutual optimism** (Blainey 1973; Fearon 1995) — in a crisis, the two sides' own estimates
   leave no bargain: :func:`herz.models.bargaining.mutual_optimism_margin` is positive.

Where herz departs from the sources: the models are static and one-shot; herz applies them each
step to the current perception. The projected shift is a linear extrapolation of observed power
shares (a forecast, not foresight). Preemption's ``q`` uses *j*'s true belief about *i* in the
level-k rounds (*i*'s model of *j*'s fear is not itself estimated). Costs and the prize are
lump sums of GDP; the issue is the prize, not a flow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from herz.engine import backend
from herz.engine.perception import Perception, victory_probability
from herz.engine.world import World
from herz.models.bargaining import (
    mutual_optimism_margin,
    optimal_offer_uniform,
    preventive_margin,
)

__all__ = [
    "LEVEL_K_ROUNDS",
    "WarAssessment",
    "assess",
    "cost_scales",
    "first_mover_edge",
    "projected_shift",
    "quantal",
]

#: Rounds of "he thinks I think" in the reciprocal fear of surprise attack.
LEVEL_K_ROUNDS = 3
_TINY = 1e-12


def quantal(margin: np.ndarray, rationality: float, h_max: float) -> np.ndarray:
    """``h_max * logistic(rationality * margin)``: the logit quantal response (McKelvey &
    Palfrey 1995) of a boundedly rational state to the advantage ``margin`` of acting."""
    return h_max / (1.0 + np.exp(-np.clip(rationality * margin, -60.0, 60.0)))


def cost_scales(lam: float) -> tuple[float, float]:
    """``(kappa_att, kappa_def)``: offence dominance (``lam > 1``) makes attacking cheaper and
    defending dearer (Jervis 1978; Van Evera 1999)."""
    return lam**-0.5, lam**0.5


def first_mover_edge(first_mover_advantage: float, offense_dominance: float) -> float:
    """``e``: the boost to a first striker's offence, growing with offence dominance."""
    return first_mover_advantage * offense_dominance


def projected_shift(history: list[np.ndarray], window: int, horizon: int) -> np.ndarray:
    """``(R, N, N)`` projected per-step rise of *j*'s power share against *i*.

    ``history`` holds the power of each actor (R, N) at past steps. *i* extrapolates *j*'s
    observed log growth over ``window`` steps and its own growth only where positive (a state
    does not fear the consequences of its own cuts, transfers or concessions: those it can
    undo), ``horizon`` steps ahead, and returns the change of *j*'s share per step.
    """
    now = history[-1]
    r, n = now.shape
    if len(history) <= window:
        return np.zeros((r, n, n))
    past = history[-1 - window]
    growth = (np.log(np.maximum(now, _TINY)) - np.log(np.maximum(past, _TINY))) / window
    own = np.exp(np.maximum(growth, 0.0) * horizon) * now  # i's own projection
    other = np.exp(growth * horizon) * now
    share_now = now[:, None, :] / np.maximum(now[:, :, None] + now[:, None, :], _TINY)
    share_next = other[:, None, :] / np.maximum(own[:, :, None] + other[:, None, :], _TINY)
    return (share_next - share_now) / horizon


@dataclass(frozen=True)
class WarAssessment:
    """Every state's view of war against every other, at the start of a step."""

    stake: np.ndarray  # (R, N, N) P_ij, GDP units the winner takes
    status_quo: np.ndarray  # (R, N) q_i, i's share of the issue at peace
    victory: np.ndarray  # (R, N, N) p̂_ij, i's estimate of winning a war it starts
    defending: np.ndarray  # (R, N, N) p̃_ij, j's estimate of i winning (j's own view)
    cost: np.ndarray  # (R, N, N) c_ij, i's cost of attacking j (stake units)
    defense_cost: np.ndarray  # (R, N, N) c̄_ij, j's cost of defending against i (j's units)
    demand: np.ndarray  # (R, N, N) x*_ij, i's optimal demand on j
    war_risk: np.ndarray  # (R, N, N) F(x* - p̂): i's expected chance that j refuses
    demand_gain: np.ndarray  # (R, N, N) U(x*) - q_i
    preventive: np.ndarray  # (R, N, N) margin of preventive war
    preemptive: np.ndarray  # (R, N, N) margin of a first strike in a crisis
    crisis_gain: np.ndarray  # (R, N, N) value of striking first with no fear (vs peace)
    optimism: np.ndarray  # (R, N, N) margin of mutual optimism over a war i starts


def _estimated_victory(
    attack: np.ndarray, defense: np.ndarray, noise: np.ndarray, sigma: np.ndarray, lam: float
) -> np.ndarray:
    """Contest success with the defender's strength seen through log-normal noise."""
    seen = defense[:, None, :] * np.exp(sigma * noise - 0.5 * sigma**2)
    a = lam * attack
    return np.where(a + seen > _TINY, a / (a + seen + _TINY), 0.5)


def assess(
    world: World,
    per: Perception,
    gdp: np.ndarray,
    greedy: np.ndarray,
    belief: np.ndarray,
    ally: np.ndarray,
    deploy: np.ndarray,
    power_history: list[np.ndarray],
    sigma: np.ndarray,
    noise: np.ndarray,
) -> WarAssessment:
    """Every pair's war arithmetic (see the module docstring); ``noise`` is a standard-normal
    ``(R, N, N)`` draw for the estimates of the other side's defence. Under the numba backend,
    the fused loop of :mod:`herz.engine.compiled.war_choice` computes the same."""
    if backend.current() == "numba":
        from herz.engine.compiled.war_choice import assess as fused

        return fused(world, per, gdp, greedy, belief, ally, deploy, power_history, sigma, noise)
    spec = world.spec
    r, n = gdp.shape
    lam = per.lam
    k_att, k_def = cost_scales(lam)
    g = spec.greed_premium * greedy  # (R, N) own, known type
    m = np.minimum(gdp[:, :, None], gdp[:, None, :])
    stake = spec.war_prize * m
    value = (2.0 + g)[:, :, None] * np.maximum(stake, _TINY)  # S_i in GDP units
    q = 1.0 / (2.0 + g)

    # Costs in stake units: conventional, allies' intervention, nuclear retaliation.
    allies = spec.alliance_commitment * ally.astype(float)  # (R, J, L)
    intervention = np.einsum("rjl,ril->rij", allies, m)  # m[r, i, l] = min(Y_i, Y_l)
    retaliation = spec.retaliation_cost * np.swapaxes(per.deterrence, 1, 2) * gdp[:, :, None]
    cost = (spec.war_cost * k_att * (m + intervention) + retaliation) / value
    def_value = 2.0 * np.maximum(stake, _TINY)  # j's units; i does not know j's greed
    def_retaliation = spec.retaliation_cost * per.deterrence * gdp[:, None, :]
    defense_cost = (spec.war_cost * k_def * m + def_retaliation) / def_value

    attack = per.offense[:, :, None] * (1.0 + deploy)
    victory = _estimated_victory(attack, per.effective_defense, noise, sigma, lam)
    # j's view of i's chance: its own estimate of i's offence against its own defence.
    defending = victory_probability(np.swapaxes(per.observed, 1, 2), per.effective_defense, lam)

    # 1. Opportunistic: Fearon's risk-return trade-off, the same closed form as the model.
    u = spec.resolve_uncertainty
    demand, war_risk, utility = optimal_offer_uniform(
        victory, cost, defense_cost * (1.0 - u), defense_cost * (1.0 + u)
    )
    demand_gain = utility - q[:, :, None]

    # 2. Preventive: the feared part of the projected shift, per step, in Powell's condition.
    threat_weight = spec.hostility_floor + (1.0 - spec.hostility_floor) * belief
    shift = np.maximum(
        projected_shift(power_history, spec.forecast_window, spec.forecast_horizon), 0.0
    )
    now = power_history[-1] if power_history else np.ones((r, n))
    p_rival = now[:, None, :] / np.maximum(now[:, :, None] + now[:, None, :], _TINY)
    p_next = np.clip(p_rival + threat_weight * shift, 0.0, 1.0)
    # Powell's A is the rising j (its cost: defending against i), B the declining i.
    preventive = preventive_margin(p_rival, p_next, defense_cost, cost, spec.discount)

    # 3. Preemptive: first strike against being struck first, with level-k reciprocal fear.
    e = first_mover_edge(spec.first_mover_advantage, spec.offense_dominance)
    p_first = _estimated_victory(attack * (1.0 + e), per.effective_defense, noise, sigma, lam)
    # [i, j]: j's chance against i's defence if j strikes first, as i sees j's offence.
    their_first = np.swapaxes(
        victory_probability(np.swapaxes(per.observed, 1, 2) * (1.0 + e), per.effective_defense,
                            lam), 1, 2)
    # Striking first meets j's secure second strike; being struck first meets all of j's force.
    c_first = spec.war_cost * k_att * m + retaliation
    c_second = spec.war_cost * k_def * m + spec.retaliation_cost * np.swapaxes(
        per.full_deterrence, 1, 2) * gdp[:, :, None]
    # Peace in a crisis: all a security-seeker wants; for a greedy state the better of the
    # status quo and the bargain its best demand would bring (war must beat bargaining).
    peace = np.where(greedy[:, :, None], np.maximum(q[:, :, None], utility), 1.0)
    preemptive, crisis_gain = _reciprocal_fear(
        p_first, 1.0 - their_first, c_first, c_second, np.maximum(stake, _TINY),
        np.where(greedy, 1.0 + spec.greed_premium, 0.0), peace, belief,
        per.weights, spec.greed_premium, spec.rationality, spec.war_hazard_max,
    )

    # 4. Mutual optimism over a war i starts: i's estimate of its chance and j's own estimate
    # of its chance as the defender, each with its own cost.
    optimism = mutual_optimism_margin(victory, 1.0 - defending, cost, defense_cost)
    return WarAssessment(
        stake=stake,
        status_quo=q,
        victory=victory,
        defending=defending,
        cost=cost,
        defense_cost=defense_cost,
        demand=demand,
        war_risk=war_risk,
        demand_gain=demand_gain,
        preventive=preventive,
        preemptive=preemptive,
        crisis_gain=crisis_gain,
        optimism=optimism,
    )


def _reciprocal_fear(
    p_first: np.ndarray,
    p_second: np.ndarray,
    c_first: np.ndarray,
    c_second: np.ndarray,
    stake: np.ndarray,
    gains: np.ndarray,
    peace: np.ndarray,
    belief: np.ndarray,
    threat_weight: np.ndarray,
    greed_premium: float,
    rationality: float,
    h_max: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Margins of a first strike after :data:`LEVEL_K_ROUNDS` of reciprocal fear, and without it.

    A state weighs gains at ``w`` times losses: a security-seeker at 0 (it wants to keep what it
    has, nothing more; Glaser 1997), a greedy state at ``1 + g``. In units of ``S = (1 + w) P``
    the value of striking first is ``A = p_first - c_first / S``, of being struck first
    ``B = p_second - c_second / S``, and peace gives ``1 / (1 + w)`` (all of what a
    security-seeker wants) — for *i* itself ``peace[r, i, j]``, which for a greedy *i* is the
    better of that and the bargain its best demand on *j* would bring (Fearon 1995: war must
    beat bargaining, not only the status quo). *i* expects *j* to strike with
    ``fear_ij = b_ij h_ji(greedy) + (1 - b_ij) h_ji(security)``, where *j*'s hazard is the
    quantal response to *j*'s own margin given *j*'s fear of *i* in the previous round
    (Schelling 1960, ch. 9: "he thinks we think he thinks..."), starting from each side's
    threat weight (its worst-case-weighted belief) times ``h_max``. The margin returned is
    ``A - fear B - (1 - fear) peace``; the second, ``A - peace``, is the value of striking with
    no fear at all: where it is positive a crisis war is opportunistic, not preemptive.
    """

    def values(gains: np.ndarray | float, pf: np.ndarray, ps: np.ndarray, cf: np.ndarray,
               cs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray | float]:
        scale = (1.0 + gains) * stake
        return pf - cf / scale, ps - cs / scale, 1.0 / (1.0 + gains)

    def margin(a: np.ndarray, b: np.ndarray, peace: np.ndarray | float,
               fear: np.ndarray) -> np.ndarray:
        return a - fear * b - (1.0 - fear) * peace

    swap = [np.swapaxes(x, 1, 2) for x in (p_first, p_second, c_first, c_second)]
    j_security = values(0.0, *swap)
    j_greedy = values(1.0 + greed_premium, *swap)
    # Round 0: each side's fear is its prior that the other would strike, its threat weight.
    fear = h_max * threat_weight
    for _ in range(LEVEL_K_ROUNDS):
        j_fear = np.swapaxes(fear, 1, 2)
        h_s = quantal(margin(*j_security, j_fear), rationality, h_max)
        h_g = quantal(margin(*j_greedy, j_fear), rationality, h_max)
        fear = belief * h_g + (1.0 - belief) * h_s
    first, second, _ = values(gains[:, :, None], p_first, p_second, c_first, c_second)
    return margin(first, second, peace, fear), first - peace
