from django.conf import settings

from honbu.core.plugins import navigation


def honbu(request):
    user = getattr(request, "user", None)
    return {"DEMO": settings.DEMO, "nav_items": navigation(user) if user is not None else []}
