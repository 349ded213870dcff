"""The two things input readers borrow from the parse layer, behind one seam.

Keeping them here means the JSONL reader and the raw-store reader call the same page parser and the
same offline language detector, whatever library sits underneath.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from timeline.types import Article

HINT_KEYS = ("outlet", "language", "published_date", "title", "timezone", "content_type")


def parse_html(html: str | bytes, url: str | None = None, hints: Mapping | None = None) -> Article:
    """Parse a page; `hints` (e.g. a sources.csv row) fill only what the page does not say."""
    from timeline.parse.page import parse_page

    useful = {k: v for k, v in (hints or {}).items() if k in HINT_KEYS and v not in (None, "")}
    return parse_page(html, url, hints=useful or None)


@lru_cache(maxsize=1)
def _detector():
    from timeline.parse import metadata

    return getattr(metadata, "detect_language", None)


def detect_language(text: str, title: str | None = None) -> str | None:
    """Offline language identification of a text (None when it cannot tell)."""
    detect = _detector()
    sample = f"{title or ''}\n{text[:3000]}"
    if detect is not None:
        return detect(sample)
    import py3langid

    code, _ = py3langid.classify(sample)
    return code
