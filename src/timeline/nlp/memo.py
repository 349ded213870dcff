"""Bounded memos for the rule matchers: answers that are pure functions of a string, remembered per string.

News repeats the same names, titles, triggers and phrases, so most look-ups hit. Every rule memo (actor
rules, event extractor and lexicons, term matchers) goes through :func:`remember`. A memo that grows past
:data:`MEMO_MAX` entries is emptied rather than trimmed: clearing costs nothing per hit, and memory stays
flat (a few MB per language at most) however long the corpus.
"""

from __future__ import annotations

from typing import TypeVar

MEMO_MAX = 4096  # entries per memo before it is emptied
MISSING = object()  # for memos whose remembered answer may be None

V = TypeVar("V")


def remember(memo: dict, key, value: V) -> V:
    """Store `value` under `key` in a bounded memo and return it."""
    if len(memo) >= MEMO_MAX:
        memo.clear()
    memo[key] = value
    return value
