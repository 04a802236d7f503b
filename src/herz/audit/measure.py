"""Paired measurements of a policy: two simulations of the same seeded runs, with and without it.

Run *i* of the baseline and run *i* of the policy world draw the same random numbers (the
engine's counter-based streams, ODD 7.13), so their difference is the policy's effect in that
history and the spread of the differences gives a confidence interval (Student t over runs,
:func:`herz.results.stats.mean_interval`). Nothing here re-implements the engine's perception
or decisions: every quantity is read off the simulations' series and causal log.

Quantities (frames 1..T of the series, i.e. after the first decisions, averaged over the horizon):

- **Perceived threat** of another actor *j* from the acting state *a*: ``Theta_ja``; its
  *alarm* is the change relative to the baseline mean, ``(Theta^pol_ja - Theta^base_ja) /
  mean(Theta^base_ja)``.
- **Belief** of *j* that *a* is greedy, at the horizon (Kydd 1997, 2005).
- **Reactions**: acts of *j* in the causal log, counted per run.
- **Net security** of *a*: the change of ``S_a = Deff_a / (Deff_a + sum_j Theta_aj)`` (ODD 7.2;
  Herz 1950; Jervis 1978). It splits exactly into a *direct gain*, the security *a* would have
  with its own policy-world defence against the baseline's threats,
  ``S(Deff^pol, Theta^base) - S(Deff^base, Theta^base)``, minus a *reaction cost*,
  ``S(Deff^pol, Theta^base) - S(Deff^pol, Theta^pol)``: what the others' induced arming and
  suspicion, and *a*'s own reading of them, take away. *a*'s policy-world defence includes its
  own later spending under the built-in rule and its allies' defence (ODD 7.2), so allies'
  reactions count in the direct part. ``Deff`` is recovered from the series as
  ``S · Theta / (1 - S)`` (where nothing threatens, ``S = 1`` and the split is not defined: the
  direct part is then taken to be the whole change).
- **Purpose**: security against a named rival *r*, ``Deff_a / (Deff_a + Theta_ar)``, or the
  overall security when no rival is named.
- **War risk** by kind: the share of runs with a war of that kind involving *a* (log codes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

from herz.engine.actions import WAR_KINDS, Action
from herz.engine.simulate import SimulationResult
from herz.results.stats import Interval, mean_interval, wilson_interval

__all__ = [
    "CHANNELS",
    "OtherView",
    "Own",
    "Paired",
    "Reaction",
    "SpiralTrace",
    "WarRisk",
    "alarm_values",
    "other_view",
    "own_effects",
    "paired",
    "spiral_trace",
    "war_risk",
]

_TINY = 1e-12


@dataclass(frozen=True)
class Paired:
    """Mean paired difference (policy minus baseline) with its confidence interval.

    ``values`` keeps the per-run differences so that comparisons between variants can be
    paired as well.
    """

    estimate: float
    low: float | None
    high: float | None
    n: int
    values: np.ndarray = field(repr=False, compare=False)

    @property
    def sign(self) -> int:
        """+1 if the interval lies above 0, -1 if below, 0 if it contains 0."""
        if self.low is not None and self.low > 0:
            return 1
        if self.high is not None and self.high < 0:
            return -1
        return 0

    def as_dict(self) -> dict[str, float | int | None]:
        return {"estimate": self.estimate, "low": self.low, "high": self.high, "n": self.n}


def paired(values: np.ndarray, confidence: float = 0.95) -> Paired:
    """The t interval of the mean of per-run differences ``values``."""
    v = np.asarray(values, dtype=float)
    iv: Interval = mean_interval(v, confidence)
    return Paired(iv.estimate if iv.estimate is not None else 0.0, iv.low, iv.high, iv.n, v)


def _horizon_mean(x: np.ndarray) -> np.ndarray:
    """Mean over frames 1..T of a series shaped (runs, T+1, ...)."""
    return np.asarray(x[:, 1:], dtype=float).mean(axis=1)


def _defense(security: np.ndarray, threat_total: np.ndarray) -> np.ndarray:
    """``Deff = S Theta / (1 - S)``, inverting ODD 7.2; nan where nothing threatens (S = 1)."""
    s = np.asarray(security, dtype=float)
    th = np.asarray(threat_total, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((s < 1.0 - 1e-12) & (th > 0), s * th / (1.0 - s), np.nan)


def _ratio(d: np.ndarray, th: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(d + th > 0, d / (d + th), 1.0)


@dataclass(frozen=True)
class Own:
    """Effects on the acting state, per run (differences policy minus baseline)."""

    net_security: Paired
    direct_gain: Paired
    reaction_cost: Paired
    purpose_gain: Paired
    security_base: float  # mean over the horizon and runs, baseline


def own_effects(
    base: SimulationResult,
    pol: SimulationResult,
    actor: int,
    rival: int | None,
    confidence: float = 0.95,
) -> Own:
    """Net security, its direct and reaction parts, and the purpose gain of ``actor``."""
    a = actor
    sb, sp = base.series["security"][:, :, a], pol.series["security"][:, :, a]
    tb = base.series["threat"][:, :, a, :].astype(float)
    tp = pol.series["threat"][:, :, a, :].astype(float)
    db, dp = _defense(sb, tb.sum(axis=2)), _defense(sp, tp.sum(axis=2))
    direct_sec = _ratio(dp, tb.sum(axis=2))
    direct_sec = np.where(np.isfinite(dp), direct_sec, sp)
    net = _horizon_mean(sp) - _horizon_mean(sb)
    direct = _horizon_mean(direct_sec) - _horizon_mean(sb)
    if rival is None:
        purpose = net
    else:
        pb = np.where(np.isfinite(db), _ratio(db, tb[:, :, rival]), 1.0)
        pp = np.where(np.isfinite(dp), _ratio(dp, tp[:, :, rival]), 1.0)
        purpose = _horizon_mean(pp) - _horizon_mean(pb)
    return Own(
        net_security=paired(net, confidence),
        direct_gain=paired(direct, confidence),
        reaction_cost=paired(direct - net, confidence),
        purpose_gain=paired(purpose, confidence),
        security_base=float(_horizon_mean(sb).mean()),
    )


def _threat_from(res: SimulationResult, actor: int, other: int) -> np.ndarray:
    return _horizon_mean(res.series["threat"][:, :, other, actor])


def alarm_values(base: SimulationResult, pol: SimulationResult, actor: int) -> np.ndarray:
    """Per run: mean over the others that feel threatened by ``actor`` in the baseline of the
    relative change of the threat they perceive from it (0 when nobody does)."""
    parts = []
    for j in range(len(base.actors)):
        if j == actor:
            continue
        tb, tp = _threat_from(base, actor, j), _threat_from(pol, actor, j)
        scale = float(tb.mean())
        if scale > _TINY:
            parts.append((tp - tb) / scale)
    if not parts:
        return np.zeros(base.n_runs)
    return np.mean(parts, axis=0)


@dataclass(frozen=True)
class Reaction:
    """How often another actor took one kind of act per run, in both worlds."""

    label: str
    base_mean: float
    policy_mean: float
    change: Paired


@dataclass(frozen=True)
class OtherView:
    """How the policy looks from another actor's capital."""

    actor: str
    threat_base: float
    threat_change: Paired
    alarm: Paired
    belief_base: float
    belief_change: Paired
    reactions: list[Reaction]


def _act_counts(res: SimulationResult, who: int, acting: int) -> dict[str, np.ndarray]:
    """Per run, how many acts of each kind ``who`` took (codes < 100 and wars it started)."""
    ev = res.events
    runs = res.n_runs
    mask = ev["actor"] == who
    codes, targets, run = ev["code"][mask], ev["target"][mask], ev["run"][mask]
    out: dict[str, np.ndarray] = {}
    acting_name = res.actors[acting]
    for code in np.unique(codes):
        if not (code < 100 or Action(int(code)) in WAR_KINDS):
            continue
        name = Action(int(code)).name.lower()
        sel = codes == code
        at_actor = sel & (targets == acting)
        elsewhere = sel & (targets != acting)
        if at_actor.any():
            out[f"{name} towards {acting_name}"] = np.bincount(run[at_actor], minlength=runs)
        if elsewhere.any():
            out[name] = np.bincount(run[elsewhere], minlength=runs)
    return out


def other_view(
    base: SimulationResult,
    pol: SimulationResult,
    actor: int,
    other: int,
    confidence: float = 0.95,
) -> OtherView:
    """Perceived threat, belief and reactions of ``other`` towards the acting state."""
    tb, tp = _threat_from(base, actor, other), _threat_from(pol, actor, other)
    scale = float(tb.mean())
    bb = base.series["belief"][:, -1, other, actor].astype(float)
    bp = pol.series["belief"][:, -1, other, actor].astype(float)
    cb, cp = _act_counts(base, other, actor), _act_counts(pol, other, actor)
    zeros = np.zeros(base.n_runs)
    reactions = [
        Reaction(
            label,
            float(cb.get(label, zeros).mean()),
            float(cp.get(label, zeros).mean()),
            paired(cp.get(label, zeros) - cb.get(label, zeros), confidence),
        )
        for label in sorted(set(cb) | set(cp))
    ]
    reactions.sort(key=lambda r: -abs(r.change.estimate))
    return OtherView(
        actor=base.actors[other],
        threat_base=scale,
        threat_change=paired(tp - tb, confidence),
        alarm=paired((tp - tb) / scale if scale > _TINY else tp - tb, confidence),
        belief_base=float(bb.mean()),
        belief_change=paired(bp - bb, confidence),
        reactions=reactions,
    )


@dataclass(frozen=True)
class WarRisk:
    """Share of runs with a war of one kind involving the acting state, in both worlds."""

    kind: str
    base: Interval
    policy: Interval
    change: Paired


def _war_runs(res: SimulationResult, actor: int, codes: set[int]) -> np.ndarray:
    ev = res.events
    mask = np.isin(ev["code"], list(codes)) & ((ev["actor"] == actor) | (ev["target"] == actor))
    hit = np.zeros(res.n_runs, dtype=bool)
    hit[ev["run"][mask]] = True
    return hit


def war_risk(
    base: SimulationResult, pol: SimulationResult, actor: int, confidence: float = 0.95
) -> list[WarRisk]:
    """War risk involving ``actor`` by kind (and any kind), with paired changes."""
    kinds: list[tuple[str, set[int]]] = [("any", {int(c) for c in WAR_KINDS})]
    kinds += [(kind, {int(code)}) for code, kind in WAR_KINDS.items()]
    out = []
    for kind, codes in kinds:
        wb, wp = _war_runs(base, actor, codes), _war_runs(pol, actor, codes)
        n = base.n_runs
        out.append(
            WarRisk(
                kind,
                wilson_interval(int(wb.sum()), n, confidence),
                wilson_interval(int(wp.sum()), n, confidence),
                paired(wp.astype(float) - wb.astype(float), confidence),
            )
        )
    return out


#: Channels of the spiral trace: key, label ("{a}" is the acting state).
CHANNELS: tuple[tuple[str, str], ...] = (
    ("own_arms", "{a}'s arms"),
    ("others_arms", "the others' arms"),
    ("others_belief", "the others' belief that {a} is greedy"),
    ("others_threat", "the threat the others perceive from {a}"),
    ("own_belief", "{a}'s belief that the others are greedy"),
    ("own_threat", "the threat {a} perceives"),
    ("own_security", "{a}'s security"),
    ("own_war_hazard", "{a}'s war hazard"),
)


@dataclass(frozen=True)
class SpiralTrace:
    """Per frame 0..T, the mean paired difference of each channel with its interval."""

    mean: dict[str, np.ndarray]
    low: dict[str, np.ndarray]
    high: dict[str, np.ndarray]
    story: list[tuple[int, str]]  # (step, sentence), in order of steps


def _channels(res: SimulationResult, a: int) -> dict[str, np.ndarray]:
    s = res.series
    n = len(res.actors)
    others = [j for j in range(n) if j != a]
    return {
        "own_arms": s["arms"][:, :, a],
        "others_arms": s["arms"][:, :, others].sum(axis=2),
        "others_belief": s["belief"][:, :, others, a].astype(float).mean(axis=2),
        "others_threat": s["threat"][:, :, others, a].astype(float).sum(axis=2),
        "own_belief": s["belief"][:, :, a, others].astype(float).mean(axis=2),
        "own_threat": s["threat"][:, :, a, others].astype(float).sum(axis=2),
        "own_security": s["security"][:, :, a],
        "own_war_hazard": s["war_hazard"][:, :, a],
    }


def spiral_trace(
    base: SimulationResult, pol: SimulationResult, actor: int, confidence: float = 0.95
) -> SpiralTrace:
    """What the policy sets off, frame by frame, and the step at which each channel first
    moves beyond its confidence interval."""
    cb, cp = _channels(base, actor), _channels(pol, actor)
    runs = base.n_runs
    q = float(stats.t.ppf(0.5 + confidence / 2.0, max(runs - 1, 1)))
    mean, low, high = {}, {}, {}
    story: list[tuple[int, str]] = []
    name = base.actors[actor]
    for key, label in CHANNELS:
        d = np.asarray(cp[key], float) - np.asarray(cb[key], float)
        m = d.mean(axis=0)
        se = d.std(axis=0, ddof=1) / np.sqrt(runs) if runs > 1 else np.zeros_like(m)
        mean[key], low[key], high[key] = m, m - q * se, m + q * se
        moved = np.flatnonzero((low[key] > 0) | (high[key] < 0))
        if moved.size:
            t = int(moved[0])
            word = "rises" if m[t] > 0 else "falls"
            story.append(
                (
                    t,
                    f"{label.format(a=name)} {word} by {abs(m[t]):.3g} "
                    f"[{low[key][t]:.3g}, {high[key][t]:.3g}] against the baseline",
                )
            )
    story.sort(key=lambda item: item[0])
    return SpiralTrace(mean, low, high, story)
