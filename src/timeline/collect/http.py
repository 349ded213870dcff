"""The fetcher: the only code in the toolkit that opens network connections.

One request = safety check of the resolved address -> robots.txt -> per-host slot (delay and
concurrency cap) -> GET pinned to the checked address -> bounded, decompressed body. Redirects are
followed by hand so every hop goes through the same checks; 429/5xx/connection errors are retried
with exponential backoff (tenacity), honouring Retry-After up to a cap. The result is a
:class:`FetchResult` whose ``error`` starts with a stable kind (``http-status``, ``timeout``,
``robots-disallowed``, ``unsafe-url``, ``unsupported-type``, ``too-large`` ...), which the raw store
records and the resume logic reads.

Content policy for pages: HTML and XHTML are kept; anything else (PDF, images, video, archives) is
refused from its Content-Type header before the body is downloaded, or from its first bytes when
the header is missing or generic, and recorded as ``unsupported-type`` without a stored body.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from urllib.parse import urljoin

import httpx
import tenacity

from timeline.collect.decompress import ACCEPT_ENCODING, TooLarge, UnsupportedEncoding, decode_stream
from timeline.collect.ratelimit import HostGate
from timeline.collect.safety import SafetyPolicy
from timeline.collect.settings import CollectSettings
from timeline.collect.urls import host_key
from timeline.errors import FetchError, UnsafeURLError

HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml",
             "application/rdf+xml", "application/x-gzip", "application/gzip", "text/plain")
JSON_TYPES = ("application/json", "text/json", "text/plain", "text/html", "text/javascript")
GENERIC_TYPES = ("", "application/octet-stream", "binary/octet-stream", "application/unknown")
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"RIFF", b"\x00\x00\x00")
_ACCEPT_HEADERS = {
    HTML_TYPES: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
    XML_TYPES: "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
    JSON_TYPES: "application/json,*/*;q=0.1",
}


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class FetchResult:
    """What happened to one URL: the final response, or why there is none."""

    url: str
    final_url: str
    status: int = 0  # 0: no HTTP response (refused, DNS, connection, timeout)
    content_type: str = ""
    body: bytes | None = None
    error: str = ""
    fetched_at: str = ""
    redirect_to: str | None = None

    @property
    def ok(self) -> bool:
        return not self.error and self.body is not None and 200 <= self.status < 300

    @property
    def error_kind(self) -> str:
        return self.error.split(":", 1)[0] if self.error else ""


class _Retryable(Exception):
    def __init__(self, result: FetchResult, retry_after: float | None = None):
        super().__init__(result.error)
        self.result, self.retry_after = result, retry_after


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _sniff_ok(body: bytes, accept: tuple[str, ...]) -> bool:
    """For a missing or generic Content-Type: does the body look like what we asked for?"""
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(BINARY_MAGIC):
        return False
    if accept == HTML_TYPES:
        return any(tag in head for tag in (b"<!doctype html", b"<html", b"<head", b"<body", b"<title"))
    if accept == XML_TYPES:
        return head.startswith((b"<?xml", b"<rss", b"<feed", b"<urlset", b"<sitemapindex", b"<rdf", b"\x1f\x8b"))
    return True


def _timed(chunks: Iterable[bytes], deadline: float, limit: float) -> Iterator[bytes]:
    for chunk in chunks:
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout(f"body not complete after {limit:g} s")
        yield chunk


class Fetcher:
    """Polite, safe HTTP GET with retries; thread-safe (one instance serves all workers)."""

    def __init__(
        self,
        settings: CollectSettings | None = None,
        *,
        policy: SafetyPolicy | None = None,
        gate: HostGate | None = None,
        client: httpx.Client | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ):
        from timeline.collect.robots import RobotsCache  # robots uses the fetcher; import here avoids a cycle

        self.settings = s = settings or CollectSettings()
        self.policy = policy or SafetyPolicy(allow_private=s.allow_private)
        self.gate = gate or HostGate(s.min_delay, s.per_host)
        for host, delay in s.host_delays.items():
            self.gate.set_delay(host, delay)
        self._shared_client = client
        self._clients: dict[str, httpx.Client] = {}
        self._clients_lock = threading.Lock()
        self._sleep = sleep
        self.robots = RobotsCache(self) if s.respect_robots else None

    def _new_client(self) -> httpx.Client:
        s = self.settings
        return httpx.Client(
            trust_env=False,  # a proxy from the environment would bypass the address policy
            follow_redirects=False,
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout, write=s.read_timeout, pool=None),
            limits=httpx.Limits(max_connections=s.per_host + 1, max_keepalive_connections=s.per_host),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": ACCEPT_ENCODING},
        )

    def client_for(self, host: str) -> httpx.Client:
        """One connection pool per host name. Requests go to IP addresses, and httpx pools by address:
        a shared pool could reuse a TLS connection made for one name (SNI) for another name on the same
        CDN address, which such servers reject. Separate pools keep name, SNI and Host header together."""
        if self._shared_client is not None:
            return self._shared_client
        with self._clients_lock:
            client = self._clients.get(host)
            if client is None:
                client = self._clients[host] = self._new_client()
            return client

    def close(self) -> None:
        with self._clients_lock:
            clients, self._clients = list(self._clients.values()), {}
        for client in clients:
            client.close()
        if self._shared_client is not None:
            self._shared_client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public ---------------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        accept: tuple[str, ...] | None = HTML_TYPES,
        max_bytes: int | None = None,
        use_robots: bool = True,
    ) -> FetchResult:
        """GET `url`, following up to `max_redirects` redirects, each hop checked like the first."""
        current, seen = url, {url}
        for _ in range(self.settings.max_redirects + 1):
            refusal = self._refusal(current, use_robots)
            if refusal is not None:
                return FetchResult(url, current, error=refusal, fetched_at=utc_now())
            result = self._with_retries(current, accept, max_bytes or self.settings.max_bytes)
            if result.redirect_to is None:
                return replace(result, url=url, final_url=current)
            target = urljoin(current, result.redirect_to)
            if target in seen:
                return replace(result, url=url, final_url=target, redirect_to=None,
                               error=f"redirect-loop: {target} was already visited")
            seen.add(target)
            current = target
        return FetchResult(url, current, status=result.status, fetched_at=result.fetched_at,
                           error=f"too-many-redirects: more than {self.settings.max_redirects}")

    # -- steps ----------------------------------------------------------------------------------

    def _refusal(self, url: str, use_robots: bool) -> str | None:
        try:
            self.policy.check_url(url)
        except FetchError as exc:
            return str(exc)
        if use_robots and self.robots is not None:
            return self.robots.denial(url)
        return None

    def _wait(self, state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, _Retryable) and exc.retry_after is not None:
            return exc.retry_after
        s = self.settings
        backoff = min(s.backoff_max, s.backoff_base * 2 ** (state.attempt_number - 1))
        return backoff * (0.8 + 0.4 * random.random())  # jitter spreads out workers retrying together

    def _with_retries(self, url: str, accept: tuple[str, ...] | None, max_bytes: int) -> FetchResult:
        retrying = tenacity.Retrying(
            stop=tenacity.stop_after_attempt(self.settings.retries + 1),
            wait=self._wait,
            retry=tenacity.retry_if_exception_type(_Retryable),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(self._attempt, url, accept, max_bytes)
        except _Retryable as exc:
            return exc.result

    def _attempt(self, url: str, accept: tuple[str, ...] | None, max_bytes: int) -> FetchResult:
        try:
            address = self.policy.check_url(url)
            parsed = httpx.URL(url)
        except (UnsafeURLError, FetchError) as exc:
            return FetchResult(url, url, error=str(exc), fetched_at=utc_now())
        except httpx.InvalidURL as exc:
            return FetchResult(url, url, error=f"bad-url: {exc}", fetched_at=utc_now())
        host = parsed.raw_host.decode("ascii")
        headers = {"Host": parsed.netloc.decode("ascii"), "Accept": _ACCEPT_HEADERS.get(accept, "*/*")}
        extensions = {"sni_hostname": host} if parsed.scheme == "https" else {}
        hkey = host_key(url)
        fetched_at = utc_now()
        try:
            with self.gate.slot(hkey):
                fetched_at = utc_now()
                pinned = parsed.copy_with(host=address)  # connect to the address that passed the policy
                client = self.client_for(host)
                with client.stream("GET", pinned, headers=headers, extensions=extensions) as resp:
                    return self._read(url, hkey, resp, accept, max_bytes, fetched_at)
        except httpx.TimeoutException as exc:
            raise _Retryable(FetchResult(url, url, error=f"timeout: {type(exc).__name__} {exc}".strip(),
                                         fetched_at=fetched_at)) from None
        except httpx.TransportError as exc:
            raise _Retryable(FetchResult(url, url, error=f"connection: {type(exc).__name__} {exc}".strip(),
                                         fetched_at=fetched_at)) from None

    def _read(self, url: str, hkey: str, resp: httpx.Response, accept: tuple[str, ...] | None,
              max_bytes: int, fetched_at: str) -> FetchResult:
        status = resp.status_code
        ctype = resp.headers.get("content-type", "")
        base = FetchResult(url, url, status=status, content_type=ctype, fetched_at=fetched_at)
        if status in REDIRECT_STATUSES and resp.headers.get("location"):
            return replace(base, redirect_to=resp.headers["location"])
        if status in RETRY_STATUSES:
            return self._retry_or_give_up(base, hkey, resp.headers.get("retry-after"))
        if status >= 300:
            return replace(base, error=f"http-status: {status}")
        media = _media_type(ctype)
        if accept is not None and media not in accept and media not in GENERIC_TYPES:
            return replace(base, error=f"unsupported-type: {media} (not collected)")
        length = resp.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            return replace(base, error=f"too-large: Content-Length {length} over the {max_bytes} byte limit")
        limit = self.settings.total_timeout
        try:
            body = decode_stream(_timed(resp.iter_raw(), time.monotonic() + limit, limit),
                                 resp.headers.get("content-encoding", ""), max_bytes)
        except TooLarge as exc:
            return replace(base, error=str(exc))
        except UnsupportedEncoding as exc:
            return replace(base, error=f"bad-encoding: {exc}")
        if accept is not None and media in GENERIC_TYPES and not _sniff_ok(body, accept):
            return replace(base, error=f"unsupported-type: {media or 'no content-type'} and the body is not "
                                       f"{accept[0]}")
        return replace(base, body=body)

    def _retry_or_give_up(self, base: FetchResult, hkey: str, retry_after_header: str | None) -> FetchResult:
        result = replace(base, error=f"http-status: {base.status}")
        retry_after = parse_retry_after(retry_after_header)
        cap = self.settings.max_retry_after
        if retry_after is not None:
            self.gate.defer(hkey, min(retry_after, cap))  # every worker on this host backs off, not just us
            if retry_after > cap:
                return replace(result, error=f"{result.error} (Retry-After {retry_after:.0f} s is over the "
                                             f"{cap:.0f} s cap; try again later)")
        raise _Retryable(result, retry_after)
