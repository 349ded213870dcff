"""Gap terms ("condemn* ... fine*") tried only at the word starts their first words pick must find exactly what a
scan of the whole text with their pattern finds, and the plain-case test that decides when that is safe must hold
for every character it admits."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.nlp.event_lexicon import build_event_lexicon
from timeline.nlp.lexicon import _NOT_PLAIN_CASE, _PLAIN_CASE, TermMatcher, text_index

NEWS = [
    "Ministers condemned the company's fine on Monday. Condemnation of the fines followed; he told them to stop.",
    "Le ministre n'a pas répondu. Il ne l'a jamais dit, mais l'Arcom a élargi son enquête sur X.",
    "Het OM is een strafonderzoek gestart. De toezichthouder gaf het bedrijf de tijd en nam contact op met X.",
    "Die Kommission verlangt eine schnelle Erklärung. Der Minister könnte mit Strafen drohen.",
    "MINISTERS CONDEMNED THE FINE. They Told Them To Stop. TOLD to told to, told   them\nto.",
    # characters outside the plain-case set: the long s matches "s" ignoring case, "İ" lengthens when lowered
    "Grok was denounced; ministers ſtill condemned the ban. İstanbul reported it to prosecutors.",
    "The Kelvin sign K and the micro sign µ: asked the firm to explain, condemned the ban.",
]

GAP_TERMS = [("condemn* ... fine*", "c"), ("Told ... to", "t"), ("n' ... pas", "n"), ("ne ... jamais", "j"),
             ("e-mail* ... sent", "e"), ("*onderzoek ... gestart", "o"), ("nam ... contact op", "k"),
             ("asked ... to explain", "a"), ("verlangt ... erklärung", "v")]


def _scan(matcher: TermMatcher, text: str, pos: int, end: int) -> list[tuple[tuple[int, int], str]]:
    return [(m.span(), m.lastgroup) for m in matcher.complex.finditer(text, pos, end)]


def _anchored(matcher: TermMatcher, text: str, pos: int, end: int) -> list[tuple[tuple[int, int], str]]:
    index = text_index(text, matcher.lower)
    return [(m.span(), m.lastgroup) for m in matcher._complex_matches(text, index, pos, end)]


@pytest.mark.parametrize("case_sensitive", [False, True])
@pytest.mark.parametrize("text", NEWS)
def test_gap_terms_at_first_words_find_what_the_scan_finds(text, case_sensitive):
    matcher = TermMatcher(GAP_TERMS, case_sensitive=case_sensitive)
    for pos, end in ((0, len(text)), (3, len(text) - 5), (len(text) // 2, len(text))):
        assert _anchored(matcher, text, pos, end) == _scan(matcher, text, pos, end)


def test_gap_terms_found_in_news():
    matcher = TermMatcher(GAP_TERMS)
    found = [(text[s:e], payload) for text in NEWS[:4] for s, e, _, payload in matcher.finditer(text)]
    assert found == [("condemned the company's fine", "c"), ("Condemnation of the fines", "c"), ("told them to", "t"),
                     ("ne l'a jamais", "j"), ("strafonderzoek gestart", "o"), ("nam contact op", "k"),
                     ("verlangt eine schnelle Erklärung", "v")]


def test_overlapping_gap_matches_are_skipped_as_the_scan_skips_them():
    # the second "told" lies inside the first match: a scan resumes after that match, so must the anchored tries
    matcher = TermMatcher([("told ... to", "t"), ("told ... stop", "s")])
    text = "He told them told to stop to."
    assert _anchored(matcher, text, 0, len(text)) == _scan(matcher, text, 0, len(text)) == [((3, 20), "t0")]


def test_texts_outside_the_plain_case_set_fall_back_to_the_scan():
    matcher = TermMatcher(GAP_TERMS)
    firsts = matcher._complex_firsts
    assert firsts is not None
    plain = "They condemned the fine."
    assert firsts.starts(plain, text_index(plain, True)) == [5]
    for text in ("They condemned the fine in İzmir.", "Die ſtadt condemned the fine.", "µ condemned the fine."):
        assert firsts.starts(text, text_index(text, True)) is None
        assert [(s, e) for s, e, _, _ in matcher.finditer(text)] == [m.span() for m in matcher.complex.finditer(text)]


def test_a_term_whose_first_letters_are_not_plain_case_keeps_the_scan():
    assert TermMatcher([("ſtop ... now", 1)])._complex_firsts is None
    assert TermMatcher([("... now", 1)])._complex_firsts is None
    assert TermMatcher([("ſtop ... now", 1)], case_sensitive=True)._complex_firsts is not None


@pytest.mark.parametrize("lang", ["en", "fr", "nl", "de"])
def test_event_lexicon_matchers_equal_the_scan_on_news(lang):
    lex = build_event_lexicon(lang)
    for matcher in (lex.triggers, lex.modality, lex.speech, lex.imposing):
        if matcher.complex is None:
            continue
        for text in NEWS + [t.upper() for t in NEWS] + [t.lower() for t in NEWS]:
            assert _anchored(matcher, text, 0, len(text)) == _scan(matcher, text, 0, len(text)), (lang, text)


@given(st.lists(st.sampled_from(["told", "Told", "them", "to", "TO", "condemned", "fine", "fines", "n'", "pas",
                                 "ne", "jamais", "strafonderzoek", "gestart", "e-mail", "sent", "ſ", "İ", "x"]),
                max_size=14),
       st.lists(st.sampled_from([" ", "  ", ", ", "\n", "-", "’"]), min_size=14, max_size=14))
@settings(max_examples=300, deadline=None)
def test_gap_terms_on_arbitrary_word_sequences(words, gaps):
    text = "".join(w + g for w, g in zip(words, gaps, strict=False))
    for case_sensitive in (False, True):
        matcher = TermMatcher(GAP_TERMS, case_sensitive=case_sensitive)
        assert _anchored(matcher, text, 0, len(text)) == _scan(matcher, text, 0, len(text))


def _plain_chars() -> list[str]:
    pattern = re.compile(f"[{_PLAIN_CASE}]")
    return [chr(c) for c in range(0x2100) if pattern.fullmatch(chr(c)) and not 0xD800 <= c <= 0xDFFF]


def test_plain_case_characters_compare_ignoring_case_as_their_lower_case():
    chars = _plain_chars()
    assert "é" in chars and "’" in chars and "€" in chars and "ſ" not in chars and "İ" not in chars
    for t in chars:
        if not (t.isalnum() or t == "_"):
            continue  # first words are compared by their letters only
        ignoring_case = re.compile(re.escape(t), re.IGNORECASE)
        for c in chars:
            assert (ignoring_case.fullmatch(c) is not None) == (c.lower() == t.lower()), (t, c)


def test_plain_case_characters_keep_length_and_word_class_when_lower_cased():
    word = re.compile(r"\w")
    for c in _plain_chars():
        low = c.lower()
        assert len(low) == 1 and not _NOT_PLAIN_CASE.search(low), c
        assert (word.match(c) is None) == (word.match(low) is None), c
