"""Intriligator and Brito (1984): can arms races lead to the outbreak of war?

The argument: two states hold missile stocks ``M_A`` and ``M_B``. A state is *deterred* when the
rival, after absorbing its counterforce first strike, could still inflict casualties it finds
unacceptable; it *may initiate* war when a first strike would limit the rival's retaliation to
casualties it finds acceptable. These conditions carve the ``(M_A, M_B)`` plane into regions. At
high, balanced stocks both sides are deterred (the *cone of mutual deterrence*); near the axes
the stronger side can strike with impunity, and near the origin *both* can. So an arms race can
carry the dyad from a war-prone region into the cone — more missiles can be stabilising — while
a disarmament race towards zero can make war more likely. This challenges the old view (after
Richardson) that arms races cause wars (Intriligator and Brito 1984; criticised by Mayer 1986).

Equations
---------
``f_A`` is the number of B's missiles one A missile destroys in a counterforce first strike, and
``v_A`` the casualties one surviving A missile inflicts on B's cities (``f_B``, ``v_B`` likewise).
``Cbar_A`` is the casualty level A finds unacceptable and ``Cstar_A < Cbar_A`` the level A would
accept to win (``Cbar_B``, ``Cstar_B`` likewise). If A strikes first with all its missiles at
B's missiles, B retaliates with ``max(0, M_B - f_A M_A)`` missiles, inflicting
``v_B max(0, M_B - f_A M_A)`` casualties on A. Hence::

    B deters A         M_B >= Cbar_A / v_B + f_A M_A
    A may initiate     M_B <= Cstar_A / v_B + f_A M_A
    A deters B         M_A >= Cbar_B / v_A + f_B M_B
    B may initiate     M_A <= Cstar_B / v_A + f_B M_B

The two deterrence lines bound the cone of mutual deterrence. It exists (the lines diverge) when
``f_A f_B < 1``; its vertex is::

    M_A = (mbar_A + f_B mbar_B) / (1 - f_A f_B),  M_B = (mbar_B + f_A mbar_A) / (1 - f_A f_B)

with ``mbar_A = Cbar_B / v_A`` (A's missiles needed to deter B) and ``mbar_B = Cbar_A / v_B``.

Dynamics: the missile race is Richardson's linear system (Richardson 1960; Intriligator 1975)::

    dM_A/dt = k_A M_B - a_A M_A + g_A
    dM_B/dt = k_B M_A - a_B M_B + g_B

Intriligator (1975) derived it from strategy: each side adjusts its stock at rate ``a`` towards
the stock that deters the rival after absorbing the rival's strike, here with a safety
``margin``: ``dM_A/dt = a_A [(1 + margin) mbar_A + f_B M_B - M_A]``, i.e. ``k_A = a_A f_B`` and
``g_A = a_A (1 + margin) mbar_A`` (:func:`deterrence_race`). Its equilibrium is the cone's vertex
scaled by ``1 + margin``; it is stable exactly when the cone exists (``f_A f_B < 1``), and it
lies strictly inside the cone when ``margin > 0``.

Where herz interprets or departs from the source
-------------------------------------------------
- The full text of Intriligator and Brito (1984) was not available to us; the conditions above
  are the model as it is summarised in the literature that discusses it (Mayer 1986; Intriligator
  1975) and as the issue states it. The names of the regions that are not the cone (``A may
  initiate``, ``B may initiate``, ``both may initiate``, ``deterrence incomplete``) are herz's
  labels, not necessarily the paper's words.
- The first strike is instantaneous, uses all the attacker's missiles against the rival's
  missiles, and cannot destroy more missiles than exist (``max(0, ...)``); the paper's
  continuous-time war with rates of fire is collapsed to this one exchange.
- A side that is neither deterred nor able to strike at acceptable cost is placed in
  ``deterrence incomplete``; the model says nothing more about it.
- The race's closed-form solution is used (matrix exponential); parameters must be >= 0, so the
  stocks stay non-negative.

References: Intriligator and Brito 1984; Intriligator 1975; Richardson 1960; Mayer 1986 (see
``docs/reference/bibliography.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.linalg import expm

from herz.errors import HerzInputError, require_nonnegative, require_positive
from herz.validate import Check

FloatArray: TypeAlias = NDArray[np.float64]
BoolArray: TypeAlias = NDArray[np.bool_]

Region = Literal[
    "mutual deterrence",
    "A may initiate",
    "B may initiate",
    "both may initiate",
    "deterrence incomplete",
]
#: Region labels in a fixed order (the codes returned by :func:`region_codes`).
REGIONS: tuple[Region, ...] = (
    "mutual deterrence",
    "A may initiate",
    "B may initiate",
    "both may initiate",
    "deterrence incomplete",
)

__all__ = [
    "REGIONS",
    "Classification",
    "Deterrence",
    "Race",
    "Region",
    "Trajectory",
    "classify",
    "cone_vertex",
    "deterrence_race",
    "reference_checks",
    "region_codes",
    "simulate_race",
]


@dataclass(frozen=True)
class Deterrence:
    """The strategic parameters of the dyad (notation of the module docstring)."""

    f_a: float = 0.5
    """B's missiles destroyed per A missile in A's counterforce first strike."""
    f_b: float = 0.5
    """A's missiles destroyed per B missile in B's counterforce first strike."""
    v_a: float = 1.0
    """Casualties inflicted on B per A missile that reaches B's cities."""
    v_b: float = 1.0
    """Casualties inflicted on A per B missile that reaches A's cities."""
    unacceptable_a: float = 100.0
    """``Cbar_A``: casualties that deter A."""
    unacceptable_b: float = 100.0
    """``Cbar_B``: casualties that deter B."""
    acceptable_a: float = 20.0
    """``Cstar_A``: casualties A would accept in a war it starts."""
    acceptable_b: float = 20.0
    """``Cstar_B``: casualties B would accept in a war it starts."""

    def __post_init__(self) -> None:
        for name in ("f_a", "f_b"):
            require_nonnegative(getattr(self, name), name)
        for name in ("v_a", "v_b", "unacceptable_a", "unacceptable_b"):
            require_positive(getattr(self, name), name)
        for side in ("a", "b"):
            star = require_nonnegative(getattr(self, f"acceptable_{side}"), f"acceptable_{side}")
            if star >= getattr(self, f"unacceptable_{side}"):
                raise HerzInputError(
                    f"{star!r} is not below unacceptable_{side}",
                    field=f"acceptable_{side}", allowed=f"0 <= acceptable < unacceptable_{side}",
                )

    @property
    def deter_need_a(self) -> float:
        """``mbar_A = Cbar_B / v_A``: A's surviving missiles needed to deter B."""
        return self.unacceptable_b / self.v_a

    @property
    def deter_need_b(self) -> float:
        """``mbar_B = Cbar_A / v_B``: B's surviving missiles needed to deter A."""
        return self.unacceptable_a / self.v_b

    @property
    def cone_exists(self) -> bool:
        """Whether the two deterrence lines diverge (``f_A f_B < 1``)."""
        return self.f_a * self.f_b < 1.0


def _stocks(m: ArrayLike, field: str) -> FloatArray:
    try:
        arr = np.asarray(m, dtype=float)
    except (TypeError, ValueError) as err:
        raise HerzInputError(f"{m!r} is not a number", field=field, allowed=">= 0") from err
    if not np.all(np.isfinite(arr)) or np.any(arr < 0.0):
        raise HerzInputError("has a negative or non-finite stock", field=field, allowed=">= 0")
    return arr


@dataclass(frozen=True)
class Classification:
    """Where a point (or an array of points) lies. Fields broadcast like ``M_A`` and ``M_B``."""

    a_deterred: BoolArray | bool
    a_may_initiate: BoolArray | bool
    b_deterred: BoolArray | bool
    b_may_initiate: BoolArray | bool
    region: Region | NDArray[np.str_]


def _conditions(
    m_a: FloatArray, m_b: FloatArray, p: Deterrence
) -> tuple[BoolArray, BoolArray, BoolArray, BoolArray]:
    b_retaliates = np.maximum(0.0, m_b - p.f_a * m_a)  # after A's first strike
    a_retaliates = np.maximum(0.0, m_a - p.f_b * m_b)  # after B's first strike
    a_deterred = p.v_b * b_retaliates >= p.unacceptable_a
    a_init = p.v_b * b_retaliates <= p.acceptable_a
    b_deterred = p.v_a * a_retaliates >= p.unacceptable_b
    b_init = p.v_a * a_retaliates <= p.acceptable_b
    return a_deterred, a_init, b_deterred, b_init


def region_codes(m_a: ArrayLike, m_b: ArrayLike, params: Deterrence | None = None) -> NDArray[
    np.int64
]:
    """Index into :data:`REGIONS` of each point; vectorised over ``m_a`` and ``m_b``."""
    p = params or Deterrence()
    a = _stocks(m_a, "m_a")
    b = _stocks(m_b, "m_b")
    a_det, a_init, b_det, b_init = _conditions(a, b, p)
    codes: NDArray[np.int64] = np.select(
        [a_init & b_init, a_init, b_init, a_det & b_det],
        [np.int64(3), np.int64(1), np.int64(2), np.int64(0)],
        default=np.int64(4),
    )
    return codes


def classify(m_a: ArrayLike, m_b: ArrayLike, params: Deterrence | None = None) -> Classification:
    """Classify the point(s) ``(m_a, m_b)``: each side's status and the region.

    >>> classify(0.0, 0.0).region
    'both may initiate'
    >>> classify(400.0, 400.0).region
    'mutual deterrence'
    """
    p = params or Deterrence()
    a = _stocks(m_a, "m_a")
    b = _stocks(m_b, "m_b")
    a_det, a_init, b_det, b_init = _conditions(a, b, p)
    codes = region_codes(a, b, p)
    labels = np.asarray(REGIONS)[codes]
    if codes.ndim == 0:
        return Classification(bool(a_det), bool(a_init), bool(b_det), bool(b_init),
                              str(labels))  # type: ignore[arg-type]
    return Classification(a_det, a_init, b_det, b_init, labels)


def cone_vertex(params: Deterrence | None = None) -> tuple[float, float]:
    """The vertex ``(M_A, M_B)`` of the cone of mutual deterrence (where both lines meet)."""
    p = params or Deterrence()
    if not p.cone_exists:
        raise HerzInputError(
            f"f_a * f_b = {p.f_a * p.f_b!r}: the deterrence lines do not diverge, no cone",
            field="f_a, f_b", allowed="f_a * f_b < 1",
        )
    det = 1.0 - p.f_a * p.f_b
    return (
        (p.deter_need_a + p.f_b * p.deter_need_b) / det,
        (p.deter_need_b + p.f_a * p.deter_need_a) / det,
    )


# --------------------------------------------------------------------------- the race
@dataclass(frozen=True)
class Race:
    """Richardson's linear race ``dM_A/dt = k_a M_B - a_a M_A + g_a`` (and B likewise)."""

    k_a: float
    k_b: float
    a_a: float
    a_b: float
    g_a: float
    g_b: float

    def __post_init__(self) -> None:
        for name in ("k_a", "k_b", "a_a", "a_b", "g_a", "g_b"):
            require_nonnegative(getattr(self, name), name)

    @property
    def matrix(self) -> FloatArray:
        return np.array([[-self.a_a, self.k_a], [self.k_b, -self.a_b]])

    @property
    def stable(self) -> bool:
        """Whether the equilibrium attracts (``a_A a_B > k_A k_B``)."""
        return self.a_a * self.a_b > self.k_a * self.k_b

    def equilibrium(self) -> tuple[float, float]:
        """The stationary stocks; raises if the system is singular (``a_A a_B = k_A k_B``)."""
        det = self.a_a * self.a_b - self.k_a * self.k_b
        if det == 0.0:
            raise HerzInputError("a_a * a_b equals k_a * k_b: no unique equilibrium",
                                 field="k_a, k_b, a_a, a_b", allowed="a_a a_b != k_a k_b")
        return (
            (self.a_b * self.g_a + self.k_a * self.g_b) / det,
            (self.a_a * self.g_b + self.k_b * self.g_a) / det,
        )


def deterrence_race(
    params: Deterrence | None = None,
    rate_a: float = 0.5,
    rate_b: float = 0.5,
    margin: float = 0.2,
) -> Race:
    """Intriligator's (1975) strategic race: each side closes ``rate`` of its deterrence gap a year.

    ``dM_A/dt = rate_a [(1 + margin) mbar_A + f_B M_B - M_A]`` and likewise for B.
    """
    p = params or Deterrence()
    require_positive(rate_a, "rate_a")
    require_positive(rate_b, "rate_b")
    require_nonnegative(margin, "margin")
    return Race(
        k_a=rate_a * p.f_b, k_b=rate_b * p.f_a, a_a=rate_a, a_b=rate_b,
        g_a=rate_a * (1.0 + margin) * p.deter_need_a,
        g_b=rate_b * (1.0 + margin) * p.deter_need_b,
    )


@dataclass(frozen=True)
class Trajectory:
    """A race path and the regions it passes through."""

    t: FloatArray
    m_a: FloatArray
    m_b: FloatArray
    region: NDArray[np.str_]

    def visits(self) -> list[tuple[float, str]]:
        """``(time of entry, region)`` for the start and every change of region."""
        out: list[tuple[float, str]] = []
        for t, r in zip(self.t, self.region, strict=True):
            if not out or out[-1][1] != r:
                out.append((float(t), str(r)))
        return out


def _expm_metzler(k: FloatArray, times: FloatArray) -> FloatArray:
    """``exp(K t)`` for a 2x2 matrix with non-negative off-diagonal entries, for every ``t``.

    ``e^{Kt} = e^{mu t} [cosh(d t) I + sinh(d t)/d (K - mu I)]`` with ``mu = tr K / 2`` and
    ``d = sqrt(mu^2 - det K)``, real because ``mu^2 - det K = (K11 - K22)^2/4 + K12 K21 >= 0``.
    """
    mu = 0.5 * np.trace(k)
    d = math.sqrt(max(mu * mu - float(np.linalg.det(k)), 0.0))
    dt = d * times
    sinh_over_d = np.sinh(dt) / d if d > 0.0 else times.copy()
    eye = np.eye(2)
    out: FloatArray = np.exp(mu * times)[:, None, None] * (
        np.cosh(dt)[:, None, None] * eye + sinh_over_d[:, None, None] * (k - mu * eye)
    )
    return out


def simulate_race(
    race: Race,
    m0: tuple[float, float],
    t: ArrayLike,
    params: Deterrence | None = None,
) -> Trajectory:
    """The closed-form race path from ``m0`` at times ``t`` (``M(t) = M* + e^{Kt}(M0 - M*)``)."""
    times = np.asarray(t, dtype=float)
    if times.ndim != 1 or times.size == 0 or np.any(times < 0) or not np.all(np.isfinite(times)):
        raise HerzInputError("times must be a non-empty 1-d array of finite values >= 0",
                             field="t", allowed="t >= 0")
    start = _stocks(np.asarray(m0, dtype=float), "m0")
    if start.shape != (2,):
        raise HerzInputError("needs two stocks", field="m0", allowed="(M_A, M_B)")
    k = race.matrix
    if abs(np.linalg.det(k)) > 1e-14:
        eq = np.asarray(race.equilibrium())
        path = eq + np.einsum("nij,j->ni", _expm_metzler(k, times), start - eq)
    else:  # singular: integrate the constant forcing with the augmented-matrix trick
        aug = np.zeros((3, 3))
        aug[:2, :2] = k
        aug[:2, 2] = [race.g_a, race.g_b]
        x0 = np.array([*start, 1.0])
        path = np.stack([(expm(aug * ti) @ x0)[:2] for ti in times])
    path = np.maximum(path, 0.0)  # round-off only: the positive quadrant is invariant
    labels = np.asarray(REGIONS)[region_codes(path[:, 0], path[:, 1], params)]
    return Trajectory(times, path[:, 0], path[:, 1], labels)


# --------------------------------------------------------------------------- reference checks
def reference_checks() -> list[Check]:
    """The analytic and regression values this module reproduces (run by ``herz validate``)."""
    from scipy.integrate import solve_ivp

    model = "intriligator_brito"
    p = Deterrence()
    checks: list[Check] = []
    vx, vy = cone_vertex(p)
    # The vertex lies on both deterrence lines.
    checks.append(Check(
        model, "cone vertex on B-deters-A line: Cbar_A/v_B + f_A M_A - M_B",
        "Intriligator & Brito 1984 deterrence condition (derivation)", "analytic",
        expected=0.0, computed=p.deter_need_b + p.f_a * vx - vy, abs_tol=1e-9,
        note="exact linear algebra; floating-point tolerance",
    ))
    checks.append(Check(
        model, "cone vertex M_A, closed form vs numerical solve",
        "derivation: intersection of the two deterrence lines", "analytic",
        expected=float(np.linalg.solve(np.array([[1.0, -p.f_b], [-p.f_a, 1.0]]),
                                       [p.deter_need_a, p.deter_need_b])[0]),
        computed=vx, abs_tol=1e-9, note="two independent computations of the same point",
    ))
    # Strategic race with zero margin converges to the vertex (Intriligator 1975).
    race0 = deterrence_race(p, margin=0.0)
    checks.append(Check(
        model, "strategic race equilibrium M_B = cone vertex M_B",
        "Intriligator 1975: the race targets the deterrence lines", "analytic",
        expected=vy, computed=race0.equilibrium()[1], abs_tol=1e-9,
        note="exact; floating-point tolerance",
    ))
    # Closed-form path vs numerical ODE integration.
    race = deterrence_race(p)
    sol = solve_ivp(lambda _t, m: race.matrix @ m + [race.g_a, race.g_b], (0.0, 6.0), [5.0, 40.0],
                    rtol=1e-10, atol=1e-10)
    closed = simulate_race(race, (5.0, 40.0), [6.0], p)
    checks.append(Check(
        model, "race M_A(6) from (5, 40): closed form vs RK45",
        "derivation: linear ODE solution e^{Kt}", "analytic",
        expected=float(sol.y[0, -1]), computed=float(closed.m_a[-1]), rel_tol=1e-7,
        note="RK45 run at rtol 1e-10; 1e-7 leaves room for its error",
    ))
    # Near the origin both sides may strike first (disarmament is dangerous).
    checks.append(Check(
        model, "region code at the origin (3 = both may initiate)",
        "Intriligator & Brito 1984: war initiation near zero stocks (derivation)", "analytic",
        expected=3.0, computed=float(region_codes(0.0, 0.0, p)), abs_tol=0.0,
        note="exact classification",
    ))
    # The default race from near the origin enters the cone: time of entry.
    traj = simulate_race(race, (5.0, 40.0), np.linspace(0.0, 20.0, 2001), p)
    entry = next(t for t, r in traj.visits() if r == "mutual deterrence")
    checks.append(Check(
        model, "year the default race from (5, 40) enters mutual deterrence",
        "herz regression value (v0.1.0)", "regression", expected=_ENTRY_YEAR, computed=entry,
        abs_tol=1e-9, note="pinned on a 0.01-year grid; deterministic",
    ))
    return checks


_ENTRY_YEAR = 6.81
