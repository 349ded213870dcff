"""The event extractor's remembered answers: each must equal a fresh scan, whatever text surrounds it."""

from __future__ import annotations

from datetime import date

from timeline.nlp.event_lexicon import build_event_lexicon
from timeline.nlp.events import _ATTACHED, EventExtractor, _SentenceContext
from timeline.nlp.pipeline import analyze_text
from timeline.nlp.spans import Sentences
from timeline.types import ActorEntry

PUB = date(2026, 1, 12)
OFCOM = ActorEntry("ofcom", "Ofcom", "regulator", "GB", aliases={"any": ("Ofcom",)})
X = ActorEntry("x", "X", "platform", "US", aliases={"any": ("X",)})
ARCOM = ActorEntry("arcom", "Arcom", "regulator", "FR", aliases={"any": ("Arcom", "L'Arcom")})


def _windows(text: str, width: int):
    for end in range(len(text) + 1):
        for lo in (max(0, end - width), max(0, end - width // 2), 0):
            yield lo, end


def test_agent_marker_answers_equal_a_fresh_search_at_every_window():
    lex = build_event_lexicon("en")
    # "by" as a word, inside a word ("Nearby", "lobby") and at the very start of the text
    texts = ["by Ofcom said", "Nearby Ofcom, the lobby by  X", "was banned by Indonesia and by the EU"]
    for text in texts * 2:  # the second round answers from the memo
        for lo, end in _windows(text, 12):
            assert lex.ends_in_agent_marker(text, lo, end) == bool(lex.agent_re.search(text, lo, end)), (text, lo, end)


def test_clause_breaks_of_a_repeated_sentence_are_shifted_to_where_it_stands():
    ex = EventExtractor("en")
    sentence = "Ofcom said that it opened an investigation; X denied it. "
    text = sentence + "Other news here. " + sentence
    first, second = text.index(sentence), text.rindex(sentence)

    bounds = [(first, first + len(sentence)), (first + len(sentence), second), (second, len(text))]
    for pos in (text.index("opened"), text.rindex("opened"), text.index("denied"), text.rindex("denied")):
        sentence_bounds = next(b for b in bounds if b[0] <= pos < b[1])
        ctx = _SentenceContext(text, 0, sentence_bounds, [], [], [], [], PUB)
        assert ex._clause(ctx, pos) == _clause_by_scan(ex, text, sentence_bounds, pos)
    found = ex.extract(text, Sentences(bounds), [], [], PUB)
    assert [(e.event_type, e.sent_start - first) for e in found if e.sent_start == first] == [
        (e.event_type, e.sent_start - second) for e in found if e.sent_start == second] != []


def test_attached_and_definite_answers_do_not_leak_between_contexts():
    ex = EventExtractor("fr")
    # the same window text after a letter (inside a word), after a space, and at the start of the text
    for text in ("l'amende de 120 millions d'euros", "xl'amende de 120 millions d'euros",
                 " l'amende de 120 millions d'euros") * 2:
        end = text.index("120")
        for lo in range(0, end):
            nouns = [m for m in ex.lex.act_noun_re.finditer(text, lo, end)
                     if (m.start() == 0 or not text[m.start() - 1].isalnum()) and not text[m.end()].isalnum()]
            want = nouns[-1].start() if nouns and _ATTACHED.fullmatch(text, nouns[-1].end(), end) else None
            assert ex._attached_noun(text, lo, end) == want, (text, lo)
            noun = text.index("amende")
            assert ex._after_determiner(text, lo, noun) == bool(ex.lex.definite_re.search(text, lo, noun))


def test_a_fine_named_again_is_an_echo_in_both_articles_that_repeat_it():
    actors = (OFCOM, X, ARCOM)
    text = "L'Arcom a infligé une amende à X. X va contester l'amende de 120 millions d'euros."
    first = analyze_text(text, lang="fr", published=PUB, actors=actors).event_mentions
    again = analyze_text("Il pleuvait à Paris. " + text, lang="fr", published=PUB, actors=actors).event_mentions
    assert [(e.event_type, e.trigger, e.confidence) for e in first] == [
        (e.event_type, e.trigger, e.confidence) for e in again]
    assert [e.event_type for e in first].count("fine_sanction") == 1  # "l'amende de 120 millions" refers back


def _clause_by_scan(ex: EventExtractor, text: str, bounds: tuple[int, int], pos: int) -> tuple[int, int]:
    start, end = bounds
    for m in ex.lex.clause_re.finditer(text, *bounds):
        if m.end() <= pos:
            start = m.end() if not m.group().strip()[:1].isalpha() else m.start() + 1
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end
