from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "phuongso.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và vai trò"

    def ready(self) -> None:
        from phuongso.accounts import signals  # (forgets cached users)

        signals.connect_second_factor_signals()
