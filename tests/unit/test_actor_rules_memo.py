"""The rule detector remembers what a name says by itself; what its surroundings say must still count each time."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from timeline.nlp.actor_rules import RuleDetector, _Coverage
from timeline.nlp.actors import _longest_first
from timeline.nlp.sentences import trimmed_spans
from timeline.nlp.spans import CUED, NAME_SHAPED, Sentences


def _sentences(text: str) -> Sentences:
    starts = [0] + [m.end() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"«])", text)]
    return Sentences(trimmed_spans(text, starts))


def _detect(detector: RuleDetector, text: str) -> dict[str, tuple[str, int]]:
    return {f.name: (f.kind, f.strength) for f in detector.detect(text, _sentences(text), [])}


def test_a_remembered_name_still_reads_the_title_before_it():
    detector = RuleDetector("en")
    plain = "Talks stalled on Monday, said Clara Chappaz in a statement."
    titled = "Talks stalled on Monday, said digital minister Clara Chappaz in a statement."
    for _ in range(2):  # the second round answers from the memos
        assert _detect(detector, plain)["Clara Chappaz"] == ("person", NAME_SHAPED)
        assert _detect(detector, titled)["Clara Chappaz"] == ("person", CUED)


def test_a_remembered_single_word_is_still_judged_by_its_text():
    detector = RuleDetector("en")
    twice = "Shares of Vantor fell sharply on Tuesday. Analysts said Vantor had warned of losses."
    once = "Shares of Vantor fell sharply on Tuesday. Analysts had warned of losses."
    lower = "Shares of Vantor fell sharply on Tuesday. Analysts said vantor was a common word here."
    for _ in range(2):
        assert "Vantor" in _detect(detector, twice)  # a lone capitalised word needs a second sighting
        assert "Vantor" not in _detect(detector, once)
        assert "Vantor" not in _detect(detector, lower)  # also written in lower case: a common word


def test_a_remembered_run_still_drops_a_sentence_opening_word_only_at_a_sentence_start():
    detector = RuleDetector("en")
    opening = "Neighbouring Indonesia blocked the app. Officials in neighbouring countries watched."
    inside = "Officials watched as Neighbouring Indonesia blocked the app, neighbouring countries said."
    for _ in range(2):
        assert "Indonesia" in _detect(detector, opening)
        assert "Neighbouring Indonesia" not in _detect(detector, opening)
        assert "Indonesia" not in _detect(detector, inside)


def _longest_first_reference(hits):
    kept = []
    for start, end, idx in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, idx))
    return sorted(kept)


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=25)


@given(_SPANS)
def test_longest_first_keeps_what_the_pairwise_check_keeps(spans):
    hits = [(s, e, i) for i, (s, e) in enumerate(spans)]
    assert _longest_first(hits) == _longest_first_reference(hits)


@given(_SPANS, _SPANS, st.integers(0, 70), st.integers(0, 20))
def test_coverage_gaps_are_the_uncovered_parts(first, added, start, length):
    coverage = _Coverage(first)
    for s, e in added:
        coverage.add(s, e)
    end = start + length
    covered = {i for s, e in [*first, *added] for i in range(s, e)}
    gaps = coverage.gaps(start, end)
    assert {i for s, e in gaps for i in range(s, e)} == set(range(start, end)) - covered
    assert all(s < e for s, e in gaps) and gaps == sorted(gaps)


def test_full_memos_are_emptied_without_changing_what_is_found(monkeypatch):
    import timeline.nlp.memo as bounded

    texts = ["French President Emmanuel Macron met Ofcom chief Melanie Dawes in Paris on Monday.",
             "The Internet Watch Foundation said digital minister Clara Chappaz had written to X.",
             "Shares of Vantor fell sharply on Tuesday. Analysts said Vantor had warned of losses."]
    expected = [_detect(RuleDetector("en"), t) for t in texts]
    monkeypatch.setattr(bounded, "MEMO_MAX", 2)  # every few look-ups empty the memos
    detector = RuleDetector("en")
    for _ in range(3):
        assert [_detect(detector, t) for t in texts] == expected
    assert all(len(m) <= 2 for m in (detector._fronts, detector._leads, detector._names, detector._prefixes))
