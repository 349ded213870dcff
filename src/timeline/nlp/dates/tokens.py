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


def _match_phrase(lex: Lexicon, keys: list[str], i: int):
    """Longest lexicon phrase starting at token i: (number of tokens, entry) or None."""
    for rest, entry in lex.phrases[keys[i]]:
        n = len(rest)
        if keys[i + 1] == rest[0] and tuple(keys[i + 1 : i + 1 + n]) == rest:
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
    """Tokenize ``text`` and classify each token with ``lex``; phrases become one token."""
    matches = list(TOKEN_RE.finditer(text))
    spans = [m.span() for m in matches]
    keys = _keys(text, spans)
    keys.append("")  # sentinel: phrase look-ahead never runs off the end
    out = Tokens(text)
    starts, ends, lowers, values = out.starts, out.ends, out.lowers, out.values
    cls_chars: list[str] = []
    i, n = 0, len(matches)
    words, phrases, word_cls = lex.words, lex.phrases, C.WORD
    while i < n:
        key = keys[i]
        kind = matches[i].lastgroup or "punct"
        if kind == "word" and key not in words and key not in phrases:  # most tokens: a plain word
            start, end = spans[i]
            starts.append(start)
            ends.append(end)
            lowers.append(key)
            values.append(None)
            cls_chars.append(word_cls)
            i += 1
            continue
        start, end = spans[i]
        surface = text[start:end]
        width, cls, value = 1, word_cls, None
        if kind == "word" or kind == "punct":
            found = _match_phrase(lex, keys, i) if key in phrases else None
            if found:
                width, (cls, value) = found
                end = spans[i + width - 1][1]
                key = norm(text[start:end])
            elif key in words:
                cls, value = _word_class(lex, key, surface)
            elif kind == "punct":
                cls = C.PUNCT_CLASSES.get(surface, C.OTHER_PUNCT)
        else:
            cls, value = _shape_class(kind, surface)
        starts.append(start)
        ends.append(end)
        lowers.append(key)
        values.append(value)
        cls_chars.append(cls)
        i += width
    out.classes = "".join(cls_chars)
    return out
