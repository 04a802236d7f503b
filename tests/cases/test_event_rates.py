"""Global event rates fitted on the record up to 1993 (the backtest issue, step 4).

Kinds: regression (the recorded fit is reproduced from its seed), behavioural (the fitted cases
beat the pooled base rate and time disputes within pairs better than chance, with bootstrap
intervals), bookkeeping (train and test are apart by year; every case uses the fitted rates).
"""

from __future__ import annotations

import pytest

from herz.cases import case_names, case_scenario, load_case
from herz.cases.backtest import PACKAGED, backtest, read_disputes
from herz.cases.event_rates import (
    PARAMETERS,
    TRAINING,
    recorded_event_rates,
    score_event_rates,
)
from herz.errors import HerzInputError

RECORD = recorded_event_rates()


def test_the_recorded_score_is_reproduced_from_its_seed() -> None:
    score, pooled, _ = score_event_rates(dict(RECORD["values"]), RECORD["runs"], RECORD["seed"])
    assert score == pytest.approx(RECORD["score"], rel=1e-5)
    assert pooled["brier"] == pytest.approx(RECORD["pooled"]["brier"], rel=1e-5)


def test_the_fit_beats_the_pooled_base_rate_and_times_disputes() -> None:
    """In sample, on the training dyad-years: Brier skill above 0 against the pooled base rate
    with its whole 95% bootstrap interval, and the AUC within pairs over time above 0.5."""
    pooled = RECORD["pooled"]
    assert RECORD["score"] < RECORD["score_prior"]
    assert pooled["skill_vs_base_rate"] > 0
    assert pooled["intervals_95"]["skill_vs_base_rate"][0] > 0
    assert pooled["auc_within_pairs"] > 0.5


@pytest.mark.parametrize("name", TRAINING)
def test_each_training_case_beats_its_base_rate(name: str) -> None:
    """Per case, re-scored from the recorded seed: Brier skill above 0 against the case's own
    base rate of dispute onsets (the bootstrap intervals, reported by ``herz case backtest``,
    are wide: a few dozen dyad-years each). The timing of disputes within pairs is checked
    pooled (above): cold-war-1976's own is at chance."""
    bt = backtest(load_case(name), read_disputes(PACKAGED), runs=RECORD["runs"],
                  seed=RECORD["seed"], bootstrap=0)
    assert bt.scores["skill_vs_base_rate"] > 0
    assert bt.scores["skill_vs_base_rate"] == pytest.approx(
        RECORD["cases"][name]["level_2"]["skill_vs_base_rate"], abs=1e-5)


def test_the_fit_needs_the_militarization_of_incidents() -> None:
    """Switching the militarization intensity off (elasticity 0) at the other fitted values
    scores worse: one incident rate for every pair cannot fit both the pre-1914 pairs (5% of
    dyad-years with an onset) and the superpowers (73% in 1960-1974, 88% in 1976-1983)."""
    on = dict(RECORD["values"])
    off = on | {"world.incident_militarization": 0.0}
    score_on = score_event_rates(on, RECORD["runs"], RECORD["seed"])[0]
    score_off = score_event_rates(off, RECORD["runs"], RECORD["seed"])[0]
    assert score_off > score_on + 0.002


def test_training_and_test_cases_are_apart_by_year() -> None:
    """The fit scores only dyad-years up to 1993; post-1993 cases are refused by the backtest."""
    record = read_disputes(PACKAGED)
    for name in TRAINING:
        assert backtest(load_case(name), record, runs=2, bootstrap=0).years[1] <= 1993
    for name in ("nato-russia", "ukraine", "iran", "us-china"):
        with pytest.raises(HerzInputError, match="out of sample"):
            backtest(load_case(name), record, runs=2, bootstrap=0)


def test_every_case_uses_the_fitted_rates() -> None:
    for name in case_names():
        world = case_scenario(load_case(name)).world
        for path, lo, hi in PARAMETERS:
            field = path.split(".")[1]
            assert getattr(world, field) == RECORD["values"][path], (name, field)
            assert lo <= RECORD["values"][path] <= hi
