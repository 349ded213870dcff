"""The one-character token classes the temporal grammar is written in.

The tagger maps every token of a text to one class character, so that the grammar
(:mod:`timeline.nlp.dates.grammar`) can be a handful of ordinary regular expressions over a short
string, the same for every language; only the word tables differ per language. This module is the
legend of that alphabet.
"""

from __future__ import annotations

NUM2 = "1"  # a 1-2 digit number: 2, 14
YEAR = "4"  # a 4-digit number that can be a year: 1998, 2026
NUMX = "9"  # any other number: 250, 2.5, 12,000
CLOCK = "k"  # a clock time written as one token: 14:30, 14h30, 9.45 (before "uur")
NUMDATE = "n"  # a numeric date written as one token: 2026-01-02, 02/01/2026, 2.1.26
DECADE = "s"  # 1990s, '90s
ORD = "o"  # ordinal: 1st, 2e, 1er, third, derde, troisième
NUMW = "N"  # number word: five, vijf, cinq, a couple of
INDEF = "a"  # indefinite article (counts as one): a, an, een, un, une
MONTH = "M"  # full month name
MONTH_ABBR = "m"  # month abbreviation, valid only next to a day or a year: Jan, Sept
WEEKDAY = "W"  # weekday name, value (weekday 0-6, part of day or None): Friday, vrijdagavond
UNIT = "U"  # calendar unit, value Y/Q/M/W/D/H/MIN/S/DE/CE/WE/F/MIL: day, jaren, semaines
CLOCK_UNIT = "u"  # a word that follows a clock hour: uur, heures, Uhr, o'clock (value: unit or None)
REL = "R"  # relative day or period, value (offset, unit, part, narrative): yesterday, hier, le lendemain
PART = "P"  # part of the day, value MO/AF/EV/NI/DT: morning, avond, soir
LAST = "L"  # last / previous, value: narrative? (True for "previous", "précédent")
NEXT = "X"  # next / following, value: narrative? (True for "following", "suivant")
THIS = "T"  # this / current: deze, cette
THAT = "H"  # that (narrative deixis): die, dat
SAME = "y"  # same: zelfde, même
AGO = "A"  # "ago" after the amount: ago, geleden
AGO_PRE = "Y"  # "ago" before the amount: il y a, vor
LATER = "F"  # later / after: later, plus tard, daarna
EARLIER = "B"  # earlier / before: earlier, plus tôt, eerder
ART = "D"  # definite article: the, de, het, le, la, l'
OF = "c"  # of: of, van, de, du
TZ = "Z"  # time zone: GMT, CET
AMPM = "p"  # a.m. / p.m.
SEASON = "S"  # season, value SP/SU/FA/WI
QUARTER = "Q"  # quarter, kwartaal, trimestre
HALF = "h"  # half, helft, moitié
EDGE = "e"  # early / mid / late, value START/MID/END
VAGUE = "V"  # vague reference, value PRESENT_REF/PAST_REF/FUTURE_REF: now, onlangs, récemment
SETW = "J"  # a set word or phrase, value its period: daily, wekelijks, chaque jour
EVERY = "K"  # every / each: elke, chaque
APPROX = "C"  # approximation, value the TIMEX3 mod: about, ongeveer, environ, more than
FEW = "G"  # an unspecified amount: several, enkele, plusieurs
NOON = "z"  # noon / midnight, value the clock time: noon, middernacht, minuit
TO = "r"  # range connector: to, tot, au, and
TPREP = "O"  # preposition before a clock time: at, om, à, um
FISCAL = "g"  # fiscal year marker: fiscal, boekjaar, exercice
DEIXIS = "i"  # French demonstrative suffix after a hyphen, value this/that: -ci, -là
DECADE_NOUN = "x"  # "années" in "les années 1990"
IN_FUTURE = "I"  # "in" before an amount of time from now: in (two weeks), over, dans, d'ici
HOLIDAY = "@"  # a named day, value its rule: "12-25" (fixed), "easter+1", "11-thu-4" (4th Thursday)
DURATION_PREP = "v"  # a preposition that makes a bare plural unit a duration: for (years), al (jaren)
DURATION_WORD = "E"  # a one-word vague duration, value its TIMEX3 value: jarenlang, decades-long
AGE_AFTER = "j"  # marks an age after the amount: 14-year-old, 14 jaar oud
AGE_BEFORE = "q"  # marks an age before the amount: âgé de 14 ans
PERIOD = "b"  # a period noun that stands for the quarter under discussion: period, periode, période
MORE = "+"  # more / additional between an amount and its unit: two more weeks, deux semaines supplémentaires
APPROX_AFTER = "f"  # an approximation after the expression, value the TIMEX3 mod: or so, of zo
CURRENCY = "$"  # $, €, dollars
PERCENT = "%"
COMMA = ","
DOT = "."
DASH = "-"
SLASH = "/"
APOS = "'"
OTHER_PUNCT = "_"
WORD = "w"  # any other word

PUNCT_CLASSES = {
    ",": COMMA,
    ".": DOT,
    "-": DASH,
    "–": DASH,
    "—": DASH,
    "/": SLASH,
    "'": APOS,
    "’": APOS,
    "$": CURRENCY,
    "€": CURRENCY,
    "£": CURRENCY,
    "¥": CURRENCY,
    "%": PERCENT,
}
