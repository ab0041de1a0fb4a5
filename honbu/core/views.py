import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from honbu.core import demo, twofactor
from honbu.core.forms import AuditFilterForm, CodeForm, InviteForm, PreferencesForm, TokenForm
from honbu.core.gates import (
    can_manage_members,
    get_api_token_for_user,
    get_membership_for_user,
    get_organisation_for_user,
)
from honbu.core.models import AuditEvent, Organisation, User
from honbu.core.plugins import dashboard_panels
from honbu.core.tokens import issue_token, revoke_token
from honbu.core.transitions import invite_member, remove_member, set_preferred_language

# Between the password and the code, the session holds who is logging in, for this many seconds at most.
SECOND_STEP = "honbu_login_second_step"
SECOND_STEP_SECONDS = 300


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

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.confirmed_device(user) is None:
            return super().form_valid(form)
        # The password was right; the person is logged in only once the code is right too.
        self.request.session[SECOND_STEP] = {
            "user": user.pk, "backend": user.backend, "at": time.time(), "next": self.get_success_url(),
        }
        return redirect("login_code")


@login_not_required
@never_cache
def login_code(request):
    """The second login step for people with two-factor authentication on."""
    step = request.session.get(SECOND_STEP)
    if not step:
        return redirect("login")
    user = User.objects.filter(pk=step["user"], is_active=True).first()
    device = twofactor.confirmed_device(user) if user else None
    if device is None or time.time() - step["at"] > SECOND_STEP_SECONDS:
        del request.session[SECOND_STEP]
        messages.error(request, _("Your login has expired. Please enter your user name and password again."))
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.check_code(device, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            del request.session[SECOND_STEP]
            auth_login(request, user, backend=step["backend"])
            otp_login(request, device)
            return redirect(step["next"])
    return render(request, "registration/login_code.html", {"form": form})


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
        # HQ managers look after the people of the secretariat and the ministries.
        context["government_organisations"] = (
            Organisation.objects.filter(kind__in=[Organisation.Kind.HQ_SECRETARIAT, Organisation.Kind.MINISTRY])
            .annotate(member_count=Count("memberships")).order_by("kind", "name_kana")
        )
    elif user.organisation and can_manage_members(user, user.organisation):
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


@never_cache
def account(request):
    user = request.user
    form = PreferencesForm(request.POST or None,
                           initial={"preferred_language": user.preferred_language or (get_language() or "ja")[:2]})
    if request.method == "POST" and form.is_valid():
        set_preferred_language(user=user, language=form.cleaned_data["preferred_language"])
        messages.success(request, _("Your preferences were saved."))
        return redirect("account")
    return render(request, "core/account.html", {
        "form": form,
        "membership": user.membership,
        "two_factor_available": twofactor.can_use_two_factor(user),
        "two_factor_on": twofactor.confirmed_device(user) is not None,
        "active_tokens": user.api_tokens.filter(revoked_at__isnull=True).count(),
    })


@never_cache
def two_factor(request):
    """Turn TOTP two-factor authentication on (enrol, then confirm with a code) or off (with a code)."""
    user = request.user
    if not twofactor.can_use_two_factor(user):
        raise Http404
    device = twofactor.confirmed_device(user)
    pending = None if device else twofactor.pending_device(user)
    form = CodeForm(request.POST or None)
    action = request.POST.get("action")
    if request.method == "POST":
        if action == "start" and device is None:
            twofactor.start_enrolment(user=user)
            return redirect("two_factor")
        change = {"confirm": (pending, twofactor.confirm_device), "remove": (device, twofactor.remove_device)}.get(action)
        if change is None or change[0] is None:
            return redirect("two_factor")
        target, transition = change
        if form.is_valid():
            try:
                transition(device=target, code=form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if action == "confirm":
                    otp_login(request, target)
                    messages.success(request, _("Two-factor authentication is on. From now on, logging in asks "
                                                "for a code from your authenticator app after your password."))
                else:
                    messages.success(request, _("Two-factor authentication is off."))
                return redirect("two_factor")
    context = {"device": device, "pending": pending, "form": form}
    if pending is not None:
        context.update(secret=twofactor.secret_of(pending), uri=pending.config_url, qr=twofactor.qr_svg(pending.config_url))
    return render(request, "core/two_factor.html", context)


@never_cache
def api_tokens(request):
    """Personal API tokens: the secret is shown once, in the response to the form that created it."""
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        token, secret = issue_token(user=request.user, name=form.cleaned_data["name"])
        created = {"token": token, "secret": secret}
        form = TokenForm()
    tokens = request.user.api_tokens.all()
    return render(request, "core/api_tokens.html", {"form": form, "tokens": tokens, "created": created})


@require_POST
def revoke_api_token(request, pk):
    token = get_api_token_for_user(request.user, pk)
    revoke_token(token=token, by=request.user)
    messages.success(request, _("The token “%(name)s” was revoked. Programs using it can no longer call the API.")
                     % {"name": token.name})
    return redirect("api_tokens")
