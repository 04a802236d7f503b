"""Calibrate a case's free parameters to its observed military spending (never to conflict).

The procedure (``herz case calibrate NAME``):

1. The free parameters are the case's ``[[parameters]]`` with ``calibrate = true``, each bounded
   by its stated plausible range and started from its stated prior.
2. For a parameter vector ``theta`` the case is simulated ``runs`` times with a fixed seed
   (common random numbers, so the objective is a deterministic function of ``theta``), and the
   model's spending is the mean over runs of each actor's spending in each year.
3. Residuals are ``log(model spending) - log(observed spending)`` over every actor-year with an
   observation; the fit minimises their sum of squares by bounded trust-region least squares
   (``scipy.optimize.least_squares``, method ``trf``; Branch, Coleman and Li 1999).
   Enough runs matter: with few runs the mean path of one seed's common random numbers has a
   Monte Carlo error of its own that the fit can exploit, and the recorded RMSE would not hold
   for another seed. The library's cases are calibrated with 64 runs, and tests/cases checks
   that 64 runs of another seed reproduce the recorded RMSE within Monte Carlo slack.
4. Fit quality is the RMSE of log spending. Parameter uncertainty: asymptotic standard errors
   from the Jacobian, ``cov = s^2 (J'J)^-1`` with ``s^2 = SSR / (m - p)`` (Gauss-Newton; Seber
   and Wild 1989, ch. 5), and, on request, a residual bootstrap (Efron and Tibshirani 1993, ch.
   9): refits to ``log model(theta_hat) - r*`` with ``r*`` resampled from the residuals, giving
   percentile intervals.

Conflict outcomes (wars, crises) never enter the objective.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from herz.cases.library import Case, case_scenario, observed_spending
from herz.engine.scenario import Scenario
from herz.engine.simulate import SimulationResult, simulate
from herz.errors import HerzInputError
from herz.rng import handle_rng

__all__ = ["CalibrationResult", "calibrate", "fit_residuals", "log_spending_rmse"]

_FLOOR = 1e-9


def _frames(
    scenario: Scenario, observed: dict[str, dict[int, float]]
) -> list[tuple[int, int, float]]:
    """(step, actor index, observed value) for every observed actor-year inside the horizon."""
    assert scenario.start_year is not None
    names = scenario.actor_names
    out = []
    for actor, series in observed.items():
        i = names.index(actor)
        for year, value in series.items():
            step = round((year - scenario.start_year) / scenario.step_years)
            if 0 <= step < scenario.steps and value > 0:
                out.append((step, i, value))
    return out


def fit_residuals(result: SimulationResult, observed: dict[str, dict[int, float]]) -> np.ndarray:
    """``log(mean model spending) - log(observed)`` per observed actor-year, in a fixed order."""
    frames = _frames(result.scenario, observed)
    mean = result.mean["spending"]
    return np.array(
        [np.log(max(float(mean[t, i]), _FLOOR)) - np.log(v) for t, i, v in frames]
    )


def log_spending_rmse(result: SimulationResult, observed: dict[str, dict[int, float]]) -> float:
    """Root mean square error of log spending over every observed actor-year."""
    r = fit_residuals(result, observed)
    return float(np.sqrt(np.mean(r**2)))


@dataclass
class CalibrationResult:
    """The fitted values with their uncertainty, and the fit quality."""

    case: str
    paths: list[str]
    prior: list[float]
    bounds: list[tuple[float, float]]
    values: list[float]
    std_error: list[float | None]
    rmse_prior: float
    rmse: float
    n_obs: int
    runs: int
    seed: int
    evaluations: int
    bootstrap: list[list[float]] = field(default_factory=list)
    backend: str = "numpy"

    def as_dict(self) -> dict[str, Any]:
        params = []
        boot = np.array(self.bootstrap) if self.bootstrap else None
        for k, path in enumerate(self.paths):
            lo, hi = self.bounds[k]
            se = self.std_error[k]
            entry: dict[str, Any] = {
                "path": path,
                "prior": self.prior[k],
                "range": [lo, hi],
                "value": self.values[k],
                "std_error": se,
                "ci95_asymptotic": None
                if se is None
                else [max(lo, self.values[k] - 1.96 * se), min(hi, self.values[k] + 1.96 * se)],
                "at_bound": bool(
                    np.isclose(self.values[k], lo, atol=1e-3 * (hi - lo))
                    or np.isclose(self.values[k], hi, atol=1e-3 * (hi - lo))
                ),
            }
            if boot is not None:
                entry["ci95_bootstrap"] = [
                    float(np.quantile(boot[:, k], 0.025)),
                    float(np.quantile(boot[:, k], 0.975)),
                ]
            params.append(entry)
        return {
            "case": self.case,
            "objective": "RMSE of log military spending (model mean over runs vs observed)",
            "rmse_prior": self.rmse_prior,
            "rmse": self.rmse,
            "n_obs": self.n_obs,
            "runs": self.runs,
            "seed": self.seed,
            "backend": self.backend,
            "evaluations": self.evaluations,
            "bootstrap_replicates": len(self.bootstrap),
            "parameters": params,
        }


def _free(case: Case) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    free = [p for p in case.meta.parameters if p.calibrate]
    if not free:
        raise HerzInputError("no parameter has calibrate = true", field="parameters",
                             source=case.name)
    return (
        [p.path for p in free],
        np.array([p.prior for p in free]),
        np.array([p.low for p in free]),
        np.array([p.high for p in free]),
    )


def _simulate_at(
    case: Case, paths: list[str], theta: np.ndarray, runs: int, seed: int,
    counterfactuals: list[str] | None = None, backend: str = "numpy",
) -> SimulationResult:
    overrides = [f"{p}={float(v)!r}" for p, v in zip(paths, theta, strict=True)]
    scenario = case_scenario(case, counterfactuals, overrides)
    return simulate(scenario, runs, rng=seed, keep=1, backend=backend)


def calibrate(
    case: Case,
    runs: int = 64,
    seed: int = 0,
    bootstrap: int = 0,
    max_nfev: int = 80,
    start: str = "prior",
    progress: Callable[[int], None] | None = None,
    backend: str = "numpy",
) -> CalibrationResult:
    """Fit the free parameters of ``case`` to its observed spending (see the module docstring).

    ``start`` is ``"prior"`` (the stated priors) or ``"case"`` (the values in the scenario file).
    ``progress`` is called with 1 after each evaluation of the objective (a batch of ``runs``
    runs); their number is not known in advance. ``backend`` computes the runs
    (:func:`herz.engine.simulate.simulate`; numba's numbers differ from numpy's in the last
    bits, so a fit may end a little elsewhere) and is recorded with the result.
    """
    from scipy.optimize import least_squares  # scipy.optimize is slow to import

    handle_rng(seed)  # validates the seed the one way herz does
    paths, prior, low, high = _free(case)
    observed = observed_spending(case)
    if start == "case":
        from herz.engine.scenario import parse_scenario

        base = parse_scenario(case.data, case.source).model_dump()
        x0 = np.array([_lookup(base, p) for p in paths], dtype=float)
    else:
        x0 = prior.copy()
    x0 = np.clip(x0, low, high)
    evaluations = 0

    def resid(theta: np.ndarray, target: np.ndarray | None = None) -> np.ndarray:
        nonlocal evaluations
        evaluations += 1
        r = fit_residuals(_simulate_at(case, paths, theta, runs, seed, backend=backend),
                          observed)
        if progress is not None:
            progress(1)
        return r if target is None else r + target

    r0 = resid(prior)
    span = high - low
    fit = least_squares(
        resid, x0, bounds=(low, high), method="trf", diff_step=0.02, x_scale=span,
        max_nfev=max_nfev,
    )
    theta = fit.x
    r = fit.fun
    m, p = r.size, theta.size
    se: list[float | None] = [None] * p
    if m > p:
        s2 = float(r @ r) / (m - p)
        jtj = fit.jac.T @ fit.jac
        cov = s2 * np.linalg.pinv(jtj)
        se = [float(np.sqrt(c)) if c > 0 and np.isfinite(c) else None for c in np.diag(cov)]
    boot: list[list[float]] = []
    if bootstrap > 0:
        gen = np.random.default_rng(np.random.SeedSequence([seed, 1]))
        for _ in range(bootstrap):
            r_star = gen.choice(r, size=r.size, replace=True)
            # Refit to pseudo-data log y* = log model(theta_hat) - r*: residuals r(theta) - r + r*.
            sub = least_squares(
                resid, theta, bounds=(low, high), method="trf", diff_step=0.02, x_scale=span,
                max_nfev=max(2, max_nfev // 4), args=(r_star - r,),
            )
            boot.append([float(v) for v in sub.x])
    return CalibrationResult(
        case=case.name,
        paths=paths,
        prior=[float(v) for v in prior],
        bounds=[(float(a), float(b)) for a, b in zip(low, high, strict=True)],
        values=[float(v) for v in theta],
        std_error=se,
        rmse_prior=float(np.sqrt(np.mean(r0**2))),
        rmse=float(np.sqrt(np.mean(r**2))),
        n_obs=int(m),
        runs=runs,
        seed=seed,
        evaluations=evaluations,
        bootstrap=boot,
        backend=backend,
    )


def _lookup(data: dict[str, Any], path: str) -> float:
    node: Any = data
    for key in path.split("."):
        if isinstance(node, list):
            node = next(it for it in node if it.get("name") == key)
        else:
            node = node[key]
    return float(node)
