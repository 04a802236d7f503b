"""The audit API in-process: options, a full audit equal to the library's, files, limits, errors."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from web_support import small_settings

from herz.audit import Purpose, audit
from herz.audit.report import OUTPUTS, to_dict
from herz.web import create_app
from herz.web.sections.audit import AuditFile

POLICY = [{"step": 2, "action": "arm", "force_class": "conventional_offensive", "amount": 3}]
BODY: dict[str, Any] = {"example": "spiral", "actor": "Blue", "policy": POLICY, "horizon": 12,
                        "runs": 16, "seed": 3, "max_rules": 1}


def finish(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    resp = client.post("/api/audits", json=body)
    assert resp.status_code == 202, resp.text
    info = resp.json()
    assert info["status"] in ("queued", "running", "done")
    client.app.state.herz.tasks.wait(timeout=120)  # type: ignore[attr-defined]
    done = client.get(f"/api/audits/{info['id']}").json()
    assert done["status"] == "done", done
    return done


def test_files_literal_matches_the_report() -> None:
    assert AuditFile.__args__ == OUTPUTS


def test_options_are_built_from_the_scenario(client: TestClient) -> None:
    opts = client.get("/api/audit/options", params={"example": "spiral"}).json()
    assert opts["actors"] == ["Blue", "Red"]
    assert "arm" in opts["repertoire"] and "conventional_offensive" in opts["force_classes"]
    case = client.get("/api/audit/options", params={"case": "iran"}).json()
    assert "Iran" in case["actors"] and case["start_year"] == 2002
    bad = client.get("/api/audit/options", params={"example": "nope"})
    assert bad.status_code == 400 and "spiral" in bad.json()["allowed"]
    none = client.get("/api/audit/options")
    assert none.status_code == 400 and "exactly one" in none.json()["allowed"]


def test_audit_gives_the_libraries_numbers_and_files(client: TestClient) -> None:
    done = finish(client, BODY)
    expected = to_dict(audit("spiral", "Blue", POLICY, 12, Purpose(), runs=16, rng=3,
                             max_rules=1))
    # the same seed, the same numbers as the library (and so as `herz audit --json`)
    assert done["result"] == json.loads(json.dumps(expected, allow_nan=False))
    assert done["result"]["inputs"]["seed"] == 3
    assert done["request"]["versions"] == 2 + len(expected["variants"])
    for name, href in done["files"].items():
        resp = client.get(href)
        assert resp.status_code == 200 and resp.content, name
    assert json.loads(client.get(done["files"]["audit.json"]).text) == done["result"]
    assert client.get(done["files"]["audit.html"]).text.startswith("<!DOCTYPE html>")
    listed = client.get("/api/audits").json()
    assert [a["id"] for a in listed] == [done["id"]]
    assert client.get(done["page"]).status_code == 200
    assert client.get("/audit").status_code == 200
    assert client.delete(f"/api/audits/{done['id']}").json() == {"deleted": done["id"]}
    assert client.get(f"/api/audits/{done['id']}").status_code == 404


def test_audit_of_a_case_with_a_rival_and_no_variants(client: TestClient) -> None:
    body = {"case": "ukraine", "actor": "United States", "rival": "Russia", "runs": 8,
            "horizon": 5, "variants": False, "seed": 1,
            "policy": [{"step": 1, "action": "alert", "amount": 0.5}]}
    opts = client.get("/api/audit/options", params={"case": "ukraine"}).json()
    if "Russia" not in opts["actors"] or "United States" not in opts["actors"]:
        body["actor"], body["rival"] = opts["actors"][0], opts["actors"][1]
    done = finish(client, body)
    assert done["result"]["variants"] == [] and done["request"]["versions"] == 2
    assert done["result"]["inputs"]["purpose"]["rival"] == body["rival"]


def test_bad_audits_are_one_line_json_errors(client: TestClient) -> None:
    cases = [
        ({"actor": "Nobody"}, 400, "actor"),
        ({"rival": "Blue"}, 400, "rival"),
        ({"rival": "Nobody"}, 400, "rival"),
        ({"policy": [{"step": 2, "action": "fly"}]}, 400, "policy.0.action"),
        ({"policy": [{"step": 50, "action": "alert"}]}, 400, "policy.0.step"),
        ({"policy": [{"step": 2, "action": "arm"}]}, 400, "policy.0.force_class"),
        ({"policy": []}, 422, "policy"),
        ({"runs": 1}, 422, "runs"),
        ({"runs": 500}, 400, "runs"),  # over the server's max_runs of 200
        ({"horizon": 100}, 400, "steps"),  # over the server's max_steps of 60
        ({"example": None, "toml": "name = 'x'\nsteps = 0\n"}, 400, "steps"),
        ({"example": None}, 400, "scenario source"),
        ({"counterfactuals": ["no-arms"]}, 400, "counterfactuals"),
        ({"case": "nope", "example": None}, 400, "case"),
        ({"bogus": 1}, 422, "bogus"),
    ]
    for change, status, field in cases:
        resp = client.post("/api/audits", json={**BODY, **change})
        assert resp.status_code == status, (change, resp.text)
        body = resp.json()
        assert field in (body.get("field") or body["error"]), (change, body)
        assert "\n" not in body["error"]
    assert client.get("/api/audits").json() == []
    assert client.get("/api/audits/" + "0" * 32).status_code == 404
    assert client.get("/api/audits/../../etc").status_code == 404
    assert client.get("/api/audits/xyz/files/audit.md").status_code == 422


def test_the_cost_of_an_audit_is_capped(tmp_path: Path) -> None:
    app = create_app(small_settings(tmp_path / "d", max_work=50_000))
    with TestClient(app) as client:
        resp = client.post("/api/audits", json={**BODY, "runs": 100, "max_rules": 2})
        assert resp.status_code == 400
        assert "versions x runs x horizon" in resp.json()["error"]
        ok = client.post("/api/audits", json={**BODY, "runs": 100, "variants": False})
        assert ok.status_code == 202
        app.state.herz.tasks.wait(timeout=60)
