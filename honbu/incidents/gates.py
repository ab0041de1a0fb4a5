"""Access gates: one function per protected object. 404 when missing or invisible, 403 when read-only."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from honbu.core.models import Membership

from .models import Attachment, Case, Measure, Report


def can_work_cases(user) -> bool:
    """HQ staff and ministry liaisons triage reports and work on cases (Art. 16 is the State's work)."""
    return user.is_authenticated and user.sees_everything


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404


def get_report_for_user(user, pk, *, write: bool = False) -> Report:
    """Staff see and triage every report; an organisation sees the reports its people sent, read-only."""
    report = _get(Report.objects.visible_to(user).select_related("organisation", "claimed_by", "referred_to",
                                                                   "system__organisation"), pk)
    if write and not can_work_cases(user):
        raise PermissionDenied
    return report


def get_case_for_user(user, pk, *, write: bool = False) -> Case:
    return _get(Case.objects.visible_to(user).select_related("assignee"), pk)


def get_measure_for_user(user, pk, *, write: bool = False) -> Measure:
    """The addressed organisation reads its measures and its administrators answer them; staff read all."""
    measure = _get(Measure.objects.visible_to(user).select_related("case", "organisation"), pk)
    if write and not (user.role == Membership.Role.ORG_ADMIN and user.organisation == measure.organisation):
        raise PermissionDenied
    return measure


def get_attachment_for_user(user, pk) -> Attachment:
    """Attachments may show victims or personal data: only HQ staff and liaisons ever download them."""
    if not can_work_cases(user):
        raise Http404
    return _get(Attachment.objects.all(), pk)
