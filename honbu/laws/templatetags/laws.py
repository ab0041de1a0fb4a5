import re

from django import template
from django.utils.html import format_html

from honbu.laws.citations import resolve

register = template.Library()


JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


@register.simple_tag
def cite(citation: str, jurisdiction: str = "eu", as_of=None):
    """A link to the cited provision, or the citation as plain text when it does not resolve.

    Citations written in English ("Art 5(1)(a)") carry lang="en", so a Japanese page's screen reader says them in
    English."""
    lang = "ja" if JAPANESE.search(citation) else "en"
    target = resolve(citation, jurisdiction=jurisdiction, as_of=as_of)
    if target is None:
        return format_html('<span lang="{}">{}</span>', lang, citation)
    return format_html('<a href="{}" class="citation" lang="{}">{}</a>', target.url, lang, citation)
