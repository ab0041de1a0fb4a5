"""Intake with similarity suggestions, and the similar-reports query, on a large database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_incidents_bench \\
        .venv/bin/python bench/incidents_seed.py --n 1000000        # once: COPY-loads the reports and their index
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_incidents_bench \\
        .venv/bin/python bench/incidents_intake_speed.py [--samples 200]

Runs with DEBUG off (no SQL logging), in one fresh process, and prints:
- the cold start: loading the collection statistics (snapshot + reports stored since);
- intake p50/p95: `transitions.submit_report` (one transaction: report, features, terms, postings, status,
  audit event) followed by `similar.suggestions`, i.e. what the signed-in HQ user waits for after sending
  the form. Half the probes are new reports (incidents not in the database), half resend the text of a
  stored report (the duplicates the suggestions are for);
- the same through the real view: `POST /api/v1/incidents/reports` as a signed-in HQ analyst (Django's
  test client: form validation, the transaction, suggestions, JSON), which answers with the suggestions;
- similar-reports query p50/p95: `similar.suggestions` for stored reports (the report page and triage);
- with `--seeded N` (the N of incidents_seed.py), recall@1 and recall@5 of those queries: the share of
  stored reports of a multi-report synthetic incident with a report of the same incident first, or in
  the top five;
- CPU time of this process beside wall time (the database server's CPU is not in it), peak resident
  memory, and the load average before and after.
Each intake stores a report: run it on a copy you can throw away, or accept `--samples` more reports.
"""

import argparse
import logging
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
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("API_RATE_USER", "1000000/m")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django  # noqa: E402

django.setup()

import json  # noqa: E402

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from honbu.core.models import Membership, Organisation, User  # noqa: E402

from honbu.incidents import similar, transitions  # noqa: E402
from honbu.incidents.models import Report  # noqa: E402
from incidents_speed import synthetic_reports, synthetic_stream  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mapped_dictionary_mb() -> float:
    """Resident pages of Sudachi's memory-mapped dictionary (file-backed, shared by every process on the machine)."""
    total, inside = 0, False
    try:
        with open("/proc/self/smaps") as smaps:
            for row in smaps:
                if "-" in row.split(" ", 1)[0]:
                    inside = row.rstrip().endswith(".dic")
                elif inside and row.startswith("Rss:"):
                    total += int(row.split()[1])
    except OSError:
        return 0.0
    return total / 1024


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def percentiles(values) -> str:
    p50, p95 = np.percentile(np.array(values) * 1000, [50, 95])
    return f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"


def timed(call):
    wall, cpu = time.perf_counter(), time.process_time()
    call()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--seed", type=int, default=4242)
    parser.add_argument("--budget", type=int, default=similar.POSTING_BUDGET, help="postings the candidate query reads")
    parser.add_argument("--queries-only", action="store_true", help="skip the intake part (stores nothing)")
    parser.add_argument("--seeded", type=int, default=0, help="reports 1..N were loaded by incidents_seed.py --n N")
    args = parser.parse_args(argv)
    similar.POSTING_BUDGET = args.budget
    last = Report.objects.order_by("-pk").values_list("pk", flat=True).first()
    if not last:
        raise SystemExit("no reports: load them first with bench/incidents_seed.py")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}, reports up to id {last:,}; {load()}",
          flush=True)

    wall, cpu = timed(similar.collection)
    stats = similar.collection()
    print(f"cold start: collection statistics of {stats.documents:,} reports loaded in {wall:.2f} s "
          f"(CPU {cpu:.2f} s); RSS {peak_rss_mb():,.0f} MB", flush=True)

    rng = np.random.default_rng(args.seed)
    if not args.queries_only:
        intake_part(args, rng, last)
    query_part(args, rng, last)
    print(f"peak RSS {peak_rss_mb():,.0f} MB; at the end {mapped_dictionary_mb():,.0f} MB of the resident memory is "
          f"Sudachi's memory-mapped dictionary (posting budget {args.budget:,})")
    return 0


def hq_analyst() -> User:
    organisation, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.HQ_SECRETARIAT, name_en="Benchmark HQ secretariat",
        defaults={"name_ja": "ベンチマーク用事務局", "act_status": "", "verification": Organisation.Verification.VERIFIED})
    user, _ = User.objects.get_or_create(username="bench-hq-analyst",
                                         defaults={"display_name": "ベンチ 分析", "email": "bench@example.jp"})
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": Membership.Role.HQ_ANALYST})
    return user


def probes(args, rng, last) -> list[tuple[str, str, str]]:
    fresh = list(synthetic_reports(args.samples // 2, seed=args.seed))
    resent = list(Report.objects.filter(pk__in=[int(pk) for pk in rng.integers(1, last, size=args.samples
                                                                                 - len(fresh))]))
    both = [(p.title[:200], p.text, p.lang) for p in fresh] + [(r.title, r.description, r.language) for r in resent]
    return [both[i] for i in rng.permutation(len(both))]


def intake_part(args, rng, last) -> None:
    intake, intake_cpu = [], []
    for n, (title, text, lang) in enumerate(probes(args, rng, last)):
        data = {"title": title, "description": text, "harms": ["deepfake"], "severity": "minor",
                "source_urls": [], "language": lang}

        def submit_and_suggest(data=data, n=n):
            report, _ = transitions.submit_report(data=data, channel="api", submission_key=f"bench-{time.time()}-{n}")
            similar.suggestions(report)

        wall, cpu = timed(submit_and_suggest)
        intake.append(wall)
        intake_cpu.append(cpu)
    print(f"intake with suggestions ({len(intake)} reports, half resent): {percentiles(intake)} "
          f"(CPU {percentiles(intake_cpu)}); {load()}; peak RSS so far {peak_rss_mb():,.0f} MB", flush=True)

    client = Client()
    client.force_login(hq_analyst(), backend="django.contrib.auth.backends.ModelBackend")
    logging.getLogger("django.request").setLevel(logging.ERROR)
    client.post("/api/v1/incidents/reports", content_type="application/json")  # warm up (a 422): URLs, API schema
    api, api_cpu, suggested = [], [], 0
    for n, (title, text, lang) in enumerate(probes(args, rng, last)):
        body = json.dumps({"title": title, "description": text[:10_000], "harms": ["deepfake"], "severity": "minor",
                           "language": lang, "submission_key": f"bench-api-{time.time()}-{n}"})
        answers = []
        # The API stores the language the request is made in.
        wall, cpu = timed(lambda body=body, lang=lang: answers.append(client.post(
            "/api/v1/incidents/reports", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE=lang)))
        if answers[0].status_code != 201:
            raise SystemExit(f"the API answered {answers[0].status_code}: {answers[0].content[:300]!r}")
        suggested += bool(answers[0].json()["similar"])
        api.append(wall)
        api_cpu.append(cpu)
    print(f"intake through POST /api/v1/incidents/reports as an HQ analyst ({len(api)} reports, {suggested} with "
          f"suggestions): {percentiles(api)} (CPU {percentiles(api_cpu)}); {load()}; peak RSS so far "
          f"{peak_rss_mb():,.0f} MB", flush=True)


def _labels(n: int) -> np.ndarray:
    return np.fromiter((incident for _, incident in synthetic_stream(n)), dtype=np.int32, count=n)


def incident_labels(n: int) -> np.ndarray:
    """The synthetic incident of each seeded report, regenerated in a child process so as not to count in the
    peak memory measured here."""
    connection.close()  # not to be shared with the child
    with multiprocessing.get_context("fork").Pool(1) as pool:
        return pool.apply(_labels, (n,))


def query_part(args, rng, last) -> None:
    incident = incident_labels(args.seeded) if args.seeded else []
    reports_of = np.bincount(incident) if len(incident) else None
    pks = sorted({int(pk) for pk in rng.integers(1, last, size=args.samples)})
    queries, queries_cpu, hits = [], [], []
    for report in Report.objects.filter(pk__in=pks):
        found = []
        wall, cpu = timed(lambda report=report: found.append(similar.suggestions(report)))
        queries.append(wall)
        queries_cpu.append(cpu)
        if report.pk <= args.seeded and reports_of[incident[report.pk - 1]] > 1:
            same = [incident[row["report"].pk - 1] == incident[report.pk - 1] if row["report"].pk <= args.seeded
                    else False for row in found[0]["reports"]]
            hits.append((any(same[:1]), any(same[:5])))
    print(f"similar-reports query ({len(queries)} stored reports): {percentiles(queries)} "
          f"(CPU {percentiles(queries_cpu)}); {load()}")
    if hits:
        print(f"recall@1 {np.mean([h[0] for h in hits]):.3f}, recall@5 {np.mean([h[1] for h in hits]):.3f} "
              f"({len(hits)} of them have a report of the same synthetic incident)")


if __name__ == "__main__":
    raise SystemExit(main())
