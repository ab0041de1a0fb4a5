"""Whole-file operations: rank every report against the others, and cluster them into incidents."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from .cluster import average_link
from .features import Features, Report, extract
from .index import SimilarityIndex
from .scoring import PairEvidence, PairScorer

# Pairs below this probability are dropped from the graph; average-link treats them as 0 anyway.
EDGE_FLOOR = 0.02


def build_index(features: Sequence[Features], scorer: PairScorer | None = None) -> SimilarityIndex:
    index = SimilarityIndex(scorer)
    for f in features:
        index.add(f)
    return index


def scored_pairs(index: SimilarityIndex, features: Sequence[Features],
                 chunk: int = 256) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """For each report (by position): its candidates' positions and their probabilities, best first.

    Weights are precomputed once for the whole batch, and the pairs of `chunk` reports are scored
    in one vectorised call.
    """
    index.precompute()
    for start in range(0, len(features), chunk):
        found = [(position, index.evidence(features[position], with_names=False))
                 for position in range(start, min(start + chunk, len(features)))]
        scored = [(position, e) for position, e in found if e is not None]
        probabilities = index.scorer.probabilities(PairEvidence.concatenate([e for _, e in scored])) if scored else []
        split = dict(zip((p for p, _ in scored), np.split(probabilities, np.cumsum([len(e.docs) for _, e in scored])[:-1])))
        for position, evidence in found:
            if evidence is None:
                yield position, np.zeros(0, dtype=np.int64), np.zeros(0)
                continue
            p = split[position]
            order = np.argsort(-p, kind="stable")
            yield position, evidence.docs[order], p[order]


def rank(reports: Sequence[Report], k: int = 5, scorer: PairScorer | None = None) -> dict[str, list[str]]:
    """The k other reports most likely about the same incident, best first, for every report."""
    features = [extract(r) for r in reports]
    index = build_index(features, scorer)
    return {features[q].id: [index.ids[d] for d in docs[:k]] for q, docs, _ in scored_pairs(index, features)}


def dedup(reports: Sequence[Report], threshold: float | None = None, scorer: PairScorer | None = None) -> dict[str, str]:
    """Cluster reports into incidents; each report's label is the id of one report in its cluster."""
    features = [extract(r) for r in reports]
    index = build_index(features, scorer)
    edges = [(q, d, p) for q, docs, probs in scored_pairs(index, features)
             for d, p in zip(docs[probs >= EDGE_FLOOR].tolist(), probs[probs >= EDGE_FLOOR].tolist())]
    labels = average_link(len(features), edges, index.scorer.threshold if threshold is None else threshold)
    return {f.id: features[label].id for f, label in zip(features, labels)}
