"""Is the sentence around a token about the past or the future?

Weekday names, bare month names and seasons need a direction: "on Friday" in "the minister said on
Friday" is the Friday before the publication date, in "the minister will speak on Friday" the one
after. Without a parser we look at cue words of the language (auxiliaries, "said", "will", "zal",
"va", past participles by shape) in the same sentence and let the nearest cue decide. News is
mostly about the past, so callers read no cue (None) as past where they must choose.

Reporting verbs ("said", "zei", "a déclaré") are weaker cues than auxiliaries: they date the
statement, not what it reports ("the minister said the talks resume Friday"). Shape patterns (past
participles, Dutch and German present tense used for the future: "De minister spreekt vrijdag")
apply only to plain lower-case words, so names ("United", "Fred") and date words never count.
"""

from __future__ import annotations

from timeline.nlp.dates import classes as C
from timeline.nlp.dates.lexicon import Lexicon
from timeline.nlp.dates.tokens import Tokens

SENTENCE_END = frozenset(".!?;")
MAX_DISTANCE = 25
PRESENT_REACH = 2  # tokens: how close a present-tense verb must be to count as a future cue
MAX_READINGS = 20_000  # distinct words whose cue reading is remembered per language


def _sentence_bounds(toks: Tokens, i: int) -> tuple[int, int]:
    """Token range of the sentence holding token i (split at . ! ? ; and blank lines)."""
    lowers, starts, ends, text = toks.lowers, toks.starts, toks.ends, toks.text
    lo = i
    while lo > 0 and i - lo < MAX_DISTANCE:
        if lowers[lo - 1] in SENTENCE_END and toks.classes[lo - 1] != C.MONTH_ABBR:
            break
        if text.find("\n", ends[lo - 1], starts[lo]) >= 0:  # a line break in the gap before token lo
            break
        lo -= 1
    hi, n = i + 1, len(lowers)
    while hi < n and hi - i < MAX_DISTANCE:
        if lowers[hi] in SENTENCE_END or text.find("\n", ends[hi - 1], starts[hi]) >= 0:
            break
        hi += 1
    return lo, hi


def _is_plain_word(toks: Tokens, k: int) -> bool:
    """A lower-case word the lexicon does not know: the only tokens shape patterns may judge."""
    return toks.classes[k] == C.WORD and toks.text[toks.starts[k]].islower()


def _cue(lex: Lexicon, toks: Tokens, k: int, near: bool = False) -> tuple[str, float] | None:
    """The tense cue at token k, with a weight (lower is stronger): modal verbs and auxiliaries
    beat reporting verbs, which beat verbs recognised only by their shape. A present-tense verb
    counts only ``near`` the expression (next to it, as in "Vrijdag spreekt" / "spreekt vrijdag")."""
    word = toks.lowers[k]
    pair = word + " " + toks.lowers[k + 1] if k + 1 < len(toks.lowers) else ""
    if word in lex.future_cues or pair in lex.future_cues:
        return "future", 0.7
    if word in lex.past_cues or pair in lex.past_cues:
        return "past", 1.0
    if word in lex.reporting_cues or pair in lex.reporting_cues:
        return "past", 1.3
    if word in lex.shape_exceptions or not _is_plain_word(toks, k):
        return None
    for pattern in lex.future_patterns:
        if pattern.match(word):
            return "future", 1.2
    for pattern in lex.past_patterns:
        if pattern.match(word):
            return "past", 1.5
    for pattern in lex.present_patterns if near else ():
        if pattern.match(word):
            return "future", 2.0
    return None


def _word_reading(lex: Lexicon, word: str) -> tuple:
    """What ``word`` alone says, for :func:`_cue`: (cue from the word lists, from a shape, from a present form).

    Shape readings are None for the lexicon's shape exceptions; the caller checks the token is a plain word.
    """
    if word in lex.future_cues:
        return ("future", 0.7), None, None
    if word in lex.past_cues:
        return ("past", 1.0), None, None
    if word in lex.reporting_cues:
        return ("past", 1.3), None, None
    if word in lex.shape_exceptions:
        return None, None, None
    shape = present = None
    if any(pattern.match(word) for pattern in lex.future_patterns):
        shape = ("future", 1.2)
    elif any(pattern.match(word) for pattern in lex.past_patterns):
        shape = ("past", 1.5)
    elif any(pattern.match(word) for pattern in lex.present_patterns):
        present = ("future", 2.0)
    return None, shape, present


def _cue_fast(lex: Lexicon, toks: Tokens, k: int, near: bool, readings: dict, pair_heads: frozenset):
    """:func:`_cue`, reading each distinct word once per lexicon (the same answers, looked up)."""
    word = toks.lowers[k]
    if word in pair_heads:  # the next token may complete a multi-word cue: the full reading
        return _cue(lex, toks, k, near)
    reading = readings.get(word)
    if reading is None:
        reading = _word_reading(lex, word)
        if len(readings) < MAX_READINGS:  # bounded: memory stays flat however many words a corpus has
            readings[word] = reading
    listed, shape, present = reading
    if listed is not None:
        return listed
    if shape is None and (present is None or not near):
        return None
    if not _is_plain_word(toks, k):
        return None
    return shape if shape is not None else present


def _has_past_auxiliary(lex: Lexicon, toks: Tokens, lo: int, hi: int) -> bool:
    return any(toks.lowers[k] in lex.past_aux for k in range(lo, hi))


def direction(toks: Tokens, i: int, j: int, lex: Lexicon) -> str | None:
    """'future', 'past', or None (no cue) for the expression spanning tokens i..j-1.

    The nearest cue wins; cues after the expression count as farther away, since the verb an
    adverbial modifies usually comes before it in news sentences.
    """
    lo, hi = _sentence_bounds(toks, i)
    deadline = i > 0 and toks.lowers[i - 1] in lex.deadline_preps  # "by February", "tot maart": ahead
    if deadline and not _has_past_auxiliary(lex, toks, lo, hi):  # unless "until Thursday they had ..."
        return "future"
    best, best_distance = None, float(MAX_DISTANCE + 1)
    tables = lex.lookup_tables()
    readings, pair_heads = tables.word_cues, tables.cue_pair_heads
    for k in range(lo, hi):
        if i <= k < j:
            continue
        found = _cue_fast(lex, toks, k, i - k <= PRESENT_REACH and k - j < PRESENT_REACH, readings, pair_heads)
        if found is None:
            continue
        distance = (i - k if k < i else (k - j + 1) * 1.5) * found[1]
        if distance < best_distance:
            best, best_distance = found[0], distance
    return best
