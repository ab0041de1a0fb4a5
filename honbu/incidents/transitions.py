"""Every state change of reports, cases, measures and publication: check the edge, save, audit, notify.

Nothing else assigns `.status` or `.state`. Each function runs in one transaction; emails go out on commit.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from honbu.core.audit import record
from honbu.core.models import Organisation, User
from honbu.registry.models import AISystem

from . import mail, similar
from .models import (
    Attachment,
    Case,
    CaseNote,
    CaseReport,
    Measure,
    NamePublication,
    Report,
    StatusUpdate,
    encode_codes,
)

PUBLIC = "public submitter"


def content_digest(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False, default=_digestible).encode()).hexdigest()


def _digestible(value):
    # A model instance by its key: its str() follows the active language, and a resent form must digest the same.
    return getattr(value, "pk", None) or str(value)


def submit_report(*, data: dict, channel: str, by: User | None = None, submission_key: str | None = None,
                  files=(), language: str = "ja") -> tuple[Report, bool]:
    """Store a report, its attachments and its similarity features in one transaction.

    `data` is a form's cleaned data. With a `submission_key` (the form's idempotency token), sending the
    same form twice returns the first report (`created` False) instead of storing a second one.
    Returns (report, created). Attachment files written before a failure are removed again.
    """
    digest = content_digest(data)
    if submission_key:
        existing = Report.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return _same_submission(existing, digest), False
    saved_files: list[str] = []
    try:
        with transaction.atomic():
            report = _create_report(data, channel, by, submission_key, digest, language)
            for upload in files:
                attachment = Attachment(report=report, content_type=upload.checked_type, extension=upload.checked_ext,
                                        original_name=upload.name[:200], size=upload.size, sha256=upload.sha256)
                attachment.file.save("upload", upload, save=False)
                saved_files.append(attachment.file.name)
                attachment.save()
            similar.index_report(report)
            StatusUpdate.objects.create(report=report, status=report.public_status())
            linked = {"system": report.system_id} if report.system_id else {}
            record(by or PUBLIC, "report.submitted", report, channel=channel, attachments=len(saved_files), **linked)
            if report.contact_email:
                transaction.on_commit(lambda: mail.send_receipt(report))
    except IntegrityError:
        _remove_files(saved_files)
        # A concurrent double submission won the race on the unique key: answer with its receipt.
        existing = Report.objects.filter(submission_key=submission_key).first() if submission_key else None
        if existing is None:
            raise
        return _same_submission(existing, digest), False
    except BaseException:
        _remove_files(saved_files)
        raise
    return report, True


def _same_submission(existing: Report, digest: str) -> Report:
    if existing.content_digest != digest:
        raise ValidationError(_("This form was already sent with different content. Open the form again to send "
                                "another report."))
    return existing


def _create_report(data, channel, by, submission_key, digest, language) -> Report:
    system = data.get("system")
    organisation = data.get("organisation") or (system.organisation if system else None)
    report = Report(
        channel=channel,
        language=data.get("language") or language,
        submitted_by=by,
        submitter_organisation=by.organisation if by is not None else None,
        submission_key=submission_key or None,
        content_digest=digest,
        contact_email=data.get("contact_email") or "",
        title=data["title"],
        description=data["description"],
        occurred_on=data.get("occurred_on"),
        location=data.get("location") or "",
        country=data.get("country") or "JP",
        system_name=data.get("system_name") or "",
        organisation_name=data.get("organisation_name") or "",
        organisation=organisation,
        system=system,
        harms=encode_codes(data["harms"]),
        severity=data["severity"],
        stakeholders=encode_codes(data.get("stakeholders") or []),
        affected=data.get("affected") or "",
        source_urls="\n".join(data.get("source_urls") or []),
        sector=organisation.sector if organisation else "",
    )
    report.save()
    return report


def _remove_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


def _refresh_public_status(reports) -> None:
    """Tell submitters when where their report stands has changed (receipt page, and email if they gave one)."""
    for report in reports:
        status = report.public_status()
        last = report.status_updates.order_by("-at", "-pk").values_list("status", flat=True).first()
        if status != last:
            StatusUpdate.objects.create(report=report, status=status)
            if report.contact_email:
                transaction.on_commit(lambda report=report, status=status: mail.send_status_change(report, status))


# -- triage -----------------------------------------------------------------------------------------


@transaction.atomic
def claim_report(*, report: Report, by: User) -> Report:
    before = report.claimed_by_id
    report.claimed_by, report.claimed_at = by, timezone.now()
    report.save(update_fields=["claimed_by", "claimed_at", "updated_at"])
    record(by, "report.claimed", report, changes={"claimed_by": [before, by.pk]})
    return report


@transaction.atomic
def merge_into_case(*, reports: list[Report], by: User, case: Case | None = None, title: str = "") -> Case:
    """Put reports into an existing case, or into a new one titled after the first report."""
    if not reports:
        raise ValidationError(_("Choose at least one report."))
    created = case is None
    if created:
        first = reports[0]
        case = Case.objects.create(title=(title or first.title)[:200], created_by=by, harms=first.harms,
                                   severity=first.severity)
        record(by, "case.opened", case, reports=[r.pk for r in reports])
    for report in reports:
        if report.status in (Report.Status.OUT_OF_SCOPE, Report.Status.REFERRED):
            raise ValidationError(_("Report R%(pk)s was closed in triage and cannot join a case.") % {"pk": report.pk})
        linked = CaseReport.objects.get_or_create(case=case, report=report, defaults={"linked_by": by})[1]
        _carry_links(case, report)
        before = report.status
        if before != Report.Status.IN_CASE:
            report.status = Report.Status.IN_CASE
            report.save(update_fields=["status", "updated_at"])
        if linked:
            record(by, "report.merged", report, changes={"status": [before, report.status]}, case=case.pk)
    _refresh_public_status(reports)
    return case


def _carry_links(case: Case, report: Report) -> None:
    """A case involves the organisations and registry systems its reports are linked to."""
    if report.organisation_id:
        case.organisations.add(report.organisation_id)
    if report.system_id:
        case.systems.add(report.system_id)


@transaction.atomic
def link_report_system(*, report: Report, by: User, system: AISystem | None) -> Report:
    """Staff link a report to a registry system (any system, public or not), or remove the link.

    A report that names no organisation in the registry gets the system's organisation too.
    """
    before = {"system": report.system_id, "organisation": report.organisation_id}
    report.system = system
    if system is not None and report.organisation_id is None:
        report.organisation = system.organisation
        report.sector = system.organisation.sector
    after = {"system": report.system_id, "organisation": report.organisation_id}
    changes = {name: [before[name], after[name]] for name in after if before[name] != after[name]}
    if not changes:
        return report
    report.save(update_fields=["system", "organisation", "sector", "updated_at"])
    record(by, "report.system_linked", report, changes=changes)
    return report


@transaction.atomic
def link_case_system(*, case: Case, by: User, system: AISystem) -> Case:
    before = sorted(case.systems.values_list("pk", flat=True))
    if system.pk in before:
        raise ValidationError({"system": _("This system is already linked to the case.")})
    case.systems.add(system)
    record(by, "case.system_linked", case, changes={"systems": [before, sorted([*before, system.pk])]})
    return case


@transaction.atomic
def unlink_case_system(*, case: Case, by: User, system: AISystem) -> Case:
    before = sorted(case.systems.values_list("pk", flat=True))
    if system.pk not in before:
        raise ValidationError(_("This system is not linked to the case."))
    case.systems.remove(system)
    record(by, "case.system_unlinked", case, changes={"systems": [before, [pk for pk in before if pk != system.pk]]})
    return case


@transaction.atomic
def split_report(*, report: Report, case: Case, by: User, title: str = "") -> Case:
    """Take a report out of a case into a new case of its own (it was about a different incident)."""
    link = CaseReport.objects.filter(case=case, report=report).first()
    if link is None:
        raise ValidationError(_("This report is not part of that case."))
    if case.links.count() == 1:
        raise ValidationError(_("This is the only report in the case; there is nothing to split it from."))
    link.delete()
    new_case = Case.objects.create(title=(title or report.title)[:200], created_by=by, harms=report.harms,
                                   severity=report.severity)
    CaseReport.objects.create(case=new_case, report=report, linked_by=by)
    _carry_links(new_case, report)
    record(by, "case.opened", new_case, reports=[report.pk], split_from=case.pk)
    record(by, "report.split", report, from_case=case.pk, to_case=new_case.pk)
    _refresh_public_status([report])
    return new_case


@transaction.atomic
def mark_out_of_scope(*, report: Report, by: User, reason: str) -> Report:
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason, for the record and for the submitter.")})
    if report.status != Report.Status.NEW:
        raise ValidationError(_("Only a report waiting for triage can be closed as out of scope."))
    report.status, report.out_of_scope_reason = Report.Status.OUT_OF_SCOPE, reason.strip()
    report.save(update_fields=["status", "out_of_scope_reason", "updated_at"])
    record(by, "report.out_of_scope", report, changes={"status": [Report.Status.NEW, report.status]}, reason=reason)
    _refresh_public_status([report])
    return report


@transaction.atomic
def refer_report(*, report: Report, by: User, ministry: Organisation) -> Report:
    if ministry.kind != Organisation.Kind.MINISTRY:
        raise ValidationError({"ministry": _("Choose a ministry or agency.")})
    if report.status != Report.Status.NEW:
        raise ValidationError(_("Only a report waiting for triage can be referred."))
    report.status, report.referred_to = Report.Status.REFERRED, ministry
    report.save(update_fields=["status", "referred_to", "updated_at"])
    record(by, "report.referred", report, changes={"status": [Report.Status.NEW, report.status]}, ministry=ministry.pk)
    _refresh_public_status([report])
    return report


# -- cases ------------------------------------------------------------------------------------------


def _move_case(case: Case, state: str, by: User, action: str, **data) -> Case:
    if not case.can_move_to(state):
        raise ValidationError(_("A case cannot move from “%(from)s” to “%(to)s”.") % {
            "from": case.get_state_display(), "to": Case.State(state).label})
    before = case.state
    case.state = state
    case.closed_at = timezone.now() if state == Case.State.CLOSED else None
    case.save(update_fields=["state", "closed_at", "updated_at"])
    record(by, action, case, changes={"state": [before, state]}, **data)
    _refresh_public_status(case.reports.prefetch_related("cases"))
    return case


@transaction.atomic
def start_analysis(*, case: Case, by: User) -> Case:
    return _move_case(case, Case.State.UNDER_ANALYSIS, by, "case.analysis_started")


@transaction.atomic
def decide_measures(*, case: Case, by: User) -> Case:
    if not case.measures.exists():
        raise ValidationError(_("Issue at least one measure before recording that measures were decided."))
    return _move_case(case, Case.State.MEASURES_DECIDED, by, "case.measures_decided")


@transaction.atomic
def close_case(*, case: Case, by: User) -> Case:
    return _move_case(case, Case.State.CLOSED, by, "case.closed")


@transaction.atomic
def reopen_case(*, case: Case, by: User, reason: str) -> Case:
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the case is reopened.")})
    return _move_case(case, Case.State.UNDER_ANALYSIS, by, "case.reopened", reason=reason)


@transaction.atomic
def assign_case(*, case: Case, by: User, assignee: User | None, due_on=None) -> Case:
    if assignee is not None and not assignee.sees_everything:
        raise ValidationError({"assignee": _("Cases can only be assigned to HQ staff or ministry liaisons.")})
    before = {"assignee": case.assignee_id, "due_on": case.due_on.isoformat() if case.due_on else None}
    case.assignee, case.due_on = assignee, due_on
    case.save(update_fields=["assignee", "due_on", "updated_at"])
    after = {"assignee": case.assignee_id, "due_on": case.due_on.isoformat() if case.due_on else None}
    record(by, "case.assigned", case, changes={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    return case


@transaction.atomic
def add_note(*, case: Case, by: User, text: str) -> CaseNote:
    if not text.strip():
        raise ValidationError({"text": _("Write the note.")})
    note = CaseNote.objects.create(case=case, author=by, text=text)
    record(by, "case.note_added", case, note=note.pk)
    return note


ANALYSIS_FIELDS = ["title", "rights_affected", "cause", "system_description", "harms", "severity",
                   "summary_ja", "summary_en"]


@transaction.atomic
def record_analysis(*, case: Case, by: User, organisations=None, **fields) -> Case:
    """The analysis: which rights, what cause, which system; and the anonymised summary for publication."""
    if case.state == Case.State.CLOSED:
        raise ValidationError(_("Reopen the case before changing its analysis."))
    from honbu.core.audit import diff, snapshot

    before = snapshot(case, ANALYSIS_FIELDS)
    for name, value in fields.items():
        if name not in ANALYSIS_FIELDS:
            raise TypeError(name)
        setattr(case, name, encode_codes(value) if name == "harms" else value)
    case.full_clean(exclude=["assignee", "created_by", "published_by"])
    case.save()
    changes = diff(before, snapshot(case, ANALYSIS_FIELDS))
    if organisations is not None:
        old = sorted(case.organisations.values_list("pk", flat=True))
        case.organisations.set(organisations)
        new = sorted(o.pk for o in organisations)
        if old != new:
            changes["organisations"] = [old, new]
    record(by, "case.analysis_recorded", case, changes=changes)
    return case


@transaction.atomic
def publish_case(*, case: Case, by: User) -> Case:
    """Publish the anonymised summary on the portal: an HQ manager's decision, once measures are decided or closed."""
    if not by.is_hq_manager:
        raise ValidationError(_("Only an HQ manager can publish a case."))
    if case.state not in (Case.State.MEASURES_DECIDED, Case.State.CLOSED):
        raise ValidationError(_("Publish a case once its measures are decided or it is closed."))
    if not (case.summary_ja.strip() and case.summary_en.strip()):
        raise ValidationError(_("Write the anonymised summary in Japanese and English before publishing."))
    if case.published_at is not None:
        raise ValidationError(_("This case is already published."))
    case.published_at, case.published_by = timezone.now(), by
    case.save(update_fields=["published_at", "published_by", "updated_at"])
    record(by, "case.published", case, changes={"published_at": [None, case.published_at.isoformat()]})
    return case


# -- measures ---------------------------------------------------------------------------------------


@transaction.atomic
def issue_measure(*, case: Case, by: User, organisation: Organisation, kind: str, text: str, due_on) -> Measure:
    if case.state not in (Case.State.UNDER_ANALYSIS, Case.State.MEASURES_DECIDED):
        raise ValidationError(_("Measures are issued while a case is under analysis or its measures are decided."))
    if organisation.is_government:
        raise ValidationError({"organisation": _("Measures are addressed to R&D institutions and businesses.")})
    if due_on < timezone.localdate():
        raise ValidationError({"due_on": _("The due date cannot be in the past.")})
    measure = Measure.objects.create(case=case, organisation=organisation, kind=kind, text=text, due_on=due_on,
                                     issued_by=by)
    case.organisations.add(organisation)
    record(by, "measure.issued", measure, case=case.pk, organisation=organisation.pk, kind=kind,
           due_on=due_on.isoformat())
    transaction.on_commit(lambda: mail.send_measure_issued(measure))
    return measure


def _answer(measure: Measure, by: User, state: str, field: str, text: str, action: str) -> Measure:
    if not text.strip():
        raise ValidationError({field: _("This field is required.")})
    if not measure.can_move_to(state):
        raise ValidationError(_("This measure has already been answered that way or cannot be answered now."))
    before = measure.state
    measure.state = state
    setattr(measure, field, text)
    measure.answered_by, measure.answered_at = by, timezone.now()
    measure.save(update_fields=["state", field, "answered_by", "answered_at"])
    record(by, action, measure, changes={"state": [before, state]}, case=measure.case_id)
    return measure


@transaction.atomic
def accept_measure(*, measure: Measure, by: User, action_plan: str) -> Measure:
    return _answer(measure, by, Measure.State.ACCEPTED, "action_plan", action_plan, "measure.accepted")


@transaction.atomic
def report_completion(*, measure: Measure, by: User, completion_report: str) -> Measure:
    return _answer(measure, by, Measure.State.COMPLETED, "completion_report", completion_report, "measure.completed")


@transaction.atomic
def dispute_measure(*, measure: Measure, by: User, reasons: str) -> Measure:
    return _answer(measure, by, Measure.State.DISPUTED, "dispute_reasons", reasons, "measure.disputed")


# -- naming a business ------------------------------------------------------------------------------


@transaction.atomic
def approve_name_publication(*, case: Case, organisation: Organisation, by: User, rationale: str) -> NamePublication:
    """An HQ manager approves naming the business, with a rationale; the business is notified at once, before
    anything is published."""
    if not by.is_hq_manager:
        raise ValidationError(_("Only an HQ manager can approve publishing a business's name."))
    if not rationale.strip():
        raise ValidationError({"rationale": _("Record why the name should be published.")})
    if not case.organisations.filter(pk=organisation.pk).exists():
        raise ValidationError({"organisation": _("This organisation is not linked to the case.")})
    if NamePublication.objects.filter(case=case, organisation=organisation).exists():
        raise ValidationError(_("Publishing this organisation's name was already approved."))
    now = timezone.now()
    publication = NamePublication.objects.create(case=case, organisation=organisation, rationale=rationale,
                                                 approved_by=by, approved_at=now, notified_at=now)
    record(by, "case.name_publication_approved", case, organisation=organisation.pk, rationale=rationale)
    record(by, "organisation.notified_of_name_publication", organisation, case=case.pk)
    transaction.on_commit(lambda: mail.send_name_publication_notice(publication))
    return publication


@transaction.atomic
def publish_name(*, publication: NamePublication, by: User) -> NamePublication:
    if not by.is_hq_manager:
        raise ValidationError(_("Only an HQ manager can publish a business's name."))
    if publication.state != NamePublication.State.APPROVED or publication.notified_at is None:
        raise ValidationError(_("The name can only be published once approved and the organisation notified."))
    if not publication.case.is_published:
        raise ValidationError(_("Publish the case summary first."))
    publication.state, publication.published_at = NamePublication.State.PUBLISHED, timezone.now()
    publication.save(update_fields=["state", "published_at"])
    record(by, "case.name_published", publication.case, organisation=publication.organisation_id,
           changes={"state": [NamePublication.State.APPROVED, publication.state]})
    return publication
