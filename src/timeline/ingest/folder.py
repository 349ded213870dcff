"""Read a folder of pages: a raw store with a manifest (collected or snapshot), or plain HTML files.

Every page goes through the same parser as the collector's output; a page that cannot be parsed, or that
turns out to be a paywall teaser, a cookie wall or not an article, is reported and left out of the NLP
stage, while the rest goes on.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path

from timeline.ingest import adapters
from timeline.ingest.records import IngestReport, cut_text, text_fingerprint
from timeline.types import Article

HTML_SUFFIXES = (".html", ".htm", ".xhtml")


def _pages(folder: Path) -> Iterator[tuple[str, str | None, bytes]]:
    """(name for messages, url or None, raw bytes) for every page in the folder."""
    from timeline.store.raw import find_stores, iter_stored_pages

    if find_stores(folder):  # a collected store, a snapshot, or a case folder holding several
        for page in iter_stored_pages(folder):
            yield page.path, page.final_url or page.url, page.read_bytes()
        return
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in HTML_SUFFIXES and p.is_file()):
        yield str(path.relative_to(folder)), None, path.read_bytes()


def read_folder(
    folder: Path | str,
    report: IngestReport | None = None,
    *,
    hints_by_url: Mapping[str, dict] | None = None,
    max_chars: int = 200_000,
    keep_non_articles: bool = False,
) -> Iterator[Article]:
    """Yield articles parsed from the pages of `folder`; problems go to `report`."""
    folder = Path(folder)
    report = report if report is not None else IngestReport(source=str(folder))
    hints_by_url = hints_by_url or {}
    seen: dict[str, str] = {}
    for name, url, data in _pages(folder):
        report.n_records += 1
        try:
            article = adapters.parse_html(data, url=url, hints=hints_by_url.get(url or ""))
        except Exception as exc:  # a hostile page is reported, never fatal
            report.reject(f"page could not be parsed: {type(exc).__name__}: {exc}", None, name)
            continue
        hint = hints_by_url.get(article.url or "", {})
        _apply_hints(article, hint)
        if article.page_kind != "article" and not keep_non_articles:
            report.reject(f"page is not an article ({article.page_kind})", None, name)
            continue
        if not article.text.strip():
            report.reject("no article text found on the page", None, name)
            continue
        fingerprint = text_fingerprint(article.text)
        if fingerprint in seen:
            report.reject(f"duplicate text of {seen[fingerprint]}", None, name)
            continue
        seen[fingerprint] = name
        article.text, was_cut = cut_text(article.text, max_chars)
        if was_cut:
            report.warn(f"text longer than {max_chars} characters; cut at the limit", None, name)
        article.content_sha256 = article.content_sha256 or fingerprint
        report.n_articles += 1
        yield article


def _apply_hints(article: Article, hint: Mapping) -> None:
    """Fill what the page did not say from the analyst's sources list (never overriding the page)."""
    if not hint:
        return
    if not article.outlet and hint.get("outlet"):
        article.outlet = hint["outlet"]
    if not article.language and hint.get("language"):
        article.language = hint["language"]
    if article.published_date is None and hint.get("published_date"):
        with contextlib.suppress(ValueError):
            article.published_date = date.fromisoformat(str(hint["published_date"])[:10])
