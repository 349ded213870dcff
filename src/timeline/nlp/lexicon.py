"""Word lists as data: load the per-language YAML lexicons and compile their terms to one regex.

Lexicons live in ``timeline/nlp/lexicons/<kind>/<lang>.yml`` so that a linguist can extend them without
touching code. Terms are matched on the raw text, without lemmas, so they work on blank spaCy
pipelines: ``restrict*`` matches any word starting with "restrict", ``a ... b`` allows up to three
words between ``a`` and ``b``; matching is case-insensitive unless a matcher is built case-sensitive.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from collections.abc import Set as AbstractSet
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from timeline.config import YAML_LOADER
from timeline.errors import ConfigError

LEXICON_DIR = Path(__file__).parent / "lexicons"


class _WordLoader(YAML_LOADER):
    """YAML 1.1 reads "on", "no", "yes", "off" as booleans; in word lists they are words.

    Built on the project's loader (libyaml's when PyYAML has it: a tenth of the CPU, and every process
    reads these lists).
    """


_WordLoader.yaml_implicit_resolvers = {
    key: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
APOSTROPHES = "'’"
_GAP = r"(?:[^\w]+\w+){0,3}?[^\w]+"


@cache
def load_lexicon(kind: str, lang: str) -> dict[str, Any]:
    """The ``kind`` lexicon (``actors`` or ``events``) for ``lang``; empty when the language has none."""
    path = LEXICON_DIR / kind / f"{lang}.yml"
    if not path.is_file():
        return {}
    return read_yaml_mapping(path)


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """A YAML file that must hold a mapping; a clear ConfigError otherwise."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_WordLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(path, f"invalid YAML: {getattr(exc, 'problem', exc)}",
                          line=mark.line + 1 if mark else None) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(path, "expected a mapping at the top level")
    return data


def term_regex(term: str) -> str:
    """The regex body of one lexicon term (without boundaries)."""
    parts = []
    for word in term.split():
        if word == "...":
            parts.append(None)
            continue
        lead = word.startswith("*") and len(word) > 1  # "*onderzoek": inside compounds (strafonderzoek)
        word = word[1:] if lead else word
        stem, star = (word[:-1], True) if word.endswith("*") and len(word) > 1 else (word, False)
        body = "".join(f"[{APOSTROPHES}]" if ch in APOSTROPHES else re.escape(ch) for ch in stem)
        parts.append((r"\w*" if lead else "") + body + (r"\w*" if star else ""))
    out = ""
    for i, part in enumerate(parts):
        if part is None:
            continue
        if i > 0:
            out += _GAP if parts[i - 1] is None else r"\s+"
        out += part
    return out


_WILD, _SPACE, _APOS, _END = "\x00w", "\x00s", "\x00a", "\x00e"


def _units(term: str, lower: bool) -> list[str] | None:
    """A term as trie units (characters, space, apostrophe, trailing wildcard); None if it needs a regex."""
    words = term.split()
    if any(w == "..." for w in words) or any("*" in w[1:-1] or w.startswith("*") for w in words) or any(
            w.endswith("*") for w in words[:-1]):
        return None
    units: list[str] = []
    for i, word in enumerate(words):
        if i:
            units.append(_SPACE)
        star = word.endswith("*") and len(word) > 1
        for ch in word[:-1] if star else word:
            units.append(_APOS if ch in APOSTROPHES else (ch.lower() if lower else ch))
        if star:
            units.append(_WILD)
    return units


def _trie_regex(node: dict, root: bool = False) -> str:
    alts = []
    word_starts = []  # root branches that begin with a word character share one (?<!\w) check
    for unit in sorted(k for k in node if k != _END):
        if unit == _WILD:
            body = r"\w*" + _trie_regex(node[unit])
        elif unit == _SPACE:
            body = r"\s+" + _trie_regex(node[unit])
        elif unit == _APOS:
            body = f"[{APOSTROPHES}]" + _trie_regex(node[unit])
        else:
            body = re.escape(unit) + _trie_regex(node[unit])
        (word_starts if root and (unit.isalnum() or unit == "_") else alts).append(body)
    if word_starts:
        # One lookbehind in front of the alternation, not one per branch: inside a word the scan then fails
        # after a single check instead of trying every branch (4-8x faster on news text, same matches).
        alts.insert(0, r"(?<!\w)(?:" + "|".join(word_starts) + ")")
    if _END in node:
        alts.append(node[_END])
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


def _norm(text: str, lower: bool) -> str:
    text = " ".join(text.split()).replace("’", "'")
    return text.lower() if lower else text


class TermMatcher:
    """Find every non-overlapping occurrence of many terms in one pass, each with its payload.

    Terms are grouped by their first word. A text is indexed once (its words, their positions and
    their first letters), the groups whose first word occurs in it are found with set operations, and
    only there a small compiled trie of the group's terms is tried. This keeps matching proportional
    to the text rather than to the lexicon: a plain alternation of a few thousand terms made Python's
    regex engine try every term at every character. Terms with gaps (``a ... b``), inner wildcards or
    a non-letter start go through one ordinary regex. Longer matches win over their prefixes.
    """

    def __init__(self, terms: Mapping[str, Any] | Iterable[tuple[str, Any]], *, case_sensitive: bool = False):
        items = list(terms.items()) if isinstance(terms, Mapping) else list(terms)
        lower = not case_sensitive
        self.lower = lower
        self.exact: dict[str, tuple[str, Any]] = {}
        self.stems: dict[str, tuple[str, Any]] = {}
        literal_tries: dict[str, dict] = {}
        stem_tries: dict[str, dict] = {}
        fallback_trie: dict = {}
        complex_terms: list[tuple[str, Any]] = []
        for term, payload in items:
            term = " ".join(str(term).split())
            if not term:
                continue
            units = _units(term, lower)
            if units is None:
                complex_terms.append((term, payload))
                continue
            key = _norm(term, lower)
            if key.endswith("*"):
                self.stems.setdefault(key[:-1], (term, payload))
            else:
                self.exact.setdefault(key, (term, payload))
            first = _first_word(units)
            if first is None:
                target = fallback_trie
            elif first[1]:
                target = stem_tries.setdefault(first[0], {})
            else:
                target = literal_tries.setdefault(first[0], {})
            _add(target, units)
        self.literal = {w: re.compile(_trie_regex(t)) for w, t in literal_tries.items()}
        self.stem_groups = {w: re.compile(_trie_regex(t)) for w, t in stem_tries.items()}
        self.literal_words = frozenset(self.literal)
        flags = 0 if case_sensitive else re.IGNORECASE
        self.regex = re.compile(_trie_regex(fallback_trie, root=True), flags) if fallback_trie else None
        self.complex_terms = complex_terms
        self._memo: dict[str, tuple[str, Any] | None] = {}
        self.complex = None
        if complex_terms:
            # One lookbehind for all terms (as in the tries): inside a word the scan fails after one check
            alts = [f"(?P<t{i}>{term_regex(t)}(?!\\w))" for i, (t, _) in enumerate(complex_terms)]
            self.complex = re.compile(_first_char_guard(complex_terms) + r"(?<!\w)(?:" + "|".join(alts) + ")", flags)

    def __bool__(self) -> bool:
        return bool(self.literal or self.stem_groups or self.regex is not None or self.complex is not None)

    def _lookup(self, matched: str) -> tuple[str, Any] | None:
        """The term and payload for a matched text; remembered, as the same few words match again and again."""
        found = self._memo.get(matched, _MISSING)
        if found is _MISSING:
            if len(self._memo) > _MEMO_MAX:
                self._memo.clear()
            found = self._memo[matched] = self._lookup_uncached(matched)
        return found

    def _lookup_uncached(self, matched: str) -> tuple[str, Any] | None:
        key = _norm(matched, self.lower)
        if key in self.exact:
            return self.exact[key]
        for i in range(len(key), 0, -1):
            if key[:i] in self.stems:
                return self.stems[key[:i]]
        return None

    def _candidates(self, index: _TextIndex) -> list[tuple[re.Pattern, str]]:
        """(trie, word) for each word of the text that begins a group of terms."""
        candidates = [(self.literal[w], w) for w in self.literal_words & index.words]
        if self.stem_groups:
            prefixes = index.prefixes()  # a stem's first letters must begin some word of the text
            for stem, regex in self.stem_groups.items():
                if stem[:_PREFIX_MIN] in prefixes:
                    candidates.extend((regex, w) for w in index.words_starting(stem))
        return candidates

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, int, str, Any]]:
        """(start, end, matched term, payload) for each match, left to right, without overlaps."""
        end_at = len(text) if endpos is None else endpos
        index = text_index(text, self.lower)
        hay = index.haystack
        hits = []
        lookup = self._lookup
        for regex, word in self._candidates(index):
            for start in index.positions_of(word):
                if pos <= start < end_at:
                    m = regex.match(hay, start, end_at)
                    if m is not None:
                        s, e = m.span()
                        found = lookup(text[s:e])
                        if found is not None:
                            hits.append((s, e, *found))
        for regex in (self.regex, self.complex):
            if regex is None:
                continue
            for m in regex.finditer(text, pos, end_at):
                if regex is self.complex:
                    term, payload = self.complex_terms[int(m.lastgroup[1:])]
                    hits.append((m.start(), m.end(), term, payload))
                else:
                    found = self._lookup(m.group())
                    if found is not None:
                        hits.append((m.start(), m.end(), *found))
        yield from _without_overlaps(hits)


def first_char_guard(words: Iterable[str]) -> str:
    """A look-ahead for the characters the lexicon `words` can begin with ("" when there are none or one
    can begin with anything); put in front of their alternation, it changes no match."""
    terms = [(" ".join(str(w).split()), None) for w in words if w is not None and str(w).strip()]
    return _first_char_guard(terms) if terms else ""


def _first_char_guard(terms: list[tuple[str, Any]]) -> str:
    """A look-ahead for the characters the terms can begin with, or "" when one can begin with any.

    At a word start the scan then fails after one class test instead of trying every term; the
    class is matched with the pattern's own flags, so it accepts whatever the terms' first letters do.
    """
    firsts: set[str] = set()
    for term, _ in terms:
        word = term.split()[0]
        if word.startswith("*") or word == "...":  # "*onderzoek": any letters first
            return ""
        firsts.update(APOSTROPHES if word[0] in APOSTROPHES else word[0])
    return "(?=[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "])"


def _first_word(units: list[str]) -> tuple[str, bool] | None:
    """The term's leading word and whether it is a stem (``restrict*``); None if it starts otherwise."""
    chars = []
    for unit in units:
        if unit == _WILD:
            return ("".join(chars), True) if len(chars) >= _PREFIX_MIN else None
        if len(unit) != 1 or not (unit.isalnum() or unit == "_"):
            break
        chars.append(unit)
    return ("".join(chars), False) if chars else None


def _add(trie: dict, units: list[str]) -> None:
    node = trie
    for unit in units:
        node = node.setdefault(unit, {})
    last = units[-1]
    node.setdefault(_END, r"(?!\w)" if last == _WILD or last.isalnum() else "")


_PREFIX_MIN = 3  # a stem group needs at least this many letters before its wildcard
_MISSING = object()
_MEMO_MAX = 4096  # matched texts remembered per matcher (a few hundred in practice)
_WORD = re.compile(r"\w+")


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches in a str pattern: a letter, digit or numeric character, or the underscore."""
    return ch.isalnum() or ch == "_"


class _TextIndex:
    """The words of one text (lower-cased or as written) and where each occurs.

    The lower-cased index, which the case-insensitive matchers ask for the positions of some 40 words per
    text, notes every word's offsets in one pass (``all_positions``). The index as written is asked for a
    few words only: it builds just the word set (one C-level ``findall``) and finds a word's positions on
    demand with a regex search, faster than a Python loop over all words.
    """

    def __init__(self, haystack: str, all_positions: bool = False):
        self.haystack = haystack
        self._sorted: list[str] | None = None
        self._prefixes: frozenset[str] | None = None
        self._complete = all_positions
        self.words: AbstractSet[str]
        if all_positions:
            positions: dict[str, list[int]] = {}
            for m in _WORD.finditer(haystack):
                positions.setdefault(m.group(), []).append(m.start())
            self._positions = positions
            self.words = positions.keys()
        else:
            self.words = frozenset(_WORD.findall(haystack))
            self._positions = {}

    def positions_of(self, word: str) -> list[int]:
        """Start offsets of `word` as a whole ``\\w+`` token, in text order (empty if it is not one).

        The list is shared: callers must not change it."""
        found = self._positions.get(word)
        if found is None:
            if self._complete:
                return []
            found = self._positions[word] = self._find(word) if word in self.words else []
        return found

    def _find(self, word: str) -> list[int]:
        # The regex engine finds the word not followed by a word character (a literal-prefix search in C);
        # only the word character before it is checked here. A rejected match cannot hide a whole-word
        # occurrence inside itself: `word` is a run of word characters.
        hay = self.haystack
        return [i for m in _word_end_regex(word).finditer(hay)
                if (i := m.start()) == 0 or not _is_word_char(hay[i - 1])]

    def prefixes(self) -> frozenset[str]:
        """The first ``_PREFIX_MIN`` letters of each word (whole shorter words)."""
        if self._prefixes is None:
            self._prefixes = frozenset(w[:_PREFIX_MIN] for w in self.words)
        return self._prefixes

    def words_starting(self, stem: str) -> list[str]:
        """The text's words that begin with `stem`, in alphabetical order."""
        if self._sorted is None:
            self._sorted = sorted(self.words)
        words = self._sorted
        i = bisect_left(words, stem)
        out = []
        while i < len(words) and words[i].startswith(stem):
            out.append(words[i])
            i += 1
        return out


_WORD_END: dict[str, re.Pattern] = {}


def _word_end_regex(word: str) -> re.Pattern:
    """``word(?!\\w)``, compiled once per word (the cache is emptied when it grows large)."""
    regex = _WORD_END.get(word)
    if regex is None:
        if len(_WORD_END) > 4096:
            _WORD_END.clear()
        regex = _WORD_END[word] = re.compile(re.escape(word) + r"(?!\w)")
    return regex


_INDEX_CACHE: dict[tuple[int, bool], tuple[str, _TextIndex]] = {}


def text_index(text: str, lower: bool) -> _TextIndex:
    """The (cached) index of `text`; lower-cased when that keeps every offset, else as written."""
    key = (id(text), lower)
    cached = _INDEX_CACHE.get(key)
    if cached is not None and cached[0] is text:
        return cached[1]
    hay = text
    if lower:
        low = text.lower()
        hay = low if len(low) == len(text) else text
    index = _TextIndex(hay, all_positions=lower)
    if len(_INDEX_CACHE) > 16:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[key] = (text, index)
    return index


def _without_overlaps(hits: list[tuple]) -> list[tuple]:
    kept: list[tuple] = []
    for hit in sorted(hits, key=lambda h: (h[0], -(h[1] - h[0]))):
        if not kept or hit[0] >= kept[-1][1]:
            kept.append(hit)
    return kept


def words_alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words/phrases, longest first (for use inside larger patterns)."""
    cleaned = {" ".join(str(w).split()) for w in words if w is not None and str(w).strip()}
    uniq = sorted(cleaned, key=lambda w: (-len(w), w))
    return "|".join(term_regex(w) for w in uniq) or r"(?!x)x"
