"""The three passes that group event mentions into events, as building blocks.

1. Mentions whose *text* dates the event are clustered by average linkage over pairwise similarity.
2. Mentions dated only by their publication day each join the best-fitting event of pass 1 whose day lies
   up to :data:`MAX_REPORT_LAG_DAYS` before it.
3. The rest are clustered among themselves by publication day.

:func:`cluster_all` runs them over all mentions at once: it is the definition the windowed merge
(:mod:`timeline.analysis.merge_window`) reproduces exactly while holding only a few days in memory.
Every order below is the mentions' order key ``(mention_id, index)``, so results do not depend on how
the mentions arrive.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date

from timeline.analysis import consensus
from timeline.analysis.clustering import average_linkage
from timeline.analysis.mentions import Mention
from timeline.analysis.similarity import attach_scores, family, pair_similarity

MERGE_THRESHOLD = 0.5
ATTACH_THRESHOLD = 0.5
MAX_REPORT_LAG_DAYS = 7

Similarity = Callable[[Mention, Mention], float]


def order_key(m: Mention) -> tuple[str, int]:
    """The mentions' fixed order: content-hash ids, so ties break the same way in every engine."""
    return m.mention_id, m.index


def block(m: Mention) -> tuple[str, str]:
    """Mentions are only compared within one (modality, type family) block."""
    return m.modality, family(m.event_type)


def reach(tolerance: int) -> int:
    """How many days apart two mentions may be and still be compared."""
    return tolerance + 2


def signature(m: Mention) -> tuple:
    """Mentions with equal signatures are interchangeable for the merge (similarity 1 to each other)."""
    return (m.modality, m.event_type, m.is_strong, m.anchor_date, m.precision, m.actors, m.targets, m.groups)


def by_signature(items: Iterable[Mention]) -> list[list[Mention]]:
    """Bundles of interchangeable mentions, in order of their first member."""
    grouped: dict[tuple, list[Mention]] = {}
    for m in items:
        grouped.setdefault(signature(m), []).append(m)
    return list(grouped.values())


def candidate_pairs(items: Sequence[Mention], tolerance: int) -> Iterator[tuple[int, int]]:
    """Pairs in one block whose anchor days are close enough to matter (earlier one first)."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for pos, m in enumerate(items):
        blocks[block(m)].append(pos)
    for positions in blocks.values():
        dated = sorted(positions, key=lambda p: (items[p].anchor_date or date.min, p))
        days = [(items[p].anchor_date or date.min).toordinal() for p in dated]
        for x, p in enumerate(dated):
            end = bisect.bisect_right(days, days[x] + reach(tolerance))
            for q in dated[x + 1:end]:
                yield p, q


def cluster(items: Sequence[Mention], tolerance: int, similarity: Similarity | None = None) -> list[list[Mention]]:
    """Average linkage over distinct signatures, each weighted by how many mentions share it.

    Fifty outlets reporting "X restricted Grok" on one day are one comparison, not 1,225. `items` come in
    order-key order; `similarity` may serve pair scores computed earlier (they must equal
    :func:`pair_similarity`'s). Groups come out ordered by their first member, members by bundle.
    """
    if not items:
        return []
    score = similarity or (lambda a, b: pair_similarity(a, b, tolerance))
    bundles = by_signature(items)
    reps = [b[0] for b in bundles]
    pairs = ((p, q, score(reps[p], reps[q])) for p, q in candidate_pairs(reps, tolerance))
    labels = average_linkage(len(reps), pairs, MERGE_THRESHOLD, sizes=[len(b) for b in bundles])
    grouped: dict[int, list[Mention]] = defaultdict(list)
    for pos, label in enumerate(labels):
        grouped[label].extend(bundles[pos])
    return list(grouped.values())


def attach_window(m: Mention, tolerance: int) -> tuple[int, int] | None:
    """First and last event day (ordinals) a byline-dated mention may attach to; None when undated."""
    published = m.published or m.date
    if published is None:
        return None
    return published.toordinal() - MAX_REPORT_LAG_DAYS, published.toordinal() + tolerance


def best_fit(m: Mention, candidates: Iterable[tuple[object, object, date, Sequence[Mention]]],
             tolerance: int) -> object | None:
    """The event whose mentions resemble `m` most (mean of the top 3), above the threshold.

    `candidates` are ``(order, handle, day, reps)`` of the events in `m`'s block and attach window;
    equal scores go to the smallest order. Returns the winner's handle.
    """
    best, best_order, best_score = None, None, ATTACH_THRESHOLD
    for order, handle, day, reps in candidates:
        sims = sorted(attach_scores(m, reps, day, tolerance), reverse=True)
        score = sum(sims[:3]) / min(3, len(sims))
        if score > best_score or (score == best_score and best is not None and order < best_order):
            best, best_order, best_score = handle, order, score
    return best


def representatives(members: Iterable[Mention]) -> list[Mention]:
    """One mention per distinct signature: what a weak mention is compared with."""
    return [b[0] for b in by_signature(members)]


def attach(weak: Sequence[Mention], groups: list[list[Mention]], tolerance: int) -> list[Mention]:
    """Add each byline-dated mention to the best text-dated event; return those that fit none."""
    index: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    days = [consensus.vote_date(members) for members in groups]
    reps = [representatives(members) for members in groups]
    for g, members in enumerate(groups):
        for key in {block(m) for m in members}:
            index[key].append((days[g].toordinal(), g))
    for entries in index.values():
        entries.sort()
    additions: dict[int, list[Mention]] = defaultdict(list)
    leftover = []
    for bundle in by_signature(weak):
        m = bundle[0]
        window = attach_window(m, tolerance)
        entries = index.get(block(m), [])
        if window is not None:
            ordinals = [e[0] for e in entries]
            lo, hi = bisect.bisect_left(ordinals, window[0]), bisect.bisect_right(ordinals, window[1])
            entries = entries[lo:hi]
        best = None if window is None else best_fit(m, ((g, g, days[g], reps[g]) for _, g in entries), tolerance)
        if best is None:
            leftover.extend(bundle)
        else:
            additions[best].extend(bundle)
    for g, extra in additions.items():
        groups[g].extend(extra)
    return leftover


def cluster_all(records: Sequence[Mention], *, tolerance: int = 1) -> list[list[Mention]]:
    """All three passes over `records` (in order-key order) at once; groups of mentions."""
    strong = [m for m in records if m.is_strong]
    weak = [m for m in records if not m.is_strong]
    groups = cluster(strong, tolerance)
    leftover = attach(weak, groups, tolerance)
    return groups + cluster(leftover, tolerance)
