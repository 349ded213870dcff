"""The toolkit's spaCy components, registered as factories so a pipeline can be assembled by name.

- ``timeline_sentences``: rule-based sentence boundaries (see :mod:`timeline.nlp.sentences`);
- ``timeline_actors``: actor mentions → ``doc._.actors`` (list of :class:`~timeline.nlp.spans.Found`);
- ``timeline_events``: event mentions → ``doc._.events`` (list of :class:`~timeline.nlp.events.RawEvent`).

Dates come from the ``timeline_dates`` factory of :mod:`timeline.nlp.dates` (``doc._.timexes`` from
``doc._.reference_date``); without it the events component asks ``timeline.temporal`` itself.
"""

from __future__ import annotations

import contextlib
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from timeline.nlp.actors import ActorFinder
from timeline.nlp.doctext import doc_text
from timeline.nlp.event_dates import extract_timexes
from timeline.nlp.events import EventExtractor
from timeline.nlp.sentences import set_sentence_starts
from timeline.nlp.spans import Sentences

with contextlib.suppress(ImportError):  # registers timeline_dates and its extensions when present
    import timeline.nlp.dates  # noqa: F401

for _name in ("reference_date", "timexes", "sentence_bounds", "actors", "events", "source_text"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def sentence_bounds(doc: Doc) -> Sentences:
    """The doc's sentences as trimmed character spans, computed once per doc."""
    ext = doc._  # each `doc._` builds an accessor object: one is enough
    bounds = ext.sentence_bounds
    if bounds is None:
        text = doc_text(doc)
        bounds = []
        for sent in doc.sents:
            start, end = sent.start_char, sent.end_char
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                bounds.append((start, end))
        ext.sentence_bounds = bounds
    return Sentences(bounds)


def reference_date(doc: Doc) -> date | None:
    value = doc._.reference_date
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@Language.factory("timeline_sentences", assigns=["token.is_sent_start", "doc._.sentence_bounds"])
def make_sentences(nlp: Language, name: str):
    lang = nlp.lang

    def timeline_sentences(doc: Doc) -> Doc:
        # Our components use these bounds even when a trained parser re-segments the doc later: on news
        # text the parser of the small models merges sentences across full stops more often than this does.
        doc._.sentence_bounds = set_sentence_starts(doc, lang, doc_text(doc))
        return doc

    return timeline_sentences


class ActorsComponent:
    """Finds actor mentions; call :meth:`set_entries` with the case dictionary."""

    def __init__(self, nlp: Language, name: str, use_ner: bool):
        self.name = name
        self.lang = nlp.lang
        self.use_ner = use_ner and "ner" in nlp.pipe_names  # decided once: has_annotation scans every token
        self._finder: ActorFinder | None = None  # built on first need: `build_nlp` sets the entries at once

    @property
    def finder(self) -> ActorFinder:
        if self._finder is None:
            self._finder = ActorFinder(self.lang)
        return self._finder

    def set_entries(self, entries) -> None:
        if self._finder is None:
            self._finder = ActorFinder(self.lang, entries)
        else:
            self._finder.set_entries(entries)

    def __call__(self, doc: Doc) -> Doc:
        ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents] if self.use_ner else ()
        doc._.actors = self.finder.find(doc_text(doc), sentence_bounds(doc), ents)
        return doc


@Language.factory("timeline_actors", assigns=["doc._.actors"], default_config={"use_ner": True})
def make_actors(nlp: Language, name: str, use_ner: bool) -> ActorsComponent:
    return ActorsComponent(nlp, name, use_ner)


class EventsComponent:
    """Finds event mentions; call :meth:`set_extension` with a case's ``events.yml`` content."""

    def __init__(self, nlp: Language, name: str, use_parse: bool):
        self.name = name
        self.lang = nlp.lang
        self.use_parse = use_parse and "parser" in nlp.pipe_names
        self._extractor: EventExtractor | None = None  # built on first need: `build_nlp` sets the extension

    @property
    def extractor(self) -> EventExtractor:
        if self._extractor is None:
            self._extractor = EventExtractor(self.lang)
        return self._extractor

    def set_extension(self, extension: dict | None) -> None:
        self._extractor = EventExtractor(self.lang, extension)

    def __call__(self, doc: Doc) -> Doc:
        published = reference_date(doc)
        text = doc_text(doc)
        if doc._.timexes is None:
            doc._.timexes = extract_timexes(text, published, self.lang)
        parsed = doc if self.use_parse else None
        doc._.events = self.extractor.extract(text, sentence_bounds(doc), doc._.actors or [],
                                              list(doc._.timexes), published, parsed)
        return doc


@Language.factory("timeline_events", assigns=["doc._.events"], requires=["doc._.actors"],
                  default_config={"use_parse": True})
def make_events(nlp: Language, name: str, use_parse: bool) -> EventsComponent:
    return EventsComponent(nlp, name, use_parse)
