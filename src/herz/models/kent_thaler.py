r"""First-strike stability with discrete counterforce, launch under attack and a general cost.

This module extends :mod:`herz.models.stability` towards the full method of Kent and Thaler
(1989, RAND R-3765, *First-Strike Stability: A Methodology for Evaluating Strategic Forces*):
the first striker assigns 0, 1 or 2 warheads to each of the rival's silos, a share of the
rival's submarines is at sea, the rival may launch its ICBMs under attack, and each side's cost
of a war has its exponent and weights as parameters. The first-strike stability index is then
computed across force postures.

**What comes from the report and what does not.** The report itself was not available to us;
only its public summary was (RAND's abstract: the definition of first-strike stability as "a
condition that exists when neither superpower perceives the other as motivated by the strategic
force posture to launch the first nuclear strike in a crisis", and its five conclusions, among
them that generating forces early in a crisis to make them non-targetable matters and that the
index applies equally to both sides). **No number in this module is taken from the report.** The
structure (a cost of striking first and of being struck first for each side, their ratio, the
product of the two sides' ratios) is the one herz already uses in :mod:`herz.models.stability`;
the allocation rule, the launch-under-attack term, the cost family and every default are herz's
derivations and choices, checked analytically and against a Monte Carlo of the exchange.

Equations (derived by herz)
---------------------------
**Discrete allocation.** With ``N`` silos and ``x <= 2N`` counterforce warheads the attacker puts
one warhead on ``n1`` silos and two on ``n2`` (``n1 + 2 n2 = x``, ``n1 + n2 <= N``). With terminal
kill probability ``p`` the expected silo survivors are

.. math:: N - n_1 p - n_2\,(1 - (1 - p)^2).

A warhead used as a second shot kills ``p (1 - p)`` more, less than the ``p`` of a first shot, so
for a given ``x`` the attacker covers every silo once before doubling: ``(n1, n2) = (x, 0)`` for
``x <= N`` and ``(2N - x, x - N)`` beyond (:func:`allocation`; checked against brute-force
enumeration in the tests). Since the cost depends on the allocation only through the survivors,
the attacker's problem reduces to the integer ``x`` in ``0 .. min(ICBM warheads, 2N)``.

**Launch under attack.** With probability ``L`` the victim launches its ICBMs on warning: all its
ICBM warheads escape and the counterforce warheads hit empty silos; otherwise the silos ride out
the strike. Submarine warheads survive if at sea and not found by ASW; bomber warheads if on
alert (as in :mod:`herz.models.stability`).

**Cost.** With ``D_self`` the fraction of a side's value destroyed and ``D_other`` the fraction of
the rival's,

.. math:: C = a\,D_\text{self}^{\,e} + b\,(1 - D_\text{other})^{e},

averaged over the launch-under-attack outcome. ``a = 1, b = 0.5, e = 1`` is the cost of
:mod:`herz.models.stability` (``k = b / a = 0.5``) and :data:`HERZ_COST`; ``b = 0`` counts only
the damage a side suffers (:data:`DAMAGE_ONLY`); ``e > 1`` weighs large damage more than
proportionally. Damage is ``D = 1 - exp(-n / V)`` of the ``n`` expected arriving warheads (a
mean-field approximation: the Monte Carlo in the tests shows the Jensen gap it leaves).

**Index.** ``S_A = min(1, C_A(A first) / C_A(B first))``, ``S_B`` likewise, ``FSS = S_A S_B``.

References: Kent and Thaler 1989; see :mod:`herz.models.stability` for the kill-probability
sources.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from herz.errors import HerzInputError
from herz.models import stability as st
from herz.models.stability import (
    ForcePosture,
    bomber_survivors,
    kill_probability,
    sspk,
    submarine_survivors,
)
from herz.validate import Check

__all__ = [
    "DAMAGE_ONLY",
    "HERZ_COST",
    "CostFunction",
    "Strike",
    "TPStability",
    "allocation",
    "exchange_cost",
    "first_strike",
    "posture_table",
    "reference_checks",
    "simulate_exchange",
    "stability",
]


@dataclass(frozen=True)
class CostFunction:
    """``C = a D_self**e + b (1 - D_other)**e``."""

    self_weight: float = 1.0
    other_weight: float = 0.5
    exponent: float = 1.0

    def __post_init__(self) -> None:
        for name in ("self_weight", "other_weight"):
            v = getattr(self, name)
            if not (math.isfinite(v) and v >= 0.0):
                raise HerzInputError(f"{v!r}", field=name, allowed="a number >= 0")
        if not (math.isfinite(self.exponent) and self.exponent > 0.0):
            raise HerzInputError(f"{self.exponent!r}", field="exponent", allowed="> 0")
        if self.self_weight == 0.0 and self.other_weight == 0.0:
            raise HerzInputError("both weights are 0", field="self_weight",
                                 allowed="at least one weight > 0")

    def __call__(self, d_self: np.ndarray | float, d_other: np.ndarray | float) -> np.ndarray:
        ds = np.asarray(d_self, dtype=float)
        do = np.asarray(d_other, dtype=float)
        return np.asarray(self.self_weight * ds**self.exponent
                          + self.other_weight * (1.0 - do) ** self.exponent)


#: The cost of :mod:`herz.models.stability` (``k = 0.5``, linear).
HERZ_COST = CostFunction(1.0, 0.5, 1.0)
#: Only the damage a side suffers counts.
DAMAGE_ONLY = CostFunction(1.0, 0.0, 1.0)


def _scalar(posture: ForcePosture, name: str) -> float:
    a = np.asarray(getattr(posture, name), dtype=float)
    if a.ndim != 0:
        raise HerzInputError("an array", field=name, allowed="a scalar posture")
    return float(a)


def allocation(x: int, silos: int) -> tuple[int, int]:
    """``(n1, n2)``: silos struck by one and by two warheads, covering every silo once first.

    >>> allocation(300, 500), allocation(700, 500)
    ((300, 0), (300, 200))
    """
    if silos < 0 or x < 0 or x > 2 * silos:
        raise HerzInputError(f"x={x}, silos={silos}", field="counterforce_warheads",
                             allowed="0 <= x <= 2 * silos")
    return (x, 0) if x <= silos else (2 * silos - x, x - silos)


@dataclass(frozen=True)
class Strike:
    """One side's optimal first strike and its outcome."""

    counterforce_warheads: int
    one_shot_silos: int
    two_shot_silos: int
    expected_survivors_ride_out: float
    """Victim's expected surviving warheads if its silos ride out the strike."""
    cost_to_attacker: float
    cost_to_defender: float


def _pieces(attacker: ForcePosture, defender: ForcePosture) -> dict[str, float]:
    names = ("silos", "warheads_per_missile", "slbm_warheads", "bomber_warheads", "reliability",
             "defense_intercept", "value_targets", "at_sea_fraction", "alert_fraction",
             "asw_kill", "silo_defense_intercept", "icbm_yield_mt", "icbm_cep_nmi",
             "silo_hardness_psi")
    return {f"a_{n}": _scalar(attacker, n) for n in names} | {
        f"d_{n}": _scalar(defender, n) for n in names}


def exchange_cost(
    attacker: ForcePosture, defender: ForcePosture, x: np.ndarray | int, *,
    cost: CostFunction = HERZ_COST, launch_under_attack: float = 0.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Expected costs ``(C_attacker, C_defender)`` and the ride-out survivors for counterforce
    ``x`` (integers, broadcast), with the victim launching under attack with probability ``L``.
    """
    lua = float(launch_under_attack)
    if not 0.0 <= lua <= 1.0:
        raise HerzInputError(f"{lua!r}", field="launch_under_attack", allowed="0 <= L <= 1")
    v = _pieces(attacker, defender)
    n = int(v["d_silos"])
    xs = np.asarray(x, dtype=float)
    p = float(kill_probability(
        float(sspk(v["a_icbm_yield_mt"], v["a_icbm_cep_nmi"], v["d_silo_hardness_psi"])),
        v["a_reliability"], v["d_silo_defense_intercept"]))
    n1 = np.where(xs <= n, xs, 2 * n - xs)
    n2 = np.where(xs <= n, 0.0, xs - n)
    silos_left = n - n1 * p - n2 * (1.0 - (1.0 - p) ** 2)
    other = (float(submarine_survivors(v["d_slbm_warheads"], v["d_at_sea_fraction"],
                                       v["a_asw_kill"]))
             + float(bomber_survivors(v["d_bomber_warheads"], v["d_alert_fraction"])))
    wpm = v["d_warheads_per_missile"]
    ride = silos_left * wpm + other
    launch = n * wpm + other + 0.0 * xs
    total_att = v["a_silos"] * v["a_warheads_per_missile"] + v["a_slbm_warheads"] + v[
        "a_bomber_warheads"]
    strike = (total_att - xs) * v["a_reliability"] * (1.0 - v["d_defense_intercept"])
    d_def = 1.0 - np.exp(-strike / v["d_value_targets"])

    def dmg_att(surv: np.ndarray) -> np.ndarray:
        arriving = surv * v["d_reliability"] * (1.0 - v["a_defense_intercept"])
        return np.asarray(1.0 - np.exp(-arriving / v["a_value_targets"]))

    d_ride, d_launch = dmg_att(ride), dmg_att(launch)
    c_att = (1.0 - lua) * cost(d_ride, d_def) + lua * cost(d_launch, d_def)
    c_def = (1.0 - lua) * cost(d_def, d_ride) + lua * cost(d_def, d_launch)
    return np.asarray(c_att), np.asarray(c_def), np.asarray(ride)


def first_strike(
    attacker: ForcePosture, defender: ForcePosture, *, cost: CostFunction = HERZ_COST,
    launch_under_attack: float = 0.0,
) -> Strike:
    """The attacker's cost-minimising integer counterforce strike (0, 1 or 2 per silo)."""
    icbm = int(math.floor(_scalar(attacker, "silos") * _scalar(attacker, "warheads_per_missile")))
    n = int(_scalar(defender, "silos"))
    xs = np.arange(0, min(icbm, 2 * n) + 1)
    c_att, c_def, ride = exchange_cost(attacker, defender, xs, cost=cost,
                                       launch_under_attack=launch_under_attack)
    i = int(np.argmin(c_att))
    n1, n2 = allocation(int(xs[i]), n)
    return Strike(int(xs[i]), n1, n2, float(ride[i]), float(c_att[i]), float(c_def[i]))


@dataclass(frozen=True)
class TPStability:
    """The index and its parts."""

    index: float
    ratio_a: float
    ratio_b: float
    a_first: Strike
    b_first: Strike


def stability(
    a: ForcePosture, b: ForcePosture, *, cost: CostFunction = HERZ_COST,
    lua_a: float = 0.0, lua_b: float = 0.0,
) -> TPStability:
    """``FSS = S_A S_B`` with discrete allocation, launch under attack (``lua_a``: probability
    that A launches under attack when struck) and the cost ``cost``.

    >>> round(stability(ForcePosture(), ForcePosture()).index, 6)
    0.733985
    """
    a_first = first_strike(a, b, cost=cost, launch_under_attack=lua_b)
    b_first = first_strike(b, a, cost=cost, launch_under_attack=lua_a)
    ra = min(1.0, a_first.cost_to_attacker / b_first.cost_to_defender)
    rb = min(1.0, b_first.cost_to_attacker / a_first.cost_to_defender)
    return TPStability(ra * rb, ra, rb, a_first, b_first)


def posture_table(
    at_sea: list[float], lua: list[float], *, base: ForcePosture | None = None,
    cost: CostFunction = HERZ_COST,
) -> np.ndarray:
    """FSS of symmetric dyads, rows: at-sea fractions, columns: launch-under-attack
    probabilities."""
    base = ForcePosture() if base is None else base
    out = np.empty((len(at_sea), len(lua)))
    for i, s in enumerate(at_sea):
        p = replace(base, at_sea_fraction=s)
        for j, lu in enumerate(lua):
            out[i, j] = stability(p, p, cost=cost, lua_a=lu, lua_b=lu).index
    return out


def simulate_exchange(
    attacker: ForcePosture, defender: ForcePosture, x: int, *, cost: CostFunction = HERZ_COST,
    launch_under_attack: float = 0.0, n: int = 20_000, seed: int = 1989,
) -> dict[str, float]:
    """Monte Carlo of one exchange: silo kills warhead by warhead, launch under attack as a coin,
    and every launched warhead arriving independently; damage and cost from the realised counts.
    Returns the means of ride-out survivors, attacker cost and defender cost."""
    v = _pieces(attacker, defender)
    rng = np.random.default_rng(seed)
    silos = int(v["d_silos"])
    n1, n2 = allocation(x, silos)
    p = float(kill_probability(
        float(sspk(v["a_icbm_yield_mt"], v["a_icbm_cep_nmi"], v["d_silo_hardness_psi"])),
        v["a_reliability"], v["d_silo_defense_intercept"]))
    untouched = silos - n1 - n2
    surv1 = rng.binomial(n1, 1.0 - p, n)
    surv2 = rng.binomial(n2, (1.0 - p) ** 2, n)
    silos_left = untouched + surv1 + surv2
    other = (float(submarine_survivors(v["d_slbm_warheads"], v["d_at_sea_fraction"],
                                       v["a_asw_kill"]))
             + float(bomber_survivors(v["d_bomber_warheads"], v["d_alert_fraction"])))
    launched = rng.random(n) < launch_under_attack
    icbm_left = np.where(launched, silos, silos_left) * v["d_warheads_per_missile"]
    retaliators = np.rint(icbm_left + other).astype(np.int64)
    arrive_att = rng.binomial(retaliators, v["d_reliability"] * (1.0 - v["a_defense_intercept"]))
    total_att = int(round(v["a_silos"] * v["a_warheads_per_missile"] + v["a_slbm_warheads"]
                          + v["a_bomber_warheads"]))
    arrive_def = rng.binomial(total_att - x, v["a_reliability"] * (1.0 - v["d_defense_intercept"]),
                              n)
    d_att = 1.0 - np.exp(-arrive_att / v["a_value_targets"])
    d_def = 1.0 - np.exp(-arrive_def / v["d_value_targets"])
    return {
        "ride_out_survivors": float(np.mean(silos_left * v["d_warheads_per_missile"] + other)),
        "cost_to_attacker": float(np.mean(cost(d_att, d_def))),
        "cost_to_defender": float(np.mean(cost(d_def, d_att))),
    }


# --------------------------------------------------------------------------- reference checks
def reference_checks() -> list[Check]:
    """Analytic identities and a pinned regression value (none from the report)."""
    model = "kent_thaler"
    base = ForcePosture()
    herz_k = stability(base, base)
    all_sea = ForcePosture(silos=0.0, slbm_warheads=1500.0, at_sea_fraction=1.0,
                           bomber_warheads=0.0)
    ready = ForcePosture(at_sea_fraction=1.0, alert_fraction=1.0)
    full_lua = stability(ready, ready, lua_a=1.0, lua_b=1.0)
    old = st.first_strike_stability(base, base, max_warheads_per_silo=2.0, grid=1001)
    strike = first_strike(base, base)
    p = float(kill_probability(float(sspk(0.3, 0.1, 2000.0)), 0.85, 0.0))
    n1, n2 = strike.one_shot_silos, strike.two_shot_silos
    return [
        Check(model, "FSS of two all-at-sea SSBN forces", "derivation: nothing to strike first",
              "analytic", 1.0, stability(all_sea, all_sea).index, 1e-12,
              note="both orders give identical damage"),
        Check(model, "FSS, L = 1, all submarines at sea and bombers on alert",
              "derivation: counterforce is wasted, x* = 0, both orders give the same damage",
              "analytic", 1.0, full_lua.index, 1e-12, note="exact"),
        Check(model, "FSS vs herz.models.stability (2 per silo, grid on the integers)",
              "derivation: covering every silo once before doubling is the even spread",
              "analytic", float(old.index), herz_k.index, 1e-12,
              note="two implementations of one optimum; rounding only"),
        Check(model, "ride-out survivors of the optimal strike, default postures",
              "derivation: 3 (500 - n1 p - n2 (1 - (1-p)^2)) + 800 * 0.6 + 300 * 0.3",
              "analytic", 3.0 * (500 - n1 * p - n2 * (1 - (1 - p) ** 2)) + 480.0 + 90.0,
              strike.expected_survivors_ride_out, 1e-9, note="closed form; rounding only"),
        Check(model, "FSS, default postures, herz cost (a=1, b=0.5, e=1), L = 0",
              "herz regression value", "regression", _BASELINE, herz_k.index, 1e-9,
              note="deterministic; integer allocation with at most 2 warheads per silo"),
    ]


#: FSS of two default postures with the herz cost, no launch under attack, at most 2 per silo.
_BASELINE = 0.7339851344821781
