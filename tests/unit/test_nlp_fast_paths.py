"""The NLP stage's shortcuts find exactly what the plain scans they replace would find.

Each speed-up (word positions by ``str.find``, pre-checks before long regexes, line-by-line scans, a
text lower-cased once) is compared here with the straightforward computation on realistic text,
including the corner cases that could make them differ (words inside words, curly apostrophes,
line breaks, Unicode letters that lower-case oddly).
"""

from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.nlp.actor_cues import cues_for, ends_with_tail
from timeline.nlp.actor_rules import RuleDetector
from timeline.nlp.dates.grammar import RULES, _first_classes
from timeline.nlp.dates.grammar import _finditer as _rule_matches
from timeline.nlp.dates.tokens import TOKEN_RE, _keys, norm
from timeline.nlp.doctext import doc_text
from timeline.nlp.lexicon import TermMatcher, _first_char_guard, text_index
from timeline.nlp.sentences import (
    CLOSERS,
    OPENERS,
    TERMINALS,
    _marks,
    _starts,
    _stop_words,
    _TokenTexts,
    abbreviations,
    sentence_starts,
    set_sentence_starts,
    trimmed_spans,
)
from timeline.nlp.spans import Sentences

NEWS = (
    "The European Commission opened formal proceedings against X on Monday. Ofcom and the Internet Watch\n"
    "Foundation said the images were illegal; the commissioner condemned the company's fine and its ban.\n"
    "In Paris, the prosecutor’s office widened the inquiry, l’enquête visant X et Grok, jusqu’à nouvel ordre.\n"
    "Ministry of Electronics and Information Technology officials and Malaysian Communications and Multimedia "
    "Commission staff met. Thereafter thе restrictions (restricted, restricting) applied to_underscored words."
)


def _regex_positions(hay: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\w+", hay) if m.group() == word]


@pytest.mark.parametrize("lower", [True, False])
def test_word_positions_match_a_full_word_scan(lower):
    index = text_index(NEWS, lower)
    for word in [*index.words, "the", "x", "ommission", "Commission", "to_underscored", "restrict", "not-a-word"]:
        assert index.positions_of(word) == _regex_positions(index.haystack, word), word


@given(st.text(alphabet="ab _-’'\nÉé1", max_size=40))
@settings(max_examples=200, deadline=None)
def test_word_positions_on_arbitrary_strings(text):
    index = text_index(text, lower=False)
    for word in index.words | {"a", "ab", "b"}:
        assert index.positions_of(word) == _regex_positions(text, word)


def test_words_starting_is_every_word_with_that_prefix():
    index = text_index(NEWS, lower=True)
    for stem in ("restrict", "com", "the", "zzz", "ill"):
        assert index.words_starting(stem) == sorted(w for w in index.words if w.startswith(stem))


def test_gap_terms_start_only_at_word_starts():
    matcher = TermMatcher([("condemn* ... fine*", "condemn"), ("told ... to", "order")])
    text = "Ministers condemned the company's fine. Recondemned ... fine is no word. He told them to stop."
    found = [(text[s:e], payload) for s, e, _, payload in matcher.finditer(text)]
    assert found == [("condemned the company's fine", "condemn"), ("told them to", "order")]


@pytest.mark.parametrize("lang", ["en", "fr", "nl", "de"])
def test_prefix_tail_precheck_never_rejects_a_match(lang):
    cues = cues_for(lang)
    cue_words = sorted([*cues.titles, *cues.role_kinds])[:60]
    windows = [f"as said by the {w}" + tail for w in cue_words for tail in ("", " ", ",", " ,\n ", ",,")]
    windows += [f"{w.upper()} " for w in cue_words] + [w.replace("'", "’") for w in windows[:40]]
    windows += ["nothing to see here ", "the minister said", "(ministre", ""]
    for window in windows:
        if cues.prefix_re.search(window):
            assert ends_with_tail(window, cues.prefix_tail), window


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_conjunction_names_found_line_by_line_as_in_one_scan(lang):
    detector = RuleDetector(lang)
    text = NEWS + "\nLe Conseil d’État et Arcom\nFoo and\nBar, Baz and Qux Inc and Zed"
    assert [m.span() for m in detector._and_matches(text)] == [m.span() for m in detector.and_re.finditer(text)]


def test_institution_templates_match_curly_apostrophes():
    text = "On Monday the Paris prosecutor’s office opened an inquiry into the images."
    found = RuleDetector("en").detect(text, Sentences([(0, len(text))]), [])
    assert [(f.text, f.name, f.kind) for f in found] == [
        ("Paris prosecutor’s office", "Paris prosecutor's office", "prosecutor_court")]


def test_demonym_precheck_defers_to_the_regex_on_odd_case_letters():
    # "ſ" (long s) matches "s" in a case-insensitive regex but does not lower-case to it
    text = "The Britiſh government said it would act."
    found = RuleDetector("en").detect(text, Sentences([(0, len(text))]), [])
    assert any(f.kind == "government" and f.text.startswith("Britiſh") for f in found)


@pytest.mark.parametrize("text", [
    "Le 3 janvier, l’Arcom a saisi la justice. Dès jeudi prochain",
    "ΟΔΟΣ'Β and ΑΣ. Σήμερα",  # Greek final sigma depends on context: keys fall back to one token at a time
    "İstanbul, 2 Ocak 2026",  # "İ" lower-cases to two characters
])
def test_token_keys_equal_per_token_normalisation(text):
    spans = [m.span() for m in TOKEN_RE.finditer(text)]
    assert _keys(text, spans) == [norm(text[s:e]) for s, e in spans]


@pytest.mark.parametrize("lang", ["en", "fr", "nl"])
def test_sentence_bounds_from_arrays_equal_token_by_token(lang):
    doc = spacy.blank(lang)(NEWS)
    tokens = [(t.text, t.is_space) for t in doc]
    starts = sentence_starts(tokens, lang)
    expected = trimmed_spans(NEWS, [doc[i].idx for i, flag in enumerate(starts) if flag == 1])
    assert set_sentence_starts(doc, lang, NEWS) == expected
    assert [t.is_sent_start for t in doc] == [flag == 1 for flag in starts]


def test_doc_text_rebuilds_a_stale_source_text():
    nlp = spacy.blank("en")
    doc = nlp.make_doc("Grok limited image generation.")
    doc._.source_text = "another text"
    assert doc_text(doc) == "Grok limited image generation."


CLASS_CHARS = "wwwwwwwwDD.,cr-OaHGI1UWMCvTNe4BLXRFPSnomkzpuq$%@'AYVJKEhgsx9"


@given(st.text(alphabet=CLASS_CHARS, max_size=60))
@settings(max_examples=300, deadline=None)
def test_grammar_rules_tried_only_where_they_can_start_match_as_a_full_scan(classes):
    for rule in RULES:
        fast = [m.span() for m in _rule_matches(rule, classes)]
        assert fast == [m.span() for m in rule.pattern.finditer(classes)], rule.name


def test_first_classes_of_patterns():
    assert _first_classes(r"(?:W,?)?n") == frozenset("Wn")
    assert _first_classes(r"(?:D|(?<=[OI]))(?P<part>P)") == frozenset("DP")
    assert _first_classes(r"a?") is None  # can match empty: scanned the ordinary way
    assert _first_classes(r"(?i)ab") is None


def _reference_starts(tokens: list[tuple[str, bool]], lang: str) -> list[int]:
    """The boundary rules applied to every token in turn (the plain loop the fast scan must agree with)."""
    abbrevs, stops = abbreviations(lang), _stop_words(lang)
    starts = [-1] * len(tokens)
    if not tokens:
        return starts
    starts[0] = 1
    words = [t for t, space in tokens if not space]
    pending, w = 0, -1
    for i, (text, is_space) in enumerate(tokens):
        if is_space:
            pending = 2 if "\n" in text else pending
            continue
        w += 1
        if pending == 2 or (pending == 1 and text not in CLOSERS and text[0].isupper() | text[0].isdigit()
                            | (text[0] in OPENERS)) or (pending == 3 and text[:1].isupper() and text.lower() in stops):
            starts[i], pending = 1, 0
        elif pending in (1, 3) and text not in CLOSERS:
            pending = 0
        prev = words[w - 1] if w else ""
        ends = text != "." or w == 0 or not (prev.lower() in abbrevs or (len(prev) == 1 and prev.isupper()))
        if text in TERMINALS and ends:
            pending = max(pending, 1)
        elif len(text) > 1 and text.endswith(".") and text not in TERMINALS:
            pending = 3
        elif "\n" in text:
            pending = 2
    return starts


SENTENCE_TOKENS = st.sampled_from([
    ("Ofcom", False), ("said", False), (".", False), ("!", False), ("?!", False), ("…", False), ("Mr.", False),
    ("J", False), ("etc.", False), ("La", False), ("la", False), ('"', False), ("”", False), ("(", False),
    (" ", True), ("\n", True), ("\n\n", True), ("Dr", False), ("12", False), ("X.", False), ("The", False),
])


@given(st.lists(SENTENCE_TOKENS, max_size=40), st.sampled_from(["en", "fr", "nl"]))
@settings(max_examples=300, deadline=None)
def test_sentence_scan_agrees_with_the_plain_loop(tokens, lang):
    assert sentence_starts(tokens, lang) == _reference_starts(tokens, lang)


NEWS_TEXT_CHARS = "ab Éé1 2\n.!?…'’-/:,;\"«»()ſ"


@given(st.text(alphabet=NEWS_TEXT_CHARS, max_size=60))
@settings(max_examples=300, deadline=None)
def test_tagger_tokens_with_the_space_guard_equal_those_without(text):
    unguarded = re.compile(TOKEN_RE.pattern.replace("(?=\\S)(?:", "(?:", 1), re.VERBOSE)
    assert unguarded.pattern != TOKEN_RE.pattern
    got = [(m.span(), m.lastgroup) for m in TOKEN_RE.finditer(text)]
    assert got == [(m.span(), m.lastgroup) for m in unguarded.finditer(text)]


def test_gap_term_first_letter_guard_finds_what_the_plain_scan_finds():
    matcher = TermMatcher([("condemn* ... fine*", "condemn"), ("Told ... to", "order"), ("’t ... meer", "neg")])
    guard = _first_char_guard(matcher.complex_terms)
    assert guard and matcher.complex.pattern.startswith(guard)
    plain = re.compile(matcher.complex.pattern[len(guard):], matcher.complex.flags)
    text = ("MINISTERS CONDEMNED the company's Fine; they told them to stop. 't Is niet meer zo, ’t kan meer. "
            "Recondemned ... fine is no word. Condemnation of the fines.")
    assert [(m.span(), m.lastgroup) for m in matcher.complex.finditer(text)] == [
        (m.span(), m.lastgroup) for m in plain.finditer(text)]
    assert len(list(matcher.complex.finditer(text))) == 5
    assert _first_char_guard([("*onderzoek ... gestart", 1)]) == ""  # any letters may come first


@pytest.mark.parametrize("lang", ["en", "nl", "de"])
def test_demonym_led_templates_tried_at_demonym_words_find_every_match(lang):
    detector = RuleDetector(lang)
    text = ("The Dutch government, the U.S. government and the South Korean government met; BRITISH GOVERNMENT "
            "sources and pro-French regulators agreed. Dutchman government. De Nederlandse regering en het "
            "Amerikaanse kabinet, Belgische ministers. Die niederländische Regierung und die US-amerikanische "
            "Regierung; deutsche Minister.\nIrish\nregulators")
    dem_led = [regex for regex, *_ in detector.cues.institutions if regex.pattern in detector.cues.dem_led]
    assert dem_led
    found = 0
    for regex in dem_led:
        got = [m.span() for m in detector._template_matches(regex, text)]
        assert got == [m.span() for m in regex.finditer(text)]
        found += len(got)
    assert found >= 3
    odd = "The Britiſh government"  # "ſ": the word index is no proof, the plain scan runs
    assert detector._demonym_starts(odd) is None


@given(st.text(alphabet=NEWS_TEXT_CHARS + "MrJK", max_size=80), st.sampled_from(["en", "fr"]))
@settings(max_examples=200, deadline=None)
def test_sentence_marks_from_the_text_equal_a_look_at_every_token(text, lang):
    doc = spacy.blank(lang).make_doc(text)
    idx, lengths = [t.idx for t in doc], [len(t) for t in doc]
    texts = _TokenTexts(text, idx, lengths)
    assert list(texts) == [t.text for t in doc]
    plain = [i for i, t in enumerate(texts) if t[-1:] in ".!?…" or "\n" in t]
    assert _marks(text, idx, lengths) == plain
    assert _starts(texts, [t.is_space for t in doc], lang, plain) == sentence_starts(
        [(t.text, t.is_space) for t in doc], lang)


@given(st.text(alphabet="ab _-’'\nÉéİ1", max_size=40))
@settings(max_examples=200, deadline=None)
def test_index_with_all_positions_equals_the_lazy_one(text):
    from timeline.nlp.lexicon import _TextIndex

    for hay in (text, text.lower()):
        eager, lazy = _TextIndex(hay, all_positions=True), _TextIndex(hay)
        assert set(eager.words) == set(lazy.words)
        assert eager.prefixes() == lazy.prefixes()
        for word in {*lazy.words, "a", "ab", "b", "-"}:
            assert eager.positions_of(word) == lazy.positions_of(word) == _regex_positions(hay, word)


def test_stem_groups_and_remembered_lookups_find_the_same_terms_again():
    matcher = TermMatcher([("restrict*", "r"), ("restrictions on", "ro"), ("ill*", "i"), ("proceed*", "p")])
    text = "Restrictions on X; restricted, ILLEGAL and ill. Proceedings were restricting. Illinois? No."
    expected = [("Restrictions on", "ro"), ("restricted", "r"), ("ILLEGAL", "i"), ("ill", "i"),
                ("Proceedings", "p"), ("restricting", "r"), ("Illinois", "i")]
    for _ in range(2):  # the second pass is answered from the matcher's memo
        assert [(text[s:e], payload) for s, e, _, payload in matcher.finditer(text)] == expected


def test_act_noun_guard_changes_no_match():
    from timeline.nlp.event_lexicon import build_event_lexicon

    for lang in ("en", "fr", "nl", "de"):
        regex = build_event_lexicon(lang).act_noun_re
        plain = re.compile(regex.pattern.split(")", 1)[1], regex.flags)
        assert regex.pattern.startswith("(?=[")
        for text in (NEWS, NEWS.upper(), "l'amende, die Strafe, de boete, BANS, Sanktionen, probe"):
            assert [m.span() for m in regex.finditer(text)] == [m.span() for m in plain.finditer(text)]
