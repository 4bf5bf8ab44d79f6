from __future__ import annotations

from django.urls import path

from phuongso.feedback import views

app_name = "feedback"
urlpatterns = [
    # Anyone
    path("", views.report_list, name="list"),
    path("so-lieu/", views.figures_page, name="figures"),
    path("gui/", views.submit, name="submit"),
    path("da-gui/", views.submitted, name="submitted"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/anh/<int:photo_pk>/", views.photo, name="photo"),
    path("<int:pk>/theo-doi/", views.follow, name="follow"),
    # The reporter
    path("cua-toi/", views.my_reports, name="my_reports"),
    path("cua-toi/<int:pk>/", views.my_report, name="my_report"),
    path("cua-toi/<int:pk>/thao-tac/<str:action>/", views.citizen_action, name="citizen_action"),
    # Officials
    path("xu-ly/", views.inbox, name="inbox"),
    path("xu-ly/hop/<str:box>/", views.inbox, name="inbox_box"),
    path("xu-ly/<int:pk>/", views.desk_report, name="desk_report"),
    path("xu-ly/<int:pk>/thao-tac/<str:action>/", views.act, name="act"),
]
