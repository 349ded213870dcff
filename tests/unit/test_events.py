"""Event mentions: typing per language, roles, modality, dates, provenance, the case extension."""

from __future__ import annotations

from datetime import date

import pytest

from timeline.dataset.schema import EVENT_TYPES, MODALITIES
from timeline.errors import ConfigError
from timeline.nlp.event_dates import EventDate, date_event, parse_value
from timeline.nlp.event_lexicon import case_extension
from timeline.nlp.events import mention_id
from timeline.nlp.ontology import EVENT_TYPES as ONTOLOGY
from timeline.nlp.ontology import PRIORITY, plover_for
from timeline.nlp.pipeline import analyze_text
from timeline.types import ActorEntry, Timex

PUB = date(2026, 1, 12)  # a Monday
OFCOM = ActorEntry("ofcom", "Ofcom", "regulator", "GB", aliases={"any": ("Ofcom",)})
X = ActorEntry("x", "X", "platform", "US", aliases={"any": ("X",)})
GROK = ActorEntry("grok", "Grok", "ai_system", "US", aliases={"any": ("Grok",)})
CASE = (OFCOM, X, GROK)


def events(text: str, lang: str = "en", actors=CASE, published=PUB):
    return analyze_text(text, lang=lang, published=published, actors=actors).event_mentions


def one(text: str, lang: str = "en", actors=CASE):
    found = events(text, lang, actors)
    assert len(found) == 1, [(e.event_type, e.trigger) for e in found]
    return found[0]


def test_ontology_matches_the_schema_and_maps_to_plover():
    assert set(ONTOLOGY) == set(EVENT_TYPES) == set(PRIORITY)
    assert plover_for("investigation") == "ACCUSE"
    assert plover_for("block_ban", "threatened") == "THREATEN"
    assert plover_for("statement") is None


@pytest.mark.parametrize(("lang", "text", "event_type"), [
    ("en", "Ofcom opened a formal investigation into X on Monday.", "investigation"),
    ("en", "X restricted image generation to paying subscribers.", "restriction"),
    ("en", "Grok acknowledged lapses in its safeguards.", "acknowledgement"),
    ("en", "Indonesia blocked access to Grok.", "block_ban"),
    ("en", "The regulator fined X 10 million pounds.", "fine_sanction"),
    ("nl", "De toezichthouder is een onderzoek gestart naar X.", "investigation"),
    ("nl", "X heeft het maken van afbeeldingen beperkt tot betalende abonnees.", "restriction"),
    ("nl", "Indonesië heeft Grok geblokkeerd.", "block_ban"),
    ("nl", "De ministers hebben aangifte gedaan tegen X.", "legal_complaint"),
    ("fr", "L'Arcom a ouvert une enquête sur X.", "investigation"),
    ("fr", "Les ministres ont porté plainte contre X.", "legal_complaint"),
    ("fr", "X a restreint la génération d'images aux abonnés payants.", "restriction"),
    ("de", "Die Behörde leitete ein Verfahren gegen X ein und ermittelt.", "investigation"),
    ("de", "X hat die Funktion für zahlende Abonnenten eingeschränkt.", "restriction"),
])
def test_triggers_type_events_in_every_language_without_lemmas(lang, text, event_type):
    assert event_type in {e.event_type for e in events(text, lang)}


def test_strong_criticism_in_reported_speech_beats_the_act_it_criticises():
    e = one("A spokesperson for the prime minister said restricting the tool was insulting to victims.")
    assert e.event_type == "criticism"


@pytest.mark.parametrize(("lang", "text", "modality"), [
    ("en", "X could face a ban in the UK.", "threatened"),
    ("en", "The government is considering blocking X.", "planned"),
    ("en", "X denied that it had removed the images.", "denied"),
    ("en", "Lawmakers called for a ban on the app.", "demanded"),
    ("en", "If X fails to act, regulators might fine the company.", "hypothetical"),
    ("nl", "De regering dreigt met een verbod op X.", "threatened"),
    ("nl", "Het kabinet overweegt een verbod op de app.", "planned"),
    ("fr", "La plateforme pourrait être suspendue.", "hypothetical"),
    ("fr", "Le gouvernement menace de bloquer X.", "threatened"),
    ("fr", "Le parquet n'a pas ouvert d'enquête.", "denied"),
    ("de", "Die Regierung droht mit einem Verbot von X.", "threatened"),
    ("en", "Ofcom opened an investigation into X.", "asserted"),
])
def test_modality_and_negation(lang, text, modality):
    found = events(text, lang)
    assert found and found[0].modality == modality, [(e.event_type, e.modality) for e in found]
    assert modality in MODALITIES


@pytest.mark.parametrize(("text", "source", "target"), [
    ("Ofcom opened an investigation into X.", "Ofcom", "X"),
    ("Ofcom said on Monday it had opened an investigation into X.", "Ofcom", "X"),
    ("Grok was restricted by X on Friday.", "X", "Grok"),
    ('"We are investigating the images," Ofcom said.', "Ofcom", None),
    ("After users complained, Ofcom opened an investigation.", "Ofcom", None),
    ("Elon Musk's X restricted Grok to paying users.", "X", "Grok"),
])
def test_source_and_target_from_clause_order(text, source, target):
    actors = (*CASE, ActorEntry("elon-musk", "Elon Musk", "person", aliases={"any": ("Elon Musk",)}))
    e = next(e for e in events(text, actors=actors) if e.event_type != "statement")
    assert e.actors[:1] == (source,)
    assert (e.targets[:1] or (None,))[0] == target


def test_french_subject_first_even_when_the_object_precedes_the_trigger():
    e = one("Le parquet de Paris a élargi vendredi à Grok l'enquête qu'il mène sur X.", "fr")
    assert e.actors == ("Paris prosecutor's office",)


def test_relative_clause_takes_its_antecedent_as_source():
    found = events("Ce sont les députés Eric Bothorel et Arthur Delaporte qui ont saisi la justice.", "fr", ())
    complaint = next(e for e in found if e.event_type == "legal_complaint")
    assert set(complaint.actors) == {"Eric Bothorel", "Arthur Delaporte"}


def test_event_takes_its_own_clause_date_not_the_publication_day():
    e = one("Indonesia blocked Grok on Saturday.")
    assert (e.date, e.date_source, e.date_precision) == (date(2026, 1, 10), "relative", "day")
    e = one("Ofcom opened an investigation into X on 2 January 2026.")
    assert (e.date, e.date_source) == (date(2026, 1, 2), "explicit")
    e = one("Ofcom opened an investigation into X.")
    assert (e.date, e.date_source) == (PUB, "published")


def test_a_reported_fact_is_not_dated_after_its_report():
    timex = Timex(30, 45, "on 20 January", "DATE", "2026-01-20")
    got = date_event("x" * 60, (0, 60), (0, 60), (10, 20), [timex], PUB, "asserted")
    assert got.date == PUB and got.source == "published"
    planned = date_event("x" * 60, (0, 60), (0, 60), (10, 20), [timex], PUB, "planned")
    assert planned.date == date(2026, 1, 20)


def test_a_month_that_contains_the_publication_day_does_not_replace_it():
    timex = Timex(30, 40, "in January", "DATE", "2026-01")
    assert date_event("x" * 60, (0, 60), (0, 60), (10, 20), [timex], PUB).date == PUB
    older = Timex(30, 40, "in July", "DATE", "2025-07")
    assert date_event("x" * 60, (0, 60), (0, 60), (10, 20), [older], PUB) == EventDate(
        date(2025, 7, 1), "month", "explicit", "in July")


def test_timex_values_parse_to_day_month_or_year():
    assert parse_value("2026-01-09") == (date(2026, 1, 9), "day")
    assert parse_value("2025-12") == (date(2025, 12, 1), "month")
    assert parse_value("2026-W02") is None and parse_value("P5D") is None


def test_mentions_carry_provenance_and_stable_ids():
    text = "Background first. Ofcom opened an investigation into X on Monday. Nothing else."
    a = analyze_text(text, lang="en", published=PUB, actors=CASE, article_id="art-1")
    e = a.event_mentions[0]
    assert text[e.char_start:e.char_end] == e.sentence == "Ofcom opened an investigation into X on Monday."
    assert e.sentence_index == 1 and e.article_id == "art-1"
    assert e.mention_id == mention_id("art-1", e.char_start, e.char_end, "investigation")
    again = analyze_text(text, lang="en", published=PUB, actors=CASE, article_id="art-1").event_mentions[0]
    assert again.mention_id == e.mention_id


def test_one_event_per_type_and_sentence_and_statements_only_without_acts():
    found = events("Ofcom opened an investigation and a probe into X on Monday, it said.")
    assert [e.event_type for e in found].count("investigation") == 1
    assert "statement" not in {e.event_type for e in found}
    assert [e.event_type for e in events("Ofcom said it was aware of the images.")] == ["statement"]


EC = ActorEntry("european-commission", "European Commission", "intergovernmental_body", "EU",
                aliases={"any": ("European Commission", "the Commission")})


@pytest.mark.parametrize(("lang", "text", "event_type"), [
    ("en", "X will appeal the fine before the General Court.", "legal_complaint"),
    ("fr", "X fait appel de l'amende de 120 millions d'euros que lui a infligée la Commission.", "legal_complaint"),
    ("nl", "X gaat in beroep tegen de boete van 120 miljoen euro.", "legal_complaint"),
    ("en", "X has blocked the European Commission's ad account, following the €120 million penalty.", "block_ban"),
    ("fr", "X dénonce une enquête « incomplète et superficielle » de la Commission.", "criticism"),
    ("en", "Ofcom said its investigation would be quick.", "statement"),
])
def test_an_act_only_named_does_not_outrank_the_sentences_own_act(lang, text, event_type):
    assert [e.event_type for e in events(text, lang, (*CASE, EC))] == [event_type]


@pytest.mark.parametrize("text", [
    "The European Commission fined X €120 million on Friday.",
    "The European Commission imposed the fine on X on Friday.",
    "De Europese Commissie heeft X een boete van 120 miljoen euro opgelegd.",
])
def test_an_act_imposed_or_introduced_indefinitely_is_an_event(text):
    lang = "nl" if text.startswith("De ") else "en"
    ec = ActorEntry("european-commission", "European Commission", "intergovernmental_body", "EU",
                    aliases={"any": ("European Commission",), "nl": ("Europese Commissie",)})
    assert "fine_sanction" in {e.event_type for e in events(text, lang, (*CASE, ec))}


def test_an_act_named_alone_is_a_less_confident_echo():
    echo = one("The fine against X was the first under the Digital Services Act.")
    fresh = one("Brussels fined X on Friday, the first penalty under the Digital Services Act.")
    assert echo.event_type == fresh.event_type == "fine_sanction"
    assert echo.confidence < fresh.confidence


def test_speech_verbs_and_triggers_inside_actor_names_are_ignored():
    us = ActorEntry("us", "United States", "country", "US", aliases={"any": ("United States",)})
    found = events("The United States has imposed visa bans on five Europeans.", actors=(us,))
    assert [(e.event_type, e.actors) for e in found] == [("fine_sanction", ("United States",))]
    assert events("Officials in the United States are watching.", actors=(us,)) == []


def test_a_platform_blocking_an_outside_organisation_is_a_block_not_a_policy():
    assert one("X blocked the European Commission's advertising account.", actors=(*CASE, EC)).event_type == \
        "block_ban"
    assert one("X blocked Grok from generating images of real people.").event_type == "policy_change"


def test_a_day_guessed_inside_last_week_is_less_confident_than_a_named_day():
    guessed = one("Ofcom opened an investigation into X last week.")
    named = one("Ofcom opened an investigation into X on 5 January.")
    assert guessed.date is not None and named.date == date(2026, 1, 5)
    assert guessed.confidence < named.confidence


def test_case_extension_adds_triggers(tmp_path):
    path = tmp_path / "events.yml"
    path.write_text("triggers:\n  restriction:\n    any: [paywalled]\n", encoding="utf-8")
    ext = case_extension(path)
    a = analyze_text("X paywalled the feature.", lang="en", published=PUB, actors=CASE)
    assert "restriction" in {e.event_type for e in a.event_mentions}  # "paywall*" is in the base lexicon
    from timeline.nlp.pipeline import analyze_articles
    from timeline.types import Article

    art = Article("a", "X geofenced the feature for minors.", language="en", published_date=PUB)
    assert not next(iter(analyze_articles([art], actors=CASE))).event_mentions
    path.write_text("triggers:\n  restriction:\n    any: [geofenced]\n", encoding="utf-8")
    got = next(iter(analyze_articles([art], actors=CASE, extension=path))).event_mentions
    assert [e.event_type for e in got] == ["restriction"]
    assert ext["triggers"]["restriction"]["any"] == ["paywalled"]


def test_case_extension_rejects_unknown_event_types(tmp_path):
    path = tmp_path / "events.yml"
    path.write_text("triggers:\n  invasion: [invaded]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="invasion"):
        case_extension(path)
