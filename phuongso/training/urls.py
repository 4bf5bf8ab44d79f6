from __future__ import annotations

from django.urls import path

from phuongso.training import views

app_name = "training"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("can-hoc/", views.needs, name="needs"),
    path("khoa-hoc/<int:pk>/", views.course_detail, name="course"),
    path("can-bo/<int:pk>/", views.official_detail, name="official"),
    path("cua-toi/", views.my_training, name="mine"),
    path("chung-nhan/<int:pk>/", views.certificate, name="certificate"),
]
