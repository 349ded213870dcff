"""The one place where events meet the temporal tagger: which day did this event happen?

The dates package (``timeline.nlp.dates``) finds and normalises temporal expressions; when it offers
``dating.date_for_span`` that function decides, seeing all of the article's expressions so that weeks,
weekdays and the narrative anchor can be read in context. Otherwise the rule here applies: the
expression in the event's own clause (else its sentence) nearest to the trigger, else the publication
day. An asserted event cannot have happened after its article was published: a weekday read as the
coming one ("Sinds maandag ligt de site plat" read as next Monday) is taken a week back, any other
later date gives way to the publication day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from timeline.types import Timex

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
WEEK = timedelta(days=7)
DAY = timedelta(days=1)
SOURCE_BY_ANCHOR = {None: "explicit", "explicit": "explicit", "dct": "relative", "narrative": "anchored"}


@dataclass(slots=True)
class EventDate:
    date: date | None
    precision: str | None
    source: str  # explicit | relative | anchored | published
    timex_text: str | None = None
    spread_days: int = 0  # >0: a day chosen inside a range the text names ("last week"), ± this many days


def parse_value(value: str) -> tuple[date, str] | None:
    """A TIMEX3 value as (first day, precision), or None for weeks, durations and vague references."""
    m = _DAY.match(value)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])), "day"
        m = _MONTH.match(value)
        if m:
            return date(int(m[1]), int(m[2]), 1), "month"
        m = _YEAR.match(value)
        if m:
            return date(int(m[1]), 1, 1), "year"
    except ValueError:
        return None
    return None


def extract_timexes(text: str, reference: date | None, lang: str) -> list[Timex]:
    """Temporal expressions from the dates package's public API, or none when it is not installed."""
    try:
        from timeline.temporal import extract
    except ImportError:
        return []
    return list(extract(text, reference.isoformat() if reference else None, lang))


@cache
def _dating_hook():
    try:
        from timeline.nlp.dates.dating import date_for_span
    except ImportError:
        return None
    return date_for_span


def date_event(text: str, clause: tuple[int, int], sentence: tuple[int, int], trigger: tuple[int, int],
               timexes: list[Timex], published: date | None, modality: str = "asserted") -> EventDate:
    """The day an event happened, with where that day came from."""
    hook = _dating_hook()
    if hook is not None:
        got = _from_hook(hook, text, clause, sentence, trigger, timexes, published)
        if got is not None:
            return _guard(got, published, modality)
    found = _nearest(timexes, *clause, trigger, published, modality, ("day", "month", "year"))
    if found is None:  # other clauses of the sentence only lend a precise day
        found = _nearest(timexes, *sentence, trigger, published, modality, ("day",))
    if found is not None:
        return found
    return EventDate(published, "day" if published else None, "published")


def _nearest(timexes: list[Timex], lo: int, hi: int, trigger: tuple[int, int], published: date | None,
             modality: str, precisions: tuple[str, ...]) -> EventDate | None:
    best, best_dist = None, None
    for t in timexes:
        if t.type not in ("DATE", "TIME") or not (lo <= t.start and t.end <= hi):
            continue
        parsed = parse_value(t.value)
        if parsed is None or parsed[1] not in precisions or _covers_publication(parsed, published):
            continue
        candidate = _guard(EventDate(parsed[0], parsed[1], SOURCE_BY_ANCHOR.get(t.anchor_source, "relative"), t.text),
                           published, modality)
        if candidate.source == "published":
            continue
        dist = min(abs(t.start - trigger[0]), abs(t.end - trigger[1]))
        if best_dist is None or dist < best_dist:
            best, best_dist = candidate, dist
    return best


def _covers_publication(parsed: tuple[date, str], published: date | None) -> bool:
    """A month or year that contains the publication day says less than the publication day itself."""
    day, precision = parsed
    if published is None or precision == "day":
        return False
    if precision == "month":
        return (day.year, day.month) == (published.year, published.month)
    return day.year == published.year


def _guard(found: EventDate, published: date | None, modality: str) -> EventDate:
    """Reject a date after publication for an event reported as having happened."""
    if found.date is None or published is None or modality != "asserted":
        return found
    if found.date > published + DAY:
        if found.source == "relative" and _is_day_word(found.timex_text) and found.date - published < WEEK:
            return EventDate(found.date - WEEK, found.precision, found.source, found.timex_text, found.spread_days)
        return EventDate(published, "day", "published")
    return found


def _is_day_word(text: str | None) -> bool:
    """A day named by a word ("Monday", "maandag"), not by digits: it may have been read in the wrong week."""
    return bool(text) and not any(c.isdigit() for c in text)


def _from_hook(hook, text, clause, sentence, trigger, timexes, published) -> EventDate | None:
    """Call the dates package's dating function and convert its answer."""
    try:
        got = hook(text=text, clause=clause, sentence=sentence, trigger=trigger, timexes=timexes,
                   published=published)
    except TypeError:
        return None
    if got is None:
        return None
    if isinstance(got, EventDate):
        return got
    day = getattr(got, "date", None)
    return EventDate(day, getattr(got, "precision", None), getattr(got, "source", "published") or "published",
                     getattr(got, "timex_text", None), getattr(got, "spread_days", 0) or 0)
