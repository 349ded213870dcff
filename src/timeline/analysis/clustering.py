"""Average-linkage agglomerative clustering over a sparse similarity graph.

Connected components would chain "Ofcom, 5 January" to "Ofcom, 7 January" through one ambiguous mention;
average linkage merges two groups only when their members are similar *on average*, and pairs that
were never compared (or vetoed) count as zero. Only the compared pairs are stored, so memory grows
with the candidate pairs, not with the square of the mentions.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence


def average_linkage(n: int, pairs: Iterable[tuple[int, int, float]], threshold: float,
                    sizes: Sequence[int] | None = None) -> list[int]:
    """Cluster items ``0..n-1``; return a cluster label per item (the smallest member index).

    `pairs` are ``(i, j, similarity)`` with similarity > 0; missing pairs have similarity 0. Two
    clusters merge while the mean similarity over all their cross pairs is at least `threshold`.
    `sizes` lets an item stand for that many identical members (their similarity to each other is 1).
    Ties are broken by index, so the result does not depend on input order.
    """
    size = list(sizes) if sizes is not None else [1] * n
    alive = [True] * n
    links: list[dict[int, float]] = [{} for _ in range(n)]  # cluster -> {other cluster: summed similarity}
    for i, j, sim in pairs:
        if i != j and sim > 0:
            weight = sim * size[i] * size[j]
            links[i][j] = links[i].get(j, 0.0) + weight
            links[j][i] = links[j].get(i, 0.0) + weight
    heap = [(-total / (size[i] * size[j]), i, j) for i in range(n) for j, total in links[i].items() if i < j]
    heapq.heapify(heap)
    parent = list(range(n))
    while heap:
        neg_avg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or b not in links[a]:
            continue
        current = links[a][b] / (size[a] * size[b])
        if abs(current + neg_avg) > 1e-12:
            continue  # stale entry; a fresher one is in the heap
        if current < threshold:
            break
        _merge(a, b, size, alive, links, parent, heap)
    return [_root(parent, i) for i in range(n)]


def _merge(a: int, b: int, size: list[int], alive: list[bool], links: list[dict[int, float]],
           parent: list[int], heap: list) -> None:
    keep, gone = (a, b) if a < b else (b, a)
    alive[gone] = False
    parent[gone] = keep
    size[keep] += size[gone]
    for other, total in links[gone].items():
        if other == keep:
            continue
        links[keep][other] = links[keep].get(other, 0.0) + total
        links[other][keep] = links[keep][other]
        del links[other][gone]
    links[keep].pop(gone, None)
    links[gone] = {}
    for other, total in links[keep].items():
        lo, hi = (keep, other) if keep < other else (other, keep)
        heapq.heappush(heap, (-total / (size[keep] * size[other]), lo, hi))


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
