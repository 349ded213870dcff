"""Plain records passed between discovery (feeds, sitemaps, GDELT) and the collection loop."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FoundURL:
    """An article URL some source pointed at, with what the source said about it."""

    url: str
    origin: str = ""  # the feed, sitemap, query or list it came from
    published: str = ""  # ISO date or datetime when the source gave one
    language: str = ""  # ISO 639-1 when known
    outlet: str = ""
    title: str = ""


@dataclass
class Discovery:
    """What one discovery source yielded, and what went wrong (one message per failed request)."""

    source: str
    found: list[FoundURL] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    reached: bool = False  # at least one HTTP response came back (the host is reachable)
