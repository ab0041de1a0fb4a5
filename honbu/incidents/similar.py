"""The Django side of duplicate detection: features stored once per report, one in-process index per server process.

Each report's features (`honbu.similarity.extract`) are computed once, in the intake transaction, and
stored in `ReportFeatures`. Queries run against an in-process `SimilarityIndex` that is built from
those stored rows (no re-tokenising) and kept current by a high-water mark: before every query the
process adds the rows written since its last look (one indexed `pk > n` query, usually empty), so a
report submitted through any process is findable by the next query in every process.

Why not a token table in the database: the engine scores candidates with corpus statistics (BM25 and
TF-IDF weights over every report) and per-pair evidence over hashed character n-grams; answering that
from SQL would mean a join over postings of common Japanese terms for every query, far slower than the
numpy postings, and would duplicate the engine. The cost is memory per process and a rebuild at start.

Primary keys are handed out when a transaction inserts, not when it commits: report 11 can commit before
report 10. The high-water mark alone would then skip report 10 for ever, so every key below the mark that was
missing at a catch-up is remembered as a gap and looked for again on each query until it appears, or until
`GAP_SECONDS` have passed (then it was a rolled-back transaction or a deleted report).

The engine's "shared names" reason is about words; when reports are linked to the registry, `suggestions`
adds "same AI system" and "same organisation" reasons from the links themselves.
"""

import threading
import time

from honbu.similarity import Features, Match, Report as EngineReport, SimilarityIndex, extract

from .models import CaseReport, Report, ReportFeatures

_lock = threading.Lock()
_index: SimilarityIndex | None = None
_high_water = 0
_gaps: dict[int, float] = {}
GAP_SECONDS = 600


def features_for(report: Report) -> Features:
    system = report.system
    body = "\n".join(part for part in (report.description, report.system_name, report.organisation_name,
                                       report.organisation.name_ja if report.organisation else "",
                                       system.name_ja if system else "", system.name_en if system else "",
                                       report.location) if part)
    urls = report.url_list
    return extract(EngineReport(id=str(report.pk), title=report.title, text=body, date=report.occurred_on,
                                lang=report.language, url=urls[0] if urls else None))


def store_features(report: Report) -> ReportFeatures:
    return ReportFeatures.objects.create(report=report, data=features_for(report).to_dict())


def reset() -> None:
    """Forget the in-process index (tests, or after a restore); the next query rebuilds it."""
    global _index, _high_water
    with _lock:
        _index, _high_water = None, 0
        _gaps.clear()


def index() -> SimilarityIndex:
    """The process's index, caught up with every report committed so far."""
    global _index, _high_water
    with _lock:
        if _index is None:
            _index, _high_water = SimilarityIndex(), 0
            _gaps.clear()
        now = time.monotonic()
        if _gaps:
            for pk in [pk for pk, since in _gaps.items() if now - since > GAP_SECONDS]:
                del _gaps[pk]
            for pk, data in ReportFeatures.objects.filter(pk__in=list(_gaps)).values_list("pk", "data"):
                if str(pk) not in _index:
                    _index.add(Features.from_dict(data))
                _gaps.pop(pk, None)
        rows = ReportFeatures.objects.filter(pk__gt=_high_water).order_by("pk").values_list("pk", "data")
        for pk, data in rows.iterator(chunk_size=2000):
            if str(pk) not in _index:
                _index.add(Features.from_dict(data))
            if _high_water:  # keys skipped since the last look may belong to transactions still open
                for missing in range(_high_water + 1, min(pk, _high_water + 1 + 10_000)):
                    _gaps.setdefault(missing, now)
            _high_water = pk
        return _index


def similar_to(report: Report, k: int = 5) -> list[Match]:
    """The k reports most likely about the same incident as `report`, from its stored features."""
    stored = ReportFeatures.objects.filter(pk=report.pk).values_list("data", flat=True).first()
    features = Features.from_dict(stored) if stored else features_for(report)
    matches = index().query(features, k=k + 1)
    return [match for match in matches if match.id != str(report.pk)][:k]


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
    """Similar reports (with score and reasons) and the cases they belong to, best first, in three queries."""
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
