"""parse_page end to end: every hostile input gives a flagged Article or a RecordError, never a traceback."""

from __future__ import annotations

import gzip
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeline.errors import RecordError
from timeline.parse import parse_page
from timeline.parse.page import content_sha256, stable_article_id
from timeline.types import Article

from ._parse_fixtures import FIXTURES, fixture_bytes, fixture_url

EXPECTED = {  # name: (page_kind, language, published_date, outlet)
    "fr_jsonld_article": ("article", "fr", date(2026, 1, 2), "Le Quotidien Exemple"),
    "nl_utc_meta": ("article", "nl", date(2026, 1, 3), "Dagblad Voorbeeld"),
    "en_time_element": ("article", "en", date(2026, 1, 9), "The Example Tribune"),
    "de_dateline_only": ("article", "de", date(2026, 1, 9), "beispiel-zeitung.de"),
    "ru_cp1251_declared": ("article", "ru", date(2026, 1, 8), "Пример Новости"),
    "fr_cp1252_declared_utf8": ("article", "fr", date(2026, 1, 6), "Le Quotidien Exemple"),
    "fr_mixed_encoding": ("article", "fr", date(2026, 1, 6), "Le Quotidien Exemple"),
    "malformed_en": ("article", "en", None, "Example Wire"),
    "cookie_wall_nl": ("cookie_wall", "nl", None, "voorbeeldmedia.nl"),
    "paywall_teaser_fr": ("paywall", "fr", date(2026, 1, 6), "Le Quotidien Exemple"),
    "tag_page_fr": ("not_article", "fr", date(2026, 1, 12), "Le Quotidien Exemple"),
    "navigation_only": ("not_article", "en", None, "The Example Tribune"),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_pages(name):
    article = parse_page(fixture_bytes(name), fixture_url(name))
    kind, language, published, outlet = EXPECTED[name]
    assert isinstance(article, Article)
    assert (article.page_kind, article.language, article.published_date, article.outlet) == (
        kind, language, published, outlet)
    assert article.content_sha256 == content_sha256(fixture_bytes(name))
    assert article.extractor in ("trafilatura", "newspaper4k")


def test_article_fields_from_a_full_page():
    article = parse_page(fixture_bytes("fr_jsonld_article"), fixture_url("fr_jsonld_article"))
    assert article.title.startswith("Grok : Bruxelles demande des comptes à X")
    assert article.authors == ("Claire Dubois",)
    assert article.published_datetime == "2026-01-02T18:45:00+01:00"
    assert article.url.endswith("grok-bruxelles-demande-des-comptes-a-x_6612.html")
    assert article.article_id == stable_article_id(article.url, article.text)
    assert article.n_words > 150
    assert not article.is_paywalled


def test_all_fixture_files_parse():
    for path in sorted(FIXTURES.glob("*.html")):
        assert parse_page(path.read_bytes(), fixture_url(path.stem)).page_kind


def test_given_id_is_kept_and_text_input_works():
    html = fixture_bytes("en_time_element").decode()
    article = parse_page(html, None, article_id="tribune-42")
    assert article.article_id == "tribune-42"
    assert article.url == "https://www.example-tribune.com/business/2026/01/09/x-limits-grok-images"


def test_hints_fill_only_what_the_page_lacks():
    hints = {"outlet": "Beispiel", "language": "nl", "published_date": "2026-01-08", "title": "Hint title"}
    article = parse_page(fixture_bytes("de_dateline_only"), None, hints=hints)
    assert article.outlet == "Beispiel"  # the page has no site name and no URL
    assert article.language == "de"  # the page says German; the hint does not override it
    assert article.published_date == date(2026, 1, 9)
    assert article.title == "Medienaufsicht prüft Grok-Bilder"

    bare = "<html><body><p>" + "Grok X Ofcom. " * 3 + "</p></body></html>"
    article = parse_page(bare, None, hints={**hints, "published_date": "2026-01-08T10:00:00+01:00"})
    assert (article.outlet, article.language, article.title) == ("Beispiel", "nl", "Hint title")
    assert article.published_date == date(2026, 1, 8)
    assert article.published_datetime == "2026-01-08T10:00:00+01:00"


def test_server_charset_hint_is_used():
    html = "<html><body><p>" + "Пример текста о регуляторах. " * 20 + "</p></body></html>"
    article = parse_page(html.encode("koi8_r"), None, hints={"content_type": "text/html; charset=koi8-r"})
    assert "Пример текста о регуляторах." in article.text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        ("   ", "empty"),
        (gzip.compress(b"<html></html>"), "gzip"),
        (b"\x00\x01\x02\x03\x04" * 500, "binary"),
        (b"plain words without any markup", "no markup"),
    ],
)
def test_unusable_input_is_a_record_error_naming_the_record(data, reason):
    with pytest.raises(RecordError, match=reason) as info:
        parse_page(data, "https://example.org/x", article_id="rec-7")
    assert info.value.record_id == "rec-7"


def test_a_crashing_library_becomes_a_record_error(monkeypatch):
    from timeline.parse import page

    def boom(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(page, "extract_body", boom)
    with pytest.raises(RecordError, match="RecursionError") as info:
        parse_page(fixture_bytes("nl_utc_meta"), "https://www.dagblad-voorbeeld.nl/x")
    assert info.value.record_id == "https://www.dagblad-voorbeeld.nl/x"


@pytest.mark.timeout(60)
def test_extremely_deep_nesting_is_parsed_not_lost():
    depth = 10_000
    story = "<p>" + "Regulators in Europe asked the company for documents about the chatbot. " * 12 + "</p>"
    html = ("<html><head><title>Deep</title><meta property='article:published_time' "
            "content='2026-01-08T10:00:00+01:00'></head><body>" + "<div>" * depth + story + "</div>" * depth
            + "</body></html>")
    article = parse_page(html.encode(), "https://www.example.org/2026/01/08/deep")
    assert "asked the company for documents" in article.text
    assert article.published_date == date(2026, 1, 8)


HTMLISH = st.lists(
    st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<script>", "</script>", "<title>", "<meta charset='x'>",
                     "<html lang='zz'>", "<!--", "-->", "<![CDATA[", "&amp;", "&#0;", "\x00", "é", "\ud800", "Grok ",
                     "<time datetime='9999-99-99'>", '<script type="application/ld+json">{"@type":[', "]}"]),
    max_size=40,
).map("".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_never_raise_anything_but_record_error(data):
    try:
        article = parse_page(data, "https://example.org/page")
    except RecordError:
        return
    assert article.page_kind in ("article", "paywall", "cookie_wall", "not_article")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTMLISH, st.one_of(st.none(), st.text(max_size=30), st.just("http://[::1")))
def test_arbitrary_markup_and_urls_never_raise_anything_but_record_error(html, url):
    try:
        article = parse_page(html, url)
    except RecordError:
        return
    assert isinstance(article.text, str)
