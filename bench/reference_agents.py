"""A per-agent reference model of herz's step, written as a modeller would write it.

Each state is a :class:`Agent` object with its own attributes and a method per phase; a
:class:`Model` holds the agents and calls the phases in the order of
:func:`herz.engine.step.advance`. Everything is plain Python over scalars (one run at a time,
one pair at a time), with its own random numbers (:mod:`random`) and its own formulas, written
from their sources with :mod:`math` (the arming rule, the evidence of spending and of hostile
acts, the quantal response, Fearon's optimal demand, Powell's preventive margin, mutual
optimism: the functions below); only the world's constants (the catalogue's weights, the
offence multiplier) are read from herz. Calling herz's array functions on single numbers
instead made it six to seven times slower (numpy's cost per call) and no second reading of the
rules. It serves two purposes: a check that the vectorised engine computes the rules it
documents (``tests/engine/test_reference_agents.py`` compares mean trajectories), and the
baseline of the speed benchmark (how much vectorising over runs and pairs buys).

It covers a subset of scenarios (:func:`check_supported`): conventional forces only, no
alliances, agreements, hotlines, statements, cyber forces, contacts or timelines, and the
built-in rule for every actor. Within it, every mechanism of the step is here: perception with
observation noise, the arming rule with its noise, sanctions, forward deployment, demands and
their answers, preventive wars, incidents, misreadings and crises, preemption and mutual
optimism in a crisis, war outcomes, the Bayesian belief update, growth.

Run::

    python bench/reference_agents.py                      # speed: herz / reference, N 2 and 20
    python bench/reference_agents.py --actors 2 --runs 1 100 1000 --steps 50
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time

import numpy as np

from herz.engine.perception import offense_multiplier, seen_offense_weights
from herz.engine.scenario import Scenario, parse_scenario
from herz.engine.simulate import simulate
from herz.engine.war_choice import LEVEL_K_ROUNDS
from herz.engine.world import World, compile_world

TINY = 1e-12
CONVENTIONAL = ("conventional_offensive", "conventional_defensive")


def reference_scenario(n: int, steps: int = 50, p_greedy: float = 0.3) -> Scenario:
    """N states with conventional forces, rivals in a ring (a scenario the reference covers)."""
    actors = []
    for i in range(n):
        actors.append({
            "name": f"S{i:02d}",
            "gdp": 100.0 + 10.0 * (i % 5),
            "growth": 0.01 + 0.005 * (i % 4),
            "p_greedy": p_greedy,
            "empathy": 0.3,
            "candor": 0.0,
            "forces": {"conventional_offensive": 3.0 + (i % 3), "conventional_defensive": 3.0},
            "procurement": {"conventional_offensive": 0.4, "conventional_defensive": 0.6},
        })
    names = [a["name"] for a in actors]
    beliefs = []
    if n > 2:
        for i in range(n):
            for j in ((i - 1) % n, (i + 1) % n):
                beliefs.append({"holder": names[i], "about": names[j], "value": 0.5})
    data = {
        "name": f"reference {n}",
        "steps": steps,
        "world": {"offense_dominance": 0.6, "distinguishability": 0.4, "incident_rate": 0.05,
                  "rule": {"ally_rate": 0.0}},
        "actors": actors,
        "beliefs": beliefs,
    }
    return parse_scenario(data, source=f"<reference {n}>")


def check_supported(world: World) -> None:
    """Fail unless the reference model covers ``world``'s scenario."""
    s = world.scenario
    problems = []
    if s.alliances or s.agreements or s.hotlines or s.timeline or s.contacts is not None:
        problems.append("alliances, agreements, hotlines, contacts or a timeline")
    if world.spec.rule.ally_rate != 0 or world.spec.crisis_hotline_prob != 0:
        problems.append("alliance offers or hotlines learnt from crises")
    held = world.forces0.any(axis=0) | world.procurement.any(axis=0)
    if any(world.cat.names[k] not in CONVENTIONAL for k in np.flatnonzero(held)):
        problems.append("forces other than conventional ones")
    if world.candor.any() or world.passive.any():
        problems.append("statements or passive actors")
    if any(a.policy != "default" for a in s.actors):
        problems.append("policies other than the built-in rule")
    if problems:
        raise ValueError("the reference model does not cover " + "; ".join(problems))


# The step's formulas on single numbers, each from its source (herz's engine computes the same
# over arrays of runs and pairs; tests/engine/test_reference_agents.py compares the two).


def quantal(margin: float, rationality: float, h_max: float) -> float:
    """``h_max`` times the logit quantal response to the advantage ``margin`` of acting
    (McKelvey & Palfrey 1995), the exponent clipped at 60 as herz does."""
    x = min(max(rationality * margin, -60.0), 60.0)
    return h_max / (1.0 + math.exp(-x))


def desired_spending(threat: float, defense: float, replacement: float, dpc: float,
                     gdp: float, target: float, cost_sensitivity: float, max_share: float,
                     ambition: float, rate: float, min_share: float) -> float:
    """The arming rule (herz's ODD, "Arming"; after Jervis 1978 and Glaser 1997): the defence
    that would bring security to ``target`` against ``threat`` (times the ambition of a greedy
    state), upkeep of what is needed, ``rate`` of the gap closed, restrained by its cost and
    kept within the budget shares of GDP."""
    need = max(ambition * threat * target / (1.0 - target), 0.0)
    gap = max(need - defense, 0.0)
    upkeep = replacement * (need / max(defense, 1e-12) if defense > need else 1.0)
    closing = rate * gap / max(dpc, 1e-12) if dpc > 0 else 0.0
    wanted = upkeep + closing
    cap = max_share * gdp
    restrained = wanted / (1.0 + cost_sensitivity * wanted / cap)
    return min(max(restrained, min_share * gdp), cap)


def act_evidence(fear_driven: float, greed_driven: float, epsilon: float) -> float:
    """Log-likelihood ratio of a hostile act, greedy against security-seeking (Kydd 1997):
    a security-seeker acts out of fear, a greedy state out of fear or greed, each with
    trembles ``epsilon``."""
    either = fear_driven + greed_driven * (1.0 - fear_driven)
    keep = 1.0 - 2.0 * epsilon
    return math.log(epsilon + keep * either) - math.log(epsilon + keep * fear_driven)


def spending_evidence(observed: float, security: float, greedy: float, sigma: float,
                      floor: float) -> float:
    """Log-likelihood ratio of observed spending, log-normal around each type's spending
    (Kydd 2005, ch. 3: costly arming as a signal)."""
    x = math.log(observed + floor)
    d_s = x - math.log(security + floor)
    d_g = x - math.log(greedy + floor)
    return (d_s * d_s - d_g * d_g) / (2.0 * sigma * sigma)


def optimal_offer_uniform(p: float, c_a: float, low: float, high: float
                          ) -> tuple[float, float, float]:
    """Fearon's (1995) risk-return trade-off: the demand ``x*`` of a state that wins with
    chance ``p`` at cost ``c_a`` against a rival whose cost of war is uniform on
    ``[low, high]``, the chance of war it accepts and its expected utility."""
    x = min(1.0, min(max(p + (high - c_a) / 2.0, p + low), p + high))
    z = x - p
    if high > low:
        war = min(max((z - low) / (high - low), 0.0), 1.0)
    else:  # a point mass: the rival fights iff the demand exceeds its cost
        war = 1.0 if z > low + 1e-12 else 0.0
    return x, war, x * (1.0 - war) + (p - c_a) * war


def preventive_margin(p_now: float, p_next: float, c_a: float, c_b: float,
                      delta: float) -> float:
    """How far the declining state's gain from fighting now exceeds the cost of peace
    (Powell 2006, the declining state proposing): ``delta (p_next - p_now) / (1 - delta) -
    (p_now + c_b + delta c_a)``."""
    return delta * (p_next - p_now) / (1.0 - delta) - (p_now + c_b + delta * c_a)


def mutual_optimism_margin(p_a: float, p_b: float, c_a: float, c_b: float) -> float:
    """``(p_a - c_a) + (p_b - c_b) - 1``: positive iff no settlement beats war for both
    (Blainey 1973; Fearon 1995)."""
    return (p_a - c_a) + (p_b - c_b) - 1.0


class Agent:
    """One state: what it owns, believes and decides, and its view of the others."""

    def __init__(self, model: Model, i: int, greedy: bool) -> None:
        w = model.world
        self.model, self.i, self.greedy = model, i, greedy
        self.gdp = float(w.gdp0[i])
        self.growth = float(w.growth[i])
        self.forces = [float(x) for x in w.forces0[i]]
        self.procurement = [float(x) for x in w.procurement[i]]
        self.empathy = float(w.empathy[i])
        self.worst_case = float(w.worst_case[i])
        self.intelligence = float(w.intelligence[i])
        self.target = float(w.target_security[i])
        self.cost_sensitivity = float(w.cost_sensitivity[i])
        self.min_share = float(w.min_budget_share[i])
        self.max_share = float(w.max_budget_share[i])
        self.trust_asymmetry = float(w.trust_asymmetry[i])
        self.dpc = float(w.defense_per_cost[i])
        n = w.n
        self.belief = [float(x) for x in w.belief0[i]]
        self.prior = list(self.belief)
        self.alert = 0.0
        self.deploy = [0.0] * n
        self.sanction = [0.0] * n
        self.cooldown = [0] * n
        self.spending = sum(f * d * c for f, d, c in zip(
            self.forces, model.depreciation, model.cost, strict=True))
        self.last_hostile = -1
        self.power_history: list[float] = []

    # What its forces are worth.
    def weighted(self, weights: list[float]) -> float:
        return sum(f * x for f, x in zip(self.forces, weights, strict=True))

    def upkeep(self) -> float:
        return sum(f * d * c for f, d, c in zip(
            self.forces, self.model.depreciation, self.model.cost, strict=True))

    def power(self) -> float:
        return self.weighted(self.model.power_weights)

    # 1. Perceive.
    def measure(self) -> None:
        """Its true offence, the offence others count, its defence and power this step."""
        m = self.model
        self.offense = self.weighted(m.offense)
        self.seen = self.weighted(m.seen)
        self.defense = self.weighted(m.defense)
        self.history = self.power_history or [self.power()]

    def perceive(self) -> None:
        """Estimate the others' offence (log-normal noise), threats, security."""
        m, spec, rng = self.model, self.model.spec, self.model.rng
        self.sigma = spec.observation_noise * (1.0 - self.intelligence)
        s2 = self.sigma * self.sigma
        self.weights, self.observed, self.threat = [], [], []
        for j, other in enumerate(m.agents):
            b = self.belief[j]
            w = 0.0 if j == self.i else spec.hostility_floor + (1.0 - spec.hostility_floor) * (
                b + self.worst_case * (1.0 - b))
            readiness = 1.0 + spec.alert_threat * other.alert
            noise = rng.gauss(0.0, 1.0)
            o = other.seen * (1.0 + other.deploy[self.i]) * readiness * math.exp(
                self.sigma * noise - 0.5 * s2)
            self.weights.append(w)
            self.observed.append(o)
            self.threat.append(m.lam * w * o)
        total = sum(self.threat)
        self.security = (self.defense / (self.defense + total + TINY) if total > TINY else 1.0)
        self.victory = []
        for j, other in enumerate(m.agents):
            a = m.lam * self.offense * (1.0 + self.deploy[j])
            d = other.defense
            self.victory.append(a / (a + d + TINY) if a + d > TINY else 0.5)
        self.replacement = self.upkeep()

    def assess(self) -> None:
        """Its war arithmetic against each other state (``herz.engine.war_choice``)."""
        m, spec, rng = self.model, self.model.spec, self.model.rng
        g = spec.greed_premium if self.greedy else 0.0
        k_att, k_def = m.k_att, m.k_def
        e = m.first_mover_edge
        u = spec.resolve_uncertainty
        self.q = 1.0 / (2.0 + g)
        self.war: list[dict[str, float]] = []
        for j, other in enumerate(m.agents):
            mm = min(self.gdp, other.gdp)
            stake = spec.war_prize * mm
            cost = spec.war_cost * k_att * mm / ((2.0 + g) * max(stake, TINY))
            defense_cost = spec.war_cost * k_def * mm / (2.0 * max(stake, TINY))
            seen_def = other.defense * math.exp(
                self.sigma * rng.gauss(0.0, 1.0) - 0.5 * self.sigma**2)

            def contest(a: float, d: float) -> float:
                return a / (a + d + TINY) if a + d > TINY else 0.5

            attack = m.lam * self.offense * (1.0 + self.deploy[j])
            victory = contest(attack, seen_def)
            defending = contest(m.lam * other.observed[self.i], other.defense)
            demand, war_risk, utility = optimal_offer_uniform(
                victory, cost, defense_cost * (1.0 - u), defense_cost * (1.0 + u))
            preventive = preventive_margin(*self.power_shift(j, other), defense_cost, cost,
                                           spec.discount)
            self.war.append({
                "stake": stake, "cost": cost, "defense_cost": defense_cost,
                "victory": victory, "defending": defending, "demand": demand,
                "war_risk": war_risk, "demand_gain": utility - self.q,
                "preventive": preventive,
                "p_first": contest(attack * (1.0 + e), seen_def),
                "p_second": 1.0 - contest(m.lam * self.observed[j] * (1.0 + e), self.defense),
                "c_first": spec.war_cost * k_att * mm, "c_second": spec.war_cost * k_def * mm,
                "optimism": mutual_optimism_margin(victory, 1.0 - defending, cost,
                                                   defense_cost),
            })

    def power_shift(self, j: int, other: Agent) -> tuple[float, float]:
        """Its rival's power share now and as it projects it (Powell's preventive logic)."""
        spec = self.model.spec
        mine, theirs = self.history, other.history
        now_i, now_j = mine[-1], theirs[-1]
        p_rival = now_j / max(now_i + now_j, TINY)
        shift = 0.0
        w, h = spec.forecast_window, spec.forecast_horizon
        if len(mine) > w:
            def rate(hist: list[float]) -> float:
                return (math.log(max(hist[-1], TINY)) - math.log(max(hist[-1 - w], TINY))) / w
            own = math.exp(max(rate(mine), 0.0) * h) * now_i
            rival = math.exp(rate(theirs) * h) * now_j
            shift = max((rival / max(own + rival, TINY) - p_rival) / h, 0.0)
        weight = spec.hostility_floor + (1.0 - spec.hostility_floor) * self.belief[j]
        return p_rival, min(max(p_rival + weight * shift, 0.0), 1.0)

    # 2. Decide.
    def decide(self) -> None:
        """The built-in rule (``herz.engine.policy.default_decisions``) for this state."""
        m, spec, rng = self.model, self.model.spec, self.model.rng
        rule, n = spec.rule, len(m.agents)
        ambition = 1.0 + spec.greed_premium * self.greedy
        wanted = desired_spending(
            sum(self.threat), self.defense, self.replacement, self.dpc, self.gdp,
            self.target, self.cost_sensitivity, self.max_share, ambition, spec.arming_rate,
            self.min_share)
        a = spec.arming_noise
        noisy = wanted * math.exp(a * rng.gauss(0.0, 1.0) - 0.5 * a * a)
        self.spend = min(max(noisy, self.min_share * self.gdp), self.max_share * self.gdp)
        shortfall = (self.target - self.security) / self.target
        self.new_alert = min(max(rule.alert_gain * shortfall, 0.0), 1.0)
        reach = [j != self.i and self.cooldown[j] == 0 for j in range(n)]
        self.new_sanction = [
            min(max((self.belief[j] - rule.sanction_belief) / (1.0 - rule.sanction_belief),
                    0.0), 1.0) if reach[j] else 0.0
            for j in range(n)
        ]
        press = [spec.demand_rate * quantal(self.war[j]["demand_gain"], spec.rationality, 1.0)
                 if reach[j] and self.greedy else 0.0 for j in range(n)]
        prevent = [quantal(self.war[j]["preventive"], spec.rationality, spec.war_hazard_max)
                   if reach[j] else 0.0 for j in range(n)]
        target = max(range(n), key=lambda j: (press[j], -j))
        self.new_deploy = [0.0] * n
        self.coerce = [False] * n
        if press[target] > 0:
            self.new_deploy[target] = press[target] / max(spec.demand_rate, 1e-12)
            self.coerce[target] = rng.random() < press[target]
        self.attack = [0] * n
        aim = max(range(n), key=lambda j: (prevent[j], -j))
        if rng.random() < prevent[aim]:
            self.attack[aim] = m.codes["preventive"]
            self.coerce[aim] = False
        self.new_sanction = [max(s, float(c)) for s, c in zip(self.new_sanction, self.coerce,
                                                               strict=True)]

    # 3. Act.
    def arm(self) -> None:
        """Buy forces with the spending decided; a surge above upkeep is an escalation."""
        m, spend = self.model, max(self.spend, 0.0)
        kept = [f * (1.0 - d) for f, d in zip(self.forces, m.depreciation, strict=True)]
        self.forces = [k + spend * p / c for k, p, c in zip(
            kept, self.procurement, m.cost, strict=True)]
        self.spent = sum((f - k) * c for f, k, c in zip(self.forces, kept, m.cost, strict=True))
        if self.spent > m.spec.rule.surge * self.replacement:
            self.last_hostile = m.t

    def take_posture(self) -> None:
        """Alert decays towards the decided level; new forward deployments are hostile acts."""
        m, rule = self.model, self.model.spec.rule
        self.alert = max(self.new_alert, rule.alert_decay * self.alert)
        before = self.new_deploy if m.t == 0 else self.deploy
        for j, target in enumerate(m.agents):
            if j != self.i and self.new_deploy[j] > before[j] + rule.new_posture:
                target.hostile_act_by(self)
        self.deploy = self.new_deploy

    def impose_sanctions(self) -> None:
        rule = self.model.spec.rule
        for j, target in enumerate(self.model.agents):
            if j == self.i:
                continue
            if self.new_sanction[j] > self.sanction[j] + rule.new_posture:
                target.hostile_act_by(self)
            self.sanction[j] = self.new_sanction[j]

    # 4. Learn.
    def open_evidence(self) -> None:
        """No evidence yet this step; how telling a hostile act by each other state is."""
        m, spec = self.model, self.model.spec
        self.evidence = [0.0] * len(m.agents)
        self.hostile = [act_evidence(self.empathy * other.belief[self.i], spec.demand_rate,
                                     spec.act_noise) for other in m.agents]

    def hostile_act_by(self, actor: Agent) -> None:
        """``actor`` did something hostile to this state: evidence, and an escalation."""
        self.evidence[actor.i] += self.hostile[actor.i]
        actor.last_hostile = self.model.t

    def observe_arming(self) -> None:
        """Judge each other state's spending against what each type would spend."""
        m, spec, rng = self.model, self.model.spec, self.model.rng
        s_sigma = math.sqrt(self.sigma**2 + spec.arming_noise**2 + spec.model_uncertainty**2)
        for j, other in enumerate(m.agents):
            if j == self.i:
                rng.gauss(0.0, 1.0)
                continue
            seen = other.spent * math.exp(self.sigma * rng.gauss(0.0, 1.0) - 0.5 * self.sigma**2)
            theirs = other.weights[self.i]
            imagined = spec.hostility_floor + self.empathy * (theirs - spec.hostility_floor)
            part = other.threat[self.i]
            scale = imagined / max(theirs, 1e-12) if theirs > 0 else 0.0
            expected = sum(other.threat) - part + scale * part

            def spending(ambition: float, other: Agent = other,
                         expected: float = expected) -> float:
                return desired_spending(
                    expected, other.defense, other.replacement, other.dpc, other.gdp,
                    other.target, other.cost_sensitivity, other.max_share, ambition,
                    spec.arming_rate, other.min_share)

            self.evidence[j] += spending_evidence(
                seen, spending(1.0), spending(1.0 + spec.greed_premium), s_sigma,
                0.005 * other.gdp)

    # 7. Beliefs.
    def update_beliefs(self) -> None:
        """Motives may have changed; then Bayes's rule in log-odds, bad news weighing more."""
        eta = self.model.spec.type_change
        for j in range(len(self.belief)):
            if j == self.i:
                continue
            b = (1.0 - eta) * self.belief[j] + eta * self.prior[j]
            b = min(max(b, 1e-12), 1.0 - 1e-12)
            ev = self.evidence[j]
            weight = 1.0 if ev > 0 else 1.0 / self.trust_asymmetry
            logit = min(max(math.log(b) - math.log1p(-b) + weight * ev, -12.0), 12.0)
            self.belief[j] = 1.0 / (1.0 + math.exp(-logit))


class Model:
    """One run: the agents and the phases of a step."""

    def __init__(self, world: World, seed: int) -> None:
        check_supported(world)
        self.world, self.spec = world, world.spec
        self.rng = random.Random(seed)
        cat = world.cat
        self.offense = list(map(float, cat.offense))
        self.defense = list(map(float, cat.defense))
        self.seen = list(map(float, seen_offense_weights(cat, world.spec)))
        self.cost = list(map(float, cat.cost))
        self.depreciation = list(map(float, cat.depreciation))
        self.power_weights = [o + d for o, d in zip(self.offense, self.defense, strict=True)]
        self.lam = offense_multiplier(world.spec)
        # offence dominance makes attacking cheaper and defending dearer (Jervis 1978); a first
        # striker's edge grows with it
        self.k_att, self.k_def = self.lam**-0.5, self.lam**0.5
        self.first_mover_edge = world.spec.first_mover_advantage * world.spec.offense_dominance
        self.codes = {"preventive": 1, "opportunistic": 2, "preemptive": 3, "optimism": 4}
        self.t = 0
        self.agents = [Agent(self, i, self.rng.random() < float(world.p_greedy[i]))
                       for i in range(world.n)]
        self.wars = 0

    def step(self) -> dict[str, list[float]]:
        """Advance one step; return the frame of the step's start (arms, security, beliefs)."""
        agents, spec, rng = self.agents, self.spec, self.rng
        for a in agents:
            a.measure()
        for a in agents:
            a.perceive()
        frame = {
            "arms": [sum(f * c for f, c in zip(a.forces, self.cost, strict=True))
                     for a in agents],
            "security": [a.security for a in agents],
            "belief": [list(a.belief) for a in agents],
        }
        for a in agents:
            a.assess()
        self.reciprocal_fear()
        for a in agents:
            a.decide()
        for a in agents:
            a.open_evidence()
        for a in agents:
            a.arm()
        for a in agents:
            a.take_posture()
        for a in agents:
            a.impose_sanctions()
        for a in agents:
            a.observe_arming()
        crisis = self.incidents()
        attack = self.crisis_wars(crisis)
        attack = self.answer_demands(attack)
        self.start_wars(attack)
        for a in agents:
            a.update_beliefs()
        self.close_step()
        del rng, spec
        return frame

    def reciprocal_fear(self) -> None:
        """Level-k fear of surprise attack per pair (``war_choice._reciprocal_fear``)."""
        spec, agents = self.spec, self.agents
        gp, h, r = spec.greed_premium, spec.war_hazard_max, spec.rationality

        def values(gains: float, w: dict[str, float]) -> tuple[float, float, float]:
            scale = (1.0 + gains) * max(w["stake"], TINY)
            return (w["p_first"] - w["c_first"] / scale, w["p_second"] - w["c_second"] / scale,
                    1.0 / (1.0 + gains))

        def margin(v: tuple[float, float, float], fear: float) -> float:
            return v[0] - fear * v[1] - (1.0 - fear) * v[2]

        n = len(agents)
        fear = [[h * agents[i].weights[j] for j in range(n)] for i in range(n)]
        for _ in range(LEVEL_K_ROUNDS):
            new = [[0.0] * n for _ in range(n)]
            for i in range(n):
                for j in range(n):
                    wj = agents[j].war[i]
                    h_s = quantal(margin(values(0.0, wj), fear[j][i]), r, h)
                    h_g = quantal(margin(values(1.0 + gp, wj), fear[j][i]), r, h)
                    b = agents[i].belief[j]
                    new[i][j] = b * h_g + (1.0 - b) * h_s
            fear = new
        for i, a in enumerate(agents):
            gains = 1.0 + gp if a.greedy else 0.0
            for j in range(n):
                own = values(gains, a.war[j])
                a.war[j]["preemptive"] = margin(own, fear[i][j])
                a.war[j]["crisis_gain"] = own[0] - own[2]

    def incidents(self) -> list[list[bool]]:
        """Incidents between pairs, misread as attacks with some chance: crises."""
        spec, agents, rng = self.spec, self.agents, self.rng
        n = len(agents)
        crisis = [[False] * n for _ in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                a, b = agents[i], agents[j]
                rate = spec.incident_rate * (1.0 + a.alert + b.alert + 2.0 * (
                    a.deploy[j] + b.deploy[i]))
                if rng.random() < min(rate, 1.0) and rng.random() < spec.misread:
                    crisis[i][j] = crisis[j][i] = True
                    a.evidence[j] += 0.5 * a.hostile[j]
                    b.evidence[i] += 0.5 * b.hostile[i]
        for i, a in enumerate(agents):
            if any(crisis[i]):
                a.alert = max(a.alert, spec.rule.crisis_alert)
        return crisis

    def crisis_wars(self, crisis: list[list[bool]]) -> list[list[int]]:
        """In a crisis a state may strike first (preemption) or fight out of mutual optimism."""
        spec, rng = self.spec, self.rng
        attack = [list(a.attack) for a in self.agents]
        for i, a in enumerate(self.agents):
            for j in range(len(self.agents)):
                code = attack[i][j]
                if not code and crisis[i][j]:
                    w = a.war[j]
                    pre = quantal(w["preemptive"], spec.rationality, spec.war_hazard_max)
                    opt = quantal(w["optimism"], spec.rationality, spec.war_hazard_max)
                    preempting, optimistic = rng.random() < pre, rng.random() < opt
                    if preempting:
                        code = self.codes["opportunistic" if w["crisis_gain"] > 0
                                          else "preemptive"]
                    elif optimistic:
                        code = self.codes["optimism"]
                attack[i][j] = 0 if a.cooldown[j] > 0 else code
        return attack

    def answer_demands(self, attack: list[list[int]]) -> list[list[int]]:
        """A target gives way to a demand unless fighting is worth more to it."""
        spec, rng, agents = self.spec, self.rng, self.agents
        payments = []
        for i, a in enumerate(agents):
            for j, b in enumerate(agents):
                if not (a.coerce[j] and attack[i][j] == 0 and attack[j][i] == 0
                        and a.cooldown[j] == 0):
                    continue
                w = a.war[j]
                resolve = w["defense_cost"] * (1.0 + spec.resolve_uncertainty * (
                    2.0 * rng.random() - 1.0))
                b.hostile_act_by(a)
                if w["demand"] > w["defending"] + resolve:
                    attack[i][j] = self.codes["opportunistic"]
                else:
                    share = min(max((w["demand"] - a.q) / (1.0 - a.q), 0.0), 1.0)
                    payments.append((j, i, share * w["stake"]))
        self.pay(payments)
        return attack

    def pay(self, payments: list[tuple[int, int, float]]) -> None:
        """Payer to payee, each bill in full but never more than half a payer's GDP in all."""
        owed = [0.0] * len(self.agents)
        for payer, _, amount in payments:
            owed[payer] += amount
        scale = [min(1.0, 0.5 * a.gdp / max(o, 1e-300)) for a, o in zip(self.agents, owed,
                                                                        strict=True)]
        for payer, payee, amount in payments:
            paid = amount * scale[payer]
            self.agents[payer].gdp -= paid
            self.agents[payee].gdp += paid

    def start_wars(self, attack: list[list[int]]) -> None:
        """Wars fought at once: both sides lose forces and GDP, the loser pays the winner."""
        spec, rng, agents = self.spec, self.rng, self.agents
        n = len(agents)
        k_att, k_def = self.k_att, self.k_def
        gdp = [a.gdp for a in agents]
        wars = [(i, j) for i in range(n) for j in range(n)
                if attack[i][j] and not (attack[j][i] and i > j)]
        if not wars:
            return
        self.wars += len(wars)
        outcomes = []
        for i, j in wars:
            won = rng.random() < agents[i].victory[j]
            m = min(gdp[i], gdp[j])
            for side, kappa in ((i, k_att), (j, k_def)):
                lost = min(spec.war_cost * kappa * m / max(gdp[side], 1e-12), 0.9)
                agents[side].gdp *= 1.0 - lost
                agents[side].forces = [f * (1.0 - lost) for f in agents[side].forces]
            outcomes.append((j, i, spec.war_prize * m) if won else (i, j, spec.war_prize * m))
        self.pay(outcomes)
        for i, j in wars:
            agents[i].cooldown[j] = agents[j].cooldown[i] = spec.war_cooldown
            agents[j].hostile_act_by(agents[i])

    def close_step(self) -> None:
        """Growth under sanctions, power recorded, cool-downs counted down."""
        spec, agents = self.spec, self.agents
        world_gdp = sum(a.gdp for a in agents)
        pressure = [sum(a.sanction[j] * a.gdp for a in agents) / world_gdp
                    for j in range(len(agents))]
        for a, p in zip(agents, pressure, strict=True):
            a.gdp *= 1.0 + a.growth - spec.sanction_effect * p
        for a in agents:
            a.power_history.append(a.power())
            del a.power_history[: -(spec.forecast_window + 1)]
            a.cooldown = [max(c - 1, 0) for c in a.cooldown]
            a.spending = a.spent
        self.t += 1


def run_reference(scenario: Scenario, runs: int, steps: int, seed: int = 0
                  ) -> dict[str, np.ndarray]:
    """Mean trajectories over ``runs`` runs of the reference model, ``(steps, N[, N])``, their
    standard deviations over runs (``sd_arms``, ...) and the share of runs with a war
    (``war``)."""
    world = compile_world(scenario)
    sums: dict[str, np.ndarray] = {}
    squares: dict[str, np.ndarray] = {}
    war = 0
    for r in range(runs):
        model = Model(world, seed * 1_000_003 + r)
        frames = [model.step() for _ in range(steps)]
        for k in ("arms", "security", "belief"):
            v = np.array([f[k] for f in frames])
            sums[k] = sums.get(k, 0.0) + v
            squares[k] = squares.get(k, 0.0) + v * v
        war += model.wars > 0
    out = {k: v / runs for k, v in sums.items()}
    for k, v in squares.items():
        out[f"sd_{k}"] = np.sqrt(np.maximum(v / runs - out[k] ** 2, 0.0))
    out["war"] = np.array(war / runs)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, nargs="+", default=[2, 20])
    parser.add_argument("--runs", type=int, nargs="+", default=[1, 100, 1000])
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--budget", type=float, default=20.0,
                        help="seconds of reference runs per size; more runs are extrapolated")
    args = parser.parse_args()
    print(f"herz against the per-agent reference, {args.steps} steps (one process)")
    header = (f"{'N':>3} {'runs':>6} {'herz s':>9} {'reference s':>12} {'measured':>9} "
              f"{'herz faster':>12}")
    print(header)
    print("-" * len(header))
    for n in args.actors:
        scenario = reference_scenario(n, args.steps)
        simulate(scenario, runs=2, steps=2, rng=0)
        run_reference(scenario, 1, 2)
        for runs in args.runs:
            t0 = time.perf_counter()
            simulate(scenario, runs=runs, steps=args.steps, rng=0)
            herz_s = time.perf_counter() - t0
            done, t0 = 0, time.perf_counter()
            while done < runs and (done == 0 or time.perf_counter() - t0 < args.budget):
                run_reference(scenario, 1, args.steps, seed=done)
                done += 1
            ref_s = (time.perf_counter() - t0) * runs / done
            print(f"{n:>3} {runs:>6} {herz_s:>9.3f} {ref_s:>12.3f} {done:>9} "
                  f"{ref_s / herz_s:>11.1f}x", flush=True)
    print("\nreference seconds for more runs than 'measured' are extrapolated (runs are "
          "independent: its time is linear in runs)")


if __name__ == "__main__":
    sys.exit(main())
