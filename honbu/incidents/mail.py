"""Emails about reports, measures and naming, in plain text only: nothing a person typed is ever markup.

Templates are `.txt` with autoescaping off (escaping would turn `<` into `&lt;` in a plain-text mail);
no HTML alternative is ever attached.
"""

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .models import PublicStatus


def _send(template: str, context: dict, recipients: list[str], language: str) -> None:
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    with translation.override(language):
        subject = " ".join(render_to_string(f"incidents/emails/{template}_subject.txt", context).split())
        body = render_to_string(f"incidents/emails/{template}.txt", context)
    send_mail(subject, body, None, recipients)


def send_receipt(report) -> None:
    _send("receipt", {"report": report}, [report.contact_email], report.language)


def send_status_change(report, status: str) -> None:
    _send("status_change", {"report": report, "status": PublicStatus(status).label}, [report.contact_email],
          report.language)


def _organisation_addresses(organisation) -> list[str]:
    admins = organisation.memberships.filter(role="org_admin", user__is_active=True).values_list("user__email", flat=True)
    return sorted({organisation.contact_email, *admins} - {""})


def send_measure_issued(measure) -> None:
    _send("measure_issued", {"measure": measure}, _organisation_addresses(measure.organisation), "ja")


def send_name_publication_notice(publication) -> None:
    _send("name_publication", {"publication": publication}, _organisation_addresses(publication.organisation), "ja")
