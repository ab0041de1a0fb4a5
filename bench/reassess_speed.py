"""Re-assessing the whole registry: systems per second through `honbu.assessments.reassess` on the configured
database, first with every result new (all rows written), then with nothing changed (no rows written).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/honbu_reassess \\
      .venv/bin/python bench/reassess_speed.py --systems 300000

Seeds organisations and systems with `honbu bench seed` when the database has fewer systems than asked,
and gives each system one submitted profile (varied, realistic, from bench/rulebook_speed.py's generator).
Not a test: it prints figures.
"""

import argparse
import os
import random
import resource
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honbu.settings")
os.environ.setdefault("DEBUG", "1")  # the bench needs no SECRET_KEY; DEBUG's query log is cleared below

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

import honbu.rulebook as rulebook  # noqa: E402
from honbu.assessments.models import Assessment, ReassessmentRun  # noqa: E402
from honbu.assessments.reassess import reassess  # noqa: E402
from honbu.registry.models import AISystem, SystemProfile  # noqa: E402
from rulebook_speed import realistic_profile  # noqa: E402


def ensure_registry(systems: int) -> None:
    have = AISystem.objects.count()
    if have < systems:
        print(f"seeding {systems - have} systems …", flush=True)
        call_command("bench", "seed", orgs=max(1000, (systems - have) // 3), systems=systems - have)
    missing = AISystem.objects.filter(profiles__isnull=True).values_list("pk", flat=True)
    rng, batch = random.Random(7), []
    for system_id in missing.iterator(chunk_size=5000):
        batch.append(SystemProfile(system_id=system_id, version=1, schema_id="profile/v1",
                                   data=realistic_profile(rng), status=SystemProfile.Status.SUBMITTED))
        if len(batch) == 5000:
            SystemProfile.objects.bulk_create(batch)
            batch.clear()
    SystemProfile.objects.bulk_create(batch)


def timed_run(label: str) -> None:
    run = ReassessmentRun.objects.create(as_of=date(2026, 11, 29), rulebook_version=rulebook.RULEBOOK_VERSION)
    reset_queries()
    start_wall, start_cpu = time.perf_counter(), time.process_time()
    reassess(run)
    wall, cpu = time.perf_counter() - start_wall, time.process_time() - start_cpu
    print(f"{label:<28} {run.done:>8} systems  {wall:7.1f} s wall  {run.done / wall:8.0f} systems/s  "
          f"(this process's CPU {cpu:6.1f} s)  rows written {run.changed}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--systems", type=int, default=300_000)
    parser.add_argument("--fresh", action="store_true", help="delete saved assessments first")
    args = parser.parse_args()
    connection.force_debug_cursor = False
    ensure_registry(args.systems)
    if args.fresh or Assessment.objects.exists():
        Assessment.objects.all().delete()
    print(f"database: {connection.vendor}; systems with a submitted profile: "
          f"{SystemProfile.objects.filter(status='submitted').values('system_id').distinct().count()}")
    timed_run("first run (all new)")
    timed_run("second run (nothing changed)")
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
