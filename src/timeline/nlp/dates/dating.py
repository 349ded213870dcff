"""Event dating: which date does an event mention get, and why.

The rule, applied by :func:`date_for_span` to one event mention (a character span inside a
sentence of an article):

1. **Own clause, then own sentence.** If a DATE or TIME expression with a calendar value lies in the
   same clause as the event (clauses are split at , ; : ( ) and dashes outside expressions), the
   nearest such expression dates it; otherwise the nearest one in the same sentence does.
   A "now" or "currently" in the sentence (and no date) means the time of writing: the
   publication date, as ``relative``.
2. **Narrative anchor.** Otherwise the event takes the last datable expression before its sentence:
   the date the narrative is on ("On 2 January, Grok acknowledged lapses. It also said ...").
   A later "now" or "today" hands the narrative back to the publication date, so it ends the anchor.
3. **Publication date.** Otherwise the event happened, as far as the text says, on the day it was
   published.

``date_source`` records which case applied and, for a date found in the text, how that expression
was resolved:

- ``explicit``: an absolute date in the text ("2 January 2026", "on 9 January");
- ``relative``: resolved against the publication date ("on Friday", "yesterday", "last week");
- ``anchored``: resolved against an earlier date of the text ("five days later", "le lendemain"),
  or taken from the narrative anchor (case 2);
- ``published``: no date in the text; the publication date (case 3).

``precision`` is ``day``, ``month`` or ``year``: a week ("last week") is reported at month precision
(the month holding most of it), a quarter, half-year or season at year precision, so the stated
precision is never finer than what the text says. Expressions without a calendar date (durations,
sets, ``PRESENT_REF``, decades) never date an event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from timeline.types import Timex

CLAUSE_BREAKS = frozenset(",;:()–—")
RESETS = frozenset(("PRESENT_REF",))
SOURCE_OF_ANCHOR = {None: "explicit", "dct": "relative", "narrative": "anchored"}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PERIOD = re.compile(r"^(\d{4})-(?:Q([1-4])|H([12])|(SP|SU|FA|WI))$")
_YEAR = re.compile(r"^(\d{4})$")
_PERIOD_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}


@dataclass(frozen=True, slots=True)
class DateAssignment:
    """The date an event mention gets: the date, its precision, and where it came from."""

    date: date | None
    precision: str | None  # day | month | year
    date_source: str  # explicit | relative | anchored | published
    timex_text: str | None = None
    value: str | None = None

    @property
    def source(self) -> str:
        """Same as ``date_source`` (the name :class:`~timeline.types.EventMention` callers read)."""
        return self.date_source


def _period_start(m: re.Match) -> date:
    year = int(m.group(1))
    if m.group(2):
        return date(year, 3 * int(m.group(2)) - 2, 1)
    if m.group(3):
        return date(year, 6 * int(m.group(3)) - 5, 1)
    return date(year, _PERIOD_MONTH[m.group(4)], 1)


def value_to_date(value: str) -> tuple[date, str] | None:
    """A TIMEX3 value as (date, precision), or None if it names no calendar period."""
    try:
        if m := _DAY.match(value):
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "day"
        if m := _WEEK.match(value):
            thursday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 4)
            return thursday.replace(day=1), "month"
        if m := _MONTH.match(value):
            return date(int(m.group(1)), int(m.group(2)), 1), "month"
        if m := _PERIOD.match(value):
            return _period_start(m), "year"
        if m := _YEAR.match(value):
            return date(int(m.group(1)), 1, 1), "year"
    except ValueError:
        return None
    return None


def _datable(timexes: Sequence[Timex]) -> list[tuple[Timex, date, str]]:
    out = []
    for t in timexes:
        if t.type in ("DATE", "TIME"):
            resolved = value_to_date(t.value)
            if resolved:
                out.append((t, *resolved))
    return out


def _clause_bounds(text: str, timexes: Sequence[Timex], start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
    """The clause around text[start:end] inside the sentence text[lo:hi]."""
    inside = [(t.start, t.end) for t in timexes if t.start < hi and t.end > lo]

    def is_break(k: int) -> bool:
        return text[k] in CLAUSE_BREAKS and not any(s <= k < e for s, e in inside)

    left = start
    while left > lo and not is_break(left - 1):
        left -= 1
    right = end
    while right < hi and not is_break(right):
        right += 1
    return left, right


def _assignment(t: Timex, day: date, precision: str, source: str | None = None) -> DateAssignment:
    return DateAssignment(day, precision, source or SOURCE_OF_ANCHOR.get(t.anchor_source, "explicit"),
                          t.text, t.value)


def _nearest(cands: list[tuple[Timex, date, str]], start: int, end: int) -> tuple[Timex, date, str]:
    def distance(item: tuple[Timex, date, str]) -> int:
        t = item[0]
        return max(0, t.start - end, start - t.end)

    return min(cands, key=distance)


def _narrative_anchor(timexes: Sequence[Timex], before: int) -> DateAssignment | None:
    earlier = [t for t in timexes if t.end <= before]
    for t in reversed(earlier):
        if t.value in RESETS:
            return None
        resolved = value_to_date(t.value) if t.type in ("DATE", "TIME") else None
        if resolved:
            return _assignment(t, *resolved, source="anchored")
    return None


def date_for_span(
    timexes: Sequence[Timex],
    text: str,
    span_start: int | None = None,
    span_end: int | None = None,
    sentence_start: int | None = None,
    sentence_end: int | None = None,
    published: date | None = None,
    *,
    trigger: tuple[int, int] | None = None,
    sentence: tuple[int, int] | None = None,
    clause: tuple[int, int] | None = None,
) -> DateAssignment:
    """The date of the event mentioned at text[span_start:span_end]; see the module docstring.

    ``timexes`` are the article's expressions (from :func:`timeline.temporal.extract` on the same
    ``text``); the sentence bounds are character offsets of the sentence holding the event. The
    spans may also be given as ``trigger=(start, end)`` and ``sentence=(start, end)`` pairs, with an
    optional ``clause=(start, end)`` that replaces the clause this function would find itself.

    Raises:
        ValueError: the event span or the sentence bounds are missing.
    """
    span_start, span_end = trigger if trigger is not None else (span_start, span_end)
    sentence_start, sentence_end = sentence if sentence is not None else (sentence_start, sentence_end)
    if None in (span_start, span_end, sentence_start, sentence_end):
        raise ValueError("date_for_span needs the event span and the sentence bounds")
    in_sentence = [c for c in _datable(timexes) if c[0].start >= sentence_start and c[0].end <= sentence_end]
    resets = [t for t in timexes if t.value in RESETS and t.start >= sentence_start and t.end <= sentence_end]
    if resets and not in_sentence:  # "Now the EU is looking": the time of writing
        return DateAssignment(published, "day" if published else None, "relative", resets[0].text, resets[0].value)
    if in_sentence:
        lo, hi = clause or _clause_bounds(text, timexes, span_start, span_end, sentence_start, sentence_end)
        in_clause = [c for c in in_sentence if c[0].start >= lo and c[0].end <= hi]
        t, day, precision = _nearest(in_clause or in_sentence, span_start, span_end)
        return _assignment(t, day, precision)
    anchored = _narrative_anchor(timexes, sentence_start)
    if anchored:
        return anchored
    return DateAssignment(published, "day" if published else None, "published")


__all__ = ["DateAssignment", "date_for_span", "value_to_date"]
