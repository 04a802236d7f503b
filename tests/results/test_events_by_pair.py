"""War and crisis counts by ordered pair in the summary, over the kept runs."""

from __future__ import annotations

import numpy as np

from herz.engine.actions import WAR_KINDS, Action
from herz.engine.scenario import load_scenario
from herz.engine.simulate import simulate
from herz.examples import example_path
from herz.results import summarize


def test_counts_match_the_event_log() -> None:
    res = simulate(load_scenario(example_path("spiral")), 30, 30, rng=0, keep=10)
    pairs = summarize(res)["events_by_pair"]
    assert pairs["kept_runs"] == 10 and "kept runs" in pairs["over"]
    code = np.asarray(res.events["code"])
    assert np.asarray(res.events["run"]).max(initial=0) < 10  # the log holds kept runs only
    wars = np.isin(code, [int(c) for c in WAR_KINDS])
    assert sum(pairs["wars"].values()) == int(wars.sum())
    assert sum(pairs["crises"].values()) == int((code == int(Action.CRISIS)).sum())
    for kind, counts in pairs["wars_by_kind"].items():
        for label, k in counts.items():
            assert pairs["wars"][label] >= k, (kind, label)
    assert sum(pairs["wars"].values()) > 0  # the spiral fights within 30 steps
    assert all("->" in label for label in pairs["wars"])


def test_no_events_gives_empty_counts() -> None:
    res = simulate(load_scenario(example_path("spiral")), 2, 1, rng=0, keep=1)
    pairs = summarize(res)["events_by_pair"]
    assert pairs["wars"] == {} and pairs["crises"] == {}
