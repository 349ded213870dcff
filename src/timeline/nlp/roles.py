"""Who acts and who is acted upon, for one event trigger.

With a dependency parse (a trained spaCy pipeline) the subject and object of the trigger's verb decide.
Without one, ordered clause heuristics do, which hold up well on news prose:

- the actor nearest before the trigger in its clause is the source ("Ofcom opened an investigation");
  actors joined to it by "and" / "," act with it ("France and the UK condemned");
- a possessor right before a nominal trigger is its source ("the Commission's fine on X");
- an actor after the trigger is the target ("… into X"), unless a passive agent marker precedes it
  ("was banned by Indonesia"), which makes it the source and the actor before the trigger the target;
- with no actor in the clause, reported speech gives the speaker: "Ofcom said it had opened …",
  '"We are investigating," Ofcom said', "according to Ofcom, …".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from timeline.nlp.event_lexicon import EventLexicon
from timeline.nlp.spans import Found

_COMMA_SPACE = re.compile(r",\s")

_COORD = re.compile(
    r"^\s*(?:,|and|en|et|und|&|as well as|ainsi que|sowie|evenals)?\s*(?:the|de|het|la|le|les|l['’]|die|der)?\s*$",
    re.I)
_NEAR = 40  # characters between a speech verb and its speaker
_POSSESSOR = re.compile(r"['’]s?\s|s\s(?=\S)", re.I)
# "the Commission's €120 million fine", "the EU's penalty": the owner of a nominal trigger is its source
_OWNER_OF_TRIGGER = re.compile(r"['’]s?\s+(?:[\w€$£.,%-]+\s+){0,3}$")
# Types whose source is the speaker of a reported clause rather than its grammatical subject:
# "The ministry said Grok was being misused" is the ministry's criticism.
SPEAKER_TYPES = {"statement", "criticism", "report_finding"}


@dataclass(slots=True)
class Trigger:
    start: int
    end: int
    text: str
    event_type: str


def _group_before(actors: list[Found], text: str) -> list[Found]:
    """The last actor and those coordinated with it ("France and the UK")."""
    group = [actors[-1]]
    for prev in reversed(actors[:-1]):
        if _COORD.match(text[prev.end: group[0].start]):
            group.insert(0, prev)
        else:
            break
    return group


def roles_by_order(text: str, clause: tuple[int, int], sentence: tuple[int, int], trig: Trigger,
                   actors: list[Found], speech: list[tuple[int, int]], lex: EventLexicon
                   ) -> tuple[list[Found], list[Found]]:
    """(sources, targets) of `trig` from word order alone."""
    c_start, c_end = clause
    before = [a for a in actors if c_start <= a.start and a.end <= trig.start]
    after = [a for a in actors if trig.end <= a.start and a.end <= c_end]
    if before and _OWNER_OF_TRIGGER.match(text, before[-1].end, trig.start):
        return [before[-1]], _first_head(after, text)  # "Musk answered the EU's fine on X": the EU fined
    agent = next((a for a in after if lex.ends_in_agent_marker(text, max(trig.end, a.start - 12), a.start)), None)
    if agent is not None:
        targets = [before[-1]] if before else [a for a in after if a is not agent][:1]
        return [agent], targets
    if before and _is_passive(text, before[-1].end, trig, lex):
        return _speaker(text, sentence, trig, actors, speech, exclude=before[-1]), [before[-1]]
    speaker = _speaker(text, sentence, trig, actors, speech)
    if speaker and (not before or (trig.event_type in SPEAKER_TYPES and speaker[0].start < c_start)):
        sources = speaker
    elif before:
        sources = _subject(before, text, c_start, trig.start, lex)
    else:
        sources = _antecedent(text, sentence, clause, actors, lex)
    taken = {id(s) for s in sources}
    targets = _first_head([a for a in after if id(a) not in taken], text)
    if not targets:
        targets = [a for a in before if id(a) not in taken and a.end <= trig.start][-1:]
        targets = [t for t in targets if _is_object(text, t, lex)]
    if not sources and not targets and after:
        return after[:1], []
    return sources, targets


def _subject(before: list[Found], text: str, c_start: int, t_start: int, lex: EventLexicon) -> list[Found]:
    """The clause's subject among the actors before the trigger.

    The first actor after the last comma that is followed by actors (appositions and fronted phrases
    end with commas), skipping actors that modify another ("Elon Musk's xAI", "X's Grok") or sit in a
    prepositional phrase ("to X", "de X").
    """
    segment = before
    for m in reversed(list(_COMMA_SPACE.finditer(text[c_start:t_start]))):
        cut = c_start + m.end()
        rest = [a for a in before if a.start >= cut]
        if rest:
            segment = rest
            break
    for i, actor in enumerate(segment):
        nxt = segment[i + 1] if i + 1 < len(segment) else None
        if nxt is not None and _possessor(text, actor) and nxt.start - actor.end <= 40:
            continue
        if _is_object(text, actor, lex) and i + 1 < len(segment):
            continue
        return _group_after(segment[i:], text)
    return _group_before(before, text)


def _possessor(text: str, actor: Found) -> bool:
    """ "Elon Musk's X", "Musks bedrijf": the actor only says whose the next one is."""
    words = actor.text.split()
    genitive = actor.text.endswith("s") and words[-1][:-1] == actor.name.split()[-1]
    return genitive or bool(_POSSESSOR.match(text, actor.end))


def _first_head(actors: list[Found], text: str) -> list[Found]:
    """The first actor that is not a possessor of the next one ("Elon Musk's X" → X)."""
    for i, actor in enumerate(actors):
        nxt = actors[i + 1] if i + 1 < len(actors) else None
        if nxt is not None and _possessor(text, actor) and nxt.start - actor.end <= 40:
            continue
        return [actor]
    return []


def _group_after(actors: list[Found], text: str) -> list[Found]:
    """The first actor and those coordinated after it ("France and the UK")."""
    group = [actors[0]]
    for nxt in actors[1:]:
        if _COORD.match(text[group[-1].end: nxt.start]):
            group.append(nxt)
        else:
            break
    return group


def _is_object(text: str, actor: Found, lex: EventLexicon) -> bool:
    """An actor right after a preposition ("into X", "à X", "tegen X") is acted upon, not acting."""
    return bool(lex.target_re.search(text, max(0, actor.start - 25), actor.start))


def _antecedent(text: str, sentence: tuple[int, int], clause: tuple[int, int], actors: list[Found],
                lex: EventLexicon) -> list[Found]:
    """For a clause opened by a relative or personal pronoun, the actor it refers back to."""
    head = text[clause[0]: clause[0] + 30]
    if not lex.pronoun_re.match(head):
        return []
    earlier = [a for a in actors if sentence[0] <= a.start and a.end <= clause[0]]
    return _group_before(earlier, text) if earlier else []


def _is_passive(text: str, actor_end: int, trig: Trigger, lex: EventLexicon) -> bool:
    first_word = trig.text.split()[0] if trig.text.split() else trig.text
    if not lex.participle_re.search(first_word):
        return False
    return bool(lex.passive_re.search(text, actor_end, trig.start))


def _speaker(text: str, sentence: tuple[int, int], trig: Trigger, actors: list[Found],
             speech: list[tuple[int, int]], exclude: Found | None = None) -> list[Found]:
    """The actor a speech verb in the same sentence attributes the clause to."""
    s_start, s_end = sentence
    pool = [a for a in actors if a is not exclude and s_start <= a.start and a.end <= s_end]
    for v_start, v_end in speech:
        if not (s_start <= v_start < s_end):
            continue
        before = [a for a in pool if a.end <= v_start and v_start - a.end <= _NEAR]
        after = [a for a in pool if a.start >= v_end and a.start - v_end <= _NEAR]
        if v_start < trig.start and before:
            return _group_before(before, text)
        if after and (v_start > trig.start or not before):
            return after[:1]
        if before:
            return before[-1:]
    return []


def roles_by_parse(doc, trig: Trigger, actors: list[Found]) -> tuple[list[Found], list[Found]] | None:
    """(sources, targets) from a dependency parse, or None when the parse gives no subject."""
    span = doc.char_span(trig.start, trig.end, alignment_mode="expand")
    if span is None or not doc.has_annotation("DEP"):
        return None
    head = span.root
    verb = head if head.pos_ in ("VERB", "AUX") else head.head
    subj, obj = _dep_children(verb)
    if not subj and verb.dep_ in ("ccomp", "xcomp", "advcl", "conj"):  # reported speech, control verbs
        subj, _ = _dep_children(verb.head)
    sources = _actors_in(subj, actors)
    targets = _actors_in(obj, actors)
    if not sources:
        return None
    return sources, [t for t in targets if t not in sources]


def _dep_children(verb) -> tuple[list, list]:
    subj, obj = [], []
    for child in verb.children:
        dep = child.dep_.lower()
        if (dep.startswith("nsubj") and "pass" not in dep) or dep in ("agent", "obl:agent", "sb"):
            subj.append(child)
        elif dep in ("dobj", "obj", "iobj", "pobj", "obl", "nsubjpass", "nsubj:pass", "oa", "da", "op", "pobj"):
            obj.append(child)
        elif dep == "prep":
            obj.extend(c for c in child.children if c.dep_ in ("pobj", "obj"))
    return subj, obj


def _actors_in(tokens: list, actors: list[Found]) -> list[Found]:
    out = []
    for tok in tokens:
        sub = list(tok.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
        out.extend(a for a in actors if start <= a.start and a.end <= end and a not in out)
    return out
