from __future__ import annotations

from django.urls import path

from phuongso.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("quyen-rieng-tu/", views.privacy, name="privacy"),
]
