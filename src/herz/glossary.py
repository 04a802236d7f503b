"""Plain words for herz's numbers: what each metric and series means, in which unit, and the
one-line lesson of a batch of runs.

One glossary serves the web pages, ``report.html`` and the command line, so a metric is
explained the same way everywhere. :data:`METRICS` covers the metrics of
:func:`herz.results.summarize`; :data:`SERIES` the trajectories of
:class:`~herz.engine.simulate.SimulationResult`; :func:`time_axis` says what one step is in
years where the scenario has a calendar; :func:`takeaway` states a run's main result in a
sentence, computed from its results (means over all runs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["METRICS", "SERIES", "Term", "explain", "glossary_json", "takeaway", "time_axis"]


@dataclass(frozen=True)
class Term:
    """A metric or series: a short label, what it means, and its unit."""

    name: str
    label: str
    meaning: str
    unit: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "label": self.label, "meaning": self.meaning,
                "unit": self.unit}


def _terms(*rows: tuple[str, str, str, str]) -> dict[str, Term]:
    return {r[0]: Term(*r) for r in rows}


#: The metrics of a run's summary (``summary.json``).
METRICS: dict[str, Term] = _terms(
    ("p_war", "Chance of war",
     "Share of runs in which at least one war broke out before the end.", "share of runs (0-1)"),
    ("p_war_by_kind", "Chance of war, by kind",
     "Share of runs with at least one war of each kind: opportunistic (a greedy state attacks), "
     "preventive (striking before the balance shifts), preemptive (striking first in a crisis), "
     "scripted (written in the timeline) and mutual optimism (both expect to win).",
     "share of runs (0-1)"),
    ("time_to_first_war", "Time to the first war",
     "Average time until the first war, over the runs that had one (runs without war are "
     "'censored': the share given beside it).", "steps (years where the scenario has a calendar)"),
    ("arms_growth", "Arms growth",
     "How much a state's forces grew: the logarithm of final over initial arms (0: unchanged; "
     "0.69: doubled; 2.3: ten times).", "log ratio"),
    ("arms_final", "Final arms",
     "Value of a state's forces at the end (force units: what it would cost to buy them).",
     "force units"),
    ("belief_final", "Final suspicion",
     "How strongly one state believes at the end that the other is greedy (0: sure it is not, "
     "1: sure it is).", "probability (0-1)"),
    ("security_final", "Final security",
     "How safe a state feels at the end: its defence against the threat it perceives "
     "(1: nothing threatens it; 0.5: threat equals defence).", "0-1"),
    ("spiral_index", "Spiral index",
     "How far the spiral went: the rise of mutual suspicion between rivals plus the growth of "
     "arms (0: no spiral; larger: a stronger spiral).", "index (0 = none)"),
    ("incidents", "Incidents",
     "Accidents and clashes per run (a border incident, a misread exercise).", "count per run"),
    ("crises", "Crises", "Incidents that became crises, per run.", "count per run"),
)

#: The trajectories (per actor, and per pair for belief, threat and strike capacities).
SERIES: dict[str, Term] = _terms(
    ("arms", "Arms", "Value of a state's forces.", "force units"),
    ("spending", "Military spending", "What a state spends on its forces in a step.",
     "GDP units per step"),
    ("security", "Security",
     "How safe a state feels: its defence against the threat it perceives (1: safe).", "0-1"),
    ("gdp", "Economy (GDP)", "The size of a state's economy.", "GDP units"),
    ("alert", "Alert level", "How far a state has raised its forces' readiness.", "0-1"),
    ("war_hazard", "Chance of war this step",
     "The chance that a war involving the state starts in this step (1 once one starts).",
     "probability per step"),
    ("belief", "Suspicion",
     "How strongly a state believes the other is greedy (0: sure it is not, 1: sure it is).",
     "probability (0-1)"),
    ("threat", "Perceived threat", "How much threat a state sees in the other's forces.",
     "force units"),
    ("first_strike", "First-strike advantage",
     "What a state would gain by striking the other first.", "force units"),
    ("second_strike", "Secure second strike",
     "What a state could still strike back with after the other struck first.", "force units"),
)


def explain(name: str) -> Term | None:
    """The term for a metric or series name (``None`` when the glossary lacks it)."""
    return METRICS.get(name) or SERIES.get(name)


def glossary_json() -> dict[str, dict[str, dict[str, str]]]:
    """The glossary as JSON (what the web pages read)."""
    return {"metrics": {k: t.as_dict() for k, t in METRICS.items()},
            "series": {k: t.as_dict() for k, t in SERIES.items()}}


def time_axis(start_year: float | None, step_years: float, steps: int) -> dict[str, Any]:
    """The x axis of a run: calendar years where the scenario has a ``start_year``, else steps.

    Returns ``label`` (for the axis), ``unit`` (one step, in words), ``x`` (one value per frame,
    ``steps + 1`` of them) and ``integer`` (whether the values are whole numbers, as years are
    when a step is a whole number of years).
    """
    frames = np.arange(steps + 1)
    whole = float(step_years).is_integer()
    if start_year is None:
        years = "year" if step_years == 1 else f"{_num(step_years)} years"
        return {"label": "step", "unit": f"one step (about {years} if read as time)",
                "x": frames.tolist(), "integer": True, "calendar": False}
    x = start_year + frames * step_years
    integer = whole and float(start_year).is_integer()
    values = [int(v) for v in x] if integer else [float(v) for v in x]
    unit = "one year" if step_years == 1 else f"{_num(step_years)} years"
    return {"label": "year", "unit": unit, "x": values, "integer": integer, "calendar": True}


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _names(group: list[str]) -> str:
    if len(group) > 4:
        return ", ".join(group[:3]) + f" and {len(group) - 3} others"
    return _join(group)


def takeaway(result: Any) -> str:
    """The main lesson of a batch of runs in one or two plain sentences, from its means over all
    runs: how each state's security changed from start to end, and how often war broke out.

    ``result`` is a :class:`~herz.engine.simulate.SimulationResult`.
    """
    actors = list(result.actors)
    sec = np.asarray(result.mean["security"])
    start, end = sec[0], sec[-1]
    n = len(actors)
    who = "Both states" if n == 2 else ("The state" if n == 1 else f"All {n} states")
    change = [f"{a} {start[i]:.2f} -> {end[i]:.2f}" for i, a in enumerate(actors)]
    if n > 4:  # name the largest changes only
        order = np.argsort(-np.abs(end - start))[:3]
        change = [change[i] for i in sorted(order)] + [f"{n - 3} others"]
    tol = 0.01
    if np.all(end < start - tol):
        first = f"{who} end less secure than they started: {_join(change)}."
    elif np.all(end > start + tol):
        first = f"{who} end more secure than they started: {_join(change)}."
    elif np.all(np.abs(end - start) <= tol):
        first = f"Security hardly changes: {_join(change)}."
    else:
        down = [a for i, a in enumerate(actors) if end[i] < start[i] - tol]
        up = [a for i, a in enumerate(actors) if end[i] > start[i] + tol]
        bits = [f"{_names(group)} {'ends' if len(group) == 1 else 'end'} {word} secure"
                for group, word in ((down, "less"), (up, "more")) if group]
        first = "; ".join(bits) + f" ({_join(change)})."
    war = np.asarray(result.outcomes["war"]).astype(bool)
    runs = int(result.n_runs)
    share = float(war.mean()) if war.size else 0.0
    if share == 0:
        second = f"No war broke out in any of the {runs} runs."
    else:
        scen = result.scenario
        first_step = np.asarray(result.outcomes["first_war_step"])[war]
        mean_step = float(first_step.mean())
        if scen.start_year is not None:
            when = f"the first one around {scen.start_year + mean_step * scen.step_years:.0f}"
        else:
            when = f"the first one at step {mean_step:.0f} on average"
        second = f"War broke out in {share:.0%} of the {runs} runs ({when})"
        planned = sum(float(np.sum(result.outcomes.get(f"wars_{k}", 0)))
                      for k in ("opportunistic", "preventive", "scripted"))
        accidental = planned == 0 and not np.any(result.greedy)
        second += ", although no one wanted it." if accidental else "."
    return f"{first} {second}"
