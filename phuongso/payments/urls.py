from __future__ import annotations

from django.urls import path

from phuongso.payments import views

app_name = "payments"
urlpatterns = [
    path("ho-so/<int:pk>/", views.pay, name="pay"),
    path("ket-qua/", views.back_from_gateway, name="return"),
    path("hoan-tien/<int:pk>/", views.refunded, name="refunded"),
    path("ipn/", views.ipn, name="ipn"),
    path("cong-mo-phong/", views.gateway_simulator, name="simulator"),
]
