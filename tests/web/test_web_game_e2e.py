"""The class game end to end in headless Chromium: a teacher, three students and a computer
seat play five turns to the debrief, each in its own browser context (one without
server-sent events, so its page polls; one reloads mid-game and is back at its seat); axe
checks the pages.

Skipped when ``/usr/bin/chromium`` is absent (``.ci/run`` installs it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_support import CHROMIUM, launch_chromium, live_server, small_settings

from herz.web import create_app

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
STUDENTS = {"United States": "Ada", "Russia": "Boris", "Ukraine": "Olena"}  # NATO Europe: computer
TURNS = 5

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with live_server(create_app(small_settings(tmp_path_factory.mktemp("data")))) as url:
        yield url


def _context(browser: Any, base: str, problems: list[str], width: int = 1200) -> Any:
    context = browser.new_context(base_url=base, viewport={"width": width, "height": 900})
    context.route("**/*", lambda route: (
        route.continue_() if route.request.url.startswith(base)
        else (problems.append(route.request.url), route.abort())))
    return context


def _page(context: Any, problems: list[str]) -> Any:
    pg = context.new_page()
    pg.on("pageerror", lambda err: problems.append(str(err)))
    return pg


def _axe(pg: Any, found: dict[str, list[str]]) -> None:
    pg.add_script_tag(path=str(AXE))
    result = pg.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    for v in result["violations"]:
        if v["impact"] in ("critical", "serious"):
            found.setdefault(pg.url, []).append(
                f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}")


def test_a_class_plays_five_turns_to_the_debrief(base: str) -> None:
    problems: list[str] = []
    axe: dict[str, list[str]] = {}
    with sync_api.sync_playwright() as pw:
        browser = launch_chromium(pw)
        teacher = _page(_context(browser, base, problems), problems)
        teacher.goto("/game")
        teacher.wait_for_selector("#g-seat-1")  # the states of the chosen world are listed
        teacher.select_option("#g-scenario", "case:ukraine")
        teacher.wait_for_selector("label[for=g-seat-3]:has-text('Ukraine')")
        teacher.fill("#g-turns", str(TURNS))
        teacher.fill("#g-seconds", "300")
        teacher.select_option("select[data-state='Russia']", "greedy")
        _axe(teacher, axe)
        teacher.click("button[type=submit]")
        teacher.wait_for_url(re.compile(r".*/game/[A-Z0-9]{6}/console$"))
        code = teacher.url.split("/")[-2]
        projector = _page(teacher.context, problems)
        projector.goto(f"/game/{code}/projector")
        projector.wait_for_selector("#p-seats li")
        teacher.wait_for_selector("#c-seats tr a")
        assert projector.evaluate("document.querySelector('img').naturalWidth") > 0  # QR

        students = {}
        for seat, name in STUDENTS.items():
            context = _context(browser, base, problems, width=390)  # a phone
            if seat == "Ukraine":  # a browser without server-sent events: the page polls
                context.add_init_script("delete window.EventSource")
            pg = _page(context, problems)
            if seat == "Ukraine":  # given a seat by the teacher's join link
                link = teacher.locator(f"#c-seats tr:has-text('{seat}') a").get_attribute("href")
                pg.goto(link)
                pg.wait_for_selector("#y-join:not([hidden])")
                assert pg.input_value("#y-seatpick") == seat
            else:
                pg.goto(f"/play/{code}")
                pg.wait_for_selector("#y-join:not([hidden])")
                pg.select_option("#y-seatpick", seat)
            pg.fill("#y-name", name)
            pg.click("#y-join button[type=submit]")
            pg.wait_for_selector(f"#y-seat-title:has-text('{seat}')")
            students[seat] = pg
        teacher.wait_for_selector("#c-seats tr:has-text('Olena')")
        _axe(teacher, axe)
        _axe(projector, axe)
        teacher.click("button[data-action=start]")

        for turn in range(1, TURNS + 1):
            for k, (seat, pg) in enumerate(students.items()):
                pg.wait_for_selector(f"#y-turn:has-text('{turn} of {TURNS}')")
                pg.wait_for_selector("#y-submit:not([disabled])")
                pg.fill("#b-0", str(0.2 + 0.1 * k))
                pg.click("#y-beliefs button[type=submit]")
                if turn == 1 and k == 0:
                    pg.fill("#m-mix-0", "-1")  # bad input: a clear message, nothing changes
                    pg.click("#y-submit")
                    pg.wait_for_selector("#y-error:has-text('mix')")
                    assert not pg.locator("#y-moved").inner_text()
                    pg.fill("#m-mix-0", "")
                    pg.fill("#y-text", f"{seat} only wants to be safe")
                    pg.click("#y-message button[type=submit]")
                    _axe(pg, axe)
                box = pg.locator("#y-move input[id^=m-hotline-]:not([disabled])")
                if box.count():
                    box.first.check()
                pg.click("#y-submit")
                if k < len(students) - 1:
                    pg.wait_for_selector("#y-moved:has-text('your move is in')")
            if turn < TURNS:
                teacher.wait_for_selector(f"#c-turn:has-text('{turn + 1} of {TURNS}')")
            if turn == 2:  # a student reloads: its browser is back at its seat
                pg = students["Russia"]
                pg.reload()
                pg.wait_for_selector("#y-seat-title:has-text('Russia')")
                assert pg.locator("#y-join").is_hidden()
        teacher.wait_for_selector("#c-status:has-text('ended')")
        projector.wait_for_selector("#p-messages li:has-text('only wants to be safe')")
        pg = students["Russia"]
        pg.wait_for_selector("#y-debrief:not([hidden])")
        pg.click("#y-debrief a")
        pg.wait_for_selector("h2:has-text('Motives revealed')")
        text = pg.inner_text("main")
        assert "Russia" in text and "greedy" in text and "simulated histories" in text
        assert "As Ukraine tells it" in text
        _axe(pg, axe)
        browser.close()
    assert not axe, json.dumps(axe, indent=1)
    assert not problems, problems
