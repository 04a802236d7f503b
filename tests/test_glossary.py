"""herz.glossary: every metric and series explained, year axes of every case, the takeaway."""

from __future__ import annotations

import pytest

from herz.cases import case_names, case_scenario, load_case
from herz.engine.scenario import load_scenario
from herz.engine.simulate import ACTOR_SERIES, PAIR_SERIES, simulate
from herz.examples import example_path
from herz.glossary import METRICS, SERIES, explain, takeaway, time_axis
from herz.results import summarize


def test_every_metric_and_series_is_explained() -> None:
    result = simulate(load_scenario(example_path("spiral")), 5, 5, rng=0, keep=5)
    assert set(summarize(result)["metrics"]) <= set(METRICS)
    assert set(ACTOR_SERIES) | set(PAIR_SERIES) <= set(SERIES)
    for term in [*METRICS.values(), *SERIES.values()]:
        assert term.label and term.meaning.endswith(".") and term.unit
    assert explain("p_war") is METRICS["p_war"] and explain("nonsense") is None


@pytest.mark.parametrize("name", case_names())
def test_year_axis_of_every_case(name: str) -> None:
    scenario = case_scenario(load_case(name))
    axis = time_axis(scenario.start_year, scenario.step_years, scenario.steps)
    assert axis["label"] == "year" and axis["calendar"]
    x = axis["x"]
    assert len(x) == scenario.steps + 1
    assert x[0] == scenario.start_year
    assert all(isinstance(v, int) for v in x)  # whole years, never 1960.0000001
    assert all(b - a == scenario.step_years for a, b in zip(x, x[1:], strict=False))
    assert len(set(x)) == len(x)


def test_axis_without_calendar_counts_steps() -> None:
    axis = time_axis(None, 1.0, 3)
    assert axis == {**axis, "label": "step", "x": [0, 1, 2, 3], "calendar": False}
    half = time_axis(2000, 0.5, 2)
    assert half["x"] == [2000.0, 2000.5, 2001.0] and not half["integer"]


def test_takeaway_states_the_spirals_lesson() -> None:
    result = simulate(load_scenario(example_path("spiral")), 40, rng=0, keep=5)
    text = takeaway(result)
    assert text.startswith("Both states end less secure than they started: Blue 0.")
    assert "->" in text and "runs" in text
    assert summarize(result)["takeaway"] == text
