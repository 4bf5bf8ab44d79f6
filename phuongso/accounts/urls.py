from __future__ import annotations

from django.contrib.auth.views import LogoutView
from django.urls import path

from phuongso.accounts import views
from phuongso.core.access import public, signed_in

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", public(views.SignInView.as_view()), name="login"),
    path("dang-xuat/", signed_in(LogoutView.as_view()), name="logout"),
    path("dang-ky/", views.register, name="register"),
    path("dang-ky/xac-minh/", views.register_confirm, name="register_confirm"),
    path("tai-khoan/xac-minh-so-dien-thoai/", views.verify_phone, name="verify_phone"),
    path("quen-mat-khau/", views.password_link, name="password_link"),
    path(
        "dat-mat-khau/<uidb64>/<token>/",
        public(views.PasswordSetView.as_view()),
        name="password_set",
    ),
    path("tai-khoan/", views.after_login, name="after_login"),
    path("can-bo/", views.staff_home, name="staff_home"),
]
