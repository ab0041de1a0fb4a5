from django.urls import path

from honbu.registry import views

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
    path("public/systems/", views.public_systems, name="public_systems"),
    path("public/systems/<int:pk>/", views.public_system, name="public_system"),
]
