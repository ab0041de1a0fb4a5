"""The bulk import, run by the background worker (django-tasks on the database queue; `honbu worker`)."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from honbu.registry import bulk
from honbu.registry.models import ImportRun

PROGRESS_TTL = 6 * 3600


def progress_key(run_id) -> str:
    return f"registry:import:{run_id}"


@task()
def import_file(run_id: str) -> dict:
    run = ImportRun.objects.select_related("requested_by").get(pk=run_id)
    if not run.running:  # a task delivered twice finds the run already finished
        return {"state": run.state}
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.CHECKING)  # committed: seen at once

    def progress(state, done, total):
        cache.set(progress_key(run.pk), {"state": state, "done": done, "total": total}, PROGRESS_TTL)

    outcome = {"content": b"", "finished_at": None}
    with translation.override(run.language):  # row errors are stored as sentences in the uploader's language
        try:
            result = bulk.run_import(bytes(run.content), by=run.requested_by, dry_run=run.dry_run,
                                     filename=run.filename, progress=progress)
        except ValidationError as error:
            outcome.update(state=ImportRun.State.FAILED, message=" ".join(error.messages))
        except Exception:
            ImportRun.objects.filter(pk=run.pk).update(
                state=ImportRun.State.FAILED, content=b"", finished_at=timezone.now(),
                message=_("The import stopped because of an internal error; nothing was imported."))
            raise
        else:
            outcome.update(
                state=ImportRun.State.CHECKED if (run.dry_run or result.errors) else ImportRun.State.DONE,
                total=result.total, done=result.total, organisations=result.organisations, systems=result.systems,
                errors=[vars(e) for e in result.errors[:1000]], error_count=len(result.errors))
    outcome["finished_at"] = timezone.now()
    ImportRun.objects.filter(pk=run.pk).update(**outcome)
    cache.delete(progress_key(run.pk))
    return {"state": outcome["state"], "organisations": outcome.get("organisations", 0),
            "systems": outcome.get("systems", 0)}
