"""Whole-file operations: rank every report against the others, and cluster them into incidents.

A batch knows all its reports before comparing any, so it does not query a `SimilarityIndex` one
report at a time.  It keeps every report as rows of flat numpy arrays (`_Corpus`) and:

1. finds each report's 50 candidates by BM25, as `SimilarityIndex.query` does, with the postings
   of many reports gathered in one step;
2. computes the symmetric evidence (cosines, shared names, dates, languages) of each *unordered*
   pair once: most candidates are mutual, so this halves the dot products;
3. scores every (report, candidate) pair with the pair scorer, in large vectorised blocks;
4. clusters (`cluster.average_link_arrays`) only the groups of reports that can merge.

While a report's query terms have at most `POSTING_BUDGET` postings of other reports, its
candidates and probabilities are those of `SimilarityIndex.query` up to float rounding
(tests/similarity/test_batch.py); on AIID DEV that is every report (at most 2,010 postings).  In
larger collections the candidate search reads the report's rarest terms until the budget is spent,
keeps the 50 best by that partial BM25, and gives them their BM25 over all its query terms (the
pair scorer's BM25 features, as trained).  The cost per report then stays bounded instead of growing
with the collection (~1.5 postings per report in it), and on the synthetic stream the rare terms find
more of the same incident (blocking recall at 50,000 reports 0.66 without the budget, 0.79 with it).
"""
from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .cluster import average_link_arrays
from .features import Features, Report, extract_arrays
from .index import _LOG_TF, BM25_B, BM25_K1, COUNT_BITS, MAX_GRAM_COUNT, SimilarityIndex
from .scoring import PairEvidence, PairScorer
from .statistics import MAX_QUERY_TERMS, MAX_TERM_SHARE, NAME_PREFIX
from .text import GRAM_BITS

# Pairs below this probability are dropped from the graph; average-link treats them as 0 anyway.
EDGE_FLOOR = 0.02
CANDIDATES = 50  # per report, as SimilarityIndex
# Postings read per report in the candidate search before it stops adding (more common) terms.
POSTING_BUDGET = 5_000
_QUERY_CHUNK = 256
_RERANK_GROUP = 16  # queries per dense table when re-ranking (16 × ~1,000 terms: in cache)
_PAIR_CHUNK = 1 << 19
_GATHER_CHUNK = 1 << 22  # n-gram values gathered at once for the cosines (~80 MB of scratch)
_BUILD_CHUNK = 1 << 22


def build_index(features: Sequence[Features], scorer: PairScorer | None = None) -> SimilarityIndex:
    index = SimilarityIndex(scorer)
    for f in features:
        index.add(f)
    return index


def rank(reports: Sequence[Report], k: int = 5, scorer: PairScorer | None = None) -> dict[str, list[str]]:
    """The k other reports most likely about the same incident, best first, for every report."""
    corpus = _Corpus(reports)
    pairs = _scored_pairs(corpus, scorer or PairScorer.load())
    order = np.lexsort((pairs.rank, -pairs.probability, pairs.query))
    query, candidate = pairs.query[order], pairs.candidate[order]
    first = np.searchsorted(query, np.arange(len(corpus.ids)))
    last = np.minimum(np.searchsorted(query, np.arange(len(corpus.ids)), side="right"), first + k)
    ids = corpus.ids
    return {ids[q]: [ids[c] for c in candidate[first[q] : last[q]].tolist()] for q in range(len(ids))}


def dedup(reports: Sequence[Report], threshold: float | None = None, scorer: PairScorer | None = None) -> dict[str, str]:
    """Cluster reports into incidents; each report's label is the id of one report in its cluster."""
    scorer = scorer or PairScorer.load()
    corpus = _Corpus(reports)
    pairs = _scored_pairs(corpus, scorer)
    edge = pairs.probability >= EDGE_FLOOR
    labels = average_link_arrays(len(corpus.ids), pairs.query[edge], pairs.candidate[edge], pairs.probability[edge],
                                 scorer.threshold if threshold is None else threshold)
    return {i: corpus.ids[label] for i, label in zip(corpus.ids, labels)}


class _Corpus:
    """Every report of a batch as rows of flat arrays: row r of X is X[X_starts[r] : X_starts[r + 1]].

    Terms (words, then names as "@name") keep the order of `terms_of`, which decides ties between
    equally rare query terms; n-grams are local numbers of the n-grams that occur, with their weights.
    """

    def __init__(self, reports: Sequence[Report]):
        vocabulary: dict[str, int] = {}
        self.ids: list[str] = []
        term_ids, term_counts = array("i"), array("i")
        row_terms, row_words, lengths = array("i"), array("i"), array("d")
        dates, fields, langs = array("i"), array("B"), []
        # N-grams packed as SimilarityIndex stores them (4 bytes each, not 16) every 512 reports.
        grams, unpacked, gram_rows = [], [], array("i")
        self.by_url: dict[str, list[int]] = {}
        intern = vocabulary.setdefault
        for doc, report in enumerate(reports):
            f, keys, counts = extract_arrays(report)
            self.ids.append(f.id)
            words = [intern(w, len(vocabulary)) for w in f.words]
            names = [intern(NAME_PREFIX + n, len(vocabulary)) for n in f.names]
            term_ids.extend(words)
            term_ids.extend(names)
            term_counts.extend(f.words.values())
            term_counts.extend([1] * len(names))
            row_terms.append(len(words) + len(names))
            row_words.append(len(words))
            lengths.append(sum(f.words.values()))
            dates.append(f.date.toordinal() if f.date else 0)
            fields.append(int(f.has_title) | int(f.has_text) << 1)
            langs.append(f.lang)
            if f.url:
                self.by_url.setdefault(f.url, []).append(doc)
            unpacked.append((keys, counts))
            if len(unpacked) == 512:
                grams.append(_pack(unpacked))
                unpacked = []
            gram_rows.append(len(keys))
        n = self.n = len(self.ids)
        if len(set(self.ids)) != n:
            raise ValueError("report ids must be unique")
        self.date = np.frombuffer(dates, dtype=np.int32)
        self.fields = np.frombuffer(fields, dtype=np.uint8)
        self.lang_names, lang_code = np.unique(np.array(langs or [""]), return_inverse=True)
        self.lang = lang_code[:n].astype(np.int16)
        self.url = [None] * n
        self.url_code = np.full(n, -1, dtype=np.int64)  # a number per distinct URL, -1 for none
        for code, (url, docs) in enumerate(self.by_url.items()):
            for d in docs:
                self.url[d] = url
            self.url_code[docs] = code

        # Terms, and their document frequencies (each term once per report).
        self.term_ids = np.frombuffer(term_ids, dtype=np.int32)
        self.term_counts = np.frombuffer(term_counts, dtype=np.int32)
        self.term_starts = _starts(np.frombuffer(row_terms, dtype=np.int32))
        self.term_length = np.diff(self.term_starts)
        self.term_doc = np.repeat(np.arange(n, dtype=np.int32), np.frombuffer(row_terms, dtype=np.int32))
        position = np.arange(len(self.term_ids)) - self.term_starts[self.term_doc]
        self.is_name = position >= np.frombuffer(row_words, dtype=np.int32)[self.term_doc]
        self.df = np.bincount(self.term_ids, minlength=len(vocabulary)).astype(np.int32)

        # BM25 weight of each term in each report, and the postings (reports by term, in report order).
        length = np.frombuffer(lengths, dtype=np.float64).astype(np.float32)
        average = float(np.frombuffer(lengths).sum()) / n if n else 1.0
        bm25_idf = np.log(1 + (n - self.df + 0.5) / (self.df + 0.5)).astype(np.float32)
        counts = np.minimum(self.term_counts, 65535).astype(np.float32)
        doc_length = length[self.term_doc]
        self.bm25 = bm25_idf[self.term_ids] * (counts * (BM25_K1 + 1) / (
            counts + BM25_K1 * (1 - BM25_B + BM25_B * doc_length / average)))
        order = np.argsort(self.term_ids, kind="stable")
        self.post_docs = self.term_doc[order]
        self.post_bm25 = self.bm25[order]
        self.post_starts = _starts(self.df)

        # Word TF-IDF unit vectors; a name entry carries its IDF (for the rarity-weighted name overlap).
        word_idf = np.log((n + 1) / (self.df + 1.0)) + 1
        weights = np.where(self.is_name, 0, _LOG_TF[np.minimum(self.term_counts, 65535)] * word_idf[self.term_ids])
        self.word_unit = _unit_rows(weights.astype(np.float32), self.term_doc, n)
        self.name_idf = np.where(self.is_name, word_idf[self.term_ids], 0).astype(np.float32)
        self.name_mass = np.bincount(self.term_doc, self.name_idf, minlength=n)

        # Character n-gram TF-IDF unit vectors over local n-gram numbers.
        packed = np.concatenate([*grams, _pack(unpacked)])
        del grams
        gram_rows = np.frombuffer(gram_rows, dtype=np.int32)
        self.gram_starts = _starts(gram_rows)
        gram_df = np.zeros(1 << GRAM_BITS, dtype=np.int64)
        for part in range(0, len(packed), _BUILD_CHUNK):
            gram_df += np.bincount(packed[part : part + _BUILD_CHUNK] >> COUNT_BITS, minlength=1 << GRAM_BITS)
        # Number the n-grams that occur, most frequent first: the lookups of the cosine step mostly hit
        # common n-grams, which then share a small, cache-resident part of the lookup table.
        present = np.flatnonzero(gram_df)
        present = present[np.argsort(-gram_df[present], kind="stable")]
        local = np.zeros(1 << GRAM_BITS, dtype=np.int32)
        local[present] = np.arange(len(present), dtype=np.int32)
        self.gram_count = len(present)
        gram_idf = (np.log((n + 1) / (gram_df[present].astype(np.float32) + 1)) + 1).astype(np.float32)
        log_tf = _LOG_TF.astype(np.float32)
        # Each n-gram's local number and unit weight side by side (8 bytes), copied out together.
        self.gram_record = np.empty(len(packed), dtype=np.int64)
        self.gram_local = self.gram_record.view(np.int32)[0::2]
        self.gram_unit = self.gram_record.view(np.float32)[1::2]
        # In slices of whole rows, so no temporary spans every n-gram of the batch.
        row = 0
        while row < n:
            last = int(np.searchsorted(self.gram_starts, self.gram_starts[row] + _BUILD_CHUNK, side="right")) - 1
            last = min(max(last, row + 1), n)
            a, b = self.gram_starts[row], self.gram_starts[last]
            ids = local[packed[a:b] >> COUNT_BITS]
            weights = log_tf[packed[a:b] & MAX_GRAM_COUNT] * gram_idf[ids]
            rows = gram_rows[row:last]
            squares = np.zeros(len(rows))
            filled = rows > 0
            if filled.any():
                squares[filled] = np.add.reduceat(weights * weights, (self.gram_starts[row:last] - a)[filled], dtype=np.float64)
            weights *= np.repeat((1 / np.maximum(np.sqrt(squares), 1e-12)).astype(np.float32), rows)
            self.gram_local[a:b], self.gram_unit[a:b] = ids, weights
            row = last


@dataclass
class _Pairs:
    """Every (report, candidate) pair of a batch, grouped by report, with its BM25 rank and probability."""

    query: np.ndarray
    candidate: np.ndarray
    rank: np.ndarray
    probability: np.ndarray


def _scored_pairs(corpus: _Corpus, scorer: PairScorer) -> _Pairs:
    query, candidate, bm25, rank = _candidates(corpus)
    n = np.int64(max(corpus.n, 1))
    low, high = np.minimum(query, candidate).astype(np.int64), np.maximum(query, candidate).astype(np.int64)
    unordered, which = np.unique(low * n + high, return_inverse=True)
    symmetric = _symmetric_evidence(corpus, (unordered // n).astype(np.int32), (unordered % n).astype(np.int32))
    best = np.zeros(corpus.n, dtype=np.float32)
    best[query[rank == 1]] = bm25[rank == 1]
    probability = np.zeros(len(query))
    for start in range(0, len(query), _PAIR_CHUNK):
        part = slice(start, start + _PAIR_CHUNK)
        q, d, u = query[part], candidate[part], which[part]
        evidence = PairEvidence(
            docs=d, bm25=bm25[part], rank=rank[part], char_cosine=symmetric["char"][u], word_cosine=symmetric["word"][u],
            name_overlap=symmetric["name_overlap"][u], shared_names=[], shared_name_count=symmetric["shared_names"][u],
            dates_known=symmetric["dates_known"][u], days_apart=symmetric["days_apart"][u],
            query_lang=corpus.lang_names[corpus.lang[q]], langs=corpus.lang_names[corpus.lang[d]],
            query_fields=corpus.fields[q], fields=corpus.fields[d], same_url=symmetric["same_url"][u],
            bm25_best=best[q],
        )
        probability[part] = scorer.probabilities(evidence)
    return _Pairs(query, candidate, rank, probability)


def _candidates(corpus: _Corpus) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each report's best CANDIDATES by BM25 over its 64 rarest terms, as `SimilarityIndex._candidates`.

    Returns flat arrays by pair, grouped by report, best first: report, candidate, BM25, rank (1-based).
    """
    n = corpus.n
    limit = max(MAX_TERM_SHARE * n, 2)
    scores = np.zeros(n, dtype=np.float32)  # scratch, all zeros between reports
    post_starts = corpus.post_starts.tolist()
    post_docs, post_bm25 = corpus.post_docs, corpus.post_bm25
    longest_url = max(map(len, corpus.by_url.values()), default=0)
    out_query, out_docs, out_bm25, out_rank = [np.zeros(0, dtype=np.int32)], [np.zeros(0, dtype=np.int32)], [], []
    out_bm25.append(np.zeros(0, dtype=np.float32))
    out_rank.append(np.zeros(0, dtype=np.int64))
    for start in range(0, n, _QUERY_CHUNK):
        stop = min(start + _QUERY_CHUNK, n)
        e0, e1 = corpus.term_starts[start], corpus.term_starts[stop]
        ids, doc = corpus.term_ids[e0:e1], corpus.term_doc[e0:e1]
        df = corpus.df[ids]
        # The query terms: rarest first (ties in the report's own term order), in at most 20 % of reports, 64 at most.
        useful = np.flatnonzero(df <= limit)
        useful = useful[np.lexsort((useful, df[useful], doc[useful]))]
        owner = doc[useful]
        useful = useful[np.arange(len(useful)) - np.searchsorted(owner, owner) < MAX_QUERY_TERMS]
        owner, terms, reach = doc[useful], ids[useful], df[useful].astype(np.int64)
        weight = (1 + np.log(corpus.term_counts[e0:e1][useful])).astype(np.float32)
        # Read postings rarest first while fewer than POSTING_BUDGET of other reports have been read.
        read_before = np.cumsum(reach - 1) - (reach - 1)
        read_before -= read_before[np.searchsorted(owner, owner)]
        read = read_before < POSTING_BUDGET
        term_bounds = np.searchsorted(owner, np.arange(start, stop + 1)).tolist()
        read_bounds = np.searchsorted(owner[read], np.arange(start, stop + 1)).tolist()
        read_terms, read_reach = terms[read].tolist(), reach[read]
        element_bounds = np.concatenate(([0], np.cumsum(read_reach)))[read_bounds].tolist()
        # Postings are contiguous per term: copying slices beats an index array of every posting.
        spans = [(post_starts[t], post_starts[t + 1]) for t in read_terms]
        docs = np.concatenate([post_docs[i:j] for i, j in spans]) if spans else np.zeros(0, dtype=np.int32)
        contributions = np.concatenate([post_bm25[i:j] for i, j in spans]) if spans else np.zeros(0, dtype=np.float32)
        contributions *= np.repeat(weight[read], read_reach)
        budget_hit = np.diff(read_bounds) < np.diff(term_bounds)
        found_docs, found_values = [], []
        first_of_run = np.ones(len(docs) + longest_url + 1, dtype=bool)
        for q in range(start, stop):
            a, b = element_bounds[q - start], element_bounds[q - start + 1]
            hits = docs[a:b]
            # Sequential adds in rarest-first order: the same float32 sums as SimilarityIndex.
            np.add.at(scores, hits, contributions[a:b])
            same_url = corpus.by_url.get(corpus.url[q], ()) if corpus.url[q] else ()
            if same_url:
                scores[same_url] += 1e-3
                hits = np.concatenate([hits, np.array(same_url, dtype=np.int32)])
            if not len(hits):
                found_docs.append(hits)
                found_values.append(np.zeros(0, dtype=np.float32))
                continue
            hits = np.sort(hits)
            distinct = first_of_run[: len(hits)]
            np.not_equal(hits[1:], hits[:-1], out=distinct[1:])
            hits = hits[distinct]
            own = hits.searchsorted(q)
            if own < len(hits) and hits[own] == q:
                hits = np.delete(hits, own)
                scores[q] = 0
            values = scores[hits]
            scores[hits] = 0
            if len(hits) > CANDIDATES:
                top = np.argpartition(-values, CANDIDATES)[:CANDIDATES]
                hits, values = hits[top], values[top]
            found_docs.append(hits)
            found_values.append(values)
        found = np.array([len(h) for h in found_docs])
        query = np.repeat(np.arange(start, stop, dtype=np.int32), found)
        candidate = np.concatenate(found_docs).astype(np.int32)
        values = np.concatenate(found_values)
        rerank = budget_hit[query - start]
        if rerank.any():
            values[rerank] = _full_bm25(corpus, query[rerank] - start, candidate[rerank], owner - start, terms, weight)
            code = corpus.url_code[query[rerank]]
            values[rerank] += np.float32(1e-3) * ((code >= 0) & (code == corpus.url_code[candidate[rerank]]))
        # Best first; ties keep the order above, as a stable sort of each report's list would.
        order = np.lexsort((np.arange(len(query)), -values, query))
        query, candidate, values = query[order], candidate[order], values[order]
        out_query.append(query)
        out_docs.append(candidate)
        out_bm25.append(values)
        out_rank.append(np.arange(len(query)) - np.searchsorted(query, query) + 1)
    return (np.concatenate(out_query), np.concatenate(out_docs), np.concatenate(out_bm25),
            np.concatenate(out_rank))


def _full_bm25(corpus: _Corpus, pair_query, pair_doc, term_query, terms, weights) -> np.ndarray:
    """BM25 over all of each query's terms for pairs (query, doc), sorted by query (numbered within a chunk).

    The candidate search may have read only a query's rarest terms.  The terms of a few queries at
    a time go into a small dense (query × distinct term) table, where every term of their
    candidates is looked up.
    """
    scores = np.zeros(len(pair_doc))
    column_of = np.zeros(len(corpus.df), dtype=np.int64)  # scratch, reset after each group
    for first in range(0, int(pair_query[-1]) + 1 if len(pair_query) else 0, _RERANK_GROUP):
        last = first + _RERANK_GROUP
        p0, p1 = np.searchsorted(pair_query, [first, last])
        t0, t1 = np.searchsorted(term_query, [first, last])
        if p0 == p1:
            continue
        distinct, column = np.unique(terms[t0:t1], return_inverse=True)
        width = len(distinct) + 1  # column 0 stays 0: terms none of these queries has
        table = np.zeros(_RERANK_GROUP * width, dtype=np.float32)
        table[(term_query[t0:t1] - first) * width + column + 1] = weights[t0:t1]
        column_of[distinct] = np.arange(1, width)
        docs = pair_doc[p0:p1]
        lengths = corpus.term_length[docs]
        entries = _ranges(corpus.term_starts[docs], lengths)
        cells = np.repeat((pair_query[p0:p1] - first).astype(np.int64) * width, lengths) + column_of[corpus.term_ids[entries]]
        column_of[distinct] = 0
        products = table[cells] * corpus.bm25[entries]
        scores[p0:p1] = np.bincount(np.repeat(np.arange(p1 - p0), lengths), products, minlength=p1 - p0)
    return scores.astype(np.float32)


def _symmetric_evidence(corpus: _Corpus, first: np.ndarray, second: np.ndarray) -> dict[str, np.ndarray]:
    """The evidence that does not depend on which report of a pair is the query, once per unordered pair.

    `first` is sorted.  Each first report's vectors go into a zeroed lookup table; its partners'
    n-grams and terms are copied out in large blocks and looked up there.
    """
    pairs = len(first)
    char, word = np.zeros(pairs), np.zeros(pairs)
    shared_mass, shared_names = np.zeros(pairs), np.zeros(pairs, dtype=np.int64)
    gram_table = np.zeros(corpus.gram_count + 1, dtype=np.float32)
    term_table = np.zeros(len(corpus.df) + 1, dtype=np.float32)
    # A first report's own table values: its word unit weights, and for its names their IDF.
    term_value = corpus.word_unit + corpus.name_idf
    gram_starts, term_starts = corpus.gram_starts.tolist(), corpus.term_starts.tolist()
    gram_local, gram_unit, gram_record = corpus.gram_local, corpus.gram_unit, corpus.gram_record
    term_ids, word_unit, is_name = corpus.term_ids, corpus.word_unit, corpus.is_name
    gram_length = np.diff(corpus.gram_starts)
    term_length = corpus.term_length
    group_starts = np.flatnonzero(np.concatenate(([True], first[1:] != first[:-1]))) if pairs else np.zeros(0, int)
    group_ends = np.append(group_starts[1:], pairs)
    cost = np.cumsum(gram_length[second])
    block_start = 0
    while block_start < len(group_starts):
        # Groups of pairs whose partners hold up to _GATHER_CHUNK n-grams (at least one group).
        p0 = int(group_starts[block_start])
        budget = (cost[p0 - 1] if p0 else 0) + _GATHER_CHUNK
        block_stop = max(block_start + 1, int(np.searchsorted(cost[group_ends - 1], budget, side="right")))
        p1 = int(group_ends[block_stop - 1])
        partners = second[p0:p1]
        # Rows of ~700 n-grams: copying slices beats gathering by an index array.
        records = np.concatenate([gram_record[gram_starts[b] : gram_starts[b + 1]] for b in partners.tolist()])
        their_grams, their_weights = records.view(np.int32)[0::2], records.view(np.float32)[1::2]
        gram_bounds = np.concatenate(([0], np.cumsum(gram_length[partners]))).tolist()
        terms = _ranges(corpus.term_starts[partners], term_length[partners])
        their_terms, their_values, their_names = np.take(term_ids, terms), np.take(word_unit, terms), np.take(is_name, terms)
        term_bounds = np.concatenate(([0], np.cumsum(term_length[partners]))).tolist()
        found_grams = np.empty(len(their_grams), dtype=np.float32)
        found_terms = np.empty(len(their_terms), dtype=np.float32)
        for g in range(block_start, block_stop):
            a = int(first[group_starts[g]])
            lo, hi = int(group_starts[g]) - p0, int(group_ends[g]) - p0
            own = gram_local[gram_starts[a] : gram_starts[a + 1]]
            gram_table[own] = gram_unit[gram_starts[a] : gram_starts[a + 1]]
            np.take(gram_table, their_grams[gram_bounds[lo] : gram_bounds[hi]], out=found_grams[gram_bounds[lo] : gram_bounds[hi]])
            gram_table[own] = 0
            own = term_ids[term_starts[a] : term_starts[a + 1]]
            term_table[own] = term_value[term_starts[a] : term_starts[a + 1]]
            np.take(term_table, their_terms[term_bounds[lo] : term_bounds[hi]], out=found_terms[term_bounds[lo] : term_bounds[hi]])
            term_table[own] = 0
        char[p0:p1] = _segment_sums(found_grams * their_weights, gram_bounds)
        names = found_terms * their_names
        word[p0:p1] = _segment_sums(found_terms * their_values, term_bounds)
        shared_mass[p0:p1] = _segment_sums(names, term_bounds)
        shared_names[p0:p1] = _segment_sums((names > 0).astype(np.float32), term_bounds)
        block_start = block_stop
    date_a, date_b = corpus.date[first], corpus.date[second]
    known = (date_a > 0) & (date_b > 0)
    url_a = corpus.url_code[first]
    return {
        "char": char, "word": word,
        "name_overlap": shared_mass / np.maximum(np.minimum(corpus.name_mass[first], corpus.name_mass[second]), 1e-12),
        "shared_names": shared_names,
        "dates_known": known, "days_apart": np.where(known, np.abs(date_a - date_b), 0),
        "same_url": (url_a >= 0) & (url_a == corpus.url_code[second]),
    }


def _segment_sums(values: np.ndarray, bounds: list[int]) -> np.ndarray:
    """Sums of values[bounds[i]:bounds[i + 1]], accumulated in float32 as `np.add.reduceat` does."""
    bounds = np.asarray(bounds)
    lengths = np.diff(bounds)
    sums = np.zeros(len(lengths))
    filled = lengths > 0  # reduceat cannot sum an empty segment
    if filled.any():
        sums[filled] = np.add.reduceat(values, bounds[:-1][filled])
    return sums


def _pack(grams: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Hashed n-gram keys and counts as key << COUNT_BITS | count (capped), uint32."""
    if not grams:
        return np.zeros(0, dtype=np.uint32)
    keys = np.concatenate([k for k, _ in grams])
    counts = np.concatenate([c for _, c in grams])
    return (keys << np.uint64(COUNT_BITS) | np.minimum(counts, MAX_GRAM_COUNT).astype(np.uint64)).astype(np.uint32)


def _unit_rows(weights: np.ndarray, row: np.ndarray, rows: int) -> np.ndarray:
    """Divide each row's values (float32, `row` giving each value's row) by the row's Euclidean length."""
    norms = np.sqrt(np.bincount(row, weights.astype(np.float64) ** 2, minlength=rows))
    return (weights / np.maximum(norms, 1e-12)[row]).astype(np.float32)


def _starts(lengths: np.ndarray) -> np.ndarray:
    starts = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=starts[1:])
    return starts


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated np.arange(s, s + l) for each start s and length l: a running sum of steps that are 1
    within a range and jump to the next range's start between ranges."""
    nonempty = lengths > 0
    starts, lengths = starts[nonempty].astype(np.int64), lengths[nonempty].astype(np.int64)
    if not len(lengths):
        return np.zeros(0, dtype=np.int64)
    steps = np.ones(int(lengths.sum()), dtype=np.int64)
    steps[0] = starts[0]
    steps[np.cumsum(lengths[:-1])] = starts[1:] - (starts[:-1] + lengths[:-1]) + 1
    return np.cumsum(steps, out=steps)
