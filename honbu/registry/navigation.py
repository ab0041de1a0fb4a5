from django.urls import reverse
from django.utils.translation import gettext as _


def items(user) -> list[tuple[str, str]]:
    if not user.is_authenticated:
        return [(_("Public AI systems"), reverse("registry:public_systems"))]
    entries = []
    if user.sees_everything:
        entries.append((_("Organisations"), reverse("registry:organisations")))
    if user.sees_everything or user.organisation is not None:
        entries.append((_("AI systems"), reverse("registry:systems")))
    return entries
