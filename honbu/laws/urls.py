from django.urls import path

from honbu.laws import views

app_name = "laws"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:key>/", views.law_detail, name="law"),
    path("<slug:key>/<slug:slug>/", views.provision, name="provision"),
]
