"""Average-link clustering over a sparse similarity graph.

Single-link chains unrelated incidents through one shared phrase; average-link merges two
clusters only while the mean similarity over *all* their cross pairs stays above the threshold
(pairs that were never candidates count as 0), so one stray edge cannot glue big clusters.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable


def average_link(n: int, edges: Iterable[tuple[int, int, float]], threshold: float) -> list[int]:
    """Cluster of each of the n items, as the index of one member; edges are (i, j, similarity)."""
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for i, j, weight in edges:
        if i != j:
            links[i][j] = links[j][i] = max(weight, links[i].get(j, 0.0))
    size = [1] * n
    alive = [True] * n
    parent = list(range(n))
    heap = [(-w, i, j) for i in range(n) for j, w in links[i].items() if i < j and w >= threshold]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or links[a].get(b, 0.0) / (size[a] * size[b]) != -negative:
            continue  # stale: one side merged since this entry was pushed
        if size[a] < size[b]:
            a, b = b, a
        alive[b], parent[b] = False, a
        del links[a][b], links[b][a]
        for c, weight in links[b].items():
            del links[c][b]
            links[a][c] = links[c][a] = links[a].get(c, 0.0) + weight
        links[b] = {}
        size[a] += size[b]
        for c, weight in links[a].items():
            average = weight / (size[a] * size[c])
            if average >= threshold:
                heapq.heappush(heap, (-average, min(a, c), max(a, c)))
    return [_root(parent, i) for i in range(n)]


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
