from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from honbu.api import api

urlpatterns = [
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("api/v1/", api.urls),
    path("laws/", include("honbu.laws.urls")),
    path("assessments/", include("honbu.assessments.urls")),
    path("", include("honbu.registry.urls")),
    path("incidents/", include("honbu.incidents.urls")),
    path("", include("honbu.core.urls")),
]
