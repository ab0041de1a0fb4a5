"""Ranking quality of the app's database path (term index + `rank_candidates`) on AIID DEV, beside the in-memory index.

    .venv/bin/python bench/incidents_quality_db.py [--dev PATH]

Stores the 1,126 DEV reports and the 14 hand-written Japanese ones as reports in a throwaway SQLite
database through the intake function (`similar.index_report`), then ranks every DEV report twice: through
`similar.similar_to` (the SQL candidate query, then `rank_candidates`) and with an in-memory
`SimilarityIndex` of the same stored features. Both use the shipped pair model, which was trained on DEV,
so these recall figures are in sample; the out-of-fold ones are bench/incidents_quality.py's. Where the two
paths return the same rankings, the out-of-fold figures hold for the database path too.
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE = Path(tempfile.mkdtemp(prefix="honbu-quality-db-")) / "quality.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DATABASE}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "honbu.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402

from honbu.incidents import similar  # noqa: E402
from honbu.incidents.models import Report, ReportFeatures  # noqa: E402
from honbu.similarity import SimilarityIndex, train  # noqa: E402


def ranking_scores(dev: Path, ranking: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        rank, out = Path(tmp, "rank.jsonl"), Path(tmp, "scores.json")
        rank.write_text("".join(json.dumps({"id": i, "candidates": c}) + "\n" for i, c in ranking.items()))
        subprocess.run([sys.executable, "eval.py", "--gold", str(dev.resolve()), "--rank", str(rank), "--json", str(out)],
                       cwd=dev.resolve().parent, check=True, stdout=subprocess.DEVNULL)
        return json.loads(out.read_text())["ranking"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dev", type=Path, default=ROOT / "../shared/data/incidents/aiid-dev.jsonl")
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    dev = train.load_labelled(args.dev)
    records = dev + train.japanese_reports()
    record_of: dict[str, dict] = {}
    with transaction.atomic():
        for r in records:
            report = Report.objects.create(
                channel="import", language=r.get("lang") or "", title=r.get("title") or "", description=r.get("text") or "",
                occurred_on=dt.date.fromisoformat(str(r["date"])[:10]) if r.get("date") else None,
                source_urls=r.get("url") or "", harms=",other,", severity="minor")
            similar.index_report(report)
            record_of[str(report.pk)] = r
    memory = SimilarityIndex()
    for pk, data, grams in ReportFeatures.objects.order_by("pk").values_list("pk", "data", "grams"):
        memory.add(similar.from_stored(data, grams))

    dev_ids = {r["id"] for r in dev}
    through_db, in_memory, same, times = {}, {}, 0, []
    for report in Report.objects.order_by("pk"):
        r = record_of[str(report.pk)]
        if r["id"] not in dev_ids:
            continue
        began = time.perf_counter()
        db_matches = similar.similar_to(report, k=5)
        times.append(time.perf_counter() - began)
        stored = ReportFeatures.objects.filter(pk=report.pk).values_list("data", "grams").get()
        memory_matches = memory.query(similar.from_stored(*stored), k=5)
        through_db[r["id"]] = [record_of[m.id]["id"] for m in db_matches]
        in_memory[r["id"]] = [record_of[m.id]["id"] for m in memory_matches]
        same += through_db[r["id"]] == in_memory[r["id"]]

    print(f"AIID DEV: {len(dev)} reports ranked, {len(records)} stored (+ hand-written Japanese); shipped pair model "
          f"(trained on DEV: in sample)")
    for name, ranking in (("database path (similar.similar_to)", through_db), ("in-memory SimilarityIndex", in_memory)):
        s = ranking_scores(args.dev, ranking)
        print(f"{name:<38} R@1 {s['recall_at_1']:.3f}  R@5 {s['recall_at_5']:.3f}  MRR {s['mrr']:.3f}")
    print(f"identical top-5 rankings: {same} of {len(through_db)}")
    p50, p95 = np.percentile(np.array(times) * 1000, [50, 95])
    print(f"database path on SQLite, {len(records)} reports: p50 {p50:.1f} ms, p95 {p95:.1f} ms per query")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
