from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phuongso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và vai trò"
