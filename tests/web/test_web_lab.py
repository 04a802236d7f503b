"""The model pages' API: every example and case has a page, levers are checked, and a run gives
one history and the bands over all of its runs."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from herz.cases import case_names
from herz.examples import examples
from herz.web.sections.lab import models, start_here


def test_every_example_and_case_has_a_model_page() -> None:
    names = set(models())
    assert set(examples()) <= names and set(case_names()) <= names
    for name, info in models().items():
        for key in ("title", "summary", "world", "notice", "try", "reading"):
            assert info.get(key), (name, key)
        assert 1 <= len(info.get("levers", [])) <= 6, name
    assert [s["title"] for s in start_here()][0] == "Jervis's game"


@pytest.mark.parametrize("name", ["spiral", "hotline", "cuba-1962"])
def test_model_page_and_answer(client: TestClient, name: str) -> None:
    page = client.get(f"/lab/{name}")
    assert page.status_code == 200
    assert 'id="info"' in page.text and "What to try" in page.text
    answer = client.post(f"/api/lab/{name}", json={"seed": 3}).json()
    steps, actors = answer["steps"], answer["actors"]
    assert len(answer["axis"]["x"]) == steps + 1
    for var in ("security", "arms", "war_hazard"):
        for a in actors:
            assert len(answer["history"][var][a]) == steps + 1
            band = answer["bands"][var][a]
            assert all(lo <= mid <= hi for lo, mid, hi in
                       zip(band["q05"], band["q50"], band["q95"], strict=True))
    assert answer["takeaway"].endswith(".")
    again = client.post(f"/api/lab/{name}", json={"seed": 3}).json()
    assert again["history"] == answer["history"]  # seeded


def test_levers_change_the_answer_and_are_checked(client: TestClient) -> None:
    low = client.post("/api/lab/spiral", json={"values": {"empathy": 0.0}}).json()
    high = client.post("/api/lab/spiral", json={"values": {"empathy": 1.0}}).json()
    assert low["overrides"] == ["actors.Blue.empathy=0.0", "actors.Red.empathy=0.0"]
    assert low["bands"]["arms"] != high["bands"]["arms"]
    bad = client.post("/api/lab/spiral", json={"values": {"empathy": 2.0}})
    assert bad.status_code == 400 and "values.empathy" in bad.json()["error"]
    bad = client.post("/api/lab/spiral", json={"values": {"nonsense": 1.0}})
    assert bad.status_code == 400
    greedy = client.post("/api/lab/spiral", json={"values": {"red_type": "greedy"}})
    assert greedy.status_code == 200
    cf = client.post("/api/lab/cuba-1962", json={"counterfactual": "no-hotline"})
    assert cf.status_code == 200 and cf.json()["counterfactual"] == "no-hotline"
    assert "observed" in cf.json()
    assert client.get("/lab/nonsense").status_code == 404


def test_compare_lists_the_fields_that_differ(client: TestClient) -> None:
    from web_support import wait

    a = client.post("/api/runs", json={"example": "spiral", "runs": 10, "seed": 1}).json()
    b = client.post("/api/runs", json={"example": "spiral", "runs": 10, "seed": 1,
                                       "overrides": ["actors.Blue.empathy=0.9"]}).json()
    wait(client)
    cmp = client.get(f"/api/compare?a={a['id']}&b={b['id']}").json()
    assert cmp["differences"] == [{"path": "actors.Blue.empathy", "a": 0.1, "b": 0.9}]
    for row in cmp["metrics"]:
        di = row["difference_interval"]
        if di is not None and di["low"] is not None:
            assert di["low"] <= di["estimate"] <= di["high"]
    same = client.get(f"/api/compare?a={a['id']}&b={a['id']}").json()
    assert same["differences"] == []
    assert all(r["difference_interval"]["estimate"] == 0 for r in same["metrics"]
               if r["difference_interval"] is not None)


def test_errors_name_the_control_that_caused_them(client: TestClient) -> None:
    bad = client.post("/api/lab/spiral", json={"values": {"empathy": 2.0}}).json()
    assert bad["field"] == "values.empathy"
    seed = client.post("/api/lab/spiral", json={"seed": -1})
    assert seed.status_code == 422 and seed.json()["details"][0]["field"] == "body.seed"
    branch = client.post("/api/lab/cuba-1962", json={"counterfactual": "nope"}).json()
    assert branch["field"] == "counterfactual"


def test_a_scenario_error_from_a_lever_is_put_on_that_lever() -> None:
    from herz.engine.scenario import read_toml
    from herz.errors import HerzInputError
    from herz.examples import example_path
    from herz.web.scenarios import ScenarioInput
    from herz.web.sections.lab import _index_path, _on_lever

    data = read_toml(example_path("spiral"))
    assert _index_path(data, "actors.Red.empathy") == "actors.1.empathy"
    assert _index_path(data, "world.offense_dominance") == "world.offense_dominance"
    info = {"levers": [{"id": "fear", "set": ["actors.Red.empathy"], "min": 0, "max": 9},
                       {"id": "other", "set": ["world.offense_dominance"], "min": 0, "max": 1}]}
    err = HerzInputError("2 is above 1", field="actors.1.empathy", allowed="<= 1")
    moved = _on_lever(err, info, {"fear": 2.0, "other": 0.5}, ScenarioInput(example="spiral"))
    assert moved.field == "values.fear" and "actors.1.empathy" in str(moved)
    elsewhere = HerzInputError("bad", field="steps")
    assert _on_lever(elsewhere, info, {"fear": 2.0}, ScenarioInput(example="spiral")) is elsewhere
