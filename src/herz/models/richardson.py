r"""Richardson's arms race: two linear differential equations of mutual reaction.

Model (Richardson 1960, *Arms and Insecurity*; first in Richardson 1939; summarised by
Rapoport 1957). The arms levels ``x`` and ``y`` of two rivals change as

.. math::

    \dot x = k\,y - a\,x + g, \qquad \dot y = l\,x - b\,y + h,

with *defence coefficients* ``k, l >= 0`` (reaction to the rival's arms: the security dilemma's
"my arming lowers your security"), *fatigue and expense* coefficients ``a, b >= 0`` and
*grievances* ``g, h`` (any sign; negative values are goodwill). In matrix form
``dz/dt = A z + c`` with ``A = [[-a, k], [l, -b]]`` and ``c = (g, h)``.

Analytic results reproduced here (all standard; Rapoport 1957 sec. 2):

* Equilibrium (Cramer's rule), when ``ab != kl``:
  ``x* = (b g + k h) / (ab - kl)``, ``y* = (a h + l g) / (ab - kl)``.
* Eigenvalues of ``A``: ``(-(a+b) ± sqrt((a-b)^2 + 4kl)) / 2`` -- always real. The equilibrium
  is a stable node iff ``ab > kl`` (fatigue outweighs mutual fear) and a saddle iff ``ab < kl``.
* Regimes (Richardson's four cases, generalised from the signs of ``g, h`` to any grievances):
  stable and equilibrium with both arms positive: ``"stable_balance"``; stable with the
  long-run point at the origin: ``"mutual_disarmament"``; stable with one side at zero:
  ``"unilateral_disarmament"``; unstable and every start in the non-negative quadrant runs away:
  ``"runaway_race"``; unstable and the stable manifold cuts the quadrant, so low starts disarm
  and high starts race: ``"race_or_disarmament"`` (Richardson's ambivalent case).
* Exact solution: ``z(t) = e^{At} z_0 + \int_0^t e^{As} c\, ds``, computed as the matrix
  exponential of the augmented 3x3 matrix ``[[A, c], [0, 0]]`` (valid also when ``ab = kl``).
* Discrete-time map ``z_{t+1} = z_t + A z_t + c = (I + A) z_t + c`` (one step = one year): same
  fixed point, but stable iff the spectral radius of ``I + A`` is below 1 -- a stricter condition:
  large fatigue coefficients (``a`` or ``b`` near or above 1) make the yearly map overshoot and
  oscillate although the differential equation is stable. :func:`discrete_dynamics` names the
  map's motion from the eigenvalues of ``I + A`` (monotone or oscillating, converging or not;
  Elaydi 2005).

Where herz interprets or departs from the source:

* **Truncation at zero.** Richardson's variables may go negative ("cooperation"); arms cannot.
  With ``truncate=True`` the numerical integration and the map keep ``x, y >= 0`` (the vector
  field is projected onto the quadrant). :func:`long_run` gives the point where truncated
  trajectories settle in the stable case: the solution of the linear complementarity problem
  ``z >= 0, A z + c <= 0, z (A z + c) = 0`` (unique because ``-A`` is a P-matrix when
  ``ab > kl``). Richardson's regime names are then read from that point.
* **Estimation.** Richardson (1960) fitted the *sum* of the two blocs' budgets: assuming
  ``k = l`` and ``a = b``, ``d(x+y)/dt = (k - a)(x + y) + (g + h)``, and he regressed each
  year's increment of the total on the mid-year total (mean of two consecutive years). He found
  ``k - a ≈ 0.73`` per year for 1909-1913 (the total would be constant at about 194 million
  pounds). :func:`fit_sum` does this; :func:`fit_difference` fits the matching difference form
  ``d(x-y)/dt = -(k + a)(x - y) + (g - h)`` and combines both into symmetric ``k, a, g, h``;
  :func:`fit_least_squares` fits all six coefficients by ordinary least squares, with
  standard errors, regressing each side's increment on both sides' mid-year (or start-of-year)
  levels. Richardson's own budget table is not packaged (it was not available); the example
  data are the Correlates of War NMC v7.0 figures in the same unit (see ``herz.data``), whose
  fit differs from Richardson's (``herz validate`` pins herz's value as a regression check).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.integrate import solve_ivp
from scipy.linalg import expm

from herz.data import load_table
from herz.errors import HerzInputError, require_finite, require_nonnegative
from herz.inputs import read_csv
from herz.validate import Check

__all__ = [
    "DYADS",
    "ArmsSeries",
    "DifferenceFit",
    "LeastSquaresFit",
    "Regime",
    "RichardsonParams",
    "Solution",
    "SumFit",
    "Trajectory",
    "Dynamics",
    "discrete_dynamics",
    "discrete_eigenvalues",
    "discrete_spectral_radius",
    "eigenvalues",
    "equilibrium",
    "fit_difference",
    "fit_least_squares",
    "fit_sum",
    "iterate_map",
    "load_dyad",
    "load_prewwi_blocs",
    "long_run",
    "read_series",
    "reference_checks",
    "regime",
    "SERIES_COLUMNS",
    "simulate",
    "solve",
    "solve_exact",
]

FloatArray = npt.NDArray[np.float64]
Regime = Literal[
    "stable_balance",
    "mutual_disarmament",
    "unilateral_disarmament",
    "runaway_race",
    "race_or_disarmament",
]

#: SIPRI dyads packaged in ``herz/data/sipri_dyads`` (name -> (first state, second state)).
DYADS: dict[str, tuple[str, str]] = {
    "india-pakistan": ("India", "Pakistan"),
    "greece-turkiye": ("Greece", "Türkiye"),
    "iran-saudi-arabia": ("Iran", "Saudi Arabia"),
    "israel-egypt": ("Israel", "Egypt"),
}


@dataclass(frozen=True)
class RichardsonParams:
    """Coefficients of Richardson's equations (per unit of time, normally a year).

    ``k, l``: defence (reaction) coefficients of x to y and of y to x; ``a, b``: fatigue and
    expense; ``g, h``: grievances (negative: goodwill). ``k, l, a, b`` must be >= 0.
    """

    k: float
    l: float  # noqa: E741 -- Richardson's own letter
    a: float
    b: float
    g: float = 0.0
    h: float = 0.0

    def __post_init__(self) -> None:
        for name in ("k", "l", "a", "b"):
            object.__setattr__(self, name, require_nonnegative(getattr(self, name), name))
        for name in ("g", "h"):
            object.__setattr__(self, name, require_finite(getattr(self, name), name))

    @property
    def matrix(self) -> FloatArray:
        """The system matrix ``A = [[-a, k], [l, -b]]``."""
        return np.array([[-self.a, self.k], [self.l, -self.b]], dtype=float)

    @property
    def forcing(self) -> FloatArray:
        """The constant term ``c = (g, h)``."""
        return np.array([self.g, self.h], dtype=float)

    @property
    def determinant(self) -> float:
        """``ab - kl``: positive iff the equilibrium is stable."""
        return self.a * self.b - self.k * self.l

    @property
    def stable(self) -> bool:
        """Richardson's stability condition ``ab > kl``."""
        return self.determinant > 0.0


def _require_regular(p: RichardsonParams) -> None:
    if p.determinant == 0.0:
        raise HerzInputError(
            "the system is singular (ab = kl): no unique equilibrium",
            field="a*b - k*l", allowed="a*b != k*l",
        )


def equilibrium(p: RichardsonParams) -> tuple[float, float]:
    """The equilibrium ``(x*, y*)`` of the differential equations (also the map's fixed point)."""
    _require_regular(p)
    det = p.determinant
    return (p.b * p.g + p.k * p.h) / det, (p.a * p.h + p.l * p.g) / det


def eigenvalues(p: RichardsonParams) -> tuple[float, float]:
    """The two (always real) eigenvalues of ``A``, largest first."""
    root = math.sqrt((p.a - p.b) ** 2 + 4.0 * p.k * p.l)
    return (-(p.a + p.b) + root) / 2.0, (-(p.a + p.b) - root) / 2.0


def discrete_spectral_radius(p: RichardsonParams) -> float:
    """Spectral radius of ``I + A``: the yearly map is stable iff it is below 1."""
    return float(max(abs(1.0 + lam) for lam in eigenvalues(p)))


#: How the yearly map moves near its fixed point (:func:`discrete_dynamics`).
Dynamics = Literal["monotone_convergence", "oscillating_convergence", "monotone_divergence",
                   "oscillating_divergence", "neutral"]


def discrete_eigenvalues(p: RichardsonParams) -> tuple[float, float]:
    """The eigenvalues ``mu = 1 + lambda`` of the yearly map's matrix ``I + A`` (real, as
    ``lambda`` is), largest first."""
    lam1, lam2 = eigenvalues(p)
    return 1.0 + lam1, 1.0 + lam2


def discrete_dynamics(p: RichardsonParams) -> Dynamics:
    """How the yearly map ``z_{t+1} = (I + A) z_t + c`` approaches or leaves its fixed point.

    The deviation from the fixed point is ``sum_i c_i mu_i^t v_i`` over the eigenvalues
    ``mu_i`` of ``I + A`` and their eigenvectors ``v_i`` (Elaydi 2005, sec. 3.3 and 4.1; real
    ``mu_i`` here because ``A``'s eigenvalues are real, Rapoport 1957): a mode with
    ``0 < mu < 1`` decays monotonically, one with ``-1 < mu < 0`` decays with alternating sign
    (the yearly line zig-zags about the balance), and ``|mu| > 1`` grows, alternating when
    ``mu < -1``. So: all ``|mu| < 1`` and one ``mu < 0``: ``"oscillating_convergence"``; all
    ``|mu| < 1`` and none negative: ``"monotone_convergence"``; some ``|mu| > 1``: divergence,
    ``"oscillating_divergence"`` when the largest in modulus is negative, else
    ``"monotone_divergence"``; ``|mu| = 1`` at most: ``"neutral"``. This reads the linear map;
    herz's truncation at zero only matters where a path reaches an axis.
    """
    mus = discrete_eigenvalues(p)
    radius = max(abs(m) for m in mus)
    if radius < 1.0:
        return "oscillating_convergence" if min(mus) < 0.0 else "monotone_convergence"
    if radius > 1.0:
        dominant = max(mus, key=abs)
        return "oscillating_divergence" if dominant < 0.0 else "monotone_divergence"
    return "neutral"


def long_run(p: RichardsonParams) -> tuple[float, float]:
    """Where truncated (non-negative) trajectories settle when ``ab > kl``.

    The unique solution of ``z >= 0, A z + c <= 0, z_i (A z + c)_i = 0``; found by checking the
    four complementary cases (interior, either axis, origin).
    """
    if not p.stable:
        raise HerzInputError(
            "no long-run point: the system is not stable (ab <= kl), so arms run away",
            field="a*b - k*l", allowed="a*b > k*l",
        )
    x_star, y_star = equilibrium(p)
    candidates = [
        (x_star, y_star),
        (0.0, p.h / p.b),  # x at zero, y at its own equilibrium
        (p.g / p.a, 0.0),  # y at zero
        (0.0, 0.0),
    ]
    tol = 1e-12 * (1.0 + abs(p.g) + abs(p.h))
    for x, y in candidates:
        dx = p.k * y - p.a * x + p.g
        dy = p.l * x - p.b * y + p.h
        if (x >= -tol and y >= -tol and dx <= tol and dy <= tol
                and abs(x * dx) <= tol * (1 + abs(x)) and abs(y * dy) <= tol * (1 + abs(y))):
            return max(x, 0.0), max(y, 0.0)
    raise AssertionError("unreachable: the LCP of a P-matrix has a solution")  # pragma: no cover


def regime(p: RichardsonParams) -> Regime:
    """Richardson's qualitative outcome for starts in the non-negative quadrant."""
    _require_regular(p)
    if p.stable:
        x, y = long_run(p)
        if x > 0.0 and y > 0.0:
            return "stable_balance"
        if x == 0.0 and y == 0.0:
            return "mutual_disarmament"
        return "unilateral_disarmament"
    # Saddle. Along the left eigenvector w of the positive eigenvalue (w >= 0 by
    # Perron-Frobenius, A being a Metzler matrix) s(z) = w.(z - z*) grows like e^{lambda t}:
    # s > 0 runs away upward, s < 0 downward (to disarmament). The origin has the least s.
    # Unstable means kl > ab >= 0, so l > 0, and lambda > 0, so w = (l, lambda + a) > 0.
    lam = eigenvalues(p)[0]
    w = np.array([p.l, lam + p.a])
    s_origin = -float(w @ np.array(equilibrium(p)))
    return "runaway_race" if s_origin >= 0.0 else "race_or_disarmament"


@dataclass(frozen=True)
class Solution:
    """The analytic properties of one parameter set."""

    params: RichardsonParams
    equilibrium: tuple[float, float]
    eigenvalues: tuple[float, float]
    stable: bool
    regime: Regime
    long_run: tuple[float, float] | None
    discrete_spectral_radius: float
    discrete_stable: bool


def solve(p: RichardsonParams) -> Solution:
    """Equilibrium, eigenvalues, stability, regime and the discrete map's stability."""
    rho = discrete_spectral_radius(p)
    return Solution(
        params=p, equilibrium=equilibrium(p), eigenvalues=eigenvalues(p), stable=p.stable,
        regime=regime(p), long_run=long_run(p) if p.stable else None,
        discrete_spectral_radius=rho, discrete_stable=rho < 1.0,
    )


@dataclass(frozen=True)
class Trajectory:
    """Arms levels ``x[i], y[i]`` at times ``t[i]``."""

    t: FloatArray
    x: FloatArray
    y: FloatArray


def _times(t: Sequence[float] | FloatArray) -> FloatArray:
    times = np.asarray(t, dtype=float)
    if times.ndim != 1 or times.size == 0 or not np.all(np.isfinite(times)):
        raise HerzInputError("times must be a non-empty 1-d array of finite numbers", field="t")
    if np.any(times < 0):
        raise HerzInputError("times must be >= 0 (the start is t = 0)", field="t",
                             allowed="t >= 0")
    return times


def solve_exact(
    p: RichardsonParams, x0: float, y0: float, t: Sequence[float] | FloatArray
) -> Trajectory:
    """The exact (untruncated) solution at times ``t``, by the matrix exponential."""
    times = _times(t)
    aug = np.zeros((3, 3))
    aug[:2, :2] = p.matrix
    aug[:2, 2] = p.forcing
    start = np.array([require_finite(x0, "x0"), require_finite(y0, "y0"), 1.0])
    states = np.array([expm(aug * ti) @ start for ti in times])
    return Trajectory(t=times, x=states[:, 0], y=states[:, 1])


def simulate(
    p: RichardsonParams,
    x0: float,
    y0: float,
    t_end: float,
    *,
    n_points: int = 101,
    truncate: bool = False,
    rtol: float = 1e-9,
    atol: float = 1e-9,
) -> Trajectory:
    """Numerical integration (``scipy.integrate.solve_ivp``, RK45) from ``(x0, y0)`` to ``t_end``.

    With ``truncate=True`` arms stay non-negative: a level at zero cannot fall further.
    """
    require_nonnegative(t_end, "t_end")
    if n_points < 2:
        raise HerzInputError(f"{n_points} points", field="n_points", allowed=">= 2")
    if not t_end >= 1e-9 * (n_points - 1):  # the time grid must be strictly increasing
        raise HerzInputError(f"{t_end!r} is too short for {n_points} points", field="t_end",
                             allowed=f">= {1e-9 * (n_points - 1):g}")
    x0, y0 = require_finite(x0, "x0"), require_finite(y0, "y0")
    if truncate and (x0 < 0 or y0 < 0):
        raise HerzInputError("a truncated run must start with non-negative arms",
                             field="x0, y0", allowed=">= 0")
    a_mat, c = p.matrix, p.forcing

    def rhs(_t: float, z: FloatArray) -> FloatArray:
        if not truncate:
            return a_mat @ z + c
        zc = np.maximum(z, 0.0)
        dz = a_mat @ zc + c
        return np.where((z <= 0.0) & (dz < 0.0), 0.0, dz)

    t_eval = np.linspace(0.0, t_end, n_points)
    sol = solve_ivp(rhs, (0.0, t_end), [x0, y0], t_eval=t_eval, rtol=rtol, atol=atol,
                    method="RK45")
    z = np.maximum(sol.y, 0.0) if truncate else sol.y
    return Trajectory(t=sol.t, x=z[0], y=z[1])


def iterate_map(
    p: RichardsonParams, x0: float, y0: float, steps: int, *, truncate: bool = False
) -> Trajectory:
    """The discrete-time map ``z_{t+1} = (I + A) z_t + c`` for ``steps`` years."""
    if steps < 0:
        raise HerzInputError(f"{steps} steps", field="steps", allowed=">= 0")
    m = np.eye(2) + p.matrix
    z = np.empty((steps + 1, 2))
    z[0] = (require_finite(x0, "x0"), require_finite(y0, "y0"))
    for i in range(steps):
        z[i + 1] = m @ z[i] + p.forcing
        if truncate:
            z[i + 1] = np.maximum(z[i + 1], 0.0)
    return Trajectory(t=np.arange(steps + 1, dtype=float), x=z[:, 0], y=z[:, 1])


# --- estimation ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ArmsSeries:
    """Yearly arms levels of two sides (``x`` for ``names[0]``, ``y`` for ``names[1]``)."""

    names: tuple[str, str]
    years: FloatArray
    x: FloatArray
    y: FloatArray
    unit: str

    def __post_init__(self) -> None:
        n = self.years.size
        if self.x.size != n or self.y.size != n:
            raise HerzInputError("years, x and y must have the same length", field="series")
        if n and not np.all(np.diff(self.years) > 0):
            raise HerzInputError("years must be strictly increasing", field="years")
        if not (np.all(np.isfinite(self.x)) and np.all(np.isfinite(self.y))):
            raise HerzInputError("arms levels must be finite numbers", field="x, y")

    def between(self, first: int, last: int) -> ArmsSeries:
        """The years ``first..last`` (inclusive)."""
        keep = (self.years >= first) & (self.years <= last)
        return ArmsSeries(self.names, self.years[keep], self.x[keep], self.y[keep], self.unit)


def _steps(series: ArmsSeries) -> npt.NDArray[np.bool_]:
    """Which consecutive pairs of observations are one year apart (gaps are skipped)."""
    return np.diff(series.years) == 1.0


def _mid(v: FloatArray, ok: npt.NDArray[np.bool_]) -> FloatArray:
    return ((v[1:] + v[:-1]) / 2.0)[ok]


@dataclass(frozen=True)
class _Ols:
    coef: FloatArray
    se: FloatArray
    r2: float
    n: int


def _ols(design: FloatArray, target: FloatArray, field: str) -> _Ols:
    n, k = design.shape
    if n <= k:
        raise HerzInputError(
            f"{n} yearly increments are too few to fit {k} coefficients with standard errors",
            field=field, allowed=f"at least {k + 1} consecutive-year increments",
        )
    if np.linalg.matrix_rank(design) < k:
        raise HerzInputError("the regressors are collinear", field=field)
    coef = np.asarray(np.linalg.lstsq(design, target, rcond=None)[0], dtype=float)
    resid = target - design @ coef
    sigma2 = float(resid @ resid) / (n - k)
    cov = sigma2 * np.linalg.inv(design.T @ design)
    tss = float(((target - target.mean()) ** 2).sum())
    r2 = 1.0 - float(resid @ resid) / tss if tss > 0 else 1.0
    return _Ols(coef=coef, se=np.sqrt(np.diag(cov)), r2=r2, n=n)


@dataclass(frozen=True)
class SumFit:
    """Richardson's sum form ``Δ(x+y) = (k - a) * mid(x+y) + (g + h)``."""

    k_minus_a: float
    k_minus_a_se: float
    g_plus_h: float
    g_plus_h_se: float
    equilibrium_total: float
    r2: float
    n: int


def fit_sum(series: ArmsSeries) -> SumFit:
    """Regress the yearly increment of the total on the mid-year total (Richardson 1960)."""
    ok = _steps(series)
    total = series.x + series.y
    design = np.column_stack([_mid(total, ok), np.ones(int(ok.sum()))])
    fit = _ols(design, np.diff(total)[ok], "series")
    slope, intercept = float(fit.coef[0]), float(fit.coef[1])
    if slope == 0.0:
        raise HerzInputError("zero slope: no equilibrium total", field="series")  # pragma: no cover
    return SumFit(
        k_minus_a=slope, k_minus_a_se=float(fit.se[0]), g_plus_h=intercept,
        g_plus_h_se=float(fit.se[1]), equilibrium_total=-intercept / slope, r2=fit.r2, n=fit.n,
    )


@dataclass(frozen=True)
class DifferenceFit:
    """The difference form ``Δ(x-y) = -(k + a) * mid(x-y) + (g - h)``, combined with the sum form.

    Under Richardson's symmetry assumption (``k = l``, ``a = b``) the two regressions identify
    ``k = ((k-a) + (k+a)) / 2``, ``a = ((k+a) - (k-a)) / 2``, ``g`` and ``h``.
    """

    k_plus_a: float
    k_plus_a_se: float
    g_minus_h: float
    g_minus_h_se: float
    k: float
    a: float
    g: float
    h: float
    r2: float
    n: int


def fit_difference(series: ArmsSeries) -> DifferenceFit:
    """Fit the difference form and combine it with :func:`fit_sum`."""
    ok = _steps(series)
    diff = series.x - series.y
    design = np.column_stack([_mid(diff, ok), np.ones(int(ok.sum()))])
    fit = _ols(design, np.diff(diff)[ok], "series")
    total = fit_sum(series)
    k_plus_a, g_minus_h = -float(fit.coef[0]), float(fit.coef[1])
    return DifferenceFit(
        k_plus_a=k_plus_a, k_plus_a_se=float(fit.se[0]), g_minus_h=g_minus_h,
        g_minus_h_se=float(fit.se[1]),
        k=(total.k_minus_a + k_plus_a) / 2.0, a=(k_plus_a - total.k_minus_a) / 2.0,
        g=(total.g_plus_h + g_minus_h) / 2.0, h=(total.g_plus_h - g_minus_h) / 2.0,
        r2=fit.r2, n=fit.n,
    )


@dataclass(frozen=True)
class LeastSquaresFit:
    """All six coefficients by OLS, each with its standard error (``*_se``).

    Estimates may be negative (the data need not obey Richardson's sign assumptions), so they
    are plain numbers; :meth:`params` turns them into :class:`RichardsonParams` when valid.
    """

    k: float
    l: float  # noqa: E741
    a: float
    b: float
    g: float
    h: float
    k_se: float
    l_se: float
    a_se: float
    b_se: float
    g_se: float
    h_se: float
    r2_x: float
    r2_y: float
    n: int
    regressors: Literal["mid", "start"]

    def params(self) -> RichardsonParams:
        """The estimates as parameters (raises if a reaction or fatigue estimate is negative)."""
        return RichardsonParams(k=self.k, l=self.l, a=self.a, b=self.b, g=self.g, h=self.h)


def fit_least_squares(
    series: ArmsSeries, *, regressors: Literal["mid", "start"] = "mid"
) -> LeastSquaresFit:
    """OLS of each side's yearly increment on both sides' levels and a constant.

    ``regressors="mid"`` uses mid-year levels (Richardson's centred differences, an
    approximation of the differential equations); ``"start"`` uses start-of-year levels, which
    estimates the discrete-time map exactly.
    """
    if regressors not in ("mid", "start"):
        raise HerzInputError(f"{regressors!r}", field="regressors", allowed="mid, start")
    ok = _steps(series)
    if regressors == "mid":
        xr, yr = _mid(series.x, ok), _mid(series.y, ok)
    else:
        xr, yr = series.x[:-1][ok], series.y[:-1][ok]
    ones = np.ones(int(ok.sum()))
    fx = _ols(np.column_stack([yr, xr, ones]), np.diff(series.x)[ok], "series")
    fy = _ols(np.column_stack([xr, yr, ones]), np.diff(series.y)[ok], "series")
    return LeastSquaresFit(
        k=float(fx.coef[0]), a=-float(fx.coef[1]), g=float(fx.coef[2]),
        l=float(fy.coef[0]), b=-float(fy.coef[1]), h=float(fy.coef[2]),
        k_se=float(fx.se[0]), a_se=float(fx.se[1]), g_se=float(fx.se[2]),
        l_se=float(fy.se[0]), b_se=float(fy.se[1]), h_se=float(fy.se[2]),
        r2_x=fx.r2, r2_y=fy.r2, n=fx.n, regressors=regressors,
    )


# --- packaged data ------------------------------------------------------------------------


def load_prewwi_blocs(first: int = 1909, last: int = 1913) -> ArmsSeries:
    """France + Russia (x) vs Germany + Austria-Hungary (y), million current pounds (COW NMC)."""
    if not 1900 <= first < last <= 1913:
        raise HerzInputError(f"years {first}..{last}", field="first, last",
                             allowed="1900 <= first < last <= 1913")
    rows = load_table("richardson", "preWWI_blocs_milex_nmc_v7_1900_1913.csv")
    years = np.array([float(r["year"]) for r in rows])
    x = np.array([float(r["france_russia_kGBP"]) for r in rows]) / 1000.0
    y = np.array([float(r["germany_austriahungary_kGBP"]) for r in rows]) / 1000.0
    return ArmsSeries(("France+Russia", "Germany+Austria-Hungary"), years, x, y,
                      "million GBP (current)").between(first, last)


def load_dyad(name: str, first: int | None = None, last: int | None = None) -> ArmsSeries:
    """A SIPRI rival dyad (see :data:`DYADS`), US$ million at constant 2023 prices.

    Only the years in which both states have a value are kept.
    """
    if name not in DYADS:
        raise HerzInputError(f"no dyad {name!r}", field="dyad", allowed=", ".join(DYADS))
    first_state, second_state = DYADS[name]
    values: dict[str, dict[int, float]] = {first_state: {}, second_state: {}}
    for row in load_table("sipri_dyads", "milex_const2023_usd_m.csv"):
        if row["country"] in values:
            values[row["country"]][int(row["year"])] = float(row["milex_const2023_usd_m"])
    years = sorted(set(values[first_state]) & set(values[second_state]))
    years = [yr for yr in years if (first is None or yr >= first) and (last is None or yr <= last)]
    if len(years) < 2:
        raise HerzInputError(f"fewer than two years in {first}..{last}", field="first, last")
    return ArmsSeries(
        (first_state, second_state), np.array(years, dtype=float),
        np.array([values[first_state][yr] for yr in years]),
        np.array([values[second_state][yr] for yr in years]),
        "million US$ (constant 2023)",
    )


#: The columns of a series file of one's own (:func:`read_series`).
SERIES_COLUMNS = ("year", "x", "y")


def read_series(path: str | Path, first: int | None = None, last: int | None = None,
                names: tuple[str, str] = ("x", "y")) -> ArmsSeries:
    """Yearly arms levels of two sides from a CSV file of one's own.

    Columns :data:`SERIES_COLUMNS`: ``year`` (whole years, each once), ``x`` and ``y`` (the two
    sides' military spending or arms levels, one unit, finite); lines starting with ``#`` are
    comments. Rows are sorted by year; years outside ``first..last`` are dropped. A missing
    column or a bad cell is a one-line :class:`herz.errors.HerzInputError` naming the file,
    the column and the line.
    """

    source = str(path)
    by_year: dict[int, tuple[float, float]] = {}
    for line, row in read_csv(path, SERIES_COLUMNS):
        values = []
        for col in SERIES_COLUMNS:
            try:
                v = float(row[col])
            except ValueError:
                v = math.nan
            if not math.isfinite(v):
                raise HerzInputError(f"line {line}: {row[col]!r}", field=col, source=source,
                                     allowed="a finite number")
            values.append(v)
        year = values[0]
        if year != int(year) or int(year) in by_year:
            raise HerzInputError(f"line {line}: year {row['year']!r} is not a whole year or "
                                 "is given twice", field="year", source=source)
        by_year[int(year)] = (values[1], values[2])
    years = sorted(y for y in by_year if (first is None or y >= first)
                   and (last is None or y <= last))
    if len(years) < 2:
        raise HerzInputError(f"fewer than two years in {first}..{last}", field="year",
                             source=source, allowed="two or more years to fit")
    return ArmsSeries(names, np.array(years, dtype=float),
                      np.array([by_year[y][0] for y in years]),
                      np.array([by_year[y][1] for y in years]), f"as in {Path(source).name}")


# --- reproduction suite -------------------------------------------------------------------

#: A worked example with integer answers (derivations in :func:`reference_checks`).
_EXAMPLE = RichardsonParams(k=2.0, l=1.0, a=3.0, b=2.0, g=4.0, h=2.0)


def reference_checks() -> list[Check]:
    """Analytic values of Richardson's system and the pinned fit of the pre-1914 blocs."""
    p = _EXAMPLE
    deriv = "derivation (herz docs, richardson.md): k=2, l=1, a=3, b=2, g=4, h=2"
    x_star, y_star = equilibrium(p)
    lam_hi, lam_lo = eigenvalues(p)
    t1 = solve_exact(p, 0.0, 0.0, [1.0])
    ode = simulate(p, 0.0, 0.0, 5.0, n_points=2)
    exact5 = solve_exact(p, 0.0, 0.0, [5.0])
    # Noise-free data from a known map: start-of-year OLS must return the coefficients.
    truth = RichardsonParams(k=0.3, l=0.2, a=0.1, b=0.15, g=5.0, h=3.0)
    sim = iterate_map(truth, 10.0, 40.0, 8)
    ls = fit_least_squares(ArmsSeries(("x", "y"), sim.t, sim.x, sim.y, "unit"),
                           regressors="start")
    blocs = fit_sum(load_prewwi_blocs(1909, 1913))
    model = "richardson"
    return [
        Check(model, "equilibrium x*", deriv + "; Cramer: (bg+kh)/(ab-kl) = 12/4",
              "analytic", 3.0, x_star, note="exact rational arithmetic in floating point"),
        Check(model, "equilibrium y*", deriv + "; Cramer: (ah+lg)/(ab-kl) = 10/4",
              "analytic", 2.5, y_star, note="exact rational arithmetic in floating point"),
        Check(model, "largest eigenvalue", deriv + "; (-(a+b)+sqrt((a-b)^2+4kl))/2 = -1",
              "analytic", -1.0, lam_hi, note="closed form, floating point only"),
        Check(model, "smallest eigenvalue", deriv + "; (-(a+b)-sqrt((a-b)^2+4kl))/2 = -4",
              "analytic", -4.0, lam_lo, note="closed form, floating point only"),
        Check(model, "x(1) from origin, matrix exponential",
              deriv + "; eigen-decomposition: x(t) = 3 - (8/3)e^-t - (1/3)e^-4t", "analytic",
              3.0 - 8.0 / 3.0 * math.exp(-1.0) - math.exp(-4.0) / 3.0, float(t1.x[0]),
              abs_tol=1e-12, note="scipy expm is accurate to ~1e-15 for this small matrix"),
        Check(model, "y(1) from origin, matrix exponential",
              deriv + "; eigen-decomposition: y(t) = 5/2 - (8/3)e^-t + (1/6)e^-4t", "analytic",
              2.5 - 8.0 / 3.0 * math.exp(-1.0) + math.exp(-4.0) / 6.0, float(t1.y[0]),
              abs_tol=1e-12, note="scipy expm is accurate to ~1e-15 for this small matrix"),
        Check(model, "x(5): RK45 integration vs matrix exponential",
              "exact solution vs scipy solve_ivp", "analytic", float(exact5.x[0]),
              float(ode.x[-1]), abs_tol=1e-6, note="solve_ivp run with rtol = atol = 1e-9"),
        Check(model, "discrete map spectral radius (continuous-stable example)",
              deriv + "; eig(I+A) = {0, -3}", "analytic", 3.0, discrete_spectral_radius(p),
              note="the yearly map overshoots: unstable although ab > kl"),
        Check(model, "OLS recovers k from noise-free map data",
              "derivation: the map is linear in the start-of-year levels", "analytic", 0.3,
              ls.k, abs_tol=1e-8, note="least squares on exact data, conditioning ~1e-8"),
        Check(model, "OLS recovers b from noise-free map data",
              "derivation: the map is linear in the start-of-year levels", "analytic", 0.15,
              ls.b, abs_tol=1e-8, note="least squares on exact data, conditioning ~1e-8"),
        Check(model, "k - a, blocs 1909-1913 (NMC data)",
              "herz fit of COW NMC v7.0 (Richardson 1960 reported 0.73 on his own table)",
              "regression", 0.83206279350, blocs.k_minus_a, abs_tol=1e-8,
              note="seed-free OLS on packaged data; guards the implementation, not a "
                   "reproduction of Richardson's number"),
        Check(model, "equilibrium total, blocs 1909-1913 (NMC data), million GBP",
              "herz fit of COW NMC v7.0 (Richardson 1960 reported about 194)", "regression",
              189.264919266, blocs.equilibrium_total, abs_tol=1e-5,
              note="seed-free OLS on packaged data; pinned value"),
    ]
