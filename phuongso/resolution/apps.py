from __future__ import annotations

from django.apps import AppConfig


class ResolutionConfig(AppConfig):
    name = "phuongso.resolution"
    label = "resolution"
    verbose_name = "Nghị quyết, chỉ tiêu, chương trình"
