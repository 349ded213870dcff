"""GDELT DOC 2.0 API (ArtList, JSON) -> article URLs.

The API returns at most 250 articles per call and asks clients to space calls (about one every
5 seconds; the fetcher's per-host delay for api.gdeltproject.org enforces that). A window that comes
back full is split in two and each half asked again, down to `min_span`; errors arrive as plain text
(rate-limit notices, query errors) rather than JSON, and are told apart here. The API only covers
roughly the last three months.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode

from timeline.collect.items import Discovery, FoundURL

GDELT_ENDPOINT = "https://api.gdeltproject.org/api/v2/doc/doc"
MAX_RECORDS = 250
GDELT_LANGUAGES = {
    "en": "english", "nl": "dutch", "fr": "french", "de": "german", "es": "spanish", "it": "italian",
    "pt": "portuguese", "pl": "polish", "sv": "swedish", "da": "danish", "no": "norwegian", "fi": "finnish",
    "ru": "russian", "uk": "ukrainian", "ar": "arabic", "zh": "chinese", "ja": "japanese", "ko": "korean",
    "tr": "turkish", "el": "greek", "cs": "czech", "hu": "hungarian", "ro": "romanian", "ca": "catalan",
}
_CODES = {name: code for code, name in GDELT_LANGUAGES.items()}
_RATE_LIMIT = re.compile(r"limit requests|rate limit|too many requests", re.IGNORECASE)
_UNREACHABLE_KINDS = ("dns", "connection", "timeout")


class GdeltRateLimited(Exception):
    """GDELT asked us to slow down."""


class GdeltError(ValueError):
    """GDELT answered with an error message instead of results."""


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def query_url(query: str, start: datetime, end: datetime, language: str = "", endpoint: str = GDELT_ENDPOINT) -> str:
    """The ArtList URL for `query` between `start` and `end` (UTC), optionally for one source language."""
    if language and language not in GDELT_LANGUAGES:
        raise ValueError(f"GDELT has no source language for {language!r}")
    full = f"{query} sourcelang:{GDELT_LANGUAGES[language]}" if language else query
    params = {"query": full, "mode": "ArtList", "format": "json", "maxrecords": str(MAX_RECORDS),
              "sort": "DateAsc", "startdatetime": _stamp(start), "enddatetime": _stamp(end)}
    return f"{endpoint}?{urlencode(params, quote_via=quote)}"


def _seen(value: str) -> str:
    try:
        return datetime.strptime(value, "%Y%m%dT%H%M%SZ").strftime("%Y-%m-%dT%H:%M:%SZ")
    except (TypeError, ValueError):
        return ""


def parse_artlist(body: bytes, origin: str = "gdelt") -> list[FoundURL]:
    """Articles of one ArtList JSON response; raise GdeltRateLimited or GdeltError for text answers."""
    text = body.decode("utf-8", errors="replace").strip()
    if not text:
        return []
    try:
        data = json.loads(text, strict=False)
    except json.JSONDecodeError:
        first = " ".join(text.split())[:200]
        if _RATE_LIMIT.search(text):
            raise GdeltRateLimited(first) from None
        raise GdeltError(f"gdelt-error: {first}") from None
    if not isinstance(data, dict):
        raise GdeltError("gdelt-error: JSON answer is not an object")
    found = []
    for art in data.get("articles") or []:
        if not isinstance(art, dict) or not art.get("url"):
            continue
        found.append(FoundURL(url=str(art["url"]), origin=origin, published=_seen(art.get("seendate", "")),
                              language=_CODES.get(str(art.get("language", "")).lower(), ""),
                              outlet=str(art.get("domain", "")), title=str(art.get("title", ""))))
    return found


class GdeltSearch:
    """Runs one query over a window, splitting full windows and backing off when rate-limited."""

    def __init__(self, fetch: Callable, *, endpoint: str = GDELT_ENDPOINT, min_span: timedelta = timedelta(minutes=30),
                 max_calls: int = 200, rate_limit_wait: float = 5.0, max_waits: int = 4,
                 sleep: Callable[[float], None] = time.sleep):
        self.fetch, self.endpoint, self.min_span = fetch, endpoint, min_span
        self.max_calls, self.rate_limit_wait, self.max_waits, self.sleep = max_calls, rate_limit_wait, max_waits, sleep
        self.calls = 0
        self.unreachable = False  # set when a call got no HTTP answer at all (no network, DNS failure)

    def _call(self, url: str, report: Discovery) -> list[FoundURL] | None:
        """One window; None when it failed (the reason is in `report.errors`)."""
        for attempt in range(self.max_waits + 1):
            self.calls += 1
            result = self.fetch(url)
            report.reached = report.reached or result.status > 0
            if result.status == 429 or (result.ok and _RATE_LIMIT.search(result.body[:500].decode("utf-8", "replace"))):
                if attempt < self.max_waits:
                    self.sleep(self.rate_limit_wait * 2**attempt)
                    continue
                report.errors.append(f"{url}: gdelt-rate-limited after {self.max_waits} back-offs")
                return None
            if not result.ok:
                report.errors.append(f"{url}: {result.error or f'HTTP {result.status}'}")
                self.unreachable = result.status == 0 and result.error_kind in _UNREACHABLE_KINDS
                return None
            try:
                return parse_artlist(result.body, origin=report.source)
            except (GdeltError, GdeltRateLimited) as exc:
                report.errors.append(f"{url}: {exc}")
                return None
        return None

    def run(self, query: str, start: datetime, end: datetime, languages: tuple[str, ...] = ()) -> Discovery:
        report = Discovery(source=f"gdelt:{query}")
        for lang in languages or ("",):
            if lang and lang not in GDELT_LANGUAGES:
                report.errors.append(f"gdelt: no GDELT source language for {lang!r}; skipped")
                continue
            if not self._run_language(query, start, end, lang, report):
                break
        unique = {item.url: item for item in report.found}
        report.found = list(unique.values())
        return report

    def _run_language(self, query: str, start: datetime, end: datetime, lang: str, report: Discovery) -> bool:
        """Collect one language; False when the API is unreachable (no point in asking again)."""
        stack = [(start, end)]
        while stack:
            if self.calls >= self.max_calls:
                report.errors.append(f"gdelt: stopped after {self.max_calls} calls (cap)")
                return False
            lo, hi = stack.pop()
            items = self._call(query_url(query, lo, hi, lang, self.endpoint), report)
            if items is None:
                if self.unreachable:
                    return False
                continue
            if len(items) >= MAX_RECORDS and hi - lo > self.min_span:
                mid = lo + (hi - lo) / 2
                stack += [(mid, hi), (lo, mid)]  # earliest half first
                continue
            if len(items) >= MAX_RECORDS:
                report.errors.append(f"gdelt: {lo:%Y-%m-%d %H:%M}-{hi:%H:%M} still has {MAX_RECORDS}+ results at "
                                     "the smallest window; some articles are missed")
            report.found += items
        return True
