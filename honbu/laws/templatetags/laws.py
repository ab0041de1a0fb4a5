from django import template
from django.utils.html import format_html

from honbu.laws.citations import resolve

register = template.Library()


@register.simple_tag
def cite(citation: str, jurisdiction: str = "eu", as_of=None):
    """A link to the cited provision, or the citation as plain text when it does not resolve."""
    target = resolve(citation, jurisdiction=jurisdiction, as_of=as_of)
    if target is None:
        return citation
    return format_html('<a href="{}" class="citation">{}</a>', target.url, citation)
