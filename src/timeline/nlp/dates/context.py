"""What a resolver sees while it turns a grammar match into a TIMEX3 value.

:class:`Context` carries the classified tokens, the language's lexicon, the reference date (DCT)
and the narrative anchors: every date resolved so far, in text order, so that "five days later"
or "that week" can be resolved against the last date the article talked about rather than against
the publication date. :class:`Found` is one resolved expression before it becomes a
:class:`~timeline.types.Timex`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from timeline.nlp.dates import classes as C
from timeline.nlp.dates.lexicon import Lexicon
from timeline.nlp.dates.tense import direction
from timeline.nlp.dates.tokens import Tokens
from timeline.nlp.dates.values import Point, format_point

Match = re.Match


@dataclass(slots=True)
class Found:
    """One resolved expression over tokens i..j-1."""

    i: int
    j: int
    type: str
    value: str
    mod: str | None = None
    anchor: str | None = None
    anchor_source: str | None = None  # None (absolute) | dct | narrative
    point: Point | None = None  # the resolved point, for dates and times
    sets_anchor: bool = True  # False for comparisons ("a year earlier") that do not move the narrative


@dataclass
class Context:
    toks: Tokens
    lex: Lexicon
    dct: date | None
    anchors: list[Point] = field(default_factory=list)
    _directions: dict[tuple[int, int], str | None] = field(default_factory=dict, repr=False)

    def dct_point(self) -> Point:
        return Point.of_day(self.dct) if self.dct else Point(None, "D")

    def anchor(self, gran: str = "D") -> tuple[Point, str]:
        """The latest resolved point at least as precise as ``gran``, else the DCT."""
        for point in reversed(self.anchors):
            if point.year is not None and point.finer_or_equal(gran):
                return point, "narrative"
        return self.dct_point(), "dct"

    def direction(self, i: int, j: int) -> str | None:
        """The tense around tokens i..j-1, read once per span (resolvers ask again on every retry)."""
        key = (i, j)
        if key not in self._directions:
            self._directions[key] = direction(self.toks, i, j, self.lex)
        return self._directions[key]

    def cls(self, i: int) -> str:
        return self.toks.classes[i] if 0 <= i < len(self.toks.classes) else ""

    def value(self, i: int) -> object:
        return self.toks.values[i]

    def mod_of(self, m: Match) -> str | None:
        """The TIMEX3 mod from an edge word (early/mid/late) or an approximation word in the match."""
        for k in range(m.start(), m.end()):
            if self.toks.classes[k] in (C.EDGE, C.APPROX, C.APPROX_AFTER):
                return self.toks.values[k]
            if self.toks.classes[k] == C.HALF and self.cls(k + 1) in (C.MONTH, C.YEAR):  # "half januari"
                return "MID"
        return None

    def relative(self, m: Match, point: Point, typ: str = "DATE", source: str = "dct",
                 anchor: Point | None = None) -> Found:
        """A Found for an expression resolved relative to the DCT or to a narrative anchor."""
        base = anchor if anchor is not None else self.dct_point()
        anchor_value = format_point(base) if base.year is not None else None
        return Found(m.start(), m.end(), typ, format_point(point), self.mod_of(m), anchor_value,
                     source, point)


def amount(ctx: Context, i: int, j: int) -> float | None:
    """The number expressed by tokens i..j-1 ("twenty-four", "12", "a"); None for "several"."""
    total, seen = 0.0, False
    for k in range(i, j):
        cls, value = ctx.toks.classes[k], ctx.toks.values[k]
        if cls == C.FEW:
            return None
        if cls in (C.NUMW, C.NUM2, C.NUMX, C.YEAR, C.INDEF) and isinstance(value, (int, float)):
            if seen and cls == C.INDEF:
                continue
            total = total * value if seen and value >= 100 else total + value
            seen = True
    return total if seen else None


def group_span(m: Match, name: str) -> tuple[int, int] | None:
    """Token range of a named group, or None if it did not take part in the match."""
    try:
        start = m.start(name)
    except IndexError:
        return None
    return None if start < 0 else (start, m.end(name))


def group_value(ctx: Context, m: Match, name: str) -> object:
    span = group_span(m, name)
    return None if span is None else ctx.toks.values[span[0]]
