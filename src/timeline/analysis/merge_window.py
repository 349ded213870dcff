"""The merge of :mod:`timeline.analysis.grouping`, a few days at a time, with exactly the same result.

Mentions arrive day by day in anchor-date order. Why a window can be closed without changing anything:

- Average linkage merges two clusters only when their mean similarity reaches the threshold, so at
  least one pair across them must reach it. Clusters therefore never cross the components of the graph
  "compared and similar ≥ threshold", and clustering each component alone gives the same groups (the
  heap pops each component's pairs in the same relative order). A component is *closed* once the next
  day to read lies beyond its last day plus the comparison reach: nothing later can join it.
- A byline-dated mention of day P chooses among the text-dated events dated P-7 … P+tolerance; it is
  decided once every event that could be dated up to P+tolerance is closed.
- The byline-dated mentions that fit no event are linked and clustered like the first pass.
- An event is finished when no byline-dated mention can still join it.

So memory holds the open components, the events of the last week or so, and the undecided mentions:
it follows the busiest days, not the corpus. Mentions without any date are not given here (they
cannot be placed on a timeline).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from timeline.analysis import consensus
from timeline.analysis.grouping import (
    MAX_REPORT_LAG_DAYS,
    MERGE_THRESHOLD,
    attach_window,
    best_fit,
    block,
    by_signature,
    cluster,
    order_key,
    reach,
    representatives,
)
from timeline.analysis.mentions import Mention
from timeline.analysis.similarity import pair_similarity

_NEVER = date.max.toordinal() + 1_000  # beyond any day: "the input has ended"


@dataclass(slots=True)
class _Bundle:
    serial: int
    day: int
    block: tuple[str, str]
    members: list[Mention]
    sims: dict[int, float] = field(default_factory=dict)  # earlier bundle's representative index → similarity


@dataclass(slots=True)
class _Component:
    first: int
    last: int
    bundles: list[_Bundle] = field(default_factory=list)


class _Linker:
    """Bundles of one pass, linked into components by similarity ≥ threshold, clustered once closed."""

    def __init__(self, tolerance: int):
        self.tolerance = tolerance
        self.reach = reach(tolerance)
        self._open: dict[tuple[str, str], list[_Bundle]] = defaultdict(list)
        self._parent: dict[int, int] = {}
        self._components: dict[int, _Component] = {}
        self._by_rep: dict[int, _Bundle] = {}  # a bundle by its representative's index (for stored similarities)
        self._serial = 0

    def add(self, day: int, mentions: list[Mention]) -> None:
        """Add one day's mentions (in order-key order), comparing them with the open bundles within reach."""
        for members in by_signature(mentions):
            bundle = _Bundle(self._serial, day, block(members[0]), members)
            self._serial += 1
            self._parent[bundle.serial] = bundle.serial
            self._components[bundle.serial] = _Component(day, day, [bundle])
            rep = members[0]
            self._by_rep[rep.index] = bundle
            peers = self._open[bundle.block]
            for other in reversed(peers):
                if other.day < day - self.reach:
                    break
                sim = pair_similarity(other.members[0], rep, self.tolerance)
                bundle.sims[other.members[0].index] = sim
                if sim >= MERGE_THRESHOLD:
                    self._union(other.serial, bundle.serial)
            peers.append(bundle)

    def first_open_day(self) -> int:
        return min((c.first for c in self._components.values()), default=_NEVER)

    def close(self, next_day: int) -> list[list[Mention]]:
        """Cluster the components nothing from `next_day` on can reach; return their groups."""
        done = [root for root, c in self._components.items() if c.last + self.reach < next_day]
        groups: list[list[Mention]] = []
        gone: set[int] = set()
        for root in sorted(done, key=lambda r: self._components[r].first):
            component = self._components.pop(root)
            items = sorted((m for b in component.bundles for m in b.members), key=order_key)
            groups += cluster(items, self.tolerance, self._lookup)
            gone.update(b.serial for b in component.bundles)
            for b in component.bundles:
                del self._parent[b.serial]
        if gone:
            self._forget(gone)
        return groups

    def _lookup(self, a: Mention, b: Mention) -> float:
        sims = self._by_rep[b.index].sims
        return sims[a.index] if a.index in sims else self._by_rep[a.index].sims[b.index]

    def _forget(self, gone: set[int]) -> None:
        """Drop closed bundles (a bundle's similarities go with it: pairs only ever join open bundles)."""
        for key, peers in self._open.items():
            if any(b.serial in gone for b in peers):
                for b in peers:
                    if b.serial in gone:
                        del self._by_rep[b.members[0].index]
                self._open[key] = [b for b in peers if b.serial not in gone]

    def _find(self, x: int) -> int:
        while self._parent[x] != x:
            self._parent[x] = self._parent[self._parent[x]]
            x = self._parent[x]
        return x

    def _union(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        big, small = (ra, rb) if len(self._components[ra].bundles) >= len(self._components[rb].bundles) else (rb, ra)
        self._parent[small] = big
        merged, other = self._components[big], self._components.pop(small)
        merged.bundles += other.bundles
        merged.first, merged.last = min(merged.first, other.first), max(merged.last, other.last)


@dataclass(slots=True, eq=False)
class _Event:
    """A text-dated group waiting for the byline-dated mentions that may still join it."""

    order: tuple[str, int]
    day: date
    block: tuple[str, str]
    reps: list[Mention]
    members: list[Mention]
    additions: list[list[Mention]] = field(default_factory=list)

    def finished(self) -> list[Mention]:
        extra = sorted(self.additions, key=lambda b: order_key(b[0]))
        return self.members + [m for bundle in extra for m in bundle]


class WindowedMerge:
    """Feed mentions day by day in anchor order (:meth:`add_day`), then :meth:`finish`; each call returns
    the groups that are final. :attr:`settled` is the first day a group returned later can be dated."""

    def __init__(self, tolerance: int = 1):
        self.tolerance = tolerance
        self._strong = _Linker(tolerance)
        self._leftover = _Linker(tolerance)
        self._weak: deque[tuple[int, list[list[Mention]]]] = deque()  # (day, bundles) in day order
        self._events: list[_Event] = []
        self._by_day: dict[tuple[str, str], dict[int, list[_Event]]] = defaultdict(lambda: defaultdict(list))
        self._next_day = date.min.toordinal()

    def add_day(self, day: date, mentions: Iterable[Mention]) -> list[list[Mention]]:
        ordinal = day.toordinal()
        if ordinal < self._next_day:
            raise ValueError(f"mentions of {day} arrive after later days: feed them in anchor-date order")
        done = self._advance(ordinal)
        ordered = sorted(mentions, key=order_key)
        self._strong.add(ordinal, [m for m in ordered if m.is_strong])
        weak = [m for m in ordered if not m.is_strong]
        if weak:
            self._weak.append((ordinal, by_signature(weak)))
        self._next_day = ordinal + 1
        return done

    def finish(self) -> list[list[Mention]]:
        return self._advance(_NEVER)

    @property
    def settled(self) -> int:
        """Ordinal of the earliest day a group not yet returned can carry."""
        return min(self._strong.first_open_day(), self._leftover.first_open_day(),
                   min((e.day.toordinal() for e in self._events), default=_NEVER),
                   self._weak[0][0] if self._weak else _NEVER, self._next_day)

    def _advance(self, next_day: int) -> list[list[Mention]]:
        """Everything before `next_day` has been read: close, decide and finish what can no longer change."""
        for members in self._strong.close(next_day):
            event = _Event(min(order_key(m) for m in members), consensus.vote_date(members), block(members[0]),
                           representatives(members), members)
            self._events.append(event)
            self._by_day[event.block][event.day.toordinal()].append(event)
        limit = min(self._strong.first_open_day(), next_day) - self.tolerance  # decide weak days < limit
        while self._weak and self._weak[0][0] < limit:
            day, bundles = self._weak.popleft()
            self._leftover.add(day, [m for bundle in bundles if not self._attach(bundle) for m in bundle])
        done = self._leftover.close(limit)
        finished = [e for e in self._events if e.day.toordinal() + MAX_REPORT_LAG_DAYS < limit]
        if finished:
            self._events = [e for e in self._events if e.day.toordinal() + MAX_REPORT_LAG_DAYS >= limit]
            for e in finished:
                days = self._by_day[e.block]
                days[e.day.toordinal()].remove(e)
                if not days[e.day.toordinal()]:
                    del days[e.day.toordinal()]
        return [e.finished() for e in finished] + done

    def _attach(self, bundle: list[Mention]) -> bool:
        """Give `bundle` to the best open event; False when none fits."""
        m = bundle[0]
        window = attach_window(m, self.tolerance)
        if window is None:
            return False
        days = self._by_day.get(block(m), {})
        candidates = ((e.order, e, e.day, e.reps) for d in range(window[0], window[1] + 1) for e in days.get(d, ()))
        best = best_fit(m, candidates, self.tolerance)  # the winner does not depend on the candidates' order
        if best is None:
            return False
        best.additions.append(bundle)
        return True


def windowed_groups(records: Iterable[Mention], tolerance: int = 1) -> Iterator[list[Mention]]:
    """All groups of `records` (sorted by anchor day, every one dated), window by window."""
    merge = WindowedMerge(tolerance)
    day: date | None = None
    batch: list[Mention] = []
    for m in records:
        if m.anchor_date != day and batch:
            yield from merge.add_day(day, batch)
            batch = []
        day = m.anchor_date
        batch.append(m)
    if batch:
        yield from merge.add_day(day, batch)
    yield from merge.finish()
