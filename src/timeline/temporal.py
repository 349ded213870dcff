"""Temporal expressions as an API: find them in a text and normalize them to TIMEX3 values.

>>> from timeline.temporal import extract
>>> [(t.text, t.type, t.value) for t in extract("Vijf dagen later, op 7 januari, ...", "2026-01-10", "nl")]
[('Vijf dagen later', 'DATE', '2026-01-07'), ('7 januari', 'DATE', '2026-01-07')]

``extract(text, reference_date, lang)`` returns :class:`timeline.types.Timex` records in text order:
``start``/``end`` are character offsets into ``text`` (``text[start:end] == timex.text``), ``type``
is DATE, TIME, DURATION or SET and ``value`` a TIMEX3 value (``2026-01-02``, ``2026-W02``,
``2026-01-09T14:30``, ``P5D``, ``PT12H``, ``XXXX-WXX-5``, ``PRESENT_REF`` ...). Relative expressions
resolve against ``reference_date`` (the document creation date; ``anchor_source='dct'``), narrative
ones ("five days later", "le lendemain", "that week") against the last date mentioned before them
(``anchor_source='narrative'``); ``anchor`` holds the value they were resolved from. Without a
reference date, deictic values keep unknown fields (``XXXX-XX-XX``).

Languages: English, Dutch, French and German have full word tables; any other language gets
dateparser's month and weekday names for it (when dateparser knows it) with English function
words, and unknown codes fall back to English. The engine lives in :mod:`timeline.nlp.dates`; the
same engine runs as the spaCy component ``"timeline_dates"``.
"""

from __future__ import annotations

from datetime import date

from timeline.nlp.dates.engine import extract_timexes, parse_reference
from timeline.types import Timex

__all__ = ["Timex", "extract", "parse_reference"]


def extract(text: str, reference_date: str | date | None = None, lang: str = "en") -> list[Timex]:
    """The temporal expressions of ``text``; see the module docstring for the contract.

    Raises:
        TypeError: ``text`` is not a string.
        ValueError: ``reference_date`` is a string that is not an ISO date.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return extract_timexes(text, reference_date, lang or "en")
