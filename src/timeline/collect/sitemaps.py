"""Sitemaps (XML, gzipped XML or plain text), Google News sitemaps and sitemap indexes -> article URLs.

Indexes are followed breadth-first up to a depth and a file-count cap, so a hostile or looping
index cannot keep the collector busy; child sitemaps whose ``lastmod`` is before the window are
skipped, since they cannot list articles published inside it.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from timeline.collect.decompress import TooLarge, UnsupportedEncoding, maybe_gunzip
from timeline.collect.feeds import in_window
from timeline.collect.items import Discovery, FoundURL
from timeline.collect.xmlsafe import BrokenXML, UnsafeXML, local_name, parse_xml


@dataclass
class SitemapDoc:
    urls: list[FoundURL] = field(default_factory=list)
    children: list[tuple[str, str]] = field(default_factory=list)  # (sitemap url, lastmod)


def _child_text(element, name: str, *, direct: bool = False) -> str:
    """Text of the first descendant named `name` (only direct children with `direct`: an
    ``<image:loc>`` nested in a ``<url>`` must not be taken for the page's ``<loc>``)."""
    for child in (element if direct else element.iter()):
        if local_name(child.tag) == name and child.text:
            return child.text.strip()
    return ""


def _url_entry(element, base_url: str) -> FoundURL | None:
    loc = _child_text(element, "loc", direct=True)
    if not loc:
        return None
    published = _child_text(element, "publication_date") or _child_text(element, "lastmod")
    return FoundURL(url=urljoin(base_url, loc), origin=base_url, published=published,
                    language=_child_text(element, "language").split("-")[0].lower(),
                    outlet=_child_text(element, "name"), title=_child_text(element, "title"))


def parse_sitemap(data: bytes, base_url: str, max_bytes: int = 50 * 1024 * 1024) -> SitemapDoc:
    """Read one sitemap document; raise UnsafeXML/BrokenXML/TooLarge for unusable input."""
    data = maybe_gunzip(data, max_bytes)
    doc = SitemapDoc()
    if not data.lstrip().startswith(b"<"):  # the plain-text sitemap format: one URL per line
        for line in data.decode("utf-8", errors="replace").splitlines():
            if line.strip().startswith(("http://", "https://")):
                doc.urls.append(FoundURL(url=line.strip(), origin=base_url))
        return doc
    root = parse_xml(data)
    kind = local_name(root.tag)
    if kind == "urlset":
        doc.urls = [u for el in root if local_name(el.tag) == "url" and (u := _url_entry(el, base_url))]
    elif kind == "sitemapindex":
        for el in root:
            if local_name(el.tag) == "sitemap" and (loc := _child_text(el, "loc", direct=True)):
                doc.children.append((urljoin(base_url, loc), _child_text(el, "lastmod")))
    else:
        raise BrokenXML(f"broken-xml: root element <{kind}> is not a sitemap")
    return doc


def _wanted(item: FoundURL, since: date | None, until: date | None, languages: tuple[str, ...]) -> bool:
    if languages and item.language and item.language not in languages:
        return False
    return in_window(item.published, since, until)


def discover_sitemap(
    fetch: Callable,
    url: str,
    *,
    since: date | None = None,
    until: date | None = None,
    languages: tuple[str, ...] = (),
    max_depth: int = 3,
    max_files: int = 100,
    max_bytes: int = 50 * 1024 * 1024,
) -> Discovery:
    """Walk a sitemap (or index) with `fetch(url) -> FetchResult`; URLs inside the window and languages."""
    report = Discovery(source=url)
    queue: deque[tuple[str, int]] = deque([(url, 0)])
    visited: set[str] = set()
    while queue:
        current, depth = queue.popleft()
        if current in visited:
            continue
        if len(visited) >= max_files:
            report.errors.append(f"{url}: stopped after {max_files} sitemap files (cap)")
            break
        visited.add(current)
        result = fetch(current)
        report.reached = report.reached or result.status > 0
        if not result.ok:
            report.errors.append(f"{current}: {result.error or f'HTTP {result.status}'}")
            continue
        try:
            doc = parse_sitemap(result.body, result.final_url or current, max_bytes)
        except (UnsafeXML, BrokenXML, TooLarge, UnsupportedEncoding) as exc:
            report.errors.append(f"{current}: {exc}")
            continue
        report.found += [u for u in doc.urls if _wanted(u, since, until, languages)]
        for child, lastmod in doc.children:
            if depth + 1 > max_depth:
                report.errors.append(f"{child}: deeper than {max_depth} nested indexes (cap); skipped")
            elif not (since and lastmod and lastmod[:10] < since.isoformat()):
                queue.append((child, depth + 1))
    return report
