"""When a page was first published: date, time and the publisher's UTC offset.

Explicit publisher statements come first, in this order: ``article:published_time`` and its sister meta
tags, JSON-LD ``datePublished`` of the article node, ``<time>`` marked as the publication time, then
the first ``<time datetime>`` in the article header. Among them a full timestamp with an offset beats a
timestamp without one, which beats a bare date. Only when the page states none of these does
htmldate (``original_date=True``, so never the last-modified date) decide from the rest of the page.

``published_date`` is the publisher's local calendar day: the date part of the timestamp as written.
A timestamp written in UTC is moved to the publisher's zone when it is known (a country-code domain
with one time zone, or the caller's hint), because "23:30Z" is already the next day in Paris.
"""

from __future__ import annotations

import email.utils
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from lxml.html import HtmlElement, tostring

from timeline.parse.jsonld import article_nodes, json_ld_nodes

MIN_YEAR = 1990
_META_KEYS = (
    "article:published_time", "og:article:published_time", "article:published", "og:published_time",
    "published_time", "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued", "dcterms.created",
    "dc.date.created", "article.published", "originalpublicationdate", "cxenseparse:recs:publishtime",
    "date", "dc.date", "dcterms.date",
)
_META_RANK = {key: i for i, key in enumerate(_META_KEYS)}
_NOT_PUBLISHED = re.compile(r"updat|modif|edit|revis|bijgewerkt|mis à jour|aktualisiert|actualiz", re.I)
_PUBLISHED_HINT = re.compile(r"publi|pubdate|posted|dateline|article-date|byline|timestamp", re.I)
_ISO_LIKE = re.compile(r"^\d{4}-?\d{2}-?\d{2}")
_MONTH_NAMES = (  # en, fr, nl, de, es, it (lower case, with common abbreviations)
    ("january", "jan", "janvier", "janv", "januari", "januar", "jänner", "enero", "ene", "gennaio", "gen"),
    ("february", "feb", "février", "fevrier", "févr", "februari", "februar", "febrero", "febbraio"),
    ("march", "mar", "mars", "maart", "märz", "marzo"),
    ("april", "apr", "avril", "avr", "abril", "aprile"),
    ("may", "mai", "mei", "mayo", "maggio", "mag"),
    ("june", "jun", "juin", "juni", "junio", "giugno", "giu"),
    ("july", "jul", "juillet", "juil", "juli", "julio", "luglio", "lug"),
    ("august", "aug", "août", "aout", "augustus", "agosto", "ago"),
    ("september", "sep", "sept", "septembre", "septiembre", "settembre", "set"),
    ("october", "oct", "octobre", "oktober", "okt", "octubre", "ottobre", "ott"),
    ("november", "nov", "novembre", "noviembre"),
    ("december", "dec", "décembre", "decembre", "déc", "dezember", "dez", "diciembre", "dic", "dicembre"),
)
_SLASHED = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?")


@dataclass(frozen=True, slots=True)
class Published:
    """A publication date, and the timestamp it came from when the page gave a time."""

    date: date | None
    datetime: str | None  # ISO 8601; with its UTC offset whenever the page gave one
    source: str  # meta | json-ld | time | htmldate | none

    @classmethod
    def none(cls) -> Published:
        return cls(None, None, "none")


@dataclass(frozen=True, slots=True)
class _Stamp:
    value: datetime
    has_time: bool
    source: str

    @property
    def strength(self) -> int:
        """2 = time with offset, 1 = time without offset, 0 = date only."""
        if not self.has_time:
            return 0
        return 2 if self.value.tzinfo is not None else 1


def find_published(
    tree: HtmlElement,
    *,
    nodes: list[dict] | None = None,
    htmldate_value: str | None = None,
    publisher_tz: object | None = None,
    today: date | None = None,
) -> Published:
    """The publication date of a parsed page (see the module docstring for the order of trust).

    Args:
        tree: the parsed page.
        nodes: its JSON-LD nodes (:func:`~timeline.parse.jsonld.json_ld_nodes`), read here if None.
        htmldate_value: htmldate's answer for the page (``original_date=True``, format
            ``%Y-%m-%dT%H:%M:%S%z``), used only when the page states no publication date itself.
        publisher_tz: a ``tzinfo`` for the publisher, used to read UTC timestamps as local time.
        today: the latest plausible day (default: today); later dates are ignored.
    """
    latest = (today or datetime.now(UTC).date()) + timedelta(days=2)
    nodes = json_ld_nodes(tree) if nodes is None else nodes
    stamps = [s for s in _explicit_stamps(tree, nodes) if _plausible(s, latest)]
    if stamps:
        best = _choose(stamps)
        return _as_published(best, publisher_tz)
    stamp = parse_timestamp(htmldate_value or "", "htmldate")
    if stamp is None or not _plausible(stamp, latest):
        return Published.none()
    if stamp.has_time and stamp.value.tzinfo is None and stamp.value.time() == datetime.min.time():
        stamp = _Stamp(stamp.value, False, stamp.source)  # htmldate pads bare dates with 00:00:00
    if stamp.value.day == 1 and not stamp.has_time and not states_first_day(tree, stamp.value.date()):
        return Published.none()  # htmldate's month- or year-only guess (a copyright line), not a day
    return _as_published(stamp, publisher_tz)


def _plausible(stamp: _Stamp, latest: date) -> bool:
    return stamp.value.year >= MIN_YEAR and stamp.value.date() <= latest


def states_first_day(tree: HtmlElement, day: date) -> bool:
    """True when the page writes out `day` (a 1st of the month) rather than only its month or year.

    htmldate falls back to the 1st when it finds only "January 2026" or "© 2026"; such a guess would
    put the article on a wrong day, so it is kept only if the full date appears somewhere.
    """
    y, m = day.year, day.month
    html = tostring(tree, encoding="unicode").lower()
    numeric = (f"{y}-{m:02d}-01", f"{y}/{m:02d}/01", f"01.{m:02d}.{y}", f"1.{m}.{y}", f"01/{m:02d}/{y}",
               f"{m:02d}/01/{y}", f"{m}/1/{y}", f"{y}{m:02d}01")
    if any(token in html for token in numeric):
        return True
    names = "|".join(_MONTH_NAMES[m - 1])
    written = re.compile(
        rf"\b(1|01|1st|1er|1e|1\.|first|premier)\s+(of\s+|de\s+)?({names})\b|\b({names})\.?\s+(1|01|1st)\b"
    )
    return bool(written.search(html))


def _choose(stamps: list[_Stamp]) -> _Stamp:
    """The most trusted stamp, made more precise by any other stamp that agrees with it.

    A more precise stamp is taken only when it falls within a day of the most trusted one (a generic
    ``<meta name="date">`` holding the last update must not move the day); a UTC stamp then yields
    to the same instant written with the publisher's offset.
    """
    first = stamps[0]
    agreeing = [s for s in stamps if abs(s.value.date() - first.value.date()) <= timedelta(days=1)]
    best = max(agreeing, key=lambda s: s.strength)  # max keeps the first of equals: sources are in order
    if best.strength == 2 and best.value.utcoffset() == timedelta(0):
        for other in stamps:
            same_instant = other.strength == 2 and abs(other.value - best.value) <= timedelta(minutes=2)
            if same_instant and other.value.utcoffset() != timedelta(0):
                return other
    return best


def _as_published(stamp: _Stamp, publisher_tz: object | None) -> Published:
    value = stamp.value
    if stamp.strength == 2 and value.utcoffset() == timedelta(0) and publisher_tz is not None:
        value = value.astimezone(publisher_tz)  # type: ignore[arg-type]
    if not stamp.has_time:
        return Published(value.date(), None, stamp.source)
    return Published(value.date(), value.isoformat(timespec="seconds"), stamp.source)


def _explicit_stamps(tree: HtmlElement, nodes: list[dict]) -> list[_Stamp]:
    """Timestamps the page states as its publication time, most trusted source first."""
    found: list[tuple[int, _Stamp]] = []
    for meta in tree.iterfind(".//meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in _META_RANK:
            stamp = parse_timestamp(meta.get("content") or "", "meta")
            if stamp is not None:
                found.append((_META_RANK[key], stamp))
    found.sort(key=lambda pair: pair[0])
    stamps = [stamp for _, stamp in found]
    for node in article_nodes(nodes):
        value = node.get("datePublished") or node.get("dateCreated")
        stamp = parse_timestamp(value if isinstance(value, str) else "", "json-ld")
        if stamp is not None:
            stamps.append(stamp)
    stamps.extend(_time_elements(tree))
    return stamps


def _time_elements(tree: HtmlElement) -> list[_Stamp]:
    """``<time>``/``itemprop=datePublished`` marked as publication, then the first ``<time>`` of the article."""
    marked: list[_Stamp] = []
    for el in tree.xpath("//*[@itemprop='datePublished'][not(self::meta)] | //time[@pubdate]"):
        stamp = parse_timestamp(el.get("datetime") or el.get("content") or "", "time")
        if stamp is not None:
            marked.append(stamp)
    for el in tree.xpath("//time[@datetime]"):
        parent = el.getparent()
        context = f"{el.get('class') or ''} {parent.get('class') or '' if parent is not None else ''}"
        if _PUBLISHED_HINT.search(context) and not _NOT_PUBLISHED.search(context):
            stamp = parse_timestamp(el.get("datetime") or "", "time")
            if stamp is not None:
                marked.append(stamp)
    if marked:
        return marked
    for el in tree.xpath("(//article//time[@datetime] | //header//time[@datetime])[1]"):
        context = f"{el.get('class') or ''} {el.text_content()[:80]}"
        if not _NOT_PUBLISHED.search(context):
            stamp = parse_timestamp(el.get("datetime") or "", "time")
            if stamp is not None:
                return [stamp]
    return []


def parse_timestamp(raw: str, source: str) -> _Stamp | None:
    """ISO 8601 (extended or basic), ``YYYY/MM/DD[ HH:MM]`` or RFC 2822 text; None when unreadable."""
    text = raw.strip()
    if not text or len(text) > 64:
        return None
    if _ISO_LIKE.match(text):
        try:
            value = datetime.fromisoformat(text.replace(" ", "T", 1) if len(text) > 10 else text)
        except ValueError:
            value = None
        if value is not None:
            return _Stamp(value, len(text) > 10 and "T" in text.replace(" ", "T", 1), source)
    slashed = _SLASHED.match(text)
    if slashed:
        year, month, day, hour, minute, second = (int(g) if g else None for g in slashed.groups())
        try:
            value = datetime(year, month, day, hour or 0, minute or 0, second or 0)  # type: ignore[arg-type]
        except ValueError:
            return None
        return _Stamp(value, hour is not None, source)
    try:
        value = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return _Stamp(value, True, source) if value is not None else None
