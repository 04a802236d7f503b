"""Tidy tables of a batch of runs, and writing them to Parquet with DuckDB.

* :func:`steps_table`: one row per kept run, step, actor, other actor and variable. Per-actor
  variables (:data:`~herz.engine.simulate.ACTOR_SERIES`) have a null ``other``; per-pair
  variables (:data:`~herz.engine.simulate.PAIR_SERIES`) hold the view of ``actor`` on ``other``
  and leave out the diagonal.
* :func:`quantiles_table`: per step, actor, other and variable, the 5%, 50% and 95% quantiles
  across **all** runs for the per-actor series (the engine's quantiles over every run,
  :attr:`herz.engine.simulate.SimulationResult.quantiles`) and across the **kept** runs for the
  per-pair ones, and the ``mean`` across **all** runs (the engine keeps whole trajectories
  only for the first ``kept`` runs but averages every run); ``q_runs`` says how many runs the
  quantiles are over.
* :func:`events_table`: the causal event log of the kept runs with names instead of codes.
* :func:`outcomes_table`: one row per run (all runs, not only the kept ones) with its outcomes:
  war, step of the first war (null if none), wars of each kind, incidents, crises, spiral index,
  and per actor ``arms_final.<actor>``, ``arms_growth.<actor>`` and ``security_final.<actor>``.

Where the scenario has a ``start_year``, every table with a ``step`` column has a ``year``
column beside it (``start_year + step * step_years``; integers when both are whole), and the
outcomes have ``first_war_year``. The events have ``scripted``: an act of the scenario's
timeline rather than the model's own (:mod:`herz.engine.events`).

Tables are dicts of equal-length NumPy arrays; :func:`write_table` writes one with DuckDB (no
pandas or pyarrow needed) as Parquet or CSV, by the file's suffix, and :func:`read_table` reads
one back (:func:`write_parquet` and :func:`read_parquet` for Parquet alone).
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np

from herz.engine.actions import WAR_KINDS, Action
from herz.engine.simulate import ACTOR_SERIES, PAIR_SERIES, QUANTILE_LEVELS, SimulationResult

__all__ = [
    "Table",
    "action_name",
    "events_table",
    "outcomes_table",
    "quantiles_table",
    "read_parquet",
    "read_table",
    "step_years",
    "steps_table",
    "with_year",
    "write_parquet",
    "write_table",
]

#: The formats of :func:`write_table`, by file suffix.
FORMATS = ("parquet", "csv")

Table = dict[str, np.ndarray]


def action_name(code: int) -> str:
    """The lower-case name of an event code (``"arm"``, ``"war_preemptive"``)."""
    try:
        return Action(int(code)).name.lower()
    except ValueError:
        return f"code_{int(code)}"


def step_years(result: SimulationResult, step: np.ndarray) -> np.ndarray | None:
    """The calendar year of each ``step`` (None when the scenario has no ``start_year``):
    ``start_year + step * step_years``, as integers where both are whole numbers."""
    sc = result.scenario
    if sc.start_year is None:
        return None
    years = sc.start_year + np.asarray(step, dtype=float) * sc.step_years
    if float(sc.start_year).is_integer() and float(sc.step_years).is_integer():
        return years.astype(np.int64)
    return years


def with_year(result: SimulationResult, table: Table) -> Table:
    """``table`` with a ``year`` column right after ``step`` (unchanged without a start year)."""
    years = step_years(result, table["step"])
    if years is None:
        return table
    out: Table = {}
    for k, v in table.items():
        out[k] = v
        if k == "step":
            out["year"] = years
    return out


def _names(actors: tuple[str, ...], index: np.ndarray) -> np.ndarray:
    """Actor names for an index array, ``None`` where the index is negative."""
    lookup = np.array([*actors, None], dtype=object)
    idx = np.asarray(index, dtype=np.int64)
    return lookup[np.where(idx < 0, len(actors), idx)]


def _blocks(
    result: SimulationResult, arrays: dict[str, np.ndarray]
) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """(variable, values (..., T+1, m), actor index (m,), other index (m,)) per series."""
    n = len(result.actors)
    ii, jj = np.nonzero(~np.eye(n, dtype=bool))
    out = []
    for var in ACTOR_SERIES:
        if var in arrays:
            out.append((var, arrays[var], np.arange(n), np.full(n, -1)))
    for var in PAIR_SERIES:
        if var in arrays:
            out.append((var, arrays[var][..., ii, jj], ii, jj))
    return out


def steps_table(result: SimulationResult) -> Table:
    """Trajectories of the kept runs in long form (see the module docstring)."""
    cols: dict[str, list[np.ndarray]] = {c: [] for c in ("run", "step", "actor", "other", "value")}
    variables: list[np.ndarray] = []
    for var, values, ai, oi in _blocks(result, result.series):
        k, t, m = values.shape
        run, step, pos = np.indices((k, t, m)).reshape(3, -1)
        cols["run"].append(run)
        cols["step"].append(step)
        cols["actor"].append(ai[pos])
        cols["other"].append(oi[pos])
        cols["value"].append(values.reshape(-1).astype(float))
        variables.append(np.full(run.size, var, dtype=object))
    return with_year(result, {
        "run": np.concatenate(cols["run"]).astype(np.int64),
        "step": np.concatenate(cols["step"]).astype(np.int64),
        "actor": _names(result.actors, np.concatenate(cols["actor"])),
        "other": _names(result.actors, np.concatenate(cols["other"])),
        "variable": np.concatenate(variables),
        "value": np.concatenate(cols["value"]),
    })


def quantiles_table(result: SimulationResult) -> Table:
    """Per-step q05/q50/q95 across all runs (per-actor series) or the kept runs (per-pair
    series), and the mean across all runs."""
    kept = {var: values for var, values, _, _ in _blocks(result, result.series)}
    levels = [QUANTILE_LEVELS.index(q) for q in (0.05, 0.5, 0.95)]
    over_all = {var: values[levels] for var, values, _, _ in _blocks(result, result.quantiles)}
    cols: dict[str, list[np.ndarray]] = {
        c: [] for c in ("step", "actor", "other", "q05", "q50", "q95", "mean", "q_runs")
    }
    variables: list[np.ndarray] = []
    for var, mean, ai, oi in _blocks(result, result.mean):
        t, m = mean.shape
        step, pos = np.indices((t, m)).reshape(2, -1)
        if var in over_all:
            q = over_all[var]
            q_runs = result.n_runs
        else:
            q = np.quantile(kept[var].astype(float), [0.05, 0.5, 0.95], axis=0)
            q_runs = result.kept
        cols["q_runs"].append(np.full(step.size, q_runs, dtype=np.int64))
        cols["step"].append(step)
        cols["actor"].append(ai[pos])
        cols["other"].append(oi[pos])
        for name, qi in zip(("q05", "q50", "q95"), q, strict=True):
            cols[name].append(qi.reshape(-1))
        cols["mean"].append(mean.reshape(-1).astype(float))
        variables.append(np.full(step.size, var, dtype=object))
    table: Table = {
        "step": np.concatenate(cols["step"]).astype(np.int64),
        "actor": _names(result.actors, np.concatenate(cols["actor"])),
        "other": _names(result.actors, np.concatenate(cols["other"])),
        "variable": np.concatenate(variables),
    }
    for name in ("q05", "q50", "q95", "mean"):
        table[name] = np.concatenate(cols[name])
    table["q_runs"] = np.concatenate(cols["q_runs"])
    size = table["step"].size
    table["n_kept"] = np.full(size, result.kept, dtype=np.int64)
    table["n_runs"] = np.full(size, result.n_runs, dtype=np.int64)
    return with_year(result, table)


def events_table(result: SimulationResult) -> Table:
    """The causal event log of the kept runs, with actor, target and action names."""
    ev = result.events
    code = np.asarray(ev["code"], dtype=np.int64)
    names = {int(c): action_name(int(c)) for c in np.unique(code)}
    cause_step = np.asarray(ev["cause_step"], dtype=np.int64)
    scripted = np.asarray(ev.get("scripted", np.zeros(code.size, dtype=bool)), dtype=bool)
    return with_year(result, {
        "run": np.asarray(ev["run"], dtype=np.int64),
        "step": np.asarray(ev["step"], dtype=np.int64),
        "actor": _names(result.actors, ev["actor"]),
        "target": _names(result.actors, ev["target"]),
        "action": np.array([names[int(c)] for c in code], dtype=object),
        "code": code,
        "amount": np.asarray(ev["amount"], dtype=float),
        "cause_actor": _names(result.actors, ev["cause_actor"]),
        "cause_step": np.array(
            [None if s < 0 else int(s) for s in cause_step.tolist()], dtype=object
        ),
        "scripted": scripted,
    })


#: Per-run outcomes with one value per actor, written as ``<name>.<actor>`` columns.
PER_ACTOR_OUTCOMES = ("arms_final", "arms_growth", "security_final")


def outcomes_table(result: SimulationResult) -> Table:
    """One row per run of the batch with its outcomes (see the module docstring)."""
    out = result.outcomes
    first = np.asarray(out["first_war_step"], dtype=np.int64)
    table: Table = {
        "run": np.arange(result.n_runs, dtype=np.int64),
        "war": np.asarray(out["war"], dtype=bool).astype(np.int64),
        "first_war_step": np.array([None if s < 0 else int(s) for s in first.tolist()],
                                   dtype=object),
    }
    years = step_years(result, np.maximum(first, 0))
    if years is not None:
        table["first_war_year"] = np.array(
            [None if s < 0 else y.item() for s, y in zip(first.tolist(), years, strict=True)],
            dtype=object,
        )
    for kind in WAR_KINDS.values():
        table[f"wars_{kind}"] = np.asarray(out[f"wars_{kind}"]).astype(np.int64)
    table["incidents"] = np.asarray(out["incidents"]).astype(np.int64)
    table["crises"] = np.asarray(out["crises"]).astype(np.int64)
    table["spiral"] = np.asarray(out["spiral"], dtype=float)
    for name in PER_ACTOR_OUTCOMES:
        values = np.asarray(out[name], dtype=float)
        for i, actor in enumerate(result.actors):
            table[f"{name}.{actor}"] = values[:, i]
    return table


def _sql_type(values: np.ndarray) -> str:
    if values.dtype.kind in "iub":
        return "BIGINT"
    if values.dtype.kind == "f":
        return "DOUBLE"
    sample = next((v for v in values if v is not None), "")
    if isinstance(sample, float):
        return "DOUBLE"
    return "BIGINT" if isinstance(sample, int) else "VARCHAR"


def _format(path: Path) -> str:
    fmt = path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"{path}: unknown table format {fmt!r} (allowed: {', '.join(FORMATS)})")
    return fmt


def write_parquet(table: Table, path: str | Path) -> Path:
    """Write ``table`` to a Parquet file at ``path`` with DuckDB and return the path.

    Column order is kept; integer columns that hold ``None`` become nullable BIGINT.
    """
    return _write(table, Path(path), "parquet")


def write_table(table: Table, path: str | Path) -> Path:
    """Write ``table`` as Parquet or CSV (with a header row), by the suffix of ``path``."""
    path = Path(path)
    return _write(table, path, _format(path))


def _write(table: Table, path: Path, fmt: str) -> Path:
    options = "FORMAT parquet" if fmt == "parquet" else "FORMAT csv, HEADER true"
    con = duckdb.connect()
    try:
        data = {k: v for k, v in table.items()}  # noqa: C416 (a name DuckDB can scan)
        select = ", ".join(f'CAST("{k}" AS {_sql_type(v)}) AS "{k}"' for k, v in table.items())
        con.register("herz_table", data)
        target = str(path).replace("'", "''")
        con.execute(f"COPY (SELECT {select} FROM herz_table) TO '{target}' ({options})")
    finally:
        con.close()
    return path


def read_parquet(path: str | Path) -> Table:
    """Read a Parquet file into a dict of NumPy arrays (strings and nulls as objects)."""
    return _read(Path(path), "parquet")


def read_table(path: str | Path) -> Table:
    """Read a table written by :func:`write_table` (Parquet or CSV, by suffix)."""
    path = Path(path)
    return _read(path, _format(path))


def _read(path: Path, fmt: str) -> Table:
    con = duckdb.connect()
    try:
        target = str(path).replace("'", "''")
        reader = (f"read_parquet('{target}')" if fmt == "parquet"
                  else f"read_csv('{target}', header = true)")
        rel = con.execute(f"SELECT * FROM {reader}")
        names = [d[0] for d in rel.description]
        rows = rel.fetchall()
    finally:
        con.close()
    out: Table = {}
    for i, name in enumerate(names):
        values = [r[i] for r in rows]
        if values and all(isinstance(v, int) for v in values):
            out[name] = np.array(values, dtype=np.int64)
        elif values and all(isinstance(v, float | int) for v in values):
            out[name] = np.array(values, dtype=float)
        else:
            out[name] = np.array(values, dtype=object)
    return out
