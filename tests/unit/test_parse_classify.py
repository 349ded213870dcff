"""Page kinds: cookie walls, paywall teasers and listings are flagged, real articles are not."""

from __future__ import annotations

import pytest

from timeline.parse.classify import classify_page
from timeline.parse.dom import parse_html
from timeline.parse.extract import extract_body
from timeline.parse.jsonld import json_ld_nodes

from ._parse_fixtures import fixture_bytes, fixture_url


def _classify(name: str, url: str | None = None):
    tree = parse_html(fixture_bytes(name).decode("utf-8"))
    page_url = url or fixture_url(name)
    body = extract_body(tree, page_url)
    return classify_page(tree, page_url, body.text, nodes=json_ld_nodes(tree))


@pytest.mark.parametrize(
    ("name", "kind", "paywalled"),
    [
        ("fr_jsonld_article", "article", False),
        ("nl_utc_meta", "article", False),
        ("en_time_element", "article", False),
        ("de_dateline_only", "article", False),
        ("malformed_en", "article", False),
        ("cookie_wall_nl", "cookie_wall", False),
        ("cookie_wall_en", "cookie_wall", False),
        ("paywall_teaser_fr", "paywall", True),
        ("paywall_full_text_en", "article", True),
        ("tag_page_fr", "not_article", False),
        ("navigation_only", "not_article", False),
    ],
)
def test_fixture_page_kinds(name, kind, paywalled):
    verdict = _classify(name)
    assert (verdict.kind, verdict.is_paywalled) == (kind, paywalled), verdict.reason


def test_consent_page_is_a_cookie_wall_whatever_its_url():
    assert _classify("cookie_wall_en", url=None).kind == "cookie_wall"


def test_article_with_a_cookie_banner_stays_an_article():
    html = fixture_bytes("en_time_element").decode().replace(
        "<footer>",
        "<div class='cmp'>We use cookies. Accept all, reject all or manage preferences. Your consent matters."
        " Cookie policy.</div><footer>",
    )
    tree = parse_html(html)
    body = extract_body(tree, fixture_url("en_time_element"))
    assert classify_page(tree, fixture_url("en_time_element"), body.text, nodes=[]).kind == "article"


def test_short_brief_with_a_login_link_is_not_a_paywall():
    html = """<html lang="en"><head><meta property="og:type" content="article"></head><body>
    <div class="account">Already a subscriber? <a href="/login">Sign in</a></div>
    <div class="paywall-header-wrap"><a href="/premium">Premium</a></div>
    <article><h1>Ofcom opens investigation into X</h1>
    <p>Britain's media regulator said on Monday it had opened a formal investigation into X under the Online
    Safety Act, after its Grok chatbot was used to create sexualised images of women and children. The
    regulator can fine companies up to ten percent of their worldwide revenue.</p></article></body></html>"""
    tree = parse_html(html)
    body = extract_body(tree, "https://www.example-wire.com/2026/01/12/ofcom-x")
    verdict = classify_page(tree, "https://www.example-wire.com/2026/01/12/ofcom-x", body.text, nodes=[])
    assert (verdict.kind, verdict.is_paywalled) == ("article", False), verdict.reason


@pytest.mark.parametrize("path", ["/", "/tag/grok", "/onderwerp/kunstmatige-intelligentie/", "/search?q=grok"])
def test_listing_urls_without_article_markup_are_not_articles(path):
    items = "".join(
        f"<p>Teaser number {i} summarises a story about Grok, regulators and the reaction of ministers.</p>"
        for i in range(6)
    )
    html = f"<html><head><title>Grok</title></head><body><h1>Grok</h1>{items}</body></html>"
    tree = parse_html(html)
    url = "https://www.example.org" + path
    body = extract_body(tree, url)
    assert classify_page(tree, url, body.text, nodes=[]).kind == "not_article"
