"""Small shared pieces of the NLP stage: an actor found in a text, sentence look-up, name keys."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_NON_KEY = re.compile(r"[^a-z0-9]+")

# Evidence strength of an actor mention, used to keep rule-found candidates precise.
WEAK, NAME_SHAPED, CUED, CURATED = 0, 1, 2, 3


@dataclass(slots=True)
class Found:
    """An actor mention inside one text, before it is tied to an article."""

    start: int
    end: int
    text: str
    key: str  # actor_id
    name: str  # canonical name
    kind: str
    country: str | None = None
    source: str = "rule"  # dictionary | ner | rule | coref
    strength: int = NAME_SHAPED
    speaks_for: str | None = None  # canonical name of the organisation a spokesperson represents
    generic: bool = False  # a bare head word ("the Commission"): kept only if it abbreviates a longer name


class Sentences:
    """Sentence boundaries of one text, with a fast offset → sentence-index look-up."""

    def __init__(self, bounds: list[tuple[int, int]]):
        self.bounds = bounds or [(0, 0)]
        self.starts = [s for s, _ in self.bounds]

    def index(self, offset: int) -> int:
        return max(0, bisect_right(self.starts, offset) - 1)

    def span(self, i: int) -> tuple[int, int]:
        return self.bounds[i]

    def __len__(self) -> int:
        return len(self.bounds)


_APOS = re.compile(r"['’]s?$")


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """A stable actor key from a name: lower case, no accents, no possessive, dashes for spaces."""
    base = _APOS.sub("", name.strip())
    base = strip_accents(base).lower()
    return _NON_KEY.sub("-", base).strip("-") or "actor"


def clean_name(text: str) -> str:
    """The display form of a found name: single spaces, no trailing possessive or punctuation."""
    text = " ".join(text.split())
    text = _APOS.sub("", text)
    return text.strip(" ,.;:-–—\"'«»“”")
