"""Assessing registered systems: one at a time (on profile submission or on request) and the whole registry."""

from datetime import date

from django.db import transaction
from django.utils import timezone

import honbu.rulebook as rulebook
from honbu.assessments.compare import compact, digest
from honbu.assessments.models import Assessment, ReassessmentRun
from honbu.core.audit import record
from honbu.registry.models import AISystem, SystemProfile


def latest_submitted_profile(system: AISystem) -> SystemProfile | None:
    return system.profiles.filter(status=SystemProfile.Status.SUBMITTED).order_by("-version").first()


def new_assessment(system_id: int, profile_id: int, result: dict, as_of: date, trigger: str, by=None) -> Assessment:
    compacted = compact(result)
    return Assessment(
        system_id=system_id, profile_id=profile_id, rulebook_version=result["rulebook_version"], as_of=as_of,
        eu_tier=compacted["eu"]["tier"] or "", gpai=compacted["eu"]["gpai"] or "", result=compacted,
        digest=digest(compacted), trigger=trigger, created_by=by,
    )


def unchanged(current: Assessment | None, candidate: Assessment) -> bool:
    return (current is not None and current.digest == candidate.digest and current.profile_id == candidate.profile_id
            and current.rulebook_version == candidate.rulebook_version)


@transaction.atomic
def assess_system(*, system: AISystem, by=None, trigger: str = Assessment.Trigger.MANUAL,
                  as_of: date | None = None) -> Assessment | None:
    """Assess the latest submitted profile. A new row is saved only when the profile, the rulebook or the
    result changed; otherwise the current assessment stands. None when nothing has been submitted yet."""
    profile = latest_submitted_profile(system)
    if profile is None:
        return None
    as_of = as_of or timezone.localdate()
    candidate = new_assessment(system.pk, profile.pk, rulebook.assess(profile.data, as_of=as_of), as_of, trigger, by)
    current = Assessment.objects.select_for_update().filter(system=system, is_latest=True).first()
    if unchanged(current, candidate):
        return current
    if current is not None:
        Assessment.objects.filter(pk=current.pk).update(is_latest=False)
    candidate.save()
    record(by, "assessment.created", candidate, system=system.pk, profile_version=profile.version,
           rulebook_version=candidate.rulebook_version, trigger=trigger,
           changes={"eu_tier": [current.eu_tier if current else None, candidate.eu_tier],
                    "gpai": [current.gpai if current else None, candidate.gpai]})
    return candidate


@transaction.atomic
def request_reassessment(*, by, as_of: date | None = None) -> ReassessmentRun:
    from honbu.assessments.tasks import reassess_registry

    run = ReassessmentRun.objects.create(as_of=as_of or timezone.localdate(), rulebook_version=rulebook.RULEBOOK_VERSION,
                                         requested_by=by)
    record(by, "reassessment.requested", run, as_of=run.as_of.isoformat(), rulebook_version=run.rulebook_version)
    transaction.on_commit(lambda: reassess_registry.enqueue(run.pk))
    return run
