"""Actors in one text: the case dictionary, statistical NER when present, rules, then one canonical name each.

Three sources, strongest first, each skipping what a stronger one already claimed:

1. the curated dictionary (``actors.yml``): every alias in every language, matched on the raw text so
   that inflected and compound forms count ("Musks", "Musk's", "Grok-chatbot", "l'Arcom");
2. the named entities of a trained spaCy pipeline, when one is installed;
3. the model-free rules of :mod:`timeline.nlp.actor_rules`.

Within a document, surname-only mentions ("Chappaz", "Musks") are resolved to the full name they
abbreviate, and role phrases from the dictionary ("the billionaire", "le chatbot", "Brussel") to the
one actor that claims them, when exactly one such actor is named in the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from itertools import accumulate

from timeline.config import load_actors
from timeline.nlp.actor_cues import all_country_names, cues_for
from timeline.nlp.actor_rules import RuleDetector
from timeline.nlp.lexicon import LEXICON_DIR, TermMatcher
from timeline.nlp.memo import remember
from timeline.nlp.spans import CUED, CURATED, NAME_SHAPED, WEAK, Found, Sentences, name_key
from timeline.types import ActorEntry

_POSSESSIVE_END = re.compile(r"['’]s?$")
_SPACE_CAPITAL = re.compile(r"\s+[A-Z]")

NER_PERSON = {"PERSON", "PER"}
# Kinds a definite description can refer back to: "the company" may be a platform's owner or the platform.
KIND_GROUPS = {
    "company": {"company", "platform"},
    "platform": {"platform", "company"},
    "ai_system": {"ai_system"},
    "regulator": {"regulator"},
    "government": {"government"},
    "prosecutor_court": {"prosecutor_court"},
    "ngo": {"ngo"},
    "media": {"media"},
}
NER_USED = {"PERSON", "PER", "ORG", "GPE", "NORP"}
_POSSESSIVE = re.compile(r"(?:['’]s?|(?<=[a-zà-ÿ]{3})s)$")


def _case_sensitive(alias: str) -> bool:
    return len(alias) <= 2


def _variants(alias: str) -> list[str]:
    """The alias and its possessive / genitive forms."""
    out = [alias, alias + "'s", alias + "'"]
    if len(alias) > 3 and alias[-1].isalpha() and alias[-1] not in "sxzSXZ":
        out.append(alias + "s")
    return out


def background_entries() -> tuple[ActorEntry, ...]:
    """The shipped dictionary of well-known actors (``lexicons/actors/common.yml``)."""
    return _background()


@cache
def _background() -> tuple[ActorEntry, ...]:
    return load_actors(LEXICON_DIR / "actors" / "common.yml")


def merge_entries(curated: Sequence[ActorEntry], background: Sequence[ActorEntry]) -> list[ActorEntry]:
    """Curated entries, then background entries that collide with none of them (id, name or alias)."""
    {e.actor_id for e in curated}
    taken_names = {name_key(a) for e in curated for a in e.all_aliases()}
    out = list(curated)
    by_id = {e.actor_id: i for i, e in enumerate(out)}
    for e in background:
        if e.actor_id in by_id:  # the case's entry wins; it inherits role phrases it does not define
            i = by_id[e.actor_id]
            roles = {**e.roles, **out[i].roles}
            out[i] = replace(out[i], roles=roles)
            continue
        if name_key(e.name) in taken_names:
            continue
        aliases = {lang: tuple(a for a in names if name_key(a) not in taken_names)
                   for lang, names in e.aliases.items()}
        out.append(replace(e, aliases=aliases))
    return out


class DictionaryMatcher:
    """Aliases and role phrases of the curated actors, found on raw text in one regex pass each.

    Entries after the first `n_curated` come from the background dictionary: their mentions count as
    rule-found (source "rule"), so the actor table treats them like any name found without the case.
    """

    def __init__(self, entries: Sequence[ActorEntry], lang: str, n_curated: int | None = None):
        self.entries = list(entries)
        self.n_curated = len(self.entries) if n_curated is None else n_curated
        self.by_id = {e.actor_id: e for e in self.entries}
        exact, loose, roles = [], [], []
        for idx, entry in enumerate(self.entries):
            for alias in entry.all_aliases():
                target = exact if _case_sensitive(alias) else loose
                target.extend((v, idx) for v in _variants(alias))
            for key in ("any", lang):
                roles.extend((phrase, idx) for phrase in entry.roles.get(key, ()))
        self.exact = TermMatcher(exact, case_sensitive=True)
        self.loose = TermMatcher(loose)
        self.roles = TermMatcher(roles)
        self.role_owners: dict[str, set[int]] = defaultdict(set)
        for phrase, idx in roles:
            self.role_owners[" ".join(phrase.lower().split()).replace("’", "'")].add(idx)
        self.surnames = self._surnames()
        # whether an entry's own name ends like a possessive ("Reuters'"): then a matched ending is kept
        self.possessive_name = [bool(_POSSESSIVE_END.search(e.name)) for e in self.entries]
        cues = cues_for(lang)
        self.country_names = set(all_country_names())
        self.locatives = cues.locatives

    def _after_locative(self, text: str, start: int) -> bool:
        before = text[max(0, start - 20): start].split()
        return bool(before) and before[-1].lower().strip("(,") in self.locatives

    def _surnames(self) -> dict[str, int]:
        """Last names of curated people that belong to exactly one of them."""
        owners: dict[str, set[int]] = defaultdict(set)
        for idx, e in enumerate(self.entries):
            if e.kind == "person":
                for alias in e.all_aliases():
                    parts = alias.split()
                    if len(parts) > 1:
                        owners[parts[-1].lower()].add(idx)
        return {k: next(iter(v)) for k, v in owners.items() if len(v) == 1}

    def find(self, text: str) -> list[Found]:
        hits = []
        for matcher in (self.exact, self.loose):
            for start, end, term, idx in matcher.finditer(text):
                surface = text[start:end]
                if term[:1].isupper() and not surface[:1].isupper() and " " not in term:
                    continue  # "commission" in lower case is not "Commission"
                if term in self.country_names and self._after_locative(text, start):
                    continue  # "in France" is a place; "France asked ..." is an actor
                tail = _POSSESSIVE_END.search(surface)
                if tail and not self.possessive_name[idx]:
                    end -= len(tail.group())  # "Musk's": the mention is "Musk"; the ending says whose
                hits.append((start, end, idx))
        return [self._found(start, end, text, idx, "dictionary") for start, end, idx in _longest_first(hits)]

    def _found(self, start: int, end: int, text: str, idx: int, source: str) -> Found:
        e = self.entries[idx]
        curated = idx < self.n_curated
        return Found(start, end, text[start:end], e.actor_id, e.name, e.kind, e.country,
                     source if curated else "rule", CURATED if curated else CUED)

    def resolve_roles(self, text: str, found: list[Found]) -> list[Found]:
        """Role phrases that point at one actor: the one named in this text that claims the role, or the
        role's only claimant when no actor of its kind is named at all."""
        present = {f.key for f in found}
        kinds_present = {f.kind for f in found}
        taken = [(f.start, f.end) for f in found]
        out = []
        for start, end, term, _ in self.roles.finditer(text):
            if any(s < end and start < e for s, e in taken):
                continue
            owners = self.role_owners.get(" ".join(term.lower().split()).replace("’", "'"), set())
            named = [i for i in owners if self.entries[i].actor_id in present]
            if len(named) == 1:
                out.append(self._found(start, end, text, named[0], "coref"))
            elif not named and len(owners) == 1:
                idx = next(iter(owners))
                if self.entries[idx].kind not in kinds_present:
                    out.append(self._found(start, end, text, idx, "coref"))
        return out

    def surname_owner(self, word: str) -> ActorEntry | None:
        idx = self.surnames.get(word.lower())
        return self.entries[idx] if idx is not None else None


def _longest_first(hits: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Drop hits overlapping a longer (or earlier equal) hit."""
    kept: list[tuple[int, int, int]] = []
    starts: list[int] = []  # of the kept hits, which never overlap: sorted by start, they are sorted by end too
    ends: list[int] = []
    for start, end, idx in sorted(hits, key=lambda h: (-(h[1] - h[0]), h[0])):
        i = bisect_left(starts, end)  # kept[:i] start before this hit ends; only the last of them can reach it
        if i and ends[i - 1] > start:
            continue
        starts.insert(i, start)
        ends.insert(i, end)
        kept.append((start, end, idx))
    return sorted(kept)


class ActorFinder:
    """All actor mentions of one text, canonical and typed."""

    def __init__(self, lang: str, entries: Sequence[ActorEntry] = (), *, background: bool = True):
        self.lang = lang
        self.rules = RuleDetector(lang)
        self.background = background
        self._noun_groups: dict[str, set[str]] = {}  # role noun as written → ActorFinder._kind_group of it
        self.set_entries(entries)

    def set_entries(self, entries: Sequence[ActorEntry], background: bool | None = None) -> None:
        if background is not None:
            self.background = background
        merged = merge_entries(entries, background_entries() if self.background else ())
        self.dictionary = DictionaryMatcher(merged, self.lang, n_curated=len(entries))

    def find(self, text: str, sents: Sentences, ents: Sequence[tuple[int, int, str]] = ()) -> list[Found]:
        """Mentions in `text`; `ents` are (start, end, label) from a statistical NER, if any."""
        found = self.dictionary.find(text)
        found += self._from_ner(text, sents, ents, [(f.start, f.end) for f in found])
        found += self.rules.detect(text, sents, [(f.start, f.end) for f in found])
        found += self.dictionary.resolve_roles(text, found)
        found.sort(key=lambda f: f.start)
        found += self._definite_descriptions(text, found)
        found.sort(key=lambda f: f.start)
        return [f for f in self._resolve_short_names(found) if not _is_credit(text, f)]

    def _definite_descriptions(self, text: str, found: list[Found]) -> list[Found]:
        """"the company", "het bedrijf", "la plateforme": the nearest actor of that kind named before."""
        regex = self.rules.cues.definite_re
        if regex is None:
            return []
        out = []
        starts = [f.start for f in found]
        reach = list(accumulate((f.end for f in found), max))  # the furthest end among found[:i + 1]
        groups = self._noun_groups
        for m in regex.finditer(text):
            start, end = m.span()
            k = bisect_left(starts, end)  # found[:k] start before the match ends (found is sorted)
            if k and reach[k - 1] > start:
                continue  # it overlaps an actor mention
            if _SPACE_CAPITAL.match(text, end, end + 2):
                continue  # "the regulator Ofcom": the name that follows is the mention
            noun = m.group("noun")
            group = groups.get(noun)
            if group is None:
                group = remember(groups, noun, self._kind_group(noun))
            i = bisect_right(starts, start)
            while i:  # the nearest actor named before, of a kind the noun can refer to, within 600 characters
                i -= 1
                f = found[i]
                if f.kind in group and start - f.end < 600:
                    noun_start = m.start("noun")
                    out.append(Found(noun_start, end, text[noun_start:end], f.key, f.name, f.kind, f.country,
                                     "coref", f.strength))
                    break
        return out

    def _kind_group(self, noun: str) -> set[str]:
        """The actor kinds a role noun of a definite description can refer back to."""
        kind = self.rules.cues.role_kinds.get(" ".join(noun.lower().split()))
        return KIND_GROUPS.get(kind, {kind})

    def _from_ner(self, text: str, sents: Sentences, ents, covered) -> list[Found]:
        out: list[Found] = []
        ctx = None
        for start, end, label in ents:
            if label not in NER_USED or any(s < end and start < e for s, e in covered):
                continue
            if ctx is None:
                from timeline.nlp.actor_rules import _DocContext

                ctx = _DocContext(text, sents)
            for f in self.rules.classify(text, start, end, ctx):
                f.source = "ner"
                f.strength = max(f.strength, NAME_SHAPED)
                if label in NER_PERSON and f.kind == "other":
                    f.kind = "person"
                out.append(f)
        return out

    def _resolve_short_names(self, found: list[Found]) -> list[Found]:
        """Surname-only, genitive and bare-head mentions take the full name they abbreviate in this text."""
        full: dict[str, set[str]] = defaultdict(set)
        by_key: dict[str, Found] = {}
        for f in found:
            parts = f.name.split()
            if len(parts) > 1 and not f.generic:
                last = parts[-1].lower() if f.kind == "person" else _head_word(f.name)
                full[last].add(f.key)
                by_key.setdefault(f.key, f)
        for f in found:
            if f.source == "dictionary" or " " in f.name or not (f.kind in ("person", "other") or f.generic):
                continue
            word = f.name
            stem = _POSSESSIVE.sub("", word)
            for cand in (word.lower(), stem.lower()):
                keys = full.get(cand, set())
                if len(keys) == 1:
                    _adopt(f, by_key[next(iter(keys))])
                    break
            else:
                entry = self.dictionary.surname_owner(word) or self.dictionary.surname_owner(stem)
                if entry is not None:
                    f.key, f.name, f.kind, f.country = entry.actor_id, entry.name, entry.kind, entry.country
                    f.source, f.strength, f.generic = "coref", CURATED, False
        return [f for f in found if not f.generic]


_CREDIT_BEFORE = re.compile(r"(?:©|\(|\[|photo\s*:?|foto\s*:?|bild\s*:?|crédit\s*:?|credit\s*:?|source\s*:?|bron\s*:?|"
                            r"quelle\s*:?|/)\s*$", re.I)
_CREDIT_AFTER = re.compile(r"^\s*(?:[)\]/]|[-–—:]\s)")


def _is_credit(text: str, f: Found) -> bool:
    """A news agency or outlet named as a credit or dateline ("(Reuters)", "PARIS, AFP -"), not as an actor."""
    if f.kind != "media":
        return False
    before = text[max(0, f.start - 12): f.start]
    line_start = text.rfind("\n", 0, f.start) + 1
    opens_line = len(text[line_start: f.start].split()) <= 3
    return bool(_CREDIT_BEFORE.search(before) or (opens_line and _CREDIT_AFTER.match(text, f.end)))


def _head_word(name: str) -> str:
    """The word a bare mention of an organisation would use: "European Commission" → "commission"."""
    words = [w for w in name.split() if w[:1].isupper()]
    return (words[-1] if words else name.split()[-1]).lower()


def _adopt(short: Found, full: Found) -> None:
    short.key, short.name, short.kind, short.generic = full.key, full.name, full.kind, False
    short.country = short.country or full.country
    short.strength = max(short.strength, full.strength if full.strength < CURATED else NAME_SHAPED, WEAK)
    short.source = "coref" if full.source == "dictionary" else short.source
