"""Resolvers for calendar expressions: dates, months, years, decades, quarters, halves, seasons.

They need the reference date only to fill in a missing year ("2 January" -> the 2 January nearest
to the publication date; "in June" -> the June the sentence's tense points to).
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from timeline.nlp.dates import classes as C
from timeline.nlp.dates.context import Context, Found, Match, amount, group_span, group_value
from timeline.nlp.dates.values import Point, format_point, truncate

SEASON_OF_MONTH = {12: "WI", 1: "WI", 2: "WI", 3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU",
                   9: "FA", 10: "FA", 11: "FA"}
SEASON_ORDER = ("WI", "SP", "SU", "FA")
MIN_BARE_YEAR, MAX_BARE_YEAR = 1800, 2100
DAY_REACH = 300  # days: how far the tense may move a day-and-month date off its nearest occurrence
MONTH_REACH = 9  # months: the same for a bare month name (the tense decides)


def _found(m: Match, point: Point, ctx: Context, typ: str = "DATE") -> Found:
    return Found(m.start(), m.end(), typ, format_point(point), ctx.mod_of(m), point=point)


def _valid_day(year: int | None, month: int, day: int) -> bool:
    if not 1 <= month <= 12:
        return False
    return 1 <= day <= calendar.monthrange(year or 2000, month)[1]


def _pick_year(offsets: dict[int, int], tense: str | None, reach: int) -> int:
    """The year whose occurrence is nearest the reference date (offsets: year -> signed distance),
    unless the tense points the other way and an occurrence on that side is within ``reach``."""
    nearest = min(offsets, key=lambda y: abs(offsets[y]))
    wanted = {"past": -1, "future": 1}.get(tense or "", 0)
    if wanted and offsets[nearest] * wanted < 0:
        other = [y for y, off in offsets.items() if off * wanted >= 0 and abs(off) <= reach]
        if other:
            return min(other, key=lambda y: abs(offsets[y]))
    return nearest


def year_for_day(ctx: Context, month: int, day: int, tense: str | None = None) -> int | None:
    """The year of a day and month without a year: the nearest, or the tense's side if close."""
    if ctx.dct is None:
        return None
    offsets = {y: (date(y, month, day) - ctx.dct).days
               for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1) if _valid_day(y, month, day)}
    return _pick_year(offsets, tense, DAY_REACH) if offsets else ctx.dct.year


def year_for_month(ctx: Context, month: int, i: int, j: int) -> int | None:
    """The year of a bare month name: the nearest, or the tense's side if close."""
    if ctx.dct is None:
        return None
    here = ctx.dct.year * 12 + ctx.dct.month
    offsets = {y: y * 12 + month - here for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)}
    return _pick_year(offsets, ctx.direction(i, j) or "past", MONTH_REACH)


def _day_value(ctx: Context, m: Match, name: str) -> int:
    value = group_value(ctx, m, name)
    return int(value) if isinstance(value, (int, float)) else 0


def day_point(ctx: Context, m: Match) -> Point | None:
    """The day named by a match with groups mon, day and optionally year."""
    month = int(group_value(ctx, m, "mon"))
    day = _day_value(ctx, m, "day")
    year_value = group_value(ctx, m, "year")
    if year_value is not None:
        year = int(year_value)
    else:
        year = year_for_day(ctx, month, day, ctx.direction(m.start(), m.end()))
    if not _valid_day(year, month, day):
        return None
    if year is None:
        return Point(None, "D", month, day)
    return Point.of_day(date(year, month, day))


def resolve_day(ctx: Context, m: Match) -> Found | None:
    point = day_point(ctx, m)
    return None if point is None else _found(m, point, ctx)


def parse_numdate(text: str, order: str) -> date | None:
    """A numeric date in the language's field order (ISO always year first)."""
    iso = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        parts = [int(p) for p in re.split(r"[./-]", text)]
        if len(parts) != 3:
            return None
        first, second, year = parts
        month, day = (first, second) if order.startswith("M") else (second, first)
        if month > 12 >= day:
            month, day = day, month
        if year < 100:
            year += 2000 if year < 50 else 1900
    return date(year, month, day) if _valid_day(year, month, day) else None


def resolve_numdate(ctx: Context, m: Match) -> Found | None:
    k = m.end() - 1
    text = str(ctx.value(k))
    day = parse_numdate(text, ctx.lex.date_order)
    if day is None:
        return None
    clock = re.search(r"T(\d{2}:\d{2})", text)
    if clock:
        point = Point.of_day(day, clock=clock.group(1))
        return Found(m.start(), m.end(), "TIME", format_point(point), point=point)
    return _found(m, Point.of_day(day), ctx)


def resolve_week_of(ctx: Context, m: Match) -> Found | None:
    """"the week of March 6", "la semaine du 6 mars", "de week van 6 maart": the ISO week of that day."""
    if group_value(ctx, m, "wu") != "W":
        return None
    point = day_point(ctx, m)
    if point is None:
        return None
    start = point.as_date()
    week = truncate(start, "W") if start else Point(None, "W")
    return _found(m, week, ctx)


def resolve_range(ctx: Context, m: Match) -> list[Found] | None:
    """"from 2 to 9 January": two dates, the first taking the month (and year) of the second."""
    month = int(group_value(ctx, m, "mon"))
    year_value = group_value(ctx, m, "year")
    out = []
    for name in ("d1", "d2"):
        day = _day_value(ctx, m, name)
        year = int(year_value) if year_value is not None else year_for_day(ctx, month, day)
        if not _valid_day(year, month, day):
            return None
        point = Point.of_day(date(year, month, day)) if year else Point(None, "D", month, day)
        out.append(Found(0, 0, "DATE", format_point(point), point=point))
    (d1s, d1e), (d2s, _) = group_span(m, "d1"), group_span(m, "d2")
    month_first = m.start("mon") < d1s  # "January 2-9": the month is part of the first expression
    out[0].i, out[0].j = (m.start() if month_first else d1s), d1e
    out[1].i, out[1].j = d2s, m.end()
    return out


def easter(year: int) -> date:
    """Easter Sunday of ``year`` (Gregorian calendar; the anonymous "Meeus/Jones/Butcher" algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    leap = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * leap) // 451
    month, day = divmod(h + leap - 7 * m + 114, 31)
    return date(year, month, day + 1)


_WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def holiday_date(rule: str, year: int) -> date | None:
    """The day a holiday rule names in ``year``: "12-25", "easter+1", "11-thu-4" (4th Thursday)."""
    if rule.startswith("easter"):
        return easter(year) + timedelta(days=int(rule[6:] or 0))
    parts = rule.split("-")
    if len(parts) == 3 and parts[1] in _WEEKDAY_CODES:
        first = date(year, int(parts[0]), 1)
        offset = (_WEEKDAY_CODES.index(parts[1]) - first.weekday()) % 7
        return first + timedelta(days=offset + 7 * (int(parts[2]) - 1))
    if len(parts) == 2 and _valid_day(year, int(parts[0]), int(parts[1])):
        return date(year, int(parts[0]), int(parts[1]))
    return None


def resolve_holiday(ctx: Context, m: Match) -> Found | None:
    """"Christmas", "Thanksgiving Day", "oudejaarsavond", "la Saint-Sylvestre", "last Easter"."""
    rule = str(group_value(ctx, m, "hol"))
    year_value = group_value(ctx, m, "year")
    if year_value is not None:
        day = holiday_date(rule, int(year_value))
        return None if day is None else _found(m, Point.of_day(day), ctx)
    if ctx.dct is None:
        return None
    options = {y: holiday_date(rule, y) for y in (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)}
    offsets = {y: (d - ctx.dct).days for y, d in options.items() if d is not None}
    if not offsets:
        return None
    mod = group_span(m, "mod")
    cls = ctx.toks.classes[mod[0]] if mod else ""
    tense = {C.LAST: "past", C.NEXT: "future"}.get(cls) or ctx.direction(m.start(), m.end())
    year = _pick_year(offsets, tense, DAY_REACH)
    return _found(m, Point.of_day(options[year]), ctx)


def _month_word_ok(ctx: Context, m: Match) -> bool:
    """"the month of December", "le mois de décembre": the unit word before the name must be "month"."""
    return group_value(ctx, m, "mu") in (None, "M")


def resolve_month_year(ctx: Context, m: Match) -> Found | None:
    if not _month_word_ok(ctx, m):
        return None
    point = Point(int(group_value(ctx, m, "year")), "M", int(group_value(ctx, m, "mon")))
    return _found(m, point, ctx)


def weak_name_ok(ctx: Context, m: Match, group: str) -> bool:
    """"May", "March", "fall", "été" name a month or season only after a preposition or date word
    ("in May", "last fall", "l'été"), or inside a longer expression."""
    k = m.start(group)
    if ctx.toks.lowers[k] not in ctx.lex.weak_names or k != m.start() or m.end() - m.start() > 1:
        return True
    return k > 0 and ctx.toks.lowers[k - 1] in ctx.lex.weak_name_context


def _marked_month_year(ctx: Context, m: Match, month: int) -> int | None:
    """Year of "last May", "next January", "this September", "June last year"; None if unmarked."""
    rel_word = group_span(m, "relw")  # "June last year" (one lexicon phrase)
    if rel_word:
        offset, unit, _, _ = ctx.value(rel_word[0])
        return ctx.dct.year + offset if unit == "Y" else None
    rel = group_span(m, "rel")
    if rel and group_value(ctx, m, "unit") == "Y":
        return ctx.dct.year + {C.LAST: -1, C.NEXT: 1}.get(ctx.toks.classes[rel[0]], 0)
    mod = group_span(m, "mod")
    if mod is None:
        return None
    cls = ctx.toks.classes[mod[0]]
    if cls == C.LAST:
        return ctx.dct.year if month < ctx.dct.month else ctx.dct.year - 1
    if cls == C.NEXT:
        return ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    return ctx.dct.year


def resolve_month(ctx: Context, m: Match) -> Found | None:
    if not weak_name_ok(ctx, m, "mon") or not _month_word_ok(ctx, m):
        return None
    rel_word = group_value(ctx, m, "relw")
    if rel_word is not None and rel_word[1] != "Y":  # "June yesterday": two expressions
        return None
    month = int(group_value(ctx, m, "mon"))
    year = _marked_month_year(ctx, m, month) if ctx.dct else None
    if year is None:
        year = year_for_month(ctx, month, m.start(), m.end())
    return _found(m, Point(year, "M", month), ctx)


def _glued_to_number(ctx: Context, k: int) -> bool:
    """A number joined to other digits by - or / (phone numbers, ranges of codes)."""
    toks = ctx.toks
    before = k >= 2 and toks.classes[k - 1] in "-/" and toks.classes[k - 2] in "149" and not toks.gap(k)
    after = k + 2 < len(toks.classes) and toks.classes[k + 1] in "-/" and toks.classes[k + 2] in "9"
    return before or after


def _looks_like_verb(ctx: Context, k: int) -> bool:
    word = ctx.toks.lowers[k]
    return any(p.match(word) for p in ctx.lex.past_patterns) or word in ctx.lex.past_aux


_YEAR_CONTEXT_CLASSES = frozenset((C.MONTH, C.MONTH_ABBR, C.ART, C.OF, C.TPREP, C.EDGE, C.TO, C.IN_FUTURE,
                                   C.SEASON, C.FISCAL, C.COMMA, C.DURATION_PREP, C.APOS, C.HALF, C.ORD))


def _counts_things(ctx: Context, k: int) -> bool:
    """"2000 images", "1500 mensen", "2000 personnes": a number before a plural noun, not introduced as
    a year ("in 2000", "the 2000 elections", "a 1996 law" and "post-1959 politics" stay years)."""
    toks, lex = ctx.toks, ctx.lex
    nxt = k + 1
    if lex.plural_nouns is None or ctx.cls(nxt) != C.WORD or not lex.plural_nouns.match(toks.text[
            toks.starts[nxt]:toks.ends[nxt]]):
        return False
    if k > 0 and (toks.classes[k - 1] in _YEAR_CONTEXT_CLASSES or toks.lowers[k - 1] in lex.year_context):
        return False
    return k == 0 or toks.classes[k - 1] not in (C.INDEF, C.THAT, C.THIS, C.DASH, C.WORD) or (
        toks.lowers[k - 1] in lex.past_cues or toks.lowers[k - 1] in lex.reporting_cues
        or toks.lowers[k - 1] in lex.future_cues or _looks_like_verb(ctx, k - 1))


def resolve_year(ctx: Context, m: Match) -> Found | None:
    k = m.start("year")
    year = int(ctx.value(k))
    bare = k == m.start()
    if bare and not MIN_BARE_YEAR <= year <= MAX_BARE_YEAR:
        return None
    if _glued_to_number(ctx, k) or (bare and _counts_things(ctx, k)):
        return None
    return _found(m, Point(year), ctx)


def resolve_spoken_year(ctx: Context, m: Match) -> Found | None:
    """"nineteen ninety-six" (19|96), "the year two thousand" (2 x 1000), as broadcasts say years."""
    i, j = group_span(m, "num")
    numbers = [int(ctx.value(k)) for k in range(i, j) if ctx.toks.classes[k] == C.NUMW]
    if len(numbers) >= 2 and 10 <= numbers[0] <= 20 and 10 <= numbers[1] <= 99:
        year = numbers[0] * 100 + sum(numbers[1:])
    else:
        total = amount(ctx, i, j)
        year = int(total) if total is not None and float(total).is_integer() else 0
    if not MIN_BARE_YEAR <= year <= MAX_BARE_YEAR:
        return None
    return _found(m, Point(year), ctx)


def resolve_decade(ctx: Context, m: Match) -> Found | None:
    span = group_span(m, "dec")
    if span and ctx.toks.lowers[m.start() - 1 if m.start() else 0] in ctx.lex.possessives:
        return None  # "in her sixties" is an age
    if span:
        digits = re.sub(r"\D", "", str(ctx.value(span[0])))
    else:
        num = group_value(ctx, m, "num")
        digits = str(int(num)) if isinstance(num, (int, float)) else ""
    if len(digits) == 2:
        century = 19 if ctx.dct is None or int(digits) > ctx.dct.year % 100 else ctx.dct.year // 100
        digits = f"{century}{digits}"
    if len(digits) != 4 or not digits.endswith("0"):
        return None
    return _found(m, Point(int(digits), "DE"), ctx)


def _year_from_tail(ctx: Context, m: Match) -> int | None:
    """The year of "... of 1990" / "... of next year" / "the 1988 ..." / "last year's ...", else None."""
    for name in ("year", "pyear"):
        year_value = group_value(ctx, m, name)
        if year_value is not None:
            return int(year_value)
    if ctx.dct is None:
        return None
    if group_span(m, "padj"):  # "the year-ago third quarter"
        return ctx.dct.year - 1
    rel_word = group_span(m, "prelw")  # "next year's first quarter" (one lexicon phrase)
    if rel_word:
        offset, unit, _, _ = ctx.value(rel_word[0])
        return ctx.dct.year + offset if unit == "Y" else None
    rel = group_span(m, "rel") or group_span(m, "prel")
    if rel is None:
        return None
    cls = ctx.toks.classes[rel[0]]
    return ctx.dct.year + {C.LAST: -1, C.NEXT: 1}.get(cls, 0)


class _Shifted:
    """A match seen from a later start token (the article left out of the span)."""

    def __init__(self, m: Match, start: int) -> None:
        self._m, self._start = m, start

    def start(self, *group: str) -> int:
        return self._m.start(*group) if group else self._start

    def end(self, *group: str) -> int:
        return self._m.end(*group)


def _adjectival(ctx: Context, m: Match) -> bool:
    """"the third-quarter results": a hyphenated quarter before a noun."""
    k = m.start("unit")
    return (ctx.toks.classes[m.start()] == C.ART and ctx.cls(k - 1) == C.DASH and m.end() == k + 1
            and ctx.cls(m.end()) == C.WORD)


def resolve_ordinal_unit(ctx: Context, m: Match) -> Found | None:
    """"the third quarter (of 1990)" -> 1990-Q3; "the 20th century" -> 19."""
    unit = group_value(ctx, m, "unit")
    ordinal = int(group_value(ctx, m, "ord") or 0)
    if unit == "CE" and 1 <= ordinal <= 21:
        return _found(m, Point((ordinal - 1) * 100, "CE"), ctx)
    if unit != "Q" or not 1 <= ordinal <= 4:
        return None
    if _adjectival(ctx, m):  # "the third-quarter loss": the article belongs to "loss"
        m = _Shifted(m, m.start() + 1)
    year = _year_from_tail(ctx, m)
    if year is None and ctx.dct is not None:
        current = (ctx.dct.month - 1) // 3 + 1
        later = ordinal > current and ctx.direction(m.start(), m.end()) != "future"
        year = ctx.dct.year - 1 if later else ctx.dct.year
    return _found(m, Point(year, "Q", 3 * ordinal - 2, quarter=ordinal), ctx)


def resolve_half(ctx: Context, m: Match) -> Found | None:
    k = m.start("ord")
    half = 2 if ctx.toks.classes[k] == C.LAST else int(ctx.value(k) or 0)
    if half not in (1, 2):
        return None
    year = _year_from_tail(ctx, m)
    if year is None and ctx.dct is not None:
        year = ctx.dct.year
    return _found(m, Point(year, "H", 6 * half - 5, half=half), ctx)


def _season_year(ctx: Context, season: str, how: str) -> int | None:
    """Year of a season said "this", "last", "next" or bare (tense decides)."""
    if ctx.dct is None:
        return None
    current = SEASON_OF_MONTH[ctx.dct.month]
    year = ctx.dct.year - (1 if ctx.dct.month <= 2 and season == "WI" else 0)
    delta = SEASON_ORDER.index(season) - SEASON_ORDER.index(current)
    if how == "last":  # TimeML reads "last spring" as the previous year's spring
        return year - 1
    if how == "next":
        return year + 1 if delta <= 0 else year
    if how == "past":
        return year - 1 if delta > 0 else year
    if how == "future":
        return year + 1 if delta < 0 else year
    return year


def resolve_season(ctx: Context, m: Match) -> Found | None:
    if not weak_name_ok(ctx, m, "season"):
        return None
    season = str(group_value(ctx, m, "season"))
    year_value = group_value(ctx, m, "year")
    if year_value is not None:
        return _found(m, Point(int(year_value), "S", season=season), ctx)
    marker = group_span(m, "post") or group_span(m, "mod") or group_span(m, "this")
    cls = ctx.toks.classes[marker[0]] if marker else ""
    how = {C.LAST: "last", C.NEXT: "next", C.THIS: "this"}.get(cls) or ctx.direction(m.start(), m.end())
    if group_span(m, "this") and marker != group_span(m, "this") and how in ("last", "next"):  # "this past spring"
        how = {"last": "past", "next": "future"}[how]
    point = Point(_season_year(ctx, season, how), "S", season=season)
    return _found(m, point, ctx)
