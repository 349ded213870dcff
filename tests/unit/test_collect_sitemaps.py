"""Sitemaps: news sitemaps, indexes (with caps), gzip and plain-text variants."""

import gzip
from datetime import date
from pathlib import Path

import pytest

from timeline.collect.http import FetchResult
from timeline.collect.sitemaps import discover_sitemap, parse_sitemap
from timeline.collect.xmlsafe import BrokenXML, UnsafeXML

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "collect"
BASE = "https://nieuws.example.nl"


def doc(name: str) -> bytes:
    return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", BASE.encode())


def test_news_sitemap_fields():
    parsed = parse_sitemap(doc("sitemap-news.xml"), f"{BASE}/sitemaps/news.xml")
    first = parsed.urls[0]
    assert first.url == f"{BASE}/artikel/2026/01/09/grok-beperkt-beeldbewerking"  # not the nested image:loc
    assert first.published == "2026-01-09T09:12:00+01:00"
    assert first.language == "nl"
    assert first.outlet == "Nieuws Voorbeeld"
    assert "Grok" in first.title


def test_index_lists_children_with_lastmod():
    parsed = parse_sitemap(doc("sitemap-index.xml"), f"{BASE}/sitemap.xml")
    assert parsed.children == [(f"{BASE}/sitemaps/news.xml", "2026-01-10T08:00:00+00:00"),
                               (f"{BASE}/sitemaps/2023-archive.xml", "2023-06-01")]


def test_gzip_and_text_sitemaps():
    assert len(parse_sitemap(gzip.compress(doc("sitemap-news.xml")), "x").urls) == 3
    text = f"{BASE}/a\n\n{BASE}/b\nnot a url\n".encode()
    assert [u.url for u in parse_sitemap(text, "x").urls] == [f"{BASE}/a", f"{BASE}/b"]


def test_hostile_or_wrong_documents():
    with pytest.raises(UnsafeXML):
        parse_sitemap(b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x "y">]><urlset>&x;</urlset>', "x")
    with pytest.raises(BrokenXML):
        parse_sitemap(b"<urlset><url><loc>x</loc></urlset>", "x")
    with pytest.raises(BrokenXML, match="not a sitemap"):
        parse_sitemap(b"<html><body>hi</body></html>", "x")


def fake_fetch(documents: dict[str, bytes], log: list[str]):
    def fetch(url):
        log.append(url)
        if url in documents:
            return FetchResult(url, url, status=200, body=documents[url])
        return FetchResult(url, url, status=404, error="http-status: 404")
    return fetch


def test_walk_index_with_window_and_language_filters():
    log: list[str] = []
    docs = {f"{BASE}/sitemap.xml": doc("sitemap-index.xml"), f"{BASE}/sitemaps/news.xml": doc("sitemap-news.xml"),
            f"{BASE}/sitemaps/2023-archive.xml": doc("sitemap-old.xml")}
    report = discover_sitemap(fake_fetch(docs, log), f"{BASE}/sitemap.xml", since=date(2025, 12, 20),
                              until=date(2026, 1, 31), languages=("nl",))
    assert [u.url.rsplit("/", 1)[1] for u in report.found] == ["grok-beperkt-beeldbewerking", "kabinet-x-grok"]
    assert f"{BASE}/sitemaps/2023-archive.xml" not in log  # lastmod before the window: not fetched
    assert report.reached and not report.errors


def test_self_referencing_index_stops_at_the_caps():
    log: list[str] = []
    loop = (f"<sitemapindex><sitemap><loc>{BASE}/s.xml</loc></sitemap>"
            f"<sitemap><loc>{BASE}/t.xml</loc></sitemap></sitemapindex>")
    docs = {f"{BASE}/s.xml": loop.encode(), f"{BASE}/t.xml": loop.replace("s.xml", "u.xml").encode()}
    report = discover_sitemap(fake_fetch(docs, log), f"{BASE}/s.xml", max_depth=5, max_files=10)
    assert len(log) == len(set(log))  # each sitemap fetched at most once
    assert any("404" in e for e in report.errors)  # u.xml does not exist; reported, not fatal

    deep = {f"{BASE}/d{i}.xml": f"<sitemapindex><sitemap><loc>{BASE}/d{i + 1}.xml</loc></sitemap>"
            "</sitemapindex>".encode() for i in range(10)}
    report = discover_sitemap(fake_fetch(deep, log := []), f"{BASE}/d0.xml", max_depth=3)
    assert len(log) == 4 and any("deeper than 3" in e for e in report.errors)
