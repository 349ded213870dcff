"""Sentence-level event mentions: typed trigger, source and target actors, modality, date.

One pass of the trigger lexicon over the whole text finds candidate triggers; within each clause the
most specific type wins (:data:`timeline.nlp.ontology.PRIORITY`) and a sentence reports each type at
most once. A sentence with a speech verb, a speaker and no other trigger is a ``statement``.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from timeline.nlp.event_dates import EventDate, date_event
from timeline.nlp.event_lexicon import EventLexicon, build_event_lexicon
from timeline.nlp.modality import modality_of
from timeline.nlp.ontology import RANK, plover_for
from timeline.nlp.roles import Trigger, roles_by_order, roles_by_parse
from timeline.nlp.spans import Found, Sentences
from timeline.types import Timex

CONFIDENCE = {"statement": 0.5, "report_finding": 0.55, "criticism": 0.65}
MAX_SENTENCE_CHARS = 1200  # longer "sentences" are tables or run-on boilerplate: no events there


@dataclass(slots=True)
class RawEvent:
    """An event found in one text, before it is tied to an article."""

    sentence_index: int
    sent_start: int
    sent_end: int
    trigger: str
    event_type: str
    sources: list[Found] = field(default_factory=list)
    targets: list[Found] = field(default_factory=list)
    modality: str = "asserted"
    when: EventDate | None = None
    confidence: float = 0.8

    @property
    def plover(self) -> str | None:
        return plover_for(self.event_type, self.modality)


def mention_id(article_id: str, start: int, end: int, event_type: str) -> str:
    """Stable key of an event mention: article, sentence offsets and type."""
    raw = f"{article_id}|{start}|{end}|{event_type}".encode()
    return hashlib.sha1(raw).hexdigest()[:16]


def actor_names(found: Sequence[Found]) -> tuple[str, ...]:
    """Canonical names, each once, in order; a spokesperson's organisation follows the person."""
    out: dict[str, None] = {}
    for f in found:
        out.setdefault(f.name, None)
        if f.speaks_for:
            out.setdefault(f.speaks_for, None)
    return tuple(out)


class EventExtractor:
    """Events of one language."""

    def __init__(self, lang: str, extension: dict | None = None):
        self.lang = lang
        self.lex: EventLexicon = build_event_lexicon(lang, extension)

    def extract(self, text: str, sents: Sentences, actors: list[Found], timexes: list[Timex],
                published: date | None, doc=None) -> list[RawEvent]:
        triggers = [Trigger(s, e, text[s:e], t) for s, e, _, t in self.lex.triggers.finditer(text)]
        speech = [(s, e) for s, e, _, _ in self.lex.speech.finditer(text)]
        cues = list(self.lex.modality.finditer(text))
        actor_starts = [a.start for a in actors]
        by_sentence: dict[int, list[Trigger]] = {}
        for trig in triggers:
            by_sentence.setdefault(sents.index(trig.start), []).append(trig)
        for s, _e in speech:
            by_sentence.setdefault(sents.index(s), [])
        events = []
        for index in sorted(by_sentence):
            s_start, s_end = sents.span(index)
            if s_end - s_start > MAX_SENTENCE_CHARS:
                continue
            in_sent = actors[bisect_left(actor_starts, s_start): bisect_right(actor_starts, s_end)]
            sent_speech = [(s, e) for s, e in speech if s_start <= s < s_end]
            ctx = _SentenceContext(text, index, (s_start, s_end), in_sent, sent_speech, cues, timexes, published, doc)
            events.extend(self._sentence_events(ctx, by_sentence[index]))
        return events

    def _sentence_events(self, ctx: _SentenceContext, triggers: list[Trigger]) -> list[RawEvent]:
        best: dict[tuple[int, int], Trigger] = {}
        for trig in triggers:
            if _inside_speech(trig, ctx.speech):
                continue
            clause = self._clause(ctx.text, ctx.bounds, trig.start)
            current = best.get(clause)
            if current is None or _rank(trig, ctx.speech) < _rank(current, ctx.speech):
                best[clause] = trig
        out: dict[str, RawEvent] = {}
        for clause, trig in sorted(best.items()):
            if trig.event_type in out:
                continue
            out[trig.event_type] = self._event(ctx, clause, trig)
        if not out and ctx.speech:
            statement = self._statement(ctx)
            if statement is not None:
                out["statement"] = statement
        return list(out.values())

    def _clause(self, text: str, bounds: tuple[int, int], pos: int) -> tuple[int, int]:
        start, end = bounds
        for m in self.lex.clause_re.finditer(text, bounds[0], bounds[1]):
            if m.end() <= pos:
                # a word break ("that", "qui") stays in the clause it opens: it tells who the clause is about
                start = m.end() if not m.group().strip()[:1].isalpha() else m.start() + 1
            elif m.start() >= pos:
                end = m.start()
                break
        return start, end

    def _event(self, ctx: _SentenceContext, clause: tuple[int, int], trig: Trigger) -> RawEvent:
        parsed = roles_by_parse(ctx.doc, trig, ctx.actors) if ctx.doc is not None else None
        sources, targets = parsed or roles_by_order(ctx.text, clause, ctx.bounds, trig, ctx.actors, ctx.speech,
                                                    self.lex)
        modality = modality_of(ctx.text, clause, trig, ctx.cues)
        trig = _refine_type(trig, sources)
        when = date_event(ctx.text, clause, ctx.bounds, (trig.start, trig.end), ctx.timexes, ctx.published, modality)
        confidence = CONFIDENCE.get(trig.event_type, 0.8) + (0.1 if sources else -0.1)
        return RawEvent(ctx.index, *ctx.bounds, trig.text, trig.event_type, sources, targets, modality, when,
                        round(min(1.0, max(0.1, confidence)), 2))

    def _statement(self, ctx: _SentenceContext) -> RawEvent | None:
        v_start, v_end = ctx.speech[0]
        trig = Trigger(v_start, v_end, ctx.text[v_start:v_end], "statement")
        clause = self._clause(ctx.text, ctx.bounds, v_start)
        sources, targets = roles_by_order(ctx.text, clause, ctx.bounds, trig, ctx.actors, ctx.speech, self.lex)
        if not sources:
            return None
        when = date_event(ctx.text, clause, ctx.bounds, (v_start, v_end), ctx.timexes, ctx.published)
        return RawEvent(ctx.index, *ctx.bounds, trig.text, "statement", sources, targets, "asserted", when,
                        CONFIDENCE["statement"])


@dataclass(slots=True)
class _SentenceContext:
    text: str
    index: int
    bounds: tuple[int, int]
    actors: list[Found]
    speech: list[tuple[int, int]]
    cues: list
    timexes: list[Timex]
    published: date | None
    doc: object = None


# In reported speech the speaker's reaction is the news: "X said restricting the tool was insulting"
# is criticism of a restriction, not a restriction.
SPEECH_RANK = {"criticism": -3, "acknowledgement": -2}
# A platform blocking or banning something on its own service changes its policy; a state blocking
# the service is a ban.
SELF_KINDS = {"platform", "company", "ai_system"}


def _rank(trig: Trigger, speech: list[tuple[int, int]]) -> int:
    reported = any(e <= trig.start for _, e in speech)
    return SPEECH_RANK.get(trig.event_type, RANK[trig.event_type]) if reported else RANK[trig.event_type]


def _refine_type(trig: Trigger, sources: list[Found]) -> Trigger:
    if trig.event_type == "block_ban" and sources and all(s.kind in SELF_KINDS for s in sources):
        return Trigger(trig.start, trig.end, trig.text, "policy_change")
    return trig


def _inside_speech(trig: Trigger, speech: list[tuple[int, int]]) -> bool:
    """A trigger that is part of a speech phrase ("in a statement") is not an event of its own."""
    return any(s <= trig.start and trig.end <= e for s, e in speech)
