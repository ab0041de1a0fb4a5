"""The Django side of duplicate detection: an inverted index in the database, candidates ranked by the engine.

At intake, in the report's own transaction (`index_report`), its features (`honbu.similarity.extract`)
are stored in `ReportFeatures`, and each of its words and names (`terms_of`: names as "@name") gets its
document frequency raised in `SimilarityTerm` and a posting (term, report, count, word count) in
`SimilarityPosting`. A report is therefore findable by every process as soon as its transaction commits.

A query (`similar_to`) then:
1. reads the document frequencies of the report's terms and keeps those `Statistics.query_terms` keeps
   (the 64 rarest, none in over 20 % of reports), rarest first, while their postings add up to at most
   `POSTING_BUDGET` (the rarest one always);
2. asks the database for the `CANDIDATES` best reports by BM25 over those terms — the engine's own
   formula and weights — plus the latest reports citing the same URL or linked to the same AI system or
   organisation in the registry;
3. fetches their stored features and the document frequencies of their terms, and ranks them with
   `rank_candidates` under collection-wide statistics: the learned pair scorer, its scores and reasons.

While the budget does not bind (it cannot below ~1,500 reports: 64 terms in at most 20 % of them; on AIID
DEV it never does), the candidates are exactly those an in-memory index of the whole collection would take.
At a million reports it leaves out the most common of the 64 terms, whose BM25 weight is smallest, and
reads ~20,000 postings instead of up to millions; `rank_candidates` then re-ranks the candidates by their
full BM25. On the synthetic million this found more same-incident reports than the unbounded query, not
fewer (docs/similarity.md).

Term frequencies live in the database and are exact. The other collection statistics — report count,
total words, and the document frequencies of 2²² hashed character n-grams (16 MB) — are held by each
process: loaded from the latest `SimilaritySnapshot`, then caught up before each query with the reports
stored since (one indexed `pk > n` query, usually empty). Memory does not grow with the number of
reports. Primary keys are handed out when a transaction inserts, not when it commits, so a key below the
high-water mark that was missing at a catch-up is looked for again until it appears or `GAP_SECONDS`
have passed; a report the statistics miss only makes the n-gram weights slightly stale.

The engine's "shared names" reason is about words; `suggestions` adds "same AI system" and "same
organisation" reasons from the registry links themselves.
"""

import copy
import hashlib
import io
import math
import threading
import time

import numpy as np
from django.db import connection, transaction
from django.db.models import Q

from honbu.similarity import Features, Match, Report as EngineReport, Statistics, extract, rank_candidates
from honbu.similarity.index import BM25_B, BM25_K1
from honbu.similarity.statistics import terms_of

from .models import CaseReport, Report, ReportFeatures, SimilarityPosting, SimilaritySnapshot, SimilarityTerm

CANDIDATES = 50  # reports taken by BM25, as the in-memory index takes
LINKED = 10  # latest reports with the same URL, and with the same system or organisation
POSTING_BUDGET = 20_000
# Longer "words" (pasted hashes, run-on strings) are never shared: left out of the index, whose column holds this many.
MAX_TERM_CHARS = SimilarityTerm._meta.get_field("term").max_length
MAX_STORED_COUNT = 32_767  # smallint
SNAPSHOT_EVERY = 10_000  # reports added since the last snapshot before a process writes a new one
GAP_SECONDS = 600

_lock = threading.Lock()
_collection: Statistics | None = None  # its term_df stays empty: term frequencies are read from the database
_high_water = 0
_snapshot_documents = 0
_gaps: dict[int, float] = {}


# -- features and their storage ------------------------------------------------------------------


def features_for(report: Report) -> Features:
    system = report.system
    body = "\n".join(part for part in (report.description, report.system_name, report.organisation_name,
                                       report.organisation.name_ja if report.organisation else "",
                                       system.name_ja if system else "", system.name_en if system else "",
                                       report.location) if part)
    urls = report.url_list
    return extract(EngineReport(id=str(report.pk), title=report.title, text=body, date=report.occurred_on,
                                lang=report.language, url=urls[0] if urls else None))


def pack_grams(grams: dict[int, int]) -> bytes:
    """Hashed n-grams as little-endian uint32 keys followed by uint16 counts (the engine caps counts there too)."""
    keys = np.fromiter(grams.keys(), dtype="<u4", count=len(grams))
    counts = np.minimum(np.fromiter(grams.values(), dtype=np.int64, count=len(grams)), 65535).astype("<u2")
    return keys.tobytes() + counts.tobytes()


def unpack_grams(blob) -> tuple[np.ndarray, np.ndarray]:
    n = len(blob) // 6
    return np.frombuffer(blob, dtype="<u4", count=n), np.frombuffer(blob, dtype="<u2", count=n, offset=4 * n)


def url_key(url: str | None) -> str:
    """A fixed-size key for a normalised URL (`Features.url`), so that any URL can be indexed."""
    return hashlib.sha1(url.encode("utf-8")).hexdigest() if url else ""


def stored_data(features: Features) -> dict:
    """What `ReportFeatures` holds of the features: all but the n-grams (and the words' total, for BM25)."""
    data = features.to_dict()
    del data["grams"]
    return {"data": data, "grams": pack_grams(features.grams), "length": sum(features.words.values()),
            "url_key": url_key(features.url)}


def from_stored(data: dict, grams) -> Features:
    keys, counts = unpack_grams(grams)
    features = Features.from_dict({**data, "grams": []})
    features.grams = dict(zip(keys.tolist(), counts.tolist()))
    return features


def index_terms(features: Features) -> dict[str, int]:
    """The report's terms as the database indexes them, with their counts."""
    return {term: count for term, count in terms_of(features).items() if len(term) <= MAX_TERM_CHARS}


def index_report(report: Report) -> ReportFeatures:
    """Store the report's features and add it to the term index. Call inside the intake transaction."""
    features = features_for(report)
    stored = ReportFeatures.objects.create(report=report, **stored_data(features))
    terms = index_terms(features)
    ids = _count_terms(sorted(terms))
    length = min(stored.length, MAX_STORED_COUNT)
    SimilarityPosting.objects.bulk_create([
        SimilarityPosting(term_id=ids[term], report_id=report.pk, count=min(count, MAX_STORED_COUNT), length=length)
        for term, count in terms.items()])
    return stored


def _count_terms(terms: list[str]) -> dict[str, int]:
    """Raise each term's document frequency by one (creating it at 1); return term → id.

    Sorted terms, so that two concurrent intakes lock the rows they share in the same order.
    """
    if not terms:
        return {}
    table = connection.ops.quote_name(SimilarityTerm._meta.db_table)
    rows = ", ".join(["(%s, 1)"] * len(terms))
    upsert = f"INSERT INTO {table} (term, df) VALUES {rows} ON CONFLICT (term) DO UPDATE SET df = {table}.df + 1"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{upsert} RETURNING term, id", terms)
            return dict(cursor.fetchall())
        # SQLite has RETURNING only from 3.35 (2021), newer than some systems' Python ships with; the
        # intake transaction holds the write lock, so the second statement reads what the first wrote.
        cursor.execute(upsert, terms)
    return {term: pk for term, (pk, _) in _terms(terms).items()}


# -- collection statistics held by the process ---------------------------------------------------


def reset() -> None:
    """Forget this process's statistics (tests, or after a restore); the next query loads them again."""
    global _collection, _high_water, _snapshot_documents
    with _lock:
        _collection, _high_water, _snapshot_documents = None, 0, 0
        _gaps.clear()


def count_report(stats: Statistics, length: int, grams) -> None:
    """Count a stored report (its packed n-grams) into the collection-wide statistics."""
    stats.count_collection(length, unpack_grams(grams)[0])


def snapshot_bytes(stats: Statistics) -> bytes:
    buffer = io.BytesIO()
    stats.save(buffer)
    return buffer.getvalue()


def collection() -> Statistics:
    """The process's collection statistics, caught up with every report committed so far."""
    global _collection, _high_water, _snapshot_documents
    with _lock:
        if _collection is None:
            snapshot = SimilaritySnapshot.objects.order_by("-through").first()
            if snapshot is None:
                _collection, _high_water = Statistics(), 0
            else:
                _collection, _high_water = Statistics.load(bytes(snapshot.statistics)), snapshot.through
                _collection.term_df = {}
            _snapshot_documents = _collection.documents
            _gaps.clear()
        now = time.monotonic()
        if _gaps:
            for pk in [pk for pk, since in _gaps.items() if now - since > GAP_SECONDS]:
                del _gaps[pk]
            for pk, length, grams in ReportFeatures.objects.filter(pk__in=list(_gaps)).values_list(
                    "pk", "length", "grams"):
                count_report(_collection, length, grams)
                _gaps.pop(pk, None)
        while True:
            rows = list(ReportFeatures.objects.filter(pk__gt=_high_water).order_by("pk").values_list(
                "pk", "length", "grams")[:2000])
            for pk, length, grams in rows:
                count_report(_collection, length, grams)
                if _high_water:  # keys skipped since the last look may belong to transactions still open
                    for missing in range(_high_water + 1, min(pk, _high_water + 1 + 10_000)):
                        _gaps.setdefault(missing, now)
                _high_water = pk
            if len(rows) < 2000:
                break
        if not _gaps and _collection.documents - _snapshot_documents >= SNAPSHOT_EVERY:
            # Every server process counts on its own: one that is behind must not replace a newer snapshot.
            fields = {"through": _high_water, "statistics": snapshot_bytes(_collection)}
            if not SimilaritySnapshot.objects.filter(pk=1, through__lt=_high_water).update(**fields):
                SimilaritySnapshot.objects.get_or_create(pk=1, defaults=fields)
            _snapshot_documents = _collection.documents
        return _collection


# -- the query -----------------------------------------------------------------------------------


def similar_to(report: Report, k: int = 5) -> list[Match]:
    """The k reports most likely about the same incident as `report`, best first."""
    row = ReportFeatures.objects.filter(pk=report.pk).values_list("data", "grams").first()
    features = from_stored(*row) if row else features_for(report)
    # The process's counts, its n-gram array shared rather than copied (a concurrent catch-up only nudges weights),
    # and the document frequencies of just the terms this query meets.
    stats = copy.copy(collection())
    query = index_terms(features)
    known = _terms(list(query))
    stats.term_df = {term: df for term, (_, df) in known.items()}
    own = report.pk if row else None  # stored, so in the index: its terms in no other report can be skipped
    ids = _bm25_candidates(own, features, query, known, stats) + _linked_candidates(report, features)
    candidates = [from_stored(data, grams) for data, grams in
                  ReportFeatures.objects.filter(pk__in=set(ids)).order_by("pk").values_list("data", "grams")]
    unknown = {term for c in candidates for term in index_terms(c)} - stats.term_df.keys()
    stats.term_df.update({term: df for term, (_, df) in _terms(list(unknown)).items()})
    matches = rank_candidates(features, candidates, statistics=stats, k=k + 1, limit=max(len(candidates), 1))
    return [match for match in matches if match.id != str(report.pk)][:k]


def _terms(terms: list[str]) -> dict[str, tuple[int, int]]:
    """term → (id, document frequency), for the terms the index holds."""
    table = connection.ops.quote_name(SimilarityTerm._meta.db_table)
    found = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT term, id, df FROM {table} WHERE term = ANY(%s)", [terms])
            found.update((term, (pk, df)) for term, pk, df in cursor.fetchall())
        else:
            for start in range(0, len(terms), 500):
                chunk = terms[start : start + 500]
                cursor.execute(f"SELECT term, id, df FROM {table} WHERE term IN ({', '.join(['%s'] * len(chunk))})",
                               chunk)
                found.update((term, (pk, df)) for term, pk, df in cursor.fetchall())
    return found


def _bm25_candidates(own: int | None, features: Features, query: dict[str, int], known: dict[str, tuple[int, int]],
                     stats: Statistics) -> list[int]:
    """The best `CANDIDATES` reports by BM25 over the rarest query terms, as the engine scores them."""
    chosen, weights, postings, n = [], [], 0, stats.documents
    for term in stats.query_terms(features):
        df = stats.term_df[term]
        if own is not None and df == 1:
            continue  # in no report but this one
        if chosen and postings + df > POSTING_BUDGET:
            break
        chosen.append(term)
        postings += df
        # The engine's weights: idf · (1 + ln query count) · (k1 + 1) · count / (count + k1·(1 − b + b·len/avg)).
        idf = math.log(1 + (max(n, df) - df + 0.5) / (df + 0.5))
        weights.append(idf * (1 + math.log(query[term])) * (BM25_K1 + 1))
    if not chosen:
        return []
    term_ids = [known[term][0] for term in chosen]
    constant, per_word = BM25_K1 * (1 - BM25_B), BM25_K1 * BM25_B / stats.average_length
    postings_table = connection.ops.quote_name(SimilarityPosting._meta.db_table)
    real = "CAST(%s AS DOUBLE PRECISION)"  # else PostgreSQL reads a literal 0.3 as numeric, 10× slower to add
    score = f"SUM(q.weight * p.count / (p.count + {real} + {real} * p.length))"
    rest = (f"JOIN {postings_table} p ON p.term_id = q.term_id WHERE p.report_id <> %s "
            "GROUP BY p.report_id ORDER BY score DESC, p.report_id LIMIT %s")
    if connection.vendor == "postgresql":
        # A transaction for SET LOCAL only (on SQLite, where transactions are IMMEDIATE, it would take the write lock).
        with transaction.atomic(), connection.cursor() as cursor:
            # A few milliseconds of work: compiling it (JIT, for its cost estimate) would take longer than running it.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(f"SELECT p.report_id, {score} AS score FROM unnest(%s::int[], %s::float8[]) "
                           f"AS q(term_id, weight) {rest}",
                           [constant, per_word, term_ids, weights, own or 0, CANDIDATES])
            return [pk for pk, _ in cursor.fetchall()]
    values = ", ".join(["(%s, %s)"] * len(chosen))
    with connection.cursor() as cursor:
        cursor.execute(f"WITH q(term_id, weight) AS (VALUES {values}) "
                       f"SELECT p.report_id, {score} AS score FROM q {rest}",
                       [*(v for pair in zip(term_ids, weights) for v in pair), constant, per_word, own or 0, CANDIDATES])
        return [pk for pk, _ in cursor.fetchall()]


def _linked_candidates(report: Report, features: Features) -> list[int]:
    """The latest reports citing the same page, or linked to the same registry system or organisation."""
    ids = []
    if features.url:
        ids += ReportFeatures.objects.filter(url_key=url_key(features.url)).exclude(pk=report.pk).order_by(
            "-pk").values_list("pk", flat=True)[:LINKED]
    linked = Q(system_id=report.system_id) if report.system_id else Q()
    if report.organisation_id:
        linked |= Q(organisation_id=report.organisation_id)
    if linked:
        ids += Report.objects.filter(linked).exclude(pk=report.pk).order_by("-pk").values_list("pk", flat=True)[:LINKED]
    return ids


def _link_reasons(report: Report, other: Report) -> list[str]:
    reasons = []
    if report.system_id and report.system_id == other.system_id:
        reasons.append("same AI system")
    organisations = {report.organisation_id, report.system.organisation_id if report.system_id else None} - {None}
    others = {other.organisation_id, other.system.organisation_id if other.system_id else None} - {None}
    if organisations & others:
        reasons.append("same organisation")
    return reasons


def suggestions(report: Report, k: int = 5) -> dict:
    """Similar reports (with score and reasons) and the cases they belong to, best first."""
    matches = similar_to(report, k)
    by_id = {str(r.pk): r for r in Report.objects.filter(pk__in=[int(m.id) for m in matches]).select_related("system")}
    rows = [{"report": by_id[m.id], "score": m.score, "reasons": _link_reasons(report, by_id[m.id]) + m.reasons}
            for m in matches if m.id in by_id]
    cases: dict[int, dict] = {}
    links = CaseReport.objects.filter(report_id__in=[row["report"].pk for row in rows]).select_related("case")
    score_of = {row["report"].pk: row for row in rows}
    for link in links:
        row = score_of[link.report_id]
        entry = cases.get(link.case_id)
        if entry is None or entry["score"] < row["score"]:
            cases[link.case_id] = {"case": link.case, "score": row["score"], "reasons": row["reasons"],
                                   "via": row["report"]}
    return {"reports": rows, "cases": sorted(cases.values(), key=lambda c: -c["score"])}
