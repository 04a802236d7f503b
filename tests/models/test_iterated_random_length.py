"""Tests of matches of random length, generous zero-determinant strategies, the named fields and
the ecological analysis in herz.models.iterated.

Each test names its kind (published, analytic, regression) and where its expected number comes
from.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.errors import HerzInputError
from herz.models.iterated import (
    AXELROD_1984_CONTINUATION,
    FIELDS,
    Noise,
    Payoffs,
    discounted_payoffs,
    ecological_simulation,
    exact_tournament,
    expected_length,
    finite_horizon_payoffs,
    geometric_payoffs,
    long_run_payoffs,
    median_length,
    simulate_random_length_matches,
    strategy_from_spec,
    tournament,
)
from herz.models.iterated_strategies import (
    always_cooperate,
    always_defect,
    contrite_tit_for_tat,
    generous_tit_for_tat,
    memory_one,
    suspicious_tit_for_tat,
    tit_for_tat,
    tit_for_two_tats,
    win_stay_lose_shift,
    zd_extortion,
    zd_generous,
    zd_generous_phi_max,
)

STD = Payoffs()
W = AXELROD_1984_CONTINUATION


# ---------------------------------------------------------------------------------------------
# Random lengths


def test_axelrod_continuation_lengths() -> None:
    """Kind: analytic — w = 0.99654 (Axelrod 1984, second tournament): P(L > n) = w^n, so the
    median is the least n with 1 - w^n >= 1/2, ln(1/2)/ln(w) = 199.98 -> 200; the mean is
    1/(1 - w) = 289.017."""
    assert median_length(W) == 200
    assert expected_length(W) == pytest.approx(1 / 0.00346, rel=1e-12)


@given(w=st.floats(0.0, 0.9999))
def test_median_length_definition(w: float) -> None:
    """Kind: analytic — the median n satisfies 1 - w^n >= 1/2 > 1 - w^(n - 1)."""
    n = median_length(w)
    assert 1 - w**n >= 0.5
    assert n == 1 or 1 - w ** (n - 1) < 0.5


@pytest.mark.parametrize("w", [0.0, 0.5, 0.9, W])
def test_geometric_tft_vs_alld(w: float) -> None:
    """Kind: analytic — TFT meets ALLD: S in the first round, P after, so the payoff per round
    is (1 - w) S + w P and ALLD's is (1 - w) T + w P."""
    v = geometric_payoffs(tit_for_tat(), always_defect(), w, STD)
    assert v.payoff_x == pytest.approx((1 - w) * STD.S + w * STD.P, abs=1e-12)
    assert v.payoff_y == pytest.approx((1 - w) * STD.T + w * STD.P, abs=1e-12)


def test_geometric_tf2t_vs_alld_and_stft() -> None:
    """Kind: analytic — TF2T forgives one defection: against ALLD it plays C, C, D, D, ... so its
    payoff per round is S (1 - w^2) + P w^2; against STFT (D first, then copies) both cooperate
    from round 2: S (1 - w) + R w."""
    w = 0.8
    v = geometric_payoffs(tit_for_two_tats(), always_defect(), w, STD)
    assert v.payoff_x == pytest.approx(STD.S * (1 - w**2) + STD.P * w**2, abs=1e-12)
    v = geometric_payoffs(tit_for_two_tats(), suspicious_tit_for_tat(), w, STD)
    assert v.payoff_x == pytest.approx(STD.S * (1 - w) + STD.R * w, abs=1e-12)
    assert finite_horizon_payoffs(tit_for_two_tats(), always_defect(), 10, STD).payoff_x == \
        pytest.approx((2 * STD.S + 8 * STD.P) / 10)


def test_geometric_is_the_discounted_value_and_tends_to_the_long_run() -> None:
    """Kind: analytic — the expected payoff per round of a random-length match is the discounted
    payoff with d = w (absorbing chain), and tends to the long-run payoff as w -> 1 (an Abelian
    limit of an ergodic chain: error O(1 - w))."""
    x, y = generous_tit_for_tat(1 / 3), win_stay_lose_shift()
    noise = Noise(0.05, 0.01)
    for w in (0.3, 0.9):
        assert geometric_payoffs(x, y, w, STD, noise) == discounted_payoffs(x, y, w, STD, noise)
    far = geometric_payoffs(x, y, 1 - 1e-6, STD, noise)
    assert far.payoff_x == pytest.approx(long_run_payoffs(x, y, STD, noise).payoff_x, abs=1e-4)


def test_random_length_simulation_matches_exact() -> None:
    """Kind: analytic — Monte Carlo check of the absorbing-chain value: over many seeded matches
    the ratio (sum of totals) / (sum of lengths) lies within 5 standard errors (delta method) of
    the exact payoff per round, for every pair of a noisy field; the lengths have mean
    1/(1 - w) and P(L = 1) = 1 - w within 5 standard errors."""
    w = 0.95
    field = [tit_for_tat(), generous_tit_for_tat(1 / 3), contrite_tit_for_tat(),
             win_stay_lose_shift(), zd_extortion(2.0, 1 / 18, 3, 0, 5, 1)]
    pairs = [(a, b) for a in field for b in field]
    noise = Noise(0.05, 0.02)
    reps = 1500
    totals, lengths = simulate_random_length_matches(pairs, w, reps, STD, noise, rng=5)
    for m, (a, b) in enumerate(pairs):
        exact = geometric_payoffs(a, b, w, STD, noise).payoff_x
        tot, ln = totals[:, m, 0], lengths[:, m].astype(float)
        ratio = tot.sum() / ln.sum()
        se = np.std(tot - ratio * ln, ddof=1) / (ln.mean() * math.sqrt(reps))
        assert abs(ratio - exact) < 5 * se, (a.name, b.name, ratio, exact, se)
    all_lengths = lengths.ravel().astype(float)
    n = all_lengths.size
    mean_se = math.sqrt(w) / (1 - w) / math.sqrt(n)  # sd of a geometric length: sqrt(w)/(1-w)
    assert abs(all_lengths.mean() - 1 / (1 - w)) < 5 * mean_se
    p1 = (all_lengths == 1).mean()
    assert abs(p1 - (1 - w)) < 5 * math.sqrt(w * (1 - w) / n)


def test_random_length_seed_promise() -> None:
    """Kind: regression — same seed, same numbers; the lengths of repetition k depend neither on
    the strategies nor on the noise nor on the number of repetitions."""
    pairs = [(tit_for_tat(), always_defect()), (win_stay_lose_shift(), tit_for_tat())]
    t1, l1 = simulate_random_length_matches(pairs, 0.9, 4, STD, Noise(0.1), rng=3)
    t2, l2 = simulate_random_length_matches(pairs, 0.9, 4, STD, Noise(0.1), rng=3)
    np.testing.assert_array_equal(t1, t2)
    np.testing.assert_array_equal(l1, l2)
    other = [(always_cooperate(), always_cooperate()), (grim_free := always_defect(), grim_free)]
    _, l3 = simulate_random_length_matches(other, 0.9, 2, STD, Noise(0.3), rng=3)
    np.testing.assert_array_equal(l1[:2], l3)
    # deterministic play: ALLC vs ALLC totals R per round exactly
    t4, l4 = simulate_random_length_matches([(always_cooperate(), always_cooperate())], 0.9, 3,
                                            STD, Noise(), rng=1)
    np.testing.assert_allclose(t4[..., 0], STD.R * l4)


def test_random_length_tournament() -> None:
    """Kind: analytic — a random-length tournament without noise of deterministic rules gives,
    per match, the payoff per round of that match: ALLC vs ALLD is exactly S, TFT vs ALLD is
    (S + (L - 1) P) / L for the drawn length L."""
    res = tournament([tit_for_tat(), always_defect(), always_cooperate()], repetitions=5,
                     noise=Noise(), rng=9, continuation=0.9)
    assert res.continuation == 0.9
    np.testing.assert_allclose(res.payoffs[:, 2, 1], STD.S)
    assert np.all(res.payoffs[:, 0, 1] <= STD.P) and np.all(res.payoffs[:, 0, 1] >= STD.S)


def test_random_length_bad_inputs() -> None:
    """Kind: regression — w must be in [0, 1)."""
    for w in (1.0, -0.1, math.nan):
        with pytest.raises(HerzInputError):
            geometric_payoffs(tit_for_tat(), tit_for_tat(), w)
        with pytest.raises(HerzInputError):
            simulate_random_length_matches([(tit_for_tat(), tit_for_tat())], w, 2)
    with pytest.raises(HerzInputError):
        exact_tournament([tit_for_tat()], turns=5, continuation=0.5)


# ---------------------------------------------------------------------------------------------
# Generous zero-determinant strategies (Stewart & Plotkin 2012) and the ZD field


def test_zdgtft2_vector() -> None:
    """Kind: analytic — generous ZD with chi = 2, phi = 1/8 for (5, 3, 1, 0) is (1, 1/8, 1, 1/4)
    (herz's derivation; the same vector as the axelrod package's ZDGTFT2, see the oracle test);
    extort2 is Press & Dyson's chi = 2, phi = 1/18: (8/9, 1/2, 1/3, 0)."""
    assert strategy_from_spec("zdgtft2").four_vector == pytest.approx((1, 1 / 8, 1, 1 / 4))
    assert strategy_from_spec("extort2").four_vector == pytest.approx((8 / 9, 1 / 2, 1 / 3, 0))
    assert strategy_from_spec("gzd:2,0.125").four_vector == pytest.approx((1, 1 / 8, 1, 1 / 4))


four = st.tuples(*(st.floats(0.01, 0.99) for _ in range(4)))


@settings(max_examples=60, deadline=None)
@given(chi=st.floats(1.0, 6.0), frac=st.floats(0.05, 1.0), q=four, first=st.floats(0, 1))
def test_generous_zd_linear_relation(chi: float, frac: float,
                                     q: tuple[float, float, float, float], first: float) -> None:
    """Kind: analytic — Press & Dyson 2012's theorem with baseline R: against any memory-one
    opponent (interior, so the chain is ergodic) s_X - R = chi (s_Y - R); hence X never scores
    more than its opponent, and an extortioner never less."""
    phi = frac * zd_generous_phi_max(chi, 3, 0, 5, 1)
    gz = zd_generous(chi, phi, 3, 0, 5, 1)
    v = long_run_payoffs(gz, memory_one(q, first), STD)
    assert (v.payoff_x - STD.R) == pytest.approx(chi * (v.payoff_y - STD.R), abs=1e-8)
    assert v.payoff_x <= v.payoff_y + 1e-9
    ext = zd_extortion(chi, frac * 0.99 / (1 + 4 * chi) if chi == 1 else
                       frac * min(1 / (1 + 4 * chi), 1 / (4 + chi), 1 / (2 * (chi - 1))),
                       3, 0, 5, 1)
    v = long_run_payoffs(ext, memory_one(q, first), STD)
    assert v.payoff_x >= v.payoff_y - 1e-9


def test_zd_field_ordering() -> None:
    """Kind: regression (herz's field, after Stewart & Plotkin 2012) — in the 'zd' field without
    noise and with Axelrod's w, ZDGTFT-2 has the highest expected score and EXTORT-2 the lowest,
    while EXTORT-2 scores at least as much as its opponent in every pairing (its ZD relation)
    and ZDGTFT-2 at most as much. Stewart & Plotkin's own table was not available to herz."""
    players = [strategy_from_spec(s) for s in FIELDS["zd"]]
    names = [p.name for p in players]
    m = exact_tournament(players, STD, Noise(), continuation=W)
    order = [names[i] for i in np.argsort(-m.mean(axis=1), kind="stable")]
    assert order[0] == "ZDGTFT2" and order[-1] == "EXTORT2"
    lr = exact_tournament(players, STD, Noise())
    e, g = names.index("EXTORT2"), names.index("ZDGTFT2")
    assert np.all(lr[e] >= lr[:, e] - 1e-9) and np.all(lr[g] <= lr[:, g] + 1e-9)


def test_generous_zd_bad_inputs() -> None:
    """Kind: regression — a prisoner's dilemma, chi >= 1 and 0 < phi <= phi_max are required."""
    with pytest.raises(HerzInputError):
        zd_generous(0.5, 0.1, 3, 0, 5, 1)
    with pytest.raises(HerzInputError):
        zd_generous(2.0, 0.2, 3, 0, 5, 1)
    with pytest.raises(HerzInputError):
        zd_generous(2.0, 0.1, 5, 0, 3, 1)


# ---------------------------------------------------------------------------------------------
# Wu & Axelrod (1995) in herz's 'noise' field, and the ecological analysis


def _noise_field(noise: float) -> tuple[list[str], np.ndarray]:
    players = [strategy_from_spec(s) for s in FIELDS["noise"]]
    return ([p.name for p in players],
            exact_tournament(players, STD, Noise(implementation=noise), continuation=W))


def test_wu_axelrod_qualitative_results() -> None:
    """Kind: published (qualitative) — Wu & Axelrod 1995's abstract: (1) generous TFT is highly
    effective when the others have not adapted to noise: it wins the 1%-noise round robin of
    herz's 'noise' field and beats TFT; (2) once the others have adapted, contrite TFT is more
    effective: in the ecological simulation the unadapted rules die out and CTFT takes over, and
    CTFT scores more than GTFT against a population of the two; (3) Pavlov is not robust: WSLS
    dies out and is the reciprocator most exploited by ALLD."""
    names, m = _noise_field(0.01)
    scores = m.mean(axis=1)
    idx = {n: i for i, n in enumerate(names)}
    assert names[int(np.argmax(scores))] == "GTFT"
    assert scores[idx["GTFT"]] > scores[idx["TFT"]] and scores[idx["CTFT"]] > scores[idx["TFT"]]
    shares = ecological_simulation(m, 5000)
    assert shares[-1, idx["CTFT"]] > 0.999 and shares[-1, idx["WSLS"]] < 1e-6
    g, c = idx["GTFT"], idx["CTFT"]
    assert (m[c, c] + m[c, g]) > (m[g, c] + m[g, g])
    alld = idx["ALLD"]
    assert m[idx["WSLS"], alld] < min(m[idx[n], alld] for n in ("TFT", "GTFT", "CTFT"))


def test_without_noise_generosity_does_not_help() -> None:
    """Kind: analytic — without noise GTFT cannot beat TFT in the 'noise' field: they play the
    same against every rule except where forgiving costs it (ALLD, RANDOM, STFT)."""
    names, m = _noise_field(0.0)
    scores = m.mean(axis=1)
    assert scores[names.index("GTFT")] < scores[names.index("TFT")]


def test_ecological_simulation_analytic() -> None:
    """Kind: analytic — one generation of x_i' = x_i (Ax)_i / (x.Ax): with A = [[2, 2], [1, 1]]
    and x = (1/2, 1/2), x' = (2/3, 1/3); shares stay a distribution."""
    out = ecological_simulation([[2.0, 2.0], [1.0, 1.0]], 1)
    np.testing.assert_allclose(out[1], [2 / 3, 1 / 3])
    out = ecological_simulation([[3.0, 0.5], [5.0, 1.0]], 50, shares=[0.9, 0.1])
    np.testing.assert_allclose(out.sum(axis=1), 1.0)
    for bad in ([[1.0, -1.0], [1.0, 1.0]], [[1.0, 2.0]]):
        with pytest.raises(HerzInputError):
            ecological_simulation(bad, 3)
    with pytest.raises(HerzInputError):
        ecological_simulation([[1.0]], 3, shares=[0.5])
