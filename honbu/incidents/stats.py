"""Statistics for the portal: only published cases and counts that identify nobody."""

from django.db.models import Count

from .models import Case, HarmKind, Measure, Report, Severity, decode_codes


def published_statistics() -> dict:
    cases = Case.objects.published()
    harm_counts = {code: 0 for code in HarmKind.values}
    for harms in cases.values_list("harms", flat=True):
        for code in decode_codes(harms):
            if code in harm_counts:
                harm_counts[code] += 1
    severity = dict(cases.exclude(severity="").values_list("severity").annotate(n=Count("pk")))
    measures = dict(Measure.objects.filter(case__in=cases).values_list("kind").annotate(n=Count("pk")))
    return {
        "reports_received": Report.objects.count(),
        "cases_published": cases.count(),
        "by_harm": [{"code": code, "label": HarmKind(code).label, "count": n} for code, n in harm_counts.items()],
        "by_severity": [{"code": code, "label": label, "count": severity.get(code, 0)} for code, label in Severity.choices],
        "measures": [{"code": code, "label": label, "count": measures.get(code, 0)} for code, label in Measure.Kind.choices],
    }
