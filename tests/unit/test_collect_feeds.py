"""Feeds: entries become URLs; hostile XML is refused before feedparser sees it."""

from datetime import date
from pathlib import Path

import pytest

from timeline.collect.feeds import BrokenFeed, discover_feed, in_window, parse_feed
from timeline.collect.http import FetchResult
from timeline.collect.xmlsafe import UnsafeXML

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "collect"
BASE = "https://news.example.org"


def feed(name: str) -> bytes:
    return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", BASE.encode())


def test_rss_entries_with_dates_and_language():
    items = parse_feed(feed("feed-rss.xml"), f"{BASE}/rss")
    assert [i.url for i in items][:2] == [
        f"{BASE}/technology/2026/jan/02/grok-safeguard-lapses?utm_source=rss&utm_medium=feed",
        f"{BASE}/technology/2026/jan/05/ofcom-x-grok#comments",
    ]
    assert items[0].published == "2026-01-02T18:41:00Z"
    assert items[0].language == "en"
    assert items[0].outlet == "Example News - Technology"


def test_atom_relative_links_resolve_against_the_feed():
    items = parse_feed(feed("feed-atom.xml"), f"{BASE}/atom.xml")
    assert items[1].url == f"{BASE}/pixels/article/2026/01/05/bruxelles-x-grok"
    assert items[0].published == "2026-01-02T10:05:00Z"  # +01:00 converted to UTC
    assert items[0].language == "fr"


def test_malformed_but_harmless_feed_is_salvaged():
    items = parse_feed(feed("feed-broken.xml"), f"{BASE}/broken")
    assert len(items) == 2


def test_garbage_is_a_broken_feed():
    with pytest.raises(BrokenFeed, match="broken-feed"):
        parse_feed(feed("feed-garbage.xml"), f"{BASE}/garbage")


@pytest.mark.parametrize("name", ["feed-entity-bomb.xml", "feed-xxe.xml"])
def test_entity_declarations_are_refused(name):
    with pytest.raises(UnsafeXML, match="unsafe-xml"):
        parse_feed(feed(name), f"{BASE}/evil")


def test_feedparser_never_opens_what_the_body_names(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text('<rss version="2.0"><channel><item><link>http://leak/</link></item></channel></rss>')
    # a body that is just a file name (or URL) must be parsed as text, not opened
    with pytest.raises(BrokenFeed):
        parse_feed(str(secret).encode(), f"{BASE}/feed")


def test_window_keeps_undated_and_in_range_entries():
    assert in_window("", date(2026, 1, 1), date(2026, 1, 31))
    assert in_window("2026-01-02T18:41:00Z", date(2026, 1, 1), date(2026, 1, 31))
    assert not in_window("2024-12-30T08:00:00Z", date(2026, 1, 1), None)
    assert not in_window("2026-02-01", None, date(2026, 1, 31))


def test_discover_filters_by_window_and_reports_failures():
    ok = FetchResult(f"{BASE}/rss", f"{BASE}/rss", status=200, body=feed("feed-rss.xml"))
    report = discover_feed(lambda url: ok, f"{BASE}/rss", date(2025, 12, 20), date(2026, 1, 31))
    assert report.reached and len(report.found) == 2 and not report.errors
    down = FetchResult(f"{BASE}/rss", f"{BASE}/rss", status=0, error="connection: ConnectError refused")
    report = discover_feed(lambda url: down, f"{BASE}/rss")
    assert not report.reached and "connection" in report.errors[0]
