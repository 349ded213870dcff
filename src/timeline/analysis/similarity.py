"""Is this the same happening? Pairwise evidence between two event mentions.

Four kinds of evidence are combined: the event types must be compatible, the actors must overlap, the
days must agree (allowing time zones and reporting lag), and — only within one language — the wording
may add support. Type, actors and days multiply, so any one of them can veto a merge; wording only adds.
Every score is in [0, 1].
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from timeline.analysis.mentions import Mention

# Pairs of distinct event types that may describe the same happening, with how likely that is.
# Types missing here never merge: "Ofcom criticised X" and "Ofcom opened an investigation into X"
# on the same day are two events, not one.
_COMPATIBLE: dict[frozenset[str], float] = {
    frozenset(("restriction", "policy_change")): 0.7,
    frozenset(("restriction", "content_removal")): 0.6,
    frozenset(("policy_change", "content_removal")): 0.6,
    frozenset(("restriction", "block_ban")): 0.6,
    frozenset(("investigation", "regulatory_demand")): 0.7,
    frozenset(("investigation", "legal_complaint")): 0.5,
    frozenset(("statement", "acknowledgement")): 0.45,
    frozenset(("statement", "criticism")): 0.45,
    frozenset(("criticism", "report_finding")): 0.45,
}
GROUP_SIMILARITY = 0.6  # two names of one organisation acting (Grok and xAI, the Commission and the EU)
ECHO_SIMILARITY = 0.55  # a byline-dated mention naming nobody, against an event of its type
TYPE_FAMILIES = {
    "platform_action": ("restriction", "policy_change", "content_removal", "block_ban"),
    "enforcement": ("investigation", "regulatory_demand", "legal_complaint", "fine_sanction"),
    "speech": ("statement", "acknowledgement", "criticism", "report_finding"),
    "rules": ("legislation",),
    "other": ("other",),
}
FAMILY_OF = {t: fam for fam, types in TYPE_FAMILIES.items() for t in types}
_PAIRS = {(a, b): v for pair, v in _COMPATIBLE.items() for a in pair for b in pair if a != b}  # both orders


def family(event_type: str) -> str:
    """Blocking key: mentions of different families are never compared (their types never match)."""
    return FAMILY_OF.get(event_type, "other")


def type_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    return _PAIRS.get((a, b), 0.0)


def actor_similarity(a: Mention, b: Mention) -> float:
    """1 for the same acting actors, 0 for clearly different ones, in between when roles are unknown."""
    if a.actors and b.actors:
        shared = len(a.actors & b.actors)
        if shared:
            score = 0.6 + 0.4 * shared / min(len(a.actors), len(b.actors))
            if a.targets and b.targets and not (a.targets & b.targets):
                score *= 0.5  # same actor acting on someone else: probably another event
            return score
        # roles swapped by a clause heuristic ("Grok restricted ..." vs "X restricted Grok"): some support
        if (a.actors & b.targets) or (b.actors & a.targets):
            return 0.55
        # different names of one organisation (X, xAI, Grok; the Commission and the EU) when the actor
        # dictionary or the background gazetteer says so
        return GROUP_SIMILARITY if a.groups & b.groups else 0.0
    if not (a.actors | a.targets).isdisjoint(b.actors | b.targets):
        return 0.55
    return 0.3  # one side names nobody: neither support nor veto


def day_similarity(days_apart: int, tolerance: int) -> float:
    """Two text-given dates: equal within the tolerance (time zones), fading two days beyond it."""
    days_apart = abs(days_apart)
    if days_apart <= tolerance:
        return 1.0 - 0.15 * days_apart
    return {1: 0.55, 2: 0.35}.get(days_apart - tolerance, 0.0)


def lag_similarity(published: date, event_day: date, tolerance: int, max_lag: int = 7) -> float:
    """A byline-dated mention against an event day: reports follow events, by up to a week."""
    lag = (published - event_day).days
    if lag < -tolerance or lag > max_lag:
        return 0.0
    if lag <= 1:
        return 1.0
    return {2: 0.85, 3: 0.7}.get(lag, 0.55)


def text_similarity(a: Mention, b: Mention) -> float:
    """Word overlap (Jaccard), only meaningful within one language."""
    if a.language != b.language or not a.words or not b.words:
        return 0.0
    shared = len(a.words & b.words)
    return shared / (len(a.words) + len(b.words) - shared)  # the union's size, without building it


def combine(type_sim: float, actor_sim: float, date_sim: float, text_sim: float, same_article: bool) -> float:
    """Type, actors and date can each veto; wording and a shared article only add support."""
    base = type_sim * actor_sim * date_sim
    if base == 0.0:
        return 0.0
    score = base + (1.0 - base) * 0.5 * text_sim
    if same_article and type_sim == 1.0:
        score += (1.0 - score) * 0.3
    return min(score, 1.0)


def pair_similarity(a: Mention, b: Mention, tolerance: int) -> float:
    """Similarity of two mentions, each dated by its anchor day (own date, else publication day)."""
    if a.modality != b.modality:
        return 0.0
    da, db = a.anchor_date, b.anchor_date
    date_sim = day_similarity((da - db).days, tolerance) if da and db else 0.3
    type_sim = type_similarity(a.event_type, b.event_type)
    if not (type_sim and date_sim):
        return 0.0  # a veto: what combine() gives, without weighing actors and wording
    named = (a.actors or a.targets) and (b.actors or b.targets)
    actor_sim = actor_similarity(a, b) if named else ECHO_SIMILARITY
    if not actor_sim:
        return 0.0
    return combine(type_sim, actor_sim, date_sim, text_similarity(a, b), a.article_id == b.article_id)


def attach_similarity(weak: Mention, member: Mention, event_day: date, tolerance: int) -> float:
    """How well a byline-dated mention fits a member of an event dated `event_day`."""
    return attach_scores(weak, (member,), event_day, tolerance)[0]


def attach_scores(weak: Mention, members: Iterable[Mention], event_day: date, tolerance: int) -> list[float]:
    """:func:`attach_similarity` of `weak` to each of `members` of one event (the day evidence taken once)."""
    published = weak.published or weak.date
    date_sim = lag_similarity(published, event_day, tolerance) if published else 0.3
    if weak.date and weak.precision == "month" and (weak.date.year, weak.date.month) != (
            event_day.year, event_day.month):
        date_sim = 0.0
    # a byline-dated mention naming nobody ("It is the first fine under the DSA") echoes the event of
    # its type that was just reported; it may join one on its day, never vetoes one
    named = bool(weak.actors or weak.targets)
    scores = []
    for member in members:
        type_sim = type_similarity(weak.event_type, member.event_type) if weak.modality == member.modality else 0.0
        actor_sim = (actor_similarity(weak, member) if named else ECHO_SIMILARITY) if type_sim else 0.0
        if actor_sim and date_sim:  # else a veto: combine() gives 0.0 without looking at the wording
            scores.append(combine(type_sim, actor_sim, date_sim, text_similarity(weak, member),
                                  weak.article_id == member.article_id))
        else:
            scores.append(0.0)
    return scores
