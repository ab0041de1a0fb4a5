from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    return [(_("Check a system"), reverse("assessments:check"))]
