"""Resolvers for durations ("twelve hours", "ongeveer 12 uur"), sets ("every day", "wekelijks")
and vague references ("now", "recently", "the future").

These never anchor the narrative: a duration or a set is not a point in time.
"""

from __future__ import annotations

from timeline.nlp.dates import classes as C
from timeline.nlp.dates.context import Context, Found, Match, amount, group_span, group_value
from timeline.nlp.dates.values import format_duration

HALF_OF = {"H": "PT30M", "D": "PT12H", "W": "P3.5D", "M": "P2W", "Y": "P6M", "DE": "P5Y", "CE": "P50Y"}


def resolve_duration(ctx: Context, m: Match) -> Found | None:
    k = m.start("unit")
    unit = ctx.value(k)
    if unit is None or (ctx.toks.classes[k] == C.CLOCK_UNIT and ctx.cls(m.start() - 1) == C.TPREP):
        return None
    if unit == "Q" and ctx.cls(m.end()) == C.OF:  # "three-quarters of the vote" is a fraction
        return None
    n = amount(ctx, *group_span(m, "amt"))
    if n is not None and group_span(m, "half"):
        n += 0.5
    start = m.start()
    if group_span(m, "dash") and ctx.toks.classes[start] == C.ART:  # "the eight-year (term)"
        start = m.start("amt")
    return Found(start, m.end(), "DURATION", format_duration(n, str(unit)), ctx.mod_of(m))


LONG_UNITS = frozenset(("Y", "M", "W", "DE", "CE"))  # "just minutes apart", "days after" are not durations


def _stands_alone(ctx: Context, k: int) -> bool:
    """A plural unit after a plain lower-case word that is itself lower case, a long unit and not
    part of a compound ("weeks-long")."""
    toks = ctx.toks
    return (ctx.value(k) in LONG_UNITS and toks.text[toks.starts[k]].islower()
            and toks.text[toks.starts[k - 1]].islower() and ctx.cls(k + 1) != C.DASH)


def resolve_bare_units(ctx: Context, m: Match) -> Found | None:
    """"(for) years", "(could take) months", "(na) weken", "jarenlang": an unspecified number of units.
    After a plain word only a long unit standing alone counts ("Trading Days" is a name)."""
    k = m.start()
    if ctx.toks.classes[k] == C.DURATION_WORD:
        return Found(k, m.end(), "DURATION", str(ctx.value(k)))
    if ctx.toks.lowers[k] not in ctx.lex.plural_units:
        return None
    if ctx.cls(k - 1) == C.WORD and not _stands_alone(ctx, k):
        return None
    return Found(k, m.end(), "DURATION", format_duration(None, str(ctx.value(k))))


def resolve_half_duration(ctx: Context, m: Match) -> Found | None:
    """"half an hour", "een half uur", "une demi-heure"."""
    value = HALF_OF.get(str(ctx.value(m.end() - 1)))
    return None if value is None else Found(m.start(), m.end(), "DURATION", value, ctx.mod_of(m))


def resolve_recent_units(ctx: Context, m: Match) -> Found | None:
    """"recent years", "recent weeks": an unspecified stretch of the recent past (PXY, PXW)."""
    if ctx.value(m.start()) != "PAST_REF":
        return None
    return Found(m.start(), m.end(), "DURATION", format_duration(None, str(group_value(ctx, m, "unit"))))


def resolve_set(ctx: Context, m: Match) -> Found | None:
    """"daily", "every two weeks", "elke maandag", "tous les matins"."""
    if ctx.toks.classes[m.end() - 1] == C.SETW:
        return Found(m.start(), m.end(), "SET", str(ctx.value(m.end() - 1)))
    weekday = group_value(ctx, m, "wd")
    if weekday is not None:
        return Found(m.start(), m.end(), "SET", f"XXXX-WXX-{weekday[0] + 1}")
    part = group_value(ctx, m, "part")
    if part is not None:
        return Found(m.start(), m.end(), "SET", f"XXXX-XX-XXT{part}")
    month = group_value(ctx, m, "mon")
    if month is not None:
        return Found(m.start(), m.end(), "SET", f"XXXX-{int(month):02d}")
    unit = group_value(ctx, m, "unit")
    if unit is None:
        return None
    amt = group_span(m, "amt")
    n = amount(ctx, *amt) if amt else 1
    return Found(m.start(), m.end(), "SET", format_duration(n, str(unit), convert=False))


def resolve_vague(ctx: Context, m: Match) -> Found | None:
    """"now", "recently", "onlangs"; an adjective such as "recent" before its noun is not one."""
    if ctx.toks.lowers[m.start()] in ctx.lex.vague_adjectives and ctx.cls(m.end()) == C.WORD:
        return None
    return Found(m.start(), m.end(), "DATE", str(ctx.value(m.start())))


def resolve_lone_this(ctx: Context, m: Match) -> Found | None:
    """"current" alone is PRESENT_REF; "this" alone is nothing."""
    value = ctx.lex.vague_fallback.get(ctx.toks.lowers[m.start()])
    return None if value is None else Found(m.start(), m.end(), "DATE", value)


def resolve_the_past(ctx: Context, m: Match) -> Found | None:
    """"the past" alone (not "the past three years") is PAST_REF."""
    if ctx.toks.lowers[m.end() - 1] not in ctx.lex.past_ref_words:
        return None
    return Found(m.start(), m.end(), "DATE", "PAST_REF")


def resolve_blocker(ctx: Context, m: Match) -> list[Found]:
    """Ages ("14-year-old") and money ("$27"): consumed so nothing inside becomes a date."""
    return []
