"""Plain data classes that travel between layers.

They hold no behaviour beyond conversion helpers, so every layer can import them without importing
another layer's logic. Tables (pandas) are built from them at the dataset boundary, where
``timeline.dataset.schema`` validates every column.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Milestone:
    """A date the analyst cares about, e.g. the 2 January acknowledgement."""

    date: date
    label: str
    event_type: str | None = None
    key: str | None = None


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One curated actor from a case's ``actors.yml``."""

    actor_id: str
    name: str
    kind: str
    country: str | None = None
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    parent: str | None = None

    def all_aliases(self) -> list[str]:
        """The canonical name plus every alias in every language, without duplicates."""
        seen: dict[str, None] = {self.name: None}
        for names in self.aliases.values():
            for alias in names:
                seen.setdefault(alias, None)
        return list(seen)


@dataclass(slots=True)
class Article:
    """One news article after parsing, the unit every NLP step works on."""

    article_id: str
    text: str
    url: str | None = None
    outlet: str | None = None
    language: str | None = None
    published_date: date | None = None
    published_datetime: str | None = None  # ISO 8601 with offset when the page gave one
    title: str | None = None
    authors: tuple[str, ...] = ()
    is_paywalled: bool = False
    page_kind: str = "article"  # article | paywall | cookie_wall | not_article
    extractor: str = "text"  # text (given as text) | trafilatura | newspaper4k | ...
    source_line: int | None = None  # line in the input JSONL, for error messages
    content_sha256: str | None = None

    @property
    def n_words(self) -> int:
        return len(self.text.split())

    def to_record(self) -> dict:
        rec = asdict(self)
        rec["n_words"] = self.n_words
        rec["authors"] = "; ".join(self.authors)
        return rec


@dataclass(frozen=True, slots=True)
class Timex:
    """A temporal expression found in text, normalized to a TIMEX3 value."""

    start: int
    end: int
    text: str
    type: str  # DATE | TIME | DURATION | SET
    value: str  # TIMEX3 value: 2026-01-02, 2026-W02, 2026-01, P5D, PRESENT_REF, XXXX-WXX-5, ...
    mod: str | None = None  # APPROX | START | END | MID | BEFORE | AFTER | ...
    anchor: str | None = None  # the value it was resolved from (DCT or an earlier expression)
    anchor_source: str | None = None  # dct | narrative; None for absolute values


@dataclass(slots=True)
class ActorMention:
    """An actor named in an article, resolved to a canonical actor when possible."""

    article_id: str
    sentence_index: int
    char_start: int
    char_end: int
    text: str
    actor_id: str
    name: str
    kind: str
    country: str | None = None
    match_source: str = "dictionary"  # dictionary | ner | rule | coref


@dataclass(slots=True)
class EventMention:
    """One sentence-level report of something an actor did, with provenance."""

    mention_id: str
    article_id: str
    sentence_index: int
    sentence: str
    char_start: int  # offsets of the sentence in the article text
    char_end: int
    trigger: str
    event_type: str
    actors: tuple[str, ...] = ()  # canonical names of the source actors
    targets: tuple[str, ...] = ()
    date: date | None = None
    date_precision: str | None = None  # day | month | year
    date_source: str = "published"  # explicit | relative | anchored | published
    timex_text: str | None = None
    modality: str = "asserted"  # asserted | planned | threatened | demanded | denied | hypothetical
    plover: str | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class ArticleAnalysis:
    """Everything the NLP stage found in one article."""

    article: Article
    timexes: list[Timex] = field(default_factory=list)
    actor_mentions: list[ActorMention] = field(default_factory=list)
    event_mentions: list[EventMention] = field(default_factory=list)
    n_sentences: int = 0


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be used, with where it came from and why."""

    reason: str
    line: int | None = None
    record_id: str | None = None
    source: str | None = None
