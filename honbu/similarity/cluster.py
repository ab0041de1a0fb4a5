"""Average-link clustering over a sparse similarity graph.

Single-link chains unrelated incidents through one shared phrase; average-link merges two
clusters only while the mean similarity over *all* their cross pairs stays above the threshold
(pairs that were never candidates count as 0), so one stray edge cannot glue big clusters.
"""
from __future__ import annotations

import heapq
from collections.abc import Iterable

import numpy as np


def average_link(n: int, edges: Iterable[tuple[int, int, float]], threshold: float) -> list[int]:
    """Cluster of each of the n items, as the index of one member; edges are (i, j, similarity)."""
    first, second, weight = [], [], []
    for i, j, w in edges:
        first.append(i)
        second.append(j)
        weight.append(w)
    return average_link_arrays(n, np.array(first, dtype=np.int64), np.array(second, dtype=np.int64),
                               np.array(weight, dtype=np.float64), threshold)


def average_link_arrays(n: int, first: np.ndarray, second: np.ndarray, weight: np.ndarray, threshold: float) -> list[int]:
    """`average_link` over edges given as three arrays.

    Two clusters merge only if their mean similarity reaches the threshold, so only if some pair
    across them does: every cluster lies within one connected component of the edges at or above
    the threshold.  Edges leaving such a component can never count, so they are dropped before the
    (pure Python) merging.  The result is the same as merging over all edges.
    """
    first, second = np.asarray(first, dtype=np.int64), np.asarray(second, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    # One edge per unordered pair, with the larger weight when both directions are given.
    low, high = np.minimum(first, second), np.maximum(first, second)
    key = low * max(n, 1) + high
    order = np.lexsort((weight, key))
    key, weight = key[order], weight[order]
    last = np.flatnonzero(np.append(key[1:] != key[:-1], True)) if len(key) else np.zeros(0, dtype=np.int64)
    low, high, weight = key[last] // max(n, 1), key[last] % max(n, 1), weight[last]
    keep = low != high
    low, high, weight = low[keep], high[keep], weight[keep]
    component = _components(n, low[weight >= threshold], high[weight >= threshold])
    keep = component[low] == component[high]
    low, high, weight = low[keep], high[keep], weight[keep]

    # Adjacency as a dict per item, built from the edges sorted by item.
    ends = np.concatenate([low, high])
    others = np.concatenate([high, low])
    weights = np.concatenate([weight, weight])
    order = np.argsort(ends, kind="stable")
    ends, others, weights = ends[order].tolist(), others[order].tolist(), weights[order].tolist()
    links: dict[int, dict[int, float]] = {}
    start = 0
    for stop in np.flatnonzero(np.append(np.diff(ends) != 0, True)).tolist() if ends else []:
        links[ends[start]] = dict(zip(others[start : stop + 1], weights[start : stop + 1]))
        start = stop + 1
    strong = weight >= threshold
    heap = list(zip((-weight[strong]).tolist(), low[strong].tolist(), high[strong].tolist()))
    heapq.heapify(heap)
    size = [1] * n
    parent = list(range(n))
    pop, push = heapq.heappop, heapq.heappush
    # A merge only lowers the averages of the merged cluster's pairs: the new average with c is at
    # most the larger of the two old ones.  So the entries already in the heap stay upper bounds, and
    # instead of re-pushing every neighbour after each merge, a popped entry is checked: it names
    # clusters that have since merged (follow them to their roots) or an average that has since
    # fallen (push it back as it is now, if still at the threshold).  The first entry that is exact
    # and names two live clusters is the best pair, the one the eager version would merge.
    while heap:
        negative, a, b = pop(heap)
        i = a if parent[a] == a else _root(parent, a)
        j = b if parent[b] == b else _root(parent, b)
        if i == j:
            continue
        if i > j:
            i, j = j, i
        average = links[i].get(j, 0.0) / (size[i] * size[j])
        if average != -negative or i != a or j != b:
            if average >= threshold:
                push(heap, (-average, i, j))
            continue
        if size[i] < size[j]:
            i, j = j, i
        parent[j] = i
        into = links[i]
        del into[j], links[j][i]
        for c, w in links[j].items():
            around = links[c]
            del around[j]
            into[c] = around[i] = into.get(c, 0.0) + w
        links[j] = {}
        size[i] += size[j]
    return [_root(parent, i) for i in range(n)]


def _components(n: int, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Connected component of each item (its smallest member), by label propagation with pointer jumping."""
    label = np.arange(n)
    while len(first):
        low = np.minimum(label[first], label[second])
        np.minimum.at(label, label[first], low)
        np.minimum.at(label, label[second], low)
        while True:
            jumped = label[label]
            if np.array_equal(jumped, label):
                break
            label = jumped
        if np.array_equal(label[first], label[second]):
            break
    return label


def _root(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
