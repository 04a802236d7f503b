"""``audit``: see a policy from the other side (Jervis 1976, ch. 3; Butterfield 1951).

Before acting, ask whether a policy one believes benign makes others nervous, and whether it
can be changed to ease their fears while keeping its purpose: adversaries assume the worst, so
look at the problem from the other capital. :func:`audit` makes the question quantitative with
the engine itself. It simulates the scenario twice over the same seeded runs — once as it is,
once with the policy added to the acting state's timeline — and reads off, for every other
actor, how the policy changes the threat it perceives, its belief that the acting state is
greedy and what it does (the causal log); for the acting state, its net security (direct gain
minus what the reactions take away), the purpose kept and the war risk by kind, with paired
confidence intervals (:mod:`herz.audit.measure`); and the same for variants of the policy
(:mod:`herz.audit.variants`), ranked by net security and by the others' alarm, with the Pareto
front.

The *best variant* is the least alarming variant whose purpose gain is at least the original's
minus ``tolerance`` times its size (point estimates on the same paired runs), provided it
alarms less than the original; otherwise there is none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

import herz
from herz.audit.measure import (
    OtherView,
    Own,
    Paired,
    SpiralTrace,
    WarRisk,
    alarm_values,
    other_view,
    own_effects,
    paired,
    spiral_trace,
    war_risk,
)
from herz.audit.policy import check_actor, check_horizon, check_policy, with_policy
from herz.audit.variants import VariantSpec, generate
from herz.engine.scenario import (
    AgreementSpec,
    Scenario,
    TimelineEntry,
    load_scenario,
    scenario_hash,
)
from herz.engine.simulate import MAX_RUNS, SimulationResult, simulate
from herz.errors import HerzInputError
from herz.examples import example_path, examples
from herz.inputs import exists
from herz.rng import RNGLike, seed_sequence

__all__ = ["AuditResult", "Outcome", "Purpose", "Variant", "audit", "evaluate", "resolve"]

#: Most runs an audit keeps whole (every run's series and log are needed for pairing).
MAX_AUDIT_RUNS = 20_000
#: Most bytes of pairwise trajectories one version of the policy may keep.
MAX_SERIES_BYTES = 2**31


@dataclass(frozen=True)
class Purpose:
    """What the policy is for: security against ``rival`` (overall security when None), to be
    kept by a variant up to ``tolerance``, a share of the original's gain."""

    rival: str | None = None
    tolerance: float = 0.2


@dataclass(frozen=True)
class Outcome:
    """The headline effects of one version of the policy, paired with the baseline."""

    net_security: Paired
    purpose_gain: Paired
    alarm: Paired
    belief_change: Paired  # mean over the others of their final belief change about the actor

    def as_dict(self) -> dict[str, Any]:
        return {
            "net_security": self.net_security.as_dict(),
            "purpose_gain": self.purpose_gain.as_dict(),
            "alarm": self.alarm.as_dict(),
            "belief_change": self.belief_change.as_dict(),
        }


@dataclass(frozen=True)
class Variant:
    """A variant of the policy with its outcome and its place in the ranking."""

    spec: VariantSpec
    outcome: Outcome
    keeps_purpose: bool
    pareto: bool

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class AuditResult:
    """Everything an audit found; :mod:`herz.audit.report` renders it."""

    inputs: dict[str, Any]
    actor: str
    policy: tuple[TimelineEntry, ...]
    purpose: Purpose
    others: list[OtherView]
    own: Own
    war: list[WarRisk]
    spiral: SpiralTrace
    original: Outcome
    original_pareto: bool
    variants: list[Variant]
    best: Variant | None
    summaries: dict[str, str] = field(default_factory=dict)


def resolve(scenario: Scenario | str | Path) -> Scenario:
    """A scenario object, a scenario file or the name of a built-in example."""
    if isinstance(scenario, Scenario):
        return scenario
    name = str(scenario)
    path = Path(name)
    looks_like_path = name.endswith(".toml") or "/" in name or "\\" in name
    if (exists(path) and not path.is_dir()) or looks_like_path:
        return load_scenario(path)
    if name in examples():
        return load_scenario(example_path(name))
    raise HerzInputError(
        "no such file or built-in example",
        source=name,
        allowed="a scenario file or one of: " + ", ".join(examples()),
    )


def _simulate(
    scenario: Scenario, runs: int, horizon: int, seed: Any,
    step_progress: Callable[[int], None] | None = None,
) -> SimulationResult:
    return simulate(scenario, runs, horizon, rng=seed, keep=runs, progress=step_progress)


def _outcome(
    base: SimulationResult,
    pol: SimulationResult,
    actor: int,
    rival: int | None,
    confidence: float,
) -> tuple[Outcome, Own, list[OtherView]]:
    own = own_effects(base, pol, actor, rival, confidence)
    views = [
        other_view(base, pol, actor, j, confidence)
        for j in range(len(base.actors))
        if j != actor
    ]
    belief = np.mean([v.belief_change.values for v in views], axis=0)
    out = Outcome(
        net_security=own.net_security,
        purpose_gain=own.purpose_gain,
        alarm=paired(alarm_values(base, pol, actor), confidence),
        belief_change=paired(belief, confidence),
    )
    return out, own, views


def evaluate(
    scenario: Scenario,
    actor: str,
    entries: Iterable[TimelineEntry],
    horizon: int,
    rival: str | None = None,
    runs: int = 200,
    rng: RNGLike = 0,
    agreements: Iterable[AgreementSpec] = (),
    confidence: float = 0.95,
) -> Outcome:
    """The outcome of one version of a policy (with any added agreements) against the
    baseline, over ``runs`` paired runs: used to re-check a variant on fresh seeds."""
    a = check_actor(scenario, actor)
    r = None if rival is None else check_actor(scenario, rival, field="purpose.rival")
    seed = seed_sequence(rng)
    runs = _check_runs(runs)
    base = _simulate(scenario, runs, check_horizon(horizon), seed)
    sim = _simulate(with_policy(scenario, list(entries), list(agreements)), runs, horizon, seed)
    return _outcome(base, sim, a, r, confidence)[0]


def _keeps(candidate: Outcome, original: Outcome, tolerance: float) -> bool:
    orig = original.purpose_gain.estimate
    return candidate.purpose_gain.estimate >= orig - tolerance * abs(orig)


def _pareto(points: list[tuple[float, float]]) -> list[bool]:
    """Non-dominated points for (net security: higher is better, alarm: lower is better)."""
    out = []
    for i, (s, a) in enumerate(points):
        dominated = any(
            (s2 >= s and a2 <= a) and (s2 > s or a2 < a)
            for k, (s2, a2) in enumerate(points)
            if k != i
        )
        out.append(not dominated)
    return out


def _check_runs(runs: int) -> int:
    if isinstance(runs, bool) or not isinstance(runs, int) or not 2 <= runs <= MAX_AUDIT_RUNS:
        raise HerzInputError(f"{runs!r} runs", field="runs", allowed=f"2 to {MAX_AUDIT_RUNS}")
    return min(runs, MAX_RUNS)


def audit(
    scenario: Scenario | str | Path,
    actor: str,
    policy: Iterable[Mapping[str, Any] | TimelineEntry],
    horizon: int,
    purpose: Purpose | str | None = None,
    runs: int = 200,
    rng: RNGLike = 0,
    *,
    variants: bool = True,
    max_rules: int = 2,
    confidence: float = 0.95,
    progress: Callable[[int, int], None] | None = None,
    step_progress: Callable[[int], None] | None = None,
) -> AuditResult:
    """Audit ``policy`` of ``actor`` in ``scenario`` over ``horizon`` steps.

    ``policy`` is a list of timeline entries without an actor (see :mod:`herz.audit.policy`);
    ``purpose`` is a :class:`Purpose` or the name of a rival; ``runs`` paired runs are
    simulated per version, all from the same seed ``rng`` (see :mod:`herz.rng`).
    ``variants=False`` skips the search; ``max_rules`` bounds how many rules a variant combines.
    ``progress(done, total)`` is called after each version (baseline, policy, variants) is run;
    ``step_progress`` is the engine's hook, called after each step of each version (an
    exception it raises stops the audit there).
    """
    sc = resolve(scenario)
    a = check_actor(sc, actor)
    check_horizon(horizon)
    runs = _check_runs(runs)
    if isinstance(purpose, str) or purpose is None:
        purpose = Purpose(rival=purpose)
    rival = None
    if purpose.rival is not None:
        rival = check_actor(sc, purpose.rival, field="purpose.rival")
        if rival == a:
            raise HerzInputError(
                "the rival cannot be the acting state", field="purpose.rival",
                allowed="another actor",
            )
    if not 0.0 <= purpose.tolerance <= 1.0:
        raise HerzInputError(
            f"{purpose.tolerance!r}", field="purpose.tolerance", allowed="0 to 1"
        )
    entries = check_policy(sc, actor, policy, horizon)
    need = runs * (horizon + 1) * len(sc.actors) ** 2 * 4 * 4  # pair series kept per version
    if need > MAX_SERIES_BYTES:
        most = max(2, MAX_SERIES_BYTES // ((horizon + 1) * len(sc.actors) ** 2 * 16))
        raise HerzInputError(
            f"{runs} runs of {len(sc.actors)} actors over {horizon} steps need "
            f"{need / 2**30:.1f} GiB of kept trajectories",
            field="runs",
            allowed=f"at most {most} here",
        )
    seed = seed_sequence(rng)  # one root for every simulation: runs are paired

    specs = list(generate(sc, actor, entries, horizon, max_rules)) if variants else []
    total = 2 + len(specs)

    def done(count: int) -> None:
        if progress is not None:
            progress(count, total)

    base = _simulate(sc, runs, horizon, seed, step_progress)
    done(1)
    pol = _simulate(with_policy(sc, entries), runs, horizon, seed, step_progress)
    done(2)
    original, own, views = _outcome(base, pol, a, rival, confidence)

    found: list[tuple[VariantSpec, Outcome]] = []
    for count, spec in enumerate(specs, start=3):
        world = with_policy(sc, spec.entries, spec.agreements)
        sim = _simulate(world, runs, horizon, seed, step_progress)
        found.append((spec, _outcome(base, sim, a, rival, confidence)[0]))
        done(count)
    points = [(original.net_security.estimate, original.alarm.estimate)]
    points += [(o.net_security.estimate, o.alarm.estimate) for _, o in found]
    front = _pareto(points)
    ranked = [
        Variant(spec, o, _keeps(o, original, purpose.tolerance), front[i + 1])
        for i, (spec, o) in enumerate(found)
    ]
    ranked.sort(key=lambda v: (-v.outcome.net_security.estimate, v.outcome.alarm.estimate))
    candidates = [
        v for v in ranked if v.keeps_purpose and v.outcome.alarm.estimate < original.alarm.estimate
    ]
    best = min(
        candidates,
        key=lambda v: (v.outcome.alarm.estimate, -v.outcome.net_security.estimate),
        default=None,
    )
    inputs = {
        "herz_version": herz.__version__,
        "seed": rng if isinstance(rng, int) else None,
        "seed_entropy": str(seed.entropy),
        "runs": runs,
        "horizon": horizon,
        "confidence": confidence,
        "scenario_name": sc.name,
        "scenario_hash": scenario_hash(sc),
        "actor": actor,
        "policy": [e.model_dump(mode="json", exclude_defaults=True) for e in entries],
        "purpose": {"rival": purpose.rival, "tolerance": purpose.tolerance},
        "variants_searched": len(found),
    }
    result = AuditResult(
        inputs=inputs,
        actor=actor,
        policy=tuple(entries),
        purpose=purpose,
        others=views,
        own=own,
        war=war_risk(base, pol, a, confidence),
        spiral=spiral_trace(base, pol, a, confidence),
        original=original,
        original_pareto=front[0],
        variants=ranked,
        best=best,
    )
    from herz.audit.text import summaries

    result.summaries.update(summaries(result))
    return result
