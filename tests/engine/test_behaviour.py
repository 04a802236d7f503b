"""The brief's mechanisms emerge from the general rules: directional claims, each tested over
many seeded runs with a 99.5% one-sided confidence bound (see ``conftest.assert_less``).

Kind: behavioural (seeded, statistical). No test reaches into a scenario's names to get its
result: each compares two versions of one world that differ only in the lever named.
"""

from __future__ import annotations

import numpy as np
from engine_support import assert_less, assert_paired_less, example_data, scenario

from herz.engine.actions import Action
from herz.engine.simulate import simulate

RUNS = 200


def _suspicion(res, step: int | None = None):  # type: ignore[no-untyped-def]
    """Mean belief of each side that the other is greedy, per kept run."""
    b = res.series["belief"][:, -1 if step is None else step]
    n = b.shape[-1]
    return b[:, ~np.eye(n, dtype=bool)].mean(axis=1)


def test_security_seekers_spiral_arms_and_suspicion_rise() -> None:
    res = simulate(scenario("spiral"), runs=RUNS, steps=20, rng=1, keep=RUNS)
    arms = res.series["arms"].sum(axis=2)
    assert_less(arms[:, 0], arms[:, 10])
    assert_less(_suspicion(res, 0), _suspicion(res, 10))
    assert not res.greedy.any()  # nobody is greedy: the spiral is nobody's intent


def test_empathy_eases_the_spiral() -> None:
    low = simulate(scenario("spiral"), runs=RUNS, steps=15, rng=2, keep=RUNS)
    high = simulate(
        scenario("spiral", "actors.Blue.empathy=0.9", "actors.Red.empathy=0.9"),
        runs=RUNS,
        steps=15,
        rng=2,
        keep=RUNS,
    )
    assert_less(_suspicion(high), _suspicion(low))
    assert_less(high.series["arms"][:, 10].sum(axis=1), low.series["arms"][:, 10].sum(axis=1))


def test_jervis_four_worlds_come_out_in_order() -> None:
    """Doubly dangerous > offence-dominant but legible > defence-dominant > doubly stable,
    measured by the spiral index (rise in suspicion plus log growth of arms)."""
    worlds = [(0.8, 0.2), (0.8, 0.9), (0.2, 0.2), (0.2, 0.9)]
    spirals = [
        simulate(
            scenario(
                "four_worlds", f"world.offense_dominance={o}", f"world.distinguishability={d}"
            ),
            runs=RUNS,
            steps=25,
            rng=3,
        ).outcomes["spiral"]
        for o, d in worlds
    ]
    for worse, better in zip(spirals, spirals[1:], strict=False):
        assert_less(better, worse)


def test_unilateral_concession_to_a_greedy_rival_invites_exploitation() -> None:
    """The other horn (brief, mechanism 10): a Dove that gives up its offensive forces and cuts
    its defence pays a greedy Hawk more, in concessions to its demands and lost wars, than the
    same Dove keeping its forces (paired by seed: the worlds differ only in the cuts)."""
    conceding = simulate(scenario("concession"), runs=RUNS, steps=30, rng=4, keep=RUNS)
    holding = simulate(
        scenario("concession", "timeline.0.amount=0", "timeline.1.amount=0"),
        runs=RUNS, steps=30, rng=4, keep=RUNS,
    )
    dove = conceding.actors.index("Dove")
    assert_paired_less(conceding.series["gdp"][:, -1, dove], holding.series["gdp"][:, -1, dove])


def test_monitoring_eases_the_spiral_among_security_seekers() -> None:
    watched = simulate(scenario("monitoring"), runs=RUNS, steps=25, rng=5, keep=RUNS)
    blind = simulate(
        scenario("monitoring", "agreements.0.monitoring=0"), runs=RUNS, steps=25, rng=5, keep=RUNS
    )
    assert_less(_suspicion(watched), _suspicion(blind))
    assert_less(watched.outcomes["spiral"], blind.outcomes["spiral"])


def test_monitoring_exposes_a_greedy_cheater() -> None:
    def caught(res):  # type: ignore[no-untyped-def]
        ev = res.events  # a detection is logged as the cheater's act, the detector its target
        hits = (ev["code"] == Action.DETECTED_CHEATING) & (ev["actor"] == 1)
        return np.isin(np.arange(res.n_runs), ev["run"][hits])

    greedy = simulate(
        scenario("monitoring", "actors.Red.motive=greedy"), runs=RUNS, steps=25, rng=6, keep=RUNS
    )
    honest = simulate(scenario("monitoring"), runs=RUNS, steps=25, rng=6, keep=RUNS)
    assert_less(caught(honest), caught(greedy))
    assert not caught(honest).any()
    # Blue sees through Red sooner than Red comes to suspect Blue.
    assert_less(greedy.series["belief"][:, 10, 1, 0], greedy.series["belief"][:, 10, 0, 1])


def test_trust_lost_takes_longer_to_rebuild_than_to_lose() -> None:
    """A security-seeker cheats once (scripted) under monitoring: count the steps its partner's
    belief takes to rise past the midpoint, and then to fall back below it."""
    data = example_data("monitoring")
    data["timeline"] = [{"step": 5, "actor": "Red", "action": "cheat", "agreement": "treaty"}]
    from herz.engine.scenario import parse_scenario

    res = simulate(parse_scenario(data), runs=RUNS, steps=60, rng=7, keep=RUNS)
    b = res.series["belief"][:, :, 0, 1]
    before = b[:, 5]
    peak = b[:, 5:].argmax(axis=1) + 5
    lose = peak - 5
    regain = np.array(
        [
            next((t for t in range(p, b.shape[1]) if b[r, t] <= before[r] + 0.1), b.shape[1]) - p
            for r, p in enumerate(peak)
        ]
    )
    assert_less(lose, regain)


def test_hotline_lowers_the_rate_at_which_incidents_become_wars() -> None:
    with_line = simulate(scenario("hotline"), runs=RUNS, steps=30, rng=8)
    without = simulate(scenario("hotline", hotlines=[]), runs=RUNS, steps=30, rng=8)

    def war_per_incident(res):  # type: ignore[no-untyped-def]
        wars = res.outcomes["wars_preemptive"]
        return wars / np.maximum(res.outcomes["incidents"], 1)

    assert_less(war_per_incident(with_line), war_per_incident(without))


def test_caught_bogus_reasons_make_later_statements_count_less() -> None:
    """A greedy Red keeps explaining its arming with bogus reasons. Statements never found out
    lower Blue's suspicion. Where they are exposed, two worlds with the same seeds and exposure
    rate differ only in the credibility an exposure costs: where it costs credibility, Red's
    later statements excuse less of its arming, so Blue's suspicion of Red ends higher."""
    kept = simulate(scenario("bogus_explanation", "world.credibility_loss=0"), runs=RUNS,
                    steps=15, rng=9, keep=RUNS)
    lost = simulate(scenario("bogus_explanation", "world.credibility_loss=0.9"), runs=RUNS,
                    steps=15, rng=9, keep=RUNS)
    never_exposed = simulate(scenario("bogus_explanation", "world.bogus_exposure=0"),
                             runs=RUNS, steps=15, rng=9, keep=RUNS)
    silent = simulate(scenario("bogus_explanation", "actors.Red.candor=0"), runs=RUNS,
                      steps=15, rng=9, keep=RUNS)
    def suspicion(res):  # type: ignore[no-untyped-def]
        b = res.series["belief"][:, 10, 0, 1]  # Blue's belief that Red is greedy, in log-odds
        return np.log(b) - np.log1p(-b)

    # Statements never found out lower suspicion of the greedy speaker ...
    assert_less(suspicion(never_exposed), suspicion(silent))
    # ... and once exposure costs credibility, later ones lower it less (paired by seed:
    # the two worlds differ only in the credibility lost).
    assert_paired_less(suspicion(kept), suspicion(lost))


def test_adverse_power_shift_raises_preventive_war_and_reassurance_lowers_it() -> None:
    shift = simulate(scenario("preventive_war"), runs=RUNS, steps=20, rng=10)
    steady = simulate(scenario("preventive_war", timeline=[]), runs=RUNS, steps=20, rng=10)
    data = example_data("preventive_war")
    # Honest explanations from Red around the enlargement (a concession would not do: Red's
    # rule re-arms at once, and re-arming after a concession reneges on it).
    data["timeline"] += [
        {"step": s, "actor": "Red", "action": "statement", "target": "Blue", "honest": True}
        for s in range(8, 14)
    ]
    data["actors"][1]["candor"] = 1.0
    from herz.engine.scenario import parse_scenario

    reassured = simulate(parse_scenario(data), runs=RUNS, steps=20, rng=10)
    prev = "wars_preventive"
    assert_less(steady.outcomes[prev], shift.outcomes[prev])
    assert_less(reassured.outcomes[prev], shift.outcomes[prev])


def test_each_side_says_it_only_reacted() -> None:
    """Each side's log presents its arming as a response to an earlier escalation by the other,
    while the record shows the spiral began with precautions that answered nothing: at step 0
    no actor had escalated, so the first arming of each side cites no cause."""
    res = simulate(scenario("spiral"), runs=50, steps=15, rng=11, keep=50)
    ev = res.events
    arming = ev["code"] == Action.ARM
    for actor, other in ((0, 1), (1, 0)):
        later = arming & (ev["actor"] == actor) & (ev["step"] > 0)
        assert later.sum() > 50
        cites_other = (ev["cause_actor"][later] == other) & (ev["cause_step"][later] >= 0)
        assert cites_other.mean() > 0.95
        # The cited escalation was known when the actor moved: it came earlier.
        assert np.all(ev["cause_step"][later][cites_other] < ev["step"][later][cites_other])
        first = arming & (ev["actor"] == actor) & (ev["step"] == 0)
        assert first.sum() > 0 and np.all(ev["cause_step"][first] == -1)


def test_cheating_is_logged_as_the_cheaters_act() -> None:
    """The rule's cheats (a greedy party once a cap binds) and a scripted cheat are both in the
    log, the scripted one marked so, and every detection follows a logged cheat."""
    res = simulate(scenario("monitoring", "actors.Red.motive=greedy"), runs=RUNS, steps=25,
                   rng=6, keep=RUNS)
    ev = res.events
    cheat = ev["code"] == Action.CHEAT
    assert cheat.any() and not ev["scripted"][cheat].any()
    caught = ev["code"] == Action.DETECTED_CHEATING
    for run, step, actor in zip(ev["run"][caught], ev["step"][caught], ev["actor"][caught],
                                strict=True):
        assert (cheat & (ev["run"] == run) & (ev["actor"] == actor)
                & (ev["step"] <= step)).any()
    data = example_data("monitoring")
    data["timeline"] = [{"step": 5, "actor": "Red", "action": "cheat", "agreement": "treaty"}]
    from herz.engine.scenario import parse_scenario

    ev = simulate(parse_scenario(data), runs=4, steps=8, rng=7, keep=4).events
    scripted = (ev["code"] == Action.CHEAT) & ev["scripted"]
    assert (ev["step"][scripted] == 5).all() and scripted.sum() == 4
