"""The model pages, phone widths and accessibility, in headless Chromium (Debian's chromium).

* Each model page (one per example and case) has its Info panel; moving a slider redraws the
  plot with new numbers; Step advances the single history by one step.
* No page is wider than a 390 px phone screen.
* axe-core (vendored: ``tests/web/vendor/axe.min.js``, injected into each page, no network)
  finds no violation of any impact (critical, serious, moderate or minor) on any page.

Skipped when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_support import small_settings

from herz.cli.serve_cmd import make_server
from herz.web import create_app
from herz.web.sections.lab import models

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api")

#: Pages without ids to make first.
STATIC_PAGES = ["/", "/editor", "/runs", "/cases", "/cases/cuba-1962", "/audit", "/sweeps",
                "/explore/richardson", "/explore/jervis", "/explore/kydd"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 (a local test server)
        out: dict[str, Any] = json.loads(resp.read())
        return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    app = create_app(small_settings(tmp_path_factory.mktemp("data")))
    port = _free_port()
    srv = make_server(app, "127.0.0.1", port)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    base = f"http://127.0.0.1:{port}"
    # a run, an overridden run and their comparison, for the run and compare pages
    a = _post(base + "/api/runs", {"example": "spiral", "runs": 20, "seed": 1})
    b = _post(base + "/api/runs", {"example": "spiral", "runs": 20, "seed": 1,
                                   "overrides": ["actors.Blue.empathy=0.9"]})
    app.state.herz.jobs.wait(timeout=60)
    pages = [*STATIC_PAGES, *(f"/lab/{name}" for name in models()),
             f"/runs/{a['id']}", f"/compare?a={a['id']}&b={b['id']}"]
    yield {"base": base, "pages": pages}
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


def _page(browser: Any, base: str, width: int, height: int) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(base_url=base, viewport={"width": width, "height": height})
    problems: list[str] = []
    context.route("**/*", lambda route: (
        route.continue_() if route.request.url.startswith(base)
        else (problems.append(route.request.url), route.abort())))
    pg = context.new_page()
    pg.on("pageerror", lambda err: problems.append(str(err)))
    return context, pg, problems


def _settled(pg: Any) -> None:
    pg.wait_for_load_state("networkidle")
    pg.wait_for_timeout(300)


def _plot_path(pg: Any, selector: str) -> str:
    return str(pg.locator(f"{selector} svg path.line").first.get_attribute("d"))


@pytest.mark.parametrize("model", ["spiral", "four_worlds", "hotline", "cuba-1962"])
def test_model_page_info_slider_and_step(browser: Any, server: dict[str, Any],
                                         model: str) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto(f"/lab/{model}")
    # the Info panel, for students
    for heading in ("What this world is", "What to notice", "What to try", "Reading"):
        assert pg.locator("#info h3", has_text=heading).is_visible()
    pg.wait_for_selector("#lab-history svg path.line")
    assert pg.locator("#lab-takeaway").inner_text().strip()
    # Reset goes to the start, Step advances one step
    pg.click("#lab-reset")
    pg.wait_for_function("document.getElementById('lab-clock').textContent.includes('(0 of')")
    pg.click("#lab-step")
    pg.wait_for_function("document.getElementById('lab-clock').textContent.includes('(1 of')")
    pg.click("#lab-step")
    pg.wait_for_function("document.getElementById('lab-clock').textContent.includes('(2 of')")
    assert pg.locator("#lab-history svg path.line").count() >= 1
    # a slider moves the plot: the bands over all runs are redrawn with other numbers
    pg.click("#lab-run")
    before = _plot_path(pg, "#lab-bands")
    slider = pg.locator("#lab-levers input[type=range]").first
    slider.focus()
    for _ in range(8):
        slider.press("ArrowRight" if model != "hotline" else "ArrowLeft")
    pg.wait_for_function(
        "([sel, d]) => { const p = document.querySelector(sel); "
        "return p && p.getAttribute('d') !== d; }",
        arg=["#lab-bands svg path.line", before], timeout=20_000)
    # every lever has a visible label
    for lever in pg.locator("#lab-levers input, #lab-levers select").all():
        lid = lever.get_attribute("id")
        assert pg.locator(f"label[for='{lid}']").count() == 1
    context.close()
    assert not problems, problems


def test_go_plays_the_history(browser: Any, server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto("/lab/spiral")
    pg.wait_for_selector("#lab-history svg path.line")
    pg.click("#lab-reset")
    pg.wait_for_function("document.getElementById('lab-clock').textContent.includes('(0 of')")
    pg.click("#lab-go")
    pg.wait_for_function("document.getElementById('lab-clock').textContent.includes('finished')",
                         timeout=30_000)
    assert pg.locator("#lab-go").inner_text() == "Go"
    context.close()
    assert not problems, problems


def test_case_year_axis_has_whole_years(browser: Any, server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto("/lab/cuba-1962")
    pg.wait_for_selector("#lab-bands svg path.line")
    labels = pg.eval_on_selector_all("#lab-bands svg text[text-anchor=middle]",
                                     "els => els.map(e => e.textContent)")
    years = [int(t) for t in labels if t.isdigit()]
    assert years and len(set(years)) == len(years)  # no "1960 1960 1960"
    assert all(1960 <= y <= 1976 for y in years)
    # the observed spending is drawn beside the model's
    assert pg.locator("#lab-history svg text", has_text="observed").count() >= 1
    context.close()
    assert not problems, problems


def test_no_page_is_wider_than_a_phone(browser: Any, server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 390, 844)
    wide = {}
    for path in server["pages"]:
        pg.goto(path)
        _settled(pg)
        width = pg.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[path] = width
    context.close()
    assert not wide, wide
    assert not problems, problems


@pytest.mark.parametrize("width", [1366, 390])
def test_axe_finds_no_violation(browser: Any, server: dict[str, Any],
                                                    width: int) -> None:
    context, pg, problems = _page(browser, server["base"], width, 900)
    found: dict[str, list[str]] = {}
    counts = {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}
    for path in server["pages"]:
        pg.goto(path)
        _settled(pg)
        pg.add_script_tag(path=str(AXE))
        result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        for v in result["violations"]:
            counts[v["impact"]] = counts.get(v["impact"], 0) + 1
            found.setdefault(path, []).append(
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}")
    context.close()
    print(f"axe at {width}px over {len(server['pages'])} pages: {counts}")
    assert not found, json.dumps(found, indent=1)
    assert not problems, problems
