from django.urls import path

from honbu.assessments import views

app_name = "assessments"
urlpatterns = [
    path("check/", views.check, name="check"),
    path("systems/<int:pk>/", views.system_assessment, name="system"),
    path("systems/<int:pk>/assess/", views.assess_now, name="assess_now"),
    path("systems/<int:pk>/report.pdf", views.system_assessment_pdf, name="system_pdf"),
    path("inventory/", views.inventory, name="inventory"),
    path("inventory/runs/", views.start_reassessment, name="start_reassessment"),
    path("inventory/runs/<int:pk>/", views.run_progress, name="run_progress"),
]
