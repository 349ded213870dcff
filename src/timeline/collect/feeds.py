"""RSS and Atom feeds -> article URLs.

The collector fetches the feed itself (politely, through the fetcher) and hands feedparser only the
bytes, wrapped in a file object: given a string, feedparser would open URLs or local files on its own.
The bytes are checked with defusedxml first; a feed that declares entities is refused, a merely
malformed one is passed to feedparser's lenient parser, which often salvages the entries.
"""

from __future__ import annotations

import calendar
import io
from collections.abc import Callable
from datetime import UTC, date, datetime
from urllib.parse import urljoin

import feedparser

from timeline.collect.items import Discovery, FoundURL
from timeline.collect.xmlsafe import UnsafeXML, check_xml


class BrokenFeed(ValueError):
    """Nothing usable could be read from the feed."""


def _entry_date(entry: feedparser.FeedParserDict) -> str:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ""


def _entry_link(entry: feedparser.FeedParserDict) -> str:
    if entry.get("link"):
        return entry["link"]
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return ""


def parse_feed(data: bytes, base_url: str) -> list[FoundURL]:
    """Entries of an RSS/Atom document as FoundURLs; raise UnsafeXML or BrokenFeed."""
    well_formed = check_xml(data)  # raises UnsafeXML before feedparser sees anything dangerous
    parsed = feedparser.parse(
        io.BytesIO(data),
        response_headers={"content-location": base_url, "content-type": "application/xml"},
        resolve_relative_uris=True,
        sanitize_html=True,
    )
    if not parsed.entries:
        if not well_formed or parsed.bozo:
            raise BrokenFeed(f"broken-feed: {parsed.get('bozo_exception') or 'not well-formed XML'}")
        if not parsed.get("version"):
            raise BrokenFeed("broken-feed: not an RSS or Atom document")
    feed_lang = (parsed.feed.get("language") or "").split("-")[0].lower()
    outlet = parsed.feed.get("title", "")
    found = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            continue
        found.append(FoundURL(url=urljoin(base_url, link.strip()), origin=base_url, published=_entry_date(entry),
                              language=feed_lang, outlet=outlet, title=entry.get("title", "")))
    return found


def in_window(published: str, since: date | None, until: date | None) -> bool:
    """Undated items are kept: the page's own date decides later."""
    if not published or not (since or until):
        return True
    try:
        day = date.fromisoformat(published[:10])
    except ValueError:
        return True
    return (since is None or day >= since) and (until is None or day <= until)


def discover_feed(fetch: Callable, url: str, since: date | None = None, until: date | None = None) -> Discovery:
    """Fetch one feed with `fetch(url) -> FetchResult` and list its entries within the window."""
    report = Discovery(source=url)
    result = fetch(url)
    report.reached = result.status > 0
    if not result.ok:
        report.errors.append(f"{url}: {result.error or f'HTTP {result.status}'}")
        return report
    try:
        items = parse_feed(result.body, result.final_url or url)
    except (UnsafeXML, BrokenFeed) as exc:
        report.errors.append(f"{url}: {exc}")
        return report
    report.found = [item for item in items if in_window(item.published, since, until)]
    return report
