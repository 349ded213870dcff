"""A typed, read-only view of event-mention rows, ready for pairwise comparison.

The merge compares every candidate pair of mentions; doing that on DataFrame rows would be slow and
would repeat the same parsing (``"; "``-joined names, missing values, date evidence) for every pair.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

import pandas as pd

from timeline.dataset.schema import JOIN
from timeline.types import ActorEntry

STRONG_SOURCES = ("explicit", "anchored", "relative")  # dates read from the text, not the byline
SOURCE_WEIGHT = {"explicit": 1.0, "anchored": 0.9, "relative": 0.8, "published": 0.3}
_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = frozenset((
    "that", "this", "with", "from", "have", "been", "were", "will", "they", "their", "said", "says", "also",
    "after", "over", "into", "about", "which",  # en
    "dans", "pour", "avec", "selon", "sont", "être", "cette", "leur", "mais", "plus", "comme",  # fr
    "voor", "zijn", "heeft", "hebben", "niet", "door", "maar", "naar", "deze", "werd", "wordt",  # nl
))


@dataclass(frozen=True, slots=True)
class Mention:
    """One event mention with the evidence the merge needs, parsed once."""

    index: int  # position in the input table
    mention_id: str
    article_id: str
    url: str | None
    outlet: str
    language: str
    published: date | None
    date: date | None  # the day the text gives (None for byline-only mentions)
    date_source: str
    precision: str
    event_type: str
    modality: str
    actors: frozenset[str]
    targets: frozenset[str]
    groups: frozenset[str]  # organisations its participants belong to (from the actor dictionary)
    words: frozenset[str]
    confidence: float
    sentence: str
    sentence_index: int

    @property
    def is_strong(self) -> bool:
        """The text itself dates the event to a day (not only the publication day)."""
        return self.date is not None and self.date_source in STRONG_SOURCES and self.precision == "day"

    @property
    def anchor_date(self) -> date | None:
        """The best single day for this mention: its own date if strong, else its publication day."""
        return self.date if self.is_strong else (self.published or self.date)

    @property
    def participants(self) -> frozenset[str]:
        return self.actors | self.targets


def split_names(value: object) -> frozenset[str]:
    if not isinstance(value, str) or not value.strip():
        return frozenset()
    return frozenset(p.strip() for p in value.split(JOIN.strip()) if p.strip())


def as_date(value: object) -> date | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def content_words(text: str) -> frozenset[str]:
    """Lower-cased words of four letters or more, minus a few function words, for text overlap."""
    return frozenset(w for w in (m.group().lower() for m in _WORD.finditer(text or ""))
                     if len(w) >= 4 and w not in _STOP)


def _text(value: object, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _checked_date(row: dict, published: date | None, tolerance: int) -> tuple[date | None, str]:
    """The mention's own date and source; a 'fact' dated after its report is demoted to the byline."""
    source = _text(row.get("date_source"), "published")
    own = as_date(row.get("date"))
    if source == "published" or own is None:
        return None, "published"
    if published is not None and (own - published).days > tolerance:
        return None, "published"  # an asserted event cannot happen after it was reported
    return own, source


def organisation_of(dictionary: Sequence[ActorEntry]) -> dict[str, str]:
    """Canonical name → name of its top-level organisation (Grok → xAI when Grok's parent is xAI)."""
    by_id = {a.actor_id: a for a in dictionary}
    out = {}
    for actor in dictionary:
        top, seen = actor, {actor.actor_id}
        while top.parent and top.parent in by_id and top.parent not in seen:
            seen.add(top.parent)
            top = by_id[top.parent]
        if top is not actor:
            out[actor.name] = top.name
            out.setdefault(top.name, top.name)
    return out


class Shared:
    """One object per distinct value (names, word sets, days, labels) across the records built with it.

    The merge holds many thousand records at once, and most of their fields repeat: sharing them keeps
    a record to its own mention id (an article's mentions share its id, repeated sentences one string).
    """

    def __init__(self) -> None:
        self._names: dict[object, frozenset[str]] = {}
        self._words: dict[str, frozenset[str]] = {}
        self._days: dict[date, date] = {}
        self._groups: dict[tuple, frozenset[str]] = {}
        self._values: dict[str, str] = {}

    def names(self, value: object) -> frozenset[str]:
        key = value if isinstance(value, str) else None
        if key not in self._names:
            self._names[key] = frozenset(sys.intern(n) for n in split_names(value))
        return self._names[key]

    def words(self, text: str) -> frozenset[str]:
        if text not in self._words:
            self._words[text] = frozenset(sys.intern(w) for w in content_words(text))
        return self._words[text]

    def day(self, value: date | None) -> date | None:
        return None if value is None else self._days.setdefault(value, value)

    def acting_groups(self, actors: frozenset[str], targets: frozenset[str],
                      organisations: Mapping[str, str]) -> frozenset[str]:
        """Organisations of the acting actors (one set per distinct actors)."""
        key = (actors,)
        if key not in self._groups:
            self._groups[key] = frozenset(organisations[n] for n in actors if n in organisations)
        return self._groups[key]

    def participant_groups(self, actors: frozenset[str], targets: frozenset[str],
                           organisations: Mapping[str, str]) -> frozenset[str]:
        """Organisations of the actors and targets (one set per distinct pair)."""
        key = (actors, targets)
        if key not in self._groups:
            self._groups[key] = frozenset(organisations[n] for n in actors | targets if n in organisations)
        return self._groups[key]

    def value(self, value: str) -> str:
        """One string object per distinct value within these records (not interned: they die with them)."""
        return self._values.setdefault(value, value)

    @staticmethod
    def text(value: str | None) -> str | None:
        return None if value is None else sys.intern(value)


def from_frame(df: pd.DataFrame, *, tolerance: int = 1, organisations: Mapping[str, str] | None = None,
               index_column: str | None = None, acting_groups: bool = False) -> list[Mention]:
    """Parse event-mention rows (the schema's columns) into :class:`Mention` records.

    A record's ``index`` is its row position, or the row's `index_column` (e.g. its row in a file).
    """
    return from_rows(df.to_dict("records"), tolerance=tolerance, organisations=organisations,
                     index_column=index_column, acting_groups=acting_groups)


def from_rows(rows: Iterable[Mapping], *, tolerance: int = 1, organisations: Mapping[str, str] | None = None,
              index_column: str | None = None, acting_groups: bool = False) -> list[Mention]:
    """:func:`from_frame` for rows as mappings (e.g. ``RecordBatch.to_pylist()``, no DataFrame needed).

    ``groups`` are the organisations of the actors and targets, or of the acting actors only with
    `acting_groups`. Values are shared within one call (a cache across calls would keep every sentence).
    """
    out = []
    organisations = organisations or {}
    shared = Shared()
    group_of = shared.acting_groups if acting_groups else shared.participant_groups
    for pos, row in enumerate(rows):
        i = pos if index_column is None else int(row[index_column])
        published = shared.day(as_date(row.get("published_date")))
        own, source = _checked_date(row, published, tolerance)
        confidence = row.get("confidence")
        actors, targets = shared.names(row.get("actors")), shared.names(row.get("targets"))
        sentence = shared.value(_text(row.get("sentence")))
        out.append(Mention(
            index=i,
            mention_id=str(row["mention_id"]),
            article_id=shared.value(str(row["article_id"])),
            url=shared.text(_text(row.get("url")) or None),
            outlet=shared.text(_text(row.get("outlet")) or _text(row.get("url")) or str(row["article_id"])),
            language=shared.text(_text(row.get("language"), "und")),
            published=published,
            date=shared.day(own),
            date_source=shared.text(source),
            precision=shared.text(_text(row.get("date_precision"), "day")),
            event_type=shared.text(_text(row.get("event_type"), "other")),
            modality=shared.text(_text(row.get("modality"), "asserted")),
            actors=actors,
            targets=targets,
            groups=group_of(actors, targets, organisations),
            words=shared.words(sentence),
            confidence=float(confidence) if isinstance(confidence, (int, float)) and confidence == confidence
            else 1.0,
            sentence=sentence,
            sentence_index=int(row.get("sentence_index") or 0),
        ))
    return out
