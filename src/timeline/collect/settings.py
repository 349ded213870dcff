"""Collection settings: one frozen object with polite, safe defaults."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from importlib import metadata
from typing import Any


def _version() -> str:
    try:
        return metadata.version("timeline")
    except metadata.PackageNotFoundError:
        return "0"


DEFAULT_USER_AGENT = f"timeline/{_version()} (+https://github.com/timeline-toolkit/timeline)"
GDELT_HOST = "api.gdeltproject.org"


@dataclass(frozen=True)
class CollectSettings:
    """Knobs for one collection run. Defaults follow common crawler etiquette.

    `min_delay` is the pause between two request starts to the same host (robots.txt Crawl-delay
    raises it, up to `max_crawl_delay`); `per_host` and `workers` cap parallel requests per host and
    in total; `max_bytes` caps a body after decompression; `max_retry_after` is the longest
    Retry-After the collector waits for before giving up on a URL for this run.
    """

    user_agent: str = DEFAULT_USER_AGENT
    min_delay: float = 1.0
    per_host: int = 2
    workers: int = 8
    retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 30.0
    max_retry_after: float = 120.0
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    total_timeout: float = 90.0
    max_redirects: int = 5
    max_bytes: int = 10 * 1024 * 1024
    max_feed_bytes: int = 20 * 1024 * 1024
    max_robots_bytes: int = 500 * 1024
    max_crawl_delay: float = 60.0
    allow_private: bool = False
    respect_robots: bool = True
    sitemap_max_depth: int = 3
    sitemap_max_files: int = 100
    host_delays: dict[str, float] = field(default_factory=lambda: {GDELT_HOST: 5.0})

    def with_(self, **changes: Any) -> CollectSettings:
        unknown = set(changes) - set(self.__dataclass_fields__)
        if unknown:
            raise ValueError(f"unknown collect setting(s): {', '.join(sorted(unknown))}")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
