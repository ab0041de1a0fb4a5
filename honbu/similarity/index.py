"""Incremental in-memory similarity index: BM25 blocking over an inverted index, then pair scoring.

Memory grows linearly with the reports (postings plus each report's hashed character n-grams,
packed four bytes each in fixed-size numpy blocks); nothing is n×n.  Every `add` updates document
frequencies at once, so a new report is findable by the next `query`.

Document frequencies come from the index's own reports, or from a `Statistics` over the whole
collection when the index holds only database candidates (`rank_candidates`).
"""
from __future__ import annotations

import math
from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .features import Features, Report, extract
from .scoring import PairEvidence, PairScorer
from .statistics import MAX_QUERY_TERMS, MAX_TERM_SHARE, NAME_PREFIX, Statistics, terms_of
from .text import GRAM_BITS

BM25_K1, BM25_B = 1.2, 0.75
# A gram is stored as key << COUNT_BITS | count (keys have GRAM_BITS = 22 bits): sorting the packed
# values sorts the keys, and a gram costs 4 bytes instead of 6.  Counts above 1023 (a 3-gram
# repeated a thousand times in one 20,000-character report) are capped.
COUNT_BITS = 32 - GRAM_BITS
MAX_GRAM_COUNT = (1 << COUNT_BITS) - 1
# 1 + log(tf) for every possible stored count: a table lookup instead of a log per gathered gram.
_LOG_TF = np.concatenate([[0.0], 1 + np.log(np.arange(1, 65536))])


@dataclass(frozen=True)
class Match:
    """A similar report: its id, the probability that it is about the same incident, and why."""

    id: str
    score: float
    reasons: list[str]


class _Ragged:
    """Rows of varying length in fixed-size numpy blocks: no per-row objects, and growing never copies."""

    BLOCK = 1 << 20

    def __init__(self, dtype):
        self.dtype = dtype
        self._blocks: list[np.ndarray] = []
        self._fill = self.BLOCK
        self._block = array("i")
        self._start = array("i")
        self._length = array("i")

    def __len__(self) -> int:
        return len(self._length)

    def append(self, values: np.ndarray) -> None:
        if self._fill + len(values) > len(self._blocks[-1] if self._blocks else ()):
            self._blocks.append(np.empty(max(self.BLOCK, len(values)), dtype=self.dtype))
            self._fill = 0
        self._blocks[-1][self._fill : self._fill + len(values)] = values
        self._block.append(len(self._blocks) - 1)
        self._start.append(self._fill)
        self._length.append(len(values))
        self._fill += len(values)

    def row(self, i: int) -> np.ndarray:
        start = self._start[i]
        return self._blocks[self._block[i]][start : start + self._length[i]]

    def gather(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Concatenated values of `rows` and, for each value, the position of its row in `rows`."""
        if not len(rows):
            return np.zeros(0, dtype=self.dtype), np.zeros(0, dtype=np.intp)
        blocks, block, start, length = self._blocks, self._block, self._start, self._length
        values = np.concatenate([blocks[block[r]][start[r] : start[r] + length[r]] for r in rows.tolist()])
        return values, np.repeat(np.arange(len(rows)), np.frombuffer(length, dtype=np.int32)[rows])

    def concatenated(self) -> tuple[np.ndarray, np.ndarray]:
        """All rows in one array, and the start of each row (with the end as a last entry)."""
        lengths = np.frombuffer(self._length, dtype=np.int32)
        starts = np.zeros(len(lengths) + 1, dtype=np.int64)
        np.cumsum(lengths, out=starts[1:])
        used = []
        for b, block in enumerate(self._blocks):
            rows = np.flatnonzero(np.frombuffer(self._block, dtype=np.int32) == b)
            if len(rows):
                used.append(block[: self._start[rows[-1]] + self._length[rows[-1]]])
        return (np.concatenate(used) if used else np.zeros(0, dtype=self.dtype)), starts


@dataclass
class _Weights:
    """Unit-length TF-IDF vectors of every indexed report, for many queries with no add in between."""

    gram_keys: np.ndarray  # int32 local gram numbers, rows in key order
    gram_weights: np.ndarray  # float32, unit length per row
    gram_starts: list[int]
    gram_idf: np.ndarray  # float32 over all 2**GRAM_BITS keys
    gram_present: np.ndarray  # bool over all keys: occurs in some indexed report
    gram_local: np.ndarray  # int32 over all keys: its local number where present
    gram_table: np.ndarray  # float32 scratch by local number, all zeros between queries
    word_ids: np.ndarray  # int32, rows of sorted term ids
    word_weights: np.ndarray  # float32, unit length per row
    word_starts: list[int]
    word_idf: np.ndarray  # float64 by term id
    word_table: np.ndarray  # float32 scratch by term id
    postings: list[tuple[np.ndarray, np.ndarray]]  # by term id: docs, BM25 idf × saturation


class SimilarityIndex:
    """Find the reports most likely about the same incident as a given one.

    >>> index = SimilarityIndex()
    >>> index.add(Report(id="a", title="Deepfake ad used Emma Watson's face"))
    >>> index.query(Report(id="b", title="Deepfake app ads showed Emma Watson"), k=1)[0].id
    'a'

    With `statistics`, IDF weights and BM25 use those collection-wide counts instead of the
    index's own (see `rank_candidates`); `add` then leaves the statistics alone.
    """

    def __init__(self, scorer: PairScorer | None = None, *, candidates: int = 50,
                 statistics: Statistics | None = None):
        self.scorer = scorer or PairScorer.load()
        self.candidate_limit = candidates
        self.statistics = statistics
        self.ids: list[str] = []
        self._position: dict[str, int] = {}
        self._vocabulary: dict[str, int] = {}
        self._terms: list[str] = []
        self._post_docs: list[array] = []
        self._post_counts: list[array] = []
        self._gram_df = statistics.gram_df if statistics else np.zeros(1 << GRAM_BITS, dtype=np.int32)
        self._term_df = np.zeros(1024, dtype=np.int32)
        self._synced = (-1, 0)  # (statistics.version, terms copied) when statistics are external
        self._length = array("f")
        self._date = array("i")  # proleptic ordinal, 0 when unknown
        self._lang: list[str] = []
        self._fields = array("B")  # bit 0: has title, bit 1: has text
        self._by_url: dict[str, list[int]] = {}
        self._words, self._word_counts = _Ragged(np.int32), _Ragged(np.uint16)
        self._names = _Ragged(np.int32)
        self._grams = _Ragged(np.uint32)  # packed: key << COUNT_BITS | count
        self._total_length = 0.0
        self._scores = np.zeros(0, dtype=np.float32)  # BM25 scratch, all zeros between queries
        self._owner = np.zeros(0, dtype=np.int64)  # scratch for _distinct
        self._weights: _Weights | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def __contains__(self, report_id: str) -> bool:
        return report_id in self._position

    def add(self, item: Report | Features) -> None:
        """Index a report (or its stored features); a duplicate id is an error."""
        features = item if isinstance(item, Features) else extract(item)
        if features.id in self._position:
            raise ValueError(f"report {features.id!r} is already indexed")
        self._weights = None
        doc = len(self.ids)
        self.ids.append(features.id)
        self._position[features.id] = doc
        terms = terms_of(features)
        term_ids = [self._term_id(term) for term in terms]
        for term_id, count in zip(term_ids, terms.values()):
            self._post_docs[term_id].append(doc)
            self._post_counts[term_id].append(min(count, 65535))
        n_words = len(features.words)
        word_ids = np.array(term_ids[:n_words], dtype=np.int32)
        order = np.argsort(word_ids)
        self._words.append(word_ids[order])
        self._word_counts.append(np.minimum(np.fromiter(features.words.values(), dtype=np.int64, count=n_words),
                                            65535).astype(np.uint16)[order])
        self._names.append(np.sort(np.array(term_ids[n_words:], dtype=np.int32)))
        keys = np.fromiter(features.grams.keys(), dtype=np.uint32, count=len(features.grams))
        counts = np.fromiter(features.grams.values(), dtype=np.uint32, count=len(keys))
        self._grams.append(np.sort(keys << COUNT_BITS | np.minimum(counts, MAX_GRAM_COUNT)))
        length = sum(features.words.values())
        self._length.append(length)
        if self.statistics is None:
            self._term_df[term_ids] += 1
            self._gram_df[keys] += 1
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

    def precompute(self) -> None:
        """Compute every report's unit-length TF-IDF vectors once, for many queries with no add between.

        Batch work (dedup, rank, training) calls this after adding everything; a query then costs a
        table lookup per candidate n-gram instead of a log and an IDF lookup.  The next `add` drops
        them.  Results equal those without (to float32 rounding).
        """
        self._sync_statistics()
        n = self._documents()
        gram_idf = (np.log((n + 1) / (self._gram_df.astype(np.float32) + 1)) + 1).astype(np.float32)
        packed, gram_starts = self._grams.concatenated()
        keys = packed >> COUNT_BITS
        weights = (_LOG_TF[packed & MAX_GRAM_COUNT] * gram_idf[keys]).astype(np.float32)
        gram_weights = _unit_rows(weights, gram_starts)
        gram_starts = gram_starts.tolist()  # indexed one by one per candidate: plain ints are faster
        # Number the grams that occur (a few hundred thousand) so the query's lookup table stays in cache.
        present = np.zeros(1 << GRAM_BITS, dtype=bool)
        present[keys] = True
        local_of = (np.cumsum(present, dtype=np.int32) - 1).astype(np.int32)
        word_ids, word_starts = self._words.concatenated()
        word_counts, _ = self._word_counts.concatenated()
        word_idf = self._word_idf(np.arange(len(self._terms)))
        word_weights = _unit_rows((_LOG_TF[word_counts] * word_idf[word_ids]).astype(np.float32), word_starts)
        word_starts = word_starts.tolist()
        self._weights = _Weights(local_of[keys], gram_weights, gram_starts, gram_idf, present, local_of,
                                 np.zeros(int(present.sum()) + 1, dtype=np.float32),
                                 word_ids, word_weights, word_starts, word_idf, np.zeros(len(self._terms) + 1, dtype=np.float32),
                                 [self._bm25_posting(t) for t in range(len(self._terms))])

    def evidence(self, features: Features, *, with_names: bool = True) -> PairEvidence | None:
        """Blocking candidates for `features` with the per-pair evidence the scorer needs.

        `with_names=False` leaves `shared_names` empty and gives `shared_name_count` (batch work).
        """
        self._sync_statistics()
        docs, bm25 = self._candidates(features)
        if not len(docs):
            return None
        if self._weights is not None:
            char_cosine, word_cosine = self._unit_cosines(features, docs)
        else:
            char_cosine = self._char_cosine(features, docs)
            word_cosine = self._word_cosine(features, docs)
        return PairEvidence(
            docs=docs,
            bm25=bm25,
            rank=np.arange(1, len(docs) + 1),
            char_cosine=char_cosine,
            word_cosine=word_cosine,
            **self._name_overlap(features, docs, with_names),
            **self._dates(features, docs),
            query_lang=features.lang,
            langs=[self._lang[d] for d in docs.tolist()],
            query_fields=int(features.has_title) | int(features.has_text) << 1,
            fields=np.frombuffer(self._fields, dtype=np.uint8)[docs],
            same_url=np.isin(docs, self._by_url.get(features.url, [])) if features.url else np.zeros(len(docs), bool),
        )

    # -- statistics -----------------------------------------------------------------------------

    def _documents(self) -> int:
        return self.statistics.documents if self.statistics else len(self.ids)

    def _average_length(self) -> float:
        if self.statistics:
            return self.statistics.average_length
        return self._total_length / len(self.ids) if self.ids else 1.0

    def _sync_statistics(self) -> None:
        """Copy external term frequencies into the by-term-id array (all of them after a change)."""
        if self.statistics is None:
            return
        version, copied = self._synced
        if version != self.statistics.version:
            copied = 0
            self._weights = None
        if copied < len(self._terms):
            self._term_df[copied : len(self._terms)] = self.statistics.df(self._terms[copied:])
            self._synced = (self.statistics.version, len(self._terms))

    def _df_of_unknown(self, terms: list[str]) -> np.ndarray:
        """Document frequency of terms the index has never seen: 0, unless the statistics know them."""
        return self.statistics.df(terms) if self.statistics and terms else np.zeros(len(terms), dtype=np.int32)

    # -- candidate step -------------------------------------------------------------------------

    def _candidates(self, features: Features) -> tuple[np.ndarray, np.ndarray]:
        n = self._documents()
        own = self._position.get(features.id, -1)
        terms = terms_of(features)
        df = self._term_df
        if self.statistics:
            # Choose the rarest terms over the whole collection, as an index of all of it would.
            query = {self._vocabulary[t]: terms[t] for t in self.statistics.query_terms(features) if t in self._vocabulary}
            useful = list(query)
        else:
            query = {self._vocabulary[t]: c for t, c in terms.items() if t in self._vocabulary}
            limit = max(MAX_TERM_SHARE * n, 2)
            useful = sorted((t for t in query if df[t] <= limit), key=lambda t: df[t])[:MAX_QUERY_TERMS]
        if len(self._scores) < len(self.ids):
            self._scores = np.zeros(max(len(self.ids), 2 * len(self._scores)), dtype=np.float32)
        # Accumulate into a zeroed scratch array and clear only the touched entries: O(postings), not O(n).
        scores = self._scores
        touched = []
        for t in useful:
            docs, contributions = self._weights.postings[t] if self._weights else self._bm25_posting(t)
            scores[docs] += contributions * (1 + math.log(query[t]))
            touched.append(docs)
        same_url = self._by_url.get(features.url, []) if features.url else []
        if same_url:
            # A report at the same address is always a candidate, even with no shared words.
            scores[same_url] += 1e-3
            touched.append(np.array(same_url, dtype=np.int32))
        if not touched:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        hits = self._distinct(np.concatenate(touched))
        values = scores[hits]
        scores[hits] = 0
        keep = (hits != own) & (values != 0)
        hits, values = hits[keep], values[keep]
        if len(hits) > self.candidate_limit:
            top = np.argpartition(-values, self.candidate_limit)[: self.candidate_limit]
            hits, values = hits[top], values[top]
        order = np.argsort(-values, kind="stable")
        return hits[order], values[order]

    def _bm25_posting(self, t: int) -> tuple[np.ndarray, np.ndarray]:
        """The docs containing term t and each one's BM25 weight for it (idf × saturated tf)."""
        n, df = self._documents(), self._term_df[t]
        docs = np.frombuffer(self._post_docs[t], dtype=np.int32)
        counts = np.frombuffer(self._post_counts[t], dtype=np.uint16).astype(np.float32)
        lengths = np.frombuffer(self._length, dtype=np.float32)[docs]
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return docs, idf * (counts * (BM25_K1 + 1) / (counts + BM25_K1 * (1 - BM25_B + BM25_B * lengths / self._average_length())))

    def _distinct(self, docs: np.ndarray) -> np.ndarray:
        """Sorted distinct docs, without sorting the duplicates: each doc keeps the last position that wrote it."""
        if len(self._owner) < len(self._scores):
            self._owner = np.zeros(len(self._scores), dtype=np.int64)
        positions = np.arange(len(docs))
        self._owner[docs] = positions
        return np.sort(docs[self._owner[docs] == positions]).astype(np.int64)

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

    def _gram_idf(self, keys: np.ndarray) -> np.ndarray:
        return np.log((self._documents() + 1) / (self._gram_df[keys] + 1.0)) + 1

    def _word_idf(self, keys: np.ndarray) -> np.ndarray:
        return np.log((self._documents() + 1) / (self._term_df[keys] + 1.0)) + 1

    def _idf_of_df(self, df: np.ndarray) -> np.ndarray:
        return np.log((self._documents() + 1) / (df + 1.0)) + 1

    def _query_words(self, features: Features) -> tuple[np.ndarray, np.ndarray, float]:
        """Sorted known term ids, their query weights, and the query's full TF-IDF norm."""
        known = {self._vocabulary[t]: c for t, c in features.words.items() if t in self._vocabulary}
        unknown = [(t, c) for t, c in features.words.items() if t not in self._vocabulary]
        keys = np.fromiter(known.keys(), dtype=np.int64, count=len(known))
        order = np.argsort(keys)
        keys = keys[order]
        weights = _LOG_TF[np.fromiter(known.values(), dtype=np.int64, count=len(keys))[order]] * self._word_idf(keys)
        unknown_weights = _LOG_TF[[min(c, 65535) for _, c in unknown]] * self._idf_of_df(self._df_of_unknown([t for t, _ in unknown]))
        return keys, weights, math.sqrt(float(weights @ weights) + float(unknown_weights @ unknown_weights))

    def _query_grams(self, features: Features, idf) -> tuple[np.ndarray, np.ndarray, float]:
        keys = np.fromiter(features.grams.keys(), dtype=np.int64, count=len(features.grams))
        order = np.argsort(keys)
        keys = keys[order]
        counts = np.fromiter(features.grams.values(), dtype=np.int64, count=len(keys))[order]
        weights = _LOG_TF[np.minimum(counts, 65535)] * idf(keys)
        return keys, weights, math.sqrt(float(weights @ weights))

    def _char_cosine(self, features: Features, docs: np.ndarray) -> np.ndarray:
        """TF-IDF cosine (sublinear tf) of character n-grams, weights computed on the spot."""
        keys, weights, norm = self._query_grams(features, self._gram_idf)
        packed, segment = self._grams.gather(docs)
        values = (packed >> COUNT_BITS).astype(np.int64)
        doc_weights = _LOG_TF[packed & MAX_GRAM_COUNT] * self._gram_idf(values)
        return _cosines(keys, weights, norm, values, doc_weights, segment, len(docs))

    def _word_cosine(self, features: Features, docs: np.ndarray) -> np.ndarray:
        keys, weights, norm = self._query_words(features)
        values, segment = self._words.gather(docs)
        counts, _ = self._word_counts.gather(docs)
        doc_weights = _LOG_TF[counts] * self._word_idf(values)
        return _cosines(keys, weights, norm, values, doc_weights, segment, len(docs))

    def _unit_cosines(self, features: Features, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Both cosines from the precomputed unit vectors: scatter the query into a table, gather the candidates'."""
        w = self._weights
        keys, weights, norm = self._query_grams(features, lambda k: w.gram_idf[k])
        known = w.gram_present[keys]  # the others are in no candidate, so add nothing to a dot product
        char = _table_dots(w.gram_table, w.gram_local[keys[known]], weights[known] / max(norm, 1e-12),
                           w.gram_keys, w.gram_weights, w.gram_starts, docs)
        word_keys, word_weights, word_norm = self._query_words(features)
        word = _table_dots(w.word_table, word_keys, word_weights / max(word_norm, 1e-12), w.word_ids, w.word_weights,
                           w.word_starts, docs)
        return char if norm else np.zeros(len(docs)), word if word_norm else np.zeros(len(docs))

    def _name_overlap(self, features: Features, docs: np.ndarray, with_names: bool = True) -> dict:
        """Rarity-weighted share of names in common (overlap coefficient), and the shared names."""
        names = [NAME_PREFIX + n for n in features.names]
        ids = np.array(sorted(self._vocabulary[n] for n in names if n in self._vocabulary), dtype=np.int32)
        unknown = [n for n in names if n not in self._vocabulary]
        values, segment = self._names.gather(docs)
        idf = self._word_idf(values) if len(values) else np.zeros(0)
        shared = ids[np.minimum(np.searchsorted(ids, values), len(ids) - 1)] == values if len(ids) else np.zeros(len(values), bool)
        query_mass = float(self._word_idf(ids).sum()) + float(self._idf_of_df(self._df_of_unknown(unknown)).sum())
        doc_mass = np.bincount(segment, idf, minlength=len(docs))
        shared_mass = np.bincount(segment[shared], idf[shared], minlength=len(docs))
        overlap = shared_mass / np.maximum(np.minimum(doc_mass, query_mass), 1e-12)
        if not with_names:
            return {"name_overlap": overlap, "shared_names": [], "shared_name_count": np.bincount(segment[shared], minlength=len(docs))}
        shared_names = [[] for _ in docs]
        for value, position, rarity in zip(values[shared].tolist(), segment[shared].tolist(), idf[shared].tolist()):
            shared_names[position].append((-rarity, self._terms[value][len(NAME_PREFIX) :]))
        # Rarest first (the most telling), so the order does not depend on when a name entered the index.
        shared_names = [[name for _, name in sorted(names)] for names in shared_names]
        return {"name_overlap": overlap, "shared_names": shared_names}

    def _dates(self, features: Features, docs: np.ndarray) -> dict:
        dates = np.frombuffer(self._date, dtype=np.int32)[docs]
        known = (dates > 0) & (features.date is not None)
        query_day = features.date.toordinal() if features.date else 0
        return {"dates_known": known, "days_apart": np.where(known, np.abs(dates - query_day), 0)}


def rank_candidates(query: Report | Features, candidates: Sequence[Report | Features], *, statistics: Statistics,
                    k: int = 10, scorer: PairScorer | None = None, limit: int = 50) -> list[Match]:
    """Score a query against candidates found elsewhere (the database), with collection-wide statistics.

    The candidates are ranked by BM25 under `statistics`, the best `limit` scored, and the k most
    likely returned — the same answer an in-memory index of the whole collection gives when the
    database returns those candidates.  Candidates sharing no word or name with the query (and no
    URL) are dropped, as the in-memory index would never have proposed them.
    """
    index = SimilarityIndex(scorer, candidates=limit, statistics=statistics)
    for candidate in candidates:
        index.add(candidate)
    return index.query(query, k)


def _unit_rows(weights: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Divide each row of a concatenated array by its Euclidean length."""
    lengths = np.diff(starts)
    squares = np.add.reduceat(weights.astype(np.float64) ** 2, starts[:-1]) if len(weights) else np.zeros(len(lengths))
    squares[lengths == 0] = 0
    norms = np.sqrt(squares)
    return (weights / np.repeat(np.maximum(norms, 1e-12), lengths)).astype(np.float32)


def _table_dots(table, query_keys, query_weights, row_keys, row_weights, starts, docs) -> np.ndarray:
    """Dot products of a query with rows `docs` of unit vectors, through a zeroed lookup table."""
    bounds = [(starts[d], starts[d + 1]) for d in docs.tolist()]
    lengths = np.array([b - a for a, b in bounds])
    if not lengths.all():  # reduceat cannot sum an empty row
        bounds = [(a, b) for a, b in bounds if b > a]
    if not bounds:
        return np.zeros(len(docs))
    keys = np.concatenate([row_keys[a:b] for a, b in bounds])
    products = np.concatenate([row_weights[a:b] for a, b in bounds])
    table[query_keys] = query_weights
    products *= table[keys]
    table[query_keys] = 0
    offsets = np.zeros(len(bounds), dtype=np.intp)
    np.cumsum([b - a for a, b in bounds[:-1]], out=offsets[1:])
    dots = np.zeros(len(docs))
    dots[lengths > 0] = np.add.reduceat(products, offsets)
    return dots


def _cosines(keys, weights, norm, values, doc_weights, segment, n_docs) -> np.ndarray:
    doc_norms = np.sqrt(np.bincount(segment, doc_weights**2, minlength=n_docs))
    if not len(keys) or not norm:
        return np.zeros(n_docs)
    where = np.minimum(np.searchsorted(keys, values), len(keys) - 1)
    shared = keys[where] == values
    dots = np.bincount(segment[shared], doc_weights[shared] * weights[where[shared]], minlength=n_docs)
    return dots / np.maximum(doc_norms * norm, 1e-12)
