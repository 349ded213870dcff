"""Find actors no dictionary knows, without a statistical model.

A name is a run of capitalised words ("Clara Chappaz", "Internet Watch Foundation", "Ministère de
l'Intérieur"). What it is comes from its surroundings and its own words: a title or role before it
("minister Clara Chappaz", "the regulator Ofcom"), a head word inside it ("… Foundation", "Ministry
of …", "… Ltd"), a demonym ("French President Emmanuel Macron" → FR), or its shape (two or three
capitalised words → a person). Capitalised words that are only capitalised because they open a
sentence, months, weekdays, places and demonyms are dropped. Each candidate gets an evidence
strength so that the actor table can keep the well-supported ones.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from timeline.nlp.actor_cues import CAP_WORD, UPPER, ActorCues, Country, cues_for, ends_with_tail
from timeline.nlp.lexicon import text_index
from timeline.nlp.memo import MISSING, remember
from timeline.nlp.spans import CUED, NAME_SHAPED, WEAK, Found, Sentences, clean_name, name_key

_NEXT_WORD = re.compile(r"[ \u00a0]+([^\W\d_]+)")
_POSSESSIVE_END = re.compile(r"['’]s?$")
_NON_SPACE = re.compile(r"\S+")
_ELISION = re.compile(r"(?:[LlDd]|[Qq]u)['’](?=\w)")
_BULLET_END = re.compile(r"(?:^|\n)\s*[-–—•*]?\s*$")

_SPACE = r"[ \u00a0]+"
_QUOTES_AND_BULLETS = " \t\n\"'“”‘’«»‹›-–—•*(["
# Languages that capitalise every noun: single capitalised words there are names only with a cue.
NOUN_CAPITALISING = {"de", "lb"}
GENITIVE_S = {"nl", "de", "da", "sv", "no"}  # "Musks plan": a name with a genitive -s
MAX_NAME_WORDS = 6
# Endings of German common nouns that person names (almost) never have.
_NOUN_SUFFIX = re.compile(r"(?:ung|ungen|heit|keit|schaft|tion|tionen|ismus|nis|nisse|tät|bilder|ern|mus|sten|ien)$")


@dataclass(slots=True)
class _Lead:
    """What the front of a capitalised run said about the name that follows."""

    words: list
    country: str | None = None
    title: bool = False
    role_kind: str | None = None
    org: Found | None = None
    split: tuple[int, int] | None = None  # an inner title: (its first word, the word after it)
    verdicts: tuple = ()  # RuleDetector._verdict on the words (or on the parts left and right of `split`)


class _Word:
    """One whitespace-separated word of a capitalised run, with its look-up key (read many times: computed once)."""

    __slots__ = ("end", "low", "start", "text")

    def __init__(self, start: int, end: int, text: str, low: str | None = None):
        self.start, self.end, self.text = start, end, text
        self.low = text.lower().replace("’", "'") if low is None else low


@cache
def _sequence_regex(lang: str) -> re.Pattern:
    cues = cues_for(lang)
    plain = [j for j in cues.joiners if not j.endswith(("'", "’"))]
    elided = [j[:-1] for j in cues.joiners if j.endswith(("'", "’"))]
    joins = [_SPACE]
    if plain:
        alt = "|".join(re.escape(j).replace(r"\ ", _SPACE) for j in sorted(plain, key=len, reverse=True))
        joins.append(rf"{_SPACE}(?:{alt}){_SPACE}")
    if elided:
        alt = "|".join(re.escape(j).replace(r"\ ", _SPACE) for j in sorted(elided, key=len, reverse=True))
        joins.append(rf"{_SPACE}(?:{alt})['’]")
    join = "(?:" + "|".join(reversed(joins)) + ")"
    return re.compile(rf"(?<![\w\-])(?:{CAP_WORD})(?:{join}(?:{CAP_WORD}))*")


class RuleDetector:
    """The model-free detector for one language."""

    def __init__(self, lang: str):
        self.lang = lang
        self.cues: ActorCues = cues_for(lang)
        self.seq_re = _sequence_regex(lang)
        seq = self.seq_re.pattern.replace("(?<![\\w\\-])", "")
        conj = rf"{_SPACE}(?:and|&|et|en|und){_SPACE}"
        self.and_re = re.compile(rf"(?<![\w\-])(?P<left>{seq}){conj}(?P<right>{seq})")
        # what every and_re match holds: the conjunction, then the first letters of a capitalised word
        self.and_hint = re.compile(rf"{conj}(?:[{UPPER}]|[a-z]{{1,2}}[{UPPER}])")
        # What a capitalised run, a title window or a name says by itself, remembered per string: news
        # repeats the same names and titles, and each of these is a pure function of its key.
        self._fronts: dict[str, tuple[tuple[int, int, str, str], ...]] = {}
        self._leads: dict[tuple[str, bool], tuple] = {}
        self._prefixes: dict[str, tuple[str, str | None] | None] = {}
        self._portfolios: dict[tuple[str, bool], bool] = {}
        self._names: dict[str, tuple[str, int, str]] = {}
        self._singles: dict[str, tuple] = {}

    def detect(self, text: str, sents: Sentences, covered: list[tuple[int, int]]) -> list[Found]:
        """Rule-found actors in `text`, skipping spans already `covered` (by the dictionary or NER)."""
        taken = _Coverage(covered)
        found = self._institutions(text, taken)
        found += self._coordinated_names(text, taken)
        for f in found:
            taken.add(f.start, f.end)
        context = _DocContext(text, sents)
        overlaps, classify = taken.overlaps, self.classify  # bound once: called for every capitalised run
        for m in self.seq_re.finditer(text):
            start, end = m.span()
            if _is_dateline(text, start, end):
                continue
            if overlaps(start, end):
                found += self._around_coverage(m, text, taken, context)
            else:
                found += classify(text, start, end, context)
        return found

    def _around_coverage(self, m: re.Match, text: str, taken: _Coverage, ctx: _DocContext) -> list[Found]:
        """Parts of a capitalised run left and right of a dictionary match ("Ofcom chief Melanie Dawes")."""
        out = []
        for s, e in taken.gaps(m.start(), m.end()):
            sub = self.seq_re.search(text, s, e)
            while sub and sub.end() <= e:
                out.extend(self.classify(text, sub.start(), sub.end(), ctx))
                sub = self.seq_re.search(text, sub.end(), e)
        return out

    # -- institutions named by templates ("le parquet de Paris", "the French government") -------------
    def _institutions(self, text: str, taken: _Coverage) -> list[Found]:
        out = []
        low = text.lower().replace("’", "'")  # "prosecutor’s" holds the keyword "prosecutor's"
        possible: dict[str, bool] = {}
        starts: dict = {}  # where templates can start in this text (see _template_starts)
        for regex, kind, template, keywords, slots in self.cues.institutions:
            if not all(map(low.__contains__, keywords)):
                continue  # cheap pre-check: the template's own words are not in the text
            if not all(self._slot_possible(text, slot, possible) for slot in slots):
                continue  # no demonym / country name in the text at all
            for m in self._template_matches(regex, text, starts):
                if taken.overlaps(m.start(), m.end()):
                    continue
                groups = m.groupdict()
                country = self._country_of(groups)
                cap = clean_name(groups.get("cap") or "")
                end = m.end()
                if " " in cap and m.end("cap") == m.end() and cap.lower() not in self.cues.places:
                    cap = cap.split()[0]  # "procureure de Paris Laure Beccuau": the place, then a name
                    end = m.start("cap") + len(cap)
                if groups.get("cap") and not self._plausible_place(cap):
                    continue
                adj = country.adjective if country else ""
                name = template.replace("{CAP}", cap).replace("{ADJ}", adj).replace("{DEM}", adj)
                name = name.replace("{COUNTRY}", country.name if country else "")
                if country is not None and country.kind != "country":  # "EU officials": the bloc itself
                    name, kind = country.name, country.kind
                out.append(Found(m.start(), end, text[m.start():end], name_key(name), name, kind,
                                 country.code if country else None, "rule", CUED))
                taken.add(m.start(), end)
        return out

    def _template_matches(self, regex: re.Pattern, text: str, known: dict | None = None) -> Iterator[re.Match]:
        """``regex.finditer(text)``; a template that opens with a {DEM} slot or a literal word is tried
        only where a demonym's first word or that word stands (most of its cost was trying every demonym,
        or the case-insensitive word, at every position). `known` holds this text's start lists."""
        starts = self._template_starts(regex.pattern, text, {} if known is None else known)
        if starts is None:
            yield from regex.finditer(text)
            return
        end = 0
        for start in starts:
            if start < end:
                continue  # finditer resumes after a match: no overlapping one
            m = regex.match(text, start)
            if m is not None:
                yield m
                end = m.end()

    def _template_starts(self, pattern: str, text: str, known: dict) -> list[int] | None:
        """Where the template `pattern` can start in `text`, in order (None: anywhere), remembered in `known`."""
        if pattern in self.cues.dem_led:
            if "DEM" not in known:
                known["DEM"] = self._demonym_starts(text)
            return known["DEM"]
        word = self.cues.word_led.get(pattern)
        if word is None:
            return None
        if "WORD" not in known:  # whether the lower-cased word index stands for the case-insensitive regex
            guard = self.cues.word_guard
            index = text_index(text, lower=True)
            known["WORD"] = None if index.haystack is text or (guard is not None and guard.search(text)) else index
        index = known["WORD"]
        return None if index is None else index.positions_of(word)

    def _demonym_starts(self, text: str) -> list[int] | None:
        """Offsets of the words of `text` that begin a demonym, in order; None when the lower-cased
        word index cannot stand for the case-insensitive regex (see ``_slot_possible``)."""
        firsts, guard = self.cues.demonym_firsts, self.cues.demonym_guard
        index = text_index(text, lower=True)
        if firsts is None or index.haystack is text or (guard is not None and guard.search(text)):
            return None
        return sorted(p for word in firsts & index.words for p in index.positions_of(word))

    def _coordinated_names(self, text: str, taken: _Coverage) -> list[Found]:
        """Organisations whose name contains "and" ("Ministry of Electronics and Information Technology",
        "Malaysian Communications and Multimedia Commission")."""
        out = []
        for m in self._and_matches(text):
            if taken.overlaps(m.start(), m.end()):
                continue
            left = _words(text, m.start("left"), m.end("left"))
            right = _words(text, m.start("right"), m.end("right"))
            opens_with_head = len(left) > 2 and left[1].low in self.cues.joiners and left[0].low in self.cues.org_heads
            kind = self._org_kind(right) if len(right) > 1 or opens_with_head else None
            if opens_with_head:
                kind = kind or self.cues.org_heads[left[0].low]
            if not kind or left[0].low in self.cues.stop_words:
                continue
            country = self.cues.demonyms[left[0].low].code if left[0].low in self.cues.demonyms else None
            found = self._make([*left, *right], text, kind, country, CUED)
            out.append(found)
            taken.add(found.start, found.end)
        return out

    def _slot_possible(self, text: str, slot: str, known: dict[str, bool]) -> bool:
        """Whether a {DEM} or {COUNTRY} slot can match in `text`: one of its first words is a word there."""
        if slot not in known:
            if slot == "COUNTRY":
                firsts, index = self.cues.country_firsts, text_index(text, lower=False)
            else:
                firsts, index = self.cues.demonym_firsts, text_index(text, lower=True)
                guard = self.cues.demonym_guard
                if index.haystack is text or (guard is not None and guard.search(text)):
                    firsts = None  # lower-casing is not what the case-insensitive regex does here: no verdict
            known[slot] = firsts is None or not firsts.isdisjoint(index.words)
        return known[slot]

    def _and_matches(self, text: str) -> Iterator[re.Match]:
        """``and_re.finditer(text)``, run only on the lines that hold a conjunction before a capital.

        A match never crosses a line break (its spaces are ``[ \\u00a0]``), so scanning line by line
        finds the same matches; most lines have no such conjunction and are skipped.
        """
        line_end = -1
        for hint in self.and_hint.finditer(text):
            if hint.start() < line_end:
                continue  # this line was scanned already
            line_start = text.rfind("\n", 0, hint.start()) + 1
            line_end = text.find("\n", hint.end())
            line_end = len(text) if line_end < 0 else line_end
            yield from self.and_re.finditer(text, line_start, line_end)

    def _country_of(self, groups: dict) -> Country | None:
        if groups.get("dem"):  # as written: "South\u00a0 Korean" must find "south korean"
            return self.cues.demonyms.get(" ".join(groups["dem"].split()).lower())
        if groups.get("country"):
            return self.cues.country_names.get(" ".join(groups["country"].split()))
        return None

    def _plausible_place(self, cap: str) -> bool:
        low = cap.lower()
        return bool(cap) and low not in self.cues.not_names and low not in self.cues.stop_words

    # -- one capitalised run ------------------------------------------------------------------------
    def classify(self, text: str, start: int, end: int, ctx: _DocContext) -> list[Found]:
        """Zero, one or two actors from the capitalised run text[start:end]."""
        run = text[start:end]
        front = self._fronts.get(run)
        if front is None:
            front = remember(self._fronts, run, tuple(
                (w.start, w.end, w.text, w.low) for w in self._cut_compound(_strip_elision(_words(run, 0, len(run))))))
        # "Neighbouring Indonesia": a first word capitalised only because it opens the sentence is dropped
        drop = len(front) > 1 and front[0][3] in ctx.words and ctx.sentence_initial(start + front[0][0])
        plan = self._leads.get((run, drop))
        if plan is None:  # what peeling the front decides depends on the words alone: remembered per run
            plan = remember(self._leads, (run, drop), self._plan_leading(
                [_Word(s, e, t, low) for s, e, t, low in front[drop:]]))
        if plan[0]:
            return []  # nothing can come of these words, whatever surrounds them (most runs)
        words = [_Word(start + s, start + e, t, low) for s, e, t, low in front[drop:]]
        lead = self._strip_leading(words, text, plan)
        if lead.org is not None:
            return [lead.org]
        words = lead.words
        split = lead.split
        if split:
            left, right = words[: split[0]], words[split[1]:]
            return [*self._judge(left, text, ctx, lead.country, False, lead.verdicts[0]),
                    *self._judge(right, text, ctx, lead.country, True, lead.verdicts[1])]
        found = self._judge(words, text, ctx, lead.country, lead.title, lead.verdicts[0])
        if lead.role_kind:
            for f in found:
                f.kind, f.strength = lead.role_kind, CUED
        return found

    def _strip_leading(self, words: list[_Word], text: str, plan: tuple) -> _Lead:
        """Peel articles, demonyms, titles and role nouns off the front of a run as `plan` (see
        :meth:`_plan_leading`) says, noting what they say; stop at an organisation name (returned whole,
        with its country)."""
        _, skip, country, title, role_kind, org_kind, whole, split, verdicts = plan
        lead = _Lead(words[skip:], country, title, role_kind, split=split, verdicts=verdicts)
        if whole is not None:
            lead.org = self._whole_org(lead.words, text, whole, country)
        elif org_kind is not None:
            lead.org = self._extend_org(lead.words, text, org_kind, country)
        return lead

    def _plan_leading(self, words: list[_Word]) -> tuple:
        """What :meth:`_strip_leading` decides from the words alone: (whether no actor can come of them,
        words peeled, country, title seen, role kind, kind of the organisation the rest is, the rest as an
        organisation head, inner title, and the :meth:`_verdict` on the rest, or on the parts left and right
        of the inner title)."""
        rest, skip = words, 0
        country = role_kind = org_kind = whole = None
        title = False
        while rest:
            joined = " ".join(w.low for w in rest)
            if joined in self.cues.org_heads and not (  # "OM" is an institution, "Om" a preposition
                    joined in self.cues.known_orgs and len(joined) <= 3 and not rest[0].text.isupper()):
                whole = joined
                break
            head = rest[0].low
            if head in self.cues.stop_words or (head in self.cues.not_names and not self._is_country(rest)):
                n = 1
            elif head in self.cues.role_kinds and len(rest) > 1 and rest[1].low not in self.cues.joiners:
                role_kind, n = self.cues.role_kinds[head], 1
            elif (org := self._org_kind(rest)) and not title:
                if head in self.cues.demonyms:
                    country = country or self.cues.demonyms[head].code
                org_kind = org
                break
            elif head in self.cues.demonyms and len(rest) > 1:
                country, n = country or self.cues.demonyms[head].code, 1
            elif n_title := self._title_len(rest):
                n, title = n_title, True
            else:
                break
            rest, skip = rest[n:], skip + n
        split, verdicts = None, ()
        if rest and whole is None and org_kind is None:
            split = self._inner_title(rest)
            parts = (rest[: split[0]], rest[split[1]:]) if split else (rest,)
            verdicts = tuple(self._verdict(part) for part in parts)
        dead = not rest or (org_kind is None and whole is None and split is None and verdicts[0][1] == _REJECTED)
        return dead, skip, country, title, role_kind, org_kind, whole, split, verdicts

    def _whole_org(self, words: list[_Word], text: str, whole: str, country: str | None) -> Found:
        """A run that is an organisation by itself; a bare generic head ("Commission") is marked generic."""
        found = self._extend_org(words, text, self.cues.org_heads[whole], country)
        if len(words) == 1 and found.end == words[0].end and whole not in self.cues.known_orgs and (
                not words[0].text.isupper()):
            found.generic, found.strength = True, WEAK
        return found

    def _extend_org(self, words: list[_Word], text: str, kind: str, country: str | None) -> Found:
        """An organisation, with the lower-case adjectives that follow it ("Commission européenne")."""
        found = self._make(words, text, kind, country, CUED)
        if found.country is None:
            prefix = self._prefix(text, found.start)
            found.country = prefix[1] if prefix else None
        while True:
            m = _NEXT_WORD.match(text, found.end)
            if not m:
                break
            word = m.group(1)
            low = word.lower()
            if word[:1].isupper() or not (low in self.cues.demonyms or low in self.cues.org_adjectives):
                break
            if low in self.cues.demonyms:
                found.country = found.country or self.cues.demonyms[low].code
            found.end = m.end()
        if found.end != words[-1].end:
            found.text = text[found.start:found.end]
            found.name = clean_name(found.text)
            found.key = name_key(found.name)
        return found

    def _is_country(self, words: list[_Word]) -> bool:
        return " ".join(w.text for w in words) in self.cues.country_names

    def _title_len(self, words: list[_Word]) -> int:
        """How many leading words form a title ("Prime Minister", "Technology Secretary", "Digitalminister")."""
        for n in (3, 2, 1):
            if len(words) >= n and " ".join(w.low for w in words[:n]) in self.cues.titles:
                return n
        if len(words) > 2 and self._compound_title(words[0].low):
            return 1
        return 0

    def _compound_title(self, word: str) -> bool:
        """A compound ending in a title: "commissiewoordvoerder", "technologieministerin"."""
        return any(len(t) >= 5 and len(word) > len(t) + 2 and word.endswith(t) for t in self.cues.long_titles)

    def _cut_compound(self, words: list[_Word]) -> list[_Word]:
        """"Grok-related", "Paris-based", "Grok-chatbot", "KI-Firma": keep the name before the hyphen."""
        last = words[-1]
        head, sep, tail = last.text.partition("-")
        if not (sep and head):
            return words
        tails = {tail.lower(), tail.lower().rstrip("s")}
        if tails & self.cues.titles and head.lower() in self.cues.demonyms:
            return words[:-1]  # "US-Milliardär": a description, not a name
        if tail[:1].islower() or tails & set(self.cues.role_kinds):
            return [*words[:-1], _Word(last.start, last.start + len(head), head)]
        return words

    def _inner_title(self, words: list[_Word]) -> tuple[int, int] | None:
        for i in range(1, len(words) - 1):
            n = self._title_len(words[i:])
            if n:
                return i, i + n
        return None

    def _judge(self, words: list[_Word], text: str, ctx: _DocContext, country: str | None,
               title: bool, verdict: tuple[int, int, str | None]) -> list[Found]:
        """The actor the words name, given what they say by themselves (`verdict`) and what surrounds them."""
        n, outcome, kind = verdict
        words = words[:n]
        if outcome == _REJECTED:
            return []
        if outcome == _ORGANISATION:
            return [self._make(words, text, kind, country, CUED)]
        if outcome == _COUNTRY:
            return self._country(words, text)
        lo, hi = max(0, words[0].start - 60), words[0].start
        if self._after_portfolio(text, lo, hi):
            if len(words) < 3:
                return []  # "ministre du Numérique": a portfolio, not a name
            return [self._make(self._name_after_portfolio(words), text, "person", country, CUED)]
        prefix = self._prefix(text, words[0].start)
        if prefix:
            cue_kind, cue_country = prefix
            return [self._make(words, text, cue_kind, country or cue_country, CUED)]
        if title:
            return [self._make(words, text, "person", country, CUED)]
        return self._by_shape(words, text, ctx, country)

    def _verdict(self, words: list[_Word]) -> tuple[int, int, str | None]:
        """What the words of a candidate say by themselves: (how many to keep, outcome, organisation kind)."""
        while words and (words[-1].low in self.cues.not_names or words[-1].low in self.cues.stop_words
                         or (len(words) > 1 and words[-1].low in self.cues.titles)):
            words = words[:-1]  # "Commission President": the title of someone named next, not a name
        n = len(words)
        if not words or n > MAX_NAME_WORDS:
            return n, _REJECTED, None
        name = " ".join(w.text for w in words)
        low = name.lower()
        kind = self._org_kind(words)
        if kind:
            return n, _ORGANISATION, kind
        if words[-1].low in self.cues.non_actor_heads or low in self.cues.non_actor_heads:
            return n, _REJECTED, None
        if all(w.low in self.cues.not_alone or w.low in self.cues.not_names for w in words):
            return n, _REJECTED, None
        if name in self.cues.country_names:
            return n, _COUNTRY, None
        if low in self.cues.places or low in self.cues.not_names or low in self.cues.demonyms or (
                low in self.cues.not_alone):
            return n, _REJECTED, None
        return n, _BY_CONTEXT, None

    def _after_portfolio(self, text: str, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] ends with "minister for", "ministre du" (the regex may look one character back)."""
        key = (text[max(0, lo - 1):hi], lo > 0)
        found = self._portfolios.get(key)
        if found is None:
            window, pos = key[0], int(key[1])
            found = remember(self._portfolios, key, ends_with_tail(window[pos:], self.cues.portfolio_tail) and (
                self.cues.portfolio_re.search(window, pos) is not None))
        return found

    def _name_after_portfolio(self, words: list[_Word]) -> list[_Word]:
        """The person after a portfolio: the last two capitalised words with the particles between them
        ("Buitenlandse Zaken David van Weel" → "David van Weel")."""
        name: list[_Word] = []
        caps = 0
        for w in reversed(words):
            if w.text[:1].isupper():
                if caps == 2:
                    break
                caps += 1
            elif not (name and w.low in self.cues.joiners):
                break
            name.insert(0, w)
        while name and not name[0].text[:1].isupper():
            name.pop(0)
        return name

    def _org_kind(self, words: list[_Word]) -> str | None:
        """The kind given by a head word: last word(s), a first word before "of", or a compound's tail."""
        lows = [w.low for w in words]
        heads = self.cues.org_heads
        last = lows[-1]
        candidates = [" ".join(lows[-2:]), last] if len(lows) > 1 else [last]
        if len(lows) > 2 and lows[1] in self.cues.joiners:
            candidates.append(lows[0])
        if "-" in last:
            candidates.append(last.rsplit("-", 1)[1])
        for candidate in candidates:
            if candidate in heads and (len(words) > 1 or "-" in last or candidate not in self.cues.role_kinds):
                return heads[candidate]
        return None

    def _prefix(self, text: str, start: int) -> tuple[str, str | None] | None:
        """The kind (and country) a lower-case title or role noun right before a name gives it."""
        window = text[max(0, start - 60): start]
        found = self._prefixes.get(window, MISSING)
        if found is MISSING:
            found = remember(self._prefixes, window, self._prefix_of(window))
        return found

    def _prefix_of(self, window: str) -> tuple[str, str | None] | None:
        if self.cues.prefix_re is None or not ends_with_tail(window, self.cues.prefix_tail):
            return None
        m = self.cues.prefix_re.search(window)
        if not m:
            return None
        cue = " ".join(m.group("cue").lower().split())
        kind = "person" if cue in self.cues.titles else self.cues.role_kinds.get(cue)
        if not kind:
            return None
        dem, ctry = m.group("dem"), m.group("ctry")
        country = self.cues.demonyms[dem.lower()].code if dem and dem.lower() in self.cues.demonyms else None
        if ctry and ctry in self.cues.country_names:
            country = self.cues.country_names[ctry].code
        return kind, country

    def _country(self, words: list[_Word], text: str) -> list[Found]:
        before = text[max(0, words[0].start - 25): words[0].start].split()
        if before and before[-1].lower().strip("(,") in self.cues.locatives:
            return []
        country = self.cues.country_names[" ".join(w.text for w in words)]
        f = self._make(words, text, country.kind, country.code, NAME_SHAPED)
        f.name, f.key = country.name, name_key(country.name)
        return [f]

    def _by_shape(self, words: list[_Word], text: str, ctx: _DocContext, country: str | None) -> list[Found]:
        name = " ".join(w.text for w in words)
        split = self._affiliation_split(words)
        if split:  # "Pieter de Graaf van DataVault": a person, then the organisation they belong to
            return [*self._by_shape(words[:split], text, ctx, country),
                    *self.classify(text, words[split + 1].start, words[-1].end, ctx)]
        if len(words) == 1:
            return self._single(words, text, ctx, country)
        if any(ch.isdigit() for ch in name):
            return []
        if _quoted(text, words[0].start, words[-1].end):
            return []  # 'an automated reply reading "Legacy Media Lies"': a quotation, not a name
        if all(w.text[:1].isupper() and not w.text.isupper() for w in words if w.low not in self.cues.joiners):
            if self.lang in NOUN_CAPITALISING and any(_NOUN_SUFFIX.search(w.low) for w in words):
                return []  # "Darstellungen von Kindern": capitalised nouns, not a name
            return [self._make(words, text, "person", country, NAME_SHAPED)]
        return [self._make(words, text, "other", country, NAME_SHAPED)]

    def _affiliation_split(self, words: list[_Word]) -> int | None:
        """Index of a last joiner that separates a full name (2+ capitalised words) from one more name."""
        for i in range(len(words) - 2, 0, -1):
            if words[i].low in self.cues.joiners and words[i].text.islower():
                left_caps = sum(1 for w in words[:i] if w.text[:1].isupper())
                if left_caps >= 2 and len(words) - i - 1 == 1:
                    return i
                return None
        return None

    def _single(self, words: list[_Word], text: str, ctx: _DocContext, country: str | None) -> list[Found]:
        word = words[0].text
        shape = self._singles.get(word)
        if shape is None:
            shape = remember(self._singles, word, self._single_shape(word))
        if not shape:
            return []
        core, stem, marked = shape  # every test below only reads: their order does not change the outcome
        if core.lower() in ctx.words:
            return []  # also written in lower case in this text: a common word
        if ctx.sentence_initial(words[0].start) and not (
                ctx.capitalised_elsewhere(core, words[0].start) or ctx.capitalised_elsewhere(stem, words[0].start)):
            return []
        strength = NAME_SHAPED if marked else WEAK
        if strength == WEAK and ctx.count_capitalised(core) + ctx.count_capitalised(stem) * (stem != core) < 2:
            return []  # a lone capitalised word seen once is more often a heading word than a name
        return [self._make(words, text, "other", country, strength)]

    def _single_shape(self, word: str) -> tuple:
        """What one capitalised word says by itself: (its core without a possessive, its stem without a
        genitive -s, whether it is an acronym or camel-cased), or _NOT_A_NAME when it cannot name an actor."""
        core = _POSSESSIVE_END.sub("", word)
        if len(core) < 2 or core.isdigit() or core.lower() in self.cues.stop_words:
            return _NOT_A_NAME
        acronym = core.isupper() and len(core) >= 2
        camel = core[:1].islower() or (any(c.isupper() for c in core[1:]) and not acronym)
        stem = core[:-1] if core.endswith("s") and self.lang in GENITIVE_S else core
        if self.lang in NOUN_CAPITALISING and not (acronym or camel):
            return _NOT_A_NAME
        return core, stem, acronym or camel

    def _make(self, words: list[_Word], text: str, kind: str, country: str | None, strength: int) -> Found:
        start, end = words[0].start, words[-1].end
        surface = text[start:end]
        named = self._names.get(surface)
        if named is None:
            name = clean_name(surface)
            named = remember(self._names, surface, (name, max(0, surface.find(name)), name_key(name)))
        name, offset, key = named
        start, end = start + offset, start + offset + len(name)
        f = Found(start, end, text[start:end], key, name, kind, country, "rule", strength)
        if self.cues.spokes_re and self.cues.spokes_re.match(text, end) and kind in ("person", "other"):
            f.kind = "government" if kind == "person" else kind
        return f


_REJECTED, _ORGANISATION, _COUNTRY, _BY_CONTEXT = range(4)  # outcomes of RuleDetector._verdict
_NOT_A_NAME: tuple = ()  # RuleDetector._single_shape of a word that cannot name an actor alone


_DATELINE_END = re.compile(r"[ \u00a0]*(?:\([^)\n]{1,40}\)[ \u00a0]*)?[-–—][ \u00a0]")


def _is_dateline(text: str, start: int, end: int) -> bool:
    """ "DEN HAAG (ANP) - ...", "WASHINGTON – ...": an upper-case place opening a line is a dateline."""
    run = text[start:end]
    if not run.isupper() or text[text.rfind("\n", 0, start) + 1: start].strip():
        return False
    return bool(_DATELINE_END.match(text, end))


def _quoted(text: str, start: int, end: int) -> bool:
    return start > 0 and text[start - 1] in "\"“«‘'" and text[end:end + 1] in ("\"", "”", "»", "’", "'")


def _words(text: str, start: int, end: int) -> list[_Word]:
    return [_Word(start + m.start(), start + m.end(), m.group()) for m in _NON_SPACE.finditer(text[start:end])]


def _strip_elision(words: list[_Word]) -> list[_Word]:
    """"L'IA", "D'Arcom": the elided article is not part of the name."""
    m = _ELISION.match(words[0].text)
    if m:
        first = words[0]
        words = [_Word(first.start + m.end(), first.end, first.text[m.end():]), *words[1:]]
    return words


class _Coverage:
    """Character spans already claimed by a stronger source."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self.starts, start)
        self.spans.insert(i, (start, end))
        self.starts.insert(i, start)
        self.longest = max(self.longest, end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Binary search: only spans starting before `end` and not too far before `start` can overlap."""
        i = bisect_right(self.starts, end - 1)
        while i > 0:
            i -= 1
            s, e = self.spans[i]
            if s < start - self.longest:
                return False
            if start < e:
                return True
        return False

    def gaps(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of [start, end) no span covers; only spans starting in [start - longest, end) can overlap."""
        out, pos = [], start
        lo, hi = bisect_left(self.starts, start - self.longest), bisect_left(self.starts, end)
        for s, e in self.spans[lo:hi]:
            if e <= start or s >= end:
                continue
            if s > pos:
                out.append((pos, s))
            pos = max(pos, e)
        if pos < end:
            out.append((pos, end))
        return out


class _DocContext:
    """Facts about the whole text that single capitalised words are judged by."""

    def __init__(self, text: str, sents: Sentences):
        self.text = text
        self.sents = sents
        index = text_index(text, lower=False)  # shared with the dictionary matcher: built once per text
        self.words = index.words
        self._index = index

    def sentence_initial(self, offset: int) -> bool:
        s, _ = self.sents.span(self.sents.index(offset))
        between = self.text[s:offset]
        if not between.strip(_QUOTES_AND_BULLETS):
            return True
        tail = between.rstrip()
        return tail.endswith((":", "\n")) or bool(_BULLET_END.search(between))

    def count_capitalised(self, word: str) -> int:
        return len(self._index.positions_of(word))

    def capitalised_elsewhere(self, word: str, offset: int) -> bool:
        """Written capitalised somewhere it does not open a sentence."""
        return any(pos != offset and not self.sentence_initial(pos) for pos in self._index.positions_of(word))
