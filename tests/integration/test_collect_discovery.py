"""End to end: feeds, sitemaps and the GDELT API lead the collector to pages, stored once each."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from timeline.collect.runner import Collector
from timeline.collect.settings import CollectSettings
from timeline.collect.sources import Plan, Source
from timeline.store.manifest import read_manifest
from timeline.store.raw import iter_stored_pages
from timeline.store.verify import verify_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "collect"
SETTINGS = CollectSettings(allow_private=True, min_delay=0.0, retries=1, backoff_base=0.05, read_timeout=1.0)
PAGES = {
    "/technology/2026/jan/02/grok-safeguard-lapses": "article-en.html",
    "/technology/2026/jan/05/ofcom-x-grok": "article-en.html",  # same body as above: stored once
    "/pixels/article/2026/01/02/grok-images-denudees": "article-fr.html",
    "/pixels/article/2026/01/05/bruxelles-x-grok": "article-fr-cp1252-declared-utf8.html",
    "/artikel/2026/01/09/grok-beperkt-beeldbewerking": "article-nl.html",
    "/artikel/2026/01/06/kabinet-x-grok": "article-nl.html",
}


@pytest.fixture(scope="module")
def site():
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    base = server.url_for("").rstrip("/").encode()

    def fixture(name: str) -> bytes:
        return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", base)

    server.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /admin/\n")
    for path, name in PAGES.items():
        server.expect_request(path).respond_with_data(fixture(name), content_type="text/html; charset=utf-8")
    feeds = {"/rss": "feed-rss.xml", "/atom.xml": "feed-atom.xml", "/broken.xml": "feed-broken.xml",
             "/bomb.xml": "feed-entity-bomb.xml", "/xxe.xml": "feed-xxe.xml", "/garbage.xml": "feed-garbage.xml",
             "/sitemap.xml": "sitemap-index.xml", "/sitemaps/news.xml": "sitemap-news.xml",
             "/sitemaps/2023-archive.xml": "sitemap-old.xml"}
    for path, name in feeds.items():
        server.expect_request(path).respond_with_data(fixture(name), content_type="application/xml")
    calls = {"n": 0}

    def gdelt(request: Request) -> Response:
        calls["n"] += 1
        query = parse_qs(request.query_string.decode())["query"][0]
        if query.startswith("bad"):
            return Response((FIXTURES / "gdelt-error.txt").read_bytes(), content_type="text/html")
        if calls["n"] == 1:
            return Response((FIXTURES / "gdelt-ratelimit.txt").read_bytes(), content_type="text/html")
        return Response(fixture("gdelt-artlist.json"), content_type="application/json")

    server.expect_request("/api/v2/doc/doc").respond_with_handler(gdelt)
    yield server
    server.clear()
    server.stop()


def gets(server: HTTPServer, path: str) -> int:
    return sum(1 for req, _ in server.log if req.path == path)


def test_feeds_lead_to_pages_within_the_window(site, tmp_path):
    plan = Plan(sources=(Source("feed", site.url_for("/rss")), Source("feed", site.url_for("/atom.xml")),
                         Source("feed", site.url_for("/broken.xml"))),
                since=date(2025, 12, 20), until=date(2026, 1, 31))
    report = Collector(tmp_path, SETTINGS, progress=False).run(plan)
    # 6 entries in the window (the 2024 one is dropped); two pairs share a body (English, Dutch)
    assert report.stored_new == 4 and report.stored_duplicate == 2
    assert len(list(iter_stored_pages(tmp_path))) == 4
    assert gets(site, "/technology/2024/dec/30/ai-year-in-review") == 0
    rows = read_manifest(tmp_path / "manifest.csv").rows
    assert sorted(r.kind for r in rows if r.kind != "page") == ["feed", "feed", "feed"]
    page_urls = [r.url for r in rows if r.kind == "page"]
    assert all("utm_" not in u and "#" not in u for u in page_urls)  # normalised before fetching
    assert verify_store(tmp_path).ok


def test_hostile_and_broken_feeds_are_reported_not_fatal(site, tmp_path):
    plan = Plan(sources=(Source("feed", site.url_for("/bomb.xml")), Source("feed", site.url_for("/xxe.xml")),
                         Source("feed", site.url_for("/garbage.xml")),
                         Source("url", site.url_for("/artikel/2026/01/06/kabinet-x-grok"))))
    report = Collector(tmp_path, SETTINGS, progress=False).run(plan)
    assert report.stored_new == 1
    assert [e.split(": ", 1)[1].split(":")[0] for e in report.discovery_errors] == ["unsafe-xml", "unsafe-xml",
                                                                                   "broken-feed"]
    assert gets(site, "/never-fetched") == 0 and gets(site, "/never-fetched-either") == 0
    assert report.exit_code == 1


def test_sitemap_index_and_news_sitemap(site, tmp_path):
    plan = Plan(sources=(Source("sitemap", site.url_for("/sitemap.xml")),), since=date(2025, 12, 20),
                until=date(2026, 1, 31), languages=("nl", "fr"))
    report = Collector(tmp_path, SETTINGS, progress=False).run(plan)
    # the two Dutch entries share one body (whichever arrived first is listed); the English one is filtered out
    [page] = iter_stored_pages(tmp_path)
    assert page.url.rsplit("/", 1)[1] in {"grok-beperkt-beeldbewerking", "kabinet-x-grok"}
    assert report.stored_new == 1 and report.stored_duplicate == 1
    assert gets(site, "/article/2026/01/07/grok-english-edition") == 0
    assert gets(site, "/sitemaps/2023-archive.xml") == 0


def test_gdelt_with_rate_limit_and_error_payload(site, tmp_path):
    plan = Plan(sources=(Source("gdelt", "grok deepfake"), Source("gdelt", "bad query")),
                since=date(2026, 1, 1), until=date(2026, 1, 10), languages=("en",))
    collector = Collector(tmp_path, SETTINGS, progress=False, gdelt_endpoint=site.url_for("/api/v2/doc/doc"))
    report = collector.run(plan)
    assert report.stored_new == 3
    assert len(report.discovery_errors) == 1 and "gdelt-error: The specified phrase is too short" in \
        report.discovery_errors[0]
    kinds = [r.kind for r in read_manifest(tmp_path / "manifest.csv").rows]
    assert kinds.count("gdelt") == 3  # rate-limited call, its retry, and the error answer
