from django_tasks import task

from honbu.assessments.models import ReassessmentRun
from honbu.assessments.reassess import reassess


@task()
def reassess_registry(run_id: int) -> dict:
    run = reassess(ReassessmentRun.objects.get(pk=run_id))
    return {"total": run.total, "changed": run.changed}
