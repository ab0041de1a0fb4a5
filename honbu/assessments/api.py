"""POST /api/v1/assessments: assess a profile without registering anything."""

from datetime import date

from django.utils import timezone
from ninja import Router, Schema

from honbu.assessments.evaluate import evaluate

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
