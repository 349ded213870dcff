"""Split a text into tokens and give each token a class character and a value.

One compiled regular expression splits the text; numbers, clock times and numeric dates are
recognised by their shape right there, words by one dictionary look-up in the language's
:class:`~timeline.nlp.dates.lexicon.Lexicon` (multi-word phrases such as "il y a" or "the next
day" by a longest-match over the following tokens). The result is a :class:`Tokens` record of
parallel lists plus the class string the grammar runs on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING

from timeline.nlp.dates import classes as C

if TYPE_CHECKING:
    from timeline.nlp.dates.lexicon import Lexicon

# Every token starts with a non-space character: the leading look-ahead lets the scan step over
# spaces without trying each alternative there. The other look-aheads name the characters the
# alternatives after them can begin with (elided articles; digits and the apostrophe of "'90s"), so
# most tokens skip those alternatives after one class test; they change no match.
TOKEN_RE = re.compile(
    r"""
    (?=\S)(?:
    (?P<word>(?=[lLdDjJmMnNsStTcCqQaApP])(?<![^\W\d_])(?:[lLdDjJmMnNsStTcC]|[qQ]u|[jJ]usqu|[lL]orsqu|[pP]uisqu|[aA]ujourd|[pP]resqu)['’]
        (?=[^\W\d_])|[^\W\d_]+)
    |(?=[\d'’])(?:(?P<iso>(?<![\w.\-/])(?:1[5-9]|2[01])\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])
        (?:T[0-2]\d:[0-5]\d(?::[0-5]\d)?)?(?![\w\-/]|[.,]\d))
    |(?P<numdate>(?<![\w.\-/,])\d{1,2}(?P<sep>[./-])\d{1,2}(?P=sep)(?:\d{4}|\d{2})(?![\w\-/]|[.,]\d))
    |(?P<clock>(?<![\w.,:])(?:[01]?\d|2[0-4])
        (?::[0-5]\d(?::[0-5]\d)?(?![\d:])|[hHu][0-5]\d(?!\w)|h(?!\w)|\.[0-5]\d(?=\s?(?:uur|u\b|h\b|Uhr))))
    |(?P<decade>(?<![\w'’])(?:1\d|20)\d0s\b|['’]\d0s\b)
    |(?P<ordinal>(?<![\w.])\d{1,3}(?:st|nd|rd|th|er|re|ère|e|ème|eme|de|ste|te)(?![^\W\d_]))
    |(?P<number>\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:\s1/2|½)|\d+(?:[.,]\d+)?)
    )|(?P<punct>[^\w\s])
    )""",
    re.VERBOSE,
)


MATCH_SPAN = re.Match.span  # spans read with map(): no Python frame per token
MAX_SEEN = 100_000  # distinct known surfaces remembered per language: words and signs, far fewer in practice


def split(text: str) -> list[tuple[int, int, str, str]]:
    """The raw tokens of ``text``: (start, end, surface, kind) with kind the TOKEN_RE group name."""
    return [(m.start(), m.end(), m.group(), m.lastgroup or "punct") for m in TOKEN_RE.finditer(text)]


def norm(surface: str) -> str:
    """The look-up key of a token: lower case, typographic apostrophe made straight."""
    return surface.lower().replace("’", "'")


@dataclass(slots=True)
class Tokens:
    """Parallel lists over the tokens of one text, plus their class string."""

    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    lowers: list[str] = field(default_factory=list)
    values: list[object] = field(default_factory=list)
    classes: str = ""

    def surface(self, i: int, j: int) -> str:
        """The text covered by tokens i..j-1."""
        return self.text[self.starts[i] : self.ends[j - 1]]

    def gap(self, i: int) -> str:
        """The characters between token i-1 and token i."""
        return self.text[self.ends[i - 1] : self.starts[i]] if i > 0 else ""


def _number_class(surface: str) -> tuple[str, object]:
    if surface.endswith(("1/2", "½")):
        return C.NUMX, int(re.match(r"\d+", surface).group()) + 0.5
    if "," in surface and re.fullmatch(r"\d{1,3}(?:,\d{3})+", surface):
        return C.NUMX, int(surface.replace(",", ""))
    if "." in surface or "," in surface:
        return C.NUMX, float(surface.replace(",", "."))
    value = int(surface)
    if len(surface) <= 2:
        return C.NUM2, value
    if len(surface) == 4 and 1000 <= value <= 2199:
        return C.YEAR, value
    return C.NUMX, value


def _shape_class(kind: str, surface: str) -> tuple[str, object]:
    """Class and value of a token recognised by its shape (numbers, clock times, numeric dates)."""
    if kind == "number":
        return _number_class(surface)
    if kind in ("iso", "numdate"):
        return C.NUMDATE, surface
    if kind == "clock":
        return C.CLOCK, surface
    if kind == "decade":
        return C.DECADE, surface
    digits = re.match(r"\d+", surface)
    return C.ORD, int(digits.group()) if digits else 0


def _match_phrase(by_next: dict, keys: list[str], i: int):
    """Longest lexicon phrase starting at token i: (number of tokens, entry) or None.

    ``by_next`` is the head's phrases grouped by their second token (longest first), so a head
    followed by no phrase's second token costs one look-up.
    """
    for rest, entry in by_next.get(keys[i + 1], ()):
        n = len(rest)
        if tuple(keys[i + 1 : i + 1 + n]) == rest:
            return n + 1, entry
    return None


def _word_class(lex: Lexicon, key: str, surface: str) -> tuple[str, object]:
    cls, value = lex.words[key]
    if (
        (cls in lex.capitalized_classes and not surface[:1].isupper())
        or (cls == C.TZ and not surface.isupper())
        or (cls == C.UNIT and len(surface) > 1 and surface.isupper())  # SEC, MIN: acronyms, not units
    ):
        return C.WORD, None
    return cls, value


def _keys(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Each token's look-up key (:func:`norm`), sliced from the text lower-cased once when that is exact.

    Lower-casing the whole text gives the same per-token keys unless it changes lengths (“İ”) or the
    context matters (Greek final sigma); then each token is lower-cased on its own.
    """
    low = text.lower()
    if len(low) != len(text) or "Σ" in text:
        return [norm(text[s:e]) for s, e in spans]
    low = low.replace("’", "'")
    return [low[s:e] for s, e in spans]


def classify(text: str, lex: Lexicon) -> Tokens:
    """Tokenize ``text`` and classify each token with ``lex``; phrases become one token.

    Most tokens are plain words or words and signs whose key alone gives their class: classes and
    values are filled in for all tokens at once from the lexicon's ``fixed_classes``, and only the
    others are looked at one by one: where a phrase may start, other known words (whose class depends
    on capitals), and anything else that is not all letters (numbers; a few odd words too, which come
    out the same). The tokens a phrase swallows are cut out at the end.
    """
    spans = list(map(MATCH_SPAN, TOKEN_RE.finditer(text)))
    keys = _keys(text, spans)
    n = len(spans)
    tables = lex.lookup_tables()
    known, fixed, fixed_values = tables.known, tables.fixed_classes, tables.fixed_values
    cls_chars = list(map(fixed.get, keys, repeat(C.WORD, n)))
    heads = tables.phrases_by_next
    keys.append("")  # sentinel: phrase look-ahead never runs off the end
    todo = [i for i, key in enumerate(keys[:n]) if (key not in fixed and (key in known or not key.isalpha()))
            or (key in heads and keys[i + 1] in heads[key])]  # a phrase may start here
    keys.pop()
    out = Tokens(text)
    if n:
        out.starts, out.ends = (list(column) for column in zip(*spans, strict=True))
    out.values = list(map(fixed_values.get, keys))
    swallowed = _classify_known(text, lex, keys, todo, out, cls_chars)
    out.lowers = keys
    for lo, hi in reversed(swallowed):
        del out.starts[lo:hi], out.ends[lo:hi], keys[lo:hi], out.values[lo:hi], cls_chars[lo:hi]
    out.classes = "".join(cls_chars)
    return out


def _classify_known(text: str, lex: Lexicon, keys: list[str], todo: list[int], out: Tokens,
                    cls_chars: list[str]) -> list[tuple[int, int]]:
    """Class and value of tokens ``todo`` (in place); returns the token ranges phrases swallowed.

    A word or sign's class depends on its surface alone, so each distinct one is worked out once per
    language (``surface_entries``); phrases depend on the tokens after them and are matched each time.
    """
    tables = lex.lookup_tables()
    phrases, seen = tables.phrases_by_next, tables.surface_entries
    starts, ends, values = out.starts, out.ends, out.values
    keys.append("")  # sentinel: phrase look-ahead never runs off the end
    swallowed: list[tuple[int, int]] = []
    covered = 0  # tokens before this index belong to a phrase already
    for i in todo:
        if i < covered:
            continue
        key = keys[i]
        found = _match_phrase(phrases[key], keys, i) if key in phrases and _may_head(text, starts[i], key) else None
        if found:
            width, (cls_chars[i], values[i]) = found
            ends[i] = ends[i + width - 1]
            keys[i] = norm(text[starts[i] : ends[i]])
            covered = i + width
            swallowed.append((i + 1, covered))
            continue
        surface = text[starts[i] : ends[i]]
        entry = seen.get(surface)
        if entry is None:
            entry = _token_entry(text, lex, starts[i], key, surface, seen)
        values[i], cls_chars[i] = entry
    keys.pop()
    return swallowed


def is_sign(key: str) -> bool:
    """A key that can only be a punctuation token: one character, not a letter, digit, space or "_"."""
    return len(key) == 1 and not key.isalnum() and not key.isspace() and key != "_"


def _may_head(text: str, start: int, key: str) -> bool:
    """Only word and punctuation tokens start phrases (a letters-only key is always a word)."""
    return key.isalpha() or _kind(text, start) in ("word", "punct")


def _kind(text: str, start: int) -> str:
    """The kind of the token at ``start``: the same match the scan made there (look-behinds see the text)."""
    return TOKEN_RE.match(text, start).lastgroup or "punct"


def _token_entry(text: str, lex: Lexicon, start: int, key: str, surface: str, seen: dict) -> tuple[object, str]:
    """(value, class) of one token that is not a phrase; words and signs are remembered in ``seen``."""
    kind = _kind(text, start)
    if kind != "word" and kind != "punct":
        cls, value = _shape_class(kind, surface)
        return value, cls
    cls, value = C.WORD, None
    if key in lex.words:
        cls, value = _word_class(lex, key, surface)
    elif kind == "punct":
        cls = C.PUNCT_CLASSES.get(surface, C.OTHER_PUNCT)
        fixed = lex.lookup_tables().fixed_classes
        if is_sign(key) and key not in lex.phrases and len(fixed) < MAX_SEEN:
            fixed[key] = cls  # a sign the lexicon does not know: classed by its key from now on
    if len(seen) < MAX_SEEN:
        seen[surface] = value, cls
    return value, cls
