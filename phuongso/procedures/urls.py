from __future__ import annotations

from django.urls import path

from phuongso.procedures import views

app_name = "procedures"
urlpatterns = [
    path("thu-tuc/", views.catalogue, name="catalogue"),
    path("thu-tuc/quan-ly/", views.manage, name="manage"),
    path("thu-tuc/quan-ly/tai-xuong/", views.export_workbook, name="export"),
    path("thu-tuc/<str:national_code>/", views.procedure_detail, name="detail"),
]
