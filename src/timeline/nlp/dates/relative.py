"""Resolvers for relative expressions, against the publication date or the narrative anchor.

Deictic expressions ("yesterday", "last week", "vendredi dernier", "vorig jaar", "two days ago")
resolve against the reference date (``anchor_source='dct'``). Narrative ones ("five days later",
"de volgende dag", "le lendemain", "that week", "the same day") resolve against the last date the
text mentioned before them (``anchor_source='narrative'``), falling back to the reference date when
the text has not mentioned one yet.
"""

from __future__ import annotations

from datetime import date, timedelta

from timeline.nlp.dates import classes as C
from timeline.nlp.dates.context import Context, Found, Match, amount, group_span, group_value
from timeline.nlp.dates.values import UNIT_GRANULARITY, Point, shift, truncate

CALENDAR_UNITS = frozenset(("Y", "Q", "M", "W", "D", "WE", "DE", "CE", "F"))
AGO_GRANULARITY = {"Y": "Y", "Q": "Q", "M": "M", "W": "W", "D": "D", "DE": "Y", "CE": "Y", "F": "D"}


def _shift_gran(base: Point, unit: str) -> str:
    """Granularity of base shifted by whole units: "a year earlier" than a quarter is a quarter."""
    gran = UNIT_GRANULARITY.get(unit, "D")
    if unit == "Y" and base.gran in ("Q", "H", "S", "M"):
        return base.gran
    return gran


def _comparison_base(ctx: Context, unit: str) -> tuple[Point, str]:
    """What "a year earlier" / "a year ago" compares with: the period under discussion when it is
    a quarter or half-year ("the third quarter ... a year earlier"), else the anchor's day or year."""
    if unit == "Y":
        latest, source = ctx.anchor("Y")
        if latest.gran in ("Q", "H"):
            return latest, source
    return ctx.anchor(UNIT_GRANULARITY[unit])


def weekday_date(ref: date, weekday: int, how: str) -> date:
    """The ``weekday`` (0 = Monday) nearest ``ref`` in direction ``how``."""
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    monday = ref - timedelta(days=ref.weekday())
    moves = {
        "nearest": -back if back <= ahead else ahead,
        "past": -back,
        "last": -(back or 7),
        "future": ahead,
        "next": ahead or 7,
        "this": (monday + timedelta(days=weekday) - ref).days,
        "last_week": (monday + timedelta(days=weekday - 7) - ref).days,
        "next_week": (monday + timedelta(days=weekday + 7) - ref).days,
    }
    return ref + timedelta(days=moves[how])


def _weekday_how(ctx: Context, m: Match) -> tuple[str, bool]:
    """Direction of a weekday expression and whether it is narrative ("the following Monday")."""
    mod = group_span(m, "mod") or group_span(m, "post")
    if mod is None:
        if ctx.cls(m.end()) == C.APOS:  # "Wednesday's ruling": a known, hence past, event
            return "past", False
        return ctx.direction(m.start(), m.end()) or "nearest", False
    cls, narrative = ctx.toks.classes[mod[0]], bool(ctx.value(mod[0]))
    if group_span(m, "wk"):
        return {C.LAST: "last_week", C.NEXT: "next_week"}.get(cls, "this"), False
    return {C.LAST: "last", C.NEXT: "next"}.get(cls, "this"), narrative


def resolve_weekday(ctx: Context, m: Match) -> Found:
    weekday, part = ctx.value(m.start("wd"))
    part_span = group_span(m, "part")
    part = ctx.value(part_span[0]) if part_span else part
    typ = "TIME" if part else "DATE"
    how, narrative = _weekday_how(ctx, m)
    base, source = ctx.anchor("D") if narrative else (ctx.dct_point(), "dct")
    ref = base.as_date()
    if ref is None:
        value = f"XXXX-WXX-{weekday + 1}" + (f"T{part}" if part else "")
        return Found(m.start(), m.end(), typ, value, ctx.mod_of(m), None, source)
    point = Point.of_day(weekday_date(ref, weekday, how), part=part or "")
    return ctx.relative(m, point, typ, source, base)


def resolve_rel_word(ctx: Context, m: Match) -> Found:
    """"yesterday", "gisteravond", "le lendemain", "vorige week" (a lexicon phrase)."""
    offset, unit, part, narrative = ctx.value(m.start("rel"))
    part_span = group_span(m, "part") or group_span(m, "part0")
    part = ctx.value(part_span[0]) if part_span else part
    gran = UNIT_GRANULARITY.get(unit, "D")
    base, source = ctx.anchor(gran) if narrative else (ctx.dct_point(), "dct")
    point = shift(base, offset, unit, gran)
    if part and point.gran == "D":
        point = Point(point.year, "D", point.month, point.day, part=part)
    return ctx.relative(m, point, "TIME" if part else "DATE", source, base)


def resolve_this_part(ctx: Context, m: Match) -> Found:
    """"this morning", "ce soir": today with a part of the day."""
    base = ctx.dct_point()
    point = Point(base.year, "D", base.month, base.day, part=str(ctx.value(m.end() - 1)))
    return ctx.relative(m, point, "TIME", "dct", base)


def _plural_unit(ctx: Context, m: Match) -> bool:
    return any(ctx.toks.lowers[k] in ctx.lex.plural_units for k in range(m.start(), m.end()))


def _unit_and_mod(ctx: Context, m: Match) -> tuple[str, int | None]:
    for unit_name, mod_name in (("unit", "mod"), ("unit2", "mod2"), ("unit3", "this")):
        span = group_span(m, unit_name)
        if span:
            return str(ctx.value(span[0])), group_span(m, mod_name)[0]
    return "", None


def resolve_rel_unit(ctx: Context, m: Match) -> Found | None:
    """"last week", "la semaine dernière", "dit jaar", "ce mois-ci", "cette semaine-là"."""
    unit, mod = _unit_and_mod(ctx, m)
    if unit not in CALENDAR_UNITS or mod is None:
        return None
    cls = ctx.toks.classes[mod]
    gran = UNIT_GRANULARITY[unit]
    deixis = group_value(ctx, m, "dx")
    offset = {C.LAST: -1, C.NEXT: 1}.get(cls, 0)
    narrative = deixis == "that" or (cls in (C.LAST, C.NEXT) and (bool(ctx.value(mod)) or unit == "D"))
    if cls == C.THIS and unit == "D":
        return None
    if _plural_unit(ctx, m) and cls in (C.LAST, C.NEXT):  # "coming weeks", "past years"
        return Found(m.start(), m.end(), "DATE", "FUTURE_REF" if cls == C.NEXT else "PAST_REF")
    base, source = ctx.anchor(gran) if narrative else (ctx.dct_point(), "dct")
    point = _weekend(base, offset) if unit == "WE" else shift(base, offset, unit, gran)
    return ctx.relative(m, point, "DATE", source, base)


def resolve_in_future(ctx: Context, m: Match) -> Found | None:
    """"(in) two weeks", "(over) vijf dagen", "(dans) trois mois": a date that far ahead, unless the
    sentence is about the past ("sold in five days" is a duration)."""
    unit = str(group_value(ctx, m, "unit"))
    n = amount(ctx, *group_span(m, "amt"))
    if unit not in AGO_GRANULARITY or n is None or not float(n).is_integer():
        return None
    if ctx.direction(m.start(), m.end()) == "past":
        return None
    point = shift(ctx.dct_point(), int(n), unit, AGO_GRANULARITY[unit])
    return ctx.relative(m, point, "DATE", "dct")


def _weekend(base: Point, offset: int) -> Point:
    """The weekend after (offset > 0), before (< 0) or around (0) the base day."""
    day = base.as_date()
    if day is None:
        return Point(None, "W", weekend=True)
    how = "next" if offset > 0 else "last" if offset < 0 else "this"
    return truncate(weekday_date(day, 5, how), "W", weekend=True)


def resolve_ago(ctx: Context, m: Match) -> Found | None:
    """"two days ago", "il y a cinq jours", "vor drei Wochen"."""
    amt_span = group_span(m, "amt") or group_span(m, "amt2")
    unit = str(group_value(ctx, m, "unit") or group_value(ctx, m, "unit2"))
    if unit not in AGO_GRANULARITY:
        return None
    n = amount(ctx, *amt_span)
    if n is None:
        return Found(m.start(), m.end(), "DATE", "PAST_REF", ctx.mod_of(m))
    if not float(n).is_integer():
        return None
    if unit == "Y":
        base, source = _comparison_base(ctx, unit)
        if base.gran in ("Q", "H") and base.year == (ctx.dct.year if ctx.dct else None):
            found = ctx.relative(m, shift(base, -int(n), unit, base.gran), "DATE", source, base)
            found.sets_anchor = False
            return found
    point = shift(ctx.dct_point(), -int(n), unit, AGO_GRANULARITY[unit])
    found = ctx.relative(m, point, "DATE", "dct")
    found.sets_anchor = not (unit == "Y" and n == 1)  # "a year ago" compares; it does not move the story
    return found


def resolve_later(ctx: Context, m: Match) -> Found | None:
    """"five days later", "vijf dagen later", "cinq jours plus tard", "two weeks earlier"."""
    unit = str(group_value(ctx, m, "unit"))
    n = amount(ctx, *group_span(m, "amt"))
    if unit not in CALENDAR_UNITS or n is None or not float(n).is_integer():
        return None
    sign = 1 if ctx.toks.classes[m.start("dir")] == C.LATER else -1
    base, source = _comparison_base(ctx, unit)
    point = shift(base, sign * int(n), unit, _shift_gran(base, unit))
    found = ctx.relative(m, point, "DATE", source, base)
    found.sets_anchor = unit != "Y"
    return found


def resolve_unit_adj(ctx: Context, m: Match) -> Found | None:
    """"year-earlier", "year-ago": the same period one unit before the anchor."""
    unit = str(group_value(ctx, m, "unit"))
    if unit not in CALENDAR_UNITS:
        return None
    base, source = _comparison_base(ctx, unit)
    point = shift(base, -1, unit, _shift_gran(base, unit))
    found = ctx.relative(m, point, "DATE", source, base)
    found.sets_anchor = False
    return found


def resolve_that_unit(ctx: Context, m: Match) -> Found | None:
    """"that week", "the same day", "later that year": the anchor's period."""
    unit = str(group_value(ctx, m, "unit"))
    if unit not in CALENDAR_UNITS or _plural_unit(ctx, m):  # "dat maanden kan duren": a conjunction
        return None
    gran = UNIT_GRANULARITY[unit]
    base, source = ctx.anchor(gran)
    start = base.as_date()
    point = truncate(start, gran, weekend=unit == "WE") if start else Point(None, gran)
    return ctx.relative(m, point, "DATE", source, base)


def resolve_unit_shift(ctx: Context, m: Match) -> Found | None:
    """"the day after", "de dag erna", "la semaine d'après": one unit after (before) the anchor."""
    unit = str(group_value(ctx, m, "unit"))
    if unit not in CALENDAR_UNITS:
        return None
    sign = 1 if ctx.toks.classes[m.start("dir")] == C.LATER else -1
    gran = UNIT_GRANULARITY[unit]
    base, source = ctx.anchor(gran)
    point = _weekend(base, sign) if unit == "WE" else shift(base, sign, unit, gran)
    return ctx.relative(m, point, "DATE", source, base)


def resolve_edge_unit(ctx: Context, m: Match) -> Found | None:
    """"the end of the year", "year-end", "fin de l'année": the current period, with its edge as mod."""
    unit = group_value(ctx, m, "unit") or group_value(ctx, m, "unit2")
    if unit not in ("Y", "M", "W", "Q"):
        return None
    gran = UNIT_GRANULARITY[str(unit)]
    base = ctx.dct_point()
    start = base.as_date()
    point = truncate(start, gran) if start else Point(None, gran)
    return ctx.relative(m, point, "DATE", "dct", base)


def reported_quarter(ctx: Context) -> tuple[Point, str]:
    """The quarter a business story is about: the last quarter it named, else the last quarter
    completed before the publication date ("the quarter", "the latest period")."""
    for point in reversed(ctx.anchors):
        if point.gran == "Q" and point.year is not None:
            return point, "narrative"
    if ctx.dct is None:
        return Point(None, "Q"), "dct"
    return shift(truncate(ctx.dct, "Q"), -1, "Q", "Q"), "dct"


def _period_noun_ok(ctx: Context, m: Match) -> bool:
    """The noun of a "period" match is a period word or the unit "quarter" (not "the 1988 year")."""
    for name in ("noun", "noun2", "noun3"):
        span = group_span(m, name)
        if span and ctx.toks.classes[span[0]] == C.UNIT:
            return ctx.value(span[0]) == "Q"
    return True


def _year_shift(ctx: Context, m: Match) -> int | None:
    """How many years before/after the reported quarter: "year-ago" -1, "last year's" -1, "1988" (absolute)."""
    for name in ("relw", "relw2"):
        span = group_span(m, name)
        if span:
            offset, unit, _, _ = ctx.value(span[0])
            return offset if unit == "Y" else None
    return -1 if group_span(m, "adj") and group_value(ctx, m, "adj") == "Y" else 0


def resolve_period(ctx: Context, m: Match) -> Found | None:
    """"the year-ago quarter", "the 1988 period", "the corresponding period last year", "the latest
    period": the quarter under discussion, moved to the year the phrase names."""
    if not _period_noun_ok(ctx, m) or (group_span(m, "adj") and group_value(ctx, m, "adj") != "Y"):
        return None
    base, source = reported_quarter(ctx)
    year_value = group_value(ctx, m, "year")
    offset = _year_shift(ctx, m)
    if base.year is None or offset is None:
        return None
    year = int(year_value) if year_value is not None else base.year + offset
    found = ctx.relative(m, Point(year, "Q", 3 * base.quarter - 2, quarter=base.quarter), "DATE", source, base)
    found.sets_anchor = False
    return found


def resolve_unit_shift_prep(ctx: Context, m: Match) -> Found | None:
    """"the day before," / "the week after." closing a clause: one unit from the last date mentioned
    (with an object, "the day after the vote" is anchored to an event, which we cannot date)."""
    word = ctx.toks.lowers[m.start("prep")]
    sign = 1 if word in ctx.lex.shift_after else -1 if word in ctx.lex.shift_before else 0
    unit = str(group_value(ctx, m, "unit"))
    if not sign or unit not in CALENDAR_UNITS:
        return None
    gran = UNIT_GRANULARITY[unit]
    base, source = ctx.anchor(gran)
    return ctx.relative(m, shift(base, sign, unit, gran), "DATE", source, base)


def resolve_part_alone(ctx: Context, m: Match) -> Found:
    """"(in) the morning", "(by) mid-afternoon": that part of the day the story is on."""
    base, source = ctx.anchor("D")
    part = str(group_value(ctx, m, "part"))
    point = Point(base.year, "D", base.month, base.day, part=part)
    found = ctx.relative(m, point, "TIME", source, base)
    found.sets_anchor = False
    return found


def resolve_the_unit(ctx: Context, m: Match) -> Found | None:
    """"the weekend" (the last one, or the coming one in a future sentence); "the quarter" (the
    quarter under discussion)."""
    unit = group_value(ctx, m, "unit")
    if unit == "Q":
        base, source = reported_quarter(ctx)
        return ctx.relative(m, base, "DATE", source, base)
    if unit != "WE":
        return None
    if ctx.dct is None:
        return Found(m.start(), m.end(), "DATE", "XXXX-WXX-WE")
    how = "future" if ctx.direction(m.start(), m.end()) == "future" else "past"
    saturday = weekday_date(ctx.dct, 5, how)
    return ctx.relative(m, truncate(saturday, "W", weekend=True), "DATE", "dct")
