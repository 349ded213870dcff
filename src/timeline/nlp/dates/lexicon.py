"""Per-language word tables for the temporal tagger, built once per language and cached.

Month and weekday names, calendar unit words, "ago" words, numerals and relative-day phrases
("gisteren", "la semaine dernière") come from dateparser's locale data
(``dateparser/data/date_translation_data/<lang>.py``), read once into plain dictionaries so no
dateparser code runs per match. The hand-written files in ``nlp/lexicons/temporal/<lang>.yml`` add
only what dateparser lacks (function words such as "later"/"daarna"/"plus tard", parts of the day,
seasons, set words, tense cues). A language without a YAML file gets dateparser's names plus the
English function words; a language dateparser does not know falls back to English entirely.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from timeline.config import YAML_LOADER
from timeline.nlp.dates import classes as C
from timeline.nlp.dates.tokens import is_sign, norm, split

LEXICON_DIR = Path(__file__).resolve().parent.parent / "lexicons" / "temporal"
MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december")
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
UNIT_KEYS = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "MIN",
             "second": "S", "decade": "DE", "century": "CE", "fortnight": "F"}
RELATIVE_UNITS = {"day": "D", "week": "W", "month": "M", "year": "Y"}
LANGUAGE_SPECIFIC_KEYS = ("names_capitalized", "weak_names", "weak_name_context", "future_cues", "past_cues",
                          "reporting_cues", "past_aux", "shape_exceptions", "year_context", "plural_nouns",
                          "vague_adjectives", "possessives", "decade_words", "shift_after", "shift_before",
                          "deadline_preps", "past_patterns",
                          "future_patterns", "present_patterns", "ampm", "numbers", "ordinals")
_LANG_RE = re.compile(r"^[a-z]{2,3}$")
_RELATIVE_KEY = re.compile(r"^(?:(\d+) (\w+) ago|in (\d+) (\w+))$")

Entry = tuple[str, object]  # (class character, value)


@dataclass(frozen=True, slots=True)
class LookupTables:
    """Indexes derived from a :class:`Lexicon` so the per-token work is one dictionary look-up.

    ``known``: every key of ``Lexicon.words``. ``fixed_classes`` / ``fixed_values``: the class (and
    value, when not None) of every key whose token, when it starts no phrase, is classed by its key
    alone: words of letters whose class does not depend on capitals, and single signs (a sign alone is
    always a punctuation token); signs the lexicon does not know are added as they are met.
    ``phrases_by_next``: a phrase head's phrases grouped by their second token, longest first as in
    ``Lexicon.phrases``. ``cue_pair_heads``: the leading parts (up to a space) of the multi-word tense
    cues; only after such a word does the next token matter for the cue. The caches hold answers that
    depend on the word alone (a surface of letters is always a word token), so they are exact.
    """

    known: frozenset[str]
    fixed_classes: dict[str, str]
    fixed_values: dict[str, object]
    phrases_by_next: dict[str, dict[str, list[tuple[tuple[str, ...], Entry]]]]
    cue_pair_heads: frozenset[str]
    word_cues: dict = field(default_factory=dict)  # word -> its cue reading, filled as words are met
    surface_entries: dict = field(default_factory=dict)  # known word or sign -> (value, class), likewise

    @classmethod
    def of(cls, lex: Lexicon) -> LookupTables:
        by_next: dict[str, dict[str, list]] = {}
        for head, bucket in lex.phrases.items():
            grouped = by_next.setdefault(head, {})
            for rest, entry in bucket:
                grouped.setdefault(rest[0], []).append((rest, entry))
        heads = set()
        for cue in lex.future_cues | lex.past_cues | lex.reporting_cues:
            heads.update(cue[:k] for k, ch in enumerate(cue) if ch == " ")
        fixed: dict[str, Entry] = {}
        for sign, sign_class in C.PUNCT_CLASSES.items():
            if norm(sign) not in lex.words:
                fixed[norm(sign)] = (sign_class, None)
        for key, entry in lex.words.items():
            if _fixed_by_key(lex, key, entry[0]):
                fixed[key] = entry
        return cls(frozenset(lex.words),
                   {key: entry[0] for key, entry in fixed.items()},
                   {key: entry[1] for key, entry in fixed.items() if entry[1] is not None},
                   by_next, frozenset(heads))


def _fixed_by_key(lex: Lexicon, key: str, cls: str) -> bool:
    """Whether a known word's class follows from its key alone (see :func:`tokens._word_class`)."""
    if cls in lex.capitalized_classes or cls in (C.TZ, C.UNIT):
        return False
    return key.isalpha() or is_sign(key)


@dataclass
class Lexicon:
    """Everything the tagger knows about one language's words."""

    lang: str
    words: dict[str, Entry] = field(default_factory=dict)
    phrases: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(default_factory=dict)
    date_order: str = "DMY"
    capitalized_classes: frozenset[str] = frozenset()
    weak_names: frozenset[str] = frozenset()
    weak_name_context: frozenset[str] = frozenset()
    past_ref_words: frozenset[str] = frozenset()
    plural_units: frozenset[str] = frozenset()
    vague_fallback: dict[str, str] = field(default_factory=dict)
    future_cues: frozenset[str] = frozenset()
    past_cues: frozenset[str] = frozenset()
    reporting_cues: frozenset[str] = frozenset()
    past_aux: frozenset[str] = frozenset()
    year_context: frozenset[str] = frozenset()
    vague_adjectives: frozenset[str] = frozenset()
    possessives: frozenset[str] = frozenset()
    shift_after: frozenset[str] = frozenset()
    shift_before: frozenset[str] = frozenset()
    shape_exceptions: frozenset[str] = frozenset()
    deadline_preps: frozenset[str] = frozenset()
    past_patterns: tuple[re.Pattern, ...] = ()
    future_patterns: tuple[re.Pattern, ...] = ()
    present_patterns: tuple[re.Pattern, ...] = ()
    plural_nouns: re.Pattern | None = None
    _lookup: LookupTables | None = field(default=None, repr=False, compare=False)

    def lookup_tables(self) -> LookupTables:
        """The tokenizer's and tense reader's indexes over these tables, built on first use."""
        if self._lookup is None:
            self._lookup = LookupTables.of(self)
        return self._lookup

    def add(self, phrase: str, cls: str, value: object = None) -> None:
        """Register a word or a multi-word phrase (tokenized like running text)."""
        self._lookup = None
        if phrase.endswith(("'", "’")) and " " not in phrase:  # an elided article alone: "l'", "d'"
            self.words[norm(phrase)] = (cls, value)
            return
        keys = tuple(norm(t[2]) for t in split(phrase))
        if not keys:
            return
        if len(keys) == 1:
            self.words[keys[0]] = (cls, value)
            return
        bucket = self.phrases.setdefault(keys[0], [])
        bucket[:] = [(rest, e) for rest, e in bucket if rest != keys[1:]]
        bucket.append((keys[1:], (cls, value)))
        bucket.sort(key=lambda item: -len(item[0]))


def _dateparser_info(lang: str) -> dict | None:
    if not _LANG_RE.match(lang):
        return None
    try:
        module = importlib.import_module(f"dateparser.data.date_translation_data.{lang}")
    except ImportError:
        return None
    return getattr(module, "info", None)


def _load_yaml(name: str) -> dict:
    path = LEXICON_DIR / f"{name}.yml"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=YAML_LOADER) or {}


def _is_full_name(name: str, names: list[str]) -> bool:
    longest = max(names, key=len)
    return name == longest or (len(name) >= 5 and not longest.startswith(name))


def _add_names(lex: Lexicon, info: dict) -> None:
    """Months (full names and abbreviations of 3+ letters) and full weekday names."""
    for number, key in enumerate(MONTH_KEYS, start=1):
        names = [n.lower() for n in info.get(key, [])]
        for name in names:
            if _is_full_name(name, names):
                lex.add(name, C.MONTH, number)
            elif len(name) >= 3:
                lex.add(name, C.MONTH_ABBR, number)
    for number, key in enumerate(WEEKDAY_KEYS):
        names = [n.lower() for n in info.get(key, [])]
        if names:
            lex.add(max(names, key=len), C.WEEKDAY, (number, None))


def _add_units(lex: Lexicon, info: dict) -> None:
    for key, code in UNIT_KEYS.items():
        for name in info.get(key, []):
            if len(name) >= 3:
                lex.add(name.lower(), C.UNIT, code)


def _ago_position(info: dict, word: str) -> str:
    """Whether an "ago" word precedes the amount ("il y a 5 jours") or follows it ("5 dagen geleden")."""
    patterns = [p for ps in info.get("relative-type-regex", {}).values() for p in ps]
    for pattern in patterns:
        if pattern.startswith(word + " "):
            return C.AGO_PRE
    return C.AGO


def _add_relative(lex: Lexicon, info: dict) -> None:
    """dateparser's relative phrases: "gisteren" (-1 day), "la semaine dernière" (-1 week), "nu"."""
    for key, phrases in info.get("relative-type", {}).items():
        m = _RELATIVE_KEY.match(key)
        if not m:
            continue
        amount = int(m.group(1) or m.group(3))
        unit = m.group(2) or m.group(4)
        offset = -amount if m.group(1) else amount
        for phrase in phrases:
            if unit == "second" and amount == 0:
                lex.add(phrase, C.VAGUE, "PRESENT_REF")
            elif unit in RELATIVE_UNITS and not (amount == 0 and unit != "day"):
                lex.add(phrase, C.REL, (offset, RELATIVE_UNITS[unit], None, False))
    for word in info.get("ago", []):
        lex.add(word, _ago_position(info, word))


def _add_pertain(lex: Lexicon, info: dict) -> None:
    """Words that join a day to its month ("2 de enero", "2 of January")."""
    for word in info.get("pertain") or []:
        lex.add(word, C.OF)


def _add_dateparser_numbers(lex: Lexicon, info: dict) -> None:
    for item in info.get("simplifications", []):
        for word, value in item.items():
            if re.fullmatch(r"[^\W\d_]+", word) and re.fullmatch(r"\d+", str(value)):
                lex.add(word, C.NUMW, int(value))


def _add_compound_numbers(lex: Lexicon, spec: dict) -> None:
    """Generate "vijfentwintig" / "einundzwanzig" from their parts."""
    for unit_word, unit in spec.get("units", {}).items():
        for tens_word, tens in spec.get("tens", {}).items():
            for joiner in spec.get("joiners", []):
                lex.add(f"{unit_word}{joiner}{tens_word}", C.NUMW, tens + unit)


def _add_mapping(lex: Lexicon, mapping: dict, cls: str) -> None:
    for phrase, value in (mapping or {}).items():
        lex.add(str(phrase), cls, value)


def _add_list(lex: Lexicon, phrases: list, cls: str, value: object = None) -> None:
    for phrase in phrases or []:
        if not isinstance(phrase, str):  # YAML 1.1 turns bare on/off/yes/no into booleans
            raise ValueError(f"temporal lexicon: {phrase!r} is not a string; quote it in the YAML file")
        lex.add(phrase, cls, value)


def _relative_entry(value: object, narrative: bool) -> tuple:
    if isinstance(value, list):
        return (int(value[0]), "D", value[1], narrative)
    return (int(value), "D", None, narrative)


def _add_relative_days(lex: Lexicon, sup: dict) -> None:
    for phrase, value in (sup.get("relative_days") or {}).items():
        lex.add(str(phrase), C.REL, _relative_entry(value, False))
    for phrase, value in (sup.get("narrative_days") or {}).items():
        lex.add(str(phrase), C.REL, _relative_entry(value, True))


def _add_weekday_parts(lex: Lexicon, parts: dict) -> None:
    """Weekday + part of day written as one word: "vrijdagavond", "Freitagabend"."""
    weekdays = [(w, v) for w, (cls, v) in list(lex.words.items()) if cls == C.WEEKDAY]
    for word, (number, _) in weekdays:
        for part_word, part in parts.items():
            if re.fullmatch(r"[^\W\d_]+", str(part_word)):
                lex.add(word + str(part_word), C.WEEKDAY, (number, part))


def _add_weekday_plurals(lex: Lexicon) -> None:
    """"Mondays", "lundis", "maandags": every such weekday (a SET), unless the form means something else."""
    for word, (cls, value) in list(lex.words.items()):
        if cls == C.WEEKDAY and value[1] is None and word + "s" not in lex.words:
            lex.add(word + "s", C.SETW, f"XXXX-WXX-{value[0] + 1}")


def _add_function_words(lex: Lexicon, sup: dict) -> None:
    """The hand-written tables, in an order where later (more specific) entries win."""
    _add_mapping(lex, sup.get("numbers"), C.NUMW)
    _add_compound_numbers(lex, sup.get("compound_numbers") or {})
    _add_mapping(lex, sup.get("units"), C.UNIT)
    _add_mapping(lex, sup.get("ordinals"), C.ORD)
    _add_list(lex, sup.get("last"), C.LAST, False)
    _add_list(lex, sup.get("narrative_last"), C.LAST, True)
    _add_list(lex, sup.get("next"), C.NEXT, False)
    _add_list(lex, sup.get("narrative_next"), C.NEXT, True)
    _add_list(lex, sup.get("this"), C.THIS)
    _add_list(lex, sup.get("that"), C.THAT)
    _add_list(lex, sup.get("same"), C.SAME)
    _add_list(lex, sup.get("ago"), C.AGO)
    _add_list(lex, sup.get("ago_pre"), C.AGO_PRE)
    _add_list(lex, sup.get("later"), C.LATER)
    _add_list(lex, sup.get("earlier"), C.EARLIER)
    _add_list(lex, sup.get("of"), C.OF)
    _add_list(lex, sup.get("articles"), C.ART)
    _add_list(lex, sup.get("indefinite"), C.INDEF, 1)
    _add_mapping(lex, sup.get("parts_of_day"), C.PART)
    _add_mapping(lex, sup.get("seasons"), C.SEASON)
    _add_list(lex, sup.get("half"), C.HALF)
    _add_mapping(lex, sup.get("edges"), C.EDGE)
    _add_list(lex, sup.get("few"), C.FEW)
    _add_list(lex, sup.get("every"), C.EVERY)
    _add_list(lex, sup.get("time_preps"), C.TPREP)
    _add_list(lex, sup.get("range_to"), C.TO)
    _add_mapping(lex, sup.get("approx"), C.APPROX)
    _add_list(lex, sup.get("clock_suffix"), C.CLOCK_UNIT)
    _add_mapping(lex, sup.get("noon"), C.NOON)
    _add_list(lex, sup.get("fiscal"), C.FISCAL)
    _add_list(lex, sup.get("decade_nouns"), C.DECADE_NOUN)
    _add_list(lex, sup.get("duration_preps"), C.DURATION_PREP)
    _add_list(lex, sup.get("in_future"), C.IN_FUTURE)
    _add_mapping(lex, sup.get("vague_durations"), C.DURATION_WORD)
    _add_list(lex, sup.get("age_after"), C.AGE_AFTER)
    _add_list(lex, sup.get("age_before"), C.AGE_BEFORE)
    for noun in sup.get("age_nouns") or []:  # "une adolescente de 14 ans", "een meisje van 15 jaar"
        _add_list(lex, [f"{noun} {joiner}" for joiner in sup.get("age_joiners") or []], C.AGE_BEFORE)
    _add_mapping(lex, sup.get("deixis_suffixes"), C.DEIXIS)
    _add_mapping(lex, sup.get("holidays"), C.HOLIDAY)
    _add_mapping(lex, sup.get("vague"), C.VAGUE)
    _add_mapping(lex, sup.get("decade_words"), C.DECADE)
    _add_list(lex, sup.get("period_nouns"), C.PERIOD)
    _add_list(lex, sup.get("more"), C.MORE)
    _add_mapping(lex, sup.get("approx_after"), C.APPROX_AFTER)
    _add_mapping(lex, sup.get("sets"), C.SETW)
    _add_relative_days(lex, sup)
    _add_mapping(lex, sup.get("ampm"), C.AMPM)
    if sup.get("compound_parts"):
        _add_weekday_parts(lex, sup.get("parts_of_day") or {})
    _add_weekday_plurals(lex)


def _mark_clock_units(lex: Lexicon, sup: dict) -> None:
    """Clock suffixes that are also hour words ("uur", "heures") keep the hour unit as value."""
    for word in sup.get("clock_suffix") or []:
        key = norm(str(word))
        if key in lex.words and lex.words[key][0] == C.CLOCK_UNIT:
            lex.words[key] = (C.CLOCK_UNIT, "H" if key not in ("o'clock", "oclock") else None)


def _words(sup: dict, key: str) -> frozenset[str]:
    return frozenset(norm(str(w)) for w in sup.get(key) or [])


def _patterns(sup: dict, key: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p) for p in sup.get(key) or [])


def _set_cues(lex: Lexicon, sup: dict) -> None:
    lex.future_cues = _words(sup, "future_cues")
    lex.past_cues = _words(sup, "past_cues")
    lex.reporting_cues = _words(sup, "reporting_cues")
    lex.past_aux = _words(sup, "past_aux")
    lex.year_context = _words(sup, "year_context")
    lex.vague_adjectives = _words(sup, "vague_adjectives")
    lex.possessives = _words(sup, "possessives")
    lex.shift_after = _words(sup, "shift_after")
    lex.shift_before = _words(sup, "shift_before")
    lex.plural_nouns = re.compile(sup["plural_nouns"]) if sup.get("plural_nouns") else None
    lex.shape_exceptions = _words(sup, "shape_exceptions")
    lex.deadline_preps = _words(sup, "deadline_preps")
    lex.past_patterns = _patterns(sup, "past_patterns")
    lex.future_patterns = _patterns(sup, "future_patterns")
    lex.present_patterns = _patterns(sup, "present_patterns")
    lex.past_ref_words = _words(sup, "past_ref_words")
    lex.weak_names = _words(sup, "weak_names")
    lex.weak_name_context = _words(sup, "weak_name_context")
    if sup.get("names_capitalized"):
        lex.capitalized_classes = frozenset((C.MONTH, C.MONTH_ABBR, C.WEEKDAY))


def _vague_fallback(lex: Lexicon, sup: dict) -> None:
    """Words that are "this" in "this year" but vague alone ("current" -> PRESENT_REF)."""
    for word in sup.get("this") or []:
        key = norm(str(word))
        if key in (sup.get("vague") or {}):
            lex.words[key] = (C.THIS, None)
            lex.vague_fallback[key] = sup["vague"][word]


def _plural_units(lex: Lexicon) -> frozenset[str]:
    """Unit words longer than their unit's shortest word and ending like a plural (days, dagen, années)."""
    by_unit: dict[object, list[str]] = {}
    for word, (cls, value) in lex.words.items():
        if cls == C.UNIT:
            by_unit.setdefault(value, []).append(word)
    plural = set()
    for words in by_unit.values():
        shortest = min(len(w) for w in words)
        plural.update(w for w in words if len(w) > shortest and w.endswith(("s", "en", "e", "x")))
    return frozenset(plural)


@lru_cache(maxsize=32)
def get_lexicon(lang: str) -> Lexicon:
    """The word tables for ``lang`` (ISO 639-1 code); unknown languages fall back gracefully."""
    lang = (lang or "en").lower().split("-")[0].split("_")[0]
    info = _dateparser_info(lang)
    sup = _load_yaml(lang)
    if info is None and not sup:
        return get_lexicon("en") if lang != "en" else Lexicon("en")
    if not sup:  # English function words, but not English spelling or tense conventions
        sup = {k: v for k, v in _load_yaml("en").items() if k not in LANGUAGE_SPECIFIC_KEYS}
    lex = Lexicon(lang, date_order=str((info or {}).get("date_order", "DMY")))
    common = _load_yaml("common")
    if info:
        _add_units(lex, info)
        _add_names(lex, info)
        _add_relative(lex, info)
        _add_dateparser_numbers(lex, info)
        _add_pertain(lex, info)
    _add_function_words(lex, sup)
    _add_list(lex, common.get("timezones"), C.TZ)
    _add_mapping(lex, common.get("ampm"), C.AMPM)
    _add_list(lex, common.get("currency"), C.CURRENCY)
    _mark_clock_units(lex, sup)
    lex.plural_units = _plural_units(lex)
    _set_cues(lex, sup)
    _vague_fallback(lex, sup)
    return lex
