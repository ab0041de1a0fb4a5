from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import honbu.rulebook as rulebook
from honbu.assessments import pdf, report
from honbu.assessments.compare import changes
from honbu.assessments.evaluate import covered_range
from honbu.assessments.forms import CheckForm
from honbu.assessments.models import Assessment, ReassessmentRun
from honbu.assessments.transitions import assess_system, latest_submitted_profile, request_reassessment
from honbu.registry.gates import can_edit_systems_of, get_system_for_user
from honbu.registry.models import AISystem


@login_not_required
def check(request):
    """Assess a profile without registering anything: paste or upload, see both jurisdictions side by side."""
    form = CheckForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST":
        if form.is_valid():
            context["report"] = report.build(form.result)
        else:
            context["profile_errors"] = getattr(form, "profile_errors", {})
    return render(request, "assessments/check.html", context)


def _as_of(request):
    start, end = covered_range()
    try:
        chosen = parse_date(request.GET.get("as_of") or "") or timezone.localdate()
    except ValueError:  # well-formed but impossible, such as 2026-13-45
        chosen = timezone.localdate()
    return min(max(chosen, start), end), (start, end)


def system_assessment(request, pk):
    """The side-by-side page for a registered system: its latest submitted profile, for any date."""
    system = get_system_for_user(request.user, pk)
    profile = latest_submitted_profile(system)
    as_of, (start, end) = _as_of(request)
    saved = list(system.assessments.select_related("profile", "created_by")[:20])
    context = {
        "system": system, "profile": profile, "as_of": as_of, "covered": (start, end), "saved": saved,
        "can_edit": can_edit_systems_of(request.user, system.organisation),
    }
    if profile is not None:
        context["report"] = report.build(rulebook.assess(profile.data, as_of=as_of))
    if len(saved) >= 2:
        context["changes"] = changes(saved[1].result, saved[0].result)
    return render(request, "assessments/system.html", context)


def system_assessment_pdf(request, pk):
    """The same report as a PDF file, for the record or for people without access to honbu."""
    system = get_system_for_user(request.user, pk)
    profile = latest_submitted_profile(system)
    if profile is None:
        raise Http404
    as_of, _covered = _as_of(request)
    built = report.build(rulebook.assess(profile.data, as_of=as_of))
    subtitle = _("%(organisation)s — profile version %(version)s") % {"organisation": system.organisation, "version": profile.version}
    content = pdf.render(built, title=system.name, subtitle=subtitle)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="honbu-assessment-{system.pk}-{as_of.isoformat()}.pdf"'
    return response


@require_POST
def assess_now(request, pk):
    system = get_system_for_user(request.user, pk, write=True)
    assessment = assess_system(system=system, by=request.user)
    if assessment is None:
        messages.error(request, _("Submit the system's profile first: only a submitted profile is assessed."))
    else:
        messages.success(request, _("The assessment is up to date."))
    return redirect("assessments:system", pk=system.pk)


def inventory(request):
    """HQ's view across the registry: systems per EU tier and per Japanese role, and re-assessment runs."""
    if not request.user.sees_everything:
        raise PermissionDenied
    current = Assessment.objects.current()
    tiers = dict(current.values_list("eu_tier").annotate(n=Count("pk")).order_by())
    systems = AISystem.objects.aggregate(
        total=Count("pk"), developer=Count("pk", filter=Q(is_developer=True)),
        provider=Count("pk", filter=Q(is_provider=True)), business_user=Count("pk", filter=Q(is_business_user=True)),
    )
    act_status = list(AISystem.objects.values("organisation__act_status").annotate(n=Count("pk")).order_by("-n"))
    tier_rows = [(key, report.EU_TIERS[key or None], tiers.get(key, 0))
                 for key in ("prohibited", "high", "limited", "minimal", "out_of_scope", "")]
    return render(request, "assessments/inventory.html", {
        "tier_rows": tier_rows, "assessed": sum(tiers.values()), "systems": systems, "act_status": act_status,
        "runs": ReassessmentRun.objects.select_related("requested_by")[:5], "can_run": request.user.is_hq,
        "status_labels": dict(AISystem._meta.get_field("organisation").related_model.ActStatus.choices),
    })


@require_POST
def start_reassessment(request):
    if not request.user.is_hq:
        raise PermissionDenied
    if ReassessmentRun.objects.filter(state__in=[ReassessmentRun.State.QUEUED, ReassessmentRun.State.RUNNING]).exists():
        messages.error(request, _("A re-assessment is already running."))
    else:
        request_reassessment(by=request.user)
        messages.success(request, _("The registry will be re-assessed in the background."))
    return redirect("assessments:inventory")


def run_progress(request, pk):
    if not request.user.sees_everything:
        raise PermissionDenied
    run = get_object_or_404(ReassessmentRun, pk=pk)
    return render(request, "assessments/_run.html", {"run": run})
