"""Tests of herz.models.stability: kill probability, survivors and first-strike stability."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.errors import HerzInputError
from herz.models import stability as sm
from herz.models.stability import ForcePosture, first_strike_stability


def _index(a: ForcePosture, b: ForcePosture, **kw: float) -> float:
    return float(first_strike_stability(a, b, **kw).index)


# ----------------------------------------------------------------------------- reference checks
def test_reference_checks_all_pass() -> None:
    """Kind: analytic and regression — every check in reference_checks() (sources in each)."""
    checks = sm.reference_checks()
    assert {c.kind for c in checks} == {"analytic", "regression"}
    failed = [c.quantity for c in checks if not c.passed]
    assert failed == []


# ----------------------------------------------------------------------------- single weapons
def test_lethal_radius_formula() -> None:
    """Kind: analytic — LR = 2.62 Y^(1/3) / H^(1/3) (OTA 1979; Tsipis 1975)."""
    assert sm.lethal_radius(1.0, 1000.0) == pytest.approx(0.262)
    assert sm.lethal_radius(1.0, 1.0) == pytest.approx(2.62)
    # 0.335 Mt vs 2000 psi, worked by hand: 2.62 * 0.6945 / 12.599 = 0.14443
    assert sm.lethal_radius(0.335, 2000.0) == pytest.approx(0.14443, rel=1e-4)


def test_sspk_worked_example() -> None:
    """Kind: analytic — SSPK = 1 - 0.5^((LR/CEP)^2); 0.335 Mt, 0.12 nmi, 2000 psi by hand.

    LR = 0.14443 nmi (above), (LR/CEP)^2 = 1.4486, 0.5^1.4486 = 0.3662, SSPK = 0.6338.
    """
    assert sm.sspk(0.335, 0.12, 2000.0) == pytest.approx(0.6336, abs=5e-4)


def test_sspk_matches_circular_normal_monte_carlo() -> None:
    """Kind: analytic — a seeded circular-normal Monte Carlo with median miss distance CEP."""
    rng = np.random.default_rng(7)
    cep, n = 0.15, 200_000
    sigma = cep / math.sqrt(2 * math.log(2))
    miss = np.hypot(rng.normal(0, sigma, n), rng.normal(0, sigma, n))
    for y, h in ((0.1, 1000.0), (0.5, 3000.0), (1.0, 300.0)):
        lr = float(sm.lethal_radius(y, h))
        assert sm.sspk(y, cep, h) == pytest.approx(np.mean(miss <= lr), abs=4 * 0.5 / n**0.5)


def test_functions_broadcast_over_arrays() -> None:
    """Kind: analytic — vectorised results equal the scalar ones element by element."""
    ceps = np.array([0.05, 0.1, 0.2])
    vec = sm.sspk(0.3, ceps, 2000.0)
    assert isinstance(vec, np.ndarray)
    assert vec == pytest.approx([sm.sspk(0.3, c, 2000.0) for c in ceps])
    assert isinstance(sm.sspk(0.3, 0.1, 2000.0), float)


@given(
    y=st.floats(0.01, 20), cep=st.floats(0.01, 2), h=st.floats(1, 10_000),
)
def test_sspk_is_probability_and_monotone(y: float, cep: float, h: float) -> None:
    """Kind: analytic (property) — SSPK in [0, 1], rising with yield, falling with CEP and H."""
    p = float(sm.sspk(y, cep, h))
    assert 0.0 <= p <= 1.0
    assert sm.sspk(2 * y, cep, h) >= p
    assert sm.sspk(y, 2 * cep, h) <= p
    assert sm.sspk(y, cep, 2 * h) <= p


def test_kill_probability() -> None:
    """Kind: analytic — p = reliability (1 - intercept) SSPK."""
    assert sm.kill_probability(0.8, 0.9, 0.25) == pytest.approx(0.8 * 0.9 * 0.75)


# ----------------------------------------------------------------------------- survivors
def test_silo_survivors_integer_and_fractional_allocation() -> None:
    """Kind: analytic — (1-p)^r for integer r; even spread of floor/ceil otherwise."""
    assert sm.silo_survival_fraction(0, 0.7) == pytest.approx(1.0)
    assert sm.silo_survival_fraction(1, 0.7) == pytest.approx(0.3)
    assert sm.silo_survival_fraction(3, 0.7) == pytest.approx(0.027)
    # 1000 warheads on 400 silos: 200 silos get 3, 200 get 2.
    expected = 200 * 0.3**3 + 200 * 0.3**2
    assert sm.silo_survivors(400, 1000, 0.7) == pytest.approx(expected)
    assert sm.silo_survivors(0, 100, 0.7) == 0.0


@given(w=st.floats(0, 5000), n=st.floats(1, 1000), p=st.floats(0, 1))
def test_silo_survivors_bounded_and_decreasing(w: float, n: float, p: float) -> None:
    """Kind: analytic (property) — 0 <= survivors <= silos; more warheads never help the target."""
    s = float(sm.silo_survivors(n, w, p))
    assert -1e-9 <= s <= n + 1e-9
    assert float(sm.silo_survivors(n, w + 10, p)) <= s + 1e-9


def test_submarine_and_bomber_survivors() -> None:
    """Kind: analytic — W at_sea (1 - asw) and W alert."""
    assert sm.submarine_survivors(1000, 0.6, 0.25) == pytest.approx(450.0)
    assert sm.bomber_survivors(300, 0.3) == pytest.approx(90.0)


def test_surviving_warheads_sums_the_legs() -> None:
    """Kind: analytic — silos, submarines and bombers add up; more counterforce, fewer survivors."""
    d = ForcePosture(silos=100, warheads_per_missile=2, slbm_warheads=500, at_sea_fraction=0.5,
                     bomber_warheads=100, alert_fraction=0.5)
    a = ForcePosture(icbm_cep_nmi=0.08, reliability=0.9, asw_kill=0.2)
    p = sm.kill_probability(sm.sspk(0.3, 0.08, 2000.0), 0.9)
    expected = 100 * (1 - p) ** 2 * 2 + 500 * 0.5 * 0.8 + 100 * 0.5
    assert sm.surviving_warheads(d, a, 200) == pytest.approx(expected)
    assert sm.surviving_warheads(d, a, 300) < sm.surviving_warheads(d, a, 200)


# ----------------------------------------------------------------------------- stability index
def test_symmetric_postures_give_equal_ratios() -> None:
    """Kind: analytic — for identical postures S_A = S_B, so the index is S_A squared."""
    res = first_strike_stability(ForcePosture(), ForcePosture())
    assert res.ratio_a == pytest.approx(res.ratio_b)
    assert res.index == pytest.approx(float(res.ratio_a) ** 2)
    assert 0.0 < float(res.index) < 1.0


def test_attacker_does_no_worse_than_pure_countervalue() -> None:
    """Kind: analytic — the optimal allocation costs no more than sending nothing at silos."""
    a, b = ForcePosture(), ForcePosture()
    best = sm.first_strike(a, b)
    none = sm.first_strike(a, b, max_warheads_per_silo=1e-12)
    assert float(best.cost_to_attacker) <= float(none.cost_to_attacker) + 1e-12
    assert float(best.counterforce_warheads) > 0.0


def test_adding_submarines_raises_the_index() -> None:
    """Kind: analytic (comparative statics) — survivable forces stabilise (Kent & Thaler 1989)."""
    values = [_index(ForcePosture(slbm_warheads=w), ForcePosture(slbm_warheads=w))
              for w in (0.0, 400.0, 800.0, 1600.0, 3200.0)]
    assert values == sorted(values)
    assert values[-1] > values[0] + 0.5
    # one side alone adds submarines, the other unchanged
    assert _index(ForcePosture(slbm_warheads=2000.0), ForcePosture()) > _index(
        ForcePosture(), ForcePosture())


@settings(max_examples=40, deadline=None)
@given(
    silos=st.floats(0, 1000), mirv=st.integers(1, 10), cep=st.floats(0.03, 0.5),
    slbm=st.floats(0, 3000), at_sea=st.floats(0.1, 1), bombers=st.floats(0, 1000),
    alert=st.floats(0, 1), value=st.floats(50, 1000), extra=st.floats(10, 2000),
)
def test_at_sea_submarines_never_lower_index_of_identical_postures(
    silos: float, mirv: int, cep: float, slbm: float, at_sea: float, bombers: float,
    alert: float, value: float, extra: float,
) -> None:
    """Kind: analytic (property) — adding submarines at sea to two identical postures."""
    p = ForcePosture(silos=silos, warheads_per_missile=mirv, icbm_cep_nmi=cep, slbm_warheads=slbm,
                     at_sea_fraction=at_sea, bomber_warheads=bombers, alert_fraction=alert,
                     value_targets=value)
    q_frac = (slbm * at_sea + extra) / (slbm + extra)
    q = ForcePosture(silos=silos, warheads_per_missile=mirv, icbm_cep_nmi=cep,
                     slbm_warheads=slbm + extra, at_sea_fraction=q_frac, bomber_warheads=bombers,
                     alert_fraction=alert, value_targets=value)
    assert _index(q, q) >= _index(p, p) - 1e-9


@pytest.mark.parametrize("silos", [300.0, 500.0, 1000.0])
def test_counterforce_accuracy_lowers_the_index(silos: float) -> None:
    """Kind: analytic (comparative statics) — a more accurate side threatens the other's ICBMs."""
    b = ForcePosture(silos=silos)
    values = [_index(ForcePosture(silos=silos, icbm_cep_nmi=c), b) for c in (0.3, 0.1, 0.05)]
    assert values[0] > values[1] > values[2]


def test_asw_lowers_the_index() -> None:
    """Kind: analytic (comparative statics) — ASW threatens the rival's secure second strike."""
    b = ForcePosture()
    values = [_index(ForcePosture(asw_kill=f), b) for f in (0.0, 0.2, 0.5, 0.9)]
    assert values == sorted(values, reverse=True)
    assert values[0] - values[-1] > 0.2


def test_one_sided_missile_defense_lowers_the_index() -> None:
    """Kind: analytic (comparative statics) — defending cities blunts the rival's retaliation."""
    b = ForcePosture()
    values = [_index(ForcePosture(defense_intercept=f), b) for f in (0.0, 0.2, 0.5, 0.8)]
    assert values == sorted(values, reverse=True)


def test_silo_defense_raises_the_index() -> None:
    """Kind: analytic (comparative statics) — hard-point defense protects a second strike."""
    values = [_index(ForcePosture(silo_defense_intercept=f), ForcePosture(
        silo_defense_intercept=f)) for f in (0.0, 0.3, 0.6)]
    assert values == sorted(values)


def test_index_vectorised_over_postures() -> None:
    """Kind: analytic — an array-valued posture gives the same indices as a loop of scalars."""
    ceps = np.array([0.3, 0.1, 0.05])
    vec = first_strike_stability(ForcePosture(icbm_cep_nmi=ceps), ForcePosture()).index
    assert isinstance(vec, np.ndarray) and vec.shape == (3,)
    assert vec == pytest.approx([_index(ForcePosture(icbm_cep_nmi=c), ForcePosture())
                                 for c in ceps])


def test_regression_default_index() -> None:
    """Kind: regression — pinned value for the default postures at herz 0.1.0 (k = 0.5)."""
    assert _index(ForcePosture(), ForcePosture()) == pytest.approx(0.6932935704029183, abs=1e-9)


def test_as_dict_round_trip() -> None:
    """Kind: analytic — as_dict gives plain values that rebuild the same posture."""
    p = ForcePosture(silos=np.array([1.0, 2.0]))
    d = p.as_dict()
    assert d["silos"] == [1.0, 2.0]
    assert ForcePosture(**d).as_dict() == d  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: sm.sspk(-1.0, 0.1, 1000.0), "yield_mt"),
        (lambda: sm.sspk(1.0, 0.0, 1000.0), "cep_nmi"),
        (lambda: sm.sspk(1.0, 0.1, float("nan")), "hardness_psi"),
        (lambda: sm.kill_probability(0.5, 1.5), "reliability"),
        (lambda: sm.silo_survivors(-1, 10, 0.5), "silos"),
        (lambda: sm.silo_survival_fraction(np.array([1.0, -2.0]), 0.5), "warheads_per_silo"),
        (lambda: sm.submarine_survivors(10, 0.5, 2.0), "asw_kill"),
        (lambda: ForcePosture(alert_fraction=-0.1), "alert_fraction"),
        (lambda: ForcePosture(value_targets=0.0), "value_targets"),
        (lambda: ForcePosture(silos="many"), "silos"),
        (lambda: sm.first_strike(ForcePosture(), ForcePosture(), k=0.0), "k"),
        (lambda: sm.first_strike(ForcePosture(), ForcePosture(), grid=1), "grid"),
        (lambda: sm.first_strike(ForcePosture(), ForcePosture(), max_warheads_per_silo=0),
         "max_warheads_per_silo"),
    ],
)
def test_bad_input_names_the_field(call: object, field: str) -> None:
    """Kind: analytic — bad parameters raise HerzInputError naming the field, never a nan."""
    with pytest.raises(HerzInputError, match=field):
        call()  # type: ignore[operator]
