from django.urls import path

from honbu.registry import bulk_views, profile_views, views

app_name = "registry"

urlpatterns = [
    path("register/", views.register, name="register"),
    path("registry/organisations/", views.organisation_list, name="organisations"),
    path("registry/organisations/new/", views.organisation_create, name="organisation_create"),
    path("registry/organisations/<int:pk>/", views.organisation_detail, name="organisation"),
    path("registry/organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("registry/organisations/<int:pk>/verification/", views.organisation_verify, name="organisation_verify"),
    path("registry/organisations/<int:pk>/history/", views.organisation_history, name="organisation_history"),
    path("registry/organisations/<int:organisation_pk>/systems/new/", views.system_create, name="system_create"),
    path("registry/systems/", views.system_list, name="systems"),
    path("registry/systems/<int:pk>/", views.system_detail, name="system"),
    path("registry/systems/<int:pk>/edit/", views.system_edit, name="system_edit"),
    path("registry/systems/<int:pk>/profile/", profile_views.profile_overview, name="profile"),
    path("registry/systems/<int:pk>/profile/submit/", profile_views.profile_submit, name="profile_submit"),
    path("registry/systems/<int:pk>/profile/import/", profile_views.profile_import, name="profile_import"),
    path("registry/systems/<int:pk>/profile/export.<str:fmt>", profile_views.profile_export, name="profile_export"),
    path("registry/systems/<int:pk>/profile/versions/<int:version>/", profile_views.profile_version,
         name="profile_version"),
    path("registry/systems/<int:pk>/profile/<slug:section>/", profile_views.profile_section, name="profile_section"),
    path("registry/import/", bulk_views.import_page, name="import"),
    path("registry/import/<uuid:job>/", bulk_views.import_status, name="import_status"),
    path("registry/export/", bulk_views.export, name="export"),
    path("public/systems/", views.public_systems, name="public_systems"),
    path("public/systems/<int:pk>/", views.public_system, name="public_system"),
]
