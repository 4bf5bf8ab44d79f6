from __future__ import annotations

from django.urls import path

from phuongso.feedback.views import citizen, desk, public

app_name = "feedback"
urlpatterns = [
    # Anyone
    path("", public.report_list, name="list"),
    path("so-lieu/", public.figures_page, name="figures"),
    path("gui/", citizen.submit, name="submit"),
    path("da-gui/", citizen.submitted, name="submitted"),
    path("<int:pk>/", public.report_detail, name="detail"),
    path("<int:pk>/anh/<int:photo_pk>/", public.photo, name="photo"),
    path("<int:pk>/theo-doi/", public.follow, name="follow"),
    # The reporter
    path("cua-toi/", citizen.my_reports, name="my_reports"),
    path("cua-toi/<int:pk>/", citizen.my_report, name="my_report"),
    path("cua-toi/<int:pk>/thao-tac/<str:action>/", citizen.citizen_action, name="citizen_action"),
    # Officials
    path("xu-ly/", desk.inbox, name="inbox"),
    path("xu-ly/hop/<str:box>/", desk.inbox, name="inbox_box"),
    path("xu-ly/<int:pk>/", desk.desk_report, name="desk_report"),
    path("xu-ly/<int:pk>/thao-tac/<str:action>/", desk.act, name="act"),
]
