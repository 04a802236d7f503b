"""Score a case's dyad-year predictions against the dispute record (``herz case backtest``).

The case is simulated (``runs`` runs, ``seed``); its dyad outputs (:mod:`herz.results.dyads`)
give, for each year and pair of actors with state codes, the share of runs in which the pair's
events reach MID hostility level ``level`` or more (:data:`herz.engine.events.MID_LEVELS`),
counting **only the model's own acts** (the timeline's scripted acts are history written into
the case, not predictions; ``scripted=True`` counts them too). The observed outcome is whether a
militarized dispute of that level or more began between the two (any member of an aggregate
actor) that year, in a dispute file in the dyad-year layout of the Gibler-Miller-Little MID data
(``ccode1``, ``ccode2``, ``year``, an onset column, hostility levels); a war file in the layout
of COW Inter-State War dyad-years adds war onsets (level 5).

Scores (Brier 1950; Murphy 1973; Hanley & McNeil 1982):

* the Brier score, the mean squared error of the probabilities;
* Brier skill ``1 - B / B_ref`` against two references: the pooled base rate of the scored
  dyad-years, and each pair's own onset rate over the 20 years before the case starts;
* the AUC over all dyad-years, across pairs (each pair's mean probability against whether it
  had any onset), and within pairs over time (each onset year against each quiet year of the
  same pair, pooled over pairs: the timing of disputes);
* percentile bootstrap intervals (``bootstrap`` replicates, seeded by ``seed``) that resample
  years within each pair: the pairs are the case's, the years are the sample;
* a reliability diagram (predicted probability against observed frequency, in bins).

Dispute data stop in 1993 on purpose: post-1993 cases are judged out of sample. A case whose
years all lie after the file's coverage is refused.
"""

from __future__ import annotations

import csv
import gzip
import io
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from herz.cases.library import Case, actor_codes, case_scenario
from herz.engine.simulate import SimulationResult, dyad_pairs, simulate
from herz.errors import HerzInputError

__all__ = [
    "PACKAGED",
    "Backtest",
    "DisputeRecord",
    "auc",
    "backtest",
    "bootstrap_intervals",
    "read_disputes",
    "reliability_png",
]

#: The packaged dispute subset (herz/data/mid_cases), used when no file is given.
PACKAGED = "packaged"
HISTORY_YEARS = 20
ONSET_COLUMNS = ("gmlmidonset", "midonset", "onset", "cowinteronset")


@dataclass(frozen=True)
class DisputeRecord:
    """Onsets per unordered pair of COW codes and year: the highest hostility level begun."""

    onsets: dict[tuple[int, int, int], int]  # (low ccode, high ccode, year) -> level
    first_year: int
    last_year: int
    source: str

    def level(self, a: list[int], b: list[int], year: int) -> int:
        """The highest level of a dispute begun in ``year`` between any code of ``a`` and any
        of ``b`` (0: none)."""
        best = 0
        for x in a:
            for y in b:
                if x != y:
                    best = max(best, self.onsets.get((min(x, y), max(x, y), year), 0))
        return best

    def merged(self, other: DisputeRecord) -> DisputeRecord:
        onsets = dict(self.onsets)
        for k, v in other.onsets.items():
            onsets[k] = max(onsets.get(k, 0), v)
        return DisputeRecord(onsets, min(self.first_year, other.first_year),
                             max(self.last_year, other.last_year),
                             f"{self.source} + {other.source}")


def _text(path: str, packaged: str) -> tuple[str, str]:
    if path == PACKAGED:
        root = resources.files("herz.data") / "mid_cases" / packaged
        return root.read_text(encoding="utf-8"), f"herz/data/mid_cases/{packaged}"
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise HerzInputError(f"cannot read: {err.strerror or err}", source=path) from None
    if p.suffix == ".gz":
        try:
            raw = gzip.decompress(raw)
        except OSError as err:
            raise HerzInputError(f"not a gzip file: {err}", source=path) from None
    try:
        return raw.decode("utf-8-sig"), path
    except UnicodeDecodeError:
        raise HerzInputError("not a UTF-8 CSV file", source=path) from None


def read_disputes(path: str, war: bool = False) -> DisputeRecord:
    """Read a dyad-year dispute file (``war``: a war file, every onset at level 5).

    Needs ``ccode1``, ``ccode2``, ``year`` and an onset column (``gmlmidonset``, ``midonset``,
    ``onset`` or ``cowinteronset``); hostility levels come from ``hostlev1``/``hostlev2`` (the
    higher of the two sides) or ``hostlev``; without them a dispute file counts every onset at
    level 2. A row with an onset of 1 records an onset; others only extend the coverage.
    """
    text, source = _text(path, "cow_war_ddy_case_states.csv" if war
                         else "gml_mid_ddy_case_states.csv")
    reader = csv.DictReader(io.StringIO(text))
    columns = set(reader.fieldnames or [])
    field_name = "--wars" if war else "--disputes"
    for col in ("ccode1", "ccode2", "year"):
        if col not in columns:
            raise HerzInputError(f"missing column {col!r}", field=field_name, source=source,
                                 allowed="a dyad-year file with ccode1, ccode2, year, an onset "
                                 "column and hostility levels")
    onset = next((c for c in ONSET_COLUMNS if c in columns), None)
    if onset is None:
        raise HerzInputError("missing column 'gmlmidonset' (the onset column)", field=field_name,
                             source=source, allowed=", ".join(ONSET_COLUMNS))
    sides = {"hostlev1", "hostlev2"} <= columns
    onsets: dict[tuple[int, int, int], int] = {}
    years = []
    for n, row in enumerate(reader, start=2):
        try:
            a, b, y = int(row["ccode1"]), int(row["ccode2"]), int(row["year"])
            begun = int(float(row[onset] or 0)) == 1
            if war:
                level = 5
            elif sides:
                level = max(int(float(row["hostlev1"] or 0)), int(float(row["hostlev2"] or 0)))
            elif "hostlev" in columns:
                level = int(float(row["hostlev"] or 0))
            else:
                level = 2
        except (TypeError, ValueError):
            raise HerzInputError(f"line {n}: not a number", field=field_name,
                                 source=source) from None
        years.append(y)
        if begun and a != b:
            key = (min(a, b), max(a, b), y)
            onsets[key] = max(onsets.get(key, 0), level)
    if not years:
        raise HerzInputError("no rows", field=field_name, source=source)
    return DisputeRecord(onsets, min(years), max(years), source)


def auc(p: np.ndarray, y: np.ndarray, strata: np.ndarray | None = None) -> float | None:
    """The area under the ROC curve (ties count one half); with ``strata``, only pairs of one
    onset and one quiet observation of the same stratum are compared. None: nothing to compare."""
    p, y = np.asarray(p, float), np.asarray(y, bool)
    groups = [np.ones(len(p), bool)] if strata is None else [strata == s for s in np.unique(strata)]
    wins = total = 0.0
    for g in groups:
        pos, neg = p[g & y], p[g & ~y]
        if len(pos) and len(neg):
            diff = pos[:, None] - neg[None, :]
            wins += float((diff > 0).sum() + 0.5 * (diff == 0).sum())
            total += len(pos) * len(neg)
    return None if total == 0 else wins / total


def _brier(p: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean((p - y) ** 2))


def _skill(b: float, ref: float) -> float | None:
    return None if ref <= 0 else 1.0 - b / ref


@dataclass
class Backtest:
    """The scored dyad-years and the scores (see the module docstring)."""

    case: str
    level: int
    scripted: bool
    runs: int
    seed: int
    years: tuple[int, int]
    coverage: tuple[int, int]
    source: str
    rows: dict[str, np.ndarray]  # year, pair, actor, other, p, observed, history
    scores: dict[str, Any] = field(default_factory=dict)
    reliability: list[dict[str, Any]] = field(default_factory=list)
    backend: str = "numpy"

    def as_dict(self) -> dict[str, Any]:
        return {
            "case": self.case,
            "level": self.level,
            "counts_scripted_acts": self.scripted,
            "runs": self.runs,
            "seed": self.seed,
            "backend": self.backend,
            "years": list(self.years),
            "dispute_coverage": list(self.coverage),
            "disputes": self.source,
            "dyad_years": int(len(self.rows["p"])),
            "pairs": int(len(np.unique(self.rows["pair"]))),
            "onsets": int(self.rows["observed"].sum()),
            "scores": self.scores,
            "reliability": self.reliability,
        }


def _scores(p: np.ndarray, y: np.ndarray, hist: np.ndarray, pair: np.ndarray
            ) -> dict[str, float | None]:
    b = _brier(p, y)
    base = float(y.mean())
    pairs = np.unique(pair)
    mean_p = np.array([p[pair == k].mean() for k in pairs])
    any_y = np.array([y[pair == k].any() for k in pairs])
    return {
        "brier": b,
        "base_rate": base,
        "brier_base_rate": _brier(np.full_like(p, base), y),
        "skill_vs_base_rate": _skill(b, _brier(np.full_like(p, base), y)),
        "brier_pair_history": _brier(hist, y),
        "skill_vs_pair_history": _skill(b, _brier(hist, y)),
        "auc_all": auc(p, y),
        "auc_across_pairs": auc(mean_p, any_y),
        "auc_within_pairs": auc(p, y, strata=pair),
    }


def bootstrap_intervals(p: np.ndarray, y: np.ndarray, hist: np.ndarray, pair: np.ndarray,
                        n: int, seed: int) -> dict[str, list[float | None]]:
    """95% percentile intervals of the scores over ``n`` resamples of years within pairs."""
    rng = np.random.default_rng([seed, 1993])
    groups = [np.flatnonzero(pair == k) for k in np.unique(pair)]
    draws: dict[str, list[float]] = {}
    for _ in range(n):
        idx = np.concatenate([rng.choice(g, size=len(g), replace=True) for g in groups])
        for k, v in _scores(p[idx], y[idx], hist[idx], pair[idx]).items():
            if v is not None:
                draws.setdefault(k, []).append(v)
    out: dict[str, list[float | None]] = {}
    for k, vals in draws.items():
        if len(vals) >= 0.5 * n:
            lo, hi = np.quantile(vals, [0.025, 0.975])
            out[k] = [float(lo), float(hi)]
        else:
            out[k] = [None, None]
    return out


def _reliability(p: np.ndarray, y: np.ndarray, bins: int = 10) -> list[dict[str, Any]]:
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    out = []
    for b in range(bins):
        m = which == b
        if m.any():
            out.append({"low": float(edges[b]), "high": float(edges[b + 1]), "n": int(m.sum()),
                        "mean_p": float(p[m].mean()), "observed": float(y[m].mean())})
    return out


def predictions(result: SimulationResult, level: int, scripted: bool) -> np.ndarray:
    """``(steps, P)``: the share of runs whose pair reaches ``level`` (own acts, or all)."""
    key = f"hostlev_{level}" if scripted else f"own_hostlev_{level}"
    return result.dyads[key]


def backtest(
    case: Case,
    disputes: DisputeRecord,
    *,
    runs: int = 400,
    seed: int = 0,
    first: int | None = None,
    last: int | None = None,
    level: int = 2,
    scripted: bool = False,
    bootstrap: int = 1000,
    overrides: list[str] | None = None,
    backend: str = "numpy",
) -> Backtest:
    """Simulate ``case`` and score its dyad-years against ``disputes`` (module docstring);
    ``backend`` computes the runs (:func:`herz.engine.simulate.simulate`) and is recorded."""
    if level not in (2, 3, 4, 5):
        raise HerzInputError(f"level {level}", field="--level", allowed="2, 3, 4 or 5")
    sc = case_scenario(case, overrides=overrides)
    if sc.start_year is None or sc.step_years != 1:
        raise HerzInputError("a backtest needs yearly steps and a start year", field="case",
                             source=case.name)
    start = int(sc.start_year)
    end = start + sc.steps - 1
    lo, hi = max(start, first or start), min(end, last if last is not None else end)
    if lo > hi:
        raise HerzInputError(f"no year of the case ({start}-{end}) in --from/--to",
                             field="--from/--to", source=case.name)
    if lo > disputes.last_year:
        raise HerzInputError(
            f"the case's years ({lo}-{hi}) lie after the dispute data's coverage "
            f"({disputes.first_year}-{disputes.last_year}); cases after 1993 are judged out of "
            "sample and are not scored against these data", field="case", source=case.name)
    hi = min(hi, disputes.last_year)
    codes = actor_codes(case)
    result = simulate(sc, runs, rng=seed, keep=1, backend=backend)
    pred = predictions(result, level, scripted)
    ii, jj = dyad_pairs(len(result.actors))
    rows: dict[str, list[Any]] = {k: [] for k in
                                  ("year", "pair", "actor", "other", "p", "observed", "history")}
    for k, (i, j) in enumerate(zip(ii, jj, strict=True)):
        a, b = codes[result.actors[i]].ccode, codes[result.actors[j]].ccode
        if not a or not b:
            continue  # a non-state actor has no dyads in the state-based data
        past = range(max(start - HISTORY_YEARS, disputes.first_year), start)
        rate = (sum(disputes.level(a, b, y) >= level for y in past) / len(past)) if past else 0.0
        for year in range(lo, hi + 1):
            rows["year"].append(year)
            rows["pair"].append(k)
            rows["actor"].append(result.actors[i])
            rows["other"].append(result.actors[j])
            rows["p"].append(float(pred[year - start, k]))
            rows["observed"].append(disputes.level(a, b, year) >= level)
            rows["history"].append(rate)
    if not rows["p"]:
        raise HerzInputError("no pair of states to score", field="codes", source=case.name)
    arr = {k: np.array(v, dtype=object if k in ("actor", "other") else None)
           for k, v in rows.items()}
    p = arr["p"].astype(float)
    y = arr["observed"].astype(float)
    hist = arr["history"].astype(float)
    pair = arr["pair"].astype(int)
    scores: dict[str, Any] = {k: v for k, v in _scores(p, y, hist, pair).items()}
    scores["intervals_95"] = (
        bootstrap_intervals(p, y, hist, pair, bootstrap, seed) if bootstrap else {}
    )
    scores["bootstrap"] = bootstrap
    return Backtest(case=case.name, level=level, scripted=scripted, runs=runs, seed=seed,
                    years=(lo, hi), coverage=(disputes.first_year, disputes.last_year),
                    source=disputes.source, rows=arr, scores=scores,
                    reliability=_reliability(p, y), backend=backend)


def reliability_png(bt: Backtest) -> bytes:
    """The reliability diagram of ``bt`` as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from herz.report.plots import png_bytes

    fig, ax = plt.subplots(figsize=(4.8, 4.5))
    ax.plot([0, 1], [0, 1], ":", color="grey", label="perfect reliability")
    rel = bt.reliability
    if rel:
        x = [b["mean_p"] for b in rel]
        ax.plot(x, [b["observed"] for b in rel], "o-", label="model")
        for b in rel:
            ax.annotate(str(b["n"]), (b["mean_p"], b["observed"]), fontsize=7,
                        textcoords="offset points", xytext=(4, 4))
    ax.axhline(bt.scores["base_rate"], color="C1", lw=1, label="pooled base rate")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("predicted probability of a dispute onset")
    ax.set_ylabel("observed frequency")
    ax.set_title(f"{bt.case}, {bt.years[0]}-{bt.years[1]} (numbers: dyad-years)", fontsize=9)
    ax.legend(fontsize=7, loc="upper left")
    fig.tight_layout()
    png = png_bytes(fig, dpi=110)
    plt.close(fig)
    return png
