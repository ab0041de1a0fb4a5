"""Load N synthetic Japanese/English reports with their similarity index into PostgreSQL, with COPY.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_incidents_bench DEBUG=1 \\
        .venv/bin/python bench/incidents_seed.py --n 1000000 [--workers 2] [--reset]

The reports come from `synthetic_stream` in bench/incidents_speed.py (a third are further reports of an
earlier incident, half Japanese); a quarter cite a source URL, shared by the reports of the same incident
that cite one. Each report's features, terms and postings are computed in worker processes by the app's
own functions (`similar.features_for`, `stored_data`, `index_terms`: Sudachi for Japanese), exactly what
intake stores, and written with COPY instead of one transaction per report. The main process numbers the
terms, counts their document frequencies and the n-gram statistics, and writes the term table and the
statistics snapshot at the end. The postings' primary key is dropped for the load and built afterwards.
Refuses to run on a database that already holds reports, unless --reset (which empties the incident tables).
"""

import argparse
import datetime as dt
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honbu.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from honbu.incidents import similar  # noqa: E402
from honbu.incidents.models import (Report, ReportFeatures, SimilarityPosting, SimilaritySnapshot,  # noqa: E402
                                    SimilarityTerm, StatusUpdate, encode_codes)
from honbu.similarity import Statistics  # noqa: E402
from incidents_speed import synthetic_stream  # noqa: E402

HARMS = ["deepfake", "discrimination", "disinformation", "privacy", "fraud", "physical"]
SEVERITIES = ["hazard", "minor", "significant", "serious"]
BATCH = 2000
REPORT_COLUMNS = ["id", "receipt_code", "submission_key", "content_digest", "channel", "language", "contact_email",
                  "title", "description", "occurred_on", "location", "country", "system_name", "organisation_name",
                  "harms", "severity", "stakeholders", "affected", "source_urls", "sector", "status",
                  "out_of_scope_reason", "created_at", "updated_at"]
START = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)


def copy_text(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bytes | memoryview):
        return "\\\\x" + bytes(value).hex()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def line(values) -> str:
    return "\t".join(copy_text(v) for v in values) + "\n"


def _indexed(batch):
    """In a worker: what intake would store for each report of the batch."""
    import json

    out = []
    for pk, report, url in batch:
        model = Report(pk=pk, title=report.title[:200], description=report.text, occurred_on=report.date,
                       language=report.lang, source_urls=url or "")
        features = similar.features_for(model)
        stored = similar.stored_data(features)
        out.append((pk, report, url, json.dumps(stored["data"], ensure_ascii=False, separators=(",", ":")),
                    stored["grams"], stored["length"], stored["url_key"], similar.index_terms(features)))
    return out


def batches(n: int, first_pk: int):
    stream = synthetic_stream(n)
    pk = first_pk
    while True:
        batch = []
        for report, incident in stream:
            # A quarter of the reports cite the article of their incident (syndicated copies cite the same page).
            url = f"https://news{incident % 97}.example.jp/articles/{incident}" if pk % 4 == 0 else None
            batch.append((pk, report, url))
            pk += 1
            if len(batch) == BATCH:
                break
        if not batch:
            return
        yield batch


def dsn() -> str:
    s = connection.settings_dict
    return f"host={s['HOST'] or '127.0.0.1'} port={s['PORT'] or 5432} dbname={s['NAME']} user={s['USER']}" + (
        f" password={s['PASSWORD']}" if s["PASSWORD"] else "")


def table(model) -> str:
    return model._meta.db_table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reset", action="store_true", help="empty the incident tables first")
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        raise SystemExit("PostgreSQL only (COPY): set DATABASE_URL")
    call_command("migrate", verbosity=0)
    with psycopg.connect(dsn(), autocommit=True) as db:
        if args.reset:
            db.execute(f"TRUNCATE {table(Report)}, {table(ReportFeatures)}, {table(StatusUpdate)}, "
                       f"{table(SimilarityTerm)}, {table(SimilarityPosting)}, {table(SimilaritySnapshot)} "
                       "RESTART IDENTITY CASCADE")
        if db.execute(f"SELECT EXISTS (SELECT 1 FROM {table(Report)})").fetchone()[0]:
            raise SystemExit("the database already holds reports (use --reset to replace them)")
        postings = table(SimilarityPosting)
        db.execute(f"ALTER TABLE {postings} DROP CONSTRAINT IF EXISTS {postings}_pkey")
        print(f"seeding {args.n:,} reports with {args.workers} worker processes…", flush=True)
        terms: dict[str, list[int]] = {}  # term → [id, document frequency]
        stats = Statistics()
        began, cpu = time.perf_counter(), time.process_time()
        done = 0
        connection.close()  # forked workers must not share it
        with multiprocessing.get_context("fork").Pool(args.workers) as pool:
            for rows in pool.imap(_indexed, batches(args.n, 1)):
                reports, features, updates, posting_lines = [], [], [], []
                for pk, report, url, data, grams, length, key, counts in rows:
                    created = START + dt.timedelta(seconds=pk * 40)
                    reports.append(line([pk, f"S{pk:011d}", None, "", "import", report.lang, "", report.title[:200],
                                         report.text, report.date, "", "JP", "", "", encode_codes([HARMS[pk % 6]]),
                                         SEVERITIES[pk % 4], "", "", url or "", "", "new", "", created, created]))
                    features.append(line([pk, data, grams, length, key]))
                    updates.append(line([pk, "received", created]))
                    capped = min(length, similar.MAX_STORED_COUNT)
                    for term, count in counts.items():
                        entry = terms.get(term)
                        if entry is None:
                            entry = terms[term] = [len(terms) + 1, 0]
                        entry[1] += 1
                        posting_lines.append(f"{pk}\t{entry[0]}\t{min(count, similar.MAX_STORED_COUNT)}\t{capped}\n")
                    similar.count_report(stats, length, grams)
                with db.transaction():
                    with db.cursor().copy(f"COPY {table(Report)} ({', '.join(REPORT_COLUMNS)}) FROM STDIN") as copy:
                        copy.write("".join(reports))
                    with db.cursor().copy(f"COPY {table(ReportFeatures)} (report_id, data, grams, length, url_key) "
                                          "FROM STDIN") as copy:
                        copy.write("".join(features))
                    with db.cursor().copy(f"COPY {table(StatusUpdate)} (report_id, status, at) FROM STDIN") as copy:
                        copy.write("".join(updates))
                    with db.cursor().copy(f"COPY {postings} (report_id, term_id, count, length) FROM STDIN") as copy:
                        copy.write("".join(posting_lines))
                done += len(rows)
                if done % 50_000 < BATCH:
                    elapsed = time.perf_counter() - began
                    print(f"  {done:,} reports, {len(terms):,} terms ({done / elapsed:,.0f}/s, "
                          f"{elapsed:,.0f} s)", flush=True)
        print(f"reports loaded in {time.perf_counter() - began:,.0f} s (main process CPU "
              f"{time.process_time() - cpu:,.0f} s); writing {len(terms):,} terms…", flush=True)
        with db.transaction(), db.cursor().copy(f"COPY {table(SimilarityTerm)} (id, term, df) FROM STDIN") as copy:
            for term, (pk, df) in terms.items():
                copy.write(line([pk, term, df]))
        step = time.perf_counter()
        db.execute(f"ALTER TABLE {postings} ADD CONSTRAINT {postings}_pkey PRIMARY KEY (term_id, report_id) "
                   "INCLUDE (count, length)")  # as migration incidents/0003 makes it
        print(f"postings primary key built in {time.perf_counter() - step:,.0f} s", flush=True)
        for model in (Report, StatusUpdate, SimilarityTerm):
            db.execute(f"SELECT setval(pg_get_serial_sequence('{table(model)}', 'id'), "
                       f"(SELECT MAX(id) FROM {table(model)}))")
        stats.term_df = {}
        db.execute(f"INSERT INTO {table(SimilaritySnapshot)} (through, statistics, created_at) VALUES (%s, %s, now())",
                   [done, similar.snapshot_bytes(stats)])
        step = time.perf_counter()
        db.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE in {time.perf_counter() - step:,.0f} s", flush=True)
        sizes = db.execute("SELECT relname, pg_size_pretty(pg_total_relation_size(oid)) FROM pg_class "
                           "WHERE relname LIKE 'incidents_%%' AND relkind = 'r' "
                           "ORDER BY pg_total_relation_size(oid) DESC LIMIT 6").fetchall()
        print("sizes: " + ", ".join(f"{name} {size}" for name, size in sizes))
    print(f"seeded {done:,} reports in {time.perf_counter() - began:,.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
