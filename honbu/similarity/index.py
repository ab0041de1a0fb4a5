"""Incremental in-memory similarity index: BM25 blocking over an inverted index, then pair scoring.

Memory grows linearly with the reports (postings plus each report's hashed character n-grams in
flat numpy buffers); nothing is n×n.  Every `add` updates document frequencies at once, so a new
report is findable by the next `query`.
"""
from __future__ import annotations

import math
from array import array
from dataclasses import dataclass

import numpy as np

from .features import Features, Report, extract
from .text import GRAM_BITS
from .scoring import PairEvidence, PairScorer

BM25_K1, BM25_B = 1.2, 0.75
MAX_QUERY_TERMS = 64
# Terms in more than this share of reports cost a long posting scan and separate nothing.
MAX_TERM_SHARE = 0.2
NAME_PREFIX = "@"


@dataclass(frozen=True)
class Match:
    """A similar report: its id, the probability that it is about the same incident, and why."""

    id: str
    score: float
    reasons: list[str]


class _Ragged:
    """Rows of varying length kept in one growable numpy buffer (no per-row object overhead)."""

    def __init__(self, dtype):
        self._data = np.empty(4096, dtype=dtype)
        self._starts = array("q", [0])

    def append(self, values) -> None:
        end = self._starts[-1] + len(values)
        if end > len(self._data):
            self._data = np.resize(self._data, max(end, 2 * len(self._data)))
        self._data[self._starts[-1] : end] = values
        self._starts.append(end)

    def row(self, i: int) -> np.ndarray:
        return self._data[self._starts[i] : self._starts[i + 1]]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Concatenated values of `rows` and, for each value, the position of its row in `rows`."""
        starts = np.frombuffer(self._starts, dtype=np.int64)
        begin, lengths = starts[rows], starts[rows + 1] - starts[rows]
        segment = np.repeat(np.arange(len(rows)), lengths)
        offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
        return self._data[begin[segment] + offsets], segment


class SimilarityIndex:
    """Find the reports most likely about the same incident as a given one.

    >>> index = SimilarityIndex()
    >>> index.add(Report(id="a", title="Deepfake ad used Emma Watson's face"))
    >>> index.query(Report(id="b", title="Deepfake app ads showed Emma Watson"), k=1)[0].id
    'a'
    """

    def __init__(self, scorer: PairScorer | None = None, *, candidates: int = 50):
        self.scorer = scorer or PairScorer.load()
        self.candidate_limit = candidates
        self.ids: list[str] = []
        self._position: dict[str, int] = {}
        self._vocabulary: dict[str, int] = {}
        self._terms: list[str] = []
        self._post_docs: list[array] = []
        self._post_counts: list[array] = []
        self._gram_df = np.zeros(1 << GRAM_BITS, dtype=np.int32)
        self._term_df = np.zeros(1024, dtype=np.int32)
        self._length = array("f")
        self._date = array("i")  # proleptic ordinal, 0 when unknown
        self._lang: list[str] = []
        self._fields = array("B")  # bit 0: has title, bit 1: has text
        self._by_url: dict[str, list[int]] = {}
        self._words, self._word_counts = _Ragged(np.int32), _Ragged(np.uint16)
        self._names = _Ragged(np.int32)
        self._grams, self._gram_counts = _Ragged(np.uint32), _Ragged(np.uint16)
        self._total_length = 0.0

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, report_id: str) -> bool:
        return report_id in self._position

    def add(self, item: Report | Features) -> None:
        """Index a report (or its stored features); a duplicate id is an error."""
        features = item if isinstance(item, Features) else extract(item)
        if features.id in self._position:
            raise ValueError(f"report {features.id!r} is already indexed")
        doc = len(self.ids)
        self.ids.append(features.id)
        self._position[features.id] = doc
        terms = dict(features.words)
        for name in features.names:
            terms[NAME_PREFIX + name] = 1
        term_ids = [self._term_id(term) for term in terms]
        for term_id, count in zip(term_ids, terms.values()):
            self._post_docs[term_id].append(doc)
            self._post_counts[term_id].append(min(count, 65535))
        self._term_df[term_ids] += 1
        word_ids = term_ids[: len(features.words)]
        order = np.argsort(word_ids)
        self._words.append(np.asarray(word_ids, dtype=np.int32)[order])
        self._word_counts.append(np.minimum(list(features.words.values()), 65535).astype(np.uint16)[order])
        self._names.append(np.sort(np.asarray(term_ids[len(features.words) :], dtype=np.int32)))
        grams = np.fromiter(features.grams.keys(), dtype=np.uint32, count=len(features.grams))
        counts = np.minimum(np.fromiter(features.grams.values(), dtype=np.int64, count=len(grams)), 65535)
        order = np.argsort(grams)
        self._grams.append(grams[order])
        self._gram_counts.append(counts[order].astype(np.uint16))
        self._gram_df[grams] += 1
        length = sum(features.words.values())
        self._length.append(length)
        self._total_length += length
        self._date.append(features.date.toordinal() if features.date else 0)
        self._lang.append(features.lang)
        self._fields.append(int(features.has_title) | int(features.has_text) << 1)
        if features.url:
            self._by_url.setdefault(features.url, []).append(doc)

    def query(self, item: Report | Features, k: int = 5) -> list[Match]:
        """The k indexed reports most likely about the same incident, best first (never the report itself)."""
        features = item if isinstance(item, Features) else extract(item)
        evidence = self.evidence(features)
        if evidence is None:
            return []
        scores = self.scorer.probabilities(evidence)
        best = np.argsort(-scores, kind="stable")[:k]
        return [Match(self.ids[evidence.docs[i]], float(scores[i]), self.scorer.reasons(evidence, i)) for i in best]

    def evidence(self, features: Features) -> PairEvidence | None:
        """Blocking candidates for `features` with the per-pair evidence the scorer needs."""
        docs, bm25 = self._candidates(features)
        if not len(docs):
            return None
        return PairEvidence(
            docs=docs,
            bm25=bm25,
            rank=np.arange(1, len(docs) + 1),
            char_cosine=self._cosine(features.grams, self._grams, self._gram_counts, docs, self._gram_idf),
            word_cosine=self._cosine(self._known_words(features), self._words, self._word_counts, docs,
                                     self._word_idf, unknown_terms=self._unknown_words(features)),
            **self._name_overlap(features, docs),
            **self._dates(features, docs),
            query_lang=features.lang,
            langs=[self._lang[d] for d in docs],
            query_fields=int(features.has_title) | int(features.has_text) << 1,
            fields=np.frombuffer(self._fields, dtype=np.uint8)[docs],
            same_url=np.isin(docs, self._by_url.get(features.url, [])) if features.url else np.zeros(len(docs), bool),
        )

    # -- candidate step -------------------------------------------------------------------------

    def _candidates(self, features: Features) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.ids)
        own = self._position.get(features.id, -1)
        query = {self._vocabulary[t]: c for t, c in features.words.items() if t in self._vocabulary}
        for name in features.names:
            if NAME_PREFIX + name in self._vocabulary:
                query[self._vocabulary[NAME_PREFIX + name]] = 1
        df = {t: len(self._post_docs[t]) for t in query}
        useful = sorted((t for t in query if df[t] <= max(MAX_TERM_SHARE * n, 2)), key=df.get)[:MAX_QUERY_TERMS]
        scores = np.zeros(n, dtype=np.float32)
        lengths = np.frombuffer(self._length, dtype=np.float32)
        average = self._total_length / n if n else 1.0
        for t in useful:
            docs = np.frombuffer(self._post_docs[t], dtype=np.int32)
            counts = np.frombuffer(self._post_counts[t], dtype=np.uint16).astype(np.float32)
            idf = math.log(1 + (n - df[t] + 0.5) / (df[t] + 0.5))
            saturation = counts * (BM25_K1 + 1) / (counts + BM25_K1 * (1 - BM25_B + BM25_B * lengths[docs] / average))
            scores[docs] += idf * saturation * (1 + math.log(query[t]))
        if features.url in self._by_url:
            # A report at the same address is always a candidate, even with no shared words.
            scores[self._by_url[features.url]] += 1e-3
        if own >= 0:
            scores[own] = 0
        hits = np.flatnonzero(scores)
        if len(hits) > self.candidate_limit:
            hits = hits[np.argpartition(-scores[hits], self.candidate_limit)[: self.candidate_limit]]
        hits = hits[np.argsort(-scores[hits], kind="stable")]
        return hits, scores[hits]

    # -- evidence ---------------------------------------------------------------------------------

    def _term_id(self, term: str) -> int:
        term_id = self._vocabulary.get(term)
        if term_id is None:
            term_id = self._vocabulary[term] = len(self._terms)
            self._terms.append(term)
            self._post_docs.append(array("i"))
            self._post_counts.append(array("H"))
            if term_id == len(self._term_df):
                self._term_df = np.concatenate([self._term_df, np.zeros_like(self._term_df)])
        return term_id

    def _known_words(self, features: Features) -> dict[int, int]:
        return {self._vocabulary[t]: c for t, c in features.words.items() if t in self._vocabulary}

    def _unknown_words(self, features: Features) -> list[int]:
        return [c for t, c in features.words.items() if t not in self._vocabulary]

    def _gram_idf(self, keys: np.ndarray) -> np.ndarray:
        return np.log((len(self.ids) + 1) / (self._gram_df[keys] + 1)) + 1

    def _word_idf(self, keys: np.ndarray) -> np.ndarray:
        return np.log((len(self.ids) + 1) / (self._term_df[keys] + 1.0)) + 1

    def _cosine(self, query: dict[int, int], rows: _Ragged, row_counts: _Ragged, docs: np.ndarray,
                idf, unknown_terms: list[int] = ()) -> np.ndarray:
        """TF-IDF cosine (sublinear tf) between the query terms and each candidate's row."""
        keys = np.fromiter(query.keys(), dtype=np.int64, count=len(query))
        order = np.argsort(keys)
        keys = keys[order]
        weights = (1 + np.log(np.fromiter(query.values(), dtype=np.float64, count=len(keys))[order])) * idf(keys)
        unseen_idf = math.log(len(self.ids) + 1) + 1
        norm = math.sqrt(float(weights @ weights) + sum((1 + math.log(c)) ** 2 for c in unknown_terms) * unseen_idf**2)
        values, segment = rows.gather(docs)
        counts, _ = row_counts.gather(docs)
        doc_weights = (1 + np.log(counts.astype(np.float64))) * idf(values)
        doc_norms = np.sqrt(np.bincount(segment, doc_weights**2, minlength=len(docs)))
        if not len(keys) or not norm:
            return np.zeros(len(docs))
        where = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
        shared = keys[where] == values
        dots = np.bincount(segment[shared], doc_weights[shared] * weights[where[shared]], minlength=len(docs))
        return dots / np.maximum(doc_norms * norm, 1e-12)

    def _name_overlap(self, features: Features, docs: np.ndarray) -> dict:
        """Rarity-weighted share of names in common (overlap coefficient), and the shared names."""
        ids = np.array(sorted(self._vocabulary[NAME_PREFIX + n] for n in features.names
                              if NAME_PREFIX + n in self._vocabulary), dtype=np.int32)
        values, segment = self._names.gather(docs)
        idf = self._word_idf(values) if len(values) else np.zeros(0)
        shared = np.isin(values, ids)
        query_mass = float(self._word_idf(ids).sum()) + (len(features.names) - len(ids)) * (math.log(len(self.ids) + 1) + 1)
        doc_mass = np.bincount(segment, idf, minlength=len(docs))
        shared_mass = np.bincount(segment[shared], idf[shared], minlength=len(docs))
        overlap = shared_mass / np.maximum(np.minimum(doc_mass, query_mass), 1e-12)
        names = [[] for _ in docs]
        for value, position in zip(values[shared], segment[shared]):
            names[position].append(self._terms[value][len(NAME_PREFIX) :])
        return {"name_overlap": overlap, "shared_names": names}

    def _dates(self, features: Features, docs: np.ndarray) -> dict:
        dates = np.frombuffer(self._date, dtype=np.int32)[docs]
        known = (dates > 0) & (features.date is not None)
        query_day = features.date.toordinal() if features.date else 0
        return {"dates_known": known, "days_apart": np.where(known, np.abs(dates - query_day), 0)}
