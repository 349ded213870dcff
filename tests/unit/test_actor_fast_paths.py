"""The actor finder's shortcuts give what the plain computations give.

- institution templates that open with a literal word ("parquet de {CAP}") are tried only where that word
  stands, and must find exactly what a scan of the whole text finds;
- capitalised runs that peel down to nothing are rejected before any context is looked at, with the same
  result as the full classification;
- a definite description ("the company") takes the nearest earlier actor of a fitting kind within reach.
"""

from __future__ import annotations

import pytest
import spacy

from timeline.nlp.actor_rules import RuleDetector, _DocContext
from timeline.nlp.actors import ActorFinder
from timeline.nlp.sentences import set_sentence_starts
from timeline.nlp.spans import Found, Sentences

TEXTS = {
    "fr": ("Le parquet de Paris a ouvert une enquête. Le PARQUET DE Lyon aussi ; le procureur de la République de "
           "Paris, Laure Beccuau, et la procureure de Nanterre. Le gouvernement français et l'exécutif "
           "britannique ont réagi.\nParquet\nde Paris. Leparquet de Paris. Les autorités irlandaises."),
    "nl": ("Het parket van Amsterdam en het Parket in Den Haag. De aanklagers in Brussel en het openbaar ministerie "
           "in Rotterdam. De regering van Verenigd Koninkrijk en de regering in Frankrijk."),
    "en": ("The government of France and the Government of the United States met; the GOVERNMENT OF Japan "
           "and a government\nof Spain. Agovernment of Italy, government of  Brazil."),
    "de": "Die Staatsanwaltschaft Hamburg und die Staatsanwaltschaft in München ermitteln; die deutsche Regierung.",
}


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_word_led_templates_tried_at_their_word_find_every_match(lang):
    detector = RuleDetector(lang)
    text = TEXTS[lang]
    word_led = [regex for regex, *_ in detector.cues.institutions if regex.pattern in detector.cues.word_led]
    assert word_led
    found = 0
    for regex in word_led:
        assert detector._template_starts(regex.pattern, text, {}) is not None  # the shortcut is taken
        got = [m.span() for m in detector._template_matches(regex, text, {})]
        assert got == [m.span() for m in regex.finditer(text)]
        found += len(got)
    assert found >= 2


def test_word_led_templates_fall_back_to_the_scan_where_lower_case_is_no_proof():
    detector = RuleDetector("fr")
    regex = next(r for r, *_ in detector.cues.institutions if r.pattern in detector.cues.word_led)
    odd = "Le parquet de Paris et le İstanbul parquet de Lyon."  # "İ" lower-cases to two characters
    assert detector._template_starts(regex.pattern, odd, {}) is None
    assert [m.span() for m in detector._template_matches(regex, odd)] == [m.span() for m in regex.finditer(odd)]


def _classify_all(detector: RuleDetector, text: str) -> list[tuple]:
    bounds = set_sentence_starts(spacy.blank(detector.lang).make_doc(text), detector.lang, text)
    ctx = _DocContext(text, Sentences(bounds))
    out = []
    for m in detector.seq_re.finditer(text):
        out.append([(f.start, f.end, f.key, f.kind, f.country, f.strength)
                    for f in detector.classify(text, m.start(), m.end(), ctx)])
    return out


def test_runs_rejected_early_classify_as_before_and_on_a_second_pass():
    text = ("The minister said. Neighbouring Indonesia blocked Grok. In Paris, Prime Minister Keir Starmer and "
            "the European Commission spoke. Monday, The Guardian reported. Technology Secretary Liz Kendall "
            "wrote to Ofcom. Ofcom said. The Ofcom chief Melanie Dawes agreed.")
    detector = RuleDetector("en")
    first = _classify_all(detector, text)
    assert any(first) and not all(first)  # some runs name actors, some are rejected
    assert _classify_all(detector, text) == first  # from the memos: the same outcomes
    fresh = RuleDetector("en")
    assert _classify_all(fresh, text) == first
    names = {f[2] for run in first for f in run}
    assert {"keir-starmer", "ofcom"} <= names or {"keir-starmer"} <= names
    assert "the" not in names and "monday" not in names


def _found(start: int, end: int, key: str, kind: str) -> Found:
    return Found(start, end, key, key, key, kind, None, "dictionary", 3)


def test_definite_description_takes_the_nearest_fitting_actor_within_reach():
    finder = ActorFinder("en", background=False)
    text = "xAI and Ofcom met. Ofcom spoke first, then the company answered." + " filler" * 100 + " The company left."
    found = [_found(0, 3, "xai", "company"), _found(8, 13, "ofcom", "regulator"), _found(19, 24, "ofcom", "regulator")]
    out = finder._definite_descriptions(text, found)
    first = text.index("company")
    assert [(f.start, f.key, f.source) for f in out] == [(first, "xai", "coref")]  # the last one is too far
    assert finder._definite_descriptions("The regulator Ofcom said.", [_found(14, 19, "ofcom", "regulator")]) == []
