from datetime import timedelta

from django.utils import timezone

from honbu.assessments.models import Assessment


def panels(request) -> list[dict]:
    user = request.user
    if user.sees_everything:
        return [{"template": "assessments/_panel_hq.html",
                 "high": Assessment.objects.current().filter(eu_tier="high").count(),
                 "prohibited": Assessment.objects.current().filter(eu_tier="prohibited").count()}]
    if user.organisation is None:
        return []
    recent = (Assessment.objects.current().filter(system__organisation=user.organisation,
                                                 created_at__gte=timezone.now() - timedelta(days=30))
              .select_related("system").order_by("-created_at")[:10])
    return [{"template": "assessments/_panel_org.html", "recent": recent}]
