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


LANGUAGES = ("ja", "en")


def _language(code: str | None) -> str | None:
    code = (code or "").lower()[:2]
    return code if code in LANGUAGES else None


def _organisation_recipients(organisation) -> dict[str, list[str]]:
    """The organisation's addresses grouped by the language each recipient reads.

    Administrators get their own `preferred_language`; the organisation's contact address gets the language most of
    its administrators prefer (ties and no preference: Japanese, the language of the Act).
    """
    admins = list(organisation.memberships.filter(role="org_admin", user__is_active=True)
                  .values_list("user__email", "user__preferred_language"))
    groups: dict[str, set[str]] = {}
    for address, preferred in admins:
        if address:
            groups.setdefault(_language(preferred) or "ja", set()).add(address)
    if organisation.contact_email and not any(organisation.contact_email in found for found in groups.values()):
        preferences = [_language(preferred) for _, preferred in admins if _language(preferred)]
        english = preferences.count("en") > preferences.count("ja")
        groups.setdefault("en" if english else "ja", set()).add(organisation.contact_email)
    return {language: sorted(addresses) for language, addresses in sorted(groups.items())}


def _send_to_organisation(template: str, context: dict, organisation) -> None:
    for language, addresses in _organisation_recipients(organisation).items():
        _send(template, context, addresses, language)


def send_measure_issued(measure) -> None:
    _send_to_organisation("measure_issued", {"measure": measure}, measure.organisation)


def send_name_publication_notice(publication) -> None:
    _send_to_organisation("name_publication", {"publication": publication}, publication.organisation)
