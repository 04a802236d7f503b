"""The model pages, phone widths and accessibility, in headless Chromium (Debian's chromium).

* Each model page (one per example and case) has its Info panel; moving a slider redraws the
  plot with new numbers; Step advances the single history by one step.
* No page is wider than a 390 px phone screen.
* An error lands beside the control that caused it (the editor, run again, audit, sweep, the
  lab's levers): the message next to it, the control marked invalid, focused and in view.
* The editor keeps the scenario's comments when a form field changes.
* Step advances the history without asking the server (one answer per lever setting).
* Richardson's page names a zig-zag as one; Kydd's cost slider spends its positions where the
  cost matters; a case comparison is drawn in the case's years with the observed spending.
* axe-core (vendored: ``tests/web/vendor/axe.min.js``, injected into each page, no network)
  finds no violation of any impact (critical, serious, moderate or minor) on any page.

Skipped when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_support import CHROMIUM, launch_chromium, live_server, small_settings

from herz.web import create_app
from herz.web.sections.lab import models

AXE = Path(__file__).parent / "vendor" / "axe.min.js"

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api")

#: Pages without ids to make first.
STATIC_PAGES = ["/", "/editor", "/runs", "/cases", "/cases/cuba-1962", "/audit", "/sweeps",
                "/explore/richardson", "/explore/jervis", "/explore/kydd"]


def _post(url: str, body: dict[str, Any]) -> dict[str, Any]:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as resp:  # noqa: S310 (a local test server)
        out: dict[str, Any] = json.loads(resp.read())
        return out


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    app = create_app(small_settings(tmp_path_factory.mktemp("data")))
    with live_server(app) as base:
        yield _pages(app, base)


def _pages(app: Any, base: str) -> dict[str, Any]:
    # a run, an overridden run and their comparison, for the run and compare pages
    a = _post(base + "/api/runs", {"example": "spiral", "runs": 20, "seed": 1})
    b = _post(base + "/api/runs", {"example": "spiral", "runs": 20, "seed": 1,
                                   "overrides": ["actors.Blue.empathy=0.9"]})
    case = _post(base + "/api/cases/cuba-1962/compare",
                 {"counterfactual": "no-hotline", "runs": 20, "seed": 1})
    app.state.herz.jobs.wait(timeout=60)
    pages = [*STATIC_PAGES, *(f"/lab/{name}" for name in models()),
             f"/runs/{a['id']}", f"/runs/{b['id']}", f"/compare?a={a['id']}&b={b['id']}",
             case["compare"]]
    return {"base": base, "pages": pages, "plain": a["id"], "override": b["id"],
            "case_compare": case["compare"]}


@pytest.fixture(scope="module")
def browser(server: dict[str, Any]) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = launch_chromium(pw)
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


def _invalid_beside(pg: Any, control: str) -> str:
    """Wait until ``control`` is marked invalid, and check that its message is beside it (the
    next block after it or its label), it has the focus, and it is on the screen."""
    pg.wait_for_selector(f"{control}[aria-invalid=true]", timeout=20_000)
    state = pg.evaluate("""sel => {
        const c = document.querySelector(sel), box = document.getElementById(c.id + "-error");
        const r = c.getBoundingClientRect(), b = box.getBoundingClientRect();
        return { text: box.textContent, visible: !box.hidden && b.height > 0,
                 described: (c.getAttribute("aria-describedby") || "").includes(box.id),
                 focused: document.activeElement === c,
                 onScreen: r.top >= 0 && r.bottom <= window.innerHeight,
                 near: Math.abs(b.top - r.bottom) < 120 || Math.abs(b.left - r.right) < 400,
                 outline: getComputedStyle(c).outlineStyle };
    }""", control)
    assert state["visible"] and state["described"] and state["focused"], state
    assert state["onScreen"] and state["near"] and state["outline"] != "none", state
    return str(state["text"])


def test_editor_error_beside_its_field_and_comments_kept(browser: Any,
                                                         server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto("/editor?example=spiral")
    pg.wait_for_selector("#f-actors-0-empathy")
    text = pg.input_value("#ed-toml")
    assert "# The spiral model" in text
    # a valid change: the value changes in the text, every comment stays
    pg.fill("#f-actors-0-empathy", "0.9")
    pg.dispatch_event("#f-actors-0-empathy", "change")
    pg.wait_for_function("document.getElementById('ed-toml').value.includes('empathy = 0.9')")
    edited = pg.input_value("#ed-toml")
    comments = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert [ln for ln in edited.splitlines() if ln.startswith("#")] == comments
    assert edited.replace("empathy = 0.9", "empathy = 0.1", 1) == text
    # a bad value far down the form: the message lands beside that field
    pg.evaluate("document.getElementById('ed-form').scrollTop = 0")
    pg.fill("#f-actors-1-empathy", "2")
    pg.dispatch_event("#f-actors-1-empathy", "change")
    message = _invalid_beside(pg, "#f-actors-1-empathy")
    assert "actors.1.empathy" in message and "<= 1" in message
    # fixed: the mark goes away
    pg.fill("#f-actors-1-empathy", "0.5")
    pg.dispatch_event("#f-actors-1-empathy", "change")
    pg.wait_for_selector("#f-actors-1-empathy:not([aria-invalid])")
    # a run setting over the server's limit: beside the runs box
    pg.fill("#ed-runs", "99999")
    pg.click("#ed-run")
    assert "1 to 200" in _invalid_beside(pg, "#ed-runs")
    context.close()
    assert not problems, problems


def test_errors_beside_their_control_on_every_form(browser: Any,
                                                   server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 390, 844)
    # a lab page's seed
    pg.goto("/lab/spiral")
    pg.wait_for_selector("#lab-history svg path.line")
    pg.fill("#lab-seed", "-1")
    pg.dispatch_event("#lab-seed", "change")
    assert "seed" in _invalid_beside(pg, "#lab-seed")
    # a run's "run again" with a bad override
    pg.goto(f"/runs/{server['plain']}")
    pg.wait_for_selector("#run-plot svg")
    pg.fill("#re-set", "actors.Blue.empathy=2")
    pg.click("#re-run")
    assert "empathy" in _invalid_beside(pg, "#re-set")
    # the audit form: a policy step past the horizon, in the row that has it
    pg.goto("/audit")
    pg.wait_for_selector("#au-policy tr.policy-row input[name=step]")
    pg.fill("#au-policy tr.policy-row input[name=step]", "999")
    pg.click("#au-go")
    assert "step" in _invalid_beside(pg, "#au-policy tr.policy-row input[name=step]")
    # a case's "run both and compare"
    pg.goto("/cases/cuba-1962")
    pg.fill("#case-runs", "99999")
    pg.click("#case-go")
    assert "1 to 200" in _invalid_beside(pg, "#case-runs")
    # the sweep file: a field of the text; its line is selected
    pg.goto("/sweeps")
    pg.wait_for_function("document.getElementById('sw-toml').value.includes('runs =')")
    pg.evaluate("""() => { const t = document.getElementById('sw-toml');
                          t.value = t.value.replace(/^runs = .*$/m, 'runs = 99999'); }""")
    pg.click("#sw-go")
    _invalid_beside(pg, "#sw-toml")
    selected = pg.evaluate("""() => { const t = document.getElementById('sw-toml');
                                    return t.value.slice(t.selectionStart, t.selectionEnd); }""")
    assert selected.startswith("runs = 99999"), selected
    context.close()
    assert not problems, problems


def test_step_advances_without_asking_the_server(browser: Any, server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto("/lab/spiral")
    pg.wait_for_selector("#lab-history svg path.line")
    pg.click("#lab-reset")
    pg.wait_for_function("document.getElementById('lab-clock').textContent.includes('(0 of')")
    _settled(pg)
    asked: list[str] = []
    pg.on("request", lambda req: asked.append(req.url) if "/api/" in req.url else None)
    for k in range(1, 6):
        before = pg.locator("#lab-history svg path.line").first.get_attribute("d")
        pg.click("#lab-step")
        pg.wait_for_function(
            f"document.getElementById('lab-clock').textContent.includes('({k} of')")
        after = pg.locator("#lab-history svg path.line").first.get_attribute("d")
        assert after != before and str(after).count("L") == k  # one more point per step
    assert asked == []
    context.close()
    assert not problems, problems


def test_richardson_names_the_zigzag(browser: Any, server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto("/explore/richardson")
    pg.wait_for_selector("#rich-yearly")
    pg.evaluate("""() => {
        for (const [name, v] of [["k", 0.5], ["l", 0.5], ["a", 1.2], ["b", 1.2]]) {
            const s = document.querySelector(`#rich-form input[name=${name}]`);
            s.value = v; s.dispatchEvent(new Event("input"));
        }
    }""")
    pg.wait_for_function("document.getElementById('rich-yearly').textContent.includes('zig-zag')")
    assert "stable balance" in pg.inner_text("#rich-regime")
    assert "-0.7" in pg.inner_text("#rich-why") or "−0.7" in pg.inner_text("#rich-why")
    context.close()
    assert not problems, problems


def test_kydd_cost_slider_spends_its_positions_where_it_matters(browser: Any,
                                                                server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto("/explore/kydd")
    pg.wait_for_selector("#ky-re-form input[name=cost]")
    # between the greedy type's gain (0.5) and the security seeker's (2): the separating range
    values = pg.evaluate("""() => {
        const s = document.querySelector("#ky-re-form input[name=cost]");
        const out = s.closest(".slider").querySelector("output"), seen = [];
        for (let p = Number(s.min); p <= Number(s.max); p++) {
            s.value = p; s.dispatchEvent(new Event("input")); seen.push(Number(out.textContent));
        }
        return seen;
    }""")
    inside = {v for v in values if 0.5 <= v <= 2.0}
    assert len(inside) >= 25, sorted(inside)
    assert min(values) > 0 and max(values) == 100
    pg.wait_for_function("document.getElementById('ky-spiral-note').textContent.includes('%')")
    assert pg.locator("#ky-spiral-plot svg text", has_text="weaker belief").count() >= 1
    context.close()
    assert not problems, problems


def test_case_comparison_in_years_with_observed_spending(browser: Any,
                                                          server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto(server["case_compare"])
    pg.wait_for_selector("#cmp-plot svg path.line", timeout=30_000)
    assert pg.input_value("#cmp-variable") == "spending"
    labels = pg.eval_on_selector_all("#cmp-plot svg text[text-anchor=middle]",
                                     "els => els.map(e => e.textContent)")
    years = [int(t) for t in labels if t.isdigit()]
    assert years and all(1960 <= y <= 1980 for y in years), labels
    legend = " ".join(pg.eval_on_selector_all("#cmp-plot svg g.legend-item text",
                                              "els => els.map(e => e.textContent)"))
    assert "observed" in legend and "(factual)" in legend
    assert "(counterfactual no-hotline)" in legend
    assert "factual" in pg.inner_text("#cmp-note")
    context.close()
    assert not problems, problems


def test_runs_are_named_by_their_overrides(browser: Any, server: dict[str, Any]) -> None:
    context, pg, problems = _page(browser, server["base"], 1366, 900)
    pg.goto("/runs")
    assert pg.locator("td a", has_text="spiral · seed 1 · actors.Blue.empathy=0.9").count() == 1
    assert pg.locator("td a", has_text="counterfactual no-hotline").count() == 1
    pg.goto(f"/runs/{server['override']}")
    assert "actors.Blue.empathy=0.9" in pg.inner_text("h1")
    context.close()
    assert not problems, problems
