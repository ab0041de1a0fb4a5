from django.urls import path

from . import views

app_name = "incidents"

urlpatterns = [
    path("report/", views.report_new, name="report_new"),
    path("report/choices/", views.choices, name="choices"),
    path("report/sent/", views.report_sent, name="report_sent"),
    path("receipt/", views.receipt, name="receipt"),
    path("my-reports/", views.my_reports, name="my_reports"),
    path("triage/", views.triage, name="triage"),
    path("triage/merge/", views.merge, name="merge"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/claim/", views.report_claim, name="report_claim"),
    path("reports/<int:pk>/out-of-scope/", views.report_out_of_scope, name="report_out_of_scope"),
    path("reports/<int:pk>/system/", views.report_link_system, name="report_link_system"),
    path("reports/<int:pk>/refer/", views.report_refer, name="report_refer"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/move/<slug:move>/", views.case_move, name="case_move"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("cases/<int:pk>/assign/", views.case_assign, name="case_assign"),
    path("cases/<int:pk>/notes/", views.case_note, name="case_note"),
    path("cases/<int:pk>/analysis/", views.case_analysis, name="case_analysis"),
    path("cases/<int:pk>/measures/", views.case_measure, name="case_measure"),
    path("cases/<int:pk>/systems/", views.case_system_add, name="case_system_add"),
    path("cases/<int:pk>/systems/<int:system_pk>/remove/", views.case_system_remove, name="case_system_remove"),
    path("cases/<int:pk>/split/<int:report_pk>/", views.case_split, name="case_split"),
    path("cases/<int:pk>/publish/", views.case_publish, name="case_publish"),
    path("cases/<int:pk>/names/", views.case_name_approve, name="case_name_approve"),
    path("cases/<int:pk>/names/<int:publication_pk>/publish/", views.case_name_publish, name="case_name_publish"),
    path("measures/", views.measure_list, name="measure_list"),
    path("measures/<int:pk>/", views.measure_detail, name="measure_detail"),
    path("published/", views.published_list, name="published_list"),
    path("published/<int:pk>/", views.published_detail, name="published_detail"),
]
