"""What a group of mentions says together: the day, the type, the actors, a title, a confidence.

A day read from the text ("on Friday", "le 2 janvier") outvotes the publication day, because articles
report events one or more days after they happen; each article votes once, so one outlet repeating a
date in its headline and body does not decide it. Disagreement beyond the tolerance is kept visible as
``has_date_conflict``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date

from timeline.analysis.mentions import SOURCE_WEIGHT, Mention


def vote_date(members: Sequence[Mention]) -> date | None:
    """The consensus day: weighted vote of text-given days, one vote per article and day.

    Each vote counts its date source (an explicit date over a relative one) times the mention's
    confidence, so a day guessed inside "last week" loses to exact days from other reports.

    Without any text-given day, the event is dated by its first report (it cannot have happened later).
    """
    votes: dict[date, float] = defaultdict(float)
    seen: set[tuple[str, date]] = set()
    for m in members:
        if m.is_strong and (m.article_id, m.date) not in seen:
            seen.add((m.article_id, m.date))
            votes[m.date] += SOURCE_WEIGHT.get(m.date_source, 0.5) * max(0.05, min(m.confidence, 1.0))
    if votes:
        return min(votes, key=lambda d: (-round(votes[d], 6), d))
    days = [m.anchor_date for m in members if m.anchor_date]
    return min(days) if days else None


def date_conflict(members: Sequence[Mention], day: date, tolerance: int) -> tuple[bool, int]:
    """Whether text-given days disagree with `day` beyond the tolerance, and their spread in days."""
    strong = [m.date for m in members if m.is_strong]
    given = strong or [m.anchor_date for m in members if m.anchor_date]
    spread = (max(given) - min(given)).days if given else 0
    conflict = any(abs((d - day).days) > tolerance for d in strong)
    return conflict, spread


def vote_type(members: Sequence[Mention]) -> str:
    """Majority type by article; a specific type beats the generic 'statement'/'other' on ties."""
    per_article = {(m.article_id, m.event_type) for m in members}
    counts = Counter(t for _, t in per_article)
    generic = {"statement": 1, "other": 2}
    return min(counts, key=lambda t: (-counts[t], generic.get(t, 0), t))


def vote_names(members: Sequence[Mention], attr: str, share: float = 0.34) -> list[str]:
    """Names given by at least `share` of the reporting articles (at least the most frequent one)."""
    per_article: dict[str, set[str]] = defaultdict(set)
    for m in members:
        per_article[m.article_id] |= getattr(m, attr)
    counts = Counter(name for names in per_article.values() for name in names)
    if not counts:
        return []
    n = len(per_article)
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    return [k for k in ranked if counts[k] / n >= share] or ranked[:1]


def confidence(members: Sequence[Mention]) -> float:
    """Grows with independent outlets (1 - product of per-outlet doubts); text-given dates add."""
    per_outlet: dict[str, float] = {}
    for m in members:
        q = 0.4 * max(0.0, min(m.confidence, 1.0)) + (0.15 if m.is_strong else 0.0)
        per_outlet[m.outlet] = max(per_outlet.get(m.outlet, 0.0), q)
    doubt = 1.0
    for q in per_outlet.values():
        doubt *= 1.0 - q
    return round(1.0 - doubt, 4)


def _title_score(m: Mention, lang: str, day: date | None, actors: set[str], event_type: str) -> float:
    words = len(m.sentence.split())
    score = 2.0 if m.language == lang else 0.0
    score += 0.7 if m.date_source == "explicit" and m.date == day else 0.3 if m.is_strong else 0.0
    score += 0.6 * (len(m.actors & actors) / len(actors) if actors else 0.0)
    score += 0.5 if m.event_type == event_type else 0.0
    score += 0.3 * m.confidence
    score -= 0.05 * max(0, 8 - words) + 0.03 * max(0, words - 35)
    score -= 0.5 if m.sentence.rstrip().endswith("?") else 0.0
    return score


def choose_title(members: Sequence[Mention], lang: str, day: date | None, actors: Sequence[str],
                 event_type: str) -> Mention:
    """The clearest sentence: in the user's language if any, dated, naming the actors, not too long."""
    wanted = set(actors)
    return max(members, key=lambda m: (_title_score(m, lang, day, wanted, event_type),
                                       -(m.published.toordinal() if m.published else 0), m.mention_id))
