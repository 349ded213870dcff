"""Failure classes found on TimeBank/AQUAINT and in news text, each pinned by realistic sentences."""

from __future__ import annotations

import pytest

from timeline.temporal import extract


def found(text: str, lang: str, reference: str) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in extract(text, reference, lang)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Grok produced 2000 images of the minister in one hour."),
        ("en", "About 1500 people protested outside the company's office."),
        ("nl", "Grok maakte 2000 afbeeldingen van de minister."),
        ("fr", "Grok a généré 2000 images en une heure."),
    ],
)
def test_a_count_before_a_plural_noun_is_not_a_year(lang, text):
    assert not [t for t in extract(text, "2026-01-10", lang) if t.value == "2000" or t.value == "1500"]


@pytest.mark.parametrize(
    ("lang", "text", "year"),
    [
        ("en", "In 2000 the company was founded.", "2000"),
        ("en", "The 1992 protests shut down two clinics.", "1992"),
        ("en", "1995 was the year the law changed.", "1995"),
        ("nl", "Sinds 2023 loopt het onderzoek.", "2023"),
        ("fr", "En 2025, la plateforme avait été mise en garde.", "2025"),
    ],
)
def test_years_in_year_context_stay_years(lang, text, year):
    assert year in [t.value for t in extract(text, "2026-01-10", lang)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("fr", "Une adolescente de 14 ans a porté plainte contre X."),
        ("fr", "Un homme de 45 ans a été interpellé."),
        ("nl", "Een meisje van 15 jaar deed aangifte."),
        ("nl", "Een 14-jarige scholiere deed aangifte."),
        ("en", "A 14-year-old girl reported the images."),
    ],
)
def test_ages_are_neither_dates_nor_durations(lang, text):
    assert extract(text, "2026-01-10", lang) == []


def test_a_french_sentence_length_after_a_noun_stays_a_duration():
    assert found("Il purge une peine de cinq ans.", "fr", "2026-01-10") == [("cinq ans", "DURATION", "P5Y")]


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        # "planned" / "would" point ahead even when a reporting verb came first
        ("en", "The team planned to leave Nairobi on Thursday.", "2026-01-15"),
        ("en", "Castro said the father would be traveling to the United States Thursday.", "2026-01-15"),
        ("en", "The prosecutor has scheduled a news conference Thursday.", "2026-01-15"),
        # a past auxiliary wins over "until"
        ("en", "Until Thursday, the police had not called him a suspect.", "2026-01-08"),
        # Dutch and German present tense next to the weekday speaks of the future
        ("nl", "De Europese Commissie neemt vrijdag een besluit.", "2026-01-16"),
        ("de", "Die Kommission trifft Freitag eine Entscheidung.", "2026-01-16"),
        ("nl", "Vrijdag sprak de minister met de Commissie.", "2026-01-09"),
    ],
)
def test_weekday_direction_follows_the_tense(lang, text, value):
    assert [t.value for t in extract(text, "2026-01-14", lang)] == [value]  # a Wednesday


def test_a_capitalised_name_ending_in_ed_is_not_a_past_tense_cue():
    text = "Officials said the delegation would fly to the United States Thursday."
    assert [t.value for t in extract(text, "2026-01-14", "en")] == ["2026-01-15"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("But in June last year, the leadership fell out.", ("June last year", "DATE", "1997-06")),
        ("Sales rose from $2.27 billion in the year-earlier quarter.", ("the year-earlier quarter", "DATE", "1996-Q4")),
        ("Kirschner earned $376,000 in the 1996 period.", ("the 1996 period", "DATE", "1996-Q4")),
        ("The third-quarter loss was larger than expected.", ("third-quarter", "DATE", "1997-Q3")),
        ("Hate groups declined through the nineties.", ("the nineties", "DATE", "199")),
        ("The company pays its dividend quarterly.", ("quarterly", "SET", "P3M")),
        ("The hearing will be held the week of March 6.", ("the week of March 6", "DATE", "1998-W10")),
        ("He will stay for two more weeks.", ("two more weeks", "DURATION", "P2W")),
        ("The navy may use the base for an additional year.", ("an additional year", "DURATION", "P1Y")),
        ("Then, a week or so ago, the general picked a date.", ("a week or so ago", "DATE", "1998-W06")),
    ],
)
def test_english_news_expressions(text, expected):
    assert expected in found(text, "en", "1998-02-13")


def test_the_day_before_closing_a_clause_is_anchored_to_the_story():
    text = "The regulator met on January 12. The day before, X had limited the feature."
    assert ("The day before", "DATE", "2026-01-11") in found(text, "en", "2026-01-20")


def test_the_day_before_an_event_is_left_alone():
    assert found("He voted the day before the election.", "en", "2026-01-20") == []


def test_recent_as_an_adjective_is_not_annotated_but_recently_is():
    assert found("The recent collapse hurt the bank.", "en", "2026-01-10") == []
    assert found("The bank recently collapsed.", "en", "2026-01-10") == [("recently", "DATE", "PAST_REF")]


def test_an_age_in_decades_is_not_a_decade():
    assert found("The minister, in her sixties, resigned.", "en", "2026-01-10") == []


def test_the_quarter_is_the_last_quarter_named_or_the_last_completed_one():
    assert ("the quarter", "DATE", "1989-Q3") in found("Unisys cut inventories during the quarter.", "en", "1989-10-30")
    text = "Sun reported its fourth quarter of 1988. Shipments fell in the quarter."
    assert ("the quarter", "DATE", "1988-Q4") in found(text, "en", "1989-10-30")


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("fr", "Dans la nuit de mercredi à jeudi, la fonction a été désactivée.",
         ("la nuit de mercredi à jeudi", "TIME", "2026-01-14TNI")),
        ("nl", "In de nacht van woensdag op donderdag werd de functie uitgeschakeld.",
         ("de nacht van woensdag op donderdag", "TIME", "2026-01-14TNI")),
        ("fr", "Le 3 janvier au matin, la pression s'est accentuée.", ("3 janvier au matin", "TIME", "2026-01-03TMO")),
        ("en", "Dealers placed heavy buy orders in the morning.", ("the morning", "TIME", "2026-01-16TMO")),
        ("fr", "Grok a généré des images par heure.", ("par heure", "SET", "PT1H")),
        ("nl", "De toezichthouder publiceert per kwartaal cijfers.", ("per kwartaal", "SET", "P3M")),
        ("fr", "La sortie des résultats est trimestrielle.", ("trimestrielle", "SET", "P3M")),
        ("fr", "La réunion se tiendra la semaine du 6 mars.", ("la semaine du 6 mars", "DATE", "2026-W10")),
        ("nl", "Het onderzoek kan maanden duren.", ("maanden", "DURATION", "PXM")),
    ],
)
def test_multilingual_parts_of_day_sets_and_weeks(lang, text, expected):
    assert expected in found(text, lang, "2026-01-16")


def test_bare_minutes_in_an_idiom_are_not_a_duration():
    assert found("The bombs went off just minutes apart.", "en", "2026-01-10") == []
