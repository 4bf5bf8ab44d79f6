from __future__ import annotations

from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "phuongso.ops"
    label = "ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from phuongso.ops import checks  # noqa: F401  (system checks)
