"""Event rates fitted on the historical record up to 1993.

The engine's global event parameters — how often incidents happen (``world.incident_rate``)
and how much more often between militarized pairs (``world.incident_militarization``, the
elasticity of :func:`herz.engine.incidents.militarization_intensity`), how often one is misread
as an attack (``world.misread``) and the most a war choice can fire in a step
(``world.war_hazard_max``) — are shared by every case. They are fitted once, on the
training cases whose years all lie before 1994 (:data:`TRAINING`: pre-1914, cuba-1962 and
cold-war-1976), by minimising a proper scoring rule (the Brier score; Brier 1950) of the
cases' dyad-year predictions against the observed onsets: militarized disputes of hostility
level 2 or more (Gibler, Miller & Little 2016, GML MID 2.2.1) and wars (COW Inter-State War
data, Sarkees & Wayman 2010), pooled over every scored dyad-year
(:func:`herz.cases.backtest.backtest`, counting only the model's own acts). The score is a
deterministic function of the parameters: every evaluation simulates the same seeded runs
(common random numbers).

Train and test are kept apart by year: the post-1993 cases (nato-russia, iran, us-china,
ukraine) use the fitted rates but are never scored against dispute data, which stop in 1993 on
purpose; they are judged out of sample. The fit is recorded in ``event_rates.toml`` beside the
cases by ``scripts/record_event_rates.py`` and written into every case's scenario file.

Departures: the parameters are searched in transformed coordinates (log for the rates, logit
for the probability) with Nelder & Mead (1965)'s simplex, a local search from herz's defaults;
the runs per evaluation bound the Monte Carlo error of the predictions (a few tenths of a
percentage point at 200 runs), not the sampling error of the record, which the backtest's
bootstrap intervals show.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from scipy.optimize import minimize

from herz.cases.backtest import (
    PACKAGED,
    DisputeRecord,
    auc,
    backtest,
    bootstrap_intervals,
    read_disputes,
)
from herz.cases.library import load_case
from herz.errors import HerzInputError

__all__ = [
    "PARAMETERS",
    "TRAINING",
    "EventFit",
    "fit_event_rates",
    "recorded_event_rates",
    "score_event_rates",
]

#: The cases the rates are fitted on: all their years lie before 1994.
TRAINING = ("pre-1914", "cuba-1962", "cold-war-1976")
#: Fitted parameters: (path, lower bound, upper bound).
PARAMETERS: tuple[tuple[str, float, float], ...] = (
    ("world.incident_rate", 0.002, 0.5),
    ("world.misread", 0.02, 0.95),
    ("world.war_hazard_max", 0.01, 1.0),
    ("world.incident_militarization", 0.0, 4.0),
)
#: Searched on the log scale (rates), the logit scale (probabilities) or as they are.
_LOGIT = {"world.misread"}
_LINEAR = {"world.incident_militarization"}
_LAST_TRAINING_YEAR = 1993


@dataclass(frozen=True)
class EventFit:
    """The fitted event rates and the score before and after."""

    values: dict[str, float]
    brier_prior: float  # at the values the fit started from
    brier: float  # at the fitted values
    pooled: dict[str, Any]  # level-2 scores over all training dyad-years, with intervals
    per_case: dict[str, dict[str, Any]]  # each case's scores at the fitted values
    evaluations: int
    runs: int
    seed: int


@cache
def _record() -> DisputeRecord:
    """The packaged dispute and war onsets, read once (the fit scores them many times)."""
    return read_disputes(PACKAGED).merged(read_disputes(PACKAGED, war=True))


def _overrides(values: dict[str, float]) -> list[str]:
    return [f"{path}={value!r}" for path, value in values.items()]


def score_event_rates(
    values: dict[str, float],
    runs: int = 200,
    seed: int = 0,
    cases: tuple[str, ...] = TRAINING,
    bootstrap: int = 0,
) -> tuple[float, dict[str, Any], dict[str, dict[str, Any]]]:
    """The score of ``values``: the mean over every scored dyad-year of the training cases of
    the squared errors at level 2 (disputes) and level 5 (wars); the level-2 scores pooled over
    the cases (Brier, its skill against the pooled base rate, the AUC within pairs over time,
    with ``bootstrap`` resamples of years within pairs for 95% intervals); and each case's
    backtest scores at both levels."""
    record = _record()
    squared, n = 0.0, 0
    pooled_p: list[np.ndarray] = []
    pooled_y: list[np.ndarray] = []
    pooled_pair: list[np.ndarray] = []
    per_case: dict[str, dict[str, Any]] = {}
    for name in cases:
        case = load_case(name)
        per_case[name] = {}
        for level in (2, 5):
            bt = backtest(case, record, runs=runs, seed=seed, level=level, bootstrap=0,
                          overrides=_overrides(values))
            if bt.years[1] > _LAST_TRAINING_YEAR:
                raise HerzInputError(f"{name} reaches {bt.years[1]}", field="training cases",
                                     allowed=f"cases scored only up to {_LAST_TRAINING_YEAR}")
            p = bt.rows["p"].astype(float)
            y = bt.rows["observed"].astype(float)
            squared += float(((p - y) ** 2).sum())
            if level == 2:
                n += len(p)
                pooled_p.append(p)
                pooled_y.append(y)
                pooled_pair.append(bt.rows["pair"].astype(int) + 1000 * len(pooled_pair))
            per_case[name][f"level_{level}"] = {
                k: v for k, v in bt.scores.items() if k not in ("intervals_95", "bootstrap")
            }
    pp, yy = np.concatenate(pooled_p), np.concatenate(pooled_y)
    pairs = np.concatenate(pooled_pair)
    brier = float(((pp - yy) ** 2).mean())
    base = float(((yy.mean() - yy) ** 2).mean())
    pooled: dict[str, Any] = {
        "brier": brier,
        "base_rate": float(yy.mean()),
        "brier_base_rate": base,
        "skill_vs_base_rate": 1.0 - brier / base if base > 0 else None,
        "auc_within_pairs": auc(pp, yy, strata=pairs),
    }
    if bootstrap:
        pooled["intervals_95"] = {
            k: v for k, v in bootstrap_intervals(pp, yy, np.zeros_like(pp), pairs, bootstrap,
                                                 seed).items()
            if k in ("brier", "skill_vs_base_rate", "auc_within_pairs")
        }
    return squared / max(n, 1), pooled, per_case


def _to_x(values: dict[str, float]) -> np.ndarray:
    out = []
    for path, _, _ in PARAMETERS:
        v = values[path]
        out.append(v if path in _LINEAR else np.log(v / (1.0 - v)) if path in _LOGIT
                   else np.log(v))
    return np.array(out)


def _from_x(x: np.ndarray) -> dict[str, float]:
    out = {}
    for (path, lo, hi), xi in zip(PARAMETERS, x, strict=True):
        v = (float(xi) if path in _LINEAR else 1.0 / (1.0 + np.exp(-xi)) if path in _LOGIT
             else float(np.exp(xi)))
        out[path] = float(np.clip(v, lo, hi))
    return out


def fit_event_rates(
    start: dict[str, float] | None = None, runs: int = 200, seed: int = 0, max_evals: int = 60
) -> EventFit:
    """Fit :data:`PARAMETERS` on :data:`TRAINING` (module docstring), from ``start`` (herz's
    defaults if not given)."""
    if start is None:
        from herz.engine.scenario import WorldSpec

        spec = WorldSpec()
        start = {path: float(getattr(spec, path.split(".")[1])) for path, _, _ in PARAMETERS}
        # the default elasticity 0 switches the factor off; the search starts at mass action
        start["world.incident_militarization"] = 1.0
    prior = score_event_rates(start, runs, seed)[0]

    def objective(x: np.ndarray) -> float:
        return score_event_rates(_from_x(x), runs, seed)[0]

    res = minimize(objective, _to_x(start), method="Nelder-Mead",
                   options={"maxfev": max_evals, "xatol": 0.02, "fatol": 1e-5})
    values = {k: round(v, 4) for k, v in _from_x(res.x).items()}
    brier, pooled, per_case = score_event_rates(values, runs, seed, bootstrap=1000)
    return EventFit(values=values, brier_prior=prior, brier=brier, pooled=pooled,
                    per_case=per_case,
                    evaluations=int(res.nfev), runs=runs, seed=seed)


def recorded_event_rates() -> dict[str, Any]:
    """The recorded fit (``event_rates.toml`` beside the cases)."""
    text = (resources.files("herz.cases") / "event_rates.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)
