"""The side-by-side report as a PDF, in the active language.

ReportLab's built-in CID fonts (HeiseiKakuGo-W5) need no font file on the server: the PDF names an Adobe-Japan1
font and every reader supplies it, so a fresh machine without Japanese fonts still produces readable Japanese.
"""

import io
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FONT = "HeiseiKakuGo-W5"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=14, wordWrap="CJK")
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=11, textColor=colors.HexColor("#333333"))
H1 = ParagraphStyle("h1", parent=BODY, fontSize=16, leading=22, spaceAfter=4)
H2 = ParagraphStyle("h2", parent=BODY, fontSize=13, leading=18, spaceBefore=10, spaceAfter=4)
H3 = ParagraphStyle("h3", parent=BODY, fontSize=10.5, leading=15, spaceBefore=6, spaceAfter=2)
TIER = ParagraphStyle("tier", parent=BODY, fontSize=12, leading=17, backColor=colors.HexColor("#f2f2f2"), borderPadding=4,
                      spaceBefore=4, spaceAfter=6)


def _p(text: str, style=BODY) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _side(title: str, side, headline: str, lead: str) -> list:
    flow = [_p(title, H2), _p(headline, TIER), _p(lead)]
    if side.questions:
        flow += [_p(_("Questions still open"), H3),
                 *[_p(f"・{q.title} ({q.citation})" if q.citation and q.citation != "—" else f"・{q.title}") for q in side.questions]]
    flow.append(_p(_("Why"), H3))
    flow += [_p(f"・{step['because']} [{step['citation']}]") for step in side.trace if not step["overridden_by"]]
    flow.append(_p(_("Obligations and expectations"), H3))
    if not side.obligations:
        flow.append(_p(_("None identified from the answers given.")))
    for o in side.obligations:
        when = (_("In effect since %(date)s") if o.in_effect else _("Applies from %(date)s")) % {"date": _date(o.applies_from)}
        flow += [_p(f"{when} — {o.strength_label} — {o.addressee_label} — {o.citation}", SMALL), _p(o.text), Spacer(0, 3)]
    return flow


def render(report: dict, *, title: str, subtitle: str) -> bytes:
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                                 bottomMargin=16 * mm, title=title, author="honbu", subject=subtitle)
    flow = [
        _p(title, H1), _p(subtitle),
        _p(_("Assessment as of %(date)s") % {"date": _date(report["as_of"])}, H3),
        _p(_("Rulebook version %(version)s. This is orientation, not legal advice; every statement cites the provision it rests on.")
           % {"version": report["rulebook_version"]}, SMALL),
    ]
    eu = report["eu"]
    flow += _side(_("EU AI Act"), eu, eu.tier_label, eu.gpai_label)
    flow += _side(_("Japan: AI Promotion Act and guidelines"), report["jp"], _("No risk tiers and no penalties"),
                  _("Japan's framework says who is expected to do what, and how strongly: must, endeavour or voluntary."))
    document.build(flow)
    return buffer.getvalue()
