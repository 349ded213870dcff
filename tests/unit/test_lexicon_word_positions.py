"""The index as written finds a word's positions with a substring search; they must be the word's whole-token
occurrences, as a ``\\w+`` scan of the text gives them."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from timeline.nlp.lexicon import _TextIndex


def _token_positions(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\w+", text) if m.group() == word]


def test_positions_of_capitalised_names_in_news():
    text = ("Ofcom opened an investigation into X. X's owner, xAI, said X would comply; Ofcom's chief "
            "welcomed it. XX and X-Men are other words; so is Ofcomm.")
    index = _TextIndex(text)
    assert index.positions_of("X") == [35, 38, 59, 109] == _token_positions(text, "X")
    assert index.positions_of("Ofcom") == [0, 75] == _token_positions(text, "Ofcom")
    assert index.positions_of("Ofcomm") == [_token_positions(text, "Ofcomm")[0]]
    assert index.positions_of("Missing") == []


def test_overlapping_occurrences_keep_only_whole_words():
    text = "aaa aa a_a aa\naa"
    index = _TextIndex(text)
    for word in ("aa", "aaa", "a_a", "a"):
        assert index.positions_of(word) == _token_positions(text, word), word
    assert index.positions_of("aa") == [4, 11, 14]


@given(st.text(alphabet="aAb _-’'\néÉ1·", max_size=50))
@settings(max_examples=300, deadline=None)
def test_positions_equal_the_token_scan_on_arbitrary_strings(text):
    index = _TextIndex(text)
    for word in set(re.findall(r"\w+", text)) | {"a", "aa", "ab"}:
        assert index.positions_of(word) == _token_positions(text, word)
