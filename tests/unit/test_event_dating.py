"""Event dating in context: weeks, weekdays of a week, narrative anchors and clauses that are not the event's."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.nlp.dates.dating import clause_around, date_for_span, week_day
from timeline.nlp.event_dates import EventDate, date_event
from timeline.temporal import extract

THURSDAY = date(2025, 3, 13)


def dated(text: str, trigger: str, lang: str = "en", published: date = THURSDAY) -> EventDate:
    """Date the first ``trigger`` of ``text`` as the NLP stage does (sentences split at ". " and blank lines)."""
    k = text.index(trigger)
    starts = [0] + [i + 2 for i in range(len(text)) if text.startswith(". ", i) or text.startswith("\n\n", i)]
    start = max(s for s in starts if s <= k)
    ends = [i + 1 for i in range(k, len(text)) if text[i] == "."] or [len(text)]
    sentence = (start, ends[0])
    timexes = extract(text, published, lang)
    clause = clause_around(text, timexes, (k, k + len(trigger)), sentence)
    return date_event(text, clause, sentence, (k, k + len(trigger)), timexes, published)


@pytest.mark.parametrize(("text", "trigger", "lang", "expected"), [
    ("Ofcom made urgent contact with X earlier this week.", "contact", "en", date(2025, 3, 11)),
    ("Eerder deze week erkende de topvrouw dat waarschuwingen waren genegeerd.", "erkende", "nl", date(2025, 3, 11)),
    ("Plus tôt dans la semaine, la directrice avait reconnu des erreurs.", "reconnu", "fr", date(2025, 3, 11)),
    ("The company filed an appeal last week.", "filed", "en", date(2025, 3, 5)),
    ("La Commission a infligé une amende la semaine dernière.", "amende", "fr", date(2025, 3, 5)),
    ("Indonesia blocked the app over the weekend.", "blocked", "en", date(2025, 3, 8)),
    ("The outage began late last week.", "outage", "en", date(2025, 3, 7)),
])
def test_a_week_gives_one_plausible_day_flagged_approximate(text, trigger, lang, expected):
    got = dated(text, trigger, lang)
    assert (got.date, got.precision, got.source) == (expected, "day", "relative")
    assert got.spread_days >= 1


@pytest.mark.parametrize(("text", "trigger", "lang"), [
    ("He spoke on Thursday of last week.", "spoke", "en"),
    ("Telvora maakte het lek vorige week donderdag bekend.", "maakte", "nl"),
    ("Il a parlé jeudi de la semaine dernière.", "parlé", "fr"),
])
def test_a_weekday_joined_to_a_week_is_that_weekday_of_that_week(text, trigger, lang):
    got = dated(text, trigger, lang)
    assert (got.date, got.spread_days) == (date(2025, 3, 6), 0)


def test_a_narrative_shift_moves_with_the_day_it_counts_from():
    text = "Telvora maakte het lek vorige week donderdag bekend. Het bedrijf had de inbraak twee dagen eerder ontdekt."
    got = dated(text, "ontdekt", "nl")
    assert (got.date, got.source) == (date(2025, 3, 4), "anchored")


def test_a_date_in_a_relative_clause_does_not_date_the_main_verb():
    text = "Consumer groups, who had welcomed the fine last week, said the changes did not go far enough."
    assert dated(text, "said").date == THURSDAY
    text = "Het ziekenhuis heeft aangifte gedaan van een aanval die zaterdag de systemen platlegde."
    assert dated(text, "aangifte", "nl").date == THURSDAY
    assert dated(text, "platlegde", "nl").date == date(2025, 3, 8)


def test_reported_speech_keeps_its_own_date():
    text = "Grok later admitted that on 28 February it generated an image of two girls."
    assert dated(text, "generated").date == date(2025, 2, 28)


def test_the_narrative_anchor_holds_within_a_paragraph_for_a_past_sentence():
    text = "On 3 March the minister wrote to Streamly. The company had ignored two earlier letters."
    got = dated(text, "ignored")
    assert (got.date, got.source, got.timex_text) == (date(2025, 3, 3), "anchored", "3 March")


@pytest.mark.parametrize(("text", "trigger"), [
    ("On 3 March the minister wrote to Streamly.\n\nThe company apologised to users.", "apologised"),  # paragraph
    ("On 3 March the minister wrote to Streamly. The company says it is cooperating.", "cooperating"),  # present
    ("Streamly said on 12 March that it had been hacked on 3 March. It apologised to users.", "apologised"),
])
def test_the_narrative_anchor_does_not_cross_paragraphs_tense_or_flashbacks(text, trigger):
    got = dated(text, trigger)
    assert (got.date, got.source) == (THURSDAY, "published")


def test_since_a_month_dates_a_state_not_the_event():
    got = dated("The agency said it had received eleven reports since January.", "said")
    assert (got.date, got.source) == (THURSDAY, "published")


def test_an_exact_day_beats_a_week_in_the_same_clause():
    assert dated("Ofcom first contacted X a week ago, on 5 March.", "contacted").date == date(2025, 3, 5)


def test_an_asserted_weekday_read_as_the_coming_one_is_taken_a_week_back():
    got = dated("Sinds maandag ligt de site van het bedrijf plat.", "plat", "nl")
    assert got.date == date(2025, 3, 10)


def test_week_day_values():
    assert week_day("2025-W10", None, THURSDAY) == (date(2025, 3, 5), 2)
    assert week_day("2025-W11", None, THURSDAY, earlier=True) == (date(2025, 3, 11), 1)
    assert week_day("2025-W11", None, THURSDAY) == (date(2025, 3, 11), 1)
    assert week_day("2025-W10-WE", None, THURSDAY) == (date(2025, 3, 8), 1)
    assert week_day("2025-W10", "END", None) == (date(2025, 3, 7), 1)
    assert week_day("2025-03", None, THURSDAY) is None and week_day("2025-W99", None, None) is None


def test_each_article_is_read_on_its_own():
    first = "On 3 March the minister wrote. The firm had refused."
    second = "On 9 March the minister wrote. The firm had refused."
    for text, expected in ((first, date(2025, 3, 3)), (second, date(2025, 3, 9)), (first, date(2025, 3, 3))):
        k = text.index("refused")
        got = date_for_span(extract(text, THURSDAY, "en"), text, k, k + 7, 31, len(text), THURSDAY)
        assert got.date == expected
