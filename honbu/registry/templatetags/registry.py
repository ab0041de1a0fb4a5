from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "organisation.registered": _("Registered"),
    "organisation.created": _("Recorded by HQ"),
    "organisation.changed": _("Changed"),
    "organisation.verified": _("Verified"),
    "organisation.rejected": _("Turned down"),
    "ai_system.created": _("AI system added"),
    "ai_system.changed": _("AI system changed"),
    "organisation.imported": _("Imported"),
    "ai_system.imported": _("AI system imported"),
}


@register.filter
def action_label(action: str) -> str:
    return ACTIONS.get(action, action)


@register.filter
def visible_questions(section, data):
    return section.visible_questions(data)
