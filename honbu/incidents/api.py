"""/api/v1/incidents: send and read reports (same form validation and transition as the HTML form), and the
public feed of published cases."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from . import oecd, similar, stats, transitions
from .forms import ReportForm
from .gates import can_work_cases, get_report_for_user
from .models import Report
from .views import _published_cases

router = Router(tags=["AI harm reports and Art. 16 cases"])


class ReportIn(Schema):
    title: str = Field(..., max_length=200)
    description: str = Field(..., max_length=10_000)
    occurred_on: date | None = None
    location: str = Field("", max_length=200)
    system_name: str = Field("", max_length=200)
    organisation_name: str = Field("", max_length=200)
    organisation_id: int | None = None
    system_id: int | None = Field(None, description="A publicly listed AI system in the registry.")
    harms: list[str] = Field(..., min_length=1)
    severity: str
    stakeholders: list[str] = []
    affected: str = Field("", max_length=2000)
    source_urls: list[str] = Field([], max_length=10)
    contact_email: str = ""
    submission_key: str = Field("", max_length=64, description="Idempotency key: resending it returns the same report.")


class SimilarOut(Schema):
    id: int
    title: str
    score: float
    reasons: list[str]


class ReportOut(Schema):
    id: int
    receipt_code: str
    status: str
    channel: str
    language: str
    title: str
    description: str
    occurred_on: date | None
    location: str
    system_name: str
    organisation_name: str
    organisation_id: int | None
    system_id: int | None
    harms: list[str]
    severity: str
    stakeholders: list[str]
    source_urls: list[str]
    created_at: datetime

    @staticmethod
    def resolve_harms(report):
        return report.harm_list

    @staticmethod
    def resolve_stakeholders(report):
        return report.stakeholder_list

    @staticmethod
    def resolve_source_urls(report):
        return report.url_list


class ReportCreated(ReportOut):
    similar: list[SimilarOut] = []


PAYLOAD_NAMES = {"organisation": "organisation_id", "system": "system_id"}  # form field → the name the client sent


def form_data(payload: ReportIn) -> dict:
    data = payload.dict()
    data["source_urls"] = "\n".join(data["source_urls"])
    data["organisation"] = data.pop("organisation_id")
    data["system"] = data.pop("system_id")
    return data


@router.post("/reports", response={201: ReportCreated, 200: ReportCreated})
def create_report(request, payload: ReportIn):
    """Send a report as the signed-in user. HQ staff and liaisons also get the most similar existing reports."""
    form = ReportForm(form_data(payload))
    if not form.is_valid():
        raise ValidationError({PAYLOAD_NAMES.get(field, field): [error["message"] for error in errors]
                               for field, errors in form.errors.get_json_data().items()})
    report, created = transitions.submit_report(
        data=form.report_data(), by=request.auth, channel=Report.Channel.API,
        submission_key=form.cleaned_data["submission_key"] or None, language=(get_language() or "ja")[:2])
    report.similar = []
    if can_work_cases(request.auth):
        report.similar = [{"id": row["report"].pk, "title": row["report"].title, "score": row["score"],
                            "reasons": row["reasons"]} for row in similar.suggestions(report)["reports"]]
    return (201 if created else 200), report


@router.get("/reports", response=list[ReportOut])
@paginate
def list_reports(request):
    """Reports you can see: everything for HQ staff and liaisons, your organisation's own reports otherwise."""
    return Report.objects.visible_to(request.auth).order_by("-created_at", "-pk")


@router.get("/reports/{int:pk}", response=ReportOut)
def get_report(request, pk: int):
    return get_report_for_user(request.auth, pk)


@router.get("/reports/{int:pk}/oecd", response=dict)
def get_report_oecd(request, pk: int):
    """The report mapped onto the OECD common reporting framework for AI incidents."""
    return oecd.report_to_oecd(get_report_for_user(request.auth, pk))  # the gate selects the system and its organisation


@router.get("/published", auth=None, response=dict)
def published(request, limit: int = 100, offset: int = 0):
    """Published, anonymised cases and statistics (no account needed)."""
    limit = max(1, min(limit, 500))
    cases = _published_cases()[max(offset, 0) : max(offset, 0) + limit]
    return {"statistics": stats.published_statistics(), "cases": [oecd.case_to_public(case) for case in cases]}
