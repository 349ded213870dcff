"""Compiled actor cues for one language: titles, role nouns, organisation heads, countries, stop words.

Everything here comes from the data files in ``lexicons/actors/`` (plus spaCy's stop-word lists), so
that adding a language is a matter of writing one YAML file. Languages without a file still get the
language-independent parts (countries, capitalisation rules, spaCy stop words).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from timeline.nlp.lexicon import APOSTROPHES, first_char_guard, load_lexicon, words_alternation


# Upper-case letters of the Latin, Greek and Cyrillic blocks, for "capitalised word" patterns.
def _char_ranges(codes: list[int]) -> str:
    """A compact regex class body ("A-Z", "À-Ö", ...) for a sorted list of code points."""
    out, i = [], 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        first, last = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        out.append(first if i == j else f"{first}-{last}")
        i = j + 1
    return "".join(out)


UPPER = _char_ranges([c for c in (*range(0x41, 0x250), *range(0x370, 0x530)) if chr(c).isupper()])
CAP_WORD = (rf"(?:[{UPPER}][a-z]?\.(?=[ \u00a0][{UPPER}])"  # "St. Clair", "J. K."
            rf"|(?:[{UPPER}][\w]*(?:['’][{UPPER}][\w]*)?|[a-z]{{1,2}}[{UPPER}][\w]*)(?:-[\w]+)*)")

INTERGOVERNMENTAL = {"EU"}


@dataclass(frozen=True)
class Country:
    code: str
    name: str  # canonical English name
    adjective: str  # English adjective, for names like "French government"

    @property
    def kind(self) -> str:
        return "intergovernmental_body" if self.code in INTERGOVERNMENTAL else "country"


@dataclass
class ActorCues:
    """Everything the rule detector needs to know about one language."""

    lang: str
    titles: frozenset[str] = frozenset()
    long_titles: tuple[str, ...] = ()  # one-word titles that end compounds ("...minister", "...woordvoerder")
    spokesperson: frozenset[str] = frozenset()
    org_heads: dict[str, str] = field(default_factory=dict)
    known_orgs: dict[str, str] = field(default_factory=dict)  # one-word organisation names → kind
    role_kinds: dict[str, str] = field(default_factory=dict)
    non_actor_heads: frozenset[str] = frozenset()
    not_names: frozenset[str] = frozenset()
    not_alone: frozenset[str] = frozenset()  # words that are parts of names but never a name alone
    places: frozenset[str] = frozenset()
    locatives: frozenset[str] = frozenset()
    joiners: tuple[str, ...] = ()
    org_adjectives: frozenset[str] = frozenset()
    country_names: dict[str, Country] = field(default_factory=dict)  # surface (as written) → country
    demonyms: dict[str, Country] = field(default_factory=dict)  # lower-case surface → country
    stop_words: frozenset[str] = frozenset()
    # (regex, kind, name template, words the text must hold, slots {DEM}/{COUNTRY} standing as whole words)
    institutions: list[tuple[re.Pattern, str, str, tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    # patterns of the institution regexes whose template opens with {DEM} followed by a non-word character
    dem_led: frozenset[str] = frozenset()
    # patterns of the institution regexes whose template opens with a literal word ("parquet de {CAP}") →
    # that word, lower case; and the characters that make a lower-cased word index no proof for them
    word_led: dict[str, str] = field(default_factory=dict)
    word_guard: re.Pattern | None = None
    demonym_firsts: frozenset[str] | None = None  # first words of the demonyms, lower case
    demonym_guard: re.Pattern | None = None  # characters that make demonym_firsts no proof (see case_guard)
    country_firsts: frozenset[str] | None = None  # first words of the country names, as written
    prefix_re: re.Pattern | None = None  # title / role noun / demonym right before a name
    prefix_tail: re.Pattern | None = None  # pre-check for prefix_re: its cue's last word, reversed
    spokes_re: re.Pattern | None = None  # spokesperson word right after a name
    definite_re: re.Pattern | None = None  # "the company", "het bedrijf": definite role descriptions
    portfolio_re: re.Pattern | None = None  # "minister for", "ministre du": what follows is a portfolio
    portfolio_tail: re.Pattern | None = None  # pre-check for portfolio_re


def _lower_set(items) -> frozenset[str]:
    return frozenset(" ".join(str(i).lower().split()) for i in items or ())


@cache
def _countries() -> tuple[dict[str, dict[str, Country]], dict[str, dict[str, Country]]]:
    """(names per language, demonyms per language) from countries.yml; "*" holds every language."""
    data = load_lexicon("actors", "countries")
    names: dict[str, dict[str, Country]] = {"*": {}}
    demonyms: dict[str, dict[str, Country]] = {"*": {}}
    for code, entry in data.items():
        en_names = entry.get("names", {}).get("en") or [code]
        country = Country(code=str(code), name=en_names[0], adjective=str(entry.get("en_adj") or en_names[0]))
        for lang, words in entry.get("names", {}).items():
            for w in words:
                names.setdefault(lang, {})[w] = country
                names["*"].setdefault(w, country)
        for lang, words in entry.get("demonyms", {}).items():
            for w in words:
                demonyms.setdefault(lang, {})[w.lower()] = country
                demonyms["*"].setdefault(w.lower(), country)
    return names, demonyms


def all_country_names() -> dict[str, Country]:
    """Every country name in every language (as written) → country."""
    return _countries()[0]["*"]


def _stop_words(lang: str) -> frozenset[str]:
    try:
        import spacy

        return frozenset(spacy.util.get_lang_class(lang).Defaults.stop_words)
    except Exception:  # an unknown language code: no stop words rather than no analysis
        return frozenset()


_DEM_FIRST = re.compile(r"\{DEM\}(?!\w)")  # a template that opens with a demonym standing as a whole word
_WORD_FIRST = re.compile(r"(\w+)[ '’]")  # a template that opens with a literal word, then a space or apostrophe


def _word_led(templates, institutions) -> dict[str, str]:
    """Institution regex pattern → the literal word its template opens with (lower case): the regex can
    only match where that word stands as a whole ``\\w+`` word (a space or apostrophe follows it)."""
    out = {}
    for item, (regex, *_) in zip(templates or (), institutions, strict=True):
        m = _WORD_FIRST.match(item["pattern"])
        if m:
            out[regex.pattern] = m.group(1).lower()
    return out


def _institution_regexes(templates, cues: ActorCues) -> list[tuple[re.Pattern, str, str, tuple[str, ...]]]:
    dem = words_alternation(cues.demonyms)
    country = "|".join(re.escape(n) for n in sorted(cues.country_names, key=len, reverse=True)) or r"(?!x)x"
    cap_seq = rf"{CAP_WORD}(?:[ \u00a0]{CAP_WORD})?"
    out = []
    for item in templates or ():
        pattern, kind, name = item["pattern"], item["kind"], item.get("name", item["pattern"])
        regex = ""
        for piece in re.split(r"(\{CAP\}|\{DEM\}|\{COUNTRY\})", pattern):
            if piece == "{CAP}":
                regex += rf"(?P<cap>{cap_seq})"
            elif piece == "{DEM}":
                regex += rf"(?i:(?P<dem>{dem}))"
            elif piece == "{COUNTRY}":
                regex += rf"(?P<country>{country})"
            elif piece:
                regex += "(?i:" + r"\s+".join(re.escape(w).replace("'", "['’]") for w in piece.split(" ")) + ")"
        # every literal word must be in the text (lower case, apostrophes made straight, as the regex allows both)
        keywords = tuple(dict.fromkeys(re.sub(r"\{\w+\}", " ", pattern).lower().replace("’", "'").split()))
        slots = tuple(slot for slot in ("DEM", "COUNTRY") if re.search(rf"(?:^| )\{{{slot}\}}(?: |$)", pattern))
        out.append((re.compile(rf"(?<!\w){regex}(?!\w)"), kind, name, keywords, slots))
    return out


def first_words(names, lower: bool) -> frozenset[str] | None:
    """The first ``\\w+`` run of each name (lower-cased if `lower`); None if a name starts otherwise.

    A template slot filled by one of `names` can only match where its first word is a word of the text:
    a cheap set test before the slot's long alternation is run over the whole text.
    """
    out = set()
    for name in names:
        name = str(name).lower() if lower else str(name)
        m = re.match(r"\w+", name)
        if not m or "*" in name:
            return None
        out.add(m.group())
    return frozenset(out)


def reversed_tails(phrases) -> re.Pattern | None:
    """The last words of `phrases`, reversed, as one case-insensitive regex (None if a phrase has a wildcard).

    A regex that must end at the end of a window (``cue\\s*,?\\s*$``) is tried at every position of it;
    matching this one at the start of the reversed window first is one attempt, and rules out most windows.
    """
    tails = set()
    for phrase in phrases:
        words = str(phrase).split()
        if not words or "*" in phrase or "..." in words:
            return None
        tails.add("".join(f"[{APOSTROPHES}]" if ch in APOSTROPHES else re.escape(ch) for ch in reversed(words[-1])))
    return re.compile("|".join(sorted(tails)), re.IGNORECASE) if tails else None


def ends_with_tail(window: str, tail: re.Pattern | None) -> bool:
    """Whether `window`, without its trailing ``\\s*,?\\s*``, can end with one of `tail`'s words."""
    if tail is None:
        return True
    end = window.rstrip()
    if end.endswith(","):
        end = end[:-1].rstrip()
    return tail.match(end[::-1]) is not None


def case_guard(names) -> re.Pattern | None:
    """Characters a case-insensitive regex for `names` equates with one of their letters although lower-
    casing does not make them that letter ("ſ" matches "s", "ı" matches "i"): in a text holding one, a
    set of lower-cased words cannot tell whether the regex would match."""
    try:
        from re._casefix import _EXTRA_CASES  # CPython's table of such letters (3.11+)
    except ImportError:
        return re.compile(r"[^\x00-\x7f]")  # unknown table: no verdict on any non-ASCII text
    extra: set[str] = set()
    for ch in {c for name in names for c in str(name).lower()}:
        extra.update(chr(x) for x in _EXTRA_CASES.get(ord(ch), ()))
    guard = {v for c in extra for v in (c, c.upper(), c.title()) if v.lower() == c}
    return re.compile("[" + "".join(re.escape(c) for c in sorted(guard)) + "]") if guard else None


@cache
def cues_for(lang: str) -> ActorCues:
    """The compiled cues for `lang` (cached: built once per process)."""
    lex = load_lexicon("actors", lang)
    names, demonyms = _countries()
    cues = ActorCues(lang=lang)
    cues.titles = _lower_set(lex.get("person_titles"))
    cues.spokesperson = _lower_set(lex.get("spokesperson"))
    cues.long_titles = tuple(t for t in cues.titles if " " not in t and len(t) >= 5)
    for other in ("en", "nl", "fr", "de", lang):  # "Foundation", "Ministerie", "Times" head names everywhere
        for kind, heads in (load_lexicon("actors", other).get("org_heads") or {}).items():
            for h in heads:
                cues.org_heads[" ".join(str(h).lower().split())] = kind
    for other in ("en", "nl", "fr", "de", lang):  # an outlet or regulator keeps its name in every language
        for kind, org_names in (load_lexicon("actors", other).get("known_orgs") or {}).items():
            for n in org_names:
                cues.known_orgs[" ".join(str(n).lower().split())] = kind
    cues.org_heads.update(cues.known_orgs)
    for kind, nouns in (lex.get("role_nouns") or {}).items():
        for n in nouns:
            cues.role_kinds[" ".join(str(n).lower().split())] = kind
    english = load_lexicon("actors", "en")  # English law and programme names appear in every language
    cues.non_actor_heads = _lower_set([*(lex.get("non_actor_heads") or []), *(english.get("non_actor_heads") or [])])
    cues.not_names = _lower_set(lex.get("not_names"))
    cues.not_alone = _lower_set([*(lex.get("not_alone") or []), *(english.get("not_alone") or [])])
    cues.places = _lower_set(lex.get("places"))
    cues.locatives = _lower_set(lex.get("locatives"))
    cues.joiners = tuple(str(j) for j in lex.get("joiners") or ())
    cues.org_adjectives = _lower_set(lex.get("org_adjectives"))
    cues.country_names = {**names.get("en", {}), **names.get(lang, {})}
    cues.demonyms = {**demonyms.get("en", {}), **demonyms.get(lang, {})}
    cues.stop_words = _stop_words(lang)
    cues.institutions = _institution_regexes(lex.get("institution_patterns"), cues)
    cues.dem_led = frozenset(regex.pattern for item, (regex, *_) in zip(
        lex.get("institution_patterns") or (), cues.institutions, strict=True) if _DEM_FIRST.match(item["pattern"]))
    cues.word_led = _word_led(lex.get("institution_patterns"), cues.institutions)
    cues.word_guard = case_guard(cues.word_led.values())
    cues.demonym_firsts = first_words(cues.demonyms, lower=True)
    cues.demonym_guard = case_guard(cues.demonyms)
    cues.country_firsts = first_words(cues.country_names, lower=False)
    prefix_words = words_alternation([*cues.titles, *cues.role_kinds])
    dem = words_alternation(cues.demonyms)
    country_names = "|".join(re.escape(n) for n in sorted(cues.country_names, key=len, reverse=True))
    cues.prefix_re = re.compile(
        rf"(?:(?<!\w)(?:(?P<dem>{dem})|(?P<ctry>{country_names})['’]s?)\s+)?(?<!\w)(?P<cue>{prefix_words})\s*,?\s*$",
        re.IGNORECASE,
    )
    cues.prefix_tail = reversed_tails([*cues.titles, *cues.role_kinds])
    portfolio_links = [*cues.joiners, "au", "aux", "à la", "à l'", "chargé de", "chargée de", "chargé du",
                       "chargée du", "voor", "for", "of", "für", "van"]
    cues.portfolio_tail = reversed_tails(portfolio_links)
    cues.portfolio_re = re.compile(
        rf"(?<!\w)(?:{words_alternation(cues.titles)})\s+(?:{words_alternation(portfolio_links)})\s*$", re.IGNORECASE
    )
    articles = lex.get("definite_articles") or []
    if articles and cues.role_kinds:
        # the look-ahead for the articles' first letters lets the scan fail at most positions after one test
        cues.definite_re = re.compile(
            rf"{first_char_guard(articles)}(?<!\w)(?:{words_alternation(articles)})\s*"
            rf"(?P<noun>{words_alternation(cues.role_kinds)})(?!\w)", re.I)
    if cues.spokesperson:
        cues.spokes_re = re.compile(rf"^['’]?s?\s+(?:{words_alternation(cues.spokesperson)})(?!\w)", re.IGNORECASE)
    return cues
