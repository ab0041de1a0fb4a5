"""The profile questionnaire in the browser, its versions, export and import."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from honbu.registry import profiles, questionnaire, transitions
from honbu.registry.gates import can_edit_systems_of, get_system_for_user


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Profile file (JSON or YAML)"))


def current_data(system) -> tuple[dict, object]:
    latest = system.latest_profile()
    return (latest.data if latest else questionnaire.initial_profile(system)), latest


def profile_overview(request, pk):
    system = get_system_for_user(request.user, pk)
    data, latest = current_data(system)
    sections = [s for s in questionnaire.sections(data) if s.applies(data)]
    return render(request, "registry/profile_overview.html", {
        "system": system, "latest": latest, "sections": sections,
        "versions": system.profiles.select_related("created_by").order_by("-version"),
        "can_edit": can_edit_systems_of(request.user, system.organisation), "import_form": ImportForm(),
    })


def applying_sections(data: dict) -> list:
    """The sections that apply to these answers, in order: the numbered links between them, and "continue"."""
    return [s for s in questionnaire.sections(data) if s.applies(data)]


def profile_section(request, pk, section):
    system = get_system_for_user(request.user, pk, write=request.method == "POST")
    data, latest = current_data(system)
    current = questionnaire.section_named(section, data)
    if current is None:
        raise Http404
    if request.method == "POST":
        new = questionnaire.apply_answers(data, current, request.POST)  # parsing marks bad answers on `current`
        bad = {q.key: q.error for q in current.questions if q.error}
        current = questionnaire.section_named(section, new)
        for question in current.questions:
            question.error = bad.get(question.key, "")
        if request.htmx and request.POST.get("_preview"):
            # Progressive reveal: show the follow-ups these answers open, without saving, and say how many
            # questions the section now has in a live region, for people who cannot see them appear.
            return render(request, "registry/_profile_questions.html", {
                "system": system, "section": current, "data": new, "preview": True,
                "question_count": len(current.visible_questions(new))})
        if bad:
            return render(request, "registry/profile_section.html", {
                "system": system, "section": current, "data": new, "nav": applying_sections(data)}, status=400)
        if new != data or latest is None:
            transitions.save_profile(system=system, by=request.user, data=new, schema_id=questionnaire.SCHEMA_ID)
            messages.success(request, _("Your answers were saved as a draft."))
        keys = [s.key for s in applying_sections(new)]
        if "next" in request.POST and section in keys and keys.index(section) + 1 < len(keys):
            return redirect("registry:profile_section", pk=system.pk, section=keys[keys.index(section) + 1])
        if "next" in request.POST:
            return redirect("registry:profile", pk=system.pk)
        return redirect("registry:profile_section", pk=system.pk, section=section)
    return render(request, "registry/profile_section.html", {
        "system": system, "section": current, "data": data, "nav": applying_sections(data),
    })


@require_POST
def profile_submit(request, pk):
    system = get_system_for_user(request.user, pk, write=True)
    data, latest = current_data(system)
    errors = questionnaire.validate(data)
    if errors:
        titles = questionnaire.question_titles()
        problems = [{"path": path, "title": titles.get(path, path), "message": message,
                     "section": path.split(".")[0]}
                    for path, message in questionnaire.errors_by_path(errors).items()]
        return render(request, "registry/profile_errors.html", {"system": system, "problems": problems}, status=400)
    transitions.save_profile(system=system, by=request.user, data=data, schema_id=questionnaire.SCHEMA_ID, submit=True)
    messages.success(request, _("The profile was submitted."))
    return redirect("registry:profile", pk=system.pk)


def profile_version(request, pk, version):
    system = get_system_for_user(request.user, pk)
    profile = system.profiles.filter(version=version).select_related("created_by").first()
    if profile is None:
        raise Http404
    sections = [s for s in questionnaire.sections(profile.data) if any(q.value is not None for q in s.questions)]
    return render(request, "registry/profile_version.html", {"system": system, "profile": profile, "sections": sections})


def profile_export(request, pk, fmt):
    if fmt not in ("json", "yaml"):
        raise Http404
    system = get_system_for_user(request.user, pk)
    version = request.GET.get("version")
    profiles_qs = system.profiles.order_by("-version")
    profile = profiles_qs.filter(version=version).first() if version and version.isdigit() else profiles_qs.first()
    if profile is None:
        raise Http404
    content_type = "application/yaml" if fmt == "yaml" else "application/json"
    response = HttpResponse(profiles.dump(profile.data, fmt), content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="system-{system.pk}-profile-v{profile.version}.{fmt}"'
    return response


@require_POST
def profile_import(request, pk):
    system = get_system_for_user(request.user, pk, write=True)
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            data = profiles.parse(form.cleaned_data["file"].read(profiles.MAX_PROFILE_BYTES + 1))
        except ValidationError as error:
            titles = questionnaire.question_titles()
            problems = [{"path": path, "title": titles.get(path, path), "message": " ".join(messages_),
                         "section": path.split(".")[0] if path in titles else ""}
                        for path, messages_ in error.message_dict.items()]
            return render(request, "registry/profile_errors.html", {"system": system, "problems": problems,
                                                                    "importing": True}, status=400)
        transitions.save_profile(system=system, by=request.user, data=data, schema_id=questionnaire.SCHEMA_ID,
                                 source="import")
        messages.success(request, _("The profile was imported as a new draft version."))
        return redirect("registry:profile", pk=system.pk)
    return render(request, "registry/profile_errors.html", {"system": system, "importing": True, "problems": [
        {"path": "file", "title": _("File"), "message": " ".join(form.errors.get("file", [])), "section": ""}]},
        status=400)
