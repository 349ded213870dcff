"""The tagger's main loop: classify tokens, match the grammar, pick spans, resolve them in order.

Spans are picked longest first; they are then resolved left to right so each resolved date can
anchor the narrative expressions after it. A span whose resolver rejects it (an out-of-range year,
"May" as a surname, "14 uur" that is a time rather than a duration) is set aside and the spans are
picked again, so a shorter reading can take its place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime

from timeline.nlp.dates import absolute, amounts, clock, relative
from timeline.nlp.dates.context import Context, Found, Match
from timeline.nlp.dates.grammar import Candidate, candidates, select
from timeline.nlp.dates.lexicon import get_lexicon
from timeline.nlp.dates.tokens import classify
from timeline.types import Timex

Resolver = Callable[[Context, Match], "Found | list[Found] | None"]
MAX_ROUNDS = 6

RESOLVERS: dict[str, Resolver] = {
    "age": amounts.resolve_blocker,
    "money": amounts.resolve_blocker,
    "numdate": absolute.resolve_numdate,
    "range_dmy": absolute.resolve_range,
    "range_mdy": absolute.resolve_range,
    "date_mdy": absolute.resolve_day,
    "date_dmy": absolute.resolve_day,
    "month_year": absolute.resolve_month_year,
    "holiday": absolute.resolve_holiday,
    "month": absolute.resolve_month,
    "week_of_mdy": absolute.resolve_week_of,
    "week_of_dmy": absolute.resolve_week_of,
    "period": relative.resolve_period,
    "unit_shift_prep": relative.resolve_unit_shift_prep,
    "part_alone": relative.resolve_part_alone,
    "year": absolute.resolve_year,
    "decade": absolute.resolve_decade,
    "spoken_year": absolute.resolve_spoken_year,
    "edge_unit": relative.resolve_edge_unit,
    "ordinal_unit": absolute.resolve_ordinal_unit,
    "half": absolute.resolve_half,
    "season": absolute.resolve_season,
    "time": clock.resolve_time,
    "date_time": clock.resolve_time,
    "date_part": clock.resolve_part_of_date,
    "part_of_date": clock.resolve_part_of_date,
    "rel_word": relative.resolve_rel_word,
    "this_part": relative.resolve_this_part,
    "weekday": relative.resolve_weekday,
    "rel_unit": relative.resolve_rel_unit,
    "ago": relative.resolve_ago,
    "unit_adj": relative.resolve_unit_adj,
    "later": relative.resolve_later,
    "that_unit": relative.resolve_that_unit,
    "unit_shift": relative.resolve_unit_shift,
    "the_unit": relative.resolve_the_unit,
    "in_future": relative.resolve_in_future,
    "duration": amounts.resolve_duration,
    "half_duration": amounts.resolve_half_duration,
    "bare_units": amounts.resolve_bare_units,
    "recent_units": amounts.resolve_recent_units,
    "set": amounts.resolve_set,
    "vague": amounts.resolve_vague,
    "lone_this": amounts.resolve_lone_this,
    "the_past": amounts.resolve_the_past,
}

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_reference(reference: str | date | datetime | None) -> date | None:
    """The reference date as a ``date``; ISO strings may carry a time, which is dropped."""
    if reference is None or reference == "":
        return None
    if isinstance(reference, datetime):
        return reference.date()
    if isinstance(reference, date):
        return reference
    m = _ISO_DAY.match(str(reference).strip())
    if not m:
        raise ValueError(f"reference_date {reference!r} is not an ISO date (YYYY-MM-DD)")
    return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _resolve_all(ctx: Context, chosen: list[Candidate]) -> tuple[list[Found], set]:
    ctx.anchors.clear()
    found: list[Found] = []
    rejected: set = set()
    for cand in chosen:
        result = RESOLVERS[cand.rule.name](ctx, cand.match)
        if result is None:
            rejected.add((cand.rule.priority, cand.start, cand.end))
            continue
        for item in result if isinstance(result, list) else [result]:
            found.append(item)
            if item.sets_anchor and item.point is not None and item.point.year is not None:
                ctx.anchors.append(item.point)
    return found, rejected


def resolve(ctx: Context) -> list[Found]:
    """Pick and resolve the expressions of ``ctx``'s tokens, retrying around rejected spans."""
    cands = candidates(ctx.toks.classes)
    dead: set = set()
    found: list[Found] = []
    for _ in range(MAX_ROUNDS):
        found, rejected = _resolve_all(ctx, select(cands, dead))
        if not rejected - dead:
            break
        dead |= rejected
    return found


def to_timexes(text: str, starts: list[int], ends: list[int], found: list[Found]) -> list[Timex]:
    out = []
    for f in found:
        start, end = starts[f.i], ends[f.j - 1]
        out.append(Timex(start, end, text[start:end], f.type, f.value, f.mod, f.anchor, f.anchor_source))
    return out


def extract_timexes(text: str, reference_date: str | date | None, lang: str) -> list[Timex]:
    """All temporal expressions of ``text`` as :class:`~timeline.types.Timex`, in text order."""
    if not text:
        return []
    reference = parse_reference(reference_date)
    lex = get_lexicon(lang)
    ctx = Context(classify(text, lex), lex, reference)
    return to_timexes(text, ctx.toks.starts, ctx.toks.ends, resolve(ctx))
