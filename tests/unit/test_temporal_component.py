"""The temporal tagger as the spaCy component "timeline_dates" in blank pipelines."""

from __future__ import annotations

import importlib
from datetime import date
from functools import cache

import pytest
import spacy
from spacy.tokens import Doc

import timeline.nlp.dates.component as component


@cache
def pipeline(pipeline_lang: str, config_lang: str | None = None) -> spacy.language.Language:
    """One blank pipeline per language for the whole module (spacy.blank("fr") takes seconds)."""
    nlp = spacy.blank(pipeline_lang)
    nlp.add_pipe("timeline_dates", config={"lang": config_lang} if config_lang else {})
    return nlp


def run(pipeline_lang: str, text: str, reference, lang: str | None = None):
    nlp = pipeline(pipeline_lang, lang)
    doc = nlp.make_doc(text)
    doc._.reference_date = reference
    return nlp(doc)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "On 2 January Grok apologised. Five days later, Ofcom acted.", ["2026-01-02", "2026-01-07"]),
        ("nl", "Op 2 januari bood Grok excuses aan. Vijf dagen later greep Ofcom in.", ["2026-01-02", "2026-01-07"]),
        ("fr", "Le 2 janvier, Grok s'est excusé. Le lendemain, l'Arcom a réagi.", ["2026-01-02", "2026-01-03"]),
        ("de", "Am 2. Januar entschuldigte sich Grok. Fünf Tage später griff Ofcom ein.", ["2026-01-02", "2026-01-07"]),
    ],
)
def test_component_runs_in_blank_pipelines(lang, text, expected):
    doc = run(lang, text, "2026-01-10")
    assert [t.value for t in doc._.timexes] == expected
    assert all(doc.text[t.start:t.end] == t.text for t in doc._.timexes)


def test_component_reads_the_reference_date_from_the_doc():
    assert [t.value for t in run("en", "It happened yesterday.", date(2026, 1, 10))._.timexes] == ["2026-01-09"]
    assert [t.value for t in run("en", "It happened yesterday.", None)._.timexes] == ["XXXX-XX-XX"]


def test_language_can_be_set_in_the_config():
    doc = run("xx", "Le 2 janvier 2026, Grok s'est excusé.", "2026-01-10", lang="fr")
    assert [t.value for t in doc._.timexes] == ["2026-01-02"]


def test_component_declares_what_it_assigns_and_works_in_pipe():
    nlp = pipeline("nl")
    assert nlp.get_pipe_meta("timeline_dates").assigns == ["doc._.timexes"]
    docs = []
    for text, ref in [("Gisteren sprak de minister.", "2026-01-10"), ("Vorige week.", "2026-01-10")]:
        doc = nlp.make_doc(text)
        doc._.reference_date = ref
        docs.append(doc)
    assert [[t.value for t in d._.timexes] for d in nlp.pipe(docs)] == [["2026-01-09"], ["2026-W01"]]


def test_reimporting_the_module_is_harmless():
    importlib.reload(component)
    assert Doc.has_extension("timexes") and Doc.has_extension("reference_date")
    assert [t.value for t in run("en", "Last year.", "2026-01-10")._.timexes] == ["2025"]
