"""Is the sentence around a token about the past or the future?

Weekday names, bare month names and seasons need a direction: "on Friday" in "the minister said on
Friday" is the Friday before the publication date, in "the minister will speak on Friday" the one
after. Without a parser we look at cue words of the language (auxiliaries, "said", "will", "zal",
"va", past participles by shape) in the same sentence and let the nearest cue decide. News is
mostly about the past, so callers read no cue (None) as past where they must choose.
"""

from __future__ import annotations

from timeline.nlp.dates import classes as C
from timeline.nlp.dates.lexicon import Lexicon
from timeline.nlp.dates.tokens import Tokens

SENTENCE_END = frozenset(".!?;")
MAX_DISTANCE = 25


def _sentence_bounds(toks: Tokens, i: int) -> tuple[int, int]:
    """Token range of the sentence holding token i (split at . ! ? ; and blank lines)."""
    lo = i
    while lo > 0 and i - lo < MAX_DISTANCE:
        if toks.lowers[lo - 1] in SENTENCE_END and toks.classes[lo - 1] != C.MONTH_ABBR:
            break
        if "\n" in toks.gap(lo):
            break
        lo -= 1
    hi, n = i + 1, len(toks.lowers)
    while hi < n and hi - i < MAX_DISTANCE:
        if toks.lowers[hi] in SENTENCE_END or "\n" in toks.gap(hi):
            break
        hi += 1
    return lo, hi


def _cue(lex: Lexicon, toks: Tokens, k: int) -> tuple[str, float] | None:
    """The tense cue at token k, with a weight (lower is stronger): modal verbs and auxiliaries
    beat past participles recognised only by their shape."""
    word = toks.lowers[k]
    pair = word + " " + toks.lowers[k + 1] if k + 1 < len(toks.lowers) else ""
    if word in lex.future_cues or pair in lex.future_cues:
        return "future", 0.7
    if word in lex.past_cues or pair in lex.past_cues:
        return "past", 1.0
    for pattern in lex.future_patterns:
        if pattern.match(word):
            return "future", 1.2
    for pattern in lex.past_patterns:
        if pattern.match(word):
            return "past", 1.5
    return None


def direction(toks: Tokens, i: int, j: int, lex: Lexicon) -> str | None:
    """'future', 'past', or None (no cue) for the expression spanning tokens i..j-1.

    The nearest cue wins; cues after the expression count as farther away, since the verb an
    adverbial modifies usually comes before it in news sentences.
    """
    if i > 0 and toks.lowers[i - 1] in lex.deadline_preps:  # "by February", "tot maart": ahead
        return "future"
    lo, hi = _sentence_bounds(toks, i)
    best, best_distance = None, float(MAX_DISTANCE + 1)
    for k in range(lo, hi):
        if i <= k < j:
            continue
        found = _cue(lex, toks, k)
        if found is None:
            continue
        distance = (i - k if k < i else (k - j + 1) * 1.5) * found[1]
        if distance < best_distance:
            best, best_distance = found[0], distance
    return best
