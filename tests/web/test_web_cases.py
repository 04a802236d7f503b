"""The cases API in-process: the library's cases, their timelines and spending, factual against
counterfactual runs compared with the same seed."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from web_support import small_settings, wait

from herz.cases import case_names, load_case, observed_spending
from herz.web import create_app


def test_cases_list_and_gallery(client: TestClient) -> None:
    listed = client.get("/api/cases").json()
    assert [c["name"] for c in listed] == case_names()
    assert all(c["question"] for c in listed)
    cards = [g for g in client.get("/api/gallery").json() if g["kind"] == "case"]
    assert [g["name"] for g in cards] == case_names()
    page = client.get("/cases")
    assert page.status_code == 200 and all(n in page.text for n in case_names())


def test_case_detail_is_the_librarys_data(client: TestClient) -> None:
    name = case_names()[0]
    case = load_case(name)
    detail = client.get(f"/api/cases/{name}").json()
    assert len(detail["timeline"]) == len(case.data["timeline"])
    assert [e["action"] for e in detail["timeline"]] == [e["action"] for e in case.data["timeline"]]
    observed = observed_spending(case)
    for actor, series in detail["observed"]["spending"].items():
        assert dict(zip(series["year"], series["value"], strict=True)) == observed[actor]
    page = client.get(f"/cases/{name}")
    assert page.status_code == 200 and case.meta.title.split(",")[0] in page.text
    missing = client.get("/api/cases/nope")
    assert missing.status_code == 404 and name in missing.json()["error"]
    assert client.get("/cases/nope").status_code == 404


def _branched() -> str:
    """The first case with a counterfactual branch."""
    return next(n for n in case_names() if load_case(n).meta.counterfactuals)


def test_factual_against_counterfactual(client: TestClient) -> None:
    name = _branched()
    cf = load_case(name).meta.counterfactuals[0].name
    resp = client.post(f"/api/cases/{name}/compare",
                       json={"counterfactual": cf, "runs": 10, "seed": 7, "keep": 3})
    assert resp.status_code == 202, resp.text
    out = resp.json()
    a, b = out["factual"]["id"], out["counterfactual"]["id"]
    assert out["compare"] == f"/compare?a={a}&b={b}"
    assert client.get(out["compare"]).status_code == 200  # lists the runs while they work
    wait(client)
    cmp = client.get(f"/api/compare?a={a}&b={b}").json()
    assert cmp["same_seed"] and cmp["a"]["seed"] == 7 and not cmp["same_scenario"]
    assert {r["metric"] for r in cmp["metrics"]} >= {"p_war"}
    # named factual and counterfactual wherever they are listed
    assert cmp["a"]["label"].endswith("seed 7 · factual")
    assert cmp["b"]["label"].endswith(f"seed 7 · counterfactual {cf}")
    assert cmp["a"]["tags"] == {"case": name, "branch": "factual"}
    listing = client.get("/runs").text
    assert "· factual" in listing and f"· counterfactual {cf}" in listing


def test_bad_case_runs(client: TestClient) -> None:
    name = _branched()
    bad = client.post(f"/api/cases/{name}/compare", json={"counterfactual": "nope"})
    assert bad.status_code == 400 and bad.json()["field"] == "counterfactual"
    cf = load_case(name).meta.counterfactuals[0].name
    over = client.post(f"/api/cases/{name}/compare", json={"counterfactual": cf, "runs": 10_000})
    assert over.status_code == 400 and over.json()["field"] == "runs"
    extra = client.post(f"/api/cases/{name}/compare", json={"counterfactual": cf, "x": 1})
    assert extra.status_code == 422
    assert client.post("/api/cases/nope/compare", json={"counterfactual": cf}).status_code == 404
    assert client.get("/api/runs").json() == []


def test_the_queue_limit_counts_both_runs(tmp_path: Path) -> None:
    app = create_app(small_settings(tmp_path / "d", max_queue=1))
    name = _branched()
    cf = load_case(name).meta.counterfactuals[0].name
    with TestClient(app) as client:
        resp = client.post(f"/api/cases/{name}/compare", json={"counterfactual": cf, "runs": 5})
        assert resp.status_code == 429 and "error" in resp.json()
