"""Event dating on top of the temporal expressions: own clause, narrative anchor, publication date."""

from __future__ import annotations

import re
from datetime import date

import pytest

from timeline.nlp.dates.dating import DateAssignment, date_for_span, value_to_date
from timeline.temporal import extract

PUBLISHED = date(2026, 1, 10)


def date_event(text: str, trigger: str, lang: str = "en", occurrence: int = 0) -> DateAssignment:
    """Date the ``occurrence``-th mention of ``trigger``, with naive sentence splitting."""
    timexes = extract(text, PUBLISHED, lang)
    m = list(re.finditer(re.escape(trigger), text))[occurrence]
    start = max(text.rfind(". ", 0, m.start()) + 2, 0) if ". " in text[: m.start()] else 0
    end = text.find(". ", m.end())
    end = len(text) if end < 0 else end + 1
    return date_for_span(timexes, text, m.start(), m.end(), start, end, PUBLISHED)


def test_an_explicit_date_in_the_clause_dates_the_event():
    got = date_event("On 2 January, Grok acknowledged the lapses.", "acknowledged")
    assert got == DateAssignment(date(2026, 1, 2), "day", "explicit", "2 January", "2026-01-02")


def test_a_relative_date_is_marked_relative():
    got = date_event("Ofcom said on Friday it had opened an investigation.", "opened")
    assert (got.date, got.date_source, got.timex_text) == (date(2026, 1, 9), "relative", "Friday")


def test_an_anchored_date_is_marked_anchored():
    text = "Vijf dagen na 2 januari, op 7 januari, reageerde de minister. Vijf dagen later volgde Ofcom."
    got = date_event(text, "volgde", "nl")
    assert (got.date, got.date_source) == (date(2026, 1, 12), "anchored")


def test_the_nearest_expression_in_the_same_clause_wins():
    text = "X restricted the tool on 9 January, a week after Grok acknowledged lapses on 2 January."
    assert date_event(text, "acknowledged").date == date(2026, 1, 2)
    assert date_event(text, "restricted").date == date(2026, 1, 9)


def test_without_a_date_in_the_sentence_the_narrative_anchor_governs():
    text = "On 2 January, Grok acknowledged lapses. It also apologised to users."
    got = date_event(text, "apologised")
    assert (got.date, got.date_source, got.timex_text) == (date(2026, 1, 2), "anchored", "2 January")


def test_now_hands_the_narrative_back_to_the_publication_date():
    text = "On 2 January, Grok acknowledged lapses. Now the EU is investigating. Users are worried."
    assert date_event(text, "investigating").date_source == "relative"
    assert date_event(text, "worried") == DateAssignment(PUBLISHED, "day", "published")


def test_without_any_date_the_publication_date_is_used():
    assert date_event("Users reported abuse.", "reported") == DateAssignment(PUBLISHED, "day", "published")
    assert date_for_span([], "Users.", 0, 5, 0, 6, None) == DateAssignment(None, None, "published")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2026-01-02", (date(2026, 1, 2), "day")), ("2026-01-09T14:30", (date(2026, 1, 9), "day")),
     ("2026-01", (date(2026, 1, 1), "month")), ("2026-W02", (date(2026, 1, 1), "month")),
     ("2025-Q3", (date(2025, 7, 1), "year")), ("2025", (date(2025, 1, 1), "year")),
     ("P5D", None), ("PRESENT_REF", None), ("199", None), ("XXXX-WXX-5", None), ("2026-02-30", None)],
)
def test_values_map_to_a_date_and_an_honest_precision(value, expected):
    assert value_to_date(value) == expected


def test_durations_and_sets_never_date_an_event():
    text = "For twelve hours, every day, moderators worked."
    assert date_event(text, "worked").date_source == "published"


def test_spans_can_be_given_as_pairs_with_an_explicit_clause():
    text = "On 2 January, Grok acknowledged lapses, and on 9 January X restricted the tool."
    timexes = extract(text, PUBLISHED, "en")
    k = text.index("acknowledged")
    got = date_for_span(timexes, text, trigger=(k, k + 12), sentence=(0, len(text)), clause=(0, 38),
                        published=PUBLISHED)
    assert (got.date, got.source) == (date(2026, 1, 2), "explicit")
    with pytest.raises(ValueError, match="span"):
        date_for_span(timexes, text, published=PUBLISHED)
