"""Event dating: which date does an event mention get, and why.

The rule, applied by :func:`date_for_span` to one event mention (a character span inside a
sentence of an article):

1. **Own clause, then own sentence.** If a DATE or TIME expression with a calendar value lies in the
   same clause as the event (clauses are split at , ; : ( ) and dashes outside expressions), the
   nearest such expression dates it; otherwise the nearest one in the same sentence does.
   A "now" or "currently" in the sentence (and no date) means the time of writing: the
   publication date, as ``relative``.
2. **Narrative anchor.** Otherwise the event may take the day the narrative is on: the last day an
   expression before it named ("On 2 January, Grok acknowledged lapses. It also said ..."). News
   jumps back and forth in time, so the anchor holds only within the paragraph, only for a day
   before publication, and not for a sentence in the present tense ("says", "now", "is"): those
   speak of the time of writing. A later "now" or "today" ends the anchor.
3. **Publication date.** Otherwise the event happened, as far as the text says, on the day it was
   published.

Before any of this the article's expressions are read together (:func:`read_expressions`), because
some only make sense next to each other or to the ones before them:

- a week ("last week", "earlier this week", "vorige week", "la semaine dernière") names a range of
  days, not one. The event gets one day of it: the middle of the working week, or of the days
  before publication when the week is the current one ("earlier this week" on a Thursday: the
  Tuesday); "late last week" and "early last week" lean to its end or start; a weekend is its
  Saturday. Such a day keeps ``precision='day'`` (the schema knows no week precision, and "month"
  would throw away what the text says) but is flagged ``approximate``, with the half-width of the
  range in :attr:`DateAssignment.spread_days`, so the merge can let exact days from other reports
  overrule it;
- a weekday next to a week ("Thursday last week", "vorige week donderdag", "jeudi de la semaine
  dernière") is that weekday of that week;
- a narrative shift ("two days earlier", "le lendemain") resolved from an expression that was
  refined above moves with it.

An expression introduced by "since" ("since March", "depuis mars") that names a month or a year
dates the start of a state, not the event, and is skipped.

``date_source`` records which case applied and, for a date found in the text, how that expression
was resolved:

- ``explicit``: an absolute date in the text ("2 January 2026", "on 9 January");
- ``relative``: resolved against the publication date ("on Friday", "yesterday", "last week");
- ``anchored``: resolved against an earlier date of the text ("five days later", "le lendemain"),
  or taken from the narrative anchor (case 2);
- ``published``: no date in the text; the publication date (case 3).

``precision`` is ``day``, ``month`` or ``year``: :func:`value_to_date` reports a bare week at month
precision (the month holding most of it), a quarter, half-year or season at year precision, so the
stated precision is never finer than what the text says; event dating replaces a week by one of its
days as described above. Expressions without a calendar date (durations, sets, ``PRESENT_REF``,
decades) never date an event.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from timeline.types import Timex

CLAUSE_BREAKS = frozenset(",;:()–—")
RESETS = frozenset(("PRESENT_REF",))
SOURCE_OF_ANCHOR = {None: "explicit", "dct": "relative", "narrative": "anchored"}

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_WEEK_ONLY = re.compile(r"^(\d{4})-W(\d{2})(-WE)?$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_PERIOD = re.compile(r"^(\d{4})-(?:Q([1-4])|H([12])|(SP|SU|FA|WI))$")
_YEAR = re.compile(r"^(\d{4})$")
_PERIOD_MONTH = {"SP": 4, "SU": 7, "FA": 10, "WI": 1}

# Words of the languages we read (en, nl, fr, de), matched case-insensitively on whole words.
# A weekday joined to a week: "Thursday of last week", "jeudi de la semaine dernière".
_WEEK_JOIN = re.compile(r"^\s*(?:of|de|van|der)?\s*$", re.IGNORECASE)
# "since March" dates when a state began, not the event.
_SINCE = re.compile(r"(?:\bsince|\bsinds|\bdepuis|\bseit)\s*$", re.IGNORECASE)
# A narrative shift: resolved from the day before it in the text, not from the publication day.
_NARRATIVE_WORDS = re.compile(
    r"\b(?:later|earlier|before|after|afterwards|following|plus tard|plus tôt|auparavant|lendemain|veille|"
    r"eerder|daarna|ervoor|daarvoor|nadien|später|früher|zuvor|danach|darauf)\b", re.IGNORECASE)
# The sentence speaks of the time of writing: its event is not on the day the narrative was on.
# English "is"/"has" mark the present; Dutch, French and German "is", "est", "ist" also build past tenses.
# Present-tense reporting verbs are listed, since only English marks the present by an auxiliary.
_PRESENT = re.compile(
    r"\b(?:now|currently|says|is|are|remains?|has|have|estimates|warns|argues|claims|insists|"
    r"nu|momenteel|zegt|zeggen|blijft|inmiddels|intussen|stelt|meldt|schrijft|noemt|vindt|waarschuwt|"
    r"actuellement|désormais|disent|reste|estime|affirme|souligne|explique|assure|rappelle|précise|juge|"
    r"dénonce|jetzt|derzeit|sagt|sagen|erklärt|betont|warnt)\b", re.IGNORECASE)
# ... unless it also points back: "has since added", "had", "avait", "hatte".
_BACK = re.compile(
    r"\b(?:since|had|hadden|sindsdien|depuis|avait|avaient|hatte|hatten|seither|seitdem)\b", re.IGNORECASE)
# Relative pronouns: a date in the relative clause they open dates that clause's verb, not an event outside
# it ("Consumer groups, who had welcomed the fine last week, said ...", "een aanval die zaterdag ...").
# "that", "dat", "que" also open reported speech, whose content is often the event itself, so they
# count only after a comma ("het bedrijf, dat vorige week ...").
_RELATIVE = re.compile(
    r"\b(?:who|whom|whose|which|die|waarbij|waarin|waarmee|wiens|qui|dont|lequel|laquelle|lesquels|"
    r"welche|welcher|welches)\b|,\s*(?:that|dat|que)\b", re.IGNORECASE)
# The early part of a period: "earlier this week", "en début de semaine".
_EARLY = re.compile(r"\b(?:earlier|early|plus tôt|début|eerder|begin|früher|anfang|beginn)\b", re.IGNORECASE)
# Week references the tagger may leave unmarked: the current week, before publication. Looked for only
# before a week word, which keeps the scan of a long article cheap.
WEEK_WORDS = ("week", "semaine", "woche")
_EARLIER_THIS_WEEK = re.compile(
    r"\b(?:earlier in the|earlier this|plus tôt dans la|en début de|plus tôt cette|eerder in de|eerder deze|"
    r"begin deze|früher in der|anfang der|anfang dieser|zu beginn der)\s+$", re.IGNORECASE)
# How far back (characters) a narrative anchor may lie: about two news sentences.
ANCHOR_REACH = 400


@dataclass(frozen=True, slots=True)
class DateAssignment:
    """The date an event mention gets: the date, its precision, and where it came from.

    ``spread_days`` is 0 for a day the text names, and the half-width of the range the text names
    when the day was chosen from a week ("last week" → 2); ``approximate`` says the same.
    """

    date: date | None
    precision: str | None  # day | month | year
    date_source: str  # explicit | relative | anchored | published
    timex_text: str | None = None
    value: str | None = None
    spread_days: int = 0

    @property
    def source(self) -> str:
        """Same as ``date_source`` (the name :class:`~timeline.types.EventMention` callers read)."""
        return self.date_source

    @property
    def approximate(self) -> bool:
        return self.spread_days > 0


@dataclass(frozen=True, slots=True)
class Reading:
    """One expression of the text as event dating reads it: a day (or month, year) and its source."""

    timex: Timex
    day: date
    precision: str
    source: str
    spread_days: int = 0

    def assignment(self, source: str | None = None) -> DateAssignment:
        t = self.timex
        return DateAssignment(self.day, self.precision, source or self.source, t.text, t.value, self.spread_days)


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


def week_day(value: str, mod: str | None, published: date | None, earlier: bool = False
             ) -> tuple[date, int] | None:
    """The day standing for a week or weekend value, and the half-width of the range it stands for.

    A weekend is its Saturday. A week is the middle of its working days (Wednesday); "late"/"early"
    (``mod`` END/START) move to its last working day / its Tuesday. In the week of publication only
    the days up to publication count, and only those before it when the text says ``earlier``:
    "earlier this week" written on a Thursday is the Tuesday.
    """
    m = _WEEK_ONLY.match(value)
    if not m:
        return None
    try:
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        return None
    if m.group(3):
        return monday + timedelta(days=5), 1
    lo, hi = monday, monday + timedelta(days=4)
    if published is not None and lo <= published <= monday + timedelta(days=6):
        hi = max(lo, published - timedelta(days=1)) if earlier else min(hi, published)
    if mod in ("END", "LATE"):
        return hi, 1
    if mod in ("START", "EARLY"):
        return min(hi, lo + timedelta(days=1)), 1
    return lo + (hi - lo) // 2, max(1, (hi - lo).days // 2)


def _monday(value: str) -> date | None:
    m = _WEEK_ONLY.match(value)
    if not m or m.group(3):
        return None
    try:
        return date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        return None


def _is_weekday_word(t: Timex) -> bool:
    """A day named without digits, resolved against the publication day ("Thursday", "jeudi")."""
    return t.anchor_source == "dct" and _DAY.match(t.value) is not None and not any(c.isdigit() for c in t.text)


def _week_partner(text: str, timexes: Sequence[Timex], k: int) -> Timex | None:
    """The week expression joined to the weekday timexes[k] ("Thursday last week"), if any."""
    t = timexes[k]
    for j in (k - 1, k + 1):
        if 0 <= j < len(timexes):
            other = timexes[j]
            gap = text[other.end:t.start] if j < k else text[t.end:other.start]
            if _monday(other.value) is not None and _WEEK_JOIN.match(gap):
                return other
    return None


def _read_one(text: str, timexes: Sequence[Timex], k: int, published: date | None,
              previous: Reading | None, paired: set[int]) -> Reading | None:
    t = timexes[k]
    if t.type not in ("DATE", "TIME"):
        return None
    source = SOURCE_OF_ANCHOR.get(t.anchor_source, "explicit")
    if _is_weekday_word(t) and (week := _week_partner(text, timexes, k)) is not None:
        paired.add(id(week))
        day = _monday(week.value) + timedelta(days=int(value_to_date(t.value)[0].weekday()))
        return Reading(t, day, "day", source)
    if id(t) in paired:
        return None
    if (chosen := week_day(t.value, t.mod, published, _EARLY.search(t.text) is not None)) is not None:
        return Reading(t, chosen[0], "day", source, chosen[1])
    resolved = value_to_date(t.value)
    if resolved is None:
        return None
    day, precision = resolved
    if precision != "day" and _SINCE.search(text, max(0, t.start - 8), t.start):
        return None
    if precision == "day" and previous is not None and _reanchors(t, previous):
        day = previous.day + (day - date.fromisoformat(t.anchor[:10]))
        return Reading(t, day, "day", "anchored", previous.spread_days)
    return Reading(t, day, precision, source)


def _reanchors(t: Timex, previous: Reading) -> bool:
    """Whether ``t`` is a narrative shift computed from a day that reading refined ("two days earlier")."""
    if not t.anchor or not _DAY.match(t.anchor) or previous.precision != "day":
        return False
    if t.anchor_source != "narrative" and not _NARRATIVE_WORDS.search(t.text):
        return False
    try:
        return date.fromisoformat(t.anchor[:10]) != previous.day
    except ValueError:
        return False


def _untagged_weeks(text: str, timexes: Sequence[Timex], published: date | None) -> list[Timex]:
    """"Earlier this week" phrases no expression covers, as expressions of the week of publication."""
    if published is None:
        return []
    year, week, _ = published.isocalendar()
    lowered, out = text.lower(), []
    for word in WEEK_WORDS:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            head = _EARLIER_THIS_WEEK.search(text, max(0, at - 24), at)
            if head is not None and not any(t.start < end and head.start() < t.end for t in timexes):
                out.append(Timex(head.start(), end, text[head.start():end], "DATE", f"{year}-W{week:02d}", None,
                                 published.isoformat(), "dct"))
            at = lowered.find(word, end)
    return out


def read_expressions(text: str, timexes: Sequence[Timex], published: date | None) -> list[Reading]:
    """The datable expressions of a text in order, weeks and weekdays refined (see the module doc)."""
    ordered = sorted([*timexes, *_untagged_weeks(text, timexes, published)], key=lambda t: (t.start, t.end))
    out: list[Reading] = []
    paired: set[int] = set()
    previous: Reading | None = None
    for k in range(len(ordered)):
        reading = _read_one(text, ordered, k, published, previous, paired)
        if reading is not None:
            out.append(reading)
            if reading.precision == "day":
                previous = reading
    return [r for r in out if id(r.timex) not in paired]


_last: tuple = (None, None, None, [])  # timexes, text, published, readings: the article dated last


def _readings(text: str, timexes: Sequence[Timex], published: date | None) -> list[Reading]:
    """:func:`read_expressions`, kept for the next event of the same article (the same list object)."""
    global _last
    last = _last
    if last[0] is timexes and last[1] is text and last[2] == published:
        return last[3]
    readings = read_expressions(text, timexes, published)
    _last = (timexes, text, published, readings)
    return readings


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


def clause_around(text: str, timexes: Sequence[Timex], span: tuple[int, int], sentence: tuple[int, int]
                  ) -> tuple[int, int]:
    """The clause holding ``span`` inside ``sentence`` (split at , ; : ( ) and dashes outside expressions)."""
    return _clause_bounds(text, timexes, span[0], span[1], sentence[0], sentence[1])


def _nearest(cands: list[Reading], start: int, end: int) -> Reading:
    def distance(r: Reading) -> int:
        return max(0, r.timex.start - end, start - r.timex.end)

    return min(cands, key=distance)


def _in_relative_clause(text: str, r: Reading, trigger: tuple[int, int], sentence: tuple[int, int]) -> bool:
    """Whether the expression sits in a relative clause that does not hold the event's trigger."""
    lo = max(text.rfind(c, sentence[0], r.timex.start) for c in CLAUSE_BREAKS) + 1 or sentence[0]
    ends = [k for c in CLAUSE_BREAKS if (k := text.find(c, r.timex.end, sentence[1])) >= 0]
    hi = min(ends, default=sentence[1])
    opener = None
    for m in _RELATIVE.finditer(text, max(sentence[0], lo - 1), r.timex.start):  # from the comma before
        opener = m
    return opener is not None and not (opener.start() <= trigger[0] < hi)


def _covers(r: Reading, published: date | None) -> bool:
    """A month or year that holds the publication day says less about the event than that day."""
    if published is None or r.precision == "day":
        return False
    if r.precision == "month":
        return (r.day.year, r.day.month) == (published.year, published.month)
    return r.day.year == published.year


def _narrative_anchor(text: str, readings: Sequence[Reading], timexes: Sequence[Timex], sentence: tuple[int, int],
                      published: date | None) -> DateAssignment | None:
    """The day the narrative is on at ``sentence``, if it may date an event there (module doc, case 2)."""
    lo, hi = sentence
    earlier = [r for r in readings if r.timex.end <= lo]
    if not earlier:
        return None
    anchor = earlier[-1]
    between = text[anchor.timex.end:lo]
    if anchor.precision != "day" or "\n" in between or len(between) > ANCHOR_REACH:
        return None
    if published is not None and anchor.day >= published:
        return None
    paragraph = text.rfind("\n", 0, lo)
    if any(r.precision == "day" and r.day > anchor.day and r.timex.start > paragraph for r in earlier[:-1]):
        return None  # the last day was a flashback from a later one: which line the story is on is unclear
    if any(t.value in RESETS and anchor.timex.end <= t.start < lo for t in timexes):
        return None
    own = text[lo:hi]
    if _PRESENT.search(own) and not _BACK.search(own):
        return None
    return anchor.assignment("anchored")


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
    readings = _readings(text, timexes, published)
    in_sentence = [r for r in readings if r.timex.start >= sentence_start and r.timex.end <= sentence_end]
    resets = [t for t in timexes if t.value in RESETS and t.start >= sentence_start and t.end <= sentence_end]
    if resets and not in_sentence:  # "Now the EU is looking": the time of writing
        return DateAssignment(published, "day" if published else None, "relative", resets[0].text, resets[0].value)
    in_sentence = [r for r in in_sentence
                   if not _in_relative_clause(text, r, (span_start, span_end), (sentence_start, sentence_end))]
    if in_sentence:
        lo, hi = clause or _clause_bounds(text, timexes, span_start, span_end, sentence_start, sentence_end)
        in_clause = [r for r in in_sentence if r.timex.start >= lo and r.timex.end <= hi]
        days = [r for r in in_sentence if r.precision == "day"]  # a month or year dates only its own clause
        usable = [r for r in in_clause if not _covers(r, published)] or days
        exact = [r for r in usable if not r.spread_days]  # "a week ago, on Jan. 5": the day the text names
        if usable:
            return _nearest(exact or usable, span_start, span_end).assignment()
    anchored = _narrative_anchor(text, readings, timexes, (sentence_start, sentence_end), published)
    if anchored:
        return anchored
    return DateAssignment(published, "day" if published else None, "published")


__all__ = ["DateAssignment", "Reading", "clause_around", "date_for_span", "read_expressions", "value_to_date",
           "week_day"]
