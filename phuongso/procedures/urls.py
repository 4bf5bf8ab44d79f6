from __future__ import annotations

from django.urls import path

from phuongso.procedures import views

app_name = "procedures"
urlpatterns = [
    path("thu-tuc/", views.catalogue, name="catalogue"),
]
