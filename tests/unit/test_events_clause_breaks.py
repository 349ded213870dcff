"""The clause-break pattern is written so that each alternative begins with a literal character (a fast scan);
it must find the same breaks as the plain form with ``[;:]\\s``."""

from __future__ import annotations

import re

import pytest

from timeline.nlp.event_lexicon import build_event_lexicon
from timeline.nlp.lexicon import load_lexicon

SENTENCES = {
    "en": ["Ofcom said that it had opened an investigation, because X failed; the company, which owns Grok, "
           "replied: \"We comply\" although critics disagreed, but nothing changed.",
           "THE MINISTER, WHO SPOKE TODAY, SAID THAT X MUST ACT; NO REPLY: NONE.\n"],
    "fr": ["L'Arcom a ouvert une enquête parce que X n'a pas réagi, mais le ministre, qui s'exprimait lundi, "
           "a déclaré: « C'est inacceptable » ; la plateforme répond que tout va bien."],
    "nl": ["De toezichthouder zei dat X moet ingrijpen, maar het bedrijf, dat Grok bezit, reageerde niet; "
           "volgens de minister: \"Dit kan niet\" terwijl experts twijfelen."],
    "de": ["Die Kommission erklärte, dass X handeln muss, aber die Plattform, die Grok betreibt, schwieg; "
           "der Minister sagte: „Das geht nicht“ während Experten zweifeln, als bekannt wurde, das Verfahren läuft."],
}


def _plain_form(lang: str) -> re.Pattern:
    breaks = [b for b in load_lexicon("events", lang).get("clause_breaks") or [] if b.strip()]
    clause = "|".join(re.escape(b) for b in sorted(breaks, key=len, reverse=True)) or r"(?!x)x"
    return re.compile(rf"(?:{clause}|[;:]\s|,\s(?=[\"“«]))", re.I)


@pytest.mark.parametrize("lang", ["en", "fr", "nl", "de"])
def test_clause_breaks_equal_the_plain_form(lang):
    fast, plain = build_event_lexicon(lang).clause_re, _plain_form(lang)
    for sentence in SENTENCES[lang] + [s.upper() for s in SENTENCES[lang]] + ["a;b; c:d: e, «f» g, \"h\""]:
        found = [m.span() for m in fast.finditer(sentence)]
        assert found == [m.span() for m in plain.finditer(sentence)]
    assert [m.group() for m in fast.finditer(SENTENCES[lang][0])]


def test_english_breaks_in_order():
    sentence = SENTENCES["en"][0]
    found = [m.group() for m in build_event_lexicon("en").clause_re.finditer(sentence)]
    assert found == [" that ", " because ", ";", " which ", ":", " although ", " but "]
