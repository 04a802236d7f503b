"""The case library: load a case by name or from a file, branch it, read its observed data.

A case is two files side by side: ``<file>.toml``, a scenario in the engine's schema (so
``herz run`` and everything else that works on scenarios works on it), and ``<file>.case.toml``,
its metadata (:class:`herz.cases.spec.CaseMeta`). The library's cases live in this package;
a case of one's own lives anywhere, with its files (the scenario, a spending CSV) beside its
case file. :func:`load_case` is the one way in for both: a name is looked up in the library,
anything else is read as the path of a case file. Initial GDP and forces are built from the
observed data (packaged, cited data sets, :mod:`herz.data`, or the case's own spending file);
:func:`derived_initial` recomputes them so that a test can check the scenario file against the
data.

Initial forces follow the perpetual-inventory method in its steady state (Goldsmith 1951; OECD
2009, *Measuring Capital*): a stock that depreciates at rate ``delta`` and is maintained by
spending ``x`` is ``x / delta``. herz splits the first observed year's spending across force
classes by the actor's procurement shares, so that the initial upkeep equals observed spending.
"""

from __future__ import annotations

import copy
import hashlib
import math
import os
import re
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from herz.cases.spec import SPENDING_COLUMNS, ActorCode, CaseMeta, Counterfactual
from herz.data import datasets, load_table
from herz.engine.forces import default_classes
from herz.engine.scenario import Scenario, apply_overrides, error_from_validation, parse_scenario
from herz.errors import HerzInputError
from herz.inputs import is_file, loads_toml, parse_csv, read_text

__all__ = [
    "CASE_SUFFIX",
    "Case",
    "actor_codes",
    "apply_counterfactuals",
    "case_names",
    "case_scenario",
    "derived_initial",
    "load_case",
    "lowest_burden",
    "observed_burden",
    "observed_file",
    "observed_spending",
    "read_spending_file",
]

#: How a case file's name ends (its scenario is a plain ``.toml`` beside it).
CASE_SUFFIX = ".case.toml"
#: A library case's name (the pattern of :attr:`CaseMeta.name`): anything else is a path.
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

#: Per packaged data set: file, key column, spending column, share-of-GDP column (None: no GDP).
_LAYOUT: dict[str, tuple[str, str, str, str | None]] = {
    "sipri_cases": (
        "milex_case_states_1949_2024.csv",
        "country",
        "milex_const2023_usd_m",
        "milex_share_gdp",
    ),
    "nmc_cases": ("nmc_v7_case_states.csv", "ccode", "milex", None),
}

#: Per series key and year: spending and GDP (None: the data give none), in the data's unit.
Table = dict[str, dict[int, tuple[float, float | None]]]


@dataclass(frozen=True)
class Case:
    """A case: its metadata, its scenario data (as read from TOML) and where it came from.

    ``source`` names the scenario file and ``file`` the case file, as messages show them
    (``herz/cases/...`` for the library's); ``folder`` is where the files beside the case file
    are read from, and ``packaged`` says whether the case is one of the library's.
    """

    meta: CaseMeta
    data: dict[str, Any]
    source: str
    file: str = ""
    folder: Traversable | None = None
    packaged: bool = True

    @property
    def name(self) -> str:
        return self.meta.name

    def counterfactual(self, name: str) -> Counterfactual:
        for cf in self.meta.counterfactuals:
            if cf.name == name:
                return cf
        raise HerzInputError(
            f"no counterfactual {name!r}",
            field="counterfactual",
            allowed=", ".join(c.name for c in self.meta.counterfactuals) or "none",
            source=self.name,
        )


def _root() -> Traversable:
    return resources.files("herz.cases")


def _parse_meta(text: str, source: str) -> CaseMeta:
    raw = loads_toml(text, source)
    if "scenario" not in raw and "actors" in raw and "name" in raw:
        raise HerzInputError(
            "a scenario file, not a case file (no `scenario` field)", field="scenario",
            allowed=f"a case file NAME{CASE_SUFFIX} naming its scenario; `herz case new NAME` "
            "writes one", source=source,
        )
    try:
        return CaseMeta.model_validate(raw)
    except ValidationError as err:
        raise error_from_validation(err, source) from None


def _metas() -> dict[str, tuple[CaseMeta, str]]:
    out: dict[str, tuple[CaseMeta, str]] = {}
    for path in sorted(_root().iterdir(), key=lambda p: p.name):
        if not path.name.endswith(CASE_SUFFIX):
            continue
        source = f"herz/cases/{path.name}"
        meta = _parse_meta(path.read_text(encoding="utf-8"), source)
        out[meta.name] = (meta, source)
    return out


def case_names() -> list[str]:
    """Names of the cases in the library."""
    return sorted(_metas())


def _beside(folder: Traversable, name: str, *, field: str, case_file: str,
            packaged: bool) -> tuple[str, str]:
    """The text of file ``name`` beside a case file, and how messages name it.

    A file of one's own is read with the limits of :func:`herz.inputs.read_text`; a missing
    one is an error naming the case file and the field that names it.
    """
    if not packaged:
        path = Path(str(folder)) / name
        if not is_file(path):
            raise HerzInputError(f"names {name!r}, but there is no such file beside the case "
                                 f"file (looked for {path})", field=field, source=case_file)
        return read_text(path), str(path)
    node = folder / name
    if not node.is_file():
        raise HerzInputError(f"no file {name!r} in the library", field=field, source=case_file)
    return node.read_text(encoding="utf-8"), f"herz/cases/{name}"


def _build(meta: CaseMeta, folder: Traversable, case_file: str, packaged: bool) -> Case:
    """A case from its validated metadata, reading its scenario and checking its data files."""
    unknown = [d for d in meta.datasets if d not in datasets()]
    if unknown:
        raise HerzInputError(f"no packaged data set {unknown[0]!r}", field="datasets",
                             allowed=", ".join(datasets()), source=case_file)
    text, source = _beside(folder, meta.scenario, field="scenario", case_file=case_file,
                           packaged=packaged)
    data = loads_toml(text, source)
    if meta.observed.file is not None:
        _beside(folder, meta.observed.file, field="observed.file", case_file=case_file,
                packaged=packaged)
    return Case(meta=meta, data=data, source=source, file=case_file, folder=folder,
                packaged=packaged)


def load_case(ref: str | os.PathLike[str]) -> Case:
    """The case ``ref``: a library case's name (see :func:`case_names`), or the path of a case
    file (``NAME.case.toml``) anywhere, whose scenario and spending file are read from beside it.

    A plain name (lower-case letters, digits, hyphens) is looked up in the library; anything
    else (``./my.case.toml``, ``cases/x.case.toml``) is a path. Every failure (no such case or
    file, a file it names missing, bad TOML, a field out of its schema) is one
    :class:`herz.errors.HerzInputError` naming the file and the field.
    """
    text = os.fspath(ref)
    if isinstance(ref, str) and _NAME.match(ref):
        metas = _metas()
        if ref not in metas:
            raise HerzInputError(
                f"no case {ref!r}", field="case",
                allowed=", ".join(sorted(metas)) + f", or the path of a case file "
                f"(./NAME{CASE_SUFFIX})", source=ref,
            )
        meta, case_file = metas[ref]
        return _build(meta, _root(), case_file, packaged=True)
    path = Path(text)
    meta = _parse_meta(read_text(path), text)
    return _build(meta, path.parent, text, packaged=False)


def actor_codes(case: Case) -> dict[str, ActorCode]:
    """Every actor's standard codes (COW ``ccode``, ISO alpha-3, kind), by actor name, in the
    scenario's order; an actor of the scenario without an entry in ``[[codes]]`` is an error."""
    given = {c.actor: c for c in case.meta.codes}
    names = [a["name"] for a in case.data.get("actors", [])]
    missing = [a for a in names if a not in given]
    if missing:
        raise HerzInputError(f"no codes for {', '.join(missing)}", field="codes",
                             allowed="a [[codes]] entry for every actor", source=case.name)
    extra = sorted(set(given) - set(names))
    if extra:
        raise HerzInputError(f"codes for actors not in the scenario: {', '.join(extra)}",
                             field="codes", source=case.name)
    return {a: given[a] for a in names}


def apply_counterfactuals(case: Case, names: list[str]) -> dict[str, Any]:
    """The case's scenario data with the named counterfactual branches applied, in order.

    Each branch removes the timeline entries it matches (each match must select at least one
    entry), appends its own entries and applies its ``set`` overrides; nothing else changes.
    """
    data = copy.deepcopy(case.data)
    for name in names:
        cf = case.counterfactual(name)
        timeline = list(data.get("timeline", []))
        for i, match in enumerate(cf.remove):
            hits = [e for e in timeline if match.matches(e)]
            if not hits:
                raise HerzInputError(
                    "matches no timeline entry",
                    field=f"counterfactuals.{name}.remove.{i}",
                    source=case.name,
                )
            timeline = [e for e in timeline if not match.matches(e)]
        timeline.extend(copy.deepcopy(cf.add))
        data["timeline"] = timeline
        data = apply_overrides(data, cf.set, source=f"{case.name}:{name}")
    return data


def case_scenario(
    case: Case, counterfactuals: list[str] | None = None, overrides: list[str] | None = None
) -> Scenario:
    """The validated scenario of ``case``, branched and overridden."""
    data = apply_counterfactuals(case, list(counterfactuals or []))
    data = apply_overrides(data, list(overrides or []), source=case.source)
    return parse_scenario(data, source=case.source)


def read_spending_file(path: str | os.PathLike[str]) -> Table:
    """A spending CSV of one's own: per series and year, spending and GDP (None if not given).

    Columns :data:`herz.cases.spec.SPENDING_COLUMNS` (``series``, ``year``, ``spending``) and
    optionally ``gdp``, in the file's unit; lines starting with ``#`` are comments; an empty
    ``gdp`` cell means no GDP that year. A missing column, a cell that is not a number, a
    negative value or a series-year given twice is a one-line error naming the file and column.
    """
    source = os.fspath(path)
    return _parse_spending(read_text(Path(source)), source)


def _parse_spending(text: str, source: str) -> Table:
    out: Table = {}
    for n, row in parse_csv(text, source, SPENDING_COLUMNS):
        key = row["series"]
        if not key:
            raise HerzInputError(f"line {n}: empty", field="series", source=source)
        year = _number(row["year"], n, "year", source)
        if year != int(year):
            raise HerzInputError(f"line {n}: {row['year']!r} is not a whole year", field="year",
                                 source=source)
        value = _number(row["spending"], n, "spending", source)
        gdp = _number(row["gdp"], n, "gdp", source) if row.get("gdp") else None
        if gdp is not None and gdp <= 0:
            raise HerzInputError(f"line {n}: {gdp:g}", field="gdp", allowed="> 0", source=source)
        series = out.setdefault(key, {})
        if int(year) in series:
            raise HerzInputError(f"line {n}: {key!r} in {int(year)} is given twice",
                                 field="series, year", source=source)
        series[int(year)] = (value, gdp)
    return out


def _number(text: str, row: int, column: str, source: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise HerzInputError(f"line {row}: {text!r}", field=column,
                             allowed="a finite number >= 0", source=source)
    return value


def _packaged_table(dataset: str) -> Table:
    """A packaged data set in the :data:`Table` shape: a year counts only with a positive
    GDP share, where the layout has one."""
    filename, key, column, share = _LAYOUT[dataset]
    out: Table = {}
    for row in load_table(dataset, filename):
        if not row[column]:
            continue
        value = float(row[column])
        gdp: float | None = None
        if share is not None:
            if not row[share] or float(row[share]) <= 0:
                continue
            gdp = value / float(row[share])
        out.setdefault(row[key], {})[int(row["year"])] = (value, gdp)
    return out


def _table(case: Case) -> Table:
    """The observed data of ``case``: its packaged data set or its own spending file."""
    obs = case.meta.observed
    if obs.file is None:
        assert obs.dataset is not None  # the schema gives one or the other
        return _packaged_table(obs.dataset)
    assert case.folder is not None
    text, source = _beside(case.folder, obs.file, field="observed.file", case_file=case.file,
                           packaged=case.packaged)
    table = _parse_spending(text, source)
    for i, actor in enumerate(case.meta.actors):
        missing = [k for k in actor.series if k not in table]
        if missing:
            raise HerzInputError(
                f"series {missing[0]!r} of {actor.name} has no row in {obs.file}",
                field=f"actors.{i}.series", allowed=", ".join(sorted(table)) or "no series",
                source=case.file,
            )
    return table


def observed_file(case: Case) -> dict[str, str] | None:
    """The case's own spending file as outputs record it (name, citation, SHA-256 of its
    text); None for a case on a packaged data set."""
    obs = case.meta.observed
    if obs.file is None:
        return None
    assert case.folder is not None
    text, _ = _beside(case.folder, obs.file, field="observed.file", case_file=case.file,
                      packaged=case.packaged)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return {"file": obs.file, "citation": obs.citation, "sha256": digest}


def _series(table: Table, keys: list[str]) -> dict[int, tuple[float, float | None]]:
    """Per year: summed spending and summed GDP (None when the data give no GDP) over ``keys``.

    A year counts only when every key has a value (and a GDP share, where the layout has one).
    """
    per_key = {k: table.get(k, {}) for k in keys}
    years = set.intersection(*(set(v) for v in per_key.values())) if keys else set()
    out: dict[int, tuple[float, float | None]] = {}
    for y in sorted(years):
        spend = sum(per_key[k][y][0] for k in keys)
        gdps = [per_key[k][y][1] for k in keys]
        out[y] = (spend, None if any(g is None for g in gdps) else sum(g for g in gdps if g))
    return out


def observed_spending(case: Case) -> dict[str, dict[int, float]]:
    """Observed military spending per actor and year, in the scenario's GDP units."""
    obs = case.meta.observed
    table = _table(case)
    out: dict[str, dict[int, float]] = {}
    for actor in case.meta.actors:
        series = _series(table, actor.series)
        out[actor.name] = {
            y: v * obs.scale
            for y, (v, _) in series.items()
            if obs.first_year <= y <= obs.last_year
        }
    return out


def derived_initial(case: Case) -> dict[str, dict[str, Any]]:
    """Initial GDP, forces and growth of each actor as built from the observed data.

    * ``spending``: observed spending in the first observed year (GDP units);
    * ``gdp``: the data's GDP (SIPRI: spending / share of GDP; a spending file: its ``gdp``
      column), or spending / the stated ``burden``;
    * ``growth``: mean annual growth of that GDP over the observed window (None with a burden);
    * ``forces``: the steady-state stock ``spending * p_k / (delta_k * cost_k)`` of every class
      with a positive procurement share ``p_k`` in the scenario.
    """
    obs = case.meta.observed
    table = _table(case)
    first = obs.first_year
    actors = {a["name"]: a for a in case.data["actors"]}
    classes = {c.name: c for c in default_classes()}
    for raw in case.data.get("forces", []):
        classes[raw["name"]] = type(next(iter(classes.values()))).model_validate(raw)
    out: dict[str, dict[str, Any]] = {}
    for spec in case.meta.actors:
        series = _series(table, spec.series)
        if first not in series:
            raise HerzInputError(
                f"no data for {spec.name} in {first}", field="observed.first_year",
                source=case.file or case.name,
            )
        spend, gdp_raw = series[first]
        spending = spend * obs.scale
        if spec.burden is not None:
            gdp = spending / spec.burden
            growth = None
        else:
            if gdp_raw is None:
                raise HerzInputError(
                    f"{spec.name}: the data have no GDP; state a burden",
                    field="actors.burden", source=case.file or case.name,
                )
            gdp = gdp_raw * obs.scale
            years = [y for y in series if first <= y <= obs.last_year and series[y][1]]
            last = max(years)
            g_last = series[last][1] or gdp_raw
            growth = math.exp(math.log(g_last / gdp_raw) / max(last - first, 1)) - 1.0
        shares = actors[spec.name].get("procurement") or {
            c.name: c.procurement for c in classes.values()
        }
        total = sum(shares.values())
        forces = {
            k: spending * (p / total) / (classes[k].depreciation * classes[k].cost)
            for k, p in shares.items()
            if p > 0
        }
        out[spec.name] = {"spending": spending, "gdp": gdp, "growth": growth, "forces": forces}
    return out


def observed_burden(case: Case) -> dict[str, dict[int, float]]:
    """Observed defence burden (military spending / GDP) per actor and year of the window.

    SIPRI data give GDP each year (spending / share of GDP, summed over an aggregate's states).
    Where the data have no GDP (NMC), GDP is the stated first-year GDP grown at the scenario's
    ``growth``; the burden then follows the observed spending path around the stated burden.
    """
    obs = case.meta.observed
    table = _table(case)
    actors = {a["name"]: a for a in case.data["actors"]}
    out: dict[str, dict[int, float]] = {}
    for spec in case.meta.actors:
        series = {
            y: v for y, v in _series(table, spec.series).items()
            if obs.first_year <= y <= obs.last_year
        }
        if spec.burden is not None:
            first = min(series)
            gdp0 = series[first][0] / spec.burden
            g = float(actors[spec.name].get("growth", 0.02))
            out[spec.name] = {
                y: v / (gdp0 * (1.0 + g) ** (y - first)) for y, (v, _) in series.items()
            }
        else:
            out[spec.name] = {y: v / gdp for y, (v, gdp) in series.items() if gdp}
    return out


def lowest_burden(case: Case) -> dict[str, float]:
    """Each actor's lowest observed defence burden over the case window.

    It bounds the actor's ``min_budget_share`` from above: a floor on spending above the least
    the state ever spent would contradict the data. Peacetime floors are a share of it (domestic
    commitments that survive any fall in threat: pay, pensions, bases; Olson & Zeckhauser 1966
    on allies' spending that does not fall to zero when others provide security).
    """
    return {a: min(b.values()) for a, b in observed_burden(case).items()}
