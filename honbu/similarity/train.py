"""Train the pair scorer on DEV and choose the clustering threshold out of fold.

    python -m honbu.similarity.train [--dev PATH] [--out honbu/similarity/data/pair-model.json]

Training pairs are the blocking candidates (top 50 by BM25) of every DEV report plus the
hand-written Japanese reports in `data/ja-reports.jsonl`, labelled by incident.  Folds split
*incidents*; a pair is scored out of fold by a model trained without either of its reports'
folds, so no figure rests on a model that saw the pair's incidents.
"""
from __future__ import annotations

import argparse
import json
import zlib
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from itertools import combinations_with_replacement
from pathlib import Path

import numpy as np

from .batch import EDGE_FLOOR, build_index
from .cluster import average_link
from .features import Report, extract
from .scoring import FEATURE_NAMES, PairScorer, pair_features

DEFAULT_DEV = Path(__file__).resolve().parents[2] / "../shared/data/incidents/aiid-dev.jsonl"
FOLDS = 5
L2 = 1.0
THRESHOLDS = tuple(round(t, 2) for t in np.arange(0.20, 0.91, 0.05))


def load_labelled(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def japanese_reports() -> list[dict]:
    raw = resources.files(__package__).joinpath("data/ja-reports.jsonl").read_text("utf-8")
    return [json.loads(line) for line in raw.splitlines() if line.strip()]


def fold_of(incident_id) -> int:
    return zlib.crc32(f"fold:{incident_id}".encode()) % FOLDS


@dataclass
class PairTable:
    """Every (query, candidate) pair from blocking, with features and gold label."""

    query: np.ndarray
    candidate: np.ndarray
    x: np.ndarray
    y: np.ndarray
    ids: list[str]
    incidents: list


def pair_table(records: list[dict]) -> PairTable:
    features = [extract(Report.from_dict(r)) for r in records]
    index = build_index(features, PairScorer(dict.fromkeys(FEATURE_NAMES, 0.0), 0.0))
    index.precompute()
    incidents = [r["incident_id"] for r in records]
    queries, candidates, rows = [], [], []
    for q, f in enumerate(features):
        evidence = index.evidence(f)
        if evidence is None:
            continue
        queries.append(np.full(len(evidence.docs), q))
        candidates.append(evidence.docs)
        rows.append(pair_features(evidence))
    query, candidate = np.concatenate(queries), np.concatenate(candidates)
    labels = np.array([incidents[a] == incidents[b] for a, b in zip(query, candidate)])
    return PairTable(query, candidate, np.vstack(rows), labels, [f.id for f in features], incidents)


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method on standardised features.

    Returns weights and intercept for the *raw* features, so scoring needs no scaler.
    """
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1
    z = np.column_stack([(x - mean) / scale, np.ones(len(x))])
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], l2)
    penalty[-1] = 0
    for _ in range(50):
        p = 1 / (1 + np.exp(-(z @ w)))
        gradient = z.T @ (p - y) + penalty * w
        hessian = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    weights = w[:-1] / scale
    return weights, float(w[-1] - weights @ mean)


def out_of_fold_probabilities(table: PairTable) -> np.ndarray:
    folds = np.array([fold_of(i) for i in table.incidents])
    qf, cf = folds[table.query], folds[table.candidate]
    probabilities = np.zeros(len(table.y))
    for a, b in combinations_with_replacement(range(FOLDS), 2):
        held = np.isin(qf, (a, b)) | np.isin(cf, (a, b))
        scored = (np.minimum(qf, cf) == a) & (np.maximum(qf, cf) == b)
        weights, intercept = fit_logistic(table.x[~held], table.y[~held])
        probabilities[scored] = 1 / (1 + np.exp(-(table.x[scored] @ weights + intercept)))
    return probabilities


def clusters_at(table: PairTable, probabilities: np.ndarray, threshold: float) -> list[int]:
    keep = probabilities >= EDGE_FLOOR
    edges = zip(table.query[keep].tolist(), table.candidate[keep].tolist(), probabilities[keep].tolist())
    return average_link(len(table.ids), edges, threshold)


def pairwise_f1(labels: list[int], incidents: list) -> float:
    def pairs(groups: Counter) -> int:
        return sum(n * (n - 1) // 2 for n in groups.values())

    true_positive = pairs(Counter(zip(labels, incidents)))
    predicted, gold = pairs(Counter(labels)), pairs(Counter(incidents))
    precision, recall = true_positive / max(predicted, 1), true_positive / max(gold, 1)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def rankings(table: PairTable, probabilities: np.ndarray, k: int = 5) -> dict[str, list[str]]:
    ranked: dict[int, list[tuple[float, int]]] = {}
    for q, c, p in zip(table.query.tolist(), table.candidate.tolist(), probabilities.tolist()):
        ranked.setdefault(q, []).append((-p, c))
    return {table.ids[q]: [table.ids[c] for _, c in sorted(pairs)[:k]] for q, pairs in ranked.items()}


def threshold_curve(table: PairTable, probabilities: np.ndarray) -> dict[float, float]:
    return {t: pairwise_f1(clusters_at(table, probabilities, t), table.incidents) for t in THRESHOLDS}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--out", type=Path, default=Path(__file__).with_name("data") / "pair-model.json")
    args = parser.parse_args(argv)
    records = load_labelled(args.dev) + japanese_reports()
    table = pair_table(records)
    probabilities = out_of_fold_probabilities(table)
    curve = threshold_curve(table, probabilities)
    threshold = max(curve, key=curve.get)
    weights, intercept = fit_logistic(table.x, table.y)
    model = {
        "trained": f"{args.dev.name} + data/ja-reports.jsonl: {len(table.y)} candidate pairs "
                   f"({int(table.y.sum())} same-incident), L2={L2}; threshold from the {FOLDS}-fold "
                   "out-of-fold average-link curve (pairwise F1)",
        "coefficients": dict(zip(FEATURE_NAMES, np.round(weights, 5).tolist())),
        "intercept": round(intercept, 5),
        "cluster_threshold": threshold,
        "out_of_fold_pairwise_f1_by_threshold": {str(t): round(f, 4) for t, f in curve.items()},
    }
    args.out.write_text(json.dumps(model, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(table.y)} pairs, {int(table.y.sum())} positive; threshold {threshold} "
          f"(out-of-fold pairwise F1 {curve[threshold]:.3f}); wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
