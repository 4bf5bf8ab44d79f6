from __future__ import annotations

from django.urls import path

from phuongso.resolution import views

app_name = "resolution"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("toan-tinh/", views.province, name="province"),
    path("chi-tieu/<int:pk>/", views.indicator, name="indicator"),
    path("chi-tieu/<int:pk>/nhap-so-lieu/", views.enter_actual, name="enter_actual"),
    path("chi-tieu/<int:pk>/lo-trinh/", views.edit_path, name="edit_path"),
    path("chi-tieu/<int:pk>/ban-ghi/", views.records, name="records"),
    path("so-lieu/<int:pk>/xac-nhan/", views.verify_actual, name="verify_actual"),
    path("chuong-trinh/<int:pk>/", views.programme, name="programme"),
    path("ke-hoach/<int:pk>/", views.plan, name="plan"),
    path("ke-hoach/<int:pk>/giao-nhiem-vu/", views.create_task, name="create_task"),
    path("nhiem-vu/<int:pk>/", views.task, name="task"),
    path("nhiem-vu/<int:pk>/bao-cao-tien-do/", views.report_progress, name="report_progress"),
    path("don-vi/<int:pk>/", views.unit, name="unit"),
    path("bao-cao/", views.report_page, name="report"),
    path("bao-cao/tai-xuong/", views.report_download, name="report_download"),
    path("minh-chung/<int:pk>/", views.evidence, name="evidence"),
]
