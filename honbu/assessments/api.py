"""POST /api/v1/assessments: assess a profile without registering anything."""

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema
from ninja.pagination import paginate

from honbu.assessments.evaluate import evaluate
from honbu.assessments.models import Assessment
from honbu.registry.gates import get_system_for_user, visible_systems

router = Router(tags=["assessments"])


class AssessIn(Schema):
    profile: dict
    as_of: date | None = None


@router.post("", auth=None, summary="Assess a system profile under the EU AI Act and Japan's framework")
def assess(request, payload: AssessIn):
    """Returns `{"eu": {tier, gpai, citations, obligations, needs_answers, trace}, "jp": {...}, "as_of",
    "rulebook_version"}`. An invalid profile gets 400 with every bad field named; an `as_of` outside the
    encoded law gets 400 with the covered range."""
    return evaluate(payload.profile, payload.as_of or timezone.localdate())


class AssessmentOut(Schema):
    id: int
    system_id: int
    profile_version: int
    rulebook_version: str
    as_of: date
    eu_tier: str | None
    gpai: str | None
    trigger: str
    created_at: datetime
    is_latest: bool
    result: dict

    @staticmethod
    def resolve_profile_version(obj):
        return obj.profile.version

    @staticmethod
    def resolve_eu_tier(obj):
        return obj.eu_tier or None

    @staticmethod
    def resolve_gpai(obj):
        return obj.gpai or None


@router.get("/saved", response=list[AssessmentOut], summary="Saved assessments of the systems you can see")
@paginate
def list_saved(request, system: int | None = None, tier: str | None = None, latest_only: bool = True):
    assessments = Assessment.objects.filter(system__in=visible_systems(request.auth)).select_related("profile")
    if latest_only:
        assessments = assessments.current()
    if system is not None:
        assessments = assessments.filter(system_id=system)
    if tier is not None:
        assessments = assessments.filter(eu_tier=tier)
    return assessments.order_by("-pk")


@router.get("/saved/{int:pk}", response=AssessmentOut)
def get_saved(request, pk: int):
    assessment = get_object_or_404(Assessment.objects.select_related("profile"), pk=pk)
    get_system_for_user(request.auth, assessment.system_id)  # 404 unless the system is visible
    return assessment
