"""Directional claims of the audit, each over many seeded paired runs with a 99.5% bound.

They emerge from the engine's general rules (no actor or case is named in any rule): the
security dilemma (Jervis 1978: offensive, forward-deployed forces alarm more than defensive
ones of equal cost and, against a security-seeker, pay less), its other horn (Jervis 1976, ch.
3: restraint invites exploitation by a greedy neighbour) and the variant search's promise.
"""

from __future__ import annotations

import numpy as np
import pytest
from audit_support import (
    DEFENSIVE,
    OFFENSIVE,
    RESTRAINT,
    assert_positive,
    example,
    neighbours,
)

from herz.audit import Purpose, audit
from herz.audit.core import evaluate

RUNS = 200


@pytest.fixture(scope="module")
def security_seeker_pair() -> tuple:
    """The spiral's two security-seekers, with half-distinguishable forces."""
    s = example("spiral", "world.distinguishability=0.5")
    off = audit(s, "Blue", OFFENSIVE, 40, "Red", runs=RUNS, rng=3, variants=False)
    dfn = audit(s, "Blue", DEFENSIVE, 40, "Red", runs=RUNS, rng=3, variants=False)
    return off, dfn


def test_offensive_deployment_alarms_more_than_defensive(security_seeker_pair: tuple) -> None:
    off, dfn = security_seeker_pair
    assert_positive(off.original.alarm.values - dfn.original.alarm.values)
    red_off, red_def = off.others[0], dfn.others[0]
    assert_positive(red_off.threat_change.values - red_def.threat_change.values)
    assert "more threatened" in off.summaries["Red"]


def test_offensive_deployment_pays_less_against_a_security_seeker(
    security_seeker_pair: tuple,
) -> None:
    off, dfn = security_seeker_pair
    assert_positive(dfn.own.net_security.values - off.own.net_security.values)
    # The offensive version's induced reactions take away more than the defensive one's.
    assert_positive(off.own.reaction_cost.values - dfn.own.reaction_cost.values)


def test_restraint_against_a_greedy_neighbour_lowers_security() -> None:
    """The dilemma's other horn: a greedy neighbour exploits restraint."""
    greedy = audit(neighbours("greedy"), "Dove", RESTRAINT, 40, "Hawk", runs=RUNS, rng=5,
                   variants=False)
    assert_positive(-greedy.own.net_security.values)


@pytest.mark.parametrize(
    ("name", "overrides", "actor", "policy", "rival"),
    [
        ("spiral", (), "Blue", OFFENSIVE, "Red"),
        ("strategic_forces", (), "Blue",
         [{"step": 1, "action": "arm", "force_class": "counterforce", "amount": 4.0}], None),
    ],
)
def test_best_variant_keeps_the_purpose(
    name: str, overrides: tuple[str, ...], actor: str, policy: list, rival: str | None
) -> None:
    """On the audit's own runs by construction, and on fresh seeds with a 99.5% bound."""
    s = example(name, *overrides)
    purpose = Purpose(rival=rival, tolerance=0.2)
    result = audit(s, actor, policy, 25, purpose, runs=120, rng=0, max_rules=1)
    assert result.variants
    orig = result.original.purpose_gain.estimate
    for v in result.variants:
        assert v.keeps_purpose == (v.outcome.purpose_gain.estimate >= orig - 0.2 * abs(orig))
    best = result.best
    if best is None:  # then nothing kept the purpose while alarming less
        assert not any(
            v.keeps_purpose and v.outcome.alarm.estimate < result.original.alarm.estimate
            for v in result.variants
        )
        return
    assert best.keeps_purpose
    assert best.outcome.alarm.estimate < result.original.alarm.estimate
    # Fresh seeds: the best variant is not worse on the purpose beyond the tolerance.
    again = evaluate(s, actor, result.policy, 25, rival, runs=300, rng=11)
    best_again = evaluate(s, actor, best.spec.entries, 25, rival, runs=300, rng=11,
                          agreements=best.spec.agreements)
    slack = 0.2 * abs(again.purpose_gain.estimate)
    assert_positive(best_again.purpose_gain.values - again.purpose_gain.values + slack + 1e-12)


def test_net_security_splits_into_direct_gain_and_reaction_cost(
    security_seeker_pair: tuple,
) -> None:
    own = security_seeker_pair[0].own
    np.testing.assert_allclose(
        own.net_security.values, own.direct_gain.values - own.reaction_cost.values, atol=1e-12
    )
    assert own.direct_gain.sign == 1  # buying forces helps before anyone reacts
