"""Actor mentions: dictionary matching, the model-free detector, canonicalisation, the actor table."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from timeline.dataset import schema
from timeline.nlp.actor_table import aggregate_actors, min_articles_for
from timeline.nlp.actors import ActorFinder, merge_entries
from timeline.nlp.sentences import trimmed_spans
from timeline.nlp.spans import Sentences
from timeline.types import ActorEntry

MUSK = ActorEntry("elon-musk", "Elon Musk", "person", "US", aliases={"any": ("Elon Musk", "Musk")},
                  roles={"en": ("the billionaire",), "nl": ("de miljardair",)})
COMMISSION = ActorEntry("european-commission", "European Commission", "intergovernmental_body", "EU",
                        aliases={"en": ("European Commission",), "nl": ("Europese Commissie",),
                                 "fr": ("Commission européenne",)},
                        roles={"nl": ("Brussel",), "fr": ("Bruxelles",)})
ARCOM = ActorEntry("arcom", "Arcom", "regulator", "FR", aliases={"any": ("Arcom",)})
GROK = ActorEntry("grok", "Grok", "ai_system", "US", aliases={"any": ("Grok",)})
X = ActorEntry("x", "X", "platform", "US", aliases={"any": ("X", "Twitter")})
CASE = (MUSK, COMMISSION, ARCOM, GROK, X)


def _sentences(text: str) -> Sentences:
    import re

    starts = [0] + [m.end() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"«])", text)]
    return Sentences(trimmed_spans(text, starts))


def find(text: str, lang: str = "en", entries=CASE, background: bool = False):
    return ActorFinder(lang, entries, background=background).find(text, _sentences(text))


def names(found) -> set[str]:
    return {f.name for f in found}


@pytest.mark.parametrize(("lang", "text", "surface"), [
    ("nl", "Musks bedrijf xAI reageerde niet op vragen.", "Musks"),
    ("en", "Musk's company said nothing.", "Musk"),  # the possessive ending is not part of the mention
    ("en", "Musk’s company said nothing.", "Musk"),
    ("nl", "Volgens de Europese Commissie is dat onaanvaardbaar.", "Europese Commissie"),
    ("fr", "La Commission européenne a ouvert une enquête.", "Commission européenne"),
    ("fr", "Les ministres ont saisi l'Arcom vendredi.", "Arcom"),
    ("nl", "De Grok-chatbot maakte de beelden.", "Grok"),
])
def test_dictionary_aliases_match_inflected_and_compound_forms(lang, text, surface):
    found = find(text, lang)
    assert any(f.text == surface and f.source == "dictionary" for f in found), found


def test_single_letter_alias_is_case_sensitive_and_bounded():
    found = find("X said it had acted. Generation x and X-rays are not it; SpaceX neither.")
    xs = [f for f in found if f.name == "X"]
    assert [f.text for f in xs] == ["X", "X"]  # "X said", "X-rays" (compound head), never "x" or "SpaceX"


def test_lower_case_common_word_is_not_a_single_word_alias():
    found = find("The refuge was closed.", entries=(ActorEntry("refuge", "Refuge", "ngo", "GB",
                                                             aliases={"any": ("Refuge",)}),))
    assert not found


def test_role_phrase_resolves_only_to_an_actor_named_in_the_text():
    text = "Elon Musk posted a joke. Later the billionaire deleted it."
    found = find(text)
    assert [f.source for f in found if f.text == "the billionaire"] == ["coref"]
    alone = find("The billionaire said nothing.", entries=(MUSK, ActorEntry(
        "other", "Other Person", "person", aliases={"any": ("Other Person",)}, roles={"en": ("the billionaire",)})))
    assert not [f for f in alone if f.text.lower() == "the billionaire"]


def test_metonymy_only_where_the_case_says_so():
    nl = find("De Europese Commissie reageerde. Brussel wil dat X documenten bewaart.", "nl")
    assert "European Commission" in {f.name for f in nl if f.text == "Brussel"}
    en = find("The European Commission reacted. Brussels is a city in Belgium.", "en")
    assert not [f for f in en if f.text == "Brussels"]


@pytest.mark.parametrize(("lang", "text", "name", "kind", "country"), [
    ("fr", "Selon la ministre Clara Chappaz, ces images sont illégales.", "Clara Chappaz", "person", None),
    ("en", "Britain's media regulator Ofcom opened an investigation.", "Ofcom", "regulator", "GB"),
    ("en", "A Downing Street spokesperson said all options were open.", "Downing Street", "government", None),
    ("nl", "De Franse minister Clara Chappaz deed aangifte.", "Clara Chappaz", "person", "FR"),
    ("fr", "Le parquet de Paris a ouvert une enquête.", "Paris prosecutor's office", "prosecutor_court", None),
    ("en", "French ministers referred the content to prosecutors.", "French government", "government", "FR"),
    ("de", "Die französische Regierung hat reagiert.", "French government", "government", "FR"),
    ("en", "The Internet Watch Foundation found hundreds of images.", "Internet Watch Foundation", "ngo", None),
    ("en", "Prime Minister Keir Starmer called it disgraceful.", "Keir Starmer", "person", None),
    ("en", "The toolmaker Helio Labs Inc said it was sorry.", "Helio Labs Inc", "company", None),
    ("fr", "La procureure de Paris Laure Beccuau a confirmé.", "Paris prosecutor's office", "prosecutor_court", None),
    ("en", "Ofcom chief executive Melanie Dawes said the firm had acted.", "Melanie Dawes", "person", None),
])
def test_rules_find_and_type_unknown_actors(lang, text, name, kind, country):
    found = find(text, lang, entries=())
    match = [f for f in found if f.name == name]
    assert match, [(f.text, f.name) for f in found]
    assert match[0].kind == kind
    if country:
        assert match[0].country == country


@pytest.mark.parametrize(("lang", "text", "not_expected"), [
    ("en", "However, critics said it was late. Meanwhile nothing changed on Monday in January.",
     {"However", "Meanwhile", "Monday", "January"}),
    ("en", "French officials said nothing. In France the outrage grew.", {"France", "French"}),
    ("en", "Restrictions followed quickly. The restrictions were lifted.", {"Restrictions"}),
    ("de", "Die Bilder wurden von Nutzern erstellt. Darstellungen von Kindern sind verboten.",
     {"Bilder", "Nutzern", "Darstellungen von Kindern"}),
    ("en", "Under the Online Safety Act, firms must act.", {"Online Safety Act"}),
    ("fr", "La ministre déléguée au Numérique a réagi.", {"Numérique"}),
])
def test_rules_skip_sentence_openers_dates_places_and_laws(lang, text, not_expected):
    assert not names(find(text, lang, entries=())) & not_expected


def test_surname_and_genitive_resolve_to_the_full_name_within_a_text():
    found = find("Minister Foort van Oosten spoke. Van Oostens plan is new. Van Oosten said more.", "nl", ())
    people = [f for f in found if "Oosten" in f.text]
    assert len(people) == 3 and {f.name for f in people} == {"Foort van Oosten"}


def test_definite_description_refers_back_to_the_nearest_actor_of_its_kind():
    text = "Regulators wrote to Streamly Inc on Monday. On Wednesday the company restricted livestreams."
    found = find(text, entries=())
    company = [f for f in found if f.text == "company"]
    assert company and company[0].name == "Streamly Inc" and company[0].source == "coref"


def test_news_agency_credit_is_not_an_actor():
    text = "LONDON (Reuters) - Ofcom opened an investigation. Reuters reported first that children were targeted."
    found = find(text, entries=(), background=True)
    reuters = [f for f in found if f.name == "Reuters"]
    assert len(reuters) == 1 and reuters[0].start > 40


def test_background_dictionary_canonicalises_across_languages():
    for lang, text in (("nl", "De Europese Commissie reageerde."), ("fr", "La Commission européenne a réagi."),
                       ("de", "Die EU-Kommission reagierte.")):
        assert "European Commission" in names(find(text, lang, entries=(), background=True))


def test_case_entries_override_background_entries():
    merged = merge_entries((ActorEntry("x", "X Corp", "company", "US", aliases={"any": ("X",)}),),
                           (X, ActorEntry("twitter-old", "Twitter", "platform", aliases={"any": ("Twitter",)})))
    assert [e.name for e in merged if e.actor_id == "x"] == ["X Corp"]


def _mentions(rows):
    return pd.DataFrame([{"article_id": a, "sentence_index": 0, "char_start": 0, "char_end": 1, "text": t,
                          "actor_id": i, "name": n, "kind": k, "country": None, "match_source": s}
                         for a, t, i, n, k, s in rows])


def test_actor_table_is_schema_valid_and_keeps_precision():
    rows = [(f"a{i}", "Ofcom", "ofcom", "Ofcom", "regulator", "rule") for i in range(3)]
    rows += [("a1", "Elon Musk", "elon-musk", "Elon Musk", "person", "dictionary")]
    rows += [("a1", "Grokipedia", "grokipedia", "Grokipedia", "other", "rule")]  # one weak name, one article
    rows += [("a2", "Chappaz", "chappaz", "Chappaz", "other", "rule"),
             ("a1", "Clara Chappaz", "clara-chappaz", "Clara Chappaz", "person", "rule")]
    articles = pd.DataFrame({"article_id": ["a0", "a1", "a2"],
                             "published_date": [date(2026, 1, 2), date(2026, 1, 3), date(2026, 1, 4)]})
    table = schema.validate("actors", aggregate_actors(_mentions(rows), articles, CASE))
    assert list(table["name"])[:1] == ["Ofcom"]
    assert "Grokipedia" not in set(table["name"])
    chappaz = table[table["name"] == "Clara Chappaz"].iloc[0]
    assert chappaz["n_articles"] == 2 and "Chappaz" in chappaz["aliases"]
    assert bool(table.loc[table["name"] == "Elon Musk", "is_curated"].iloc[0]) is True
    assert table.loc[table["name"] == "Ofcom", "first_mention_date"].iloc[0] == date(2026, 1, 2)


def test_large_corpora_ask_more_articles_of_rule_found_actors():
    assert min_articles_for(50, "person") == 1
    assert min_articles_for(50, "other") == 2
    assert min_articles_for(1000, "person") == 10
    assert min_articles_for(1000, "other") == 11


def test_empty_mentions_give_an_empty_valid_table():
    table = aggregate_actors(schema.empty("actor_mentions"), None, CASE)
    assert schema.validate("actors", table).empty


@pytest.mark.parametrize("text", ["The South  Korean government said on Monday it would fine the platform.",
                                  "The South\nKorean government said on Monday it would fine the platform."])
def test_demonym_split_by_extra_whitespace_still_names_its_country(text):
    from timeline.nlp.pipeline import analyze_text

    found = [(m.name, m.country) for m in analyze_text(text).actor_mentions]
    assert ("South Korean government", "KR") in found
