"""Registry pages: sign-up, organisations, AI systems, profiles, search, import and export."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from honbu.core.gates import can_edit_organisation, get_organisation_for_user, visible_organisations
from honbu.core.models import AuditEvent, Organisation
from honbu.registry import listcache, transitions
from honbu.registry.forms import (
    ORGANISATION_FORM_FIELDS, OrganisationForm, RegistrationForm, SearchForm, SystemForm, SystemSearchForm,
    VerificationForm,
)
from honbu.registry.gates import (
    can_edit_systems_of, can_see_history, can_verify, get_public_system, get_system_for_user, visible_systems,
)
from honbu.registry.models import AISystem
from honbu.registry.pagination import page_of
from honbu.registry.queries import filter_organisations, filter_systems

# The columns the list pages show: no descriptions, search text or JSON travel for rows only named in a table.
ORGANISATION_LIST_COLUMNS = ["name_ja", "name_en", "corporate_number", "act_status", "sector", "verification"]
SYSTEM_LIST_COLUMNS = ["name_ja", "name_en", "lifecycle", "market_jp", "market_eu", "market_other",
                       "organisation__name_ja", "organisation__name_en"]


def cached_listing(kind: str, filters: dict) -> str | None:
    """The cache key of a list of everything of `kind` under these filters, at the registry's current version."""
    if not settings.REGISTRY_LIST_CACHE:
        return None
    return listcache.key(kind, listcache.current_version(kind), sorted((k, str(v)) for k, v in filters.items() if v))


def list_cache_context(listing: str | None, query: str, page, *more) -> dict:
    """What a list template needs to cache its rendered results: the key of this page of them, when cached."""
    key = listing and ":".join(map(str, [listing, query, page.number, get_language(), *more]))
    return {"results_key": key, "list_cache_seconds": listcache.TIMEOUT}


def add_errors(form, error: ValidationError) -> None:
    for field, errors in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        for message in errors:
            form.add_error(field if field in form.fields else None, message)


@login_not_required
def register(request):
    """Self-service sign-up for businesses and universities; HQ verifies afterwards."""
    if request.user.is_authenticated:
        return redirect("dashboard")
    form = RegistrationForm(request.POST or None, kinds=transitions.SELF_SERVICE_KINDS)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {name: data[name] for name in ["kind", *ORGANISATION_FORM_FIELDS]}
        try:
            organisation, user = transitions.register_organisation(
                fields=fields, admin_email=data["admin_email"], admin_name=data["admin_name"], password=data["password"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            login(request, user, backend="honbu.core.backends.MembershipBackend")
            messages.success(request, _("Your organisation is registered. The Headquarters will verify it shortly."))
            return redirect("registry:organisation", pk=organisation.pk)
    return render(request, "registry/register.html", {"form": form})


def organisation_list(request):
    if not request.user.sees_everything:
        if request.user.organisation is None:
            raise PermissionDenied
        return redirect("registry:organisation", pk=request.user.organisation.pk)
    form = SearchForm(request.GET or None)
    organisations = visible_organisations(request.user).only(*ORGANISATION_LIST_COLUMNS).order_by("-id")
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = filter_organisations(organisations, **filters)
    verification = request.GET.get("verification")
    if verification in Organisation.Verification.values:
        organisations = organisations.filter(verification=verification)
        filters = {**filters, "verification": verification}
    listing = cached_listing("organisations", filters)  # only HQ and liaisons get here, and they see everything
    page, query = page_of(request, organisations, count_key=listing, counted=not filters.get("q"))
    return render(request, "registry/organisation_list.html", {
        "form": form, "page": page, "query": query, "can_create": request.user.is_hq,
        "verification": verification, "verification_choices": Organisation.Verification.choices,
        **list_cache_context(listing, query, page, request.user.is_hq),  # HQ also sees "record an organisation"
    })


def organisation_detail(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    systems = visible_systems(request.user).filter(organisation=organisation).order_by("-id")[:50]
    return render(request, "registry/organisation_detail.html", {
        "organisation": organisation, "systems": systems,
        "can_edit": can_edit_organisation(request.user, organisation),
        "can_verify": can_verify(request.user), "verification_form": VerificationForm(),
        "can_see_history": can_see_history(request.user, organisation),
        "can_add_system": can_edit_systems_of(request.user, organisation),
    })


def organisation_create(request):
    if not request.user.is_hq:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ["kind", *ORGANISATION_FORM_FIELDS]}
        try:
            organisation = transitions.create_organisation(fields=fields, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The organisation was recorded."))
            return redirect("registry:organisation", pk=organisation.pk)
    return render(request, "registry/organisation_form.html", {"form": form, "creating": True})


def organisation_edit(request, pk):
    organisation = get_organisation_for_user(request.user, pk, write=True)
    kinds = None if request.user.is_hq else {organisation.kind}
    form = OrganisationForm(request.POST or None, instance=organisation, kinds=kinds)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ["kind", *ORGANISATION_FORM_FIELDS]}
        try:
            transitions.update_organisation(organisation=organisation, by=request.user, fields=fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("registry:organisation", pk=organisation.pk)
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": organisation})


@require_POST
def organisation_verify(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    if not can_verify(request.user):
        raise PermissionDenied
    form = VerificationForm(request.POST)
    if form.is_valid():
        try:
            if form.cleaned_data["decision"] == "verify":
                transitions.verify_organisation(organisation=organisation, by=request.user,
                                                note=form.cleaned_data["reason"])
                messages.success(request, _("The organisation is now verified."))
            else:
                transitions.reject_organisation(organisation=organisation, by=request.user,
                                                reason=form.cleaned_data["reason"])
                messages.success(request, _("The organisation was turned down and told why."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("registry:organisation", pk=organisation.pk)
    systems = visible_systems(request.user).filter(organisation=organisation).order_by("-id")[:50]
    return render(request, "registry/organisation_detail.html", {
        "organisation": organisation, "systems": systems, "can_verify": True, "verification_form": form,
        "can_edit": can_edit_organisation(request.user, organisation), "can_see_history": True,
        "can_add_system": True,
    }, status=400)


def organisation_history(request, pk):
    organisation = get_organisation_for_user(request.user, pk)
    if not can_see_history(request.user, organisation):
        raise PermissionDenied
    system_ids = [str(pk) for pk in organisation.ai_systems.values_list("pk", flat=True)]
    events = AuditEvent.objects.select_related("actor").filter(
        Q(object_type="core.organisation", object_id=str(organisation.pk))
        | Q(object_type="registry.aisystem", object_id__in=system_ids)
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "registry/organisation_history.html", {"organisation": organisation, "page": page})


def system_list(request):
    if request.user.organisation is None and not request.user.sees_everything:
        raise PermissionDenied
    form = SystemSearchForm(request.GET or None)
    systems = visible_systems(request.user).only(*SYSTEM_LIST_COLUMNS).order_by("-id")
    filters = form.cleaned_data if form.is_valid() else {}
    systems = filter_systems(systems, **filters)
    # Only the lists of everything are cached: a business's own list is short, and cheap to read afresh.
    listing = cached_listing("systems", filters) if request.user.sees_everything else None
    page, query = page_of(request, systems, count_key=listing, counted=not filters.get("q"))
    organisation = request.user.organisation
    return render(request, "registry/system_list.html", {
        "form": form, "page": page, "query": query,
        **list_cache_context(listing, query, page),
        "can_add": organisation is not None and not request.user.sees_everything
        and can_edit_systems_of(request.user, organisation),
    })


def system_create(request, organisation_pk):
    organisation = get_organisation_for_user(request.user, organisation_pk)
    if not can_edit_systems_of(request.user, organisation):
        raise PermissionDenied
    form = SystemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SystemForm.Meta.fields}
        try:
            system = transitions.create_system(organisation=organisation, by=request.user, fields=fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The AI system was added."))
            return redirect("registry:system", pk=system.pk)
    return render(request, "registry/system_form.html", {"form": form, "organisation": organisation})


def system_detail(request, pk):
    system = get_system_for_user(request.user, pk)
    profiles = system.profiles.select_related("created_by").order_by("-version")
    return render(request, "registry/system_detail.html", {
        "system": system, "profiles": profiles, "can_edit": can_edit_systems_of(request.user, system.organisation),
    })


def system_edit(request, pk):
    system = get_system_for_user(request.user, pk, write=True)
    form = SystemForm(request.POST or None, instance=system)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SystemForm.Meta.fields}
        try:
            transitions.update_system(system=system, by=request.user, fields=fields)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("registry:system", pk=system.pk)
    return render(request, "registry/system_form.html", {"form": form, "organisation": system.organisation,
                                                          "system": system})


@login_not_required
def public_systems(request):
    form = SystemSearchForm(request.GET or None)
    systems = (AISystem.objects.public().select_related("organisation")
               .only(*SYSTEM_LIST_COLUMNS, "description_ja", "description_en").order_by("-id"))
    filters = form.cleaned_data if form.is_valid() else {}
    systems = filter_systems(systems, **filters)
    page, query = page_of(request, systems, counted=not filters.get("q"))
    return render(request, "registry/public_systems.html", {"form": form, "page": page, "query": query})


@login_not_required
def public_system(request, pk):
    return render(request, "registry/public_system.html", {"system": get_public_system(pk)})
