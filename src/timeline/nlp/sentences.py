"""Rule-based sentence boundaries that survive abbreviations, initials, quotes and line breaks.

spaCy's ``sentencizer`` splits after every full stop and never at a line break; news text needs both
the other way round: "Mr. Musk", "J. K. Rowling", "M. Macron" do not end sentences, a closing quote
after the full stop belongs to the sentence it closes, a lower-case word after a stop continues the
sentence, and a line break (headline, paragraph, list item) always ends one.
"""

from __future__ import annotations

from functools import cache

import numpy
from spacy.attrs import SENT_START

from timeline.nlp.lexicon import LEXICON_DIR, read_yaml_mapping

TERMINALS = {".", "!", "?", "…", "...", "?!", "!?", "!!", "??"}
CLOSERS = {'"', "'", "”", "’", "»", ")", "]", "›", "“"}
OPENERS = set("\"'“‘«‹([-–—•*¿¡")


@cache
def abbreviations(lang: str) -> frozenset[str]:
    data = _sentence_data()
    return frozenset(str(a).lower() for key in ("any", lang) for a in data.get(key, []) or [])


@cache
def _sentence_data() -> dict:
    return read_yaml_mapping(LEXICON_DIR / "sentences.yml")


def _plausible_start(text: str) -> bool:
    first = text[0]
    return first.isupper() or first.isdigit() or first in OPENERS


def _ends_sentence(i: int, words: list[str], abbrevs: frozenset[str]) -> bool:
    """Whether the terminal token at position i of `words` (spaces removed) ends a sentence."""
    if words[i] != "." or i == 0:
        return True
    prev = words[i - 1]
    if prev.lower() in abbrevs:
        return False
    return not (len(prev) == 1 and prev.isupper())  # an initial


def sentence_starts(tokens: list[tuple[str, bool]], lang: str) -> list[int]:
    """1 for a token that starts a sentence, -1 otherwise; `tokens` are (text, is_space) pairs."""
    abbrevs = abbreviations(lang)
    starts = [-1] * len(tokens)
    if not tokens:
        return starts
    starts[0] = 1
    words = [t for t, space in tokens if not space]
    stops = _stop_words(lang)
    pending = 0  # 1: after a terminal (soft), 2: after a line break (hard), 3: after "X." (needs a stop word)
    w = -1
    for i, (text, is_space) in enumerate(tokens):
        if is_space:
            if "\n" in text:
                pending = 2
            continue
        w += 1
        starts_here = pending == 2 or (pending == 1 and text not in CLOSERS and _plausible_start(text)) or (
            pending == 3 and text[:1].isupper() and text.lower() in stops)
        if starts_here:
            starts[i] = 1
            pending = 0
        elif pending in (1, 3) and text not in CLOSERS:
            pending = 0
        if text in TERMINALS and _ends_sentence(w, words, abbrevs):
            pending = max(pending, 1)
        elif len(text) > 1 and text.endswith(".") and text not in TERMINALS:
            # A tokenizer exception kept the full stop ("X.", "etc."): it ends the sentence only if a
            # capitalised function word follows ("… sur X. La ministre"), not a name ("J. K. Rowling").
            pending = 3
        elif "\n" in text:
            pending = 2
    return starts


@cache
def _stop_words(lang: str) -> frozenset[str]:
    try:
        import spacy

        return frozenset(spacy.util.get_lang_class(lang).Defaults.stop_words)
    except Exception:  # an unknown language code: no stop words
        return frozenset()


def set_sentence_starts(doc, lang: str, text: str | None = None) -> list[tuple[int, int]]:
    """Write the boundaries into `doc` in one array operation; return the sentences' trimmed char spans."""
    if len(doc) == 0:
        return []
    tokens = [(t.text, t.is_space) for t in doc]
    starts = sentence_starts(tokens, lang)
    doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
    offsets = [doc[i].idx for i, flag in enumerate(starts) if flag == 1]
    return trimmed_spans(doc.text if text is None else text, offsets)


def trimmed_spans(text: str, starts: list[int]) -> list[tuple[int, int]]:
    """Sentence spans from their start offsets, without surrounding whitespace."""
    out = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(text)
        chunk = text[start:end]
        left = len(chunk) - len(chunk.lstrip())
        right = len(chunk.rstrip())
        if right > left:
            out.append((start + left, start + right))
    return out
