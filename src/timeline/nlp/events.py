"""Sentence-level event mentions: typed trigger, source and target actors, modality, date.

One pass of the trigger lexicon over the whole text finds candidate triggers; within each clause the
most specific type wins (:data:`timeline.nlp.ontology.PRIORITY`) and a sentence reports each type at
most once. A sentence with a speech verb, a speaker and no other trigger is a ``statement``.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from timeline.nlp.event_dates import EventDate, date_event
from timeline.nlp.event_lexicon import EventLexicon, build_event_lexicon, window_search
from timeline.nlp.memo import MISSING, remember
from timeline.nlp.modality import modality_of
from timeline.nlp.ontology import RANK, plover_for
from timeline.nlp.roles import Trigger, roles_by_order, roles_by_parse
from timeline.nlp.spans import Found, Sentences
from timeline.types import Timex

CONFIDENCE = {"statement": 0.5, "report_finding": 0.55, "criticism": 0.65}
IMPOSING_CHARS = 60  # how far before an act noun a verb imposing it ("imposed a record fine") counts
ECHO_DOUBT = 0.2  # an act only named ("the fine") in a sentence with no act of its own
GOVERNING_TYPES = {"criticism", "legal_complaint", "acknowledgement"}
GOVERNED_CHARS = 80  # a reaction this close before an act noun has it as its object
ATTACHED_CHARS = 40  # an amount trigger this close after an act noun belongs to it
# what may stand between an act noun and its amount: "fine of €120", "boete van 120", "amende de 120"
_ATTACHED = re.compile(r"\s*(?:\w{1,3}['’]?\s*)?(?:[€$£]?\d[\w.,]*\s*)*")
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
        self._act_nouns: dict[str, bool] = {}
        self._sentence_breaks: dict[str, list[tuple[int, int, int]]] = {}
        self._attached: dict[tuple[bool, bool, str], int | None] = {}
        self._determined: dict[tuple[bool, str], bool] = {}

    def extract(self, text: str, sents: Sentences, actors: list[Found], timexes: list[Timex],
                published: date | None, doc=None) -> list[RawEvent]:
        actor_starts = [a.start for a in actors]
        # a trigger or speech verb inside an actor's name ("United States", "Internet Watch Foundation")
        triggers = [Trigger(s, e, text[s:e], t) for s, e, _, t in self.lex.triggers.finditer(text)
                    if not _inside_actor(s, e, actors, actor_starts)]
        speech = [(s, e) for s, e, _, _ in self.lex.speech.finditer(text)
                  if not _inside_actor(s, e, actors, actor_starts)]
        if not triggers and not speech:
            return []  # nothing to report: the modality and imposing scans would go unused
        cues = list(self.lex.modality.finditer(text))
        imposing = [s for s, _, _, _ in self.lex.imposing.finditer(text)] if any(
            self._is_act_noun(t.text) for t in triggers) else []
        by_sentence: dict[int, list[Trigger]] = {}
        for trig in triggers:
            by_sentence.setdefault(sents.index(trig.start), []).append(trig)
        for s, _e in speech:
            by_sentence.setdefault(sents.index(s), [])
        speech_starts = [s for s, _ in speech]  # sorted: the matcher reports left to right
        events = []
        for index in sorted(by_sentence):
            s_start, s_end = sents.span(index)
            if s_end - s_start > MAX_SENTENCE_CHARS:
                continue
            in_sent = actors[bisect_left(actor_starts, s_start): bisect_right(actor_starts, s_end)]
            sent_speech = speech[bisect_left(speech_starts, s_start): bisect_left(speech_starts, s_end)]
            ctx = _SentenceContext(text, index, (s_start, s_end), in_sent, sent_speech, cues, timexes, published, doc,
                                   imposing[bisect_left(imposing, s_start): bisect_left(imposing, s_end)])
            events.extend(self._sentence_events(ctx, by_sentence[index]))
        return events

    def _is_act_noun(self, word: str) -> bool:
        """Whether a trigger's text is one of the act nouns ("fine", "l'enquête"); remembered per text,
        as the same few triggers recur in every article."""
        known = self._act_nouns.get(word)
        if known is None:
            known = remember(self._act_nouns, word, self.lex.act_noun_re.fullmatch(word) is not None)
        return known

    def _sentence_events(self, ctx: _SentenceContext, triggers: list[Trigger]) -> list[RawEvent]:
        live: list[tuple[tuple[int, int], Trigger]] = []
        echoes: list[tuple[tuple[int, int], Trigger]] = []
        for trig in triggers:
            if _inside_speech(trig, ctx.speech):
                continue
            clause = self._clause(ctx, trig.start)
            named_only = self._refers_back(ctx, clause, trig) or self._governed(ctx, clause, trig, triggers)
            (echoes if named_only else live).append((clause, trig))
        # an act only named ("the fine") yields to the sentence's own act or to a speaker reacting to it;
        # alone, it is an echo of the earlier act (useful to date and count it), with less confidence
        echo = not live
        best: dict[tuple[int, int], Trigger] = {}
        for clause, trig in live or ([] if ctx.speech else echoes):
            current = best.get(clause)
            if current is None or _rank(trig, ctx.speech) < _rank(current, ctx.speech):
                best[clause] = trig
        out: dict[str, RawEvent] = {}
        for clause, trig in sorted(best.items()):
            if trig.event_type in out:
                continue
            out[trig.event_type] = self._event(ctx, clause, trig, echo)
        if not out and ctx.speech:
            statement = self._statement(ctx)
            if statement is not None:
                out["statement"] = statement
        return list(out.values())

    def _refers_back(self, ctx: _SentenceContext, clause: tuple[int, int], trig: Trigger) -> bool:
        """A definite noun for an act ("the fine", "l'amende", "de boete") names an act already reported.

        Unless a verb imposing it comes first in its clause ("imposed the fine"), it creates no new event:
        in "X will appeal the fine" the appeal is the news, in "Musk answered the EU's fine" the reply is.
        An amount trigger attached to such a noun ("l'amende de 120 millions d'euros") refers back too.
        """
        if self._is_act_noun(trig.text):
            return self._definite_act(ctx, clause, trig.start)
        noun = self._attached_noun(ctx.text, max(clause[0], trig.start - ATTACHED_CHARS), trig.start)
        return noun is not None and self._definite_act(ctx, clause, noun)

    def _attached_noun(self, text: str, lo: int, end: int) -> int | None:
        """Where the last act noun in text[lo:end] starts if the amount at `end` belongs to it ("fine of €120").

        The answer depends on text[lo - 1:end + 1] alone (word bounds read one character either side),
        so it is remembered per such window.
        """
        left = lo - 1 if lo else 0
        key = (lo > 0, end < len(text), text[left:end + 1])
        found = self._attached.get(key, MISSING)
        if found is MISSING:
            nouns = [m for m in self.lex.act_noun_re.finditer(text, lo, end) if _word_bounded(text, m.start(), m.end())]
            attached = nouns and _ATTACHED.fullmatch(text, nouns[-1].end(), end)
            found = remember(self._attached, key, nouns[-1].start() - left if attached else None)
        return None if found is None else left + found

    def _governed(self, ctx: _SentenceContext, clause: tuple[int, int], trig: Trigger,
                  triggers: list[Trigger]) -> bool:
        """An act noun that is the object of a reaction ("dénonce une enquête", "condemned a ban",
        "challenges a fine"): the reaction is the event, the act it reacts to is only named."""
        if not self._is_act_noun(trig.text):
            return False
        for other in triggers:
            if (other.event_type in GOVERNING_TYPES and clause[0] <= other.start and other.end <= trig.start
                    and trig.start - other.end <= GOVERNED_CHARS):
                return not any(other.end <= p < trig.start for p in ctx.imposing)
        return False

    def _definite_act(self, ctx: _SentenceContext, clause: tuple[int, int], start: int) -> bool:
        if not self._after_determiner(ctx.text, max(clause[0], start - 80), start):
            return False
        return not any(clause[0] <= p < start and start - p <= IMPOSING_CHARS for p in ctx.imposing)

    def _after_determiner(self, text: str, lo: int, end: int) -> bool:
        """Whether text[lo:end] ends in a definite determiner ("the", "l'", "de"), perhaps with modifiers.

        The pattern reads one character before its match (a look-behind) and nothing after `end`, so the
        answer depends on text[lo - 1:end] alone and is remembered per such window.
        """
        return window_search(self._determined, self.lex.definite_re, text, lo, end)

    def _clause(self, ctx: _SentenceContext, pos: int) -> tuple[int, int]:
        """The clause of the sentence around `pos`, between the clause breaks nearest on either side."""
        start, end = ctx.bounds
        for b_start, b_end, opens in self._breaks(ctx):
            if b_end <= pos:
                start = opens
            elif b_start >= pos:
                end = b_start
                break
        return start, end

    def _breaks(self, ctx: _SentenceContext) -> list[tuple[int, int, int]]:
        """The sentence's clause breaks as (start, end, where the clause after it starts), found once.

        The clause pattern has no look-behinds or anchors, so its matches in a sentence depend on the
        sentence's text alone: they are remembered per text (boilerplate and wire copy repeat sentences).
        """
        if ctx.breaks is None:
            s_start, s_end = ctx.bounds
            sentence = ctx.text[s_start:s_end]
            found = self._sentence_breaks.get(sentence)
            if found is None:
                # a word break ("that", "qui") stays in the clause it opens: it tells who the clause is about
                found = remember(self._sentence_breaks, sentence, [
                    (m.start(), m.end(), m.end() if not m.group().strip()[:1].isalpha() else m.start() + 1)
                    for m in self.lex.clause_re.finditer(sentence)])
            ctx.breaks = [(b_start + s_start, b_end + s_start, opens + s_start) for b_start, b_end, opens in found]
        return ctx.breaks

    def _event(self, ctx: _SentenceContext, clause: tuple[int, int], trig: Trigger, echo: bool = False
               ) -> RawEvent:
        parsed = roles_by_parse(ctx.doc, trig, ctx.actors) if ctx.doc is not None else None
        sources, targets = parsed or roles_by_order(ctx.text, clause, ctx.bounds, trig, ctx.actors, ctx.speech,
                                                    self.lex)
        modality = modality_of(ctx.text, clause, trig, ctx.cues)
        trig = _refine_type(trig, sources, targets)
        when = date_event(ctx.text, clause, ctx.bounds, (trig.start, trig.end), ctx.timexes, ctx.published, modality)
        confidence = (CONFIDENCE.get(trig.event_type, 0.8) + (0.1 if sources else -0.1) - _date_doubt(when)
                      - (ECHO_DOUBT if echo else 0.0))
        return RawEvent(ctx.index, *ctx.bounds, trig.text, trig.event_type, sources, targets, modality, when,
                        round(min(1.0, max(0.1, confidence)), 2))

    def _statement(self, ctx: _SentenceContext) -> RawEvent | None:
        v_start, v_end = ctx.speech[0]
        trig = Trigger(v_start, v_end, ctx.text[v_start:v_end], "statement")
        clause = self._clause(ctx, v_start)
        sources, targets = roles_by_order(ctx.text, clause, ctx.bounds, trig, ctx.actors, ctx.speech, self.lex)
        if not sources:
            return None
        when = date_event(ctx.text, clause, ctx.bounds, (v_start, v_end), ctx.timexes, ctx.published)
        return RawEvent(ctx.index, *ctx.bounds, trig.text, "statement", sources, targets, "asserted", when,
                        round(max(0.1, CONFIDENCE["statement"] - _date_doubt(when)), 2))


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
    imposing: list[int] = field(default_factory=list)  # starts of verbs that impose an act ("imposed")
    breaks: list[tuple[int, int, int]] | None = None  # clause breaks, found on first use


# In reported speech the speaker's reaction is the news: "X said restricting the tool was insulting"
# is criticism of a restriction, not a restriction.
SPEECH_RANK = {"criticism": -3, "acknowledgement": -2}
# A platform blocking or banning something on its own service changes its policy; a state blocking
# the service is a ban.
SELF_KINDS = {"platform", "company", "ai_system"}


def _rank(trig: Trigger, speech: list[tuple[int, int]]) -> int:
    reported = any(e <= trig.start for _, e in speech)
    return SPEECH_RANK.get(trig.event_type, RANK[trig.event_type]) if reported else RANK[trig.event_type]


def _refine_type(trig: Trigger, sources: list[Found], targets: list[Found]) -> Trigger:
    """A platform blocking something on its own service changes its policy; blocking an outside
    organisation or person ("X blocked the Commission's ad account") is still a block."""
    if (trig.event_type == "block_ban" and sources and all(s.kind in SELF_KINDS for s in sources)
            and all(t.kind in SELF_KINDS for t in targets)):
        return Trigger(trig.start, trig.end, trig.text, "policy_change")
    return trig


def _date_doubt(when: EventDate | None) -> float:
    """How much a guessed day lowers confidence: a day picked inside "last week" is not a day the text
    names, so the merge's date vote lets exact days from other reports outweigh it."""
    spread = when.spread_days if when is not None else 0
    return 0.0 if not spread else min(0.4, 0.15 + 0.05 * spread)


def _inside_actor(start: int, end: int, actors: list[Found], starts: list[int]) -> bool:
    """Whether [start, end) lies within an actor mention (actors sorted by start)."""
    i = bisect_right(starts, start)
    return any(a.start <= start and end <= a.end for a in actors[max(0, i - 3): i])


def _inside_speech(trig: Trigger, speech: list[tuple[int, int]]) -> bool:
    """A trigger that is part of a speech phrase ("in a statement") is not an event of its own."""
    return any(s <= trig.start and trig.end <= e for s, e in speech)


def _word_bounded(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())
