from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "phuongso.core"
    label = "core"
    verbose_name = "Đơn vị hành chính"

    def ready(self) -> None:
        from phuongso.core import cache, checks  # noqa: F401  (checks)

        cache.connect()  # the signals that forget cached values, from the map
