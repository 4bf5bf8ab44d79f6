from __future__ import annotations

from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "phuongso.quality"
    label = "quality"
    verbose_name = "Chất lượng phục vụ"
