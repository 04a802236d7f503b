"""Tests of herz.models.kydd (Kydd 1997, 2000, 2005).

No numerical tables of Kydd's are available to herz: the tests compare closed forms with
brute-force computation (derived in the test or by enumeration), cross-check finite games with
nashpy, assert invariants with hypothesis, and pin one seeded regression.
"""

from __future__ import annotations

import nashpy as nash
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from herz.errors import HerzInputError
from herz.models import kydd

GAME = kydd.SecurityDilemmaGame(c=1.0, t_secure=0.5, t_greedy=1.5)
probs = st.floats(0.0, 1.0)


def test_reference_checks_all_pass() -> None:
    """Kind: analytic and regression — every check that `herz validate` runs for this model."""
    checks = kydd.reference_checks()
    assert checks and all(c.passed for c in checks), [c for c in checks if not c.passed]


def test_minimum_trust_is_the_mixed_equilibrium_of_the_complete_information_game() -> None:
    """Kind: analytic — Kydd 2005 ch. 2: between two known security seekers (Assurance game)
    the mixed Nash equilibrium makes each indifferent, so each cooperates with probability pi.
    Cross-checked with nashpy's support enumeration."""
    for c, t in [(1.0, 0.5), (0.5, 0.2), (2.0, 0.9)]:
        g = kydd.SecurityDilemmaGame(c=c, t_secure=t)
        a = np.array([[g.payoff(r, k, True) for k in "CD"] for r in "CD"])
        mixed = [eq for eq in nash.Game(a, a.T).support_enumeration()
                 if 0 < eq[0][0] < 1]
        assert len(mixed) == 1
        assert mixed[0][1][0] == pytest.approx(g.threshold)


@settings(max_examples=40, deadline=None)
@given(q1=probs, q2=probs, c=st.floats(0.1, 3.0), t=st.floats(-1.0, 0.95))
def test_closed_form_cooperation_matches_brute_force(q1: float, q2: float, c: float,
                                                     t: float) -> None:
    """Kind: analytic — cooperation possible iff q2 >= pi and q1 >= pi, vs enumeration."""
    g = kydd.SecurityDilemmaGame(c=c, t_secure=t, t_greedy=2.0)
    pi = g.threshold
    if min(abs(q1 - pi), abs(q2 - pi)) < 1e-9:
        return  # a knife-edge tie: either answer is a rounding artefact
    brute = any(e.cooperative for e in kydd.pure_bayesian_equilibria(g, q1, q2))
    assert brute == bool(kydd.cooperation_possible(q1, q2, c, t))


def test_pure_bayesian_equilibria_agree_with_nashpy_on_the_ex_ante_game() -> None:
    """Kind: analytic — the pure equilibria found type by type are exactly the pure Nash
    equilibria of the ex-ante (4 x 4) game that nashpy finds, for interior priors."""
    for q1, q2 in [(0.8, 0.8), (0.5, 0.9), (0.3, 0.2)]:
        strategies, u1, u2 = kydd._ex_ante_payoffs(GAME, q1, q2)
        pure = set()
        for s1, s2 in nash.Game(u1, u2).vertex_enumeration():
            if np.isclose(s1.max(), 1) and np.isclose(s2.max(), 1):
                pure.add((strategies[int(s1.argmax())], strategies[int(s2.argmax())]))
        mine = {(e.player1, e.player2) for e in kydd.pure_bayesian_equilibria(GAME, q1, q2)}
        assert mine == pure


def test_greedy_types_never_cooperate_and_all_defect_always_exists() -> None:
    """Kind: analytic — Kydd 2005 ch. 2: defection dominates for a greedy type."""
    for q in (0.0, 0.5, 1.0):
        eqs = kydd.pure_bayesian_equilibria(GAME, q, q)
        assert all(e.player1[1] == "D" and e.player2[1] == "D" for e in eqs)
        assert kydd.BayesianEquilibrium(("D", "D"), ("D", "D")) in eqs
    assert float(kydd.minimum_trust(1.0, 1.5)) == float("inf")


@given(prior=probs, noise=st.floats(0.0, 0.49), coop=st.booleans())
def test_beliefs_stay_probabilities_and_are_a_martingale(prior: float, noise: float,
                                                         coop: bool) -> None:
    """Kind: property — Bayes' rule: the posterior is a probability and its expectation under
    the observer's own prior equals the prior (conservation of expected evidence)."""
    mean = 0.0
    for obs in (True, False):
        ls, lg = kydd.action_likelihoods(obs, coop, noise)
        p_obs = prior * float(ls) + (1 - prior) * float(lg)
        if p_obs > 0:
            post = float(kydd.posterior(prior, ls, lg))
            assert 0.0 <= post <= 1.0
            mean += p_obs * post
    assert mean == pytest.approx(prior, abs=1e-12)


def test_pooling_region_carries_no_information() -> None:
    """Kind: analytic — when both types defect, the likelihood ratio is 1 and beliefs freeze."""
    ls, lg = kydd.action_likelihoods([True, False], False, 0.2)
    assert np.array_equal(ls, lg)
    assert np.allclose(kydd.posterior(0.3, ls, lg), 0.3)


def test_spiral_locks_in_without_informative_intelligence() -> None:
    """Kind: analytic — after a round without a cooperative equilibrium and with uninformative
    signals (accuracy 1/2), beliefs never move again: the lock-in of the spiral."""
    path = kydd.simulate_spiral(GAME, 0.8, 0.8, 40, noise=0.15, n_runs=300, rng=5)
    locked = ~path.cooperative_equilibrium
    for run in np.flatnonzero(locked.any(axis=0)):
        first = int(np.argmax(locked[:, run]))
        assert locked[first:, run].all()
        assert np.all(path.belief_1_in_2[first:, run] == path.belief_1_in_2[first, run])
        assert not path.action_1[first:, run].any()


def test_informative_intelligence_can_break_the_lock_in() -> None:
    """Kind: analytic — with accurate intelligence about two security seekers, trust recovers."""
    path = kydd.simulate_spiral(GAME, 0.5, 0.5, 60, noise=0.1, accuracy=0.8, n_runs=200, rng=1)
    assert not path.cooperative_equilibrium[0].any()  # start below the threshold 2/3
    assert path.cooperative_equilibrium[-1].mean() > 0.9


def test_greedy_partner_loses_trust() -> None:
    """Kind: analytic — beliefs about a greedy type fall, those about a security seeker rise."""
    path = kydd.simulate_spiral(GAME, 0.9, 0.9, 30, noise=0.05, accuracy=0.6,
                                secure=(True, False), n_runs=200, rng=3)
    assert path.belief_1_in_2[-1].mean() < 0.1
    assert path.belief_2_in_1[-1].mean() > 0.9


def test_spiral_is_reproducible_and_draws_types_from_priors() -> None:
    """Kind: regression — same seed, same numbers; drawn types follow the priors."""
    a = kydd.simulate_spiral(GAME, 0.7, 0.7, 10, secure=None, n_runs=4000, rng=9)
    b = kydd.simulate_spiral(GAME, 0.7, 0.7, 10, secure=None, n_runs=4000, rng=9)
    assert np.array_equal(a.belief_1_in_2, b.belief_1_in_2)
    assert a.secure_1.mean() == pytest.approx(0.7, abs=0.03)


@settings(max_examples=60, deadline=None)
@given(q=st.floats(0.01, 0.99), pi=st.floats(0.05, 1.0), k=st.floats(0.05, 6.0),
       gs=st.floats(0.1, 5.0), gg=st.floats(0.1, 5.0))
def test_reassurance_closed_form_matches_brute_force(q: float, pi: float, k: float,
                                                     gs: float, gg: float) -> None:
    """Kind: analytic — Kydd 2000; Kydd 2005: separating iff gain_greedy <= k <= gain_secure;
    pooling on the signal iff q >= pi and k <= both gains; pooling without it always."""
    if min(abs(k - gs), abs(k - gg), abs(q - pi)) < 1e-9:
        return  # knife-edge ties
    g = kydd.ReassuranceGame(q, pi, k, gs, gg)
    closed = kydd.reassurance_equilibria(g)
    brute = kydd.reassurance_pure_pbe(g)
    senders = {s for s, _ in brute}
    assert ((True, False) in senders) == closed.separating
    assert ((True, True) in senders) == closed.pooling_signal
    assert ((False, False) in senders) == closed.pooling_no_signal
    assert (False, True) not in senders  # only greedy types signalling is never an equilibrium
    if (False, False) in senders:
        trusted = {r[0] for s, r in brute if s == (False, False)}
        assert trusted == {closed.pooling_no_signal_trusted}


def test_semi_separating_equilibrium_makes_the_mixers_indifferent() -> None:
    """Kind: analytic — Bayes gives belief pi after a signal; the greedy type is indifferent."""
    g = kydd.ReassuranceGame(prior=0.3, threshold=0.6, cost=1.0, gain_secure=5.0,
                             gain_greedy=2.0)
    r = kydd.reassurance_equilibria(g)
    assert r.semi_separating and r.pooling_no_signal_intuitive  # k < gain_greedy: G gains too
    belief = 0.3 / (0.3 + 0.7 * r.sigma)
    assert belief == pytest.approx(0.6)
    assert r.rho * g.gain_greedy - g.cost == pytest.approx(0.0)
    assert r.rho * g.gain_secure - g.cost > 0


def test_gains_from_trust_reading() -> None:
    """Kind: analytic — trusted security seeker: cooperation forever; greedy: one exploitation."""
    assert kydd.gains_from_trust(GAME, 0.8) == pytest.approx((5.0, 1.5))


@pytest.mark.parametrize(("call", "field"), [
    (lambda: kydd.SecurityDilemmaGame(c=0.0), "c"),
    (lambda: kydd.SecurityDilemmaGame(t_secure=1.0), "t_secure"),
    (lambda: kydd.SecurityDilemmaGame(t_greedy=0.9), "t_greedy"),
    (lambda: kydd.minimum_trust(-1.0, 0.5), "c"),
    (lambda: kydd.cooperation_possible(1.2, 0.5, 1.0, 0.5), "q1"),
    (lambda: kydd.posterior(0.5, 0.0, 0.0), "likelihood"),
    (lambda: kydd.posterior(0.5, 1.5, 0.0), "likelihood_secure"),
    (lambda: kydd.simulate_spiral(GAME, 0.5, 0.5, -1), "rounds"),
    (lambda: kydd.ReassuranceGame(0.5, 0.0, 1.0, 1.0, 1.0), "threshold"),
    (lambda: kydd.ReassuranceGame(0.5, 0.5, -1.0, 1.0, 1.0), "cost"),
    (lambda: kydd.gains_from_trust(GAME, 1.0), "delta"),
])
def test_bad_parameters_name_the_field(call: object, field: str) -> None:
    """Kind: input validation — never a silent nan."""
    assert callable(call)
    with pytest.raises(HerzInputError, match=field):
        call()
