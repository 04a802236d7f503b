"""The brief's twelve mechanisms as paired experiments, declared as data.

Each :class:`Experiment` names a built-in example (:mod:`herz.examples`), the ``--set``-style
overrides common to both arms, the overrides of the arm with the lever off and of the arm with
it on, the timeline entries the lever adds, the steps, and the measure: a function from a
:class:`~herz.engine.simulate.SimulationResult` to one value per run. The two worlds differ only
in the lever; :mod:`herz.mechanisms.run` runs them with common random numbers and compares the
measure run by run.

Nothing here reaches into the engine: every effect comes out of the general rules
(:mod:`herz.engine`). Actor names appear only as the scenario definitions' own names, to say
whose security, belief or GDP an outcome reads.

Sources, as cited by the engine: Herz 1950 and Jervis 1978 (security is relative; the four
worlds of the offence-defence balance and distinguishability); Kydd 1997, 2005 (the Bayesian
spiral, reassurance, trust); Jervis 1976 ch. 3 and Butterfield 1951 (the transparency illusion);
Kent & Thaler 1989, Glaser 1990 and Schelling 1960 (strategic forces, the reciprocal fear of
surprise attack); Sagan 1985 (alerts); Slovic 1993 (trust lost fast); Fearon 1995 and Powell 2006
(war from bargaining failures, preventive war).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from herz.engine.actions import Action
from herz.engine.simulate import SimulationResult

__all__ = [
    "EXPERIMENTS",
    "Experiment",
    "Measure",
    "actor_series",
    "citing_share",
    "experiment",
    "mean_pair_series",
    "outcome",
    "pair_series",
    "per_incident",
]

Measure = Callable[[SimulationResult], np.ndarray]


@dataclass(frozen=True)
class Experiment:
    """One paired experiment: two versions of one world that differ only in the lever.

    ``expected`` is the sign (+1 or -1) the mechanism predicts for the effect, the mean over
    runs of ``measure(lever on) - measure(lever off)``; ``threshold`` is the least effect it
    claims in that direction (0: any effect).
    """

    key: str  # e.g. "5a"
    number: int  # the mechanism's number in the brief (1 to 12)
    mechanism: str
    lever: str
    outcome: str
    expected: int
    example: str  # the built-in example both arms start from
    steps: int
    measure: Measure = field(repr=False)
    overrides: tuple[str, ...] = ()  # both arms
    off: tuple[str, ...] = ()  # the arm with the lever off
    on: tuple[str, ...] = ()  # the arm with the lever on
    timeline: tuple[Mapping[str, Any], ...] = ()  # entries the lever adds (arm on)
    threshold: float = 0.0
    note: str = ""


def _index(res: SimulationResult, actor: str) -> int:
    return res.actors.index(actor)


def actor_series(name: str, actor: str, step: int = -1) -> Measure:
    """Actor ``actor``'s value of series ``name`` (arms, security, gdp, ...) at ``step``."""

    def measure(res: SimulationResult) -> np.ndarray:
        return np.asarray(res.series[name][:, step, _index(res, actor)], float)

    return measure


def pair_series(name: str, holder: str, about: str, step: int = -1) -> Measure:
    """``holder``'s value of pairwise series ``name`` (belief, threat, first_strike) about
    ``about`` at ``step``."""

    def measure(res: SimulationResult) -> np.ndarray:
        return np.asarray(res.series[name][:, step, _index(res, holder), _index(res, about)],
                          float)

    return measure


def mean_pair_series(name: str, step: int = -1) -> Measure:
    """The mean over ordered pairs of distinct actors of pairwise series ``name`` at ``step``."""

    def measure(res: SimulationResult) -> np.ndarray:
        x = res.series[name][:, step]
        n = x.shape[-1]
        return np.asarray(x[:, ~np.eye(n, dtype=bool)].mean(axis=1), float)

    return measure


def outcome(name: str) -> Measure:
    """Per-run outcome ``name`` (``spiral``, ``crises``, ``wars_preventive``, ...)."""

    def measure(res: SimulationResult) -> np.ndarray:
        return np.asarray(res.outcomes[name], float)

    return measure


def per_incident(name: str) -> Measure:
    """Outcome ``name`` per incident (0 in a run without incidents)."""

    def measure(res: SimulationResult) -> np.ndarray:
        return np.asarray(res.outcomes[name], float) / np.maximum(res.outcomes["incidents"], 1)

    return measure


def citing_share(actor: str, other: str) -> Measure:
    """Share of ``actor``'s arming surges after step 0 whose logged cause is an earlier
    escalation by ``other`` (0 in a run without such surges): ``actor``'s own narrative.

    The causal log (:mod:`herz.engine.events`) records with each act the actor's main threat
    and that rival's last escalation it knew of when it acted.
    """

    def measure(res: SimulationResult) -> np.ndarray:
        ev = res.events
        i, j = _index(res, actor), _index(res, other)
        later = (ev["code"] == Action.ARM) & (ev["actor"] == i) & (ev["step"] > 0)
        cites = later & (ev["cause_actor"] == j) & (ev["cause_step"] >= 0)
        cites &= ev["cause_step"] < ev["step"]
        total = np.bincount(ev["run"][later], minlength=res.n_runs)
        hits = np.bincount(ev["run"][cites], minlength=res.n_runs)
        return np.where(total > 0, hits / np.maximum(total, 1), 0.0)

    return measure


def experiment(**kwargs: Any) -> Experiment:
    """An :class:`Experiment` (keyword arguments; tuples for the override lists)."""
    for name in ("overrides", "off", "on", "timeline"):
        if name in kwargs:
            kwargs[name] = tuple(kwargs[name])
    return Experiment(**kwargs)


def _arm(step: int, actor: str, force_class: str, amount: float) -> dict[str, Any]:
    return {"step": step, "actor": actor, "action": "arm", "force_class": force_class,
            "amount": amount}


_CALM = ("actors.Blue.empathy=0.9", "actors.Red.empathy=0.9")
_SUBMARINES = (
    "actors.Blue.forces.silo_missiles=0", "actors.Blue.forces.ssbn=3",
    "actors.Red.forces.silo_missiles=0", "actors.Red.forces.ssbn=3",
)
_DAMAGE_LIMITATION = ("{conventional_offensive = 0.3, conventional_defensive = 0.3, "
                      "counterforce = 0.2, strategic_asw = 0.1, missile_defense = 0.1}")
#: Both sides hold and keep buying damage-limiting forces instead of submarines.
_FIRST_STRIKE_FORCES = tuple(
    f"actors.{side}.forces.{cls}={amount}"
    for side in ("Blue", "Red")
    for cls, amount in (("counterforce", 3), ("strategic_asw", 2), ("missile_defense", 2))
) + tuple(f"actors.{side}.procurement={_DAMAGE_LIMITATION}" for side in ("Blue", "Red"))
#: A crisis-prone, suspicious world: reciprocal fear needs both crises and distrust (Schelling
#: 1960, ch. 9), and with a secure second strike on both sides it never pays to strike first.
_CRISES = ("world.incident_rate=0.3", "world.misread=0.6", "world.offense_dominance=0.8",
           "actors.Blue.empathy=0.1", "actors.Red.empathy=0.1")
#: Red cheats on the treaty at step 5, in both arms (a ``--set`` of the whole timeline).
_CHEAT = 'timeline=[{step = 5, actor = "Red", action = "cheat", agreement = "treaty"}]'

#: The experiments, in the order of the brief's mechanisms.
EXPERIMENTS: tuple[Experiment, ...] = (
    experiment(
        key="1a", number=1, mechanism="security is relative",
        lever="Blue surges 10 GDP units of offensive forces at step 5",
        outcome="Red's security at step 6", expected=-1, example="spiral", steps=8,
        timeline=[_arm(5, "Blue", "conventional_offensive", 10.0)],
        measure=actor_series("security", "Red", 6),
    ),
    experiment(
        key="1b", number=1, mechanism="security is relative",
        lever="Blue surges 10 GDP units of offensive forces at step 5",
        outcome="Red's arms at step 10 (its response)", expected=1, example="spiral", steps=12,
        timeline=[_arm(5, "Blue", "conventional_offensive", 10.0)],
        measure=actor_series("arms", "Red", 10),
    ),
    experiment(
        key="2", number=2, mechanism="uncertainty about motives",
        lever="Red greedy instead of a security-seeker (empathy 0.5 both)",
        outcome="Blue's belief that Red is greedy, step 20", expected=1, example="spiral",
        steps=21, overrides=["actors.Blue.empathy=0.5", "actors.Red.empathy=0.5"],
        on=["actors.Red.motive=greedy"], measure=pair_series("belief", "Blue", "Red", 20),
    ),
    experiment(
        key="3a", number=3, mechanism="the transparency illusion",
        lever="empathy 0.9 instead of 0.1, both sides", outcome="spiral index",
        expected=-1, example="spiral", steps=20, on=_CALM, measure=outcome("spiral"),
    ),
    experiment(
        key="3b", number=3, mechanism="the transparency illusion",
        lever="empathy 0.9 instead of 0.1, both sides", outcome="mutual suspicion, final",
        expected=-1, example="spiral", steps=20, on=_CALM, measure=mean_pair_series("belief"),
    ),
    experiment(
        key="4a", number=4, mechanism="offence-defence and distinguishability",
        lever="distinguishability 0.9 instead of 0.2 (offence dominance 0.8)",
        outcome="spiral index", expected=-1, example="four_worlds", steps=25,
        on=["world.distinguishability=0.9"], measure=outcome("spiral"),
    ),
    experiment(
        key="4b", number=4, mechanism="offence-defence and distinguishability",
        lever="distinguishability 0.9 instead of 0.2 (offence dominance 0.8)",
        outcome="P(war)", expected=-1, example="four_worlds", steps=25,
        on=["world.distinguishability=0.9"], measure=outcome("war"),
    ),
    experiment(
        key="4c", number=4, mechanism="offence-defence and distinguishability",
        lever="offence dominance 0.2 instead of 0.8 (distinguishability 0.2)",
        outcome="spiral index", expected=-1, example="four_worlds", steps=25,
        on=["world.offense_dominance=0.2"], measure=outcome("spiral"),
    ),
    experiment(
        key="5a", number=5, mechanism="strategic forces",
        lever="both replace their silo missiles by submarines",
        outcome="first-strike index, mean of both sides, final", expected=-1,
        example="strategic_forces", steps=20, on=_SUBMARINES,
        measure=mean_pair_series("first_strike"),
    ),
    experiment(
        key="5b", number=5, mechanism="strategic forces",
        lever="Blue puts 30% of its procurement into counterforce",
        outcome="Blue's first-strike index against Red, final", expected=1,
        example="strategic_forces", steps=20,
        on=["actors.Blue.procurement.counterforce=0.3",
            "actors.Blue.procurement.conventional_offensive=0.1",
            "actors.Blue.procurement.conventional_defensive=0.3"],
        measure=pair_series("first_strike", "Blue", "Red"),
    ),
    experiment(
        key="5c", number=5, mechanism="strategic forces",
        lever="both field and keep buying counterforce, strategic ASW and missile defence "
        "instead of submarines (crisis-prone world)",
        outcome="preemptive wars per run", expected=1, example="strategic_forces", steps=30,
        overrides=_CRISES, on=_FIRST_STRIKE_FORCES, measure=outcome("wars_preemptive"),
        note="crisis-prone and suspicious (empathy 0.1): fear compounds only with distrust",
    ),
    experiment(
        key="6a", number=6, mechanism="actions",
        lever="Blue deploys forward against Red at step 5", outcome="Red's security at step 6",
        expected=-1, example="spiral", steps=8,
        timeline=[{"step": 5, "actor": "Blue", "action": "deploy", "target": "Red",
                   "amount": 1.0}],
        measure=actor_series("security", "Red", 6),
    ),
    experiment(
        key="6b", number=6, mechanism="actions",
        lever="Blue goes on full alert at step 5", outcome="Red's security at step 6",
        expected=-1, example="spiral", steps=8,
        timeline=[{"step": 5, "actor": "Blue", "action": "alert", "amount": 1.0}],
        measure=actor_series("security", "Red", 6),
    ),
    experiment(
        key="6c", number=6, mechanism="actions",
        lever="Blue sanctions Red at step 5", outcome="Red's belief that Blue is greedy, step 6",
        expected=1, example="spiral", steps=8,
        timeline=[{"step": 5, "actor": "Blue", "action": "sanction", "target": "Red",
                   "amount": 1.0}],
        measure=pair_series("belief", "Red", "Blue", 6),
    ),
    experiment(
        key="7a", number=7, mechanism="institutions and agreements",
        lever="monitoring 0.9 instead of 0 (two security-seekers)",
        outcome="mutual suspicion, final", expected=-1, example="monitoring", steps=25,
        off=["agreements.0.monitoring=0"], measure=mean_pair_series("belief"),
    ),
    experiment(
        key="7b", number=7, mechanism="institutions and agreements",
        lever="monitoring 0.9 instead of 0 when Red cheats at step 5 (empathy 0.9)",
        outcome="Blue's belief that Red is greedy, step 10", expected=1, example="monitoring",
        steps=12, overrides=[*_CALM, _CHEAT], off=["agreements.0.monitoring=0"],
        measure=pair_series("belief", "Blue", "Red", 10),
    ),
    experiment(
        key="7c", number=7, mechanism="institutions and agreements",
        lever="Blue's trust asymmetry 3 instead of 1 after Red is caught cheating at step 5",
        outcome="Blue's belief that Red is greedy, step 25", expected=1, example="monitoring",
        steps=26, overrides=[*_CALM, _CHEAT], off=["actors.Blue.trust_asymmetry=1"],
        on=["actors.Blue.trust_asymmetry=3"], measure=pair_series("belief", "Blue", "Red", 25),
    ),
    experiment(
        key="8a", number=8, mechanism="crisis communication",
        lever="a hotline between Blue and Red", outcome="crises per run", expected=-1,
        example="hotline", steps=30, off=["hotlines=[]"], measure=outcome("crises"),
    ),
    experiment(
        key="8b", number=8, mechanism="crisis communication",
        lever="a hotline between Blue and Red", outcome="preemptive wars per incident",
        expected=-1, example="hotline", steps=30, off=["hotlines=[]"],
        measure=per_incident("wars_preemptive"),
    ),
    experiment(
        key="9a", number=9, mechanism="explanation and credibility",
        lever="Red (a security-seeker) explains its arming (candor 1 instead of 0)",
        outcome="Blue's belief that Red is greedy, step 10", expected=-1, example="spiral",
        steps=15, on=["actors.Red.candor=1"], measure=pair_series("belief", "Blue", "Red", 10),
    ),
    experiment(
        key="9b", number=9, mechanism="explanation and credibility",
        lever="an exposed bogus reason costs 90% of credibility instead of none",
        outcome="Blue's belief that greedy Red is greedy, step 10", expected=1,
        example="bogus_explanation", steps=15, off=["world.credibility_loss=0"],
        on=["world.credibility_loss=0.9"], measure=pair_series("belief", "Blue", "Red", 10),
    ),
    experiment(
        key="10", number=10, mechanism="the dilemma's other horn",
        lever="the Dove concedes 80% of its offence and scraps defence (vs. nothing)",
        outcome="the Dove's GDP, final", expected=-1, example="concession", steps=30,
        off=["timeline.0.amount=0", "timeline.1.amount=0"], measure=actor_series("gdp", "Dove"),
    ),
    experiment(
        key="11a", number=11, mechanism="war onset",
        lever="a third state joins Red's alliance at step 10 (a fast adverse shift for Blue)",
        outcome="preventive wars per run", expected=1, example="preventive_war", steps=20,
        off=["timeline=[]"], measure=outcome("wars_preventive"),
    ),
    experiment(
        key="11b", number=11, mechanism="war onset",
        lever="the Hawk greedy instead of a security-seeker (facing a conceding Dove, whose "
        "resolve the Hawk knows poorly)",
        outcome="opportunistic wars per run", expected=1, example="concession", steps=30,
        overrides=("world.resolve_uncertainty=0.9",),
        off=["actors.Hawk.motive=security"], measure=outcome("wars_opportunistic"),
        note="opportunistic war is a refused demand: it needs private information about the "
        "target's cost of war (Fearon 1995), here resolve_uncertainty 0.9",
    ),
    experiment(
        key="11c", number=11, mechanism="war onset",
        lever="first-mover advantage 1 instead of 0 (no hotline)",
        outcome="preemptive wars per run", expected=1, example="hotline", steps=30,
        overrides=["hotlines=[]"], off=["world.first_mover_advantage=0"],
        on=["world.first_mover_advantage=1"], measure=outcome("wars_preemptive"),
    ),
    experiment(
        key="12a", number=12, mechanism="who started it?",
        lever="Red escalates (its own rule) instead of only replacing its forces (passive)",
        outcome="share of Blue's later arming that cites Red's earlier escalation",
        expected=1, threshold=0.5, example="spiral", steps=15,
        off=["actors.Red.policy=passive"], measure=citing_share("Blue", "Red"),
        note="effect above 0.5: most of Blue's narrative cites Red (its first arming cites "
        "nothing: no one had escalated)",
    ),
    experiment(
        key="12b", number=12, mechanism="who started it?",
        lever="Blue escalates (its own rule) instead of only replacing its forces (passive)",
        outcome="share of Red's later arming that cites Blue's earlier escalation",
        expected=1, threshold=0.5, example="spiral", steps=15,
        off=["actors.Blue.policy=passive"], measure=citing_share("Red", "Blue"),
    ),
)
