"""robots.txt: fetched once per origin, parsed with protego, consulted before every request.

Failure rules follow Google's documented behaviour: a 4xx for robots.txt means "no rules, crawl
everything"; a 5xx, 429, timeout or connection error means "assume everything is disallowed for
now" (recorded as ``robots-unavailable``, which a later run retries). ``Crawl-delay`` and
``Request-rate`` raise the host's delay in the shared :class:`~timeline.collect.ratelimit.HostGate`.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from protego import Protego

from timeline.collect.urls import host_key

if TYPE_CHECKING:
    from timeline.collect.http import Fetcher

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RobotsRules:
    """The outcome of fetching one origin's robots.txt."""

    parser: Protego | None  # None: no rules apply
    unavailable: str = ""  # non-empty: the reason everything is disallowed for this run

    def denial(self, url: str, user_agent: str) -> str | None:
        if self.unavailable:
            return f"robots-unavailable: {self.unavailable}"
        if self.parser is not None and not self.parser.can_fetch(url, user_agent):
            return "robots-disallowed: robots.txt forbids this URL for our user agent"
        return None


class RobotsCache:
    """Per-origin robots.txt rules for one run (thread-safe; each origin is fetched once)."""

    def __init__(self, fetcher: Fetcher):
        self._fetcher = fetcher
        self._rules: dict[str, RobotsRules] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def denial(self, url: str) -> str | None:
        """None when `url` may be fetched, else the manifest error explaining why not."""
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        return self.rules(origin).denial(url, self._fetcher.settings.user_agent)

    def rules(self, origin: str) -> RobotsRules:
        with self._guard:
            if origin in self._rules:
                return self._rules[origin]
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch per origin; the other workers for it wait here
            with self._guard:
                if origin in self._rules:
                    return self._rules[origin]
            rules = self._load(origin)
            with self._guard:
                self._rules[origin] = rules
            return rules

    def _load(self, origin: str) -> RobotsRules:
        settings = self._fetcher.settings
        result = self._fetcher.fetch(f"{origin}/robots.txt", accept=None, max_bytes=settings.max_robots_bytes,
                                     use_robots=False)
        if result.ok:
            parser = Protego.parse(result.body.decode("utf-8", errors="replace"))
            self._apply_delay(origin, parser)
            return RobotsRules(parser)
        if 400 <= result.status < 500 and result.status != 429:
            return RobotsRules(None)
        if result.error_kind == "too-large":
            return RobotsRules(None)  # Google reads the first 500 KiB; an oversized file is not a ban
        reason = f"robots.txt HTTP {result.status}" if result.status else f"robots.txt {result.error}"
        return RobotsRules(None, unavailable=reason)

    def _apply_delay(self, origin: str, parser: Protego) -> None:
        settings = self._fetcher.settings
        agent = settings.user_agent
        delay = parser.crawl_delay(agent)
        rate = parser.request_rate(agent)
        if rate is not None and rate.requests:
            delay = max(delay or 0.0, rate.seconds / rate.requests)
        if delay:
            if delay > settings.max_crawl_delay:
                log.warning("%s asks for a %.0f s crawl delay; using the %.0f s cap", origin, delay,
                            settings.max_crawl_delay)
            self._fetcher.gate.set_delay(host_key(origin), min(float(delay), settings.max_crawl_delay))
