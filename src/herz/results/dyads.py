"""Dyad-step outputs: per step and unordered pair, the share of all runs with each event.

:func:`dyads_table` is ``dyads.parquet`` (or ``.csv``): one row per step and unordered pair
``(actor, other)`` in the scenario's order, with the calendar ``year`` where the scenario has a
start year, the pair's standard codes where known (``ccode1``, ``ccode2``: COW codes, several
joined by ``;`` for an aggregate actor, null for a non-state actor), and, over **all** runs (not
only the kept ones):

* ``p_incident``, ``p_crisis``: an incident, a crisis (:mod:`herz.engine.incidents`);
* ``p_demand``: a demand pressed, either way; ``p_deployment``: a new forward deployment;
* ``p_force``: a use of force (a demand pressed with forces deployed forward, or an attack);
* ``p_war`` and ``p_war_<kind>``: a war started, of any kind and by kind;
* ``p_hostlev_<k>`` (k = 2..5): the pair's events reach MID hostility level k or more
  (:data:`herz.engine.events.MID_LEVELS`); ``p_own_hostlev_<k>``: the same, counting only the
  model's own acts (not the timeline's), what a backtest scores;
* ``war_hazard``: the mean over runs of the pair's war hazard that step,
  ``1 - (1 - h_ij)(1 - h_ji)``, where ``h_ij`` combines the rule's hazard (preventive war, a
  demand's risk of refusal) and the crisis hazard (preemption, mutual optimism).
"""

from __future__ import annotations

import numpy as np

from herz.engine.simulate import DYAD_SERIES, SimulationResult, dyad_pairs
from herz.results.tables import Table, step_years

__all__ = ["dyads_table"]


def _code_column(codes: dict[str, list[int]] | None, names: list[str]) -> np.ndarray:
    if codes is None:
        return np.array([None] * len(names), dtype=object)
    out = []
    for name in names:
        cc = codes.get(name) or []
        out.append(";".join(str(c) for c in cc) if cc else None)
    return np.array(out, dtype=object)


def dyads_table(
    result: SimulationResult, codes: dict[str, list[int]] | None = None
) -> Table:
    """The dyad-step table of ``result`` (see the module docstring); ``codes`` maps actor names
    to COW codes (a library case's :func:`herz.cases.actor_codes`)."""
    n = len(result.actors)
    ii, jj = dyad_pairs(n)
    steps = result.steps
    step, pos = np.indices((steps, len(ii))).reshape(2, -1)
    actor = [result.actors[i] for i in ii[pos]]
    other = [result.actors[j] for j in jj[pos]]
    table: Table = {"step": step.astype(np.int64)}
    years = step_years(result, step)
    if years is not None:
        table["year"] = years
    table["actor"] = np.array(actor, dtype=object)
    table["other"] = np.array(other, dtype=object)
    if codes is not None:
        table["ccode1"] = _code_column(codes, actor)
        table["ccode2"] = _code_column(codes, other)
    for var in DYAD_SERIES:
        values = result.dyads.get(var, np.zeros((steps, len(ii))))
        name = var if var == "war_hazard" else f"p_{var}"
        table[name] = np.asarray(values, dtype=float).reshape(-1)
    table["n_runs"] = np.full(step.size, result.n_runs, dtype=np.int64)
    return table
