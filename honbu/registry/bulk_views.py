"""Bulk import (with a dry run and progress) and export pages."""

import threading
import uuid

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import close_old_connections, connections
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from honbu.core.gates import visible_organisations
from honbu.registry import bulk
from honbu.registry.forms import SystemSearchForm
from honbu.registry.gates import visible_systems
from honbu.registry.queries import filter_organisations, filter_systems

JOB_TTL = 6 * 3600


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("Up to 50 MB. Use the template's headers, in Japanese or English."))
    dry_run = forms.BooleanField(label=_("Dry run: check every row without importing"), required=False, initial=True)


def _key(job: str) -> str:
    return f"registry:import:{job}"


def _run(job: str, content: bytes, user, dry_run: bool, filename: str) -> None:
    def progress(state, done, total):
        cache.set(_key(job), {**cache.get(_key(job), {}), "state": state, "done": done, "total": total}, JOB_TTL)

    try:
        result = bulk.run_import(content, by=user, dry_run=dry_run, filename=filename, progress=progress)
    except ValidationError as error:
        cache.set(_key(job), {"state": "failed", "message": " ".join(error.messages), "owner": user.pk}, JOB_TTL)
        return
    except Exception:
        cache.set(_key(job), {"state": "failed", "message": str(_("The import stopped because of an internal error; "
                                                                  "nothing was imported.")), "owner": user.pk}, JOB_TTL)
        raise
    cache.set(_key(job), {
        "state": "checked" if (dry_run or result.errors) else "done", "owner": user.pk, "dry_run": dry_run,
        "total": result.total, "done": result.total, "organisations": result.organisations, "systems": result.systems,
        "errors": [vars(e) for e in result.errors[:1000]], "error_count": len(result.errors),
    }, JOB_TTL)


def _in_background(job, content, user, dry_run, filename):
    try:
        _run(job, content, user, dry_run, filename)
    finally:
        connections.close_all()


def import_page(request):
    if not request.user.is_hq:
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > bulk.MAX_UPLOAD_BYTES:
            form.add_error("file", _("The file is larger than 50 MB."))
        else:
            content = upload.read()
            try:
                bulk.sniff(content)
            except ValidationError as error:
                form.add_error("file", error)
            else:
                job = uuid.uuid4().hex
                cache.set(_key(job), {"state": "queued", "owner": request.user.pk, "done": 0, "total": 0}, JOB_TTL)
                args = (job, content, request.user, form.cleaned_data["dry_run"], upload.name)
                if getattr(settings, "REGISTRY_IMPORT_IN_BACKGROUND", not settings.TESTING):
                    close_old_connections()
                    threading.Thread(target=_in_background, args=args, daemon=True).start()
                else:
                    _run(*args)
                return redirect("registry:import_status", job=job)
    return render(request, "registry/import.html", {"form": form, "template": bulk.TEMPLATE})


def import_status(request, job):
    state = cache.get(_key(job))
    if state is None or state.get("owner") != request.user.pk:
        raise Http404
    template = "registry/_import_progress.html" if request.htmx else "registry/import_status.html"
    return render(request, template, {"job": job, "state": state,
                                      "running": state["state"] in ("queued", "checking", "importing")})


def export(request):
    kind, fmt = request.GET.get("kind", "systems"), request.GET.get("format", "csv")
    if kind not in bulk.TEMPLATE or fmt not in ("csv", "xlsx", "json"):
        raise Http404
    if request.user.organisation is None and not request.user.sees_everything:
        raise PermissionDenied
    form = SystemSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if kind == "organisations":
        queryset = filter_organisations(visible_organisations(request.user).order_by("pk"), **filters)
    else:
        queryset = filter_systems(visible_systems(request.user).order_by("pk"), **filters)
    language = "en" if (get_language() or "ja").startswith("en") else "ja"
    filename = f"honbu-{kind}.{fmt}"
    if fmt == "xlsx":
        response = HttpResponse(bulk.export_xlsx(kind, queryset, language),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    elif fmt == "csv":
        response = StreamingHttpResponse(bulk.export_csv(kind, queryset, language), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(bulk.export_json(kind, queryset), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
