from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    entries = [(_("Check a system"), reverse("assessments:check"))]
    if user.is_authenticated and user.sees_everything:
        entries.append((_("Inventory"), reverse("assessments:inventory")))
    return entries
