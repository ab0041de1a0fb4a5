"""Intake with similarity suggestions, and the similar-reports query, at scale on the configured database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_incidents_bench \\
        .venv/bin/python bench/incidents_intake_speed.py --n 1000000 [--workers 2] [--samples 200]

Seeds N reports (synthetic ja/en templates from bench/incidents_speed.py, a third near-duplicates), with
their similarity features computed by the engine exactly as intake does, in bulk (skipped for the reports
already there, so a second run only measures). Then, in one fresh process state, prints:
- the cold start: rebuilding the in-process index from the stored features;
- intake p50/p95: `submit_report` (one transaction: report, features, status, audit event) followed by
  `similar.suggestions` (catch-up of the index, query, and the two reads that fetch the suggested reports
  and their cases), i.e. what a signed-in HQ user waits for;
- similar-reports query p50/p95: `similar.suggestions` for existing reports (the triage page's query);
- peak resident memory of the process.
"""

import argparse
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honbu.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from honbu.incidents import similar, transitions  # noqa: E402
from honbu.incidents.models import Report, ReportFeatures, StatusUpdate, encode_codes  # noqa: E402
from honbu.similarity import Report as EngineReport  # noqa: E402
from honbu.similarity import extract  # noqa: E402
from incidents_speed import synthetic_reports  # noqa: E402

HARMS = ["deepfake", "discrimination", "disinformation", "privacy", "fraud", "physical"]
BATCH = 2000


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _features(batch):
    start_pk, reports = batch
    return [(start_pk + i, r, extract(EngineReport(id=str(start_pk + i), title=r.title, text=r.text, date=r.date,
                                                   lang=r.lang, url=r.url)).to_dict())
            for i, r in enumerate(reports)]


def seed(n: int, workers: int) -> None:
    have = Report.objects.count()
    if have >= n:
        print(f"database already holds {have:,} reports")
        return
    print(f"seeding {n - have:,} reports ({have:,} present) with {workers} worker processes…", flush=True)
    reports = synthetic_reports(n)[have:]
    next_pk = (Report.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    batches = [(next_pk + i, reports[i : i + BATCH]) for i in range(0, len(reports), BATCH)]
    start = time.perf_counter()
    done = 0
    connection.close()
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        for rows in pool.imap(_features, batches):
            with transaction.atomic():
                Report.objects.bulk_create([
                    Report(pk=pk, channel="import", language=r.lang or "ja", title=r.title[:200], description=r.text,
                           harms=encode_codes([HARMS[pk % len(HARMS)]]), severity="minor", receipt_code=f"B{pk:011d}")
                    for pk, r, _ in rows])
                ReportFeatures.objects.bulk_create([ReportFeatures(report_id=pk, data=data) for pk, _, data in rows])
                StatusUpdate.objects.bulk_create([StatusUpdate(report_id=pk, status="received") for pk, _, _ in rows])
            done += len(rows)
            if done % 50_000 < BATCH:
                rate = done / (time.perf_counter() - start)
                print(f"  {have + done:,} reports ({rate:,.0f}/s)", flush=True)
    print(f"seeded in {time.perf_counter() - start:,.0f} s", flush=True)


def reset_sequence() -> None:
    """Seeding sets primary keys itself (and may have been interrupted): move the sequence past them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('incidents_report', 'id'), "
                           "(SELECT MAX(id) FROM incidents_report))")
            cursor.execute("ANALYZE")


def percentiles(values) -> str:
    p50, p95 = np.percentile(np.array(values) * 1000, [50, 95])
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    seed(args.n, args.workers)
    reset_sequence()
    total = Report.objects.count()

    start = time.perf_counter()
    index = similar.index()
    print(f"cold start: index rebuilt from {len(index):,} stored features in {time.perf_counter() - start:,.1f} s; "
          f"peak RSS {peak_rss_mb():,.0f} MB", flush=True)

    probes = synthetic_reports(args.samples, seed=4242)
    intake = []
    for i, probe in enumerate(probes):
        data = {"title": probe.title, "description": probe.text, "harms": ["deepfake"], "severity": "minor",
                "source_urls": [], "language": probe.lang}
        began = time.perf_counter()
        report, _ = transitions.submit_report(data=data, channel="api", submission_key=f"bench-{time.time()}-{i}")
        similar.suggestions(report)
        intake.append(time.perf_counter() - began)
    print(f"intake with suggestions ({args.samples} reports into {total:,}): {percentiles(intake)}", flush=True)

    rng = np.random.default_rng(7)
    pks = [int(pk) for pk in rng.integers(1, total, size=args.samples)]
    queries = []
    for report in Report.objects.filter(pk__in=pks):
        began = time.perf_counter()
        similar.suggestions(report)
        queries.append(time.perf_counter() - began)
    print(f"similar-reports query ({len(queries)} existing reports of {total:,}): {percentiles(queries)}")
    print(f"peak RSS {peak_rss_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
