from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phuongso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self) -> None:
        from phuongso.accounts import signals  # noqa: F401  (session length, sign-in failures)
