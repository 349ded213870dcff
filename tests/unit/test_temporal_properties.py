"""Property-based tests: any text, any language, any reference date -> valid, well-placed output."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.nlp.dates.values import is_valid_value
from timeline.temporal import extract

WORDS = ["on", "Friday", "vrijdag", "vendredi", "Freitag", "2", "14", "January", "januari", "janvier",
         "five", "vijf", "cinq", "days", "dagen", "jours", "later", "plus", "tard", "ago", "il", "y", "a",
         "last", "next", "week", "semaine", "dernière", "the", "de", "le", "l'", "14h30", "3", "p.m.", "GMT",
         "2026", "1990s", "every", "elke", "chaque", "now", "nu", "$", "%", "-", ",", ".", "/", "02/01/2026",
         "2026-01-02", "om", "uur", "à", "heures", "year", "jaar", "an", "quarter", "third", "half", "early",
         "mid", "end", "of", "van", "morning", "avond", "soir", "ongeveer", "about", "environ", "Q3"]
LANG = st.sampled_from(["en", "nl", "fr", "de", "es", "xx"])
REFERENCE = st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=40).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, reference=REFERENCE, lang=LANG)
def test_any_text_gives_valid_offsets_types_and_values(text, reference, lang):
    timexes = extract(text, reference, lang)
    previous_end = 0
    for t in timexes:
        assert 0 <= t.start < t.end <= len(text)
        assert text[t.start:t.end] == t.text
        assert t.start >= previous_end  # in text order, never overlapping
        previous_end = t.end
        assert t.type in {"DATE", "TIME", "DURATION", "SET"}
        assert is_valid_value(t.value), t.value
        assert t.anchor_source in {None, "dct", "narrative"}


@settings(max_examples=100, deadline=None)
@given(text=st.lists(st.sampled_from(WORDS), max_size=30).map(" ".join), reference=st.dates(), lang=LANG)
def test_extraction_is_deterministic(text, reference, lang):
    assert extract(text, reference, lang) == extract(text, reference, lang)
