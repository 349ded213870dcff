"""The interactive page: self-contained, every event present, and hostile text stays text."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from tests.fixtures.present.grok_case import MILESTONES, WINDOW, build_tables
from timeline.present.html import json_for_script, page_data, render_page

HOSTILE = '</script><script>window.__pwned = 1</script><img src=x onerror="window.__pwned=2"> & <!--'


class _Scripts(HTMLParser):
    """Collects <script> elements as a browser's tokenizer would see them."""

    def __init__(self):
        super().__init__()
        self.scripts: list[tuple[dict, str]] = []
        self.tags: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "script":
            self._open = dict(attrs)
            self.scripts.append((self._open, ""))

    def handle_data(self, data):
        if self._open is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._open = None


@pytest.fixture(scope="module")
def tables():
    return build_tables()


def _hostile_events(tables) -> pd.DataFrame:
    events = tables["events"].copy()
    events.loc[0, "title"] = HOSTILE
    events.loc[0, "actors"] = "<b>Grok</b>"
    events.loc[1, "sources"] = "javascript:alert(1); https://ok.example/a?x=1&y=2"
    return events


def test_page_is_self_contained_and_shows_every_event(tables):
    page = render_page(tables["events"], title="Grok", mentions=tables["event_mentions"], window=WINDOW,
                       milestones=MILESTONES)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page.split('id="timeline-data"')[0])
    parser = _Scripts()
    parser.feed(page)
    (data_attrs, data_text), (code_attrs, _code) = parser.scripts
    assert data_attrs["type"] == "application/json" and "src" not in code_attrs
    data = json.loads(data_text)
    assert [e["id"] for e in data["events"]] == sorted(tables["events"]["event_id"],
                                                        key=lambda i: (tables["events"].set_index("event_id")
                                                                       .loc[i, "date"], i))
    assert sum(len(e["mentions"]) for e in data["events"]) == len(tables["event_mentions"])
    assert data["window"] == ["2026-01-02", "2026-01-09"]


def test_hostile_title_cannot_leave_the_data_block(tables):
    page = render_page(_hostile_events(tables), title="<script>alert(1)</script>", subtitle=HOSTILE)
    parser = _Scripts()
    parser.feed(page)
    assert len(parser.scripts) == 2, "a title opened a script element"
    assert "img" not in parser.tags
    data = json.loads(parser.scripts[0][1])
    assert data["events"][0]["title"] == HOSTILE  # kept exactly, as data
    assert "<title>&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page


def test_javascript_urls_are_dropped_and_http_kept(tables):
    data = page_data(_hostile_events(tables))
    sources = next(e for e in data["events"] if e["id"] == tables["events"].loc[1, "event_id"])["sources"]
    assert [s["url"] for s in sources] == ["", "https://ok.example/a?x=1&y=2"]


def test_json_for_script_escapes_markup_but_parses_back():
    value = {"t": "</script><!-- & \u2028 >"}
    text = json_for_script(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


def test_content_security_policy_allows_only_our_inline_code(tables):
    page = render_page(tables["events"], title="Grok")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    parser = _Scripts()
    parser.feed(page)
    code = parser.scripts[1][1]
    digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in csp


def test_page_texts_follow_the_language(tables):
    page = render_page(tables["events"], title="Grok", lang="nl")
    assert '<html lang="nl">' in page and "Alleen kerngebeurtenissen" in page
    data = page_data(tables["events"], lang="nl")
    assert data["texts"]["page.showing"] == "{n} van {total} gebeurtenissen"
    assert data["events"][1]["display_date"] == "2 jan 2026"
