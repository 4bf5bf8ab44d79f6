from __future__ import annotations

from django.contrib.auth.views import LogoutView
from django.urls import path

from phuongso.accounts import personal_data_views, two_factor_views, views
from phuongso.accounts.middleware import second_factor_page
from phuongso.core.access import public, signed_in

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", public(views.SignInView.as_view()), name="login"),
    path("dang-xuat/", second_factor_page(signed_in(LogoutView.as_view())), name="logout"),
    path(
        "tai-khoan/xac-thuc-hai-lop/thiet-lap/",
        two_factor_views.enrol,
        name="enrol_second_factor",
    ),
    path("tai-khoan/xac-thuc-hai-lop/", two_factor_views.verify, name="verify_second_factor"),
    path(
        "tai-khoan/xac-thuc-hai-lop/ma-du-phong/",
        two_factor_views.new_recovery_codes,
        name="recovery_codes",
    ),
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
    path("tai-khoan/du-lieu-cua-toi/", personal_data_views.my_data, name="my_data"),
    path(
        "tai-khoan/du-lieu-cua-toi/tai-ve.json",
        personal_data_views.my_data_json,
        name="my_data_json",
    ),
    path(
        "tai-khoan/du-lieu-cua-toi/tai-ve.pdf",
        personal_data_views.my_data_pdf,
        name="my_data_pdf",
    ),
    path("can-bo/", views.staff_home, name="staff_home"),
]
