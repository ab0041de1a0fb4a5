from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render

from honbu.assessments import report
from honbu.assessments.forms import CheckForm


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
