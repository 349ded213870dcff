"""Paths and URLs of the hand-written parse fixtures (tests/fixtures/parse/)."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "parse"

URLS = {
    "fr_jsonld_article": "https://www.lequotidien-exemple.fr/pixels/article/2026/01/02/"
    "grok-bruxelles-demande-des-comptes-a-x_6612.html?utm_source=rss",
    "nl_utc_meta": "https://www.dagblad-voorbeeld.nl/tech/artikel/2026/01/03/kabinet-wil-duidelijkheid-van-x",
    "en_time_element": "https://www.example-tribune.com/business/2026/01/09/x-limits-grok-images",
    "de_dateline_only": "https://www.beispiel-zeitung.de/digital/medienaufsicht-prueft-grok-bilder-a-1234.html",
    "cookie_wall_nl": "https://myprivacy.voorbeeldmedia.nl/consent?siteKey=abc",
    "cookie_wall_en": "https://www.example-tribune.com/news/story-123",
    "tag_page_fr": "https://www.lequotidien-exemple.fr/sujets/grok/",
    "navigation_only": "https://www.example-tribune.com/sitemap",
    "paywall_teaser_fr": "https://www.lequotidien-exemple.fr/societe/article/2026/01/06/images-truquees_6630.html",
    "paywall_full_text_en": "https://www.example-ledger.com/2026/01/12/grok-ai-regulation",
    "malformed_en": "https://www.example-wire.com/world/ofcom-contacts-x-over-grok-images",
}


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / f"{name}.html").read_bytes()


def fixture_url(name: str) -> str | None:
    return URLS.get(name)
