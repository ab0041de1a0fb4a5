"""Bulk import (with a dry run and progress; the background worker does the work) and export pages."""

from django import forms
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from honbu.core.gates import visible_organisations
from honbu.registry import bulk
from honbu.registry.forms import SystemSearchForm
from honbu.registry.gates import visible_systems
from honbu.registry.models import ImportRun
from honbu.registry.queries import filter_organisations, filter_systems
from honbu.registry.tasks import import_file, progress_key


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or Excel file"), help_text=_("Up to 50 MB. Use the template's headers, in Japanese or English."))
    dry_run = forms.BooleanField(label=_("Dry run: check every row without importing"), required=False, initial=True)


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
                run = ImportRun.objects.create(requested_by=request.user, language=get_language(), content=content,
                                               filename=upload.name[:200], dry_run=form.cleaned_data["dry_run"])
                transaction.on_commit(lambda: import_file.enqueue(str(run.pk)))
                return redirect("registry:import_status", job=run.pk)
    return render(request, "registry/import.html", {"form": form, "template": bulk.TEMPLATE})


def import_status(request, job):
    run = ImportRun.objects.filter(pk=job, requested_by=request.user).defer("content").first()
    if run is None:
        raise Http404
    if run.running and (counted := cache.get(progress_key(run.pk))):  # rows counted so far, when the cache is shared
        run.done, run.total = counted["done"], counted["total"]
    template = "registry/_import_progress.html" if request.htmx else "registry/import_status.html"
    return render(request, template, {"job": run.pk, "state": run, "running": run.running})


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
