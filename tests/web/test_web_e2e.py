"""End to end in headless Chromium (Playwright, Debian's chromium): the pages really work.

Open the gallery, run an example, and see the plot drawn; move an explorable's slider and see
the result change. Skipped when ``/usr/bin/chromium`` is absent (``.ci/run`` installs it).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from web_support import CHROMIUM, launch_chromium, live_server, small_settings

from herz.web import create_app

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(create_app(small_settings(tmp_path_factory.mktemp("data")))) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        context = browser.new_context(base_url=base_url)
        # Offline: any request to another host fails the test.
        foreign: list[str] = []
        context.route("**/*", lambda route: (
            route.continue_() if route.request.url.startswith(base_url)
            else (foreign.append(route.request.url), route.abort())))
        pg = context.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda err: errors.append(str(err)))
        yield pg
        browser.close()
        assert not foreign, foreign
        assert not errors, errors


def test_gallery_run_example_and_see_the_plot(page: Any) -> None:
    page.goto("/")
    assert page.locator(".card[data-name=spiral]").is_visible()
    page.fill("#g-runs", "20")
    page.fill("#g-seed", "5")
    page.click("button.run-example[data-example=spiral]")
    page.wait_for_url("**/runs/*")
    page.wait_for_selector("#run-plot svg path.line", timeout=30_000)
    assert page.locator("#run-plot svg path.line").count() >= 2
    assert page.locator("#run-plot svg polygon.band").count() >= 2
    assert page.inner_text("#run-seed") == "5"
    assert "Chance of war" in page.inner_text("#run-metrics")  # plain words (herz.glossary)
    assert page.inner_text("#run-takeaway").endswith(".")
    assert page.locator("#run-files a", has_text="summary.json").count() == 1
    page.select_option("#run-variable", "belief")
    page.wait_for_function(
        "document.querySelector('#run-plot svg text').textContent.startsWith('Suspicion')")


def test_editor_validates_as_you_type(page: Any) -> None:
    page.goto("/editor?example=spiral")
    page.wait_for_selector("#ed-status.ok")
    assert "valid" in page.inner_text("#ed-status")
    page.fill("#ed-toml", "name = 'broken'\nsteps = 0\n")
    page.wait_for_selector("#ed-status.bad")
    assert "steps" in page.inner_text("#ed-status")
    assert page.is_disabled("#ed-run")


def test_richardson_slider_changes_the_regime(page: Any) -> None:
    page.goto("/explore/richardson")
    page.wait_for_selector("#rich-plot svg path.line")
    assert "runaway race" in page.inner_text("#rich-regime")
    for name in ("a", "b"):  # fatigue up to 2 > k = l = 0.9: the race is stable
        page.locator(f"#rich-form input[name={name}]").fill("2")
    page.wait_for_function(
        "document.querySelector('#rich-regime').textContent.includes('stable balance')")


def test_jervis_and_kydd_pages_draw(page: Any) -> None:
    page.goto("/explore/jervis")
    page.wait_for_selector("#jer-map svg rect.cell")
    assert "prisoners dilemma" in page.inner_text("#jer-class")
    page.goto("/explore/kydd")
    page.wait_for_selector("#ky-spiral-plot svg path.line")
    page.wait_for_selector("#ky-re-plot svg path.line", state="attached")
    assert "separating" in page.inner_text("#ky-separating")


def test_audit_page_draws_its_result(page: Any) -> None:
    page.goto("/audit?example=spiral")
    page.wait_for_selector("#au-policy tr.policy-row select[name=action]")
    page.fill("#au-horizon", "10")
    page.fill("#au-runs", "10")
    page.fill("#au-seed", "4")
    page.fill("#au-rules", "1")
    page.click("#au-go")
    page.wait_for_url("**/audit/*")
    page.wait_for_selector("#au-pareto svg circle", timeout=60_000)
    assert page.inner_text("#au-seed") == "4"
    assert page.locator("#au-pareto svg circle").count() >= 2
    page.wait_for_selector("#au-spiral-plot svg path.line")
    assert page.locator("#au-spiral-plot svg polygon.band").count() == 1
    assert "Red" in page.inner_text("#au-others")
    assert "net security" in page.inner_text("#au-own")
    assert page.locator("#au-files a", has_text="audit.html").count() == 1
