"""One page in, one :class:`~timeline.types.Article` out — or a :class:`~timeline.errors.RecordError`.

The error policy, so callers know what to expect:

* **RecordError** when there is no page to speak of: empty input, binary or compressed bytes, input
  without markup, a page over :data:`~timeline.parse.encoding.MAX_PAGE_BYTES`, or a failure inside a
  third-party parser (wrapped, with the exception's type in the reason). Nothing else is raised.
* **An Article, flagged**, for every page that parses: ``page_kind`` is ``article``, ``paywall``,
  ``cookie_wall`` or ``not_article`` (see :mod:`timeline.parse.classify`), ``is_paywalled`` is set, and
  ``text`` may be short or empty for the non-article kinds. Callers decide what to keep (the raw-store
  reader drops everything but ``article``, with the reason).

Malformed markup, wrong or missing charsets, mixed encodings and extremely deep nesting are repaired on
the way in (:mod:`timeline.parse.encoding`, :mod:`timeline.parse.dom`), not rejected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from timeline.errors import RecordError
from timeline.parse.classify import PageKind, classify_page
from timeline.parse.dom import parse_html
from timeline.parse.encoding import decode_html
from timeline.parse.extract import Body, extract_body
from timeline.parse.jsonld import json_ld_nodes
from timeline.parse.language import normalise_tag
from timeline.parse.metadata import PageMeta, read_metadata
from timeline.types import Article

HINT_KEYS = ("outlet", "language", "published_date", "published", "title", "timezone", "content_type")


@dataclass(frozen=True, slots=True)
class _Parsed:
    body: Body
    meta: PageMeta
    kind: PageKind


def parse_page(
    data: bytes | str,
    url: str | None = None,
    *,
    article_id: str | None = None,
    hints: Mapping | None = None,
) -> Article:
    """Parse a saved or fetched page into an Article.

    Args:
        data: the raw bytes as fetched (preferred: the charset is detected from them) or decoded text.
        url: the URL the page was fetched from (after redirects), if known.
        article_id: the id to give the article; default a stable hash of URL and text.
        hints: what a sources list knows about the page (``outlet``, ``language``, ``published_date``,
            ``title``), used only where the page itself says nothing; ``timezone`` (IANA name of the
            publisher's zone, for UTC timestamps) and ``content_type`` (the server's header, for the
            charset) help parsing.

    Raises:
        RecordError: the input is not a usable page; the reason says why (see the module docstring).
    """
    hints = hints or {}
    record = article_id or url
    try:
        parsed = _parse(data, url, hints)
    except RecordError as exc:
        raise RecordError(exc.reason, record_id=record) from exc
    except Exception as exc:  # a third-party parser failing on a hostile page is one bad record
        raise RecordError(f"page could not be parsed ({type(exc).__name__}: {exc})", record_id=record) from exc
    return _article(parsed, data, url, article_id, hints)


def _parse(data: bytes | str, url: str | None, hints: Mapping) -> _Parsed:
    text = decode_html(data, declared=_str(hints.get("content_type")))
    tree = parse_html(text)
    nodes = json_ld_nodes(tree)
    body = extract_body(tree, url)
    meta = read_metadata(tree, url, body.text, nodes=nodes, timezone=_str(hints.get("timezone")))
    kind = classify_page(tree, url or meta.url, body.text, nodes=nodes)
    return _Parsed(body, meta, kind)


def _article(parsed: _Parsed, data: bytes | str, url: str | None, article_id: str | None, hints: Mapping) -> Article:
    body, meta, kind = parsed.body, parsed.meta, parsed.kind
    published_date, published_datetime = meta.published.date, meta.published.datetime
    if published_date is None:
        published_date, published_datetime = _hinted_date(hints.get("published_date") or hints.get("published"))
    page_url = meta.url or url
    return Article(
        article_id=article_id or stable_article_id(page_url, body.text),
        text=body.text,
        url=page_url,
        outlet=meta.outlet or _str(hints.get("outlet")),
        language=meta.language or normalise_tag(_str(hints.get("language"))),
        published_date=published_date,
        published_datetime=published_datetime,
        title=meta.title or _str(hints.get("title")),
        authors=meta.authors or body.authors,
        is_paywalled=kind.is_paywalled,
        page_kind=kind.kind,
        extractor=body.extractor,
        content_sha256=content_sha256(data),
    )


def stable_article_id(url: str | None, text: str) -> str:
    """The same id on every run for the same URL and text (the scheme the JSONL reader uses)."""
    digest = hashlib.sha256(f"{url or ''}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()
    return "a" + digest[:15]


def content_sha256(data: bytes | str) -> str:
    """SHA-256 of the page as received (bytes as is, text as UTF-8)."""
    raw = data if isinstance(data, bytes) else str(data).encode("utf-8", "surrogatepass")
    return hashlib.sha256(raw).hexdigest()


def _hinted_date(value: object) -> tuple[date | None, str | None]:
    """A sources-list date: a ``date``, ``datetime`` or ISO string; anything unreadable is ignored."""
    if isinstance(value, datetime):
        return value.date(), value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value, None
    text = _str(value)
    if not text:
        return None, None
    try:
        if len(text) <= 10:
            return date.fromisoformat(text), None
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return None, None
    return stamp.date(), stamp.isoformat(timespec="seconds")


def _str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None
