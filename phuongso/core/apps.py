from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "phuongso.core"
    label = "core"
    verbose_name = "Đơn vị hành chính"

    def ready(self) -> None:
        from phuongso.core import checks, page_cache, queries  # noqa: F401  (checks, signals)
