from django import forms, template
from django.utils.translation import gettext as _

from honbu.incidents.forms import MatchingChoices

register = template.Library()


@register.filter
def is_choice_group(field) -> bool:
    """Radio buttons and checkbox lists are a group: a fieldset with a legend, not one label."""
    return isinstance(field.field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple))


@register.filter
def picked(query):
    """The select a picker's search box re-lists."""
    return query.form[query.field.picks]


@register.filter
def is_picked(field) -> bool:
    """A picker's select, which its search box renders (see `picked`)."""
    return isinstance(field.field, MatchingChoices)


@register.filter
def percent(score: float) -> str:
    return f"{score * 100:.0f}%"


@register.filter
def reason(text: str) -> str:
    """The engine's reasons are English; show the common ones in the active language."""
    if text == "same URL":
        return _("same source link")
    if text == "same AI system":
        return _("same AI system in the registry")
    if text == "same organisation":
        return _("same organisation in the registry")
    if text.startswith("text similarity "):
        return _("text similarity %(value)s") % {"value": text.removeprefix("text similarity ")}
    if text.startswith("shared names: "):
        return _("shared names: %(names)s") % {"names": text.removeprefix("shared names: ")}
    if text == "same date":
        return _("same date")
    if text.startswith("dates ") and text.endswith(" apart"):
        days = text.split()[1]
        return _("dates %(days)s days apart") % {"days": days}
    if text.startswith("different languages "):
        return _("different languages %(pair)s") % {"pair": text.removeprefix("different languages ")}
    return text
