"""Re-assessing the whole registry in batches: bounded memory, progress saved per batch, and rows written only
for systems whose result, profile or rulebook version changed."""

import bisect
import json

from django.db import connection, transaction
from django.utils import timezone

import honbu.rulebook as rulebook
from honbu.assessments.models import Assessment, ReassessmentRun
from honbu.assessments.compare import compact, encode
from honbu.core.audit import record
from honbu.registry.models import AISystem, SystemProfile

BATCH = 2000


def _submitted():
    return SystemProfile.objects.filter(status=SystemProfile.Status.SUBMITTED)


def _latest_profile_ids(system_ids: list[int]) -> dict[int, int]:
    latest: dict[int, int] = {}
    for system_id, profile_id in (_submitted().filter(system_id__in=system_ids).order_by("system_id", "-version")
                                  .values_list("system_id", "pk")):
        latest.setdefault(system_id, profile_id)
    return latest


def _still_valid(current: Assessment | None, profile_id: int, run: ReassessmentRun) -> bool:
    """The saved result stands if nothing it rests on changed: same profile version, same rulebook, and no
    change in the encoded law between its date and the run's (rulebook.change_dates)."""
    if current is None or current.profile_id != profile_id or current.rulebook_version != run.rulebook_version:
        return False
    low, high = sorted((current.as_of, run.as_of))
    index = bisect.bisect_right(rulebook.change_dates(), low)
    return index == len(rulebook.change_dates()) or rulebook.change_dates()[index] > high


def _assess_batch(run: ReassessmentRun, system_ids: list[int]) -> int:
    latest = _latest_profile_ids(system_ids)
    current = {a.system_id: a for a in Assessment.objects.current().filter(system_id__in=system_ids)
               .only("pk", "system_id", "digest", "profile_id", "rulebook_version", "as_of")}
    stale = {system_id: profile_id for system_id, profile_id in latest.items()
             if not _still_valid(current.get(system_id), profile_id, run)}
    data = dict(SystemProfile.objects.filter(pk__in=stale.values()).values_list("pk", "data"))
    rows = []
    for system_id, profile_id in stale.items():
        compacted = compact(rulebook.assess(data[profile_id], as_of=run.as_of))
        text, digest = encode(compacted)
        saved = current.get(system_id)
        if saved and (saved.digest, saved.profile_id, saved.rulebook_version) == (digest, profile_id, run.rulebook_version):
            continue
        rows.append((system_id, profile_id, run.rulebook_version, run.as_of, compacted["eu"]["tier"] or "",
                     compacted["eu"]["gpai"] or "", text, digest, Assessment.Trigger.REASSESSMENT))
    with transaction.atomic():
        Assessment.objects.filter(pk__in=[current[row[0]].pk for row in rows if row[0] in current]).update(is_latest=False)
        _insert(rows)
    return len(rows)


COPY_COLUMNS = ("system_id", "profile_id", "rulebook_version", "as_of", "eu_tier", "gpai", "result", "digest", "trigger",
                "is_latest", "created_at")


def _insert(rows: list[tuple]) -> None:
    """COPY on PostgreSQL: Django 5.2 sends bulk inserts there as UNNEST arrays that psycopg escapes value by
    value with regular expressions, which cost more than assessing. bulk_create elsewhere."""
    now = timezone.now()
    if connection.vendor != "postgresql":
        Assessment.objects.bulk_create(
            [Assessment(**dict(zip(COPY_COLUMNS, (*row[:6], json.loads(row[6]), *row[7:], True, now)))) for row in rows],
            batch_size=1000)
        return
    with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {Assessment._meta.db_table} ({', '.join(COPY_COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((*row, True, now))


def reassess(run: ReassessmentRun, batch_size: int = BATCH) -> ReassessmentRun:
    run.state, run.total = ReassessmentRun.State.RUNNING, AISystem.objects.count()
    run.save(update_fields=["state", "total"])
    last = 0
    try:
        while True:
            # Walk systems by primary key (an index range scan); those without a submitted profile cost nothing.
            ids = list(AISystem.objects.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not ids:
                break
            run.changed += _assess_batch(run, ids)
            run.done += len(ids)
            last = ids[-1]
            ReassessmentRun.objects.filter(pk=run.pk).update(done=run.done, changed=run.changed)
    except Exception as error:  # the run is marked failed for the inventory page, then the task fails loudly
        run.state, run.error, run.finished_at = ReassessmentRun.State.FAILED, repr(error)[:2000], timezone.now()
        run.save(update_fields=["state", "error", "finished_at"])
        raise
    run.state, run.finished_at = ReassessmentRun.State.FINISHED, timezone.now()
    run.save(update_fields=["state", "finished_at"])
    # One summary event: a per-system event would serialise 300,000 writes on the audit chain's lock.
    record(run.requested_by, "reassessment.finished", run, total=run.total, changed=run.changed,
           rulebook_version=run.rulebook_version, as_of=run.as_of.isoformat())
    return run
