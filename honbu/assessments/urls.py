from django.urls import path

from honbu.assessments import views

app_name = "assessments"
urlpatterns = [
    path("check/", views.check, name="check"),
]
