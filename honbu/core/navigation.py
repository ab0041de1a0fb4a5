from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return []
    entries = [(_("Dashboard"), reverse("dashboard"))]
    if user.organisation and not user.sees_everything:
        entries.append((_("My organisation"), reverse("organisation_detail", args=[user.organisation.pk])))
    if user.is_hq_manager:
        entries.append((_("Audit log"), reverse("audit_log")))
    return entries
