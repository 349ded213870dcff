"""URL normalisation: one key per article, whatever decoration the link came with."""

import pytest

from timeline.collect.urls import host_key, normalize_url, try_normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://News.Example.ORG:443/tech/a?utm_source=rss&utm_medium=feed#comments",
         "https://news.example.org/tech/a"),
        ("https://example.org/a?b=2&a=1&fbclid=XYZ&gclid=1", "https://example.org/a?a=1&b=2"),
        ("https://www.example.fr/pixels/article.html?xtor=RSS-3208&at_medium=social", "https://www.example.fr/pixels/article.html"),
        ("http://example.org:80/x", "http://example.org/x"),
        ("http://example.org:8080/x", "http://example.org:8080/x"),
        ("https://example.org", "https://example.org/"),
        ("https://example.org/news/2026/01/02/grok/amp", "https://example.org/news/2026/01/02/grok"),
        ("https://example.org/news/2026/01/02/grok/amp/", "https://example.org/news/2026/01/02/grok"),
        ("https://example.org/amp/news/grok", "https://example.org/news/grok"),
        ("https://example.org/news/grok.amp.html", "https://example.org/news/grok.html"),
        ("https://example.org/news/grok?amp=1", "https://example.org/news/grok"),
        ("https://example.org/news/grok?outputType=amp", "https://example.org/news/grok"),
        ("https://www-example-org.cdn.ampproject.org/c/s/www.example.org/news/grok",
         "https://www.example.org/news/grok"),
        ("https://www.google.com/amp/s/www.example.org/news/grok/amp", "https://www.example.org/news/grok"),
        ("https://bücher.example/caf%c3%a9", "https://xn--bcher-kva.example/caf%C3%A9"),
        ("https://example.org/a%7eb", "https://example.org/a~b"),
    ],
)
def test_normalize_url(raw, expected):
    assert normalize_url(raw) == expected


def test_amp_inside_a_path_is_kept():
    # a middle segment may be a real section (e.g. amplifiers); only first/last count as AMP markers
    assert normalize_url("https://shop.example/audio/amp/reviews") == "https://shop.example/audio/amp/reviews"


def test_same_article_variants_share_one_key():
    variants = [
        "https://example.org/world/grok?utm_campaign=x",
        "https://EXAMPLE.org/world/grok#top",
        "https://example.org/world/grok/amp",
        "https://example-org.cdn.ampproject.org/c/s/example.org/world/grok",
    ]
    assert len({normalize_url(v) for v in variants}) == 1


@pytest.mark.parametrize("bad", ["ftp://example.org/x", "file:///etc/passwd", "javascript:alert(1)", "not a url",
                                 "https://", "http://example.org:99999/"])
def test_non_http_urls_are_rejected(bad):
    with pytest.raises(ValueError):
        normalize_url(bad)
    assert try_normalize(bad) is None


def test_host_key_separates_ports():
    assert host_key("http://127.0.0.1:8001/a") == "127.0.0.1:8001"
    assert host_key("http://127.0.0.1:8002/a") != host_key("http://127.0.0.1:8001/a")
    assert host_key("https://News.Example.org/x") == "news.example.org"
