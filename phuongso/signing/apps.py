from __future__ import annotations

from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "phuongso.signing"
    label = "signing"
    verbose_name = "Chữ ký số và xác thực văn bản"

    def ready(self) -> None:
        from phuongso.signing import checks  # noqa: F401 - registers the system checks
