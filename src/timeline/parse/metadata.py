"""Everything about a page except its body: title, bylines, canonical URL, outlet, language and date.

Title, bylines and canonical URL come from trafilatura's metadata reader (meta tags, JSON-LD, bylines);
the publication date from :mod:`timeline.parse.published` with htmldate behind it; the outlet from
:mod:`timeline.parse.outlet`; the language from :mod:`timeline.parse.language`. All offline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

from lxml.html import HtmlElement

from timeline.parse import published as pub
from timeline.parse.language import detect_language, normalise_tag
from timeline.parse.outlet import host_of, outlet_name, registered_domain, timezone_for_url, zone_or_none

__all__ = ["PageMeta", "detect_language", "read_metadata"]

HTMLDATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
MAX_TITLE = 500
MAX_AUTHORS = 12
_BYLINE_WORD = re.compile(r"^(written by|geschreven door|écrit par|by|par|door|von|por|di)\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself."""

    title: str | None
    authors: tuple[str, ...]
    url: str | None  # the canonical URL when it is trustworthy, else the URL it was fetched from
    site_name: str | None
    outlet: str | None
    language: str | None
    declared_language: str | None
    published: pub.Published


def read_metadata(
    tree: HtmlElement,
    url: str | None,
    body_text: str,
    *,
    nodes: list[dict],
    timezone: str | None = None,
) -> PageMeta:
    """Read a parsed page's metadata; `timezone` is the publisher's IANA zone if the caller knows it."""
    import trafilatura

    quick = trafilatura.extract_metadata(tree, default_url=url, date_config=_date_config(extensive=False))
    canonical = _canonical(quick.url, url)
    site_name = _site_name(tree, nodes)
    zone = timezone_for_url(canonical) or zone_or_none(timezone)
    published = pub.find_published(tree, nodes=nodes, htmldate_value=quick.date, publisher_tz=zone)
    if published.date is None:
        from htmldate import find_date

        deep = find_date(tree, url=canonical, **_date_config(extensive=True))
        published = pub.find_published(tree, nodes=nodes, htmldate_value=deep, publisher_tz=zone)
    declared = declared_language(tree)
    title = (quick.title or "").strip()[:MAX_TITLE] or None
    return PageMeta(
        title=title,
        authors=split_authors(quick.author),
        url=canonical,
        site_name=site_name,
        outlet=outlet_name(site_name, canonical),
        language=detect_language(f"{title or ''}\n{body_text}", prior=declared),
        declared_language=declared,
        published=published,
    )


def _date_config(*, extensive: bool) -> dict:
    latest = (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d")
    return {
        "original_date": True,
        "extensive_search": extensive,
        "outputformat": HTMLDATE_FORMAT,
        "max_date": latest,
    }


def _canonical(found: str | None, fetched: str | None) -> str | None:
    """The page's canonical URL if it is http(s) and on the fetched URL's site; else the fetched URL."""
    if not found:
        return fetched
    absolute = urljoin(fetched or "", found.strip())
    if host_of(absolute) is None:
        return fetched
    if fetched and registered_domain(absolute) != registered_domain(fetched):
        return fetched  # a canonical on another site (syndication, misconfiguration) is not this page
    return absolute


def _site_name(tree: HtmlElement, nodes: list[dict]) -> str | None:
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key in ("og:site_name", "application-name") and (meta.get("content") or "").strip():
            return meta.get("content").strip()
    for node in nodes:
        publisher = node.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str) and publisher["name"].strip():
            return publisher["name"].strip()
    return None


def declared_language(tree: HtmlElement) -> str | None:
    """The page's own language tag: ``<html lang>``, else ``content-language`` or ``og:locale``."""
    tag = normalise_tag(tree.get("lang") or tree.get("xml:lang"))
    if tag:
        return tag
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("http-equiv") or meta.get("property") or meta.get("name") or "").strip().lower()
        if key in ("content-language", "og:locale", "language", "dc.language"):
            tag = normalise_tag((meta.get("content") or "").split(",")[0])
            if tag:
                return tag
    return None


def split_authors(raw: str | None) -> tuple[str, ...]:
    """``"By Ann Smith; Bo Li"`` → ``("Ann Smith", "Bo Li")``, without byline words, duplicates or blanks."""
    names: dict[str, None] = {}
    for part in (raw or "").split(";"):
        name = _BYLINE_WORD.sub("", " ".join(part.split()))
        if name and len(name) <= 100:
            names.setdefault(name, None)
    return tuple(names)[:MAX_AUTHORS]
