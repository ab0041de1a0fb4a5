from .gates import can_work_cases
from .models import Case, Measure, Report


def panels(request) -> list[dict]:
    user = request.user
    if can_work_cases(user):
        return [{"template": "incidents/panel_staff.html",
                 "untriaged": Report.objects.untriaged().count(),
                 "open_cases": Case.objects.exclude(state=Case.State.CLOSED).count(),
                 "my_cases": Case.objects.filter(assignee=user).exclude(state=Case.State.CLOSED).count()}]
    if user.organisation is None:
        return []
    measures = list(Measure.objects.for_organisation(user.organisation).open().select_related("case")[:10])
    return [{"template": "incidents/panel_measures.html", "measures": measures}]
