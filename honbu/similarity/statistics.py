"""Corpus-wide statistics for IDF weights and BM25: report count, total length and document frequencies.

A `SimilarityIndex` normally counts these itself over the reports it holds.  When the index holds
only some reports — the ~50 candidates the database found among a million — its own counts would
make every shared word look rare.  Give it a `Statistics` kept over the whole collection instead:

    stats = Statistics.load(path)              # or Statistics.from_features(all stored features)
    stats.add(features)                        # at intake, as each report is stored
    stats.save(path)                           # now and then; it is a few tens of MB
    rank_candidates(features, candidate_features, statistics=stats, k=10)
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import numpy as np

from .features import Features
from .text import GRAM_BITS

NAME_PREFIX = "@"
MAX_QUERY_TERMS = 64
# Terms in more than this share of reports cost a long posting scan and separate nothing.
MAX_TERM_SHARE = 0.2


def terms_of(features: Features) -> dict[str, int]:
    """The report's index terms with counts: its words, and its names as "@name" (count 1)."""
    terms = dict(features.words)
    for name in features.names:
        terms[NAME_PREFIX + name] = 1
    return terms


class Statistics:
    """How many reports there are, their total word count, and in how many reports each term and n-gram occurs."""

    def __init__(self) -> None:
        self.documents = 0
        self.total_length = 0.0
        self.term_df: dict[str, int] = {}
        self.gram_df = np.zeros(1 << GRAM_BITS, dtype=np.int32)
        # Bumped on every change, so an index that copied term frequencies knows to copy them again.
        self.version = 0

    @classmethod
    def from_features(cls, features: Iterable[Features]) -> Statistics:
        stats = cls()
        for f in features:
            stats.add(f)
        return stats

    def add(self, features: Features) -> None:
        self._count(features, 1)

    def remove(self, features: Features) -> None:
        """Undo `add` (a report was deleted or its text replaced)."""
        self._count(features, -1)

    def _count(self, features: Features, sign: int) -> None:
        df = self.term_df
        for term in terms_of(features):
            df[term] = df.get(term, 0) + sign
            if not df[term]:
                del df[term]
        keys = np.fromiter(features.grams.keys(), dtype=np.int64, count=len(features.grams))
        self.count_collection(sum(features.words.values()), keys, sign)

    def count_collection(self, length: int, gram_keys: np.ndarray, sign: int = 1) -> None:
        """The collection-wide part of adding (or, with sign -1, removing) a report of `length` words with these
        n-grams: what the app's database path keeps in memory, its term frequencies being in the database."""
        self.documents += sign
        self.total_length += sign * length
        self.gram_df[gram_keys] += sign
        self.version += 1

    @property
    def average_length(self) -> float:
        return self.total_length / self.documents if self.documents else 1.0

    def df(self, terms: Iterable[str]) -> np.ndarray:
        """Document frequency of each term (words as stored in `Features.words`, names as "@name")."""
        get = self.term_df.get
        return np.array([get(t, 0) for t in terms], dtype=np.int32)

    def query_terms(self, features: Features) -> list[str]:
        """The terms the candidate step searches for: up to 64 of the report's terms, rarest first,
        leaving out terms no report has and terms in over 20 % of reports.

        Use exactly these in the database's candidate query (a term → report table or tsquery), so
        that `rank_candidates` sees the candidates an in-memory index would have found.
        """
        terms = list(terms_of(features))
        df = self.df(terms)
        limit = max(MAX_TERM_SHARE * self.documents, 2)
        useful = sorted((i for i in range(len(terms)) if 0 < df[i] <= limit), key=lambda i: df[i])
        return [terms[i] for i in useful[:MAX_QUERY_TERMS]]

    def save(self, file: str | Path | BinaryIO) -> None:
        """Write as a compressed .npz (a path or a binary file object, e.g. io.BytesIO for a database column)."""
        terms = json.dumps(self.term_df, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        np.savez_compressed(file, documents=self.documents, total_length=self.total_length,
                            gram_df=self.gram_df, terms=np.frombuffer(terms, dtype=np.uint8))

    @classmethod
    def load(cls, file: str | Path | BinaryIO | bytes) -> Statistics:
        with np.load(io.BytesIO(file) if isinstance(file, bytes) else file) as data:
            stats = cls()
            stats.documents = int(data["documents"])
            stats.total_length = float(data["total_length"])
            stats.gram_df = data["gram_df"].astype(np.int32)
            stats.term_df = json.loads(data["terms"].tobytes().decode("utf-8"))
        return stats
