"""Page metadata: the publication date (not the modified one) with its offset, language, outlet, bylines."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.parse.dom import parse_html
from timeline.parse.jsonld import json_ld_nodes
from timeline.parse.language import detect_language, normalise_tag
from timeline.parse.metadata import read_metadata, split_authors
from timeline.parse.outlet import outlet_name, registered_domain, timezone_for_url
from timeline.parse.published import find_published, parse_timestamp

from ._parse_fixtures import fixture_bytes, fixture_url


def _meta(name: str, url: str | None = None, body: str = "", **kw):
    tree = parse_html(fixture_bytes(name).decode("utf-8"))
    return read_metadata(tree, url or fixture_url(name), body, nodes=json_ld_nodes(tree), **kw)


def _published(html: str, **kw):
    tree = parse_html(html)
    return find_published(tree, nodes=json_ld_nodes(tree), **kw)


def test_json_ld_publication_time_beats_the_modified_meta_tag():
    meta = _meta("fr_jsonld_article")
    assert meta.published.date == date(2026, 1, 2)
    assert meta.published.datetime == "2026-01-02T18:45:00+01:00"
    assert meta.published.source == "json-ld"


def test_utc_timestamp_is_read_in_the_publishers_zone():
    # 23:30 UTC on 2 January is 00:30 on 3 January in Amsterdam: the paper dated it the 3rd.
    meta = _meta("nl_utc_meta")
    assert meta.published.datetime == "2026-01-03T00:30:00+01:00"
    assert meta.published.date == date(2026, 1, 3)


def test_utc_timestamp_stays_utc_when_the_zone_is_unknown():
    html = ('<html><head><meta property="article:published_time" content="2026-01-02T23:30:00Z"></head>'
            "<body><p>x</p></body></html>")
    assert _published(html).datetime == "2026-01-02T23:30:00+00:00"


def test_caller_timezone_hint_applies_to_generic_domains():
    meta = _meta("paywall_full_text_en", timezone="Europe/London")
    assert meta.published.datetime == "2026-01-12T07:00:00+00:00"
    meta = _meta("paywall_full_text_en", timezone="America/New_York")
    assert meta.published.datetime == "2026-01-12T02:00:00-05:00"


def test_time_element_marked_published_beats_the_updated_one():
    meta = _meta("en_time_element")
    assert meta.published.datetime == "2026-01-09T10:15:00-05:00"
    assert meta.published.date == date(2026, 1, 9)


def test_visible_dateline_gives_a_date_without_time():
    meta = _meta("de_dateline_only")
    assert meta.published.date == date(2026, 1, 9)
    assert meta.published.datetime is None


def test_same_instant_with_an_offset_is_preferred_over_utc():
    html = """<html><head>
    <meta property="article:published_time" content="2026-01-02T17:45:00Z">
    <script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2026-01-02T18:45:00+01:00"}</script>
    </head><body><p>x</p></body></html>"""
    assert _published(html).datetime == "2026-01-02T18:45:00+01:00"


def test_generic_date_meta_on_another_day_does_not_move_the_date():
    html = """<html><head>
    <meta property="article:published_time" content="2026-01-02">
    <meta name="date" content="2026-01-07T09:00:00+01:00">
    </head><body><p>x</p></body></html>"""
    published = _published(html)
    assert published.date == date(2026, 1, 2)
    assert published.datetime is None


def test_copyright_year_is_not_a_publication_day():
    html = ("<html><head><title>t</title></head><body><p>LONDON, Jan 5 — The regulator said it acted.</p>"
            "<footer>© 2026 Example Wire</footer></body></html>")
    tree = parse_html(html)
    assert read_metadata(tree, None, "", nodes=[]).published.date is None


@pytest.mark.parametrize("dateline", ["Publié le 1er janvier 2026", "Gepubliceerd op 1 januari 2026", "Jan. 1, 2026"])
def test_a_stated_first_of_the_month_is_kept(dateline):
    html = (f"<html><head><title>t</title></head><body><p class='date'>{dateline}</p>"
            "<p>Le régulateur a annoncé une enquête sur la plateforme.</p></body></html>")
    tree = parse_html(html)
    assert read_metadata(tree, None, "", nodes=[]).published.date == date(2026, 1, 1)


def test_dates_in_the_future_or_before_1990_are_ignored():
    html = ('<html><head><meta property="article:published_time" content="2031-05-01T10:00:00+00:00">'
            '<meta name="pubdate" content="1970-01-01"></head><body><p>x</p></body></html>')
    assert _published(html, today=date(2026, 1, 20)).date is None


@pytest.mark.parametrize(
    ("raw", "iso", "has_time"),
    [
        ("2026-01-02T18:45:00+0100", "2026-01-02T18:45:00+01:00", True),
        ("2026-01-02T18:45:00.000Z", "2026-01-02T18:45:00+00:00", True),
        ("2026-01-02 18:45", "2026-01-02T18:45:00", True),
        ("2026-01-02", "2026-01-02T00:00:00", False),
        ("2026/01/02 18:45", "2026-01-02T18:45:00", True),
        ("Fri, 02 Jan 2026 18:45:00 +0100", "2026-01-02T18:45:00+01:00", True),
    ],
)
def test_timestamp_formats(raw, iso, has_time):
    stamp = parse_timestamp(raw, "meta")
    assert stamp.value.isoformat(timespec="seconds") == iso
    assert stamp.has_time is has_time


@pytest.mark.parametrize("raw", ["", "yesterday", "2026-13-45", "2026/02/30", "x" * 100])
def test_unreadable_timestamps_are_none(raw):
    assert parse_timestamp(raw, "meta") is None


def test_title_authors_canonical_and_outlet():
    meta = _meta("fr_jsonld_article")
    assert meta.title == "Grok : Bruxelles demande des comptes à X après la diffusion d'images truquées"
    assert meta.authors == ("Claire Dubois",)
    assert meta.url.startswith("https://www.lequotidien-exemple.fr/pixels/article/2026/01/02/")
    assert "utm_source" not in meta.url
    assert meta.outlet == "Le Quotidien Exemple"


def test_relative_canonical_is_made_absolute():
    meta = _meta("nl_utc_meta")
    assert meta.url == "https://www.dagblad-voorbeeld.nl/tech/artikel/2026/01/03/kabinet-wil-duidelijkheid-van-x"


def test_canonical_on_another_site_is_not_taken():
    html = ('<html><head><link rel="canonical" href="https://www.other-site.com/story"></head>'
            "<body><p>x</p></body></html>")
    tree = parse_html(html)
    meta = read_metadata(tree, "https://www.example.org/news/1", "", nodes=[])
    assert meta.url == "https://www.example.org/news/1"
    assert meta.outlet == "example.org"


@pytest.mark.parametrize(
    ("site_name", "url", "outlet"),
    [
        ("Le Quotidien Exemple", "https://www.lequotidien-exemple.fr/a", "Le Quotidien Exemple"),
        ("  @ExampleWire ", "https://example-wire.com/a", "ExampleWire"),
        ("Autoracing | F1 | MotoGP", "https://www.autoracing.example/a", "Autoracing"),
        ("https://www.bbc.co.uk", "https://www.bbc.co.uk/news/1", "bbc.co.uk"),
        (None, "https://nieuws.dagblad-voorbeeld.nl/a", "dagblad-voorbeeld.nl"),
        (None, "http://127.0.0.1:8000/page", "127.0.0.1"),
        (None, None, None),
    ],
)
def test_outlet_name(site_name, url, outlet):
    assert outlet_name(site_name, url) == outlet


def test_registered_domain_and_zone():
    assert registered_domain("https://www.bbc.co.uk/news") == "bbc.co.uk"
    assert registered_domain("ftp://example.org/") is None
    assert str(timezone_for_url("https://www.lemonde.fr/x")) == "Europe/Paris"
    assert timezone_for_url("https://www.example.com/x") is None


@pytest.mark.parametrize(
    ("text", "prior", "expected"),
    [
        ("De minister zei donderdag dat de beelden van Grok onaanvaardbaar zijn en dat X moet ingrijpen.", None, "nl"),
        ("Le ministre a déclaré jeudi que les images générées par Grok étaient inacceptables.", None, "fr"),
        ("The minister said on Thursday that the images made by Grok were unacceptable and must stop.", "fr",
         "en"),
        ("Die Ministerin sagte am Donnerstag, die Bilder seien inakzeptabel und müssten verschwinden.", None, "de"),
        ("Grok X", "nl-BE", "nl"),
        ("Grok X", None, None),
    ],
)
def test_language_detection_with_declared_prior(text, prior, expected):
    assert detect_language(text, prior=prior) == expected


def test_language_tags_are_normalised():
    assert normalise_tag("fr-FR") == "fr"
    assert normalise_tag("EN_us") == "en"
    assert normalise_tag("klingon") is None
    assert normalise_tag("xx") is None


def test_declared_language_is_kept_for_a_page_in_that_language():
    meta = _meta("nl_utc_meta", body="Het kabinet wil dat het socialemediabedrijf X snel uitlegt hoe het kon gebeuren.")
    assert meta.declared_language == "nl"
    assert meta.language == "nl"


def test_split_authors():
    assert split_authors("Par La rédaction; Door Redactie; By Ann Smith; Ann Smith; ; Bo  Li") == (
        "La rédaction", "Redactie", "Ann Smith", "Bo Li")
    assert split_authors(None) == ()
