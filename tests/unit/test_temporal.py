"""Behaviour of timeline.temporal.extract on realistic news sentences in en/nl/fr/de."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.nlp.dates.values import is_valid_value
from timeline.temporal import extract
from timeline.types import Timex

DCT = "2026-01-10"  # a Saturday


def found(text: str, lang: str, reference: str | None = DCT) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in extract(text, reference, lang)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Grok acknowledged the lapses on 2 January 2026.", [("2 January 2026", "DATE", "2026-01-02")]),
        ("en", "The ban took effect on January 9.", [("January 9", "DATE", "2026-01-09")]),
        ("nl", "Op 2 januari erkende Grok de fout.", [("2 januari", "DATE", "2026-01-02")]),
        ("fr", "Le 2 janvier, Grok a reconnu ses failles.", [("2 janvier", "DATE", "2026-01-02")]),
        ("de", "Am 2. Januar räumte Grok Fehler ein.", [("2. Januar", "DATE", "2026-01-02")]),
        ("fr", "Le 1er janvier 2026, la loi est entrée en vigueur.", [("1er janvier 2026", "DATE", "2026-01-01")]),
    ],
)
def test_absolute_dates(lang, text, expected):
    assert found(text, lang) == expected


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("nl", "Het bericht verscheen op 02/01/2026.", "2026-01-02"),
     ("fr", "Publié le 02/01/2026.", "2026-01-02"),
     ("en", "Posted 01/02/2026 by the newsroom.", "2026-01-02"),
     ("en", "Filed on 2026-01-02.", "2026-01-02")],
)
def test_numeric_dates_follow_the_locale_order(lang, text, value):
    assert [t.value for t in extract(text, DCT, lang)] == [value]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "L'audience aura lieu le 20 janvier à 14h30.", ("20 janvier à 14h30", "TIME", "2026-01-20T14:30")),
        ("en", "The inquiry began at 3 p.m. GMT on Friday.", ("3 p.m. GMT on Friday", "TIME", "2026-01-09T15:00")),
        ("nl", "De zitting begint op 20 januari om 14.30 uur.",
         ("20 januari om 14.30 uur", "TIME", "2026-01-20T14:30")),
        ("de", "Die Anhörung beginnt am 20. Januar um 14:30 Uhr.",
         ("20. Januar um 14:30 Uhr", "TIME", "2026-01-20T14:30")),
    ],
)
def test_times_with_days_and_zones(lang, text, expected):
    assert expected in found(text, lang)


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("en", "Yesterday, the minister spoke.", "2026-01-09"),
        ("nl", "Gisteren sprak de minister.", "2026-01-09"),
        ("fr", "Hier, la ministre s'est exprimée.", "2026-01-09"),
        ("de", "Gestern sprach die Ministerin.", "2026-01-09"),
        ("en", "Last week, regulators demanded answers.", "2026-W01"),
        ("nl", "Vorige week eisten toezichthouders antwoorden.", "2026-W01"),
        ("fr", "La semaine dernière, les régulateurs ont exigé des réponses.", "2026-W01"),
        ("en", "Earlier this month, the company promised a fix.", "2026-01"),
        ("en", "The Commission will meet X next Tuesday.", "2026-01-13"),
        ("fr", "La commission se réunira mardi prochain.", "2026-01-13"),
    ],
)
def test_relative_to_the_publication_date(lang, text, value):
    timexes = extract(text, DCT, lang)
    assert [t.value for t in timexes] == [value]
    assert timexes[0].anchor_source == "dct" and timexes[0].anchor == DCT


@pytest.mark.parametrize(
    ("text", "value"),
    [("The minister said on Friday that X had acted.", "2026-01-09"),  # past tense: the Friday before
     ("The minister will meet X on Friday.", "2026-01-16")],  # future tense: the coming Friday
)
def test_weekday_direction_follows_the_tense(text, value):
    assert [t.value for t in extract(text, DCT, "en")] == [value]


@pytest.mark.parametrize(
    ("lang", "text", "later"),
    [
        ("en", "On 2 January, Grok apologised. Five days later, Ofcom opened an inquiry.", "Five days later"),
        ("nl", "Op 2 januari bood Grok excuses aan. Vijf dagen later opende Ofcom een onderzoek.", "Vijf dagen later"),
        ("fr", "Le 2 janvier, Grok s'est excusé. Cinq jours plus tard, Ofcom a ouvert une enquête.",
         "Cinq jours plus tard"),
        ("de", "Am 2. Januar entschuldigte sich Grok. Fünf Tage später leitete Ofcom ein Verfahren ein.",
         "Fünf Tage später"),
    ],
)
def test_narrative_expressions_anchor_on_the_last_date_not_the_publication_date(lang, text, later):
    timexes = {t.text: t for t in extract(text, DCT, lang)}
    assert timexes[later].value == "2026-01-07"
    assert timexes[later].anchor == "2026-01-02" and timexes[later].anchor_source == "narrative"


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [("en", "On 5 January the images spread. The next day, the company apologised.", "2026-01-06"),
     ("nl", "Op 5 januari verspreidden de beelden zich. De volgende dag bood het bedrijf excuses aan.",
      "2026-01-06"),
     ("fr", "Le 5 janvier, les images ont circulé. Le lendemain, l'entreprise s'est excusée.", "2026-01-06"),
     ("fr", "Le 5 janvier, les images ont circulé. Cette semaine-là, les plaintes ont afflué.", "2026-W02"),
     ("en", "On 5 January the images spread. That week, complaints poured in.", "2026-W02")],
)
def test_next_day_and_that_week(lang, text, value):
    assert extract(text, DCT, lang)[-1].value == value


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Arcom monitored the platform for twelve hours.", ("twelve hours", "DURATION", "PT12H", None)),
        ("nl", "De toezichthouder vergaderde ongeveer 12 uur.", ("ongeveer 12 uur", "DURATION", "PT12H", "APPROX")),
        ("fr", "La réunion a duré une heure et demie.", ("une heure et demie", "DURATION", "PT1H30M", None)),
        ("en", "The agency reviews posts every day.", ("every day", "SET", "P1D", None)),
        ("nl", "Het bedrijf publiceert wekelijks cijfers.", ("wekelijks", "SET", "P1W", None)),
        ("fr", "Chaque jour, des signalements arrivent.", ("Chaque jour", "SET", "P1D", None)),
        ("en", "Now the company says it will act.", ("Now", "DATE", "PRESENT_REF", None)),
        ("en", "Indonesia recently blocked the service.", ("recently", "DATE", "PAST_REF", None)),
        ("en", "In the future, audits will be required.", ("the future", "DATE", "FUTURE_REF", None)),
    ],
)
def test_durations_sets_and_vague_references(lang, text, expected):
    assert expected in [(t.text, t.type, t.value, t.mod) for t in extract(text, DCT, lang)]


def test_a_range_gives_two_dates_as_in_timeml():
    assert found("From 2 to 9 January, the feature was open to all.", "en") == [
        ("2", "DATE", "2026-01-02"), ("9 January", "DATE", "2026-01-09")]
    assert [t.value for t in extract("Du 2 au 9 janvier, la fonction était ouverte.", DCT, "fr")] == [
        "2026-01-02", "2026-01-09"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("in the third quarter of 2025", "2025-Q3"), ("in the 1990s", "199"), ("this summer", "2026-SU"),
     ("in the first half of 2026", "2026-H1"), ("two years ago", "2024"), ("last fall", "2025-FA")],
)
def test_quarters_decades_seasons_and_halves(text, value):
    assert [t.value for t in extract(f"It happened {text}.", DCT, "en")] == [value]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "The 14-year-old paid $27 for Grok 4 and made 250 images under Article 34."),
        ("en", "Shares rose 40% to $2,026 after the 2.5 million views. Call 0800 123 4567."),
        ("nl", "Een 14-jarig meisje betaalde 27 euro voor Grok 4. Bel 020-1234567."),
        ("fr", "Une adolescente âgée de 14 ans a payé 27 euros pour Grok 4, selon l'article 34."),
        ("en", "Theresa May said the march would go ahead. Prices may fall."),
    ],
)
def test_numbers_that_are_not_dates(lang, text):
    assert extract(text, DCT, lang) == []


def test_offsets_index_the_text_and_records_are_timex():
    text = "Op 2 januari erkende Grok de fout; vijf dagen later volgde een onderzoek."
    timexes = extract(text, date(2026, 1, 10), "nl")
    assert timexes and all(isinstance(t, Timex) for t in timexes)
    assert all(text[t.start:t.end] == t.text and is_valid_value(t.value) for t in timexes)


def test_without_a_reference_date_deictic_values_stay_unknown():
    assert found("Yesterday and on Friday, in January.", "en", None) == [
        ("Yesterday", "DATE", "XXXX-XX-XX"), ("Friday", "DATE", "XXXX-WXX-5"), ("January", "DATE", "XXXX-01")]


@pytest.mark.parametrize("lang", ["es", "it", "pt", "xx", "", "EN-gb"])
def test_other_languages_fall_back_without_crashing(lang):
    timexes = extract("2026-01-02: 3 enero / gennaio. 14:30.", DCT, lang)
    assert all(is_valid_value(t.value) for t in timexes)
    assert "2026-01-02" in [t.value for t in timexes]


def test_dateparser_month_names_serve_languages_without_a_lexicon_file():
    assert [t.value for t in extract("El 2 de enero de 2026 Grok reconoció fallos.", DCT, "es")] == ["2026-01-02"]


def test_a_bad_reference_date_is_a_clear_error():
    with pytest.raises(ValueError, match="reference_date"):
        extract("Yesterday.", "10/01/2026", "en")
    with pytest.raises(TypeError):
        extract(None, DCT, "en")  # type: ignore[arg-type]
