"""Richardson's arms race: analytic values, numerical cross-checks and pinned fits."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.errors import HerzInputError
from herz.models import richardson as rm
from herz.models.richardson import (
    ArmsSeries,
    RichardsonParams,
    fit_sum,
    load_prewwi_blocs,
    read_series,
)

coef = st.floats(min_value=0.05, max_value=2.0, allow_nan=False)
grievance = st.floats(min_value=-3.0, max_value=3.0, allow_nan=False)


def test_reference_checks_all_pass() -> None:
    """Kind: analytic + regression -- every check of ``herz validate`` for this model."""
    checks = rm.reference_checks()
    assert len(checks) >= 10
    failed = [c.quantity for c in checks if not c.passed]
    assert failed == []


def test_equilibrium_and_eigenvalues_of_worked_example() -> None:
    """Kind: analytic -- Cramer's rule and the quadratic formula by hand (k=2,l=1,a=3,b=2,g=4,h=2).

    ab - kl = 4; x* = (2*4 + 2*2)/4 = 3; y* = (3*2 + 1*4)/4 = 2.5;
    eigenvalues (-5 ± sqrt(1 + 8))/2 = -1, -4.
    """
    p = RichardsonParams(k=2, l=1, a=3, b=2, g=4, h=2)
    assert rm.equilibrium(p) == pytest.approx((3.0, 2.5))
    assert rm.eigenvalues(p) == pytest.approx((-1.0, -4.0))
    assert np.sort(np.linalg.eigvals(p.matrix).real) == pytest.approx([-4.0, -1.0])


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Richardson's four classical cases (Rapoport 1957, sec. 2): signs of ab - kl and g, h.
        (RichardsonParams(0.5, 0.5, 1, 1, 1, 1), "stable_balance"),
        (RichardsonParams(0.5, 0.5, 1, 1, -1, -1), "mutual_disarmament"),
        (RichardsonParams(2, 2, 1, 1, 1, 1), "runaway_race"),
        (RichardsonParams(2, 2, 1, 1, -1, -1), "race_or_disarmament"),
        # herz's fifth case: stable, equilibrium with x* < 0 < y*.
        (RichardsonParams(0.5, 0.5, 1, 1, -2, 3), "unilateral_disarmament"),
    ],
)
def test_regimes(params: RichardsonParams, expected: str) -> None:
    """Kind: analytic -- regime from the stability condition and the equilibrium's location."""
    assert rm.regime(params) == expected


def test_race_or_disarmament_both_outcomes_occur() -> None:
    """Kind: analytic -- saddle case: low starts disarm, high starts race (Rapoport 1957)."""
    p = RichardsonParams(2, 2, 1, 1, -1, -1)  # saddle at (1, 1)
    low = rm.simulate(p, 0.5, 0.5, 10.0, truncate=True)
    high = rm.simulate(p, 1.5, 1.5, 10.0, truncate=True)
    assert low.x[-1] == 0.0 and low.y[-1] == 0.0
    assert high.x[-1] > 1e3 and high.y[-1] > 1e3


@settings(max_examples=40, deadline=None)
@given(k=coef, l=coef, a=coef, b=coef, g=grievance, h=grievance)
def test_long_run_matches_truncated_simulation(
    k: float, l: float, a: float, b: float, g: float, h: float  # noqa: E741
) -> None:
    """Kind: analytic -- the LCP point is where truncated trajectories settle when ab > kl."""
    p = RichardsonParams(k, l, a, b, g, h)
    if p.determinant < 0.05:
        return
    slowest = -rm.eigenvalues(p)[0]
    horizon = 40.0 / slowest
    traj = rm.simulate(p, 1.0, 2.0, horizon, n_points=2, truncate=True)
    assert min(traj.x.min(), traj.y.min()) >= 0.0
    assert (traj.x[-1], traj.y[-1]) == pytest.approx(rm.long_run(p), abs=1e-4)


@settings(max_examples=40, deadline=None)
@given(k=coef, l=coef, a=coef, b=coef, g=grievance, h=grievance,
       x0=st.floats(0, 5), y0=st.floats(0, 5))
def test_exact_solution_matches_eigen_decomposition_and_ode(
    k: float, l: float, a: float, b: float, g: float, h: float,  # noqa: E741
    x0: float, y0: float,
) -> None:
    """Kind: analytic -- expm solution = z* + V e^{Λt} V^-1 (z0 - z*) = RK45 integration."""
    p = RichardsonParams(k, l, a, b, g, h)
    if abs(p.determinant) < 0.05:
        return
    t = 1.5
    exact = rm.solve_exact(p, x0, y0, [t])
    lam, vec = np.linalg.eig(p.matrix)
    zs = np.array(rm.equilibrium(p))
    eig = zs + (vec @ np.diag(np.exp(lam * t)) @ np.linalg.solve(vec, [x0, y0] - zs)).real
    ode = rm.simulate(p, x0, y0, t, n_points=2)
    assert [exact.x[0], exact.y[0]] == pytest.approx(eig, rel=1e-7, abs=1e-7)
    assert [ode.x[-1], ode.y[-1]] == pytest.approx(eig, rel=1e-6, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(k=coef, l=coef, a=coef, b=coef)
def test_stability_condition_is_sign_of_largest_eigenvalue(
    k: float, l: float, a: float, b: float  # noqa: E741
) -> None:
    """Kind: analytic -- ab > kl iff both eigenvalues are negative (Richardson 1960)."""
    p = RichardsonParams(k, l, a, b)
    if abs(p.determinant) < 1e-9:
        return
    assert p.stable == (rm.eigenvalues(p)[0] < 0)


def test_discrete_map_stability_differs_from_continuous() -> None:
    """Kind: analytic -- I + A = [[-2, 2], [1, -1]] has eigenvalues 0 and -3 (by hand)."""
    p = RichardsonParams(k=2, l=1, a=3, b=2, g=4, h=2)
    assert p.stable
    assert rm.discrete_spectral_radius(p) == pytest.approx(3.0)
    traj = rm.iterate_map(p, 3.1, 2.5, 10)
    assert abs(traj.x[-1] - 3.0) > 1e3  # oscillating divergence from the same fixed point
    mild = RichardsonParams(k=0.2, l=0.2, a=0.5, b=0.5, g=1, h=1)
    assert rm.solve(mild).discrete_stable
    end = rm.iterate_map(mild, 0, 0, 200)
    assert (end.x[-1], end.y[-1]) == pytest.approx(rm.equilibrium(mild))


def test_truncated_map_stays_nonnegative() -> None:
    """Kind: analytic -- truncation keeps arms >= 0 under goodwill (g, h < 0)."""
    traj = rm.iterate_map(RichardsonParams(0.1, 0.1, 0.5, 0.5, -3, -3), 1, 1, 5, truncate=True)
    assert traj.x.min() == 0.0 and traj.y.min() == 0.0


def test_sum_fit_recovers_exact_linear_data() -> None:
    """Kind: analytic -- data built to obey Δs = α·mid(s) + β exactly give α, β back.

    s_{t+1} = (s_t (1 + α/2) + β) / (1 - α/2) solves the centred difference equation.
    """
    alpha, beta = 0.4, -20.0
    s = [100.0]
    for _ in range(6):
        s.append((s[-1] * (1 + alpha / 2) + beta) / (1 - alpha / 2))
    total = np.array(s)
    series = ArmsSeries(("x", "y"), np.arange(7.0), 0.6 * total, 0.4 * total, "u")
    fit = rm.fit_sum(series)
    assert fit.k_minus_a == pytest.approx(alpha)
    assert fit.g_plus_h == pytest.approx(beta)
    assert fit.equilibrium_total == pytest.approx(50.0)
    assert fit.k_minus_a_se == pytest.approx(0.0, abs=1e-9)


def test_difference_fit_recovers_symmetric_coefficients() -> None:
    """Kind: analytic -- symmetric map data (k = l, a = b): sum + difference forms give k, a, g, h.

    The centred-difference regressions are exact for the map's trapezoidal analogue, so data
    are generated from z_{t+1} = z_t + M (z_t + z_{t+1})/2 + c (solved for z_{t+1}).
    """
    k, a, g, h = 0.3, 0.1, 4.0, 1.0
    m = np.array([[-a, k], [k, -a]])
    c = np.array([g, h])
    z = [np.array([10.0, 20.0])]
    lhs = np.eye(2) - m / 2
    for _ in range(8):
        z.append(np.linalg.solve(lhs, z[-1] + m @ z[-1] / 2 + c))
    zz = np.array(z)
    fit = rm.fit_difference(ArmsSeries(("x", "y"), np.arange(9.0), zz[:, 0], zz[:, 1], "u"))
    assert (fit.k, fit.a, fit.g, fit.h) == pytest.approx((k, a, g, h))
    ls = rm.fit_least_squares(ArmsSeries(("x", "y"), np.arange(9.0), zz[:, 0], zz[:, 1], "u"))
    assert (ls.k, ls.l, ls.a, ls.b, ls.g, ls.h) == pytest.approx((k, k, a, a, g, h))
    assert ls.params().stable is False  # kl > ab: a runaway race


def test_least_squares_skips_gaps_between_years() -> None:
    """Kind: analytic -- an increment is taken only between consecutive years."""
    truth = RichardsonParams(k=0.3, l=0.2, a=0.1, b=0.15, g=5.0, h=3.0)
    sim = rm.iterate_map(truth, 10.0, 40.0, 10)
    keep = np.array([0, 1, 2, 3, 4, 5, 7, 8, 9, 10])  # year 6 missing
    series = ArmsSeries(("x", "y"), sim.t[keep], sim.x[keep], sim.y[keep], "u")
    fit = rm.fit_least_squares(series, regressors="start")
    assert fit.n == 8
    assert (fit.k, fit.l, fit.a, fit.b, fit.g, fit.h) == pytest.approx((0.3, 0.2, 0.1, 0.15, 5, 3))


def test_prewwi_blocs_sum_fit_pinned() -> None:
    """Kind: regression -- herz's sum-form fit of COW NMC v7.0, 1909-1913 (seed-free OLS).

    Richardson (1960) reported k - a ≈ 0.73 per year and an equilibrium total of about 194
    million pounds on his own budget table; the NMC substitute gives 0.832 and 189.3 (same
    accelerating pattern, different source compilation). Values pinned from herz 0.1.0.
    """
    series = rm.load_prewwi_blocs()
    assert series.years.tolist() == [1909, 1910, 1911, 1912, 1913]
    assert (series.x + series.y)[0] == pytest.approx(192.225)  # README: NMC 1909 total 192.2
    fit = rm.fit_sum(series)
    assert fit.n == 4
    assert fit.k_minus_a == pytest.approx(0.8320627935, abs=1e-9)
    assert fit.equilibrium_total == pytest.approx(189.2649193, abs=1e-6)
    assert fit.g_plus_h == pytest.approx(-fit.k_minus_a * fit.equilibrium_total)
    assert 0.8 < fit.r2 <= 1.0


def test_sipri_dyads_load_and_fit_pinned() -> None:
    """Kind: regression -- SIPRI 2025 constant-US$ series; pinned sum-form slopes (herz 0.1.0)."""
    ip = rm.load_dyad("india-pakistan")
    assert (ip.years[0], ip.years[-1]) == (1956, 2024)
    assert rm.fit_sum(ip).k_minus_a == pytest.approx(0.0278463, abs=1e-6)
    irsa = rm.load_dyad("iran-saudi-arabia")
    assert 1975 not in irsa.years  # Saudi Arabia has no SIPRI value for 1974-1976
    # two gaps (1974-1976 and 1986) each break one increment
    assert rm.fit_sum(irsa).n == len(irsa.years) - 1 - 2
    ie = rm.load_dyad("israel-egypt", 1962, 1979)
    assert ie.years[-1] == 1979
    assert rm.fit_sum(rm.load_dyad("greece-turkiye")).n == 71


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: RichardsonParams(k=-1, l=1, a=1, b=1), "k"),
        (lambda: RichardsonParams(k=1, l=1, a=1, b=1, g=math.nan), "g"),
        (lambda: rm.equilibrium(RichardsonParams(k=1, l=1, a=1, b=1)), "a*b - k*l"),
        (lambda: rm.long_run(RichardsonParams(k=2, l=2, a=1, b=1)), "a*b - k*l"),
        (lambda: rm.solve_exact(RichardsonParams(1, 1, 2, 2), 0, 0, [-1.0]), "t"),
        (lambda: rm.simulate(RichardsonParams(1, 1, 2, 2), 0, 0, 1.0, n_points=1), "n_points"),
        (lambda: rm.simulate(RichardsonParams(1, 1, 2, 2), -1, 0, 1.0, truncate=True), "x0"),
        (lambda: rm.iterate_map(RichardsonParams(1, 1, 2, 2), 0, 0, -1), "steps"),
        (lambda: rm.load_prewwi_blocs(1913, 1909), "first"),
        (lambda: rm.load_dyad("france-germany"), "dyad"),
        (lambda: rm.load_dyad("india-pakistan", 2024, 2024), "first"),
        (lambda: rm.fit_least_squares(rm.load_prewwi_blocs(1911, 1913)), "series"),
        (lambda: rm.fit_least_squares(rm.load_prewwi_blocs(), regressors="end"),  # type: ignore[arg-type]
         "regressors"),
        (lambda: ArmsSeries(("x", "y"), np.array([1.0, 0.0]), np.ones(2), np.ones(2), "u"),
         "years"),
        (lambda: ArmsSeries(("x", "y"), np.arange(2.0), np.ones(3), np.ones(2), "u"), "series"),
        (lambda: ArmsSeries(("x", "y"), np.arange(2.0), np.array([1, np.inf]), np.ones(2), "u"),
         "x, y"),
        (lambda: rm.fit_sum(ArmsSeries(("x", "y"), np.arange(4.0), np.ones(4), np.ones(4), "u")),
         "series"),
    ],
)
def test_bad_input_raises_named_error(call: object, field: str) -> None:
    """Kind: analytic -- bad parameters raise HerzInputError naming the field, never a nan."""
    with pytest.raises(HerzInputError) as err:
        call()  # type: ignore[operator]
    assert err.value.field.startswith(field)


@pytest.mark.parametrize("t_end", [0.0, 5e-324])
def test_simulate_rejects_a_horizon_too_short_for_its_grid(t_end: float) -> None:
    """Bad input: a degenerate time grid is a one-line error, not a solver crash."""
    p = RichardsonParams(k=2, l=1, a=3, b=2, g=4, h=2)
    with pytest.raises(HerzInputError, match="t_end"):
        rm.simulate(p, 1.0, 1.0, t_end)


# (k, l, a, b, g, h) -> the motion of the yearly map; the eigenvalues of I + A by hand
# (1 + (-(a+b) ± sqrt((a-b)^2 + 4kl)) / 2): 0.7 and 0.3; 0.3 and -0.7; 1.4 and -0.4; 0.4 and -1.4
DYNAMICS = [
    ((0.2, 0.2, 0.5, 0.5, 1.0, 1.0), "monotone_convergence", (0.7, 0.3)),
    ((0.5, 0.5, 1.2, 1.2, 1.0, 1.0), "oscillating_convergence", (0.3, -0.7)),
    ((0.9, 0.9, 0.5, 0.5, 1.0, 1.0), "monotone_divergence", (1.4, -0.4)),
    ((0.9, 0.9, 1.5, 1.5, 1.0, 1.0), "oscillating_divergence", (0.4, -1.4)),
]


@pytest.mark.parametrize(("coef", "dynamics", "mus"), DYNAMICS)
def test_discrete_dynamics_from_the_eigenvalues_of_the_map(
        coef: tuple[float, ...], dynamics: str, mus: tuple[float, float]) -> None:
    p = RichardsonParams(*coef)
    assert rm.discrete_eigenvalues(p) == pytest.approx(mus, abs=1e-12)  # analytic, see above
    assert rm.discrete_dynamics(p) == dynamics
    # and the yearly path does what the word says: it zig-zags about the fixed point (the
    # deviation changes sign year after year) exactly when an eigenvalue is negative and
    # dominant or both decay; a monotone mode crosses the balance at most once
    x_star, _ = rm.equilibrium(p)
    path = rm.iterate_map(p, x_star + 1.0, x_star + 3.0, 16)
    signs = np.sign(path.x - x_star)
    flips = int(np.sum(signs[1:] != signs[:-1]))
    if dynamics in ("oscillating_convergence", "oscillating_divergence"):
        assert flips >= 10
    else:
        assert flips <= 1
    spread = abs(path.x[-1] - x_star)
    assert (spread < 0.05) == dynamics.endswith("convergence")


def test_the_default_explorable_and_a_stable_race_that_zigzags() -> None:
    # the continuous race is stable (ab > kl) and yet the yearly map zig-zags: the case the
    # web page must not call a plain "stable balance"
    p = RichardsonParams(0.5, 0.5, 1.2, 1.2, 1.0, 1.0)
    assert p.stable and rm.solve(p).regime == "stable_balance"
    assert rm.discrete_dynamics(p) == "oscillating_convergence"


def _write_blocs(path: Path) -> None:
    """The packaged pre-1914 blocs written as a CSV of one's own (with a comment line)."""
    s = load_prewwi_blocs(1900, 1913)
    lines = ["# France+Russia (x), Germany+Austria-Hungary (y), million GBP", "year,x,y"]
    lines += [f"{int(t)},{float(x)!r},{float(y)!r}"
              for t, x, y in zip(s.years, s.x, s.y, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_own_series_file_fits_like_the_packaged_data(tmp_path: Path) -> None:
    """Kind: regression -- the same numbers from a user's CSV give the same fit as the
    packaged series (Richardson's sum form, 1909-1913)."""
    path = tmp_path / "blocs.csv"
    _write_blocs(path)
    own = read_series(path, 1909, 1913, names=("Entente", "Central"))
    assert own.names == ("Entente", "Central") and own.unit == "as in blocs.csv"
    assert fit_sum(own) == fit_sum(load_prewwi_blocs(1909, 1913))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("year,x\n1900,1\n1901,2\n", ["f.csv", "y", "missing column 'y'"]),
        ("# note\nyear,x,y\n1900,1,abc\n1901,2,3\n", ["f.csv", "y", "line 3", "'abc'"]),
        ("year,x,y\n1900,1,2\n1900,2,3\n", ["f.csv", "year", "given twice"]),
        ("year,x,y\n1900,1,2\n", ["f.csv", "year", "fewer than two years"]),
    ],
)
def test_bad_series_files_name_file_column_and_line(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HerzInputError) as info:
        read_series(path)
    for word in words:
        assert word in str(info.value), info.value
