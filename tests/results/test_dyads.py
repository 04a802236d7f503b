"""dyads.parquet: per step and unordered pair, the share of all runs with each event."""

from __future__ import annotations

import numpy as np
import pytest

from herz.cases import actor_codes, case_scenario, load_case
from herz.engine.actions import Action
from herz.engine.events import MID_LEVELS, hostility_levels
from herz.engine.simulate import DYAD_SERIES, dyad_pairs, simulate
from herz.results.dyads import dyads_table
from herz.results.tables import read_table
from herz.results.write import write_outputs


@pytest.fixture(scope="module")
def pre_1914():
    return simulate(case_scenario(load_case("pre-1914")), 60, rng=5, keep=60)


def test_dyads_count_every_run_not_only_the_kept_ones() -> None:
    sc = case_scenario(load_case("pre-1914"))
    few = simulate(sc, 60, rng=5, keep=2)
    many = simulate(sc, 60, rng=5, keep=60)
    for var in DYAD_SERIES:
        np.testing.assert_allclose(few.dyads[var], many.dyads[var])


def test_dyads_agree_with_the_event_log(pre_1914) -> None:
    """With every run kept, the shares are the event log's counts per pair and step."""
    res = pre_1914
    ev = res.events
    ii, jj = dyad_pairs(len(res.actors))
    for var, code in (("incident", Action.INCIDENT), ("crisis", Action.CRISIS),
                      ("demand", Action.COERCE)):
        got = res.dyads[var]
        want = np.zeros_like(got)
        pick = ev["code"] == int(code)
        for t in range(res.steps):
            for p, (i, j) in enumerate(zip(ii, jj, strict=True)):
                hit = pick & (ev["step"] == t) & (
                    ((ev["actor"] == i) & (ev["target"] == j))
                    | ((ev["actor"] == j) & (ev["target"] == i)))
                want[t, p] = len(np.unique(ev["run"][hit])) / res.n_runs
        np.testing.assert_allclose(got, want, err_msg=var)


def test_scripted_acts_count_in_all_levels_not_in_the_models_own(pre_1914) -> None:
    res = pre_1914
    names = list(res.actors)
    ii, jj = dyad_pairs(len(names))
    pair = [p for p, (i, j) in enumerate(zip(ii, jj, strict=True))
            if {names[i], names[j]} == {"Germany", "Russia"}][0]
    assert res.dyads["hostlev_2"][1, pair] == 1.0  # the Bosnian note, 1909, in every run
    assert res.dyads["own_hostlev_2"][1, pair] < 1.0
    assert (res.dyads["own_hostlev_2"] <= res.dyads["hostlev_2"] + 1e-12).all()
    for k in (3, 4, 5):
        assert (res.dyads[f"hostlev_{k}"] <= res.dyads[f"hostlev_{k - 1}"] + 1e-12).all()
    assert (res.dyads["war_hazard"] >= 0).all() and (res.dyads["war_hazard"] <= 1).all()


def test_hostility_levels_follow_the_mid_scale() -> None:
    z = np.zeros((1, 2, 2), dtype=bool)
    one = z.copy()
    one[0, 0, 1] = True
    assert hostility_levels(one, z, z, z, z)[0, 1, 0] == MID_LEVELS["demand"] == 2
    assert hostility_levels(one, one, z, one, z)[0, 1, 0] == 4
    assert hostility_levels(z, z, z, z, one)[0, 0, 1] == 5
    assert hostility_levels(z, z, z, z, z).max() == 0


def test_dyads_table_joins_to_data(pre_1914, tmp_path) -> None:
    codes = {a: c.ccode for a, c in actor_codes(load_case("pre-1914")).items()}
    table = dyads_table(pre_1914, codes)
    assert len(table["step"]) == pre_1914.steps * 10
    assert set(table["year"]) == set(range(1908, 1914))
    row = (table["actor"] == "Russia") & (table["other"] == "Germany")
    assert set(table["ccode1"][row]) == {"365"} and set(table["ccode2"][row]) == {"255"}
    write_outputs(pre_1914, tmp_path / "out")
    back = read_table(tmp_path / "out" / "dyads.parquet")
    assert {"step", "year", "p_crisis", "p_own_hostlev_2", "war_hazard", "n_runs"} <= set(back)
