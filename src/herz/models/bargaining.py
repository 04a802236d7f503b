r"""The bargaining model of war: Fearon (1995) and Powell (2006).

Three results, each a pure function of numbers or numpy arrays (the simulation engine reuses them
for opportunistic and preventive war, so the closed forms broadcast over arrays).

**1. The bargaining range** (Fearon 1995, section "When will there exist bargains both
sides prefer to war?"). Two risk-neutral states A and B bargain over an issue ``x in [0, 1]``; A
prefers larger ``x``, B smaller. War is a lottery: A wins (and gets ``x = 1``) with probability
``p``, and the states pay costs ``c_A, c_B >= 0`` in utility units. The war payoffs are
``p - c_A`` for A and ``1 - p - c_B`` for B, so every settlement with

.. math:: p - c_A \le x \le p + c_B

is weakly preferred to war by both (intersected with ``[0, 1]``). The range has width
``c_A + c_B``: it is non-empty whenever war is costly.

**2. The risk-return trade-off** (Fearon 1995, section "Incentives to misrepresent in
bargaining"). A
makes a take-it-or-leave-it demand ``x``; B's cost ``c_B`` is private, A believes it is distributed
with cdf ``F``. B accepts iff ``1 - x >= 1 - p - c_B``, i.e. iff ``c_B >= x - p``. A maximises

.. math:: U_A(x) = x\,[1 - F(x - p)] + (p - c_A)\,F(x - p).

For ``c_B ~ Uniform[l, h]`` (herz's derivation of the first-order condition ``U_A'(x) = 0``; the
objective is concave on ``[p + l, p + h]``):

.. math:: x^* = \min\{1,\ \mathrm{clip}(p + (h - c_A)/2,\ p + l,\ p + h)\},\qquad
          \Pr(\text{war}) = F(x^* - p) = \mathrm{clip}\Big(\frac{(h - c_A)/2 - l}{h - l}, 0, 1\Big)

when the cap ``x <= 1`` does not bind. War has positive probability iff ``h - c_A > 2 l``: A
knowingly accepts a risk of war in exchange for a better deal. :func:`optimal_offer_numeric`
maximises ``U_A`` for any cdf by brute force (grid plus bounded refinement): the analytic checks
compare the two.

**3. War as a commitment problem under shifting power** (Powell 2006, on preventive war; Fearon
1995, section "Preventive war as a commitment problem"). An infinite-horizon game: in each
period ``t = 0, 1, ...`` the states divide a flow
of 1, discounted by ``delta in (0, 1)``. ``p_t`` is the probability that A prevails if war starts
at ``t``; war is absorbing and gives the lump-sum present values

.. math:: W_A(t) = \frac{p_t}{1 - \delta} - c_A,\qquad W_B(t) = \frac{1 - p_t}{1 - \delta} - c_B.

Powell's mechanism: peace at ``t`` needs a division that gives the declining state at least its
war payoff, but the most the rising state can *credibly* promise is bounded by what it will be
able to extract once it is stronger. In the protocol most favourable to peace (the declining
state B makes the offers, so it gets everything the rising state A cannot claim by threatening
war) B's best peaceful payoff at ``t`` is the whole flow today plus everything A will not insist
on tomorrow, ``1 + \delta[1/(1-\delta) - \max(W_A(t+1), 0)]``. For a one-period shift from
``p_0`` to ``p_1 = p_0 + \Delta`` (constant afterwards) B therefore fights at ``t = 0`` iff
``W_B(0) > 1 + \delta[1/(1-\delta) - W_A(1)]``; multiplying out,

.. math:: \frac{\delta\,(p_1 - p_0)}{1 - \delta} > p_0 + c_B + \delta c_A
          \quad\Longleftrightarrow\quad
          \Delta > \Delta^* = \frac{(1-\delta)(p_0 + c_B + \delta c_A)}{\delta}.

(herz's derivation in Powell's setting. Powell 2006's abstract states the mechanism: "large,
rapid shifts in the distribution of power can lead to war"; the full text, with Powell's own
notation for the condition, was not available to herz, so the expression above is derived here
and checked against the solved game, not copied. ``p_0`` on the right is B's per-period gain
from holding the whole flow today instead of its war share ``1 - p_0``; as ``delta -> 1`` any
positive one-period shift leads to war.) If instead the rising state makes the
offers (the other extreme protocol), it holds B to its war payoff from ``t + 1`` on, B's best
peaceful payoff is ``1 + \delta \max(W_B(t+1), 0)`` and the condition becomes
``delta (p_1 - p_0) / (1 - delta) > p_0 + (1 - delta) c_B``. :func:`solve_commitment_game` solves
the game for any path ``p_0, ..., p_{T-1}`` (constant from ``T-1`` on) by backward induction; the
analytic checks compare it with these closed forms, and show that the same total shift spread
over several periods (a slow shift) need not cause war.

**4. Risk aversion widens the range** (Fearon 1995, the bargaining-range section, where the
states' utilities over the issue may be concave). With ``u_A(x) = x^{r_A}`` and
``u_B(x) = (1 - x)^{r_B}`` (``0 < r <= 1``: risk averse for ``r < 1``, neutral for ``r = 1``; herz's
choice of the power family) and the costs of war in utility units, war is worth
``p u_A(1) + (1 - p) u_A(0) - c_A = p - c_A`` to A and ``1 - p - c_B`` to B, so A accepts any
``x >= (p - c_A)^{1/r_A}`` and B any ``x <= 1 - (1 - p - c_B)^{1/r_B}`` (a war payoff below zero
makes the whole side of the issue space acceptable). Since ``z^{1/r} < z`` for ``0 < z < 1`` and
``r < 1``, each bound moves outward and the range is wider than the risk-neutral
``[p - c_A, p + c_B]`` (derived by herz from Fearon's setting; :func:`risk_averse_range`; the
analytic checks compare it with a bisection on the utilities).

Where herz interprets or departs from the sources
-------------------------------------------------
* Fearon's costs are in the same units as the issue, as in the article; Powell's costs are
  lump-sum present values. herz keeps both conventions (``c`` is per-crisis in ranges and
  risk-return, present-value in the commitment game).
* Fearon does not give a closed form for the optimal offer; the uniform-cost solution above is a
  standard textbook derivation done by herz, checked against numerical optimisation.
* The bargaining range is reported both raw, ``(p - c_A, p + c_B)``, and intersected with
  ``[0, 1]``.
* Powell's general model leaves the bargaining protocol open; herz implements the two
  take-it-or-leave-it protocols (``proposer="declining"`` is the one that bounds every protocol:
  if B fights there, it fights under every protocol). Indifference is resolved in favour of
  peace. Shares are restricted to ``[0, 1]`` of the flow (no borrowing against future flows), as
  in Powell.
* A and B are labels; the commitment game lets either state rise or decline along ``p_path``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.optimize import minimize_scalar

from herz.errors import HerzInputError
from herz.validate import Check

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
Proposer = Literal["declining", "rising"]

__all__ = [
    "BargainingRange",
    "CommitmentSolution",
    "RiskAverseRange",
    "RiskReturnSolution",
    "bargaining_range",
    "critical_shift",
    "expected_utility_of_demand",
    "linear_shift_path",
    "mutual_optimism_margin",
    "optimal_offer_numeric",
    "optimal_offer_uniform",
    "preventive_margin",
    "preventive_war",
    "reference_checks",
    "risk_averse_range",
    "risk_return_uniform",
    "solve_commitment_game",
    "uniform_cost_cdf",
    "war_values",
]


# --------------------------------------------------------------------------- validation helpers


def _probabilities(value: npt.ArrayLike, field: str) -> FloatArray:
    arr = np.asarray(value, dtype=float)
    if not np.all((arr >= 0.0) & (arr <= 1.0)):  # also rejects nan
        raise HerzInputError(f"{value!r} is not a probability", field=field, allowed="0 <= p <= 1")
    return arr


def _nonnegative(value: npt.ArrayLike, field: str) -> FloatArray:
    arr = np.asarray(value, dtype=float)
    if not np.all((arr >= 0.0) & np.isfinite(arr)):
        raise HerzInputError(f"{value!r} is negative or not finite", field=field, allowed=">= 0")
    return arr


def _discount(value: npt.ArrayLike, field: str = "delta") -> FloatArray:
    arr = np.asarray(value, dtype=float)
    if not np.all((arr > 0.0) & (arr < 1.0)):
        raise HerzInputError(f"{value!r} is not a discount factor", field=field,
                             allowed="0 < delta < 1")
    return arr


# --------------------------------------------------------------------------- 1. bargaining range


@dataclass(frozen=True)
class BargainingRange:
    """Settlements both states weakly prefer to war (Fearon 1995)."""

    p: float
    c_a: float
    c_b: float
    low: float  #: p - c_A, A's reservation demand
    high: float  #: p + c_B, the most B concedes
    feasible_low: float  #: low intersected with [0, 1]
    feasible_high: float  #: high intersected with [0, 1]

    @property
    def width(self) -> float:
        return self.feasible_high - self.feasible_low


def bargaining_range(p: float, c_a: float, c_b: float) -> BargainingRange:
    """The bargaining range ``[p - c_A, p + c_B]`` of Fearon (1995) and its part in [0, 1]."""
    pp = float(_probabilities(p, "p"))
    ca = float(_nonnegative(c_a, "c_a"))
    cb = float(_nonnegative(c_b, "c_b"))
    low, high = pp - ca, pp + cb
    return BargainingRange(pp, ca, cb, low, high, max(0.0, low), min(1.0, high))


@dataclass(frozen=True)
class RiskAverseRange:
    """Fearon's (1995) bargaining range with concave utilities ``x^{r_A}`` and ``(1-x)^{r_B}``."""

    p: float
    c_a: float
    c_b: float
    r_a: float
    r_b: float
    low: float  #: the least A accepts, (p - c_A)^{1/r_A} (0 if A's war payoff is <= 0)
    high: float  #: the most B concedes, 1 - (1 - p - c_B)^{1/r_B} (1 if B's is <= 0)
    neutral: BargainingRange  #: the same numbers with risk-neutral states

    @property
    def width(self) -> float:
        return self.high - self.low

    @property
    def widening(self) -> float:
        """How much wider than the risk-neutral range (within [0, 1]) risk aversion makes it."""
        return self.width - self.neutral.width


def _risk_exponent(value: float, field: str) -> float:
    r = float(value)
    if not 0.0 < r <= 1.0:
        raise HerzInputError(f"{value!r}", field=field,
                             allowed="0 < r <= 1 (1: risk neutral, below 1: risk averse)")
    return r


def risk_averse_range(
    p: float, c_a: float, c_b: float, r_a: float, r_b: float | None = None
) -> RiskAverseRange:
    """The settlements both risk-averse states prefer to war (``r_b`` defaults to ``r_a``).

    ``[(p - c_A)^{1/r_A}, 1 - (1 - p - c_B)^{1/r_B}]``, each war payoff floored at 0 (derived in
    the module docstring); with ``r_A = r_B = 1`` it is the risk-neutral range within [0, 1].
    """
    neutral = bargaining_range(p, c_a, c_b)
    ra = _risk_exponent(r_a, "r_a")
    rb = _risk_exponent(ra if r_b is None else r_b, "r_b")
    war_a = max(neutral.p - neutral.c_a, 0.0)
    war_b = max(1.0 - neutral.p - neutral.c_b, 0.0)
    low = war_a ** (1.0 / ra)
    high = 1.0 - war_b ** (1.0 / rb)
    return RiskAverseRange(neutral.p, neutral.c_a, neutral.c_b, ra, rb, low, high, neutral)


# --------------------------------------------------------------------------- 2. risk-return


@dataclass(frozen=True)
class RiskReturnSolution:
    """A's optimal take-it-or-leave-it demand against B's uncertain cost of war."""

    offer: float  #: A's demand x* (B keeps 1 - x*)
    war_probability: float  #: Pr(B rejects and fights)
    expected_utility_a: float  #: U_A(x*)
    method: str  #: "closed form (uniform)" or "numerical"


def expected_utility_of_demand(
    x: npt.ArrayLike, p: float, c_a: float, cdf: Callable[[FloatArray], FloatArray]
) -> FloatArray:
    """``U_A(x) = x [1 - F(x - p)] + (p - c_A) F(x - p)``, with ``F`` the cdf of B's cost."""
    xs = np.asarray(x, dtype=float)
    fight = np.clip(np.asarray(cdf(xs - p), dtype=float), 0.0, 1.0)
    return np.asarray(xs * (1.0 - fight) + (p - c_a) * fight, dtype=float)


def uniform_cost_cdf(
    low: npt.ArrayLike, high: npt.ArrayLike
) -> Callable[[FloatArray], FloatArray]:
    """The cdf of ``Uniform[low, high]`` (a point mass at ``low`` if ``low == high``)."""
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)

    def cdf(z: FloatArray) -> FloatArray:
        span = np.where(high > low, high - low, 1.0)
        inside = np.clip((z - low) / span, 0.0, 1.0)
        # a point mass when low == high: B fights iff the demand's excess is above its cost
        # (1e-12 absorbs the rounding of x = p + c_B computed in floating point)
        point = (z > low + 1e-12).astype(float)
        return np.asarray(np.where(high > low, inside, point), dtype=float)

    return cdf


def optimal_offer_uniform(
    p: npt.ArrayLike, c_a: npt.ArrayLike, c_b_low: npt.ArrayLike, c_b_high: npt.ArrayLike
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Closed-form optimal demand, war probability and A's utility for ``c_B ~ U[low, high]``.

    Vectorised: every argument broadcasts. Returns ``(x_star, war_probability, utility)``.
    """
    pp = _probabilities(p, "p")
    ca = _nonnegative(c_a, "c_a")
    lo = _nonnegative(c_b_low, "c_b_low")
    hi = _nonnegative(c_b_high, "c_b_high")
    if np.any(hi < lo):
        raise HerzInputError("c_b_high is below c_b_low", field="c_b_high",
                             allowed=">= c_b_low")
    x_star = np.minimum(1.0, np.clip(pp + (hi - ca) / 2.0, pp + lo, pp + hi))
    cdf = uniform_cost_cdf(lo, hi)
    war = np.asarray(cdf(x_star - pp), dtype=float)
    utility = np.asarray(x_star * (1.0 - war) + (pp - ca) * war, dtype=float)
    return np.asarray(x_star, dtype=float), war, utility


def risk_return_uniform(
    p: float, c_a: float, c_b_low: float, c_b_high: float
) -> RiskReturnSolution:
    """:func:`optimal_offer_uniform` for one set of numbers, as a result object."""
    x, war, u = optimal_offer_uniform(p, c_a, c_b_low, c_b_high)
    return RiskReturnSolution(float(x), float(war), float(u), "closed form (uniform)")


def optimal_offer_numeric(
    p: float,
    c_a: float,
    cdf: Callable[[FloatArray], FloatArray],
    *,
    grid_points: int = 20001,
) -> RiskReturnSolution:
    """Maximise ``U_A`` over ``x in [0, 1]`` by brute force for any cdf of B's cost.

    A grid search finds the best demand; a bounded scalar search refines it within one grid
    step. No concavity is assumed, so this is an independent check of the closed form.
    """
    pp = float(_probabilities(p, "p"))
    ca = float(_nonnegative(c_a, "c_a"))
    if grid_points < 3:
        raise HerzInputError(f"{grid_points} grid points", field="grid_points", allowed=">= 3")
    xs = np.linspace(0.0, 1.0, grid_points)
    us = expected_utility_of_demand(xs, pp, ca, cdf)
    best = int(np.argmax(us))
    step = xs[1] - xs[0]
    lo, hi = max(0.0, xs[best] - step), min(1.0, xs[best] + step)
    res = minimize_scalar(
        lambda x: -float(expected_utility_of_demand(x, pp, ca, cdf)),
        bounds=(lo, hi), method="bounded", options={"xatol": 1e-12},
    )
    x_opt = float(res.x) if -float(res.fun) >= us[best] else float(xs[best])
    war = float(np.clip(cdf(np.asarray(x_opt - pp)), 0.0, 1.0))
    u = float(expected_utility_of_demand(x_opt, pp, ca, cdf))
    return RiskReturnSolution(x_opt, war, u, "numerical")


# --------------------------------------------------------------------------- 3. commitment


def war_values(
    p: npt.ArrayLike, c_a: npt.ArrayLike, c_b: npt.ArrayLike, delta: npt.ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Present values of war started now: ``(p/(1-d) - c_A, (1-p)/(1-d) - c_B)``."""
    pp = _probabilities(p, "p")
    ca = _nonnegative(c_a, "c_a")
    cb = _nonnegative(c_b, "c_b")
    d = _discount(delta)
    return pp / (1.0 - d) - ca, (1.0 - pp) / (1.0 - d) - cb


def preventive_margin(
    p_now: npt.ArrayLike,
    p_next: npt.ArrayLike,
    c_a: npt.ArrayLike,
    c_b: npt.ArrayLike,
    delta: npt.ArrayLike,
    proposer: Proposer = "declining",
) -> FloatArray:
    """How far the declining state B's gain from fighting now exceeds the threshold.

    ``delta (p_next - p_now) / (1 - delta) - (p_now + c_B + delta c_A)`` (declining proposer)
    or ``... - (p_now + (1 - delta) c_B)`` (rising proposer): positive iff B wages preventive war
    against a one-period rise of A's chance of winning from ``p_now`` to ``p_next`` (Powell 2006;
    the condition is derived in the module docstring). The engine turns this margin into a
    hazard (:mod:`herz.engine.war_choice`), so the formal model and the simulation share one
    formula. Vectorised over every argument.
    """
    p0 = _probabilities(p_now, "p_now")
    p1 = _probabilities(p_next, "p_next")
    ca = _nonnegative(c_a, "c_a")
    cb = _nonnegative(c_b, "c_b")
    d = _discount(delta)
    gain = d * (p1 - p0) / (1.0 - d)
    return np.asarray(gain - _preventive_threshold(p0, ca, cb, d, proposer), dtype=float)


def _preventive_threshold(p0: FloatArray, ca: FloatArray, cb: FloatArray, d: FloatArray,
                          proposer: Proposer) -> FloatArray:
    """The right-hand side of the preventive-war condition for each protocol (Powell 2006)."""
    if proposer == "declining":
        return np.asarray(p0 + cb + d * ca, dtype=float)
    if proposer == "rising":
        return np.asarray(p0 + (1.0 - d) * cb, dtype=float)
    raise HerzInputError(f"{proposer!r}", field="proposer", allowed="declining, rising")


def preventive_war(
    p_now: npt.ArrayLike,
    p_next: npt.ArrayLike,
    c_a: npt.ArrayLike,
    c_b: npt.ArrayLike,
    delta: npt.ArrayLike,
    proposer: Proposer = "declining",
) -> BoolArray:
    """Does B (declining: ``p_next > p_now`` is A's rise) fight now against a one-period shift?

    ``proposer="declining"`` (B makes the offers: the most B can get, so the condition for war
    under every protocol): ``delta (p_next - p_now) / (1 - delta) > p_now + c_B + delta c_A``.
    ``proposer="rising"``: ``delta (p_next - p_now) / (1 - delta) > p_now + (1 - delta) c_B``.
    Vectorised over every argument.
    """
    return np.asarray(preventive_margin(p_now, p_next, c_a, c_b, delta, proposer) > 0)


def mutual_optimism_margin(
    p_a: npt.ArrayLike, p_b: npt.ArrayLike, c_a: npt.ArrayLike, c_b: npt.ArrayLike
) -> FloatArray:
    """``(p_A - c_A) + (p_B - c_B) - 1``: positive iff no settlement beats war for both.

    ``p_A`` is A's own estimate of its chance of winning and ``p_B`` B's own estimate of *its*
    chance. With consistent estimates (``p_B = 1 - p_A``) the margin is ``-(c_A + c_B) < 0``:
    the bargaining range of Fearon (1995) is never empty. War needs the two estimates to be
    jointly optimistic by more than the costs of war: the mutual optimism of Blainey (1973),
    read by Fearon (1995, "Private information and incentives to misrepresent") as a failure
    of private information. Vectorised over every argument.
    """
    pa = _probabilities(p_a, "p_a")
    pb = _probabilities(p_b, "p_b")
    ca = _nonnegative(c_a, "c_a")
    cb = _nonnegative(c_b, "c_b")
    return np.asarray((pa - ca) + (pb - cb) - 1.0, dtype=float)


def critical_shift(
    p_now: npt.ArrayLike,
    c_a: npt.ArrayLike,
    c_b: npt.ArrayLike,
    delta: npt.ArrayLike,
    proposer: Proposer = "declining",
) -> FloatArray:
    """The smallest one-period rise of A's power above which B wages preventive war.

    ``(1 - delta) (p_now + c_B + delta c_A) / delta`` (declining proposer) or
    ``(1 - delta) (p_now + (1 - delta) c_B) / delta`` (rising proposer). A value above
    ``1 - p_now`` means no feasible shift causes war.
    """
    p0 = _probabilities(p_now, "p_now")
    ca = _nonnegative(c_a, "c_a")
    cb = _nonnegative(c_b, "c_b")
    d = _discount(delta)
    return np.asarray((1.0 - d) * _preventive_threshold(p0, ca, cb, d, proposer) / d, dtype=float)


@dataclass(frozen=True)
class CommitmentSolution:
    """The subgame-perfect path of the shifting-power game, solved by backward induction."""

    p_path: tuple[float, ...]
    proposer: str
    war_period: int | None  #: first period in which war starts on the equilibrium path
    attacker: str | None  #: "A" or "B": the state that starts it
    value_a: tuple[float, ...]  #: A's equilibrium value at each period (if reached)
    value_b: tuple[float, ...]
    share_a: tuple[float, ...]  #: A's share of the flow in each peaceful period (nan if war)


def solve_commitment_game(
    p_path: Sequence[float],
    c_a: float,
    c_b: float,
    delta: float,
    proposer: Proposer = "declining",
    *,
    tail_tol: float = 1e-13,
) -> CommitmentSolution:
    """Solve the shifting-power game for ``p_path`` (constant after its last entry).

    In each period the proposer offers the responder a share ``r`` of the flow; the responder
    accepts or fights; the proposer may fight instead. The proposer is B if
    ``proposer="declining"`` and A if ``"rising"`` ("declining" and "rising" name the roles when
    A's power rises along the path, as in Powell's preventive-war example). The stationary tail is
    solved by iterating the one-period Bellman map to its fixed point, then the finite path by
    backward induction; nothing here uses the closed form of :func:`preventive_war`.
    """
    path = _probabilities(np.asarray(p_path, dtype=float), "p_path")
    if path.ndim != 1 or path.size == 0:
        raise HerzInputError("p_path must be a non-empty list", field="p_path",
                             allowed="one or more probabilities")
    ca = float(_nonnegative(c_a, "c_a"))
    cb = float(_nonnegative(c_b, "c_b"))
    d = float(_discount(delta))
    if proposer not in ("declining", "rising"):
        raise HerzInputError(f"{proposer!r}", field="proposer", allowed="declining, rising")
    prop_is_b = proposer == "declining"
    tie = 1e-12 / (1.0 - d)  # indifference (up to rounding) is resolved in favour of peace

    wa_path, wb_path = war_values(path, ca, cb, d)
    war_a, war_b = wa_path.tolist(), wb_path.tolist()

    def war(t: int) -> tuple[float, float]:
        return war_a[t], war_b[t]

    def stage(t: int, va_next: float, vb_next: float) -> tuple[float, float, float, str | None]:
        """One period given continuation values: (V_A, V_B, A's share, attacker or None)."""
        wa, wb = war(t)
        w_prop, w_resp = (wb, wa) if prop_is_b else (wa, wb)
        v_prop_next, v_resp_next = (vb_next, va_next) if prop_is_b else (va_next, vb_next)
        offer = max(0.0, w_resp - d * v_resp_next)  # the least the responder accepts
        responder, prop_name = ("A", "B") if prop_is_b else ("B", "A")
        if offer > 1.0 + tie:
            return wa, wb, float("nan"), responder
        offer = min(offer, 1.0)
        peace_prop = 1.0 - offer + d * v_prop_next
        if w_prop > peace_prop + tie:
            return wa, wb, float("nan"), prop_name
        v_resp = offer + d * v_resp_next
        share_a = offer if prop_is_b else 1.0 - offer
        return ((v_resp, peace_prop, share_a, None) if prop_is_b
                else (peace_prop, v_resp, share_a, None))

    # stationary tail: iterate the Bellman map at the last power level to its fixed point
    last = path.size - 1
    va, vb = 0.0, 0.0
    for _ in range(200_000):
        nva, nvb, _, _ = stage(last, va, vb)
        if abs(nva - va) <= tail_tol and abs(nvb - vb) <= tail_tol:
            va, vb = nva, nvb
            break
        va, vb = nva, nvb
    values_a = [0.0] * path.size
    values_b = [0.0] * path.size
    shares = [0.0] * path.size
    attackers: list[str | None] = [None] * path.size
    va_next, vb_next = va, vb
    for t in range(last, -1, -1):
        va_t, vb_t, share, who = stage(t, va_next, vb_next)
        values_a[t], values_b[t], shares[t], attackers[t] = va_t, vb_t, share, who
        va_next, vb_next = va_t, vb_t
    war_period = next((t for t, who in enumerate(attackers) if who is not None), None)
    return CommitmentSolution(
        p_path=tuple(float(x) for x in path),
        proposer=proposer,
        war_period=war_period,
        attacker=None if war_period is None else attackers[war_period],
        value_a=tuple(values_a),
        value_b=tuple(values_b),
        share_a=tuple(shares),
    )


def linear_shift_path(p_start: float, p_end: float, periods: int) -> tuple[float, ...]:
    """A path moving from ``p_start`` to ``p_end`` in ``periods`` equal steps, then constant."""
    if periods < 1:
        raise HerzInputError(f"{periods}", field="periods", allowed=">= 1")
    _probabilities(p_start, "p_start")
    _probabilities(p_end, "p_end")
    return tuple(float(x) for x in np.linspace(p_start, p_end, periods + 1))


# --------------------------------------------------------------------------- reference checks


def _bisect_critical_shift_dp(p0: float, c_a: float, c_b: float, delta: float,
                              proposer: Proposer) -> float:
    """Smallest one-period shift at which the backward-induction solution has war at t = 0."""
    lo, hi = 0.0, 1.0 - p0
    if solve_commitment_game((p0, p0 + hi), c_a, c_b, delta, proposer).war_period != 0:
        return float("inf")
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if solve_commitment_game((p0, p0 + mid), c_a, c_b, delta, proposer).war_period == 0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def _bisect_acceptable(f: Callable[[float], float]) -> float:
    """The root in [0, 1] of an increasing ``f`` (by bisection; used as an independent check)."""
    lo, hi = 0.0, 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if f(mid) < 0.0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def reference_checks() -> list[Check]:
    """Analytic values the model reproduces (no published numeric tables are available to herz:
    Fearon 1995 and Powell 2006 state these results in closed or verbal form)."""
    model = "bargaining"
    checks: list[Check] = []
    br = bargaining_range(0.6, 0.1, 0.15)
    checks.append(Check(
        model, "range width = c_A + c_B (p=0.6, c_A=0.1, c_B=0.15)",
        "Fearon 1995, 'When will there exist bargains...' (range [p - c_A, p + c_B])", "analytic",
        0.25, br.width, abs_tol=1e-12, note="exact arithmetic; floating-point rounding only"))
    p, ca, lo, hi = 0.5, 0.05, 0.0, 0.4
    closed = risk_return_uniform(p, ca, lo, hi)
    numeric = optimal_offer_numeric(p, ca, uniform_cost_cdf(lo, hi))
    checks.append(Check(
        model, "optimal demand x*, c_B~U[0,0.4], p=0.5, c_A=0.05: closed form vs numerical",
        "Fearon 1995, 'Incentives to misrepresent'; closed form derived by herz", "analytic",
        closed.offer, numeric.offer, abs_tol=1e-6,
        note="bounded scalar search on a 20001-point grid; xatol 1e-12, flat optimum"))
    checks.append(Check(
        model, "war probability at x* = (h - c_A)/(2(h - l)) = 0.4375",
        "Fearon 1995, 'Incentives to misrepresent'; closed form derived by herz", "analytic",
        (hi - ca) / (2 * (hi - lo)), closed.war_probability, abs_tol=1e-12,
        note="closed form evaluated two ways; rounding only"))
    ra = risk_averse_range(0.5, 0.1, 0.1, 0.5)
    checks.append(Check(
        model, "risk-averse range, u = x^0.5, p=0.5, c_A=c_B=0.1: low = 0.4^2",
        "Fearon 1995 (risk aversion widens the range); bounds derived by herz", "analytic",
        0.16, ra.low, abs_tol=1e-12, note="closed form; rounding only"))
    checks.append(Check(
        model, "risk-averse range, u = x^0.5, p=0.5, c_A=c_B=0.1: width = 1 - 2 * 0.16",
        "Fearon 1995 (risk aversion widens the range); bounds derived by herz", "analytic",
        0.68, ra.width, abs_tol=1e-12, note="closed form; the risk-neutral width is 0.2"))
    ra2 = risk_averse_range(0.7, 0.05, 0.2, 0.3, 0.8)
    checks.append(Check(
        model, "risk-averse low bound (p=0.7, c_A=0.05, r_A=0.3): closed form vs bisection",
        "Fearon 1995; herz's closed form vs bisection of u_A(x) = p - c_A", "analytic",
        _bisect_acceptable(lambda x: x**0.3 - 0.65), ra2.low, abs_tol=1e-12,
        note="200 bisection steps on the utility (interval < 1e-15)"))
    checks.append(Check(
        model, "risk-averse high bound (p=0.7, c_B=0.2, r_B=0.8): closed form vs bisection",
        "Fearon 1995; herz's closed form vs bisection of u_B(x) = 1 - p - c_B", "analytic",
        _bisect_acceptable(lambda x: 0.1 - (1.0 - x) ** 0.8), ra2.high, abs_tol=1e-12,
        note="200 bisection steps on the utility (interval < 1e-15)"))
    for p0, c_a, c_b, d in [(0.3, 0.5, 0.5, 0.9), (0.5, 1.0, 2.0, 0.95)]:
        dp = _bisect_critical_shift_dp(p0, c_a, c_b, d, "declining")
        checks.append(Check(
            model, f"critical one-period shift (p0={p0}, c_A={c_a}, c_B={c_b}, delta={d})",
            "Powell 2006 (preventive war); condition derived by herz vs backward induction",
            "analytic", float(critical_shift(p0, c_a, c_b, d)), dp, abs_tol=1e-9,
            note="60 bisection steps on the backward-induction solution (interval < 1e-17)"))
    return checks
