"""HTML views: parse, call a gate and a transition, render. No business rules here."""

import logging
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case as When_, Count, IntegerField, Prefetch, Value, When
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import similar, stats, throttle, transitions
from .forms import (
    AnalysisForm,
    AnswerForm,
    AssignForm,
    CaseSystemForm,
    MatchingChoices,
    MeasureForm,
    MergeForm,
    NamePublicationForm,
    NoteForm,
    ReasonForm,
    ReceiptForm,
    ReferForm,
    ReportForm,
    ReportSystemForm,
    TriageFilterForm,
    without_searches,
)
from .gates import (
    can_work_cases,
    get_attachment_for_user,
    get_case_for_user,
    get_measure_for_user,
    get_report_for_user,
)
from honbu.registry.gates import get_system_for_user

from .models import Case, Measure, NamePublication, Report, Severity, normalise_receipt_code

logger = logging.getLogger(__name__)

INTAKE_LIMIT, INTAKE_WINDOW = 10, 600
RECEIPT_LIMIT, RECEIPT_WINDOW = 30, 600
SEVERITY_RANK = When_(*[When(severity=code, then=Value(rank)) for rank, code in enumerate(reversed(Severity.values))],
                      output_field=IntegerField())


def _too_many(request, retry_after: int):
    response = render(request, "incidents/too_many.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _staff_only(user):
    if not can_work_cases(user):
        raise Http404


def _apply(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


# -- intake -----------------------------------------------------------------------------------------


def _refilled(form_class, data):
    """An unbound form showing what was typed: the no-JavaScript registry search re-renders the form this way,
    without validating (and so without error messages) and without sending anything."""
    form = form_class()
    initial = {}
    for name, values in data.lists():
        field = form.fields.get(name)
        if field is not None:
            initial[name] = values if getattr(field.widget, "allow_multiple_selected", False) else values[-1]
    return form_class(initial=initial)


@login_not_required
def report_new(request):
    """The report form: the public without an account, and signed-in people of any organisation."""
    if request.method == "POST" and "search" in request.POST:
        form = _refilled(ReportForm, request.POST)
        form.show_choices()
        return render(request, "incidents/report_form.html", {"form": form, "searched": True})
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if (retry := throttle.hit("intake", request, limit=INTAKE_LIMIT, window=INTAKE_WINDOW)) is not None:
            return _too_many(request, retry)
        if form.is_valid():
            user = request.user if request.user.is_authenticated else None
            try:
                report, _created = transitions.submit_report(
                    data=form.report_data(), by=user, files=form.cleaned_data["attachments"],
                    channel=Report.Channel.ACCOUNT if user else Report.Channel.PUBLIC,
                    submission_key=form.cleaned_data["submission_key"] or None, language=get_language()[:2])
            except ValidationError as error:
                _apply(form, error)
            except Exception:
                logger.exception("A report could not be stored")
                form.add_error(None, _("Your report could not be saved, and nothing was stored. Please try again "
                                       "in a few minutes; what you wrote is still in the form."))
            else:
                request.session["incidents_receipt"] = report.receipt_code
                return redirect("incidents:report_sent")
    form.show_choices()
    return render(request, "incidents/report_form.html", {"form": form})


# The forms whose pickers the htmx fragment re-lists; only the public report form's is open to everyone.
PICKER_FORMS = {form.picker_form: form for form in (ReportForm, ReportSystemForm, CaseSystemForm, AnalysisForm,
                                                    MeasureForm)}


@login_not_required
def choices(request):
    """htmx: the `<select>` of one picker (`field`) of one form (`form`), listing the rows matching what was typed.
    The public form searches public systems and verified organisations only; the staff forms search the whole
    registry, and only for staff."""
    form_class = PICKER_FORMS.get(request.GET.get("form", ""))
    if form_class is None or (form_class is not ReportForm and not can_work_cases(request.user)):
        raise Http404
    form = _refilled(form_class, request.GET)
    name = request.GET.get("field", "")
    if not isinstance(form.fields.get(name), MatchingChoices):
        raise Http404
    form.show_choices(only=name)
    return render(request, "incidents/includes/picker_select.html", {"field": form[name]})


@login_not_required
def report_sent(request):
    code = request.session.get("incidents_receipt")
    report = Report.objects.filter(receipt_code=code).first() if code else None
    if report is None:
        return redirect("incidents:report_new")
    context = {"report": report}
    if can_work_cases(request.user):
        context["suggestions"] = similar.suggestions(report)
    return render(request, "incidents/report_sent.html", context)


@login_not_required
def receipt(request):
    """Follow a report with its receipt code. An unknown code gets the same answer as a mistyped one."""
    form = ReceiptForm(request.POST or None)
    report = None
    looked_up = False
    if request.method == "POST":
        if (retry := throttle.hit("receipt", request, limit=RECEIPT_LIMIT, window=RECEIPT_WINDOW)) is not None:
            return _too_many(request, retry)
        if form.is_valid():
            looked_up = True
            code = normalise_receipt_code(form.cleaned_data["code"])
            report = (Report.objects.filter(receipt_code=code).prefetch_related("status_updates").first()
                      if code else None)
    return render(request, "incidents/receipt.html", {"form": form, "report": report, "looked_up": looked_up})


def my_reports(request):
    reports = Report.objects.visible_to(request.user).filter(submitter_organisation__isnull=False)
    if request.user.sees_everything:
        reports = reports.filter(submitted_by=request.user)
    page = Paginator(reports.select_related("submitted_by"), 50).get_page(request.GET.get("page"))
    return render(request, "incidents/my_reports.html", {"page": page})


# -- triage -----------------------------------------------------------------------------------------


def triage(request):
    _staff_only(request.user)
    form = TriageFilterForm(request.GET or None)
    reports = Report.objects.select_related("claimed_by", "organisation").prefetch_related("cases")
    filters = form.cleaned_data if form.is_valid() else {}
    status = filters.get("status") or "new"
    if status != "all":
        reports = reports.filter(status=status)
    if filters.get("harm"):
        reports = reports.with_harm(filters["harm"])
    if filters.get("severity"):
        reports = reports.filter(severity=filters["severity"])
    if filters.get("sector"):
        reports = reports.filter(sector=filters["sector"].upper())
    if filters.get("language"):
        reports = reports.filter(language=filters["language"])
    if filters.get("older_than") is not None:
        reports = reports.filter(created_at__lte=timezone.now() - timedelta(days=filters["older_than"]))
    sort = filters.get("sort") or "-created_at"
    if sort == "severity":
        reports = reports.annotate(severity_rank=SEVERITY_RANK).order_by("severity_rank", "-created_at")
    else:
        reports = reports.order_by(sort, "-pk")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    open_cases = Case.objects.exclude(state=Case.State.CLOSED).order_by("-created_at")[:100]
    return render(request, "incidents/triage.html", {"form": form, "page": page, "open_cases": open_cases,
                                                     "merge_form": MergeForm()})


def report_detail(request, pk):
    report = get_report_for_user(request.user, pk)
    context = {"report": report, "staff": can_work_cases(request.user)}
    if context["staff"]:
        context.update(
            suggestions=similar.suggestions(report),
            cases=report.cases.all(),
            attachments=report.attachments.all(),
            merge_form=MergeForm(),
            open_cases=Case.objects.exclude(state=Case.State.CLOSED).order_by("-created_at")[:100],
            reason_form=ReasonForm(),
            refer_form=ReferForm(),
            updates=report.status_updates.all(),
            system_form=_system_form(ReportSystemForm, request, initial={"system": report.system_id}),
        )
    return render(request, "incidents/report_detail.html", context)


def _system_form(form_class, request, initial=None):
    """A staff system form; `?system_query=` re-lists the select without JavaScript (a GET on the same page)."""
    form = form_class(initial={**(initial or {}), "system_query": request.GET.get("system_query", "")[:100]})
    form.show_choices()
    return form


@require_POST
def report_link_system(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    form = ReportSystemForm(request.POST)
    if form.is_valid():
        system = form.cleaned_data["system"]
        if system is not None:
            system = get_system_for_user(request.user, system.pk)
        transitions.link_report_system(report=report, by=request.user, system=system)
        messages.success(request, _("The link to the registry was saved."))
    else:
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
    return redirect("incidents:report_detail", pk=report.pk)


def _after(request, fallback: str):
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else fallback)


@require_POST
def report_claim(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    transitions.claim_report(report=report, by=request.user)
    messages.success(request, _("You claimed this report."))
    return _after(request, reverse("incidents:report_detail", args=[report.pk]))


@require_POST
def merge(request):
    """Merge the chosen reports into an existing case or a new one."""
    _staff_only(request.user)
    form = MergeForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["reports"]:
        messages.error(request, _("Choose at least one report, and an open case or none for a new case."))
        return _after(request, reverse("incidents:triage"))
    reports = [get_report_for_user(request.user, r.pk, write=True) for r in form.cleaned_data["reports"]]
    case = form.cleaned_data["case"]
    if case is not None:
        case = get_case_for_user(request.user, case.pk, write=True)
    try:
        case = transitions.merge_into_case(reports=reports, case=case, by=request.user, title=form.cleaned_data["title"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _after(request, reverse("incidents:triage"))
    messages.success(request, _("The reports are now part of case %(ref)s.") % {"ref": case.reference})
    return redirect("incidents:case_detail", pk=case.pk)


@require_POST
def report_out_of_scope(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            transitions.mark_out_of_scope(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report was closed as out of scope."))
    else:
        messages.error(request, _("Give the reason, for the record and for the submitter."))
    return redirect("incidents:report_detail", pk=report.pk)


@require_POST
def report_refer(request, pk):
    report = get_report_for_user(request.user, pk, write=True)
    form = ReferForm(request.POST)
    if form.is_valid():
        try:
            transitions.refer_report(report=report, by=request.user, ministry=form.cleaned_data["ministry"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The report was referred to %(ministry)s.") % {
                "ministry": form.cleaned_data["ministry"]})
    else:
        messages.error(request, _("Choose the ministry in charge."))
    return redirect("incidents:report_detail", pk=report.pk)


@login_not_required
def attachment(request, pk):
    if not request.user.is_authenticated:
        raise Http404
    item = get_attachment_for_user(request.user, pk)
    response = FileResponse(item.file.open("rb"), content_type=item.content_type, as_attachment=True,
                            filename=f"report-{item.report_id}-{item.pk}.{item.extension}")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# -- cases ------------------------------------------------------------------------------------------


def case_list(request):
    _staff_only(request.user)
    cases = Case.objects.select_related("assignee").annotate(report_count=Count("links")).order_by("-created_at")
    state = request.GET.get("state", "")
    if state in Case.State.values:
        cases = cases.filter(state=state)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(request, "incidents/case_list.html", {"page": page, "states": Case.State.choices, "state": state})


CASE_MOVES = {
    "start_analysis": transitions.start_analysis,
    "decide_measures": transitions.decide_measures,
    "close": transitions.close_case,
}


def case_detail(request, pk):
    _staff_only(request.user)
    return _case_page(request, get_case_for_user(request.user, pk))


def _case_page(request, case, **searched_forms):
    """The case page; `searched_forms` are forms re-rendered by their no-JavaScript search button."""
    links = case.links.select_related("report").order_by("linked_at")
    context = {
        "case": case,
        "links": links,
        "notes": case.notes.select_related("author"),
        "measures": case.measures.select_related("organisation"),
        "organisations": case.organisations.all(),
        "systems": case.systems.select_related("organisation").order_by("pk"),
        "system_form": _system_form(CaseSystemForm, request),
        "name_publications": case.name_publications.select_related("organisation"),
        "assign_form": AssignForm(initial={"assignee": case.assignee, "due_on": case.due_on}),
        "note_form": NoteForm(),
        "analysis_form": AnalysisForm(initial={
            "title": case.title, "rights_affected": case.rights_affected, "cause": case.cause,
            "system_description": case.system_description, "organisations": list(case.organisations.all()),
            "harms": case.harm_list, "severity": case.severity, "summary_ja": case.summary_ja,
            "summary_en": case.summary_en}),
        "measure_form": MeasureForm(),
        **searched_forms,
        "reason_form": ReasonForm(),
        # Prefixed: the measure form on the same page has an `organisation` field too (ids must stay unique).
        "name_form": NamePublicationForm(case=case, prefix="name"),
        "moves": [name for name, state in (("start_analysis", Case.State.UNDER_ANALYSIS),
                                           ("decide_measures", Case.State.MEASURES_DECIDED),
                                           ("close", Case.State.CLOSED)) if case.can_move_to(state)],
        "can_reopen": case.can_move_to(Case.State.UNDER_ANALYSIS) and case.state == Case.State.CLOSED,
    }
    context["analysis_form"].show_choices()
    if case.state in (Case.State.UNDER_ANALYSIS, Case.State.MEASURES_DECIDED):  # the page shows the measure form
        context["measure_form"].show_choices()
    first = links.first()
    if first is not None:
        context["suggestions"] = similar.suggestions(first.report)
    return render(request, "incidents/case_detail.html", context)


def _case_action(request, pk, action):
    """Run one case transition from a POST and come back to the case, with the error if it was refused."""
    _staff_only(request.user)
    case = get_case_for_user(request.user, pk, write=True)
    try:
        action(case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("incidents:case_detail", pk=case.pk)


@require_POST
def case_move(request, pk, move):
    if move not in CASE_MOVES:
        raise Http404
    return _case_action(request, pk, lambda case: CASE_MOVES[move](case=case, by=request.user))


@require_POST
def case_reopen(request, pk):
    return _case_action(request, pk, lambda case: transitions.reopen_case(
        case=case, by=request.user, reason=request.POST.get("reason", "")))


def _with_form(form_class, request, call, form_kwargs=None):
    """A case action that validates `form_class` (built with `form_kwargs(case)`, if given) before calling `call`."""
    def action(case):
        form = form_class(request.POST, **(form_kwargs(case) if form_kwargs else {}))
        if not form.is_valid():
            errors = [f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".lstrip(": ")
                      for f, e in form.errors.items()]
            raise ValidationError(errors)
        call(case, without_searches(form))
    return action


def _searched_case_form(request, pk, form_class, context_name):
    """Without JavaScript, a picker's search button posts the whole form: show the case page again with what was
    typed and the matching organisations listed, saving nothing."""
    _staff_only(request.user)
    case = get_case_for_user(request.user, pk, write=True)
    return _case_page(request, case, **{context_name: _refilled(form_class, request.POST)})


@require_POST
def case_assign(request, pk):
    return _case_action(request, pk, _with_form(AssignForm, request, lambda case, data: transitions.assign_case(
        case=case, by=request.user, **data)))


@require_POST
def case_note(request, pk):
    return _case_action(request, pk, _with_form(NoteForm, request, lambda case, data: transitions.add_note(
        case=case, by=request.user, **data)))


@require_POST
def case_analysis(request, pk):
    if "search" in request.POST:
        return _searched_case_form(request, pk, AnalysisForm, "analysis_form")
    return _case_action(request, pk, _with_form(AnalysisForm, request, lambda case, data: transitions.record_analysis(
        case=case, by=request.user, **data)))


@require_POST
def case_measure(request, pk):
    if "search" in request.POST:
        return _searched_case_form(request, pk, MeasureForm, "measure_form")
    return _case_action(request, pk, _with_form(MeasureForm, request, lambda case, data: transitions.issue_measure(
        case=case, by=request.user, **data)))


@require_POST
def case_system_add(request, pk):
    def action(case):
        form = CaseSystemForm(request.POST)
        if not form.is_valid():
            raise ValidationError([" ".join(errors) for errors in form.errors.values()])
        system = get_system_for_user(request.user, form.cleaned_data["system"].pk)
        transitions.link_case_system(case=case, by=request.user, system=system)
    return _case_action(request, pk, action)


@require_POST
def case_system_remove(request, pk, system_pk):
    return _case_action(request, pk, lambda case: transitions.unlink_case_system(
        case=case, by=request.user, system=get_system_for_user(request.user, system_pk)))


@require_POST
def case_split(request, pk, report_pk):
    def action(case):
        report = get_report_for_user(request.user, report_pk, write=True)
        new_case = transitions.split_report(report=report, case=case, by=request.user)
        messages.success(request, _("The report now has its own case, %(ref)s.") % {"ref": new_case.reference})
    return _case_action(request, pk, action)


@require_POST
def case_publish(request, pk):
    if not request.user.is_hq_manager:
        raise PermissionDenied
    return _case_action(request, pk, lambda case: transitions.publish_case(case=case, by=request.user))


@require_POST
def case_name_approve(request, pk):
    if not request.user.is_hq_manager:
        raise PermissionDenied
    return _case_action(request, pk, _with_form(
        NamePublicationForm, request,
        lambda case, data: transitions.approve_name_publication(case=case, by=request.user, **data),
        form_kwargs=lambda case: {"case": case, "prefix": "name"}))


@require_POST
def case_name_publish(request, pk, publication_pk):
    if not request.user.is_hq_manager:
        raise PermissionDenied

    def action(case):
        publication = case.name_publications.filter(pk=publication_pk).first()
        if publication is None:
            raise Http404
        transitions.publish_name(publication=publication, by=request.user)
    return _case_action(request, pk, action)


# -- measures, for the organisation addressed ----------------------------------------------------------


def measure_list(request):
    measures = Measure.objects.visible_to(request.user).select_related("organisation", "case")
    page = Paginator(measures.order_by("state", "due_on", "pk"), 50).get_page(request.GET.get("page"))
    return render(request, "incidents/measure_list.html", {"page": page})


def measure_detail(request, pk):
    measure = get_measure_for_user(request.user, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        measure = get_measure_for_user(request.user, pk, write=True)
        if form.is_valid():
            answer, text = form.cleaned_data["answer"], form.cleaned_data["text"]
            try:
                if answer == "accept":
                    transitions.accept_measure(measure=measure, by=request.user, action_plan=text)
                elif answer == "complete":
                    transitions.report_completion(measure=measure, by=request.user, completion_report=text)
                else:
                    transitions.dispute_measure(measure=measure, by=request.user, reasons=text)
            except ValidationError as error:
                _apply(form, error)
            else:
                messages.success(request, _("Your answer was sent to the AI Strategy Headquarters."))
                return redirect("incidents:measure_detail", pk=measure.pk)
    can_answer = (request.user.role == "org_admin" and request.user.organisation == measure.organisation
                  and measure.state in (Measure.State.ISSUED, Measure.State.ACCEPTED))
    return render(request, "incidents/measure_detail.html", {"measure": measure, "form": form,
                                                              "can_answer": can_answer})


# -- publication ------------------------------------------------------------------------------------


def _published_cases():
    named = NamePublication.objects.filter(state=NamePublication.State.PUBLISHED).select_related("organisation")
    return (Case.objects.published().order_by("-published_at")
            .prefetch_related(Prefetch("name_publications", queryset=named, to_attr="published_names"),
                              Prefetch("measures", queryset=Measure.objects.only("case_id", "kind"))))


@login_not_required
def published_list(request):
    page = Paginator(_published_cases(), 20).get_page(request.GET.get("page"))
    return render(request, "incidents/published_list.html", {"page": page, "stats": stats.published_statistics()})


@login_not_required
def published_detail(request, pk):
    case = _published_cases().filter(pk=pk).first()
    if case is None:
        raise Http404
    return render(request, "incidents/published_detail.html", {"case": case})

