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
from operator import itemgetter
from pathlib import Path
from typing import Any

import yaml

from timeline.config import YAML_LOADER
from timeline.errors import ConfigError
from timeline.nlp.memo import MISSING, remember

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
        self._stems_by_prefix: dict[str, list[tuple[str, re.Pattern]]] = {}
        for stem, regex in self.stem_groups.items():
            self._stems_by_prefix.setdefault(stem[:_PREFIX_MIN], []).append((stem, regex))
        self._stem_prefixes = frozenset(self._stems_by_prefix)
        self.literal_words = frozenset(self.literal)
        flags = 0 if case_sensitive else re.IGNORECASE
        self.regex = re.compile(_trie_regex(fallback_trie, root=True), flags) if fallback_trie else None
        self.complex_terms = complex_terms
        self._memo: dict[str, tuple[str, Any] | None] = {}
        self.complex = None
        self._complex_firsts: _FirstWords | None = None
        if complex_terms:
            # One lookbehind for all terms (as in the tries): inside a word the scan fails after one check
            alts = [f"(?P<t{i}>{term_regex(t)}(?!\\w))" for i, (t, _) in enumerate(complex_terms)]
            self.complex = re.compile(_first_char_guard(complex_terms) + r"(?<!\w)(?:" + "|".join(alts) + ")", flags)
            self._complex_firsts = _FirstWords.of([t for t, _ in complex_terms], lower)

    def __bool__(self) -> bool:
        return bool(self.literal or self.stem_groups or self.regex is not None or self.complex is not None)

    def _lookup(self, matched: str) -> tuple[str, Any] | None:
        """The term and payload for a matched text; remembered, as the same few words match again and again."""
        found = self._memo.get(matched, MISSING)
        if found is MISSING:
            found = remember(self._memo, matched, self._lookup_uncached(matched))
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
            # a stem's first letters must begin some word of the text: one set intersection finds the stems
            for prefix in self._stem_prefixes & index.prefixes():
                for stem, regex in self._stems_by_prefix[prefix]:
                    candidates.extend((regex, w) for w in index.words_starting(stem))
        return candidates

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, int, str, Any]]:
        """(start, end, matched term, payload) for each match, left to right, without overlaps.

        Every match is found before the first is returned (not a generator: callers want them all)."""
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
        if self.regex is not None:
            for m in self.regex.finditer(text, pos, end_at):
                found = lookup(m.group())
                if found is not None:
                    hits.append((m.start(), m.end(), *found))
        if self.complex is not None:
            terms = self.complex_terms
            hits.extend((m.start(), m.end(), *terms[int(m.lastgroup[1:])])
                        for m in self._complex_matches(text, index, pos, end_at))
        return iter(_without_overlaps(hits))

    def _complex_matches(self, text: str, index: _TextIndex, pos: int, end_at: int) -> Iterator[re.Match]:
        """What ``self.complex.finditer(text, pos, end_at)`` yields, tried only where a term's first word occurs.

        A scan of the whole text with the gap terms' pattern costs as much as all the other terms together;
        their first words pick the few word starts where a match can begin (see :class:`_FirstWords`), and
        the pattern is tried there, left to right, each try after the previous match's end as a scan would.
        """
        firsts = self._complex_firsts
        starts = firsts.starts(text, index) if firsts is not None else None
        if starts is None:
            return self.complex.finditer(text, pos, end_at)
        found = []
        match = self.complex.match
        after = pos
        for start in starts:
            if after <= start < end_at:
                m = match(text, start, end_at)
                if m is not None:
                    found.append(m)
                    after = m.end()
        return iter(found)


# Text characters whose case-insensitive regex match is exactly "same lower case" and that keep their length
# and their being a word character when lower-cased: ASCII, Latin-1 and Latin Extended-A, general punctuation
# and the euro sign, less the few with extra case partners in the regex engine ("µ"/"μ", "ı"/"i", "ſ"/"s")
# or a longer lower case ("İ"). Outside them the gap terms fall back to the scan.
_PLAIN_CASE = "\x00-\xb4\xb6-\u012f\u0132-\u017e\u2000-\u206f\u20ac"
_NOT_PLAIN_CASE = re.compile(f"[^{_PLAIN_CASE}]")
_LEADING_WORD = re.compile(r"\w*")


class _FirstWords:
    """The first words of gap terms ("condemn* ... fine*"), to find the word starts where one may match.

    A match begins at a word start (the pattern's look-behind) with the first word's leading letters: the
    whole word there is those letters (``told``, ``n'`` → ``n``), begins with them (``condemn*``) or, for
    ``*onderzoek``, holds them. Case-insensitive matchers compare lower-cased words, which is what the
    regex engine's ignore-case comparison is for text and terms in :data:`_PLAIN_CASE`.
    """

    def __init__(self, exact: frozenset[str], prefixes: tuple[str, ...], inner: tuple[str, ...], lower: bool):
        self.exact, self.prefixes, self.inner, self.lower = exact, prefixes, inner, lower

    @classmethod
    def of(cls, terms: list[str], lower: bool) -> _FirstWords | None:
        """The terms' first words; None when one cannot be told from the word index (the scan is used)."""
        exact: set[str] = set()
        prefixes: set[str] = set()
        inner: set[str] = set()
        for term in terms:
            word = term.split()[0]
            lead = word.startswith("*") and len(word) > 1
            core = word[1:] if lead else word
            letters = _LEADING_WORD.match(core).group()
            if not letters or (lower and (_NOT_PLAIN_CASE.search(letters) or len(letters.lower()) != len(letters))):
                return None
            letters = letters.lower() if lower else letters
            star = core.endswith("*") and len(core) > 1 and len(letters) == len(core) - 1
            if lead:
                inner.add(letters)
            elif star:
                prefixes.add(letters)
            else:
                exact.add(letters)
        return cls(frozenset(exact), tuple(sorted(prefixes)), tuple(sorted(inner)), lower)

    def starts(self, text: str, index: _TextIndex) -> list[int] | None:
        """The word starts, in order, where a term may match; None when the text needs the scan."""
        if self.lower and (index.haystack is text or _NOT_PLAIN_CASE.search(text)):
            return None
        words = [*(self.exact & index.words)]
        for stem in self.prefixes:
            words.extend(index.words_starting(stem))
        hay = index.haystack
        for part in self.inner:
            if part in hay:
                words.extend(w for w in index.words if part in w)
        if not words:
            return []
        return sorted({p for w in words for p in index.positions_of(w)})


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
_WORD = re.compile(r"\w+")
_FIRST_LETTERS = itemgetter(slice(None, _PREFIX_MIN))


def _is_word_char(ch: str) -> bool:
    """What ``\\w`` matches in a str pattern: a letter, digit or numeric character, or the underscore."""
    return ch.isalnum() or ch == "_"


class _TextIndex:
    """The words of one text (lower-cased or as written) and where each occurs.

    The lower-cased index, which the case-insensitive matchers ask for the positions of some 40 words per
    text, notes every word's offsets in one pass (``all_positions``). The index as written is asked for a
    few words only: it builds just the word set (one C-level ``findall``) and finds a word's positions on
    demand with a substring search, faster than a Python loop over all words.
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
        # A plain substring search (no regex to compile: most words of a text are new to the process), each
        # hit kept when no word character touches it on either side. An occurrence overlapping a whole-word
        # one would have a word character before it, so stepping one character on after a hit loses none.
        hay = self.haystack
        size, n = len(hay), len(word)
        out = []
        i = hay.find(word)
        while i != -1:
            end = i + n
            if (i == 0 or not _is_word_char(hay[i - 1])) and (end == size or not _is_word_char(hay[end])):
                out.append(i)
            i = hay.find(word, i + 1)
        return out

    def prefixes(self) -> frozenset[str]:
        """The first ``_PREFIX_MIN`` letters of each word (whole shorter words)."""
        if self._prefixes is None:
            self._prefixes = frozenset(map(_FIRST_LETTERS, self.words))  # sliced in C, not in a generator
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
