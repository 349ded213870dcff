"""Resolvers for clock times: "14h30", "3 p.m. GMT", "om 14.30 uur", "midnight Friday".

A time with a day ("Friday at 3 p.m.", "2 januari om 14.30 uur") takes that day; a time alone takes
the day the narrative is on (the last day mentioned), else the publication date. Time zones are
part of the span but not of the value, as in TimeML.
"""

from __future__ import annotations

import re

from timeline.nlp.dates import absolute, relative
from timeline.nlp.dates import classes as C
from timeline.nlp.dates.context import Context, Found, Match, group_span
from timeline.nlp.dates.grammar import RULES
from timeline.nlp.dates.values import Point, format_point

_CLOCK_RE = re.compile(r"(\d{1,2})(?:[:hHu.](\d{2}))?")
_DAY_RESOLVERS = {
    "numdate": absolute.resolve_numdate,
    "date_mdy": absolute.resolve_day,
    "date_dmy": absolute.resolve_day,
    "weekday": relative.resolve_weekday,
    "rel_word": relative.resolve_rel_word,
}
_DAY_RULES = [rule for rule in RULES if rule.name in _DAY_RESOLVERS]


def _clock(ctx: Context, i: int, j: int) -> str | None:
    """HH:MM of the time tokens i..j-1, or None if they do not form a valid time."""
    hour = minute = None
    ampm = None
    for k in range(i, j):
        cls, value = ctx.toks.classes[k], ctx.toks.values[k]
        if cls == C.CLOCK:
            m = _CLOCK_RE.match(str(value))
            hour, minute = int(m.group(1)), int(m.group(2) or 0)
        elif cls == C.NUM2 and hour is None:
            hour, minute = int(value), 0
        elif cls == C.NOON:
            hour, minute = (int(x) for x in str(value).split(":"))
        elif cls == C.AMPM:
            ampm = value
    if hour is None or hour > 24 or (ampm and not 1 <= hour <= 12):
        return None
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _hour_word_is_time(ctx: Context, i: int, j: int) -> bool:
    """"14 uur" / "14 heures" is a time only after a time preposition ("om", "à"), else a duration."""
    classes = ctx.toks.classes[i:j]
    if C.CLOCK_UNIT not in classes or C.CLOCK in classes:
        return True
    k = i + classes.index(C.CLOCK_UNIT)
    if ctx.toks.values[k] is None:  # "o'clock"
        return True
    return ctx.cls(i - 1) == C.TPREP


def _day_of(ctx: Context, i: int, j: int) -> Found | None:
    for rule in _DAY_RULES:
        m = rule.pattern.fullmatch(ctx.toks.classes, i, j)
        if m:
            found = _DAY_RESOLVERS[rule.name](ctx, m)
            if found is not None and found.point is not None:
                return found
    return None


def resolve_part_of_date(ctx: Context, m: Match) -> Found | None:
    """"3 janvier au matin", "la nuit de mercredi à jeudi", "de nacht van donderdag op vrijdag": the
    named day with a part of the day (a night "from Wednesday to Thursday" is Wednesday's night)."""
    day = _day_of(ctx, *group_span(m, "date"))
    if day is None:
        return None
    base = day.point
    part = str(ctx.value(m.start("part")))
    point = Point(base.year, "D", base.month, base.day, part=part)
    return Found(m.start(), m.end(), "TIME", format_point(point), ctx.mod_of(m), day.anchor, day.anchor_source,
                 point)


def resolve_time(ctx: Context, m: Match) -> Found | None:
    ti, tj = group_span(m, "time")
    if not _hour_word_is_time(ctx, ti, tj):
        return None
    clock = _clock(ctx, ti, tj)
    if clock is None:
        return None
    date_span = group_span(m, "date")
    source, anchor = None, None
    if date_span:
        day = _day_of(ctx, *date_span)
        if day is None:
            return None
        base, source, anchor = day.point, day.anchor_source, day.anchor
    else:
        base, source = ctx.anchor("D")
        anchor = format_point(base) if base.year is not None else None
    point = Point(base.year, "D", base.month, base.day, clock=clock)
    return Found(m.start(), m.end(), "TIME", format_point(point), ctx.mod_of(m), anchor, source, point)
