"""The interactive page in a real headless browser (Debian's chromium, driven by Playwright).

It loads from file:// with no network, shows every event, the filters work, a <script> in a title does
not run, nothing is logged as an error, no request leaves the file, and a screenshot is produced.
Set TIMELINE_SCREENSHOT_DIR to keep the screenshot.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.fixtures.present.grok_case import MILESTONES, WINDOW, build_tables
from timeline.dataset.io import atomic_write_text
from timeline.present.html import render_page

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = os.environ.get("TIMELINE_REQUIRE_BROWSER") == "1"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
HOSTILE_TITLE = "Grok said <script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> sorry"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.timeout(180),
    pytest.mark.skipif(not CHROMIUM.exists() and not REQUIRED,
                       reason="Debian chromium not installed (apt-get install -y chromium chromium-driver); "
                              "set TIMELINE_REQUIRE_BROWSER=1 to make this a failure"),
]


@pytest.fixture(scope="module")
def events():
    tables = build_tables()
    ev = tables["events"].copy()
    ev.loc[ev["event_id"] == "K02", "title"] = HOSTILE_TITLE
    return ev, tables["event_mentions"]


@pytest.fixture(scope="module")
def page_file(tmp_path_factory, events) -> Path:
    ev, mentions = events
    path = tmp_path_factory.mktemp("page") / "timeline.html"
    atomic_write_text(path, render_page(ev, title="Grok and the 'undressed' images on X", mentions=mentions,
                                        window=WINDOW, milestones=MILESTONES, source_line="Source: test"))
    return path


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail("TIMELINE_REQUIRE_BROWSER=1 but /usr/bin/chromium is missing")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, page_file):
    context = browser.new_context(viewport={"width": 1000, "height": 1400})
    pg = context.new_page()
    problems: list[str] = []
    requests: list[str] = []
    pg.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning")
          else None)
    pg.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    pg.on("request", lambda r: requests.append(r.url))
    pg.goto(page_file.as_uri())
    pg.wait_for_selector("body[data-ready='1']", timeout=15000)
    yield pg, problems, requests
    context.close()


def _visible(pg) -> list[str]:
    return pg.eval_on_selector_all(".event:not([hidden])", "els => els.map(e => e.dataset.id)")


def test_page_loads_offline_and_shows_every_event(page, events, tmp_path):
    pg, problems, requests = page
    ev, _ = events
    assert len(_visible(pg)) == len(ev)
    assert pg.text_content("#count") == f"Showing {len(ev)} of {len(ev)} events"
    assert pg.eval_on_selector_all(".axis .dot", "els => els.length") == len(ev)
    shot = tmp_path / "timeline-page.png"
    pg.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    if os.environ.get("TIMELINE_SCREENSHOT_DIR"):
        shutil.copy(shot, Path(os.environ["TIMELINE_SCREENSHOT_DIR"]) / shot.name)
    assert problems == []
    assert all(u.startswith("file://") for u in requests), requests


def test_filters_by_type_actor_language_key_and_text(page, events):
    pg, problems, _ = page
    ev, _ = events
    pg.select_option("#filter-type", "block_ban")
    assert sorted(_visible(pg)) == ["K10", "K11"]
    pg.select_option("#filter-type", "")
    pg.select_option("#filter-actor", "Ofcom")
    assert sorted(_visible(pg)) == ["K05", "K12"]
    pg.select_option("#filter-actor", "")
    pg.select_option("#filter-language", "de")
    expected = sorted(ev.loc[ev["languages"].str.contains("de"), "event_id"])
    assert sorted(_visible(pg)) == expected and 0 < len(expected) < len(ev)
    pg.select_option("#filter-language", "")
    pg.check("#filter-key")
    assert sorted(_visible(pg)) == sorted(ev.loc[ev["is_key_event"].astype(bool), "event_id"])
    pg.uncheck("#filter-key")
    pg.fill("#filter-text", "paywall")
    assert _visible(pg) == ["K09", "M03"]  # Downing Street and Refuge on the paywall
    pg.fill("#filter-text", "no such words anywhere")
    assert _visible(pg) == [] and pg.is_visible("#empty")
    assert pg.text_content("#count") == f"Showing 0 of {len(ev)} events"
    assert problems == []


def test_script_in_a_title_is_shown_not_run(page):
    pg, problems, requests = page
    assert pg.evaluate("typeof window.__pwned") == "undefined"
    assert pg.eval_on_selector_all("img", "els => els.length") == 0
    shown = pg.text_content("#ev-K02 .title")
    assert shown == HOSTILE_TITLE
    assert problems == []
    assert all(u.startswith("file://") for u in requests)


def test_sources_link_out_and_mentions_expand(page):
    pg, problems, _ = page
    hrefs = pg.eval_on_selector_all("#ev-K08 .sources a", "els => els.map(a => a.href)")
    assert len(hrefs) == 7 and all(h.startswith("https://www.") for h in hrefs)
    assert pg.get_attribute("#ev-K08 .sources a", "rel") == "noopener noreferrer"
    assert not pg.is_visible("#ev-K08 details li")
    pg.click("#ev-K08 details summary")
    assert pg.is_visible("#ev-K08 details li")
    assert problems == []
