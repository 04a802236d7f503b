"""The JSON API in-process (FastAPI's TestClient): scenarios, runs, downloads, limits, errors."""

from __future__ import annotations

import csv
import io
import json
import math
import tempfile
import threading
import tomllib
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from fastapi.testclient import TestClient
from web_support import small_settings, wait

import herz
from herz.engine.scenario import Scenario, load_scenario, parse_scenario, scenario_hash
from herz.engine.simulate import ACTOR_SERIES, PAIR_SERIES, simulate
from herz.examples import example_path, examples
from herz.results import read_parquet, summarize
from herz.web import create_app
from herz.web.sections.runs import FileName, Variable
from herz.web.store import FILES, RunStore

SMALL = {"runs": 12, "steps": 8, "keep": 4}


def start(client: TestClient, **body: object) -> dict[str, object]:
    resp = client.post("/api/runs", json={**SMALL, **body})
    assert resp.status_code == 202, resp.text
    info = resp.json()
    assert info["status"] in ("queued", "running", "done")
    wait(client)
    done = client.get(f"/api/runs/{info['id']}").json()
    assert done["status"] == "done", done
    return done


def test_literals_match_engine_and_store() -> None:
    assert Variable.__args__ == ACTOR_SERIES + PAIR_SERIES
    assert FileName.__args__ == tuple(FILES)


def test_health_limits_gallery_examples(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "herz_version": herz.__version__}
    assert client.get("/api/limits").json()["max_runs"] == 200
    gallery = client.get("/api/gallery").json()
    assert [g["name"] for g in gallery if g["kind"] == "example"] == examples()
    assert {g["name"] for g in gallery if g["kind"] == "model"} == {"richardson", "jervis", "kydd"}
    assert all(g["summary"] for g in gallery)
    listed = client.get("/api/examples").json()
    assert [e["name"] for e in listed] == examples()
    one = client.get("/api/examples/spiral").json()
    assert one["toml"] == example_path("spiral").read_text(encoding="utf-8")
    assert one["scenario"] == load_scenario(example_path("spiral")).model_dump(mode="json")
    missing = client.get("/api/examples/nope")
    assert missing.status_code == 404 and "spiral" in missing.json()["error"]


def test_schema_is_the_scenario_schema(client: TestClient) -> None:
    assert client.get("/api/scenario/schema").json() == Scenario.model_json_schema()
    spec = client.get("/openapi.json").json()
    assert "/api/runs" in spec["paths"] and "/api/models/richardson" in spec["paths"]


def test_validate_toml_and_json(client: TestClient) -> None:
    text = example_path("hotline").read_text(encoding="utf-8")
    res = client.post("/api/scenario/validate", json={"toml": text}).json()
    assert res["valid"] and res["error"] is None
    expected = load_scenario(example_path("hotline"))
    assert res["hash"] == scenario_hash(expected)
    # the TOML it gives back reads as the same scenario; so does the data given as JSON
    assert scenario_hash(parse_scenario(tomllib.loads(res["toml"]))) == res["hash"]
    again = client.post("/api/scenario/validate", json={"scenario": res["data"]}).json()
    assert again["valid"] and again["hash"] == res["hash"]
    # overrides as on the command line
    over = client.post("/api/scenario/validate",
                       json={"example": "spiral", "overrides": ["actors.Blue.empathy=0.9"]}).json()
    assert over["scenario"]["actors"][0]["empathy"] == 0.9


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"toml": "name = 'x'\n[[actors]]\nname='A'\ngdp=1\n"}, "actors", "at least 2"),
    ({"toml": "steps = [unclosed"}, None, "not valid TOML"),
    ({"example": "spiral", "overrides": ["world.misread=7"]}, "world.misread", ""),
    ({"example": "spiral", "overrides": ["actors.Blue.policy='os:system'"]},
     "actors.0.policy", "not available on the web"),
    ({"example": "spiral", "overrides": ["start_year=nan"]}, "start_year", "finite"),
    ({"example": "spiral", "toml": "x = 1"}, "scenario source", "2 scenario sources"),
    ({"example": "nope"}, "example", "no example"),
])
def test_validate_errors_name_the_field(client: TestClient, body: dict[str, object],
                                        field: str | None, words: str) -> None:
    res = client.post("/api/scenario/validate", json=body)
    assert res.status_code == 200
    out = res.json()
    assert not out["valid"] and words in out["error"] and "\n" not in out["error"]
    assert out["field"] == field
    # the same input refused as a run: 400 with the same one-line message, nothing saved
    run = client.post("/api/runs", json={**body, **SMALL})
    assert run.status_code == 400 and run.json()["error"] == out["error"]
    assert client.get("/api/runs").json() == []


def test_run_matches_the_engine_and_records_its_inputs(client: TestClient) -> None:
    """Kind: seed-pinned -- a run made on the web gives the numbers of simulate + summarize."""
    info = start(client, example="spiral", seed=7)
    summary = info["summary"]
    assert isinstance(summary, dict)
    scenario = load_scenario(example_path("spiral"))
    direct = summarize(simulate(scenario, 12, 8, rng=7, keep=4))
    assert json.loads(json.dumps(direct)) == summary
    assert summary["seed"] == 7 and summary["herz_version"] == herz.__version__
    assert info["seed"] == 7 and info["scenario_hash"] == scenario_hash(scenario)
    assert info["progress"] == 1.0 and info["actors"] == ["Blue", "Red"]
    listed = client.get("/api/runs").json()
    assert [r["id"] for r in listed] == [info["id"]] and "summary" not in listed[0]


def test_trajectories_are_ordered_bands(client: TestClient) -> None:
    info = start(client, example="preventive_war", seed=1)
    arms = client.get(f"/api/runs/{info['id']}/trajectories/arms").json()
    assert not arms["pair"] and [s["actor"] for s in arms["series"]] == info["actors"]
    for s in arms["series"]:
        assert s["step"] == list(range(SMALL["steps"] + 1))
        q = np.array([s["q05"], s["q50"], s["q95"]])
        assert np.all(q[0] <= q[1] + 1e-12) and np.all(q[1] <= q[2] + 1e-12)
    belief = client.get(f"/api/runs/{info['id']}/trajectories/belief",
                        params={"actor": info["actors"][0]}).json()
    assert belief["pair"] and {s["actor"] for s in belief["series"]} == {info["actors"][0]}
    assert len(belief["series"]) == len(info["actors"]) - 1
    bad = client.get(f"/api/runs/{info['id']}/trajectories/arms", params={"actor": "Nobody"})
    assert bad.status_code == 404 and "Nobody" in bad.json()["error"]


def test_saved_bands_are_over_all_runs_not_the_kept_ones(client: TestClient) -> None:
    # 40 runs, 4 kept: the saved bands are the quantiles of all 40 histories
    info = start(client, example="spiral", seed=3, runs=40, keep=4)
    traj = client.get(f"/api/runs/{info['id']}/trajectories/war_hazard").json()
    assert traj["q_runs"] == 40 and traj["n_kept"] == 4
    scenario = load_scenario(example_path("spiral"))
    every = simulate(scenario, 40, SMALL["steps"], rng=3, keep=40).series["war_hazard"]
    # the engine's sketch: within a relative 1% (or 1e-6) of the lower order statistic
    want = np.quantile(every, [0.05, 0.5, 0.95], axis=0, method="lower")
    for i, s in enumerate(traj["series"]):
        got = np.array([s["q05"], s["q50"], s["q95"]])
        np.testing.assert_allclose(got, want[:, :, i], rtol=0.011, atol=2e-6)
    belief = client.get(f"/api/runs/{info['id']}/trajectories/belief").json()
    assert belief["q_runs"] == 4  # pairwise: the kept runs


def test_edit_changes_one_value_and_keeps_the_comments(client: TestClient) -> None:
    text = example_path("spiral").read_text(encoding="utf-8")
    res = client.post("/api/scenario/edit", json={"toml": text, "path": ["actors", 0, "empathy"],
                                                  "value": 0.9}).json()
    assert res["valid"] and res["data"]["actors"][0]["empathy"] == 0.9
    comments = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert comments and [ln for ln in res["toml"].splitlines() if ln.startswith("#")] == comments
    assert res["toml"].replace("empathy = 0.9", "empathy = 0.1", 1) == text
    # a value out of bounds: still edited, and the error names the field
    bad = client.post("/api/scenario/edit", json={"toml": text, "path": ["actors", 0, "empathy"],
                                                  "value": 2}).json()
    assert not bad["valid"] and bad["field"] == "actors.0.empathy" and "empathy = 2" in bad["toml"]
    broken = client.post("/api/scenario/edit", json={"toml": "name = [", "path": ["name"],
                                                     "value": "x"})
    assert broken.status_code == 400 and broken.json()["field"] == "toml"


def test_a_run_is_named_by_its_overrides(client: TestClient) -> None:
    plain = start(client, example="spiral", seed=0)
    changed = start(client, example="spiral", seed=0, overrides=["actors.Blue.empathy=0.9"])
    assert plain["label"] == "spiral · seed 0"
    assert changed["label"] == "spiral · seed 0 · actors.Blue.empathy=0.9"
    listed = {r["id"]: r["label"] for r in client.get("/api/runs").json()}
    assert listed[changed["id"]] == changed["label"]
    assert "spiral · seed 0 · actors.Blue.empathy=0.9" in client.get("/runs").text
    assert "actors.Blue.empathy=0.9" in client.get(f"/runs/{changed['id']}").text
    page = client.get(f"/compare?a={plain['id']}&b={changed['id']}").text
    assert "spiral · seed 0 · actors.Blue.empathy=0.9" in page


def test_a_data_dir_from_before_tags_gets_the_column(tmp_path: Path) -> None:
    import sqlite3

    data = tmp_path / "old"
    data.mkdir()
    with sqlite3.connect(data / "herz.sqlite") as con:  # the table as it was without tags
        con.execute("CREATE TABLE runs (id TEXT PRIMARY KEY, created REAL NOT NULL, status TEXT "
                    "NOT NULL, seed INTEGER NOT NULL, runs INTEGER NOT NULL, steps INTEGER NOT "
                    "NULL, keep INTEGER NOT NULL, actors TEXT NOT NULL, scenario_name TEXT NOT "
                    "NULL, scenario_hash TEXT NOT NULL, herz_version TEXT NOT NULL, summary "
                    "TEXT, error TEXT, report INTEGER NOT NULL DEFAULT 0, elapsed REAL)")
        con.execute("INSERT INTO runs VALUES ('" + "a" * 32 + "', 0, 'done', 3, 1, 1, 1, "
                    "'[\"A\"]', 'old', 'h', '0', NULL, NULL, 0, 1.0)")
    store = RunStore(data)
    old = store.get("a" * 32)
    assert old is not None and old["tags"] == {} and old["label"] == "old · seed 3"


def tmp_parquet(content: bytes) -> dict[str, Any]:
    """A Parquet download read back as columns (through a temporary file)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.parquet"
        path.write_bytes(content)
        return read_parquet(path)


def test_downloads(client: TestClient) -> None:
    info = start(client, example="spiral", seed=2, overrides=["actors.Red.empathy=0.7"])
    files = info["files"]
    assert isinstance(files, dict) and set(files) == set(FILES) - {"report.html"}
    toml_text = client.get(files["scenario.toml"]).text
    again = parse_scenario(tomllib.loads(toml_text))
    assert scenario_hash(again) == info["scenario_hash"]
    assert again.actors[1].empathy == 0.7
    summary = client.get(files["summary.json"]).json()
    assert summary["seed"] == 2 and summary == info["summary"]
    rows = list(csv.DictReader(io.StringIO(client.get(files["quantiles.csv"]).text)))
    assert {"step", "actor", "variable", "q05", "q50", "q95", "mean"} <= set(rows[0])
    for name in ("steps.parquet", "outcomes.parquet", "dyads.parquet"):
        resp = client.get(files[name])
        assert resp.content[:4] == b"PAR1", name
    dyads = tmp_parquet(client.get(files["dyads.parquet"]).content)
    assert {"step", "actor", "other", "p_incident", "war_hazard"} <= set(dyads)
    assert len(dyads["step"]) == info["steps"]  # one pair (spiral), one row a step
    assert "attachment" in resp.headers["content-disposition"]
    assert client.get(f"/api/runs/{info['id']}/files/report.html").status_code == 404


def test_report_written_when_enabled(tmp_path: Path) -> None:
    app = create_app(small_settings(tmp_path, reports=True))
    with TestClient(app) as c:
        info = start(c, example="spiral", seed=0)
        wait(c)
        info = c.get(f"/api/runs/{info['id']}").json()
        assert info["report"] and "report.html" in info["files"]
        assert "<html" in c.get(info["files"]["report.html"]).text


def test_compare(client: TestClient) -> None:
    a = start(client, example="spiral", seed=3)
    b = start(client, example="spiral", seed=3, overrides=["actors.Blue.empathy=0.9"])
    cmp = client.get("/api/compare", params={"a": a["id"], "b": b["id"]}).json()
    assert not cmp["same_scenario"] and cmp["same_seed"]
    rows = {(r["metric"], r["key"]): r for r in cmp["metrics"]}
    p_war = rows[("p_war", None)]
    assert p_war["difference"] == pytest.approx(p_war["b"]["estimate"] - p_war["a"]["estimate"])
    assert ("arms_final", "Blue") in rows and ("belief_final", "Blue->Red") in rows
    same = client.get("/api/compare", params={"a": a["id"], "b": a["id"]}).json()
    assert same["same_scenario"] and all(r["difference"] in (0.0, None) for r in same["metrics"])


def test_delete(client: TestClient) -> None:
    info = start(client, example="spiral")
    folder = client.app.state.herz.store.run_dir(info["id"])  # type: ignore[attr-defined]
    assert folder.is_dir()
    assert client.delete(f"/api/runs/{info['id']}").json() == {"deleted": info["id"]}
    assert not folder.exists()
    assert client.get(f"/api/runs/{info['id']}").status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"example": "spiral", "runs": 201}, "runs"),
    ({"example": "spiral", "steps": 61}, "steps"),
    ({"example": "spiral", "keep": 21}, "keep"),
    ({"example": "spiral", "overrides": ["steps=100"], "steps": 10}, "steps"),
    ({"example": "region20", "runs": 200, "steps": 60}, "runs"),  # total work
])
def test_limits(client: TestClient, body: dict[str, object], field: str) -> None:
    resp = client.post("/api/runs", json=body)
    assert resp.status_code == 400, resp.text
    assert resp.json()["field"] == field and "on this server" in resp.json()["error"]


def test_too_many_actors(tmp_path: Path) -> None:
    with TestClient(create_app(small_settings(tmp_path, max_actors=3))) as c:
        resp = c.post("/api/runs", json={"example": "region20", **SMALL})
        assert resp.status_code == 400 and resp.json()["field"] == "actors"


def test_queue_full_and_saved_runs_cap(tmp_path: Path) -> None:
    settings = small_settings(tmp_path, max_queue=1, max_saved_runs=2)
    with TestClient(create_app(settings)) as c:
        jobs = c.app.state.herz.jobs  # type: ignore[attr-defined]
        gate = threading.Event()
        jobs._pool.submit(gate.wait, 30)  # holds the only worker: the next run stays queued
        first = c.post("/api/runs", json={"example": "spiral", **SMALL})
        second = c.post("/api/runs", json={"example": "spiral", **SMALL})
        gate.set()
        assert first.status_code == 202
        assert second.status_code == 429 and "waiting" in second.json()["error"]
        wait(c)
        assert c.post("/api/runs", json={"example": "spiral", **SMALL}).status_code == 202
        wait(c)
        full = c.post("/api/runs", json={"example": "spiral", **SMALL})
        assert full.status_code == 507 and "at most 2" in full.json()["error"]


def test_request_errors_are_json(client: TestClient) -> None:
    big = client.post("/api/scenario/validate", content=b"x" * 600_000,
                      headers={"content-type": "application/json"})
    assert big.status_code == 413 and "bytes" in big.json()["error"]
    assert client.get("/api/runs/..%2F..%2Fetc").status_code in (404, 422)
    bad_id = client.get("/api/runs/" + "z" * 32)
    assert bad_id.status_code == 422 and "error" in bad_id.json()
    assert client.get("/api/runs/" + "0" * 32).status_code == 404
    bad_file = client.get("/api/runs/" + "0" * 32 + "/files/..%2Fherz.sqlite")
    assert bad_file.status_code in (404, 422) and "error" in bad_file.json()
    assert client.get("/api/nothing").json() == {"error": "Not Found"}
    malformed = client.post("/api/models/richardson", content=b"{",
                            headers={"content-type": "application/json"})
    assert malformed.status_code == 422 and malformed.json()["error"]
    extra = client.post("/api/models/richardson", json={"k": 1, "bogus": 2})
    assert extra.status_code == 422 and "bogus" in extra.json()["error"]


def test_unexpected_errors_hide_the_trace(tmp_path: Path) -> None:
    app = create_app(small_settings(tmp_path))

    def boom() -> None:
        raise RuntimeError("secret detail")

    app.add_api_route("/api/boom", boom)
    with TestClient(app, raise_server_exceptions=False) as c:
        resp = c.get("/api/boom")
    assert resp.status_code == 500 and resp.json() == {"error": "internal server error"}


def test_store_refuses_foreign_paths_and_fails_interrupted_runs(tmp_path: Path) -> None:
    store = RunStore(tmp_path)
    with pytest.raises(ValueError, match="not a run id"):
        store.run_dir("../../etc")
    with pytest.raises(ValueError, match="allowed"):
        store.file("0" * 32, "../herz.sqlite")
    run_id = store.create(seed=0, runs=1, steps=1, keep=1, actors=["A", "B"],
                          scenario_name="x", scenario_hash="h", herz_version="v")
    store.set_status(run_id, "running")
    record = RunStore(tmp_path).get(run_id)
    assert record is not None and record["status"] == "failed"
    assert "interrupted" in record["error"]


def test_pages_render(client: TestClient) -> None:
    info = start(client, example="spiral")
    for path in ("/", "/editor", "/editor?example=hotline", "/runs", f"/runs/{info['id']}",
                 f"/compare?a={info['id']}&b={info['id']}", "/explore/richardson",
                 "/explore/jervis", "/explore/kydd"):
        resp = client.get(path)
        assert resp.status_code == 200, path
        assert resp.headers["content-type"].startswith("text/html")
        assert herz.__version__ in resp.text
    assert "spiral" in client.get("/").text
    assert client.get("/static/herz.js").status_code == 200


def test_nothing_loaded_from_another_host() -> None:
    """Every script, style and image is served by herz (the app works offline)."""
    import re

    root = Path(herz.__file__).parent / "web"
    pattern = re.compile(r"""(src|href)\s*=\s*["'](https?:)?//""", re.IGNORECASE)
    imports = re.compile(r"""@import|url\(\s*["']?(https?:)?//""", re.IGNORECASE)
    for path in [*root.glob("templates/*.html"), *root.glob("static/*")]:
        text = path.read_text(encoding="utf-8")
        assert not pattern.search(text), path.name
        assert not imports.search(text), path.name
        assert "fetch(\"http" not in text and "fetch('http" not in text, path.name


def test_a_server_on_the_numba_backend_computes_the_same_runs(tmp_path: Path) -> None:
    pytest.importorskip("numba")
    summaries = []
    for backend in ("numpy", "numba"):
        with TestClient(create_app(small_settings(tmp_path / backend, backend=backend))) as c:
            done = start(c, example="spiral", seed=3)
            summaries.append(c.get(f"/api/runs/{done['id']}/files/summary.json").json())
    assert [s["backend"] for s in summaries] == ["numpy", "numba"]

    def close(a: object, b: object) -> bool:  # equal, real numbers to floating-point tolerance
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(close(a[k], b[k]) for k in a)
        if isinstance(a, list) and isinstance(b, list):
            return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b, strict=True))
        if isinstance(a, float) and isinstance(b, float):
            return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
        return a == b

    assert close(summaries[0]["metrics"], summaries[1]["metrics"])
