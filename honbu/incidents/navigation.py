from django.urls import reverse
from django.utils.translation import gettext as _

from .gates import can_work_cases


def items(user) -> list[tuple[str, str]]:
    entries = [(_("Report AI harm"), reverse("incidents:report_new"))]
    if not user.is_authenticated:
        entries.append((_("Follow a report"), reverse("incidents:receipt")))
        entries.append((_("Published cases"), reverse("incidents:published_list")))
        return entries
    if can_work_cases(user):
        entries += [(_("Triage"), reverse("incidents:triage")), (_("Cases"), reverse("incidents:case_list"))]
    elif user.organisation is not None:
        entries.append((_("Measures"), reverse("incidents:measure_list")))
    return entries
