"""The formal models' pages say what their plots show: Richardson's yearly map is named from
its eigenvalues, Kydd's plot shows the statistic its table reports, and the signal-cost slider
spends its positions where the cost matters."""

from __future__ import annotations

import numpy as np
from fastapi.testclient import TestClient

from herz.web.sections.kydd import ReassuranceInput


def test_richardson_names_a_zigzag_as_one(client: TestClient) -> None:
    # stable differential equations (ab > kl), yearly map with an eigenvalue of I + A at -0.7
    r = client.post("/api/models/richardson",
                    json={"k": 0.5, "l": 0.5, "a": 1.2, "b": 1.2, "g": 1, "h": 1}).json()
    assert r["regime"] == "stable_balance"
    assert r["discrete_dynamics"] == "oscillating_convergence"
    assert np.allclose(sorted(r["discrete_eigenvalues"]), [-0.7, 0.3])  # 1 - 1.2 ± 0.5
    smooth = client.post("/api/models/richardson",
                         json={"k": 0.2, "l": 0.2, "a": 0.5, "b": 0.5}).json()
    assert smooth["discrete_dynamics"] == "monotone_convergence"


def test_kydd_plot_and_table_report_the_same_statistic(client: TestClient) -> None:
    body = {"rounds": 30, "noise": 0.2, "accuracy": 0.5, "n_runs": 400, "seed": 1,
            "q1": 0.7, "q2": 0.7}
    s = client.post("/api/models/kydd/spiral", json=body).json()
    below = np.array(s["share_below_trust"])
    assert len(below) == body["rounds"]
    assert below[-1] == s["share_locked_in"]  # the dashed line ends at the table's number
    # the weaker belief's median is below the minimum trust exactly when most runs are locked in
    median = np.array(s["weaker_belief"]["q50"])[:-1]
    margin = 1 / body["n_runs"]
    decided = np.abs(below - 0.5) > margin
    assert decided.sum() >= 10
    assert np.all((median[decided] < s["minimum_trust"]) == (below[decided] > 0.5))
    # and the two beliefs' own medians can both sit above the line while most runs are locked
    # in: the contradiction the weaker belief removes
    b1, b2 = np.array(s["belief_1_in_2"]["q50"])[:-1], np.array(s["belief_2_in_1"]["q50"])[:-1]
    assert np.all(np.minimum(b1, b2) >= median - 1e-12)


def test_kydd_cost_and_gains_use_a_log_slider() -> None:
    props = ReassuranceInput.model_json_schema()["properties"]
    for name in ("cost", "gain_secure", "gain_greedy"):
        assert props[name]["x-scale"] == "log" and 0 < props[name]["x-min"] < 0.1
