"""Pair scorer: a logistic regression over per-pair evidence, with reasons a person can read.

The coefficients live in `data/pair-model.json`, written by `python -m honbu.similarity.train`.
DEV has no URLs, so "same URL" cannot be learned; it adds a fixed log-odds bonus instead.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

SAME_URL_LOG_ODDS = 4.0
MODEL_FILE = "data/pair-model.json"

FEATURE_NAMES = (
    "char_cosine", "word_cosine", "char_cosine_cross_language", "word_cosine_cross_language",
    "bm25_relative", "bm25_log", "reciprocal_rank", "name_overlap", "shared_names_log",
    "dates_known", "date_week", "date_quarter",
    "same_language", "japanese_english", "latin_cross_language",
    "both_titles_only", "title_only_vs_text", "both_have_text",
)


@dataclass
class PairEvidence:
    """What the index knows about the pairs (query, candidate) for one query; arrays by candidate."""

    docs: np.ndarray
    bm25: np.ndarray
    rank: np.ndarray
    char_cosine: np.ndarray
    word_cosine: np.ndarray
    name_overlap: np.ndarray
    shared_names: list[list[str]]
    dates_known: np.ndarray
    days_apart: np.ndarray
    query_lang: str
    langs: list[str]
    query_fields: int
    fields: np.ndarray
    same_url: np.ndarray
    # Batch work may skip the name strings and give only their number per candidate.
    shared_name_count: np.ndarray | None = None
    # Set when several queries' pairs are scored at once (`concatenate`): per pair, the best BM25 of its query.
    bm25_best: np.ndarray | None = None

    @classmethod
    def concatenate(cls, parts: list[PairEvidence]) -> PairEvidence:
        """The pairs of several queries as one evidence, to score them in one go (no reasons)."""
        sizes = [len(e.docs) for e in parts]
        per_pair = lambda values: np.repeat(np.array(values), sizes)  # noqa: E731
        join = lambda name: np.concatenate([getattr(e, name) for e in parts])  # noqa: E731
        return cls(
            docs=join("docs"), bm25=join("bm25"), rank=join("rank"), char_cosine=join("char_cosine"),
            word_cosine=join("word_cosine"), name_overlap=join("name_overlap"), shared_names=[],
            dates_known=join("dates_known"), days_apart=join("days_apart"),
            query_lang=per_pair([e.query_lang for e in parts]), langs=[lang for e in parts for lang in e.langs],
            query_fields=per_pair([e.query_fields for e in parts]), fields=join("fields"), same_url=join("same_url"),
            shared_name_count=np.concatenate([e.shared_name_count if e.shared_name_count is not None
                                              else np.array([len(n) for n in e.shared_names]) for e in parts]),
            bm25_best=per_pair([float(e.bm25[0]) for e in parts]),
        )


def pair_features(e: PairEvidence) -> np.ndarray:
    """The feature matrix (candidates × FEATURE_NAMES) for the logistic regression."""
    langs = np.array(e.langs)
    same_lang = langs == e.query_lang
    ja_en = (langs == "ja") != (e.query_lang == "ja")
    latin_cross = ~same_lang & ~ja_en
    cross = ~same_lang
    title_only = lambda f: (f & 1).astype(bool) & ~(f & 2).astype(bool)  # noqa: E731
    text_only = lambda f: ~(f & 1).astype(bool) & (f & 2).astype(bool)  # noqa: E731
    query_fields = np.broadcast_to(np.asarray(e.query_fields, dtype=np.uint8), len(e.docs))
    bm25_best = e.bm25_best if e.bm25_best is not None else float(e.bm25[0])
    days = e.days_apart.astype(np.float64)
    columns = [
        e.char_cosine, e.word_cosine, e.char_cosine * cross, e.word_cosine * cross,
        e.bm25 / np.maximum(bm25_best, 1e-9), np.log1p(e.bm25), 1.0 / e.rank,
        e.name_overlap,
        np.log1p(e.shared_name_count if e.shared_name_count is not None else [len(n) for n in e.shared_names]),
        e.dates_known, e.dates_known * np.exp(-days / 7), e.dates_known * np.exp(-days / 90),
        same_lang, ja_en, latin_cross,
        title_only(e.fields) & title_only(query_fields),
        (title_only(e.fields) & text_only(query_fields)) | (text_only(e.fields) & title_only(query_fields)),
        (e.fields & 2).astype(bool) & (query_fields & 2).astype(bool),
    ]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns])


@functools.cache
def _shipped_model() -> dict:
    # Read once per process: rank_candidates builds a small index, and so loads a scorer, per query.
    return json.loads(resources.files(__package__).joinpath(MODEL_FILE).read_text("utf-8"))


class PairScorer:
    """Probability that two reports are about the same incident."""

    def __init__(self, coefficients: dict[str, float], intercept: float, threshold: float = 0.5):
        self.weights = np.array([coefficients[name] for name in FEATURE_NAMES])
        self.intercept = intercept
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path | None = None) -> PairScorer:
        """The shipped model, or one written by the training script to `path`."""
        model = json.loads(Path(path).read_text("utf-8")) if path else _shipped_model()
        return cls(model["coefficients"], model["intercept"], model["cluster_threshold"])

    def probabilities(self, evidence: PairEvidence) -> np.ndarray:
        log_odds = pair_features(evidence) @ self.weights + self.intercept + SAME_URL_LOG_ODDS * evidence.same_url
        return 1 / (1 + np.exp(-log_odds))

    @staticmethod
    def reasons(e: PairEvidence, i: int) -> list[str]:
        """Why candidate i looks related, in the order a reviewer weighs them."""
        reasons = []
        if e.same_url[i]:
            reasons.append("same URL")
        reasons.append(f"text similarity {max(e.char_cosine[i], e.word_cosine[i]):.2f}")
        if e.shared_names[i]:
            reasons.append("shared names: " + ", ".join(e.shared_names[i][:5]))
        if e.dates_known[i]:
            days = int(e.days_apart[i])
            reasons.append("same date" if days == 0 else f"dates {days} day{'s' if days != 1 else ''} apart")
        if e.langs[i] != e.query_lang:
            reasons.append(f"different languages ({e.query_lang}/{e.langs[i]})")
        return reasons
