"""Rule-based sentence boundaries that survive abbreviations, initials, quotes and line breaks.

spaCy's ``sentencizer`` splits after every full stop and never at a line break; news text needs both
the other way round: "Mr. Musk", "J. K. Rowling", "M. Macron" do not end sentences, a closing quote
after the full stop belongs to the sentence it closes, a lower-case word after a stop continues the
sentence, and a line break (headline, paragraph, list item) always ends one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache

import numpy
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START

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


def sentence_starts(tokens: list[tuple[str, bool]], lang: str) -> list[int]:
    """1 for a token that starts a sentence, -1 otherwise; `tokens` are (text, is_space) pairs."""
    return _starts([t for t, _ in tokens], [space for _, space in tokens], lang)


def _starts(texts: Sequence[str], spaces: list, lang: str, marks: list[int] | None = None) -> list[int]:
    """:func:`sentence_starts` on parallel lists of token texts and is-space flags.

    Only tokens that can end a sentence (a final ".", "!", "?", "…", or a line break) and the few after
    them while a boundary is pending are looked at; every other token changes nothing. `marks`, the
    indices of those tokens in order, is found from `texts` when not given.
    """
    starts = [-1] * len(texts)
    if not texts:
        return starts
    starts[0] = 1
    state = _Scan(texts, spaces, abbreviations(lang), _stop_words(lang), starts)
    done = -1
    if marks is None:
        marks = [i for i, t in enumerate(texts) if t[-1:] in _END_CHARS or "\n" in t]
    for mark in marks:
        if mark <= done:
            continue
        i = mark
        state.step(i)
        while state.pending and i + 1 < len(texts):
            i += 1
            state.step(i)
        done = i
    return starts


_END_CHARS = frozenset(".!?…")  # every terminal ends with one of these
_MARK_CHARS = re.compile(r"[.!?…\n]")


class _TokenTexts(Sequence[str]):
    """The doc's token texts, each sliced from the string only when asked for (few tokens are)."""

    def __init__(self, text: str, idx: list[int], lengths: list[int]):
        self.text, self.idx, self.lengths = text, idx, lengths

    def __len__(self) -> int:
        return len(self.idx)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        start = self.idx[i]
        return self.text[start:start + self.lengths[i]]


def _marks(text: str, idx: list[int], lengths: list[int]) -> list[int]:
    """Indices of the tokens that end with ".", "!", "?" or "…" or hold a line break, in order.

    Found from those characters in the text (a few per sentence) rather than by looking at every token.
    """
    out: list[int] = []
    for m in _MARK_CHARS.finditer(text):
        q = m.start()
        k = bisect_right(idx, q) - 1
        if k < 0 or (out and out[-1] == k):
            continue
        end = idx[k] + lengths[k]
        if q < end and (q == end - 1 or text[q] == "\n"):
            out.append(k)
    return out


class _Scan:
    """The boundary state machine over one doc's tokens; :meth:`step` reads token i."""

    def __init__(self, texts, spaces, abbrevs, stops, starts):
        self.texts, self.spaces, self.abbrevs, self.stops, self.starts = texts, spaces, abbrevs, stops, starts
        self.pending = 0  # 1: after a terminal (soft), 2: after a line break (hard), 3: after "X." (stop word)

    def step(self, i: int) -> None:
        text = self.texts[i]
        if self.spaces[i]:
            if "\n" in text:
                self.pending = 2
            return
        pending = self.pending
        if pending:
            starts_here = pending == 2 or (pending == 1 and text not in CLOSERS and _plausible_start(text)) or (
                pending == 3 and text[:1].isupper() and text.lower() in self.stops)
            if starts_here:
                self.starts[i] = 1
                pending = 0
            elif text not in CLOSERS:
                pending = 0
        if text in TERMINALS and self._ends_sentence(i):
            pending = max(pending, 1)
        elif len(text) > 1 and text.endswith(".") and text not in TERMINALS:
            # A tokenizer exception kept the full stop ("X.", "etc."): it ends the sentence only if a
            # capitalised function word follows ("… sur X. La ministre"), not a name ("J. K. Rowling").
            pending = 3
        elif "\n" in text:
            pending = 2
        self.pending = pending

    def _ends_sentence(self, i: int) -> bool:
        """Whether the terminal token i ends a sentence: not the stop of an abbreviation or an initial."""
        if self.texts[i] != ".":
            return True
        j = i - 1
        while j >= 0 and self.spaces[j]:
            j -= 1
        if j < 0:
            return True
        prev = self.texts[j]
        if prev.lower() in self.abbrevs:
            return False
        return not (len(prev) == 1 and prev.isupper())  # an initial


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
    text = doc.text if text is None else text
    # Token texts sliced from the string by offset and length, only for the tokens the scan reads: much
    # cheaper than a Token object each. (One to_array call per attribute: several at once is slower.)
    idx = doc.to_array(IDX).tolist()
    lengths = doc.to_array(LENGTH).tolist()
    starts = _starts(_TokenTexts(text, idx, lengths), doc.to_array(IS_SPACE).tolist(), lang,
                     _marks(text, idx, lengths))
    doc.from_array([SENT_START], numpy.array(starts, dtype="int64").astype("uint64").reshape(-1, 1))
    offsets = [i for i, flag in zip(idx, starts, strict=True) if flag == 1]
    return trimmed_spans(text, offsets)


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
