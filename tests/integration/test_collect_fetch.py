"""The fetcher against local servers: politeness, retries, limits, content policy and address safety.

Every server is a pytest-httpserver on 127.0.0.1; the fetchers use `allow_private=True` (or an
`exempt` entry for one port) so that nothing but these local servers is ever contacted.
"""

from __future__ import annotations

import gzip
import itertools
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from timeline.collect.http import Fetcher, parse_retry_after
from timeline.collect.safety import SafetyPolicy
from timeline.collect.settings import DEFAULT_USER_AGENT, CollectSettings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "collect"
ARTICLE = (FIXTURES / "article-en.html").read_bytes()
FAST = CollectSettings(allow_private=True, min_delay=0.0, retries=2, backoff_base=0.05, backoff_max=0.2,
                       connect_timeout=1.0, read_timeout=0.5, total_timeout=3.0)


@pytest.fixture(scope="module")
def server_pool():
    """Servers are reused across tests (stopping one takes 0.5 s); each test gets them cleared."""
    pool: list[HTTPServer] = []
    yield pool
    for server in pool:
        server.stop()


@pytest.fixture
def make_server(server_pool):
    handed = 0

    def make() -> HTTPServer:
        nonlocal handed
        if handed == len(server_pool):
            server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
            server.start()
            server_pool.append(server)
        server = server_pool[handed]
        handed += 1
        server.clear()
        server.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n", content_type="text/plain")
        return server

    yield make


@pytest.fixture
def server(make_server) -> HTTPServer:
    return make_server()


def page_requests(server: HTTPServer, path: str | None = None) -> list:
    return [req for req, _ in server.log if req.path != "/robots.txt" and (path is None or req.path == path)]


def html(body: bytes = ARTICLE, status: int = 200, **headers) -> Response:
    return Response(body, status=status, headers={"Content-Type": "text/html; charset=utf-8", **headers})


def test_page_bytes_and_identifying_user_agent(server):
    server.expect_request("/news/grok", headers={"User-Agent": DEFAULT_USER_AGENT}).respond_with_response(html())
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/news/grok"))
    assert result.ok and result.body == ARTICLE and result.status == 200
    assert DEFAULT_USER_AGENT.startswith("timeline/") and "+https://" in DEFAULT_USER_AGENT
    assert result.fetched_at.endswith("Z")


def test_404_is_not_retried(server):
    server.expect_request("/gone").respond_with_data("not here", status=404)
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/gone"))
    assert result.error == "http-status: 404" and result.status == 404
    assert len(page_requests(server)) == 1


def test_500_then_200_is_retried(server):
    calls = []

    def flaky(request: Request) -> Response:
        calls.append(time.monotonic())
        return html(b"oops", status=500) if len(calls) == 1 else html()

    server.expect_request("/flaky").respond_with_handler(flaky)
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/flaky"))
    assert result.ok and len(calls) == 2


def test_429_waits_for_retry_after(server):
    calls = []

    def limited(request: Request) -> Response:
        calls.append(time.monotonic())
        return html(b"slow down", status=429, **{"Retry-After": "1"}) if len(calls) == 1 else html()

    server.expect_request("/busy").respond_with_handler(limited)
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/busy"))
    assert result.ok
    assert calls[1] - calls[0] >= 0.95


def test_retry_after_over_the_cap_gives_up_politely(server):
    server.expect_request("/later").respond_with_response(html(b"", status=503, **{"Retry-After": "86400"}))
    with Fetcher(FAST.with_(max_retry_after=5.0)) as fetcher:
        result = fetcher.fetch(server.url_for("/later"))
    assert result.status == 503 and "over the 5 s cap" in result.error
    assert len(page_requests(server)) == 1


def test_retry_after_http_date():
    now = 1_767_353_400.0  # 2026-01-02 11:30:00 UTC
    assert parse_retry_after("Fri, 02 Jan 2026 11:30:30 GMT", now=now) == 30.0
    assert parse_retry_after("Fri, 02 Jan 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_response_slower_than_the_timeout(server):
    def slow(request: Request) -> Response:
        time.sleep(1.2)
        return html()

    server.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    with Fetcher(FAST.with_(read_timeout=0.3, retries=1)) as fetcher:
        result = fetcher.fetch(server.url_for("/slow"))
    assert result.error.startswith("timeout:") and result.status == 0
    assert time.monotonic() - started < 2.0


def test_redirects_followed_loops_and_chains_stopped(server):
    server.expect_request("/old").respond_with_response(Response(status=301, headers={"Location": "/new"}))
    server.expect_request("/new").respond_with_response(html())
    server.expect_request("/loop-a").respond_with_response(Response(status=302, headers={"Location": "/loop-b"}))
    server.expect_request("/loop-b").respond_with_response(Response(status=302, headers={"Location": "/loop-a"}))
    for i in range(10):
        server.expect_request(f"/chain{i}").respond_with_response(
            Response(status=307, headers={"Location": f"/chain{i + 1}"}))
    with Fetcher(FAST) as fetcher:
        moved = fetcher.fetch(server.url_for("/old"))
        loop = fetcher.fetch(server.url_for("/loop-a"))
        chain = fetcher.fetch(server.url_for("/chain0"))
    assert moved.ok and moved.final_url == server.url_for("/new") and moved.url == server.url_for("/old")
    assert loop.error.startswith("redirect-loop")
    assert chain.error == "too-many-redirects: more than 5"
    assert len(page_requests(server, "/chain6")) == 0


def test_robots_disallow_crawl_delay_and_failures(make_server):
    strict = make_server()
    strict.clear()
    strict.expect_request("/robots.txt").respond_with_data(
        "User-agent: timeline\nDisallow: /private/\nCrawl-delay: 0.3\n\nUser-agent: *\nDisallow: /\n",
        content_type="text/plain")
    strict.expect_request("/news/a").respond_with_response(html())
    missing = make_server()
    missing.clear()
    missing.expect_request("/robots.txt").respond_with_data("", status=404)
    missing.expect_request("/news/a").respond_with_response(html())
    broken = make_server()
    broken.clear()
    broken.expect_request("/robots.txt").respond_with_data("", status=503)
    with Fetcher(FAST) as fetcher:
        assert fetcher.fetch(strict.url_for("/private/memo")).error_kind == "robots-disallowed"
        assert fetcher.fetch(strict.url_for("/news/a")).ok
        assert fetcher.gate.delay(f"127.0.0.1:{strict.port}") == pytest.approx(0.3)
        assert fetcher.fetch(missing.url_for("/news/a")).ok  # robots.txt 404: everything allowed
        failed = fetcher.fetch(broken.url_for("/news/a"))  # robots.txt 5xx: nothing allowed for now
    assert failed.error == "robots-unavailable: robots.txt HTTP 503"
    assert len(page_requests(strict, "/private/memo")) == 0 and len(page_requests(broken)) == 0
    assert len([r for r, _ in strict.log if r.path == "/robots.txt"]) == 1  # cached per host


@pytest.mark.parametrize(
    ("path", "body", "ctype"),
    [("/report.pdf", (FIXTURES / "report.pdf").read_bytes(), "application/pdf"),
     ("/photo.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"),
     ("/download", (FIXTURES / "report.pdf").read_bytes(), "application/octet-stream")],
)
def test_non_html_content_is_refused(server, path, body, ctype):
    server.expect_request(path).respond_with_data(body, content_type=ctype)
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for(path))
    assert result.error_kind == "unsupported-type" and result.body is None and result.status == 200


def test_wrong_charset_bytes_are_kept_untouched(server):
    raw = (FIXTURES / "article-fr-cp1252-declared-utf8.html").read_bytes()
    server.expect_request("/fr").respond_with_data(raw, content_type="text/html; charset=utf-8")
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/fr"))
    assert result.ok and result.body == raw
    with pytest.raises(UnicodeDecodeError):
        result.body.decode("utf-8")  # the parser, not the fetcher, deals with the encoding


def test_gzip_body_is_decoded(server):
    server.expect_request("/gz").respond_with_response(html(gzip.compress(ARTICLE), **{"Content-Encoding": "gzip"}))
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(server.url_for("/gz"))
    assert result.ok and result.body == ARTICLE
    req = page_requests(server, "/gz")[0]
    assert "gzip" in req.headers["Accept-Encoding"] and "br" in req.headers["Accept-Encoding"]


def test_size_limits(server):
    big = b"<html><body>" + b"x" * 200_000 + b"</body></html>"
    server.expect_request("/big").respond_with_response(html(big))
    server.expect_request("/streamed").respond_with_response(
        Response((b"<html>" + b"y" * 10_000 for _ in range(30)), headers={"Content-Type": "text/html"}))
    server.expect_request("/bomb").respond_with_response(
        html(gzip.compress(b"<html>" + b"\0" * 30_000_000), **{"Content-Encoding": "gzip"}))
    with Fetcher(FAST.with_(max_bytes=100_000)) as fetcher:
        declared = fetcher.fetch(server.url_for("/big"))
        streamed = fetcher.fetch(server.url_for("/streamed"))
        bomb = fetcher.fetch(server.url_for("/bomb"))
    assert declared.error.startswith("too-large: Content-Length")
    assert streamed.error_kind == "too-large"
    assert bomb.error == "too-large: more than 100000 bytes after decompression"


def test_private_addresses_refused_without_allow_private(make_server):
    front, inner = make_server(), make_server()
    front.expect_request("/to-inner").respond_with_response(
        Response(status=302, headers={"Location": inner.url_for("/admin")}))
    front.expect_request("/to-metadata").respond_with_response(
        Response(status=302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}))
    inner.expect_request("/admin").respond_with_response(html(b"<html>secret</html>"))
    # only the front server's port is admitted: everything else local stays refused
    policy = SafetyPolicy(exempt=frozenset({("127.0.0.1", front.port)}))
    with Fetcher(FAST.with_(allow_private=False), policy=policy) as fetcher:
        to_inner = fetcher.fetch(front.url_for("/to-inner"))
        to_metadata = fetcher.fetch(front.url_for("/to-metadata"))
        by_name = fetcher.fetch(f"http://localhost:{inner.port}/admin")
    assert to_inner.error_kind == "unsafe-url" and "loopback" in to_inner.error
    assert to_metadata.error_kind == "unsafe-url" and "metadata" in to_metadata.error
    assert by_name.error_kind == "unsafe-url" and "localhost resolves to" in by_name.error
    assert inner.log == []  # not even robots.txt was asked


def test_connection_goes_to_the_checked_address_with_the_original_host(server):
    server.expect_request("/pinned").respond_with_response(html())
    policy = SafetyPolicy(allow_private=True, resolver=lambda host, port: ["127.0.0.1"])
    with Fetcher(FAST, policy=policy) as fetcher:
        result = fetcher.fetch(f"http://news.test:{server.port}/pinned")
        other = fetcher.fetch(f"http://other.test:{server.port}/pinned")
        # same address, different names: separate connection pools, so TLS SNI always matches the Host header
        assert fetcher.client_for("news.test") is not fetcher.client_for("other.test")
    assert result.ok and other.ok
    assert [r.headers["Host"] for r in page_requests(server, "/pinned")] == [f"news.test:{server.port}",
                                                                           f"other.test:{server.port}"]


def test_per_host_delay_measured_at_the_server(server):
    arrivals = []

    def record(request: Request) -> Response:
        arrivals.append(time.monotonic())
        return html(request.path.encode())

    for i in range(6):
        server.expect_request(f"/p{i}").respond_with_handler(record)
    from concurrent.futures import ThreadPoolExecutor

    with Fetcher(FAST.with_(min_delay=0.25, per_host=2, workers=4)) as fetcher, ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda i: fetcher.fetch(server.url_for(f"/p{i}")), range(6)))
    assert all(r.ok for r in results)
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    # 0.25 s between starts (without the gate all six would arrive within milliseconds); the tolerance
    # absorbs scheduling jitter on a busy machine
    assert min(gaps) >= 0.15 and arrivals[-1] - arrivals[0] >= 1.2, gaps
