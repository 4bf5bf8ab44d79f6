from __future__ import annotations

from django.urls import path

from phuongso.signing import views

app_name = "signing"

urlpatterns = [
    path("", views.verify_page, name="verify"),
    path("crl/phuongso-demo.crl", views.demo_crl, name="demo_crl"),
    path("dau-thoi-gian/", views.demo_timestamp, name="demo_timestamp"),
    path("csc/v1/<path:endpoint>", views.csc_simulator, name="csc_simulator"),
    path("<uuid:token>/", views.document, name="document"),
]
