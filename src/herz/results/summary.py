"""The summary of a batch of runs: its inputs and its metrics with confidence intervals.

:func:`summarize` turns a :class:`~herz.engine.simulate.SimulationResult` into a JSON-ready
dict. Every summary records what produced it (herz version, seed, runs, steps, the resolved
scenario and its hash), so a number can always be traced back to its inputs.

Metrics (95% intervals unless ``confidence`` says otherwise):

* ``p_war``, ``p_war_by_kind``: share of runs with at least one war (of each kind), with the
  Wilson score interval (:func:`herz.results.stats.wilson_interval`).
* ``time_to_first_war``: mean step of the first war over the runs that had one, and
  ``censored_share``, the share of runs that reached the horizon without war (right-censored:
  the mean is conditional on war within the horizon).
* ``arms_growth`` (log of final over initial arms), ``arms_final``, ``security_final`` per actor;
  ``belief_final`` per ordered pair ("Blue->Red": Blue's final belief that Red is greedy);
  ``spiral_index`` (mean rise of beliefs between rivals plus mean arms growth), ``incidents`` and
  ``crises`` per run: means over all runs.

Beside the metrics, ``events_by_pair`` counts, over the kept runs only (the runs whose event logs
are kept), the wars (all kinds and by kind) and crises started by each ordered pair
("Blue->Red": Blue against Red); pairs with none are left out.

Quantities that cannot be negative (``time_to_first_war``, ``arms_final``, ``incidents``,
``crises``, and ``security_final`` and ``belief_final``, which lie in [0, 1]) have bootstrap
percentile intervals, which stay inside the range of the per-run values and so never cross
zero or one (:func:`herz.results.stats.positive_mean_interval`); the others (``arms_growth``,
``spiral_index``, which can be negative) have Student-t intervals.
"""

from __future__ import annotations

from typing import Any

import numpy as np

import herz
from herz.engine.actions import WAR_KINDS, Action
from herz.engine.scenario import scenario_hash
from herz.engine.simulate import SimulationResult
from herz.glossary import takeaway, time_axis
from herz.results.stats import mean_interval, positive_mean_interval, wilson_interval

__all__ = ["TABLE_NOTES", "events_by_pair", "pair_label", "summarize"]

#: How the tables are made; copied into the summary's metadata and the Parquet files' docs.
TABLE_NOTES = {
    "outcomes": "One row per run (ALL runs of the batch): war (0/1), first_war_step (null if "
    "none), wars of each kind, incidents, crises, spiral, and arms_final.<actor>, "
    "arms_growth.<actor>, security_final.<actor>. Run r of two batches with the same seed "
    "shares its random streams, so `herz compare` pairs them.",
    "steps": "Trajectories of the kept runs (the first `kept` runs of the batch), one row per "
    "run, step, actor, other actor (null for per-actor variables) and variable.",
    "quantiles": "Per step, actor, other and variable: q05, q50 and q95 across `q_runs` runs "
    "(all runs for per-actor variables, the kept runs for per-pair ones); "
    "`mean` across ALL runs of the batch.",
    "events": "The causal event log of the kept runs: who did what to whom, with the rival the "
    "actor perceived as its main threat (cause_actor) and the step of that rival's last "
    "escalation (cause_step, null if none).",
}


def pair_label(actors: tuple[str, ...] | list[str], i: int, j: int) -> str:
    """The key of ordered pair (i, j) in the summary: ``"Blue->Red"``."""
    return f"{actors[i]}->{actors[j]}"


def _per_actor(
    values: np.ndarray, actors: tuple[str, ...], conf: float, positive: bool = False
) -> dict[str, Any]:
    interval = positive_mean_interval if positive else mean_interval
    return {a: interval(values[:, i], conf).as_dict() for i, a in enumerate(actors)}


def _pair_counts(result: SimulationResult, mask: np.ndarray) -> dict[str, int]:
    ev = result.events
    actor = np.asarray(ev["actor"], dtype=np.int64)[mask]
    target = np.asarray(ev["target"], dtype=np.int64)[mask]
    ok = (actor >= 0) & (target >= 0)
    pairs, counts = np.unique(np.stack([actor[ok], target[ok]]), axis=1, return_counts=True)
    return {
        pair_label(result.actors, int(i), int(j)): int(k)
        for (i, j), k in zip(pairs.T.tolist(), counts.tolist(), strict=True)
    }


def events_by_pair(result: SimulationResult) -> dict[str, Any]:
    """Wars (all and by kind) and crises per ordered pair, counted over the kept runs."""
    code = np.asarray(result.events["code"], dtype=np.int64)
    war_codes = [int(c) for c in WAR_KINDS]
    return {
        "over": f"the {result.kept} kept runs (of {result.n_runs})",
        "kept_runs": result.kept,
        "wars": _pair_counts(result, np.isin(code, war_codes)),
        "wars_by_kind": {
            kind: _pair_counts(result, code == int(c)) for c, kind in WAR_KINDS.items()
        },
        "crises": _pair_counts(result, code == int(Action.CRISIS)),
    }


def summarize(result: SimulationResult, confidence: float = 0.95) -> dict[str, Any]:
    """The summary of ``result`` as a JSON-ready dict (see the module docstring)."""
    out = result.outcomes
    actors = result.actors
    n = result.n_runs
    war = np.asarray(out["war"], dtype=bool)
    first = np.asarray(out["first_war_step"])
    by_kind = {
        kind: wilson_interval(int((out[f"wars_{kind}"] > 0).sum()), n, confidence).as_dict()
        for kind in WAR_KINDS.values()
    }
    time_to_war = positive_mean_interval(first[first >= 0].astype(float), confidence).as_dict()
    time_to_war["censored_share"] = float((first < 0).mean())
    beliefs = np.asarray(out["belief_final"], dtype=float)
    belief_final = {
        pair_label(actors, i, j): positive_mean_interval(beliefs[:, i, j], confidence).as_dict()
        for i in range(len(actors))
        for j in range(len(actors))
        if i != j
    }
    metrics: dict[str, Any] = {
        "p_war": wilson_interval(int(war.sum()), n, confidence).as_dict(),
        "p_war_by_kind": by_kind,
        "time_to_first_war": time_to_war,
        "arms_growth": _per_actor(out["arms_growth"], actors, confidence),
        "arms_final": _per_actor(out["arms_final"], actors, confidence, positive=True),
        "belief_final": belief_final,
        "security_final": _per_actor(out["security_final"], actors, confidence, positive=True),
        "spiral_index": mean_interval(out["spiral"], confidence).as_dict(),
        "incidents": positive_mean_interval(out["incidents"], confidence).as_dict(),
        "crises": positive_mean_interval(out["crises"], confidence).as_dict(),
    }
    return {
        "herz_version": herz.__version__,
        "seed": result.seed,
        "backend": result.backend,
        "runs": result.n_runs,
        "steps": result.steps,
        "kept": result.kept,
        "actors": list(actors),
        "scenario_name": result.scenario.name,
        "scenario_hash": scenario_hash(result.scenario),
        "confidence": confidence,
        "metrics": metrics,
        # the main lesson in plain words (herz.glossary), and the length of a step
        "takeaway": takeaway(result),
        "time_axis": {k: v for k, v in time_axis(
            result.scenario.start_year, result.scenario.step_years, result.steps).items()
            if k != "x"},
        "events_by_pair": events_by_pair(result),
        "tables": dict(TABLE_NOTES),
        "scenario": result.scenario.model_dump(mode="json"),
    }
