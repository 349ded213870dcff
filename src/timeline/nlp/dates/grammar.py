"""The temporal grammar: regular expressions over token classes, the same for every language.

Each rule is a pattern over the class string built by :mod:`timeline.nlp.dates.tokens` (one
character per token, legend in :mod:`timeline.nlp.dates.classes`); a match's character offsets are
token indices. Word order differences between languages are written as alternatives ("five days
ago" and "il y a cinq jours", "last Friday" and "vendredi dernier"), so adding a language means
adding words, not rules. Rules are tried on the whole class string; overlapping matches are
settled later, longest first, then by the order below (blockers and specific rules first).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

AMT = r"(?:N-?N|N|1|9|aG|a|G)"  # an amount: five, twenty-four, 12, a, a few, several
EDGE = r"(?:[eh]c?-?)"  # early / mid- / the end of / half (nl "half januari")
DAY = r"[1o]"
MON = r"(?:M|m\.?)"  # a month name, or an abbreviation with its dot
TIME = r"(?:C?(?:ku?p?|1p|1u|z)Z?)"  # 14:30, 14.30 uur, 3 p.m., 3 o'clock, 14 heures, noon
DAYREF = rf"(?:[LXT]?W|R|n|(?:W,?)?{MON}{DAY}(?:,?4)?|(?:W,?D?)?{DAY}\.?c?{MON}(?:,?4)?)"


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    priority: int
    needs: frozenset[str]  # the rule can only match if one of these classes occurs in the text
    starts: re.Pattern | None = None  # the classes a match can begin with, when they are rare ones


_RULES: list[tuple[str, str]] = [
    # blockers: they win over the shorter matches inside them and produce nothing
    ("age", rf"{AMT}-?[Uu]-?j|q{AMT}-?[Uu]"),
    ("money", r"\$[149]|[149]%|[149]\$"),
    # absolute dates
    ("numdate", r"(?:W,?)?n"),
    ("range_dmy", rf"(?P<d1>{DAY})\.?[r-](?P<d2>{DAY})\.?c?(?P<mon>{MON})(?:,?(?P<year>4))?"),
    ("range_mdy", rf"(?P<mon>{MON})(?P<d1>{DAY})[r-](?P<d2>{DAY})(?:,?(?P<year>4))?"),
    ("date_mdy", rf"(?:W,?)?(?P<mon>{MON})(?P<day>{DAY})(?:,?(?P<year>4))?"),
    ("date_dmy", rf"(?:W,?D?)?(?P<day>{DAY})\.?c?(?P<mon>{MON})(?:[,c]?(?P<year>4))?"),
    ("holiday", r"(?P<mod>[LXT])?(?P<hol>@)(?:[,c]?(?P<year>4))?"),
    ("month_year", rf"{EDGE}?(?:D?(?P<mu>U)c?)?(?P<mon>{MON}),?c?(?P<year>4)"),
    ("month", rf"(?P<mod>[LXT])?{EDGE}?(?:D?(?P<mu>U)c?)?(?P<mon>M)(?:(?P<rel>[TLX])(?P<unit>U)|(?P<relw>R))?"),
    ("week_of_mdy", rf"D(?P<wu>U)c(?P<mon>{MON})(?P<day>{DAY})(?:,?(?P<year>4))?"),
    ("week_of_dmy", rf"D(?P<wu>U)c(?P<day>{DAY})\.?c?(?P<mon>{MON})(?:[,c]?(?P<year>4))?"),
    ("year", rf"(?:{EDGE}|g)?(?P<year>4)"),
    ("spoken_year", r"(?:DU)?(?P<num>N-?N(?:-?N)?)"),
    ("edge_unit", r"(?P<edge>e)c?D?(?P<unit>U)|(?P<unit2>U)(?:'w)?-?(?P<edge2>e)"),
    ("decade", rf"D?{EDGE}?(?:(?P<dec>s)|x'?(?P<num>[41N]))"),
    ("ordinal_unit", r"D?(?:(?P<pyear>4)|(?P<padj>U)-[AB]|(?:(?P<prel>[TLX])(?P<punit>U)|(?P<prelw>R))'w)?[TLXg]*"
                     r"(?P<ord>o)-?g?"
                     r"(?P<unit>U)(?:c?D?(?:(?P<year>4)|(?P<rel>[TLX])U))?"),
    ("period", r"D?w?(?P<adj>U)-[AB](?P<noun>[bU])|D(?P<year>4)(?P<noun2>[bU])|D(?P<latest>L)b"
               r"|D[wy]?b(?P<relw>R)|(?P<relw2>R)'w(?P<noun3>[bU])"),
    ("half", r"D?(?P<ord>[oL])h(?:c?D?(?:(?P<year>4)|(?P<rel>[TLX])?U))?"),
    ("season", rf"(?P<this>T)?(?P<mod>[TLX]|D)?{EDGE}?(?P<season>S)(?:c?(?P<year>4)|(?P<post>[LX]))?"),
    # times, alone or with a day
    ("time", rf"(?P<time>{TIME})(?:,?[OcD]?(?P<date>{DAYREF}))?"),
    ("date_time", rf"(?P<date>{DAYREF}),?O?(?P<time>{TIME})"),
    ("date_part", rf"(?P<date>{DAYREF})[cOIr]?D?(?P<part>P)"),  # "3 janvier au matin"
    ("part_of_date", rf"D?(?P<part>P)c(?P<date>{DAYREF})(?:[Or]W)?"),  # "la nuit de mercredi à jeudi"
    # relative to the publication date
    ("rel_word", rf"(?:{EDGE}|[FB])?(?P<part0>P)?(?P<rel>R)(?P<part>P)?"),
    ("this_part", r"TP"),
    ("weekday", rf"(?:[FB]|{EDGE})?(?:(?P<mod>[LXT])(?P<wk>U)?)?(?P<wd>W)(?P<post>[LX])?(?P<part>P)?"),
    ("rel_unit", rf"(?:[FB]|{EDGE})?D?"
                 r"(?:(?P<this>T)(?P<unit3>U)-(?P<dx>i)|(?P<mod>[LXT])(?P<unit>U)|(?P<unit2>U)(?P<mod2>[LX]))"),
    ("ago", rf"C?(?P<amt>{AMT})-?(?P<unit>U)f?A|YC?(?P<amt2>{AMT})(?P<unit2>U)"),
    ("unit_adj", r"(?P<unit>U)-(?P<dir>[AB])"),
    # relative to the narrative (the last date mentioned)
    ("later", rf"C?(?P<amt>{AMT})-?(?P<unit>U)(?P<dir>[FB])"),
    ("that_unit", r"[FB]?(?:Hy?|Dy)(?P<unit>U)"),
    ("unit_shift_prep", r"D(?P<unit>U)(?P<prep>O)(?=[,.;:_]|$)"),
    ("part_alone", r"(?:D|(?<=[OI]))(?P<part>P)(?![wc])"),
    ("unit_shift", r"D(?P<unit>U)(?P<dir>[FB])"),
    ("the_unit", r"D(?P<unit>U)"),
    # durations and sets
    ("in_future", rf"(?<=I)(?P<amt>{AMT})-?(?P<unit>U)"),
    ("duration", rf"(?:(?:D?(?P<mod>[LX])|D)o?|o|C)?(?P<amt>{AMT})\+?(?P<dash>-)?(?P<unit>[Uu])\+?(?P<half>ra?h)?f?"),
    ("bare_units", r"(?<=[vwI])(?P<unit>U)|E"),  # "(for) years", "could take months", "jarenlang"
    ("half_duration", r"C?(?:ha|ah-?)U"),
    ("recent_units", r"V(?P<unit>U)"),
    ("set", rf"K?J|K(?P<amt>{AMT})?D?(?P<unit>U)|K(?P<wd>W)|K(?P<part>P)|K(?P<mon>M)"),
    # vague references
    ("vague", r"V"),
    ("lone_this", r"T"),
    ("the_past", r"DL"),
]

# For speed: a rule is only tried on texts holding one of its key classes.
_NEEDS = {
    "age": "jq", "money": "$%", "numdate": "n", "holiday": "@", "range_dmy": "Mm", "range_mdy": "Mm", "date_mdy": "Mm",
    "date_dmy": "Mm", "month_year": "Mm", "month": "M",
    "week_of_mdy": "Mm", "week_of_dmy": "Mm", "period": "bU", "unit_shift_prep": "O", "part_alone": "P",
    "year": "4", "spoken_year": "N", "edge_unit": "e",
    "decade": "sx", "ordinal_unit": "o", "half": "h", "season": "S", "time": "kpuz", "date_time": "kpuz",
    "date_part": "P", "part_of_date": "P",
    "rel_word": "R", "this_part": "P", "weekday": "W", "rel_unit": "U", "ago": "AY", "unit_adj": "U",
    "later": "FB", "that_unit": "U", "unit_shift": "U", "the_unit": "U", "in_future": "I", "duration": "Uu",
    "bare_units": "UE", "half_duration": "h", "recent_units": "V", "set": "JK", "vague": "V", "lone_this": "T",
    "the_past": "L",
}


def _first_classes(pattern: str) -> frozenset[str] | None:
    """The classes a non-empty match of `pattern` can begin with; None if any, or if it can match empty.

    Read from the parsed pattern (``re._parser``); anything not understood gives None, which only means
    the rule is scanned the ordinary way.
    """
    try:
        from re import _constants as K
        from re import _parser

        parsed = _parser.parse(pattern)
        if parsed.state.flags & re.IGNORECASE:
            return None
        found, nullable = _first_of(parsed, K)
    except Exception:  # another Python's parser: no shortcut, same results
        return None
    return None if found is None or nullable else frozenset(found)


def _first_of(ops, K) -> tuple[set[str] | None, bool]:
    """(first characters or None for "any", whether the sequence can match empty)."""
    out: set[str] = set()
    for op, av in ops:
        first, nullable = _first_op(op, av, K)
        if first is None:
            return None, False
        out |= first
        if not nullable:
            return out, False
    return out, True


def _first_op(op, av, K) -> tuple[set[str] | None, bool]:
    if op is K.LITERAL:
        return {chr(av)}, False
    if op is K.IN:
        if not all(o in (K.LITERAL, K.RANGE) for o, _ in av):
            return None, False
        return {chr(c) for o, a in av for c in ((a,) if o is K.LITERAL else range(a[0], a[1] + 1))}, False
    if op is K.SUBPATTERN:
        return _first_of(av[3], K)
    if op is K.BRANCH:
        parts = [_first_of(alt, K) for alt in av[1]]
        if any(first is None for first, _ in parts):
            return None, False
        return set().union(*(first for first, _ in parts)), any(nullable for _, nullable in parts)
    if op in (K.MAX_REPEAT, K.MIN_REPEAT):
        first, nullable = _first_of(av[2], K)
        return first, nullable or av[0] == 0
    if op in (K.ASSERT, K.ASSERT_NOT, K.AT):  # zero-width: the next item gives the first character
        return set(), True
    return None, False


# Classes frequent enough in running text (articles) that jumping between them from Python costs more
# than letting the regex engine step over the string itself.
_FREQUENT = frozenset("D")


def _first_set(first: frozenset[str]) -> str:
    return "[" + "".join(re.escape(c) for c in sorted(first)) + "]"


def _starts(pattern: str) -> re.Pattern | None:
    """A one-class regex finding where `pattern` can begin, if that is rare (not "w" nor an article)."""
    first = _first_classes(pattern)
    if not first or "w" in first or first & _FREQUENT:
        return None
    return re.compile(_first_set(first))


def _compiled(pattern: str) -> re.Pattern:
    """The rule's regex; led by a look-ahead on its first classes when it has no `_starts` shortcut.

    The look-ahead lets the engine reject most positions after one class test; it changes no match.
    """
    first = _first_classes(pattern)
    if first and "w" not in first and first & _FREQUENT:
        return re.compile(f"(?={_first_set(first)})(?:{pattern})")
    return re.compile(pattern)


RULES: tuple[Rule, ...] = tuple(
    Rule(name, _compiled(pattern), priority, frozenset(_NEEDS[name]), _starts(pattern))
    for priority, (name, pattern) in enumerate(_RULES)
)


class Candidate(NamedTuple):
    """One rule match; ``start`` and ``end`` are the match's token offsets, read once (they are sorted on)."""

    rule: Rule
    match: re.Match
    start: int
    end: int


def candidates(classes: str) -> list[Candidate]:
    """Every rule match on the class string (a rule's matches do not overlap each other)."""
    found: list[Candidate] = []
    present = frozenset(classes)
    for rule in RULES:
        if rule.needs.isdisjoint(present):
            continue
        if rule.starts is None:
            found.extend([Candidate(rule, m, *m.span()) for m in rule.pattern.finditer(classes) if m.end() > m.start()])
        else:
            found.extend([Candidate(rule, m, *m.span()) for m in _finditer(rule, classes)])  # never empty, see there
    return found


def _finditer(rule: Rule, classes: str) -> Iterator[re.Match]:
    """``rule.pattern.finditer(classes)``, trying the pattern only where a match can begin.

    Most tokens are plain words ("w"), where most rules cannot start: jumping from one possible first
    class to the next and matching there gives the same leftmost, non-overlapping matches.
    """
    if rule.starts is None:
        yield from rule.pattern.finditer(classes)
        return
    end = 0
    match = rule.pattern.match
    for start in rule.starts.finditer(classes):
        at = start.start()
        if at < end:
            continue
        m = match(classes, at)
        if m is not None:
            yield m
            end = m.end()  # never empty: a rule that can match empty has no `starts`


def select(cands: list[Candidate], dead: set[tuple[int, int, int]] | None = None) -> list[Candidate]:
    """Non-overlapping candidates, longest first, then by rule priority; in text order."""
    dead = dead or set()
    ranked = sorted(cands, key=lambda c: (c.start - c.end, c.rule.priority, c.start))
    taken: list[Candidate] = []
    used = bytearray(max((c.end for c in cands), default=0))  # 1 where a taken candidate lies
    for cand in ranked:
        start, end = cand.start, cand.end
        if (cand.rule.priority, start, end) in dead or used.find(1, start, end) >= 0:
            continue
        used[start:end] = b"\x01" * (end - start)
        taken.append(cand)
    taken.sort(key=lambda c: c.start)
    return taken
