"""The case library: load a case by name, branch its counterfactuals, read its observed data.

A case is two files in this package: ``<file>.toml``, a scenario in the engine's schema (so
``herz run`` and everything else that works on scenarios works on it), and ``<file>.case.toml``,
its metadata (:class:`herz.cases.spec.CaseMeta`). Initial GDP and forces are built from packaged,
cited data (:mod:`herz.data`); :func:`derived_initial` recomputes them so that a test can check
the scenario file against the data.

Initial forces follow the perpetual-inventory method in its steady state (Goldsmith 1951; OECD
2009, *Measuring Capital*): a stock that depreciates at rate ``delta`` and is maintained by
spending ``x`` is ``x / delta``. herz splits the first observed year's spending across force
classes by the actor's procurement shares, so that the initial upkeep equals observed spending.
"""

from __future__ import annotations

import copy
import math
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

from pydantic import ValidationError

from herz.cases.spec import ActorCode, CaseMeta, Counterfactual
from herz.data import load_table
from herz.engine.forces import default_classes
from herz.engine.scenario import Scenario, apply_overrides, parse_scenario
from herz.errors import HerzInputError

__all__ = [
    "Case",
    "actor_codes",
    "apply_counterfactuals",
    "case_names",
    "case_scenario",
    "derived_initial",
    "load_case",
    "lowest_burden",
    "observed_burden",
    "observed_spending",
]

#: Per data set: file, key column, spending column, share-of-GDP column (None: no GDP).
_LAYOUT: dict[str, tuple[str, str, str, str | None]] = {
    "sipri_cases": (
        "milex_case_states_1949_2024.csv",
        "country",
        "milex_const2023_usd_m",
        "milex_share_gdp",
    ),
    "nmc_cases": ("nmc_v7_case_states.csv", "ccode", "milex", None),
}


@dataclass(frozen=True)
class Case:
    """A case: its metadata, its scenario data (as read from TOML) and where it came from."""

    meta: CaseMeta
    data: dict[str, Any]
    source: str

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


def _root() -> resources.abc.Traversable:
    return resources.files("herz.cases")


def _metas() -> dict[str, tuple[CaseMeta, str]]:
    out: dict[str, tuple[CaseMeta, str]] = {}
    for path in sorted(_root().iterdir(), key=lambda p: p.name):
        if not path.name.endswith(".case.toml"):
            continue
        source = f"herz/cases/{path.name}"
        try:
            meta = CaseMeta.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
        except ValidationError as err:
            first = err.errors()[0]
            raise HerzInputError(
                first["msg"], field=".".join(str(p) for p in first["loc"]), source=source
            ) from None
        out[meta.name] = (meta, source)
    return out


def case_names() -> list[str]:
    """Names of the cases in the library."""
    return sorted(_metas())


def load_case(name: str) -> Case:
    """The case called ``name`` (see :func:`case_names`)."""
    metas = _metas()
    if name not in metas:
        raise HerzInputError(
            f"no case {name!r}", field="case", allowed=", ".join(sorted(metas)), source=name
        )
    meta, source = metas[name]
    path = _root() / meta.scenario
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return Case(meta=meta, data=data, source=f"herz/cases/{meta.scenario}")


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


def _series(dataset: str, keys: list[str]) -> dict[int, tuple[float, float | None]]:
    """Per year: summed spending and summed GDP (None when the data give no GDP) over ``keys``.

    A year counts only when every key has a value (and a GDP share, where the layout has one).
    """
    filename, key, column, share = _LAYOUT[dataset]
    rows = load_table(dataset, filename)
    per_key: dict[str, dict[int, tuple[float, float | None]]] = {k: {} for k in keys}
    for row in rows:
        k = row[key]
        if k not in per_key or not row[column]:
            continue
        value = float(row[column])
        gdp: float | None = None
        if share is not None:
            if not row[share] or float(row[share]) <= 0:
                continue
            gdp = value / float(row[share])
        per_key[k][int(row["year"])] = (value, gdp)
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
    out: dict[str, dict[int, float]] = {}
    for actor in case.meta.actors:
        series = _series(obs.dataset, actor.series)
        out[actor.name] = {
            y: v * obs.scale
            for y, (v, _) in series.items()
            if obs.first_year <= y <= obs.last_year
        }
    return out


def derived_initial(case: Case) -> dict[str, dict[str, Any]]:
    """Initial GDP, forces and growth of each actor as built from the packaged data.

    * ``spending``: observed spending in the first observed year (GDP units);
    * ``gdp``: SIPRI spending / share of GDP, or spending / the stated ``burden``;
    * ``growth``: mean annual growth of that GDP over the observed window (SIPRI only);
    * ``forces``: the steady-state stock ``spending * p_k / (delta_k * cost_k)`` of every class
      with a positive procurement share ``p_k`` in the scenario.
    """
    obs = case.meta.observed
    first = obs.first_year
    actors = {a["name"]: a for a in case.data["actors"]}
    classes = {c.name: c for c in default_classes()}
    for raw in case.data.get("forces", []):
        classes[raw["name"]] = type(next(iter(classes.values()))).model_validate(raw)
    out: dict[str, dict[str, Any]] = {}
    for spec in case.meta.actors:
        series = _series(obs.dataset, spec.series)
        if first not in series:
            raise HerzInputError(
                f"no data for {spec.name} in {first}", field="observed.first_year",
                source=case.name,
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
                    field="actors.burden", source=case.name,
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
    actors = {a["name"]: a for a in case.data["actors"]}
    out: dict[str, dict[int, float]] = {}
    for spec in case.meta.actors:
        series = {
            y: v for y, v in _series(obs.dataset, spec.series).items()
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
