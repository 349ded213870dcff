"""What kind of page this is: an article, a paywall teaser, a cookie wall, or not an article at all.

Flagging instead of silently keeping matters downstream: a cookie banner or a tag page parsed as an
"article" would feed consent boilerplate and teaser headlines to the event extractor, and a paywall
teaser would be counted as full coverage. Rules, in order:

1. **cookie_wall** — the page asks for consent (consent host/path, or several consent phrases) and
   what is left of the body is short or mostly about cookies;
2. **paywall** — the publisher marks the article as not free (JSON-LD ``isAccessibleForFree: false``,
   ``article:content_tier`` locked), or the page carries paywall markup or "subscribe to read"
   phrases, *and* the body is teaser-sized. A marked page whose full text is present stays an
   article with ``is_paywalled=True``;
3. **not_article** — almost no body text, or a listing (tag, topic, section, search, author page or a
   home page) with no sign of being an article;
4. otherwise **article**.

Phrases cover the languages of the showcase (en, fr, nl, de) plus es and it; they are matched on
the page's visible text, case-folded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from timeline.parse.jsonld import ARTICLE_TYPES, node_types

MIN_ARTICLE_WORDS = 40
TEASER_WORDS = 180
COOKIE_BODY_WORDS = 150
MIN_LISTING_HEADLINES = 8
VISIBLE_TEXT_CHARS = 300_000

_WORD = re.compile(r"\w+")
_CONSENT_HOST = re.compile(r"^(consent|cookies?|privacy|myprivacy|cmp)\.", re.I)
_CONSENT_PATH = re.compile(r"cookie-?wall|/consent|privacy-?gate|/cmp/|cookie-?consent|/privacy/?$", re.I)
_CONSENT_PHRASES = re.compile(
    r"accept all|accept cookies|we use cookies|uses cookies|cookie settings|cookie policy|manage (your )?"
    r"(cookie |privacy )?(settings|preferences)|your consent|reject all|"
    r"tout accepter|accepter et (fermer|continuer)|nous utilisons des cookies|utilise des cookies|"
    r"paramétrer les cookies|votre consentement|tout refuser|continuer sans accepter|"
    r"alle cookies accepteren|cookies accepteren|accepteer cookies|akkoord en doorgaan|wij gebruiken cookies|"
    r"we gebruiken cookies|cookie-instellingen|cookie instellingen|jouw toestemming|uw toestemming|"
    r"alle akzeptieren|cookies akzeptieren|wir verwenden cookies|ihre einwilligung|cookie-einstellungen|"
    r"aceptar todas|aceptar cookies|utilizamos cookies|accetta tutti|utilizziamo i cookie|"
    r"partners? (and|et|en) (vendors|fournisseurs|leveranciers)|iab europe|\btcf\b",
    re.I,
)
_COOKIE_TERMS = re.compile(  # nouns only: "privacy" or "partners" also fill ordinary articles about data
    r"\b(cookies?|cookiewall|consent|consentement|toestemming|einwilligung|consenso|consentimiento)\b", re.I
)
_PAYWALL_PHRASES = re.compile(
    r"subscribe to (continue|read)|to continue reading|continue reading with|subscribers? only|"
    r"this (article|story|content) is (only )?(available|reserved|exclusive)|"
    r"you have reached your (free )?(article )?limit|unlock this article|become a (member|subscriber) to read|"
    r"réservée? aux abonnés|abonnez-vous pour (lire|continuer)|la suite est réservée|"
    r"il vous reste \d+\s?% de cet article|lire la suite en vous abonnant|pour lire la suite|"
    r"alleen voor abonnees|lees verder met|word abonnee om|dit artikel is exclusief|premium artikel|"
    r"log in om (dit artikel|verder) te lezen|"
    r"nur für abonnenten|jetzt weiterlesen mit|weiterlesen mit|dieser artikel ist (nur )?für|exklusiv für abonnenten|"
    r"suscríbete para (seguir|continuar) leyendo|exclusivo para suscriptores|"
    r"riservato agli abbonati|abbonati per (leggere|continuare)",
    re.I,
)
_PAYWALL_MARKUP = frozenset(  # whole class/id tokens; prefixes would catch site-wide "paywall-header" bars
    {
        "paywall", "pay-wall", "paywall-content", "paywall-container", "paywall-overlay", "regwall",
        "subscriber-only", "subscribers-only", "subscriber-content", "premium-content", "premium-article",
        "premium-wall", "article--locked", "article-locked", "locked-content", "content-locked",
        "piano-paywall", "meteredcontent", "tp-modal", "abo-teaser", "plus-teaser",
    }
)
_LISTING_PATH = re.compile(
    r"/(tags?|topics?|themes?|thema|onderwerp(en)?|sujets?|categor(y|ie|ies)|rubrie?k|section|dossiers?|"
    r"author|auteurs?|authors|journalist|search|zoeken|recherche|suche|archives?|page/\d+)(/|$)",
    re.I,
)
_LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage", "sitenavigationelement"})
_FALSE = (False, "false", "False", "FALSE", "no")


@dataclass(frozen=True, slots=True)
class PageKind:
    """The verdict on a page, with the reason in words (for logs and the rejects table)."""

    kind: str  # article | paywall | cookie_wall | not_article
    is_paywalled: bool
    reason: str


def classify_page(tree: HtmlElement, url: str | None, body_text: str, *, nodes: list[dict]) -> PageKind:
    """Decide what the page is from its markup, its URL and the body text extracted from it."""
    words = len(_WORD.findall(body_text))
    about_cookies = _mostly_about_cookies(body_text)
    visible = visible_text(tree) if words < TEASER_WORDS or about_cookies else ""  # only read when needed
    if words < COOKIE_BODY_WORDS or about_cookies:
        consent, body_limit = _consent_reason(url, visible)
        if consent and (words < body_limit or about_cookies):
            return PageKind("cookie_wall", False, f"cookie/consent wall ({consent}); {words} words of body")
    marked = _paywall_marked(tree, nodes)
    if words < TEASER_WORDS:
        teaser_signal = marked or _paywall_hint(tree, visible)
        if teaser_signal:
            return PageKind("paywall", True, f"paywall ({teaser_signal}); only {words} words of body")
    if words < MIN_ARTICLE_WORDS:
        return PageKind("not_article", bool(marked), f"no article text ({words} words)")
    listing = _listing_reason(tree, url, nodes, words)
    if listing:
        return PageKind("not_article", bool(marked), f"listing page ({listing})")
    return PageKind("article", bool(marked), f"article ({words} words)" + (f"; {marked}" if marked else ""))


def visible_text(tree: HtmlElement) -> str:
    """The text a reader sees (no script, style or template content), capped for speed."""
    body = tree.find("body")
    root = body if body is not None else tree
    parts = root.xpath(
        ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)"
        " and not(ancestor::template)]"
    )
    return " ".join(" ".join(parts).split())[:VISIBLE_TEXT_CHARS]


def _consent_reason(url: str | None, visible: str) -> tuple[str | None, int]:
    """Why the page looks like a consent request, and the body size below which that is all it is.

    A consent host or path is decisive for anything short of a full article; consent phrases alone
    are not, since most article pages carry a cookie banner too.
    """
    if url:
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if parts is not None and (_CONSENT_HOST.match(parts.hostname or "") or _CONSENT_PATH.search(parts.path)):
            return "consent URL", COOKIE_BODY_WORDS
    if "cookie" not in visible.lower():
        return None, 0
    phrases = {m.group(0).lower() for m in _CONSENT_PHRASES.finditer(visible)}
    if len(phrases) >= 2:
        return "consent phrases: " + ", ".join(sorted(phrases)[:3]), MIN_ARTICLE_WORDS
    return None, 0


def _mostly_about_cookies(body_text: str) -> bool:
    lines = [line for line in body_text.splitlines() if line.strip()]
    if not lines:
        return True
    return sum(1 for line in lines if _COOKIE_TERMS.search(line)) >= 0.5 * len(lines)


def _paywall_marked(tree: HtmlElement, nodes: list[dict]) -> str | None:
    """The publisher's own statement that the article is not free."""
    for node in nodes:
        if node.get("isAccessibleForFree") in _FALSE:
            return "isAccessibleForFree: false"
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        if key == "article:content_tier" and (meta.get("content") or "").strip().lower() == "locked":
            return "article:content_tier locked"
    return None


def _paywall_hint(tree: HtmlElement, visible: str) -> str | None:
    match = _PAYWALL_PHRASES.search(visible)
    if match:
        return f"phrase {match.group(0)!r}"
    for el in tree.xpath("//body//*[@class or @id]"):
        tokens = f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()
        marker = next((t for t in tokens if t in _PAYWALL_MARKUP), None)
        if marker:
            return f"markup {marker!r}"
    return None


def _article_evidence(tree: HtmlElement, nodes: list[dict]) -> bool:
    if any(node_types(n) & ARTICLE_TYPES for n in nodes):
        return True
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().lower()
        value = (meta.get("content") or "").strip().lower()
        if (key == "og:type" and value == "article") or key == "article:published_time":
            return True
    return False


def _listing_reason(tree: HtmlElement, url: str | None, nodes: list[dict], words: int) -> str | None:
    types = set().union(*(node_types(n) for n in nodes)) if nodes else set()
    if types & _LISTING_TYPES and not types & ARTICLE_TYPES:
        return "schema.org " + ", ".join(sorted(types & _LISTING_TYPES))
    if _article_evidence(tree, nodes):
        return None
    path = ""
    if url:
        try:
            path = urlsplit(url).path
        except ValueError:
            path = ""
    if url and (path in ("", "/") or _LISTING_PATH.search(path)):
        return f"URL path {path or '/'}"
    headlines = len(tree.xpath("//h2//a[@href] | //h3//a[@href] | //a[@href][.//h2 or .//h3]"))
    if headlines >= MIN_LISTING_HEADLINES and words < 25 * headlines:
        return f"{headlines} headline links"
    return None
