"""The sweeps API in-process: a sweep equal to the library's, analysis, safe SQL, limits, errors."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from web_support import small_settings

from herz.sweep import parse_sweep, read_points, run_sweep
from herz.web import create_app
from herz.web.sections.sweeps import BUILTIN, safe_query

GRID = """\
description = "tiny grid"
scenario = "spiral"
runs = 4
steps = 6
seed = 5
metrics = ["p_war", "spiral"]

[design]
kind = "grid"

[[parameters]]
path = "world.offense_dominance"
values = [0.2, 0.8]

[[parameters]]
path = "actors.Blue.empathy"
values = [0.1, 0.5, 0.9]
"""


def finish(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    resp = client.post("/api/sweeps", json=body)
    assert resp.status_code == 202, resp.text
    client.app.state.herz.tasks.wait(timeout=120)  # type: ignore[attr-defined]
    done = client.get(f"/api/sweeps/{resp.json()['id']}").json()
    assert done["status"] == "done", done
    return done


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> Any:
    app = create_app(small_settings(tmp_path_factory.mktemp("data")))
    with TestClient(app) as client:
        yield client, finish(client, {"toml": GRID})


def test_builtin_sweeps_are_valid_and_listed(client: TestClient) -> None:
    listed = client.get("/api/sweeps/builtin").json()
    assert [b["name"] for b in listed] == list(BUILTIN)
    for b in listed:
        parse_sweep(tomllib.loads(b["toml"]))
        assert b["description"]


def test_a_grid_gives_the_librarys_points_and_a_map(grid: Any, tmp_path: Path) -> None:
    client, done = grid
    assert done["request"]["points"] == 6 and done["request"]["seed"] == 5
    local = run_sweep(parse_sweep(tomllib.loads(GRID)), tmp_path / "s")
    assert local.n_points == 6
    expected = read_points(tmp_path / "s")
    res = client.post(f"/api/sweeps/{done['id']}/query",
                      json={"sql": "SELECT point, p_war, spiral FROM points ORDER BY point"}).json()
    assert [r[1] for r in res["rows"]] == expected["p_war"].tolist()
    assert [r[2] for r in res["rows"]] == expected["spiral"].tolist()
    grid_map = done["analysis"]["grid"]
    assert grid_map["x_levels"] == [0.2, 0.8] and len(grid_map["maps"]["p_war"]) == 2
    for name, href in done["files"].items():
        assert client.get(href).status_code == 200, name
    manifest = client.get(done["files"]["sweep.json"]).json()
    assert manifest["source"] == "<web sweep>" and manifest["seed"] == 5
    assert client.get(done["page"]).status_code == 200
    assert client.get("/sweeps").status_code == 200
    assert done["id"] in [s["id"] for s in client.get("/api/sweeps").json()]


def test_summaries(grid: Any) -> None:
    client, done = grid
    base = f"/api/sweeps/{done['id']}/summary"
    by = client.get(base, params={"metric": "spiral", "kind": "by-parameter"}).json()
    levels = by["parameters"]["actors.Blue.empathy"]
    assert [r[0] for r in levels["rows"]] == [0.1, 0.5, 0.9] and [r[2] for r in levels["rows"]] \
        == [2, 2, 2]
    top = client.get(base, params={"metric": "spiral", "kind": "top"}).json()
    values = [r[top["columns"].index("spiral")] for r in top["rows"]]
    assert values == sorted(values, reverse=True) and len(values) == 6
    bad = client.get(base, params={"metric": "nope", "kind": "top"})
    assert bad.status_code == 400 and "spiral" in bad.json()["allowed"]


@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "COPY points TO 'x.csv'",
    "SELECT 1; SELECT 2",
    "DROP TABLE points",
    "SET enable_external_access = true",
    "ATTACH 'other.db'",
    "INSTALL httpfs",
    "SELECT * FROM glob('*')",
    "not sql at all",
])
def test_queries_cannot_leave_the_sweep(grid: Any, sql: str) -> None:
    client, done = grid
    resp = client.post(f"/api/sweeps/{done['id']}/query", json={"sql": sql})
    assert resp.status_code == 400, resp.text
    assert resp.json()["field"] == "sql"


def test_queries_are_capped(grid: Any) -> None:
    client, done = grid
    out = client.app.state.herz.tasks.folder("sweeps", done["id"]) / "sweep"
    many = safe_query(out, "SELECT * FROM range(5000)", max_rows=100)
    assert len(many["rows"]) == 100 and many["truncated"]
    from herz.errors import HerzInputError

    with pytest.raises(HerzInputError, match="ran over"):
        safe_query(out, "SELECT count(*) FROM range(10000000000) a, range(100) b",
                   seconds=0.2)


def test_the_query_limit_holds_for_an_uninterruptible_scalar(grid: Any) -> None:
    """DuckDB checks for interrupts between chunks, not inside one huge ``repeat()``: the
    caller still gets its answer when the limit is up."""
    import time

    from herz.errors import HerzInputError

    client, done = grid
    out = client.app.state.herz.tasks.folder("sweeps", done["id"]) / "sweep"
    t0 = time.perf_counter()
    with pytest.raises(HerzInputError, match="ran over 1 s"):
        safe_query(out, "SELECT length(repeat('x', 1000000000))", seconds=1.0)
    assert time.perf_counter() - t0 < 2.5


def test_bad_sweeps_are_one_line_json_errors(client: TestClient) -> None:
    over = GRID.replace("runs = 4", "runs = 500")
    cases = [
        ({}, 400, "sweep source"),
        ({"builtin": "nope"}, 400, "builtin"),
        ({"toml": "not = [toml"}, 400, "TOML"),
        ({"toml": GRID.replace('"spiral"', '"/etc/passwd"')}, 400, "scenario"),
        ({"toml": GRID.replace('"spiral"', '"../x.toml"')}, 400, "scenario"),
        ({"toml": GRID.replace("p_war", "p_nope", 1)}, 400, "metrics"),
        ({"toml": over}, 400, "runs"),
        ({"toml": GRID.replace("values = [0.2, 0.8]", "range = [0.0, 1.0]\nnum = 50")
          .replace("runs = 4", "runs = 200").replace("steps = 6", "steps = 59")},
         400, "runs"),  # 150 points x 200 runs x 59 steps x 2^2 is over max_work
        ({"toml": GRID.replace('path = "actors.Blue.empathy"\nvalues = [0.1, 0.5, 0.9]',
                               'path = "actors.Blue.policy"\nvalues = ["os:system"]')},
         400, "parameters"),
        ({"toml": GRID, "extra": 1}, 422, "extra"),
    ]
    for body, status, field in cases:
        resp = client.post("/api/sweeps", json=body)
        assert resp.status_code == status, (body, resp.text)
        out = resp.json()
        assert field in (out.get("field") or "") + out["error"], (body, out)
    assert client.get("/api/sweeps").json() == []
    assert client.get("/api/sweeps/" + "a" * 32).status_code == 404
    assert client.post("/api/sweeps/" + "a" * 32 + "/query", json={"sql": "SELECT 1"}
                       ).status_code == 404


ONE_STEP = """\
scenario = "spiral"
runs = 1
steps = 1
metrics = ["p_war"]

[design]
kind = "{kind}"
{n}

[[parameters]]
path = "world.offense_dominance"
{first}

[[parameters]]
path = "actors.Blue.empathy"
{second}
"""


def test_the_work_cap_counts_every_point(client: TestClient) -> None:
    """A million one-step points cost their fixed overhead too; a huge LHS is refused before
    it is sampled; both answer at once."""
    import time

    grid = ONE_STEP.format(kind="grid", n="", first="range = [0.0, 1.0]\nnum = 1000",
                           second="range = [0.0, 1.0]\nnum = 1000")
    lhs = ONE_STEP.format(kind="lhs", n="n = 1000000", first="range = [0.0, 1.0]",
                          second="range = [0.0, 1.0]")
    small = ONE_STEP.format(kind="lhs", n="n = 500", first="range = [0.0, 1.0]",
                            second="range = [0.0, 1.0]")
    for toml in (grid, lhs, small):
        t0 = time.perf_counter()
        resp = client.post("/api/sweeps", json={"toml": toml})
        assert time.perf_counter() - t0 < 2
        assert resp.status_code == 400, resp.text
        assert resp.json()["field"] in ("design", "runs"), resp.json()
    # the last: 500 points x (1 x 1 x 2^2 + 5000) is over max_work = 2 000 000
    assert "5000" in resp.json()["error"]


def test_validating_a_long_list_of_strings_is_bounded(client: TestClient) -> None:
    import time

    values = ", ".join(f'"p{i}"' for i in range(9000))
    toml = ONE_STEP.format(kind="grid", n="", first="values = [0.5]",
                           second="values = [0.5]").replace(
        'path = "actors.Blue.empathy"\nvalues = [0.5]',
        f'path = "actors.Blue.policy"\nvalues = [{values}]')
    t0 = time.perf_counter()
    resp = client.post("/api/sweeps", json={"toml": toml})
    assert time.perf_counter() - t0 < 2
    assert resp.status_code == 400, resp.text
    numbers = ", ".join(f"{i / 9000}" for i in range(4000))
    toml = ONE_STEP.format(kind="grid", n="", first=f"values = [{numbers}]",
                           second="values = [0.5]")
    t0 = time.perf_counter()
    resp = client.post("/api/sweeps", json={"toml": toml})
    assert time.perf_counter() - t0 < 2  # numbers are checked at their extremes only
    assert resp.status_code == 400 and resp.json()["field"] == "runs", resp.text
