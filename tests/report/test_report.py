"""herz.report: the self-contained HTML report and the two narratives of "who started it"."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pytest

from herz.engine.actions import Action
from herz.engine.scenario import load_scenario
from herz.engine.simulate import SimulationResult, simulate
from herz.examples import example_path
from herz.report import narratives, pick_run, write_report
from herz.report import plots as plots_module
from herz.results import summarize


@pytest.fixture(scope="module")
def result() -> SimulationResult:
    scenario = load_scenario(example_path("spiral"))
    return simulate(scenario, runs=20, steps=40, rng=11, keep=8)


def test_report_is_self_contained(tmp_path: Path, result: SimulationResult) -> None:
    path = write_report(result, summarize(result), tmp_path)
    html = path.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.IGNORECASE)
    assert "<script" not in html.lower()
    assert html.count("data:image/png;base64,") == 5
    for name in ("arms", "belief", "threat", "security", "war_hazard"):
        assert (tmp_path / "plots" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
    assert "How Blue tells it" in html and "How Red tells it" in html
    assert "What happened" in html and "True motives" in html
    assert summarize(result)["scenario_hash"] in html
    assert "seed" in html and "herz version" in html


def test_narratives_of_a_war_run(result: SimulationResult) -> None:
    run, reason = pick_run(result)
    assert 0 <= run < result.kept
    nar = narratives(result)
    assert nar.run == run and nar.reason == reason
    assert set(nar.tellings) == {"Blue", "Red"}
    assert nar.motives == {"Blue": "a security-seeker", "Red": "a security-seeker"}
    told = " ".join(line for lines in nar.tellings.values() for line in lines)
    assert "we armed" in told
    assert "in response to" in told or "as a precaution against" in told
    assert nar.happened[0].startswith("Step ")
    assert nar.first_escalation.startswith("The first escalation came at step ")
    if bool(result.outcomes["war"][run]):
        assert reason == "the first kept run with a war"
        assert nar.outcome.startswith("War broke out at step ")


def test_narratives_without_war(result: SimulationResult) -> None:
    outcomes = dict(result.outcomes)
    outcomes["war"] = np.zeros(result.n_runs, dtype=bool)
    outcomes["spiral"] = np.arange(result.n_runs, dtype=float)
    calm = dataclasses.replace(result, outcomes=outcomes)
    run, reason = pick_run(calm)
    assert run == result.kept - 1 and "largest spiral" in reason
    with pytest.raises(ValueError):
        narratives(result, run=result.kept)


def test_narratives_of_a_quiet_run(result: SimulationResult) -> None:
    """A run whose log holds no escalation: nobody escalated, nobody has a story to tell."""
    ev = {k: np.asarray(v).copy() for k, v in result.events.items()}
    keep = ev["run"] != 0
    ev = {k: v[keep] for k, v in ev.items()}
    extra = {"run": 0, "step": 2, "actor": 0, "target": 1, "code": int(Action.HOTLINE),
             "amount": 1.0, "cause_actor": -1, "cause_step": -1, "scripted": False}
    ev = {k: np.append(v, extra[k]) for k, v in ev.items()}
    quiet = dataclasses.replace(result, events=ev)
    nar = narratives(quiet, run=0)
    assert nar.reason == "the run asked for"
    assert nar.first_escalation == "Nobody escalated in this run."
    assert nar.tellings["Blue"] == ["Step 2: we opened a hotline with Red."]
    assert nar.tellings["Red"] == ["We did nothing worth recording."]
    assert nar.happened == ["Step 2: Blue opened a hotline with Red."]


def test_long_metrics_are_folded(
    tmp_path: Path, result: SimulationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    from herz.report import html as html_module

    monkeypatch.setattr(html_module, "MAX_INLINE", 1)
    html = write_report(result, summarize(result), tmp_path).read_text(encoding="utf-8")
    assert "<details><summary>belief_final (2 entries)</summary>" in html


def test_plot_keeps_the_highest_lines(
    result: SimulationResult, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plots_module, "MAX_LINES", 1)
    fig = plots_module.band_plot(result, "belief", "Beliefs", "P(greedy)")
    assert "1 highest shown" in fig.axes[0].get_title()
    assert plots_module.png_bytes(fig).startswith(b"\x89PNG")



def test_exposures_read_from_the_side_the_engine_logs_them() -> None:
    """The engine logs a detected cheat by the cheater (target: who caught it) and an exposed
    bogus explanation by the state it was told to (target: the speaker;
    tests/engine/test_pipeline.py checks both); the sentences name the culprit right."""
    from herz.engine.actions import Action
    from herz.report.narrative import predicate

    assert predicate(int(Action.DETECTED_CHEATING), "Blue", "its") == "was caught cheating by Blue"
    told = predicate(int(Action.BOGUS_EXPOSED), "Red", "its")
    assert told == "found Red's explanation to be bogus"
