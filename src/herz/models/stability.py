"""Strategic stability: kill probabilities, counterforce survivors and first-strike stability.

Why it matters for the security dilemma: forces that survive a first strike (submarines at sea,
bombers on alert) let a state retaliate, so they deter without threatening the rival's deterrent;
counterforce accuracy, strategic anti-submarine warfare (ASW) and missile defense threaten the
rival's second strike and give *both* sides a reason to strike first in a crisis (Jervis 1978;
Schelling 1960, ch. 9). This module makes that argument quantitative with the standard
exchange calculus and the first-strike stability index of Kent and Thaler (1989).

Equations
---------
Lethal radius and single-shot kill probability (the "cookie-cutter" blast model; OTA 1979;
Tsipis 1975). With yield ``Y`` in megatons, target hardness ``H`` in psi and lethal radius ``LR``
and circular error probable ``CEP`` in nautical miles::

    LR   = 2.62 * Y**(1/3) / H**(1/3)
    SSPK = 1 - 0.5 ** ((LR / CEP) ** 2)

The second line is exact for a circular normal miss distribution whose median miss distance is
``CEP``: the probability of landing within ``LR`` of the aim point (``P(r <= CEP) = 1/2``). The
first line is the usual fit to the blast-overpressure curves of Glasstone and Dolan (1977) for
hard targets; the constant 2.62 is the one stated in the issue and in the open literature;
it is a parameter of :func:`lethal_radius`.

Terminal kill probability of one warhead that must also work and get through a defense::

    p = reliability * (1 - intercept) * SSPK

Expected survivors of a counterforce strike on ``n`` silos by ``w`` warheads, spread as evenly as
possible (every silo gets ``floor(w/n)`` warheads and a fraction ``frac(w/n)`` of them one more),
with independent warheads ("cross-targeting": two warheads on one silo come from different
missiles)::

    s(r) = (1 - frac(r)) * (1 - p) ** floor(r) + frac(r) * (1 - p) ** (floor(r) + 1),  r = w / n
    silo survivors = n * s(w / n)

Submarine-launched warheads survive if their boat is at sea and escapes ASW; bomber warheads
survive if their bomber is on alert::

    SLBM survivors   = W_slbm * at_sea * (1 - asw_kill)
    bomber survivors = W_bomber * alert

Exchange and first-strike stability (Kent and Thaler 1989)
------------------------------------------------------------
Side ``A`` strikes first: it sends ``x`` of its ICBM warheads against ``B``'s silos and every
other warhead against ``B``'s value targets; ``B`` retaliates with all its survivors against
``A``'s value targets. With ``V`` the number of value targets of the side struck and ``n`` the
warheads that arrive (after reliability and the struck side's defense), the fraction of value
destroyed is ``D = 1 - exp(-n / V)``. The cost of the war to a side weighs the damage it suffers
and the damage it fails to inflict::

    C_A = D_A + k * (1 - D_B)

The attacker chooses ``x`` to minimise its own cost. Kent and Thaler compare, for each side, the
cost of striking first with the cost of being struck first (``B`` then chooses *its* best
``x``), and combine the two sides' ratios::

    S_A = min(1, C_A(A strikes first) / C_A(B strikes first))
    S_B = min(1, C_B(B strikes first) / C_B(A strikes first))
    first-strike stability index  FSS = S_A * S_B

``FSS`` near 1 means that neither side gains much by going first (stable); near 0 means that at
least one side gains a great deal (unstable).

Where herz interprets or departs from the sources
--------------------------------------------------
- Kent and Thaler's report (RAND, 1989) was not available to us in full text. We implement the
  structure that its method is known for — a cost to each side of going first and of going
  second, a per-side ratio of the two, and the product of the two sides' ratios as the index —
  and make the pieces it leaves to the analyst explicit: the cost weight ``k`` (default 0.5, a
  herz choice, not a value from the report), the exponential value-damage function, and the
  allocation rule below. The number of the report given in the issue (N-2526-AF) could not be
  checked; we cite it by title.
- The first striker may use only its ICBM warheads for counterforce (submarine and bomber
  warheads go to value targets), allocates at most ``max_warheads_per_silo`` per silo, and
  chooses its allocation on a grid (``grid`` points; the survivor function is piecewise linear
  in ``x``, so a fine grid loses almost nothing). The attacker's whole force takes part.
- Submarines in port and bombers not on alert are lost to a first strike at negligible cost (their
  few soft bases are not modelled as targets); ASW acts only on the submarines at sea.
- Missile defense intercepts a fixed fraction of incoming warheads. herz separates a defense of
  value targets (``defense_intercept``) from a hard-point defense of silos
  (``silo_defense_intercept``): the first protects a side from retaliation and lowers the index;
  the second protects the rival's *second strike* and raises it (the classic distinction between
  area and hard-point defense). A defense with a fixed number of interceptors, more effective
  against a small ("ragged") retaliation, would be more destabilising than this one.
- Each side's ratio is capped at 1 (``S = min(1, C_first / C_second)``): when striking first costs
  a side more than being struck first, it has no incentive to strike, which we count as fully
  stable on its side rather than letting a ratio above 1 offset the other side's incentive.
- The comparative statics the issue names (submarines at sea raise the index; counterforce
  accuracy, ASW and one-sided defense lower it) hold for the default postures and most
  others, but they are tendencies of this model, not theorems: for some asymmetric postures
  (e.g. a side whose added submarines are mostly in port, so they add first-strike rather than
  second-strike warheads) the sign can flip. Adding submarines *at sea* to two identical
  postures raised the index in every one of 40,000 random postures we tried.

Every function is pure and broadcasts over numpy arrays, so the simulation engine can evaluate
many postures at once (every field of :class:`ForcePosture` may be an array).

References: Kent and Thaler 1989; Office of Technology Assessment 1979; Tsipis 1975; Glasstone
and Dolan 1977 (see ``docs/reference/bibliography.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from herz.errors import HerzInputError
from herz.validate import Check

FloatArray: TypeAlias = NDArray[np.float64]
#: A scalar result for scalar inputs, an array for array inputs.
Real: TypeAlias = float | FloatArray

#: Lethal radius of a 1 Mt burst against a 1 psi target, in nautical miles (see module docstring).
LETHAL_RADIUS_CONSTANT = 2.62

__all__ = [
    "LETHAL_RADIUS_CONSTANT",
    "Exchange",
    "ForcePosture",
    "StabilityResult",
    "bomber_survivors",
    "first_strike",
    "first_strike_stability",
    "kill_probability",
    "lethal_radius",
    "reference_checks",
    "silo_survival_fraction",
    "silo_survivors",
    "sspk",
    "submarine_survivors",
    "surviving_warheads",
]


# --------------------------------------------------------------------------- validation helpers
def _array(value: ArrayLike, field: str) -> FloatArray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as err:
        raise HerzInputError(f"{value!r} is not a number", field=field, allowed="numbers") from err
    if not np.all(np.isfinite(arr)):
        raise HerzInputError("contains a nan or infinite value", field=field, allowed="finite")
    return arr


def _probability(value: ArrayLike, field: str) -> FloatArray:
    arr = _array(value, field)
    if np.any((arr < 0.0) | (arr > 1.0)):
        raise HerzInputError(
            f"{_show(arr)} is not a probability", field=field, allowed="0 <= p <= 1"
        )
    return arr


def _nonnegative(value: ArrayLike, field: str) -> FloatArray:
    arr = _array(value, field)
    if np.any(arr < 0.0):
        raise HerzInputError(f"{_show(arr)} is negative", field=field, allowed=">= 0")
    return arr


def _positive(value: ArrayLike, field: str) -> FloatArray:
    arr = _array(value, field)
    if np.any(arr <= 0.0):
        raise HerzInputError(f"{_show(arr)} is not positive", field=field, allowed="> 0")
    return arr


def _show(arr: FloatArray) -> str:
    return repr(float(arr)) if arr.ndim == 0 else "an array with a value outside the range"


def _out(arr: FloatArray) -> Real:
    """A Python float for a 0-d result, the array otherwise."""
    return float(arr) if np.ndim(arr) == 0 else np.asarray(arr, dtype=float)


# --------------------------------------------------------------------------- single weapons
def lethal_radius(
    yield_mt: ArrayLike, hardness_psi: ArrayLike, constant: float = LETHAL_RADIUS_CONSTANT
) -> Real:
    """Lethal radius in nautical miles of a ``yield_mt`` burst against a ``hardness_psi`` target.

    ``LR = constant * Y**(1/3) / H**(1/3)`` (OTA 1979; Tsipis 1975).

    >>> round(lethal_radius(1.0, 1000.0), 4)
    0.262
    """
    y = _positive(yield_mt, "yield_mt")
    h = _positive(hardness_psi, "hardness_psi")
    _positive(constant, "constant")
    return _out(constant * np.cbrt(y) / np.cbrt(h))


def sspk(
    yield_mt: ArrayLike,
    cep_nmi: ArrayLike,
    hardness_psi: ArrayLike,
    constant: float = LETHAL_RADIUS_CONSTANT,
) -> Real:
    """Single-shot kill probability ``1 - 0.5**((LR/CEP)**2)`` of one perfectly working warhead.

    >>> round(sspk(1.0, 0.262, 1000.0), 6)  # LR equals CEP: half the warheads land within LR
    0.5
    """
    lr = np.asarray(lethal_radius(yield_mt, hardness_psi, constant), dtype=float)
    cep = _positive(cep_nmi, "cep_nmi")
    return _out(1.0 - np.power(0.5, (lr / cep) ** 2))


def kill_probability(
    single_shot: ArrayLike, reliability: ArrayLike = 1.0, intercept: ArrayLike = 0.0
) -> Real:
    """Terminal kill probability ``reliability * (1 - intercept) * single_shot`` of one warhead."""
    p = _probability(single_shot, "sspk")
    r = _probability(reliability, "reliability")
    d = _probability(intercept, "intercept")
    return _out(r * (1.0 - d) * p)


# --------------------------------------------------------------------------- survivors
def silo_survival_fraction(warheads_per_silo: ArrayLike, kill_prob: ArrayLike) -> Real:
    """Expected fraction of silos that survive ``warheads_per_silo`` warheads on average each.

    Warheads are spread as evenly as possible: with ``r = 1.5`` half the silos get one warhead
    and half get two. Each warhead kills independently with probability ``kill_prob``.

    >>> round(silo_survival_fraction(2, 0.7), 6)
    0.09
    """
    r = _nonnegative(warheads_per_silo, "warheads_per_silo")
    q = 1.0 - _probability(kill_prob, "kill_probability")
    lo = np.floor(r)
    frac = r - lo
    return _out((1.0 - frac) * q**lo + frac * q ** (lo + 1.0))


def silo_survivors(
    silos: ArrayLike, attacking_warheads: ArrayLike, kill_prob: ArrayLike
) -> Real:
    """Expected number of ``silos`` that survive ``attacking_warheads`` spread evenly over them."""
    n = _nonnegative(silos, "silos")
    w = _nonnegative(attacking_warheads, "attacking_warheads")
    per_silo = np.divide(w, n, out=np.zeros(np.broadcast(w, n).shape), where=n > 0)
    return _out(n * np.asarray(silo_survival_fraction(per_silo, kill_prob)))


def submarine_survivors(
    warheads: ArrayLike, at_sea: ArrayLike, asw_kill: ArrayLike = 0.0
) -> Real:
    """Expected surviving SLBM warheads: those at sea that escape anti-submarine warfare."""
    w = _nonnegative(warheads, "slbm_warheads")
    s = _probability(at_sea, "at_sea_fraction")
    a = _probability(asw_kill, "asw_kill")
    return _out(w * s * (1.0 - a))


def bomber_survivors(warheads: ArrayLike, alert: ArrayLike) -> Real:
    """Expected surviving bomber warheads: those on bombers on alert, which escape the strike."""
    w = _nonnegative(warheads, "bomber_warheads")
    return _out(w * _probability(alert, "alert_fraction"))


# --------------------------------------------------------------------------- force postures
@dataclass(frozen=True)
class ForcePosture:
    """One side's strategic forces. Every field may be a scalar or a numpy array (broadcast).

    The defaults are an illustrative, generic triad, not any real country's forces.
    """

    silos: ArrayLike = 500.0
    """Silo-based ICBMs."""
    warheads_per_missile: ArrayLike = 3.0
    """Warheads on each ICBM (MIRV)."""
    icbm_yield_mt: ArrayLike = 0.3
    """Yield of one ICBM warhead, megatons."""
    icbm_cep_nmi: ArrayLike = 0.1
    """Accuracy (circular error probable) of ICBM warheads, nautical miles."""
    silo_hardness_psi: ArrayLike = 2000.0
    """Hardness of this side's silos, psi."""
    slbm_warheads: ArrayLike = 800.0
    """Submarine-launched warheads."""
    at_sea_fraction: ArrayLike = 0.6
    """Fraction of SLBM warheads on submarines at sea."""
    bomber_warheads: ArrayLike = 300.0
    """Bomber-delivered warheads."""
    alert_fraction: ArrayLike = 0.3
    """Fraction of bomber warheads on alert bombers."""
    reliability: ArrayLike = 0.85
    """Probability that one warhead is launched and works."""
    asw_kill: ArrayLike = 0.0
    """Fraction of the *rival's* at-sea SLBM warheads this side's ASW destroys when it strikes."""
    defense_intercept: ArrayLike = 0.0
    """Fraction of warheads aimed at this side's value targets that its missile defense stops."""
    silo_defense_intercept: ArrayLike = 0.0
    """Fraction of warheads aimed at this side's silos that its (hard-point) defense stops."""
    value_targets: ArrayLike = 300.0
    """Scale of the value-target base: ``n`` arriving warheads destroy ``1 - exp(-n/V)`` of it."""

    def __post_init__(self) -> None:
        for name in ("silos", "warheads_per_missile", "slbm_warheads", "bomber_warheads"):
            _nonnegative(getattr(self, name), name)
        for name in ("icbm_yield_mt", "icbm_cep_nmi", "silo_hardness_psi", "value_targets"):
            _positive(getattr(self, name), name)
        for name in (
            "at_sea_fraction", "alert_fraction", "reliability", "asw_kill", "defense_intercept",
            "silo_defense_intercept",
        ):
            _probability(getattr(self, name), name)

    def total_warheads(self) -> Real:
        """All warheads: ICBM, SLBM and bomber."""
        return _out(self._f("silos") * self._f("warheads_per_missile")
                    + self._f("slbm_warheads") + self._f("bomber_warheads"))

    def _f(self, name: str) -> FloatArray:
        return np.asarray(getattr(self, name), dtype=float)

    def as_dict(self) -> dict[str, object]:
        """The fields as plain Python values (lists for arrays), e.g. for JSON."""
        out: dict[str, object] = {}
        for f in fields(self):
            arr = self._f(f.name)
            out[f.name] = float(arr) if arr.ndim == 0 else arr.tolist()
        return out


def _with_grid_axis(posture: ForcePosture) -> ForcePosture:
    """The same posture with a trailing length-1 axis on every field (for the allocation grid)."""
    return ForcePosture(
        **{f.name: np.asarray(getattr(posture, f.name), dtype=float)[..., None]
           for f in fields(posture)}
    )


def _ax(posture: ForcePosture, name: str) -> FloatArray:
    return np.asarray(getattr(posture, name), dtype=float)


def surviving_warheads(
    defender: ForcePosture, attacker: ForcePosture, counterforce_warheads: ArrayLike
) -> Real:
    """Expected warheads of ``defender`` that survive ``attacker``'s first strike.

    ``counterforce_warheads`` of the attacker's ICBM warheads are spread over the defender's
    silos; ASW acts on the defender's submarines at sea; alert bombers escape. This is the
    defender's *secure second strike* before its own reliability and the attacker's defense.
    """
    x = _nonnegative(counterforce_warheads, "counterforce_warheads")
    single = np.asarray(
        sspk(attacker.icbm_yield_mt, attacker.icbm_cep_nmi, defender.silo_hardness_psi)
    )
    p = np.asarray(kill_probability(single, attacker.reliability, defender.silo_defense_intercept))
    silos = np.asarray(silo_survivors(defender.silos, x, p))
    wpm = np.asarray(defender.warheads_per_missile, dtype=float)
    subs = np.asarray(
        submarine_survivors(defender.slbm_warheads, defender.at_sea_fraction, attacker.asw_kill)
    )
    bombers = np.asarray(bomber_survivors(defender.bomber_warheads, defender.alert_fraction))
    return _out(silos * wpm + subs + bombers)


# --------------------------------------------------------------------------- exchanges
@dataclass(frozen=True)
class Exchange:
    """The outcome of one side's optimal first strike and the other's retaliation."""

    counterforce_warheads: Real
    """Attacker's ICBM warheads sent against the defender's silos (its optimal choice)."""
    defender_survivors: Real
    """Defender's warheads that survive and retaliate (before reliability and defense)."""
    damage_to_attacker: Real
    """Fraction of the attacker's value targets destroyed by the retaliation."""
    damage_to_defender: Real
    """Fraction of the defender's value targets destroyed by the first strike."""
    cost_to_attacker: Real
    """``D_att + k (1 - D_def)``."""
    cost_to_defender: Real
    """``D_def + k (1 - D_att)``."""


def _damage(arriving: FloatArray, value_targets: FloatArray) -> FloatArray:
    return 1.0 - np.exp(-arriving / value_targets)


def first_strike(
    attacker: ForcePosture,
    defender: ForcePosture,
    *,
    k: float = 0.5,
    grid: int = 201,
    max_warheads_per_silo: float = 3.0,
) -> Exchange:
    """``attacker`` strikes first with the counterforce allocation that minimises its own cost.

    See the module docstring for the exchange and the cost ``C = D_self + k (1 - D_other)``.
    """
    if not k > 0.0 or not math.isfinite(k):
        raise HerzInputError(f"{k!r} is not positive", field="k", allowed="k > 0")
    if grid < 2:
        raise HerzInputError(f"{grid!r} is too small", field="grid", allowed=">= 2")
    if not max_warheads_per_silo > 0.0:
        raise HerzInputError(
            f"{max_warheads_per_silo!r} is not positive",
            field="max_warheads_per_silo", allowed="> 0",
        )
    attacker = _with_grid_axis(attacker)
    defender = _with_grid_axis(defender)
    icbm_warheads = _ax(attacker, "silos") * _ax(attacker, "warheads_per_missile")
    x_max = np.minimum(icbm_warheads, max_warheads_per_silo * _ax(defender, "silos"))
    x = x_max * np.linspace(0.0, 1.0, grid)  # (..., grid)

    survivors = np.asarray(surviving_warheads(defender, attacker, x))
    retaliation = survivors * _ax(defender, "reliability") * (1.0 - _ax(attacker,
                                                                          "defense_intercept"))
    total_att = np.asarray(attacker.total_warheads(), dtype=float)
    strike = (total_att - x) * _ax(attacker, "reliability") * (
        1.0 - _ax(defender, "defense_intercept")
    )
    d_att = _damage(retaliation, _ax(attacker, "value_targets"))
    d_def = _damage(strike, _ax(defender, "value_targets"))
    cost_att = d_att + k * (1.0 - d_def)
    cost_def = d_def + k * (1.0 - d_att)

    best = np.argmin(cost_att, axis=-1)[..., None]

    def pick(a: FloatArray) -> Real:
        a = np.broadcast_to(a, cost_att.shape)
        return _out(np.take_along_axis(a, best, axis=-1)[..., 0])

    return Exchange(
        counterforce_warheads=pick(x),
        defender_survivors=pick(survivors),
        damage_to_attacker=pick(d_att),
        damage_to_defender=pick(d_def),
        cost_to_attacker=pick(cost_att),
        cost_to_defender=pick(cost_def),
    )


@dataclass(frozen=True)
class StabilityResult:
    """Kent and Thaler's first-strike stability index and its parts."""

    index: Real
    """``S_A * S_B``: near 1 stable, near 0 unstable."""
    ratio_a: Real
    """``S_A = min(1, C_A(A first) / C_A(B first))``."""
    ratio_b: Real
    """``S_B = min(1, C_B(B first) / C_B(A first))``."""
    a_first: Exchange
    """The exchange when A strikes first."""
    b_first: Exchange
    """The exchange when B strikes first."""


def first_strike_stability(
    a: ForcePosture,
    b: ForcePosture,
    *,
    k: float = 0.5,
    grid: int = 201,
    max_warheads_per_silo: float = 3.0,
) -> StabilityResult:
    """The first-strike stability index of the dyad (``a``, ``b``) (Kent and Thaler 1989).

    >>> base = ForcePosture()
    >>> more_subs = ForcePosture(slbm_warheads=2000.0)
    >>> r0 = first_strike_stability(base, base).index
    >>> r1 = first_strike_stability(more_subs, more_subs).index
    >>> r1 > r0
    True
    """
    a_first = first_strike(a, b, k=k, grid=grid, max_warheads_per_silo=max_warheads_per_silo)
    b_first = first_strike(b, a, k=k, grid=grid, max_warheads_per_silo=max_warheads_per_silo)
    ratio_a = np.minimum(
        1.0, np.asarray(a_first.cost_to_attacker) / np.asarray(b_first.cost_to_defender)
    )
    ratio_b = np.minimum(
        1.0, np.asarray(b_first.cost_to_attacker) / np.asarray(a_first.cost_to_defender)
    )
    return StabilityResult(
        index=_out(ratio_a * ratio_b),
        ratio_a=_out(ratio_a),
        ratio_b=_out(ratio_b),
        a_first=a_first,
        b_first=b_first,
    )


# --------------------------------------------------------------------------- reference checks
def reference_checks() -> list[Check]:
    """The analytic and regression values this module reproduces (run by ``herz validate``)."""
    model = "stability"
    checks: list[Check] = []

    # LR equals CEP: by the definition of the CEP half the warheads land within it.
    lr = float(lethal_radius(1.0, 1000.0))
    checks.append(Check(
        model, "SSPK when LR = CEP", "definition of CEP (median miss distance)", "analytic",
        expected=0.5, computed=float(sspk(1.0, lr, 1000.0)), abs_tol=1e-12,
        note="exact identity; floating-point tolerance",
    ))
    # Cube-root scaling: 8x the yield doubles the lethal radius.
    checks.append(Check(
        model, "LR(8 Mt) / LR(1 Mt)", "cube-root blast scaling (Glasstone and Dolan 1977)",
        "analytic", expected=2.0,
        computed=float(lethal_radius(8.0, 1000.0)) / float(lethal_radius(1.0, 1000.0)),
        abs_tol=1e-12, note="exact identity; floating-point tolerance",
    ))
    # Halving the CEP: 1 - SSPK(CEP/2) = (1 - SSPK(CEP))**4.
    p1 = float(sspk(0.335, 0.12, 2000.0))
    checks.append(Check(
        model, "1 - SSPK(CEP/2)", "derivation: 0.5**(4 (LR/CEP)**2)", "analytic",
        expected=(1.0 - p1) ** 4, computed=1.0 - float(sspk(0.335, 0.06, 2000.0)),
        abs_tol=1e-12, note="exact identity; floating-point tolerance",
    ))
    # Monte Carlo: circular normal misses with median CEP, fraction within LR.
    rng = np.random.default_rng(20240601)
    cep, y, h = 0.1, 0.3, 2000.0
    sigma = cep / math.sqrt(2.0 * math.log(2.0))
    n = 400_000
    miss = np.hypot(rng.normal(0.0, sigma, n), rng.normal(0.0, sigma, n))
    p_mc = float(np.mean(miss <= float(lethal_radius(y, h))))
    checks.append(Check(
        model, "SSPK vs circular-normal Monte Carlo (seed 20240601, n=400000)",
        "derivation: Rayleigh miss distance with median CEP", "analytic",
        expected=p_mc, computed=float(sspk(y, cep, h)),
        abs_tol=4.0 * math.sqrt(0.25 / n), note="4 binomial standard errors of the MC estimate",
    ))
    # Even spread of 1.5 warheads per silo: half the silos get 1, half get 2.
    checks.append(Check(
        model, "silo survival, 1.5 warheads/silo, p = 0.7",
        "derivation: 0.5 * 0.3 + 0.5 * 0.3**2", "analytic",
        expected=0.5 * 0.3 + 0.5 * 0.09, computed=float(silo_survival_fraction(1.5, 0.7)),
        abs_tol=1e-12, note="exact; floating-point tolerance",
    ))
    # A posture with no ICBMs cannot be hit: the first strike changes nothing -> index 1.
    invulnerable = ForcePosture(
        silos=0.0, slbm_warheads=1500.0, at_sea_fraction=1.0, bomber_warheads=0.0
    )
    checks.append(Check(
        model, "FSS of two all-at-sea SSBN forces", "derivation: nothing to strike first",
        "analytic", expected=1.0,
        computed=float(first_strike_stability(invulnerable, invulnerable).index),
        abs_tol=1e-12, note="exact: both orders give identical damage",
    ))
    baseline = first_strike_stability(ForcePosture(), ForcePosture())
    checks.append(Check(
        model, "FSS of two default postures (k = 0.5)", "herz regression value (v0.1.0)",
        "regression", expected=_BASELINE_FSS, computed=float(baseline.index), abs_tol=1e-9,
        note="pinned to guard the implementation; deterministic (no randomness)",
    ))
    return checks


#: First-strike stability of two default :class:`ForcePosture` sides, pinned at herz 0.1.0.
_BASELINE_FSS = 0.6932935704029183
