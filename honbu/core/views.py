from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from honbu.core import demo
from honbu.core.forms import AuditFilterForm, InviteForm
from honbu.core.gates import can_manage_members, get_membership_for_user, get_organisation_for_user
from honbu.core.models import AuditEvent, Organisation
from honbu.core.plugins import dashboard_panels
from honbu.core.transitions import invite_member, remove_member


@login_not_required
def csrf_failure(request, reason=""):
    """A failed CSRF check (usually an expired form) gets our page in the active language, not Django's."""
    if request.path_info.startswith("/api/"):
        body = {"error": {"status": 403, "code": "forbidden", "message": _("CSRF verification failed.")}}
        return JsonResponse(body, status=403)
    return render(request, "403_csrf.html", status=403)


@login_not_required
def home(request):
    if request.user.is_authenticated:
        return redirect("dashboard")
    return render(request, "core/home.html")


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = demo.ACCOUNTS if settings.DEMO else []
        context["demo_password"] = demo.PASSWORD
        return context


def dashboard(request):
    user = request.user
    context = {"membership": user.membership}
    if user.sees_everything:
        context["organisation_counts"] = {
            "total": Organisation.objects.count(),
            "pending": Organisation.objects.filter(verification=Organisation.Verification.PENDING).count(),
        }
    if user.is_hq_manager:
        context["recent_events"] = AuditEvent.objects.select_related("actor")[:8]
    if user.organisation and can_manage_members(user, user.organisation):
        context["can_manage_members"] = True
    context["panels"] = dashboard_panels(request)
    return render(request, "core/dashboard.html", context)


def organisation_detail(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    return render(request, "core/organisation_detail.html", {
        "organisation": organisation,
        "can_manage_members": can_manage_members(request.user, organisation),
    })


def members(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    if not can_manage_members(request.user, organisation):
        raise PermissionDenied
    form = InviteForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            invite_member(organisation=organisation, by=request.user, request=request, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The invitation was sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("members", pk=organisation.pk)
    memberships = organisation.memberships.select_related("user").order_by("user__username")
    return render(request, "core/members.html", {"organisation": organisation, "memberships": memberships, "form": form})


@require_POST
def remove_membership(request, pk):
    membership = get_membership_for_user(request.user, pk)
    organisation = membership.organisation
    try:
        remove_member(membership=membership, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s no longer belongs to this organisation.") % {"name": membership.user})
    return redirect("members", pk=organisation.pk)


def audit_log(request):
    if not request.user.is_hq_manager:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    events = AuditEvent.objects.select_related("actor")
    if form.is_valid():
        events = form.filter(events)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_log.html", {"form": form, "page": page, "query": query.urlencode()})
