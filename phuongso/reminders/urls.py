from __future__ import annotations

from django.urls import path

from phuongso.reminders import views

app_name = "reminders"
urlpatterns = [path("xu-ly/qua-han/", views.overdue_by_official, name="overdue")]
