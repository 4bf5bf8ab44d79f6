from __future__ import annotations

from django.urls import path

from phuongso.quality import views

app_name = "quality"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chi-so/<slug:slug>/", views.drill, name="drill"),
    path("so-lieu/<slug:key>/", views.count_drill, name="count"),
    path("xuat-excel/", views.export, name="export"),
    path("toan-tinh/", views.province, name="province"),
]
